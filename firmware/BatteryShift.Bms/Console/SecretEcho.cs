using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// Keeps a password out of the serial console's echo of a command line: in <c>config set &lt;secret&gt; &lt;value&gt;</c>
    /// everything after the setting's name is shown as "***". Works on the raw line, whether the command was accepted
    /// or not (a line with too many words is echoed masked too). Allocates nothing.
    /// </summary>
    public static class SecretEcho
    {
        /// <summary>
        /// Where the secret part of a line starts.
        /// </summary>
        /// <param name="line">The line's bytes.</param>
        /// <param name="length">Bytes of the line.</param>
        /// <returns>The index of the first character after the secret setting's name (the echo ends there with "***");
        /// -1 when the line sets no secret.</returns>
        public static int ValueStart(byte[] line, int length)
        {
            int at = 0;
            int start;
            int end;
            if (!NextWord(line, length, ref at, out start, out end) || !Equals(line, start, end, "config")
                || !NextWord(line, length, ref at, out start, out end) || !Equals(line, start, end, "set")
                || !NextWord(line, length, ref at, out start, out end))
            {
                return -1;
            }

            for (int key = 0; key < ConfigSchema.MaxTextKeys; key++)
            {
                if (ConfigSchema.IsTextDefined(key) && ConfigSchema.TextSecret(key) && Equals(line, start, end, ConfigSchema.TextName(key)))
                {
                    return end;
                }
            }

            return -1;
        }

        private static bool NextWord(byte[] line, int length, ref int at, out int start, out int end)
        {
            while (at < length && (line[at] == (byte)' ' || line[at] == (byte)'\t'))
            {
                at++;
            }

            start = at;
            while (at < length && line[at] != (byte)' ' && line[at] != (byte)'\t')
            {
                at++;
            }

            end = at;
            return end > start;
        }

        private static bool Equals(byte[] line, int start, int end, string word)
        {
            if (end - start != word.Length)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (Lower(line[start + i]) != Lower((byte)word[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static byte Lower(byte b)
        {
            return b >= (byte)'A' && b <= (byte)'Z' ? (byte)(b + 32) : b;
        }
    }
}
