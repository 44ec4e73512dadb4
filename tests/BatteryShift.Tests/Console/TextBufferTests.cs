using System.Text;
using BatteryShift.Bms.Console;
using Xunit;

namespace BatteryShift.Tests.ConsoleTests
{
    public class TextBufferTests
    {
        private static string Text(TextBuffer b) => Encoding.ASCII.GetString(b.Bytes, 0, b.Length);

        [Theory]
        [InlineData(51234, 3, "51.234")]
        [InlineData(-5, 1, "-0.5")]
        [InlineData(-12345, 2, "-123.45")]
        [InlineData(7, 3, "0.007")]
        [InlineData(0, 1, "0.0")]
        [InlineData(42, 0, "42")]
        public void FixedPointMatchesHandValues(long scaled, int decimals, string expected)
        {
            var b = new TextBuffer(32);
            b.AppendFixed(scaled, decimals);
            Assert.Equal(expected, Text(b));
        }

        [Fact]
        public void IntegersPaddingHexUptime()
        {
            var b = new TextBuffer(128);
            b.AppendInt(long.MinValue);
            b.Append('|');
            b.AppendPadded(-7, 4, ' ');
            b.Append('|');
            b.AppendPadded(7, 3, '0');
            b.Append('|');
            b.AppendHex(0x8001, 4);
            b.Append('|');
            b.AppendHex(-1, 1);
            b.Append('|');
            b.AppendUptime(((2 * 86400) + (3 * 3600) + (4 * 60) + 5) * 1000L + 999);
            b.Append('|');
            b.AppendFloat(54.26f, 1);
            b.Append('|');
            b.AppendFloat(-0.05f, 1);
            Assert.Equal("-9223372036854775808|  -7|007|8001|FFFFFFFF|2d03:04:05|54.3|-0.1", Text(b));
        }

        [Fact]
        public void OverflowCutsAndFlags()
        {
            var b = new TextBuffer(4);
            b.Append("abcdef");
            Assert.True(b.Overflowed);
            Assert.Equal("abcd", Text(b));
            b.Clear();
            Assert.False(b.Overflowed);
            Assert.Equal(0, b.Length);
        }
    }
}
