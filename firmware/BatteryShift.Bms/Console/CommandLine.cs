using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// One command line split into words, held in buffers made once: the words stay bytes and are
    /// compared and parsed in place, so a command costs no allocation (only setting a text value
    /// makes a string).
    /// </summary>
    public sealed class CommandLine
    {
        /// <summary>Most words in a line.</summary>
        public const int MaxWords = 6;

        private readonly byte[] _text;
        private readonly int[] _start = new int[MaxWords];
        private readonly int[] _length = new int[MaxWords];
        private int _count;

        /// <summary>
        /// Makes the buffers.
        /// </summary>
        /// <param name="maxLength">Longest line accepted, characters.</param>
        public CommandLine(int maxLength)
        {
            _text = new byte[maxLength];
        }

        /// <summary>Longest line accepted, characters.</summary>
        public int MaxLength
        {
            get { return _text.Length; }
        }

        /// <summary>Words in the line last loaded.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>
        /// Splits a line into words at spaces and tabs. A trailing CR or LF is ignored.
        /// </summary>
        /// <param name="source">Bytes of the line.</param>
        /// <param name="offset">First index.</param>
        /// <param name="length">Bytes.</param>
        /// <returns><see cref="ResultCode.Ok"/>; <see cref="ResultCode.TooLong"/> for a line longer than
        /// <see cref="MaxLength"/>; <see cref="ResultCode.BadArgument"/> for a control or non-ASCII
        /// character or more than <see cref="MaxWords"/> words. Nothing is kept unless Ok.</returns>
        public int Load(byte[] source, int offset, int length)
        {
            _count = 0;
            while (length > 0 && (source[offset + length - 1] == '\r' || source[offset + length - 1] == '\n'))
            {
                length--;
            }

            if (length > _text.Length)
            {
                return ResultCode.TooLong;
            }

            int words = 0;
            bool inWord = false;
            for (int i = 0; i < length; i++)
            {
                byte b = source[offset + i];
                if (b == ' ' || b == '\t')
                {
                    inWord = false;
                }
                else if (b < 0x21 || b > 0x7E)
                {
                    return ResultCode.BadArgument;
                }
                else if (!inWord)
                {
                    if (words == MaxWords)
                    {
                        return ResultCode.BadArgument;
                    }

                    _start[words] = i;
                    _length[words] = 0;
                    words++;
                    inWord = true;
                }

                _text[i] = b;
                if (inWord)
                {
                    _length[words - 1]++;
                }
            }

            _count = words;
            return ResultCode.Ok;
        }

        /// <summary>
        /// True when a word equals a text, ignoring the case of ASCII letters.
        /// </summary>
        /// <param name="index">Word index.</param>
        /// <param name="word">Text to compare.</param>
        /// <returns>True on a match; false when the word does not exist.</returns>
        public bool Is(int index, string word)
        {
            if (index >= _count || word == null || word.Length != _length[index])
            {
                return false;
            }

            int start = _start[index];
            for (int i = 0; i < word.Length; i++)
            {
                if (Lower(_text[start + i]) != Lower((byte)word[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True when a word equals the name of an integer setting (its parts one after the other, see
        /// <see cref="ConfigSchema.NamePart"/>), ignoring the case of ASCII letters.
        /// </summary>
        /// <param name="index">Word index.</param>
        /// <param name="key">A defined integer key.</param>
        /// <returns>True on a match; false when the word does not exist.</returns>
        public bool IsKeyName(int index, int key)
        {
            if (index >= _count)
            {
                return false;
            }

            int start = _start[index];
            int at = 0;
            for (int part = 0; part < ConfigSchema.NameParts; part++)
            {
                string text = ConfigSchema.NamePart(key, part);
                if (text == null)
                {
                    break;
                }

                if (at + text.Length > _length[index])
                {
                    return false;
                }

                for (int i = 0; i < text.Length; i++)
                {
                    if (Lower(_text[start + at + i]) != Lower((byte)text[i]))
                    {
                        return false;
                    }
                }

                at += text.Length;
            }

            return at == _length[index];
        }

        /// <summary>
        /// Parses a word as a decimal integer (optional sign, at most 9 digits).
        /// </summary>
        /// <param name="index">Word index.</param>
        /// <param name="value">The number.</param>
        /// <returns>True when the word is a number.</returns>
        public bool TryInt(int index, out int value)
        {
            value = 0;
            if (index >= _count)
            {
                return false;
            }

            int start = _start[index];
            int end = start + _length[index];
            bool negative = false;
            if (_text[start] == '-' || _text[start] == '+')
            {
                negative = _text[start] == '-';
                start++;
            }

            if (start == end || end - start > 9)
            {
                return false;
            }

            int result = 0;
            for (int i = start; i < end; i++)
            {
                int digit = _text[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return false;
                }

                result = (result * 10) + digit;
            }

            value = negative ? -result : result;
            return true;
        }

        /// <summary>
        /// Appends a word to a text buffer.
        /// </summary>
        /// <param name="index">Word index.</param>
        /// <param name="target">Destination.</param>
        public void AppendWord(int index, TextBuffer target)
        {
            if (index < _count)
            {
                target.Append(_text, _start[index], _length[index]);
            }
        }

        /// <summary>
        /// Appends the whole line as loaded (words and the spaces between them).
        /// </summary>
        /// <param name="target">Destination.</param>
        public void AppendLine(TextBuffer target)
        {
            if (_count > 0)
            {
                int start = _start[0];
                int end = _start[_count - 1] + _length[_count - 1];
                target.Append(_text, start, end - start);
            }
        }

        /// <summary>
        /// Makes a string of a word. Allocates: only for setting a text value.
        /// </summary>
        /// <param name="index">Word index.</param>
        /// <returns>The word, or an empty string.</returns>
        public string WordText(int index)
        {
            if (index >= _count)
            {
                return string.Empty;
            }

            char[] chars = new char[_length[index]];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)_text[_start[index] + i];
            }

            return new string(chars);
        }

        private static byte Lower(byte b)
        {
            return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
        }
    }
}
