namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration values: one integer per key of <see cref="ConfigSchema"/> and one string per text
    /// key. Every change goes through <see cref="TrySet"/> or <see cref="TrySetText"/>, which reject an
    /// out-of-range value and leave the old one in place. Persistence lives in ConfigStore.
    /// </summary>
    public sealed class BmsConfig
    {
        private readonly int[] _values = new int[ConfigSchema.MaxKeys];
        private readonly string[] _texts = new string[ConfigSchema.MaxTextKeys];

        /// <summary>
        /// Makes a configuration holding the defaults.
        /// </summary>
        public BmsConfig()
        {
            ResetToDefaults();
        }

        /// <summary>Incremented on every accepted change.</summary>
        public int Revision { get; private set; }

        /// <summary>
        /// Puts every key back to its default.
        /// </summary>
        public void ResetToDefaults()
        {
            for (int i = 0; i < ConfigSchema.MaxKeys; i++)
            {
                _values[i] = ConfigSchema.IsDefined(i) ? ConfigSchema.Default(i) : 0;
            }

            for (int i = 0; i < ConfigSchema.MaxTextKeys; i++)
            {
                _texts[i] = ConfigSchema.IsTextDefined(i) ? ConfigSchema.TextDefault(i) : string.Empty;
            }

            Revision++;
        }

        /// <summary>
        /// Value of an integer key.
        /// </summary>
        /// <param name="key">Key index.</param>
        /// <returns>The value.</returns>
        public int Get(int key)
        {
            return _values[key];
        }

        /// <summary>
        /// Value of a text key.
        /// </summary>
        /// <param name="key">Text key index.</param>
        /// <returns>The value.</returns>
        public string GetText(int key)
        {
            return _texts[key];
        }

        /// <summary>
        /// Sets an integer key when the value passes <see cref="ConfigSchema.Check"/>.
        /// </summary>
        /// <param name="key">Key index.</param>
        /// <param name="value">New value.</param>
        /// <returns>A <see cref="ResultCode"/>; nothing changes unless it is Ok.</returns>
        public int TrySet(int key, int value)
        {
            int result = ConfigSchema.Check(this, key, value);
            if (result == ResultCode.Ok && _values[key] != value)
            {
                _values[key] = value;
                Revision++;
            }

            return result;
        }

        /// <summary>
        /// Sets a text key when the value fits and holds only printable ASCII.
        /// </summary>
        /// <param name="key">Text key index.</param>
        /// <param name="value">New value.</param>
        /// <returns>A <see cref="ResultCode"/>; nothing changes unless it is Ok.</returns>
        public int TrySetText(int key, string value)
        {
            if (!ConfigSchema.IsTextDefined(key) || value == null)
            {
                return ResultCode.BadArgument;
            }

            if (value.Length > ConfigSchema.TextMaxLength(key))
            {
                return ResultCode.TooLong;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < ' ' || c > '~')
                {
                    return ResultCode.BadArgument;
                }
            }

            if (_texts[key] != value)
            {
                _texts[key] = value;
                Revision++;
            }

            return ResultCode.Ok;
        }

        /// <summary>
        /// Copies every value from another configuration (used to apply a validated candidate).
        /// </summary>
        /// <param name="other">Source.</param>
        public void CopyFrom(BmsConfig other)
        {
            for (int i = 0; i < ConfigSchema.MaxKeys; i++)
            {
                _values[i] = other._values[i];
            }

            for (int i = 0; i < ConfigSchema.MaxTextKeys; i++)
            {
                _texts[i] = other._texts[i];
            }

            Revision++;
        }
    }
}
