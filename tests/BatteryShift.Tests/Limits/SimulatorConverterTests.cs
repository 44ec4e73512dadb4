using System;
using System.IO;
using System.Threading;
using BatteryShift.Harness;
using BatteryShift.Simulator;
using Xunit;

namespace BatteryShift.Tests.Limits
{
    /// <summary>The simulator's --converter option and its note on stderr when the module's limits hold the converter back.</summary>
    public sealed class SimulatorConverterTests
    {
        [Theory]
        [InlineData("follow", ConverterMode.Follow)]
        [InlineData("IGNORE", ConverterMode.Ignore)]
        public void ModesParse(string text, ConverterMode mode)
        {
            Assert.Equal(mode, ConverterLink.ParseMode(text));
        }

        [Fact]
        public void AnUnknownModeNamesTheOption()
        {
            var e = Assert.Throws<FormatException>(() => ConverterLink.ParseMode("fast"));
            Assert.StartsWith("--converter fast: expected follow", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void StderrSaysWhenTheLimitsHoldTheChargeBack()
        {
            // the default scenario's night charge: the module's highest cell enters the charge taper around 02:20
            var settings = new SimulatorSettings { Speed = 0, DurationSeconds = 3 * 3600, Broker = "off", ReadStdin = false };
            var log = new StringWriter();
            using (var host = new SimulatorHost(settings, Stream.Null) { Log = log })
            {
                Assert.NotNull(host.Converter);
                host.Run(CancellationToken.None);
                Assert.True(host.Converter!.Delivered > 3 * 3600, $"{host.Converter.Delivered} limits messages in 3 h");
            }

            string text = log.ToString();
            Assert.Matches(@"converter day 1 0[12]:\d\d: charge limited by the module \(CCL \d+\.\d A, CVL 55\.200 V\)", text);

            settings.Converter = ConverterMode.Ignore;
            var quiet = new StringWriter();
            using (var host = new SimulatorHost(settings, Stream.Null) { Log = quiet })
            {
                Assert.Null(host.Converter);
                host.Run(CancellationToken.None);
            }

            Assert.DoesNotContain("converter", quiet.ToString(), StringComparison.Ordinal);
        }
    }
}
