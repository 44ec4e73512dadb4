using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Tests.Safety;
using Xunit;

namespace BatteryShift.Tests.ConsoleTests
{
    /// <summary>
    /// Remote control switches itself off console.remote.min minutes after it was switched on, announced by an event
    /// line, whether it was switched on by command or loaded on from the stored configuration at start-up.
    /// </summary>
    public sealed class RemoteExpiryTests
    {
        private const long Minute = 60_000;

        [Fact]
        public void RemoteOnExpiresAfterItsMinutesAndSaysSo()
        {
            var rig = new ConsoleRig();
            Assert.StartsWith("0 console.remote.min 30 min (1..1440)", rig.Run("config get console.remote.min"));
            string reply = rig.Run("remote on");
            Assert.StartsWith("0 console.remote 1", reply);
            Assert.Contains("off in 30 min", reply);
            rig.Serial.TakeOutput();

            // one second short of 30 minutes: a remote command that changes state is still accepted
            rig.Step((int)(30 * Minute) - 1000);
            Assert.StartsWith("0 ", rig.Run("balance off", fromRemote: true));
            Assert.Equal(1, rig.Core.Config.Get(ConsoleKeys.RemoteControl));

            // at 30 minutes it is off, refused remotely, and the serial console said why
            rig.Step(1000);
            Assert.Equal(0, rig.Core.Config.Get(ConsoleKeys.RemoteControl));
            Assert.StartsWith("4 refused", rig.Run("balance on", fromRemote: true));
            string output = rig.Serial.TakeOutput();
            Assert.Contains("config console.remote 0", output);
            Assert.Contains("command remote off (expired) ok", output);
        }

        [Fact]
        public void ASecondRemoteOnStartsANewPeriod()
        {
            var rig = new ConsoleRig();
            Assert.StartsWith("0 ", rig.Run("config set console.remote.min 5"));
            rig.Run("remote on");
            rig.Step((int)(4 * Minute));
            rig.Run("remote on");
            rig.Step((int)(4 * Minute));
            Assert.Equal(1, rig.Core.Config.Get(ConsoleKeys.RemoteControl));
            rig.Step((int)(1 * Minute));
            Assert.Equal(0, rig.Core.Config.Get(ConsoleKeys.RemoteControl));
        }

        [Fact]
        public void RemoteLoadedOnAtStartUpExpiresToo()
        {
            var board = new FakeBoard();
            var first = new BmsCore(board.Ports, new BmsConfig());
            first.Start();
            Assert.Equal(ResultCode.Ok, first.Config.TrySet(ConsoleKeys.RemoteControl, 1));
            Assert.Equal(ResultCode.Ok, first.Config.TrySet(ConsoleKeys.RemoteMinutes, 2));
            Assert.Equal(ResultCode.Ok, first.SaveConfig());

            // the restart loads remote on; its two minutes run from the first pass after start-up
            var second = new BmsCore(board.Ports, new BmsConfig());
            second.Start();
            Assert.Equal(1, second.Config.Get(ConsoleKeys.RemoteControl));
            for (int s = 0; s < 120; s++)
            {
                board.Now += 1000;
                second.Tick();
                second.Communicate();
            }

            Assert.Equal(1, second.Config.Get(ConsoleKeys.RemoteControl));
            board.Now += 1000;
            second.Tick();
            second.Communicate();
            Assert.Equal(0, second.Config.Get(ConsoleKeys.RemoteControl));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("1441")]
        [InlineData("-5")]
        public void TheMinutesAreBounded(string minutes)
        {
            var rig = new ConsoleRig();
            Assert.StartsWith("3 ", rig.Run("config set console.remote.min " + minutes));
            Assert.Equal(30, rig.Core.Config.Get(ConsoleKeys.RemoteMinutes));
        }
    }
}
