namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// The table of configuration settings: name, unit, default and allowed range of every integer
    /// setting, and name, default and length of every text setting. Each concern defines its own keys
    /// in its own file (<see cref="ModuleKeys"/>, <see cref="ProtectionKeys"/>, <see cref="EstimationKeys"/>,
    /// <see cref="BalancingKeys"/>, <see cref="CommsKeys"/>). For a safety limit the allowed range is the
    /// chemistry's hard envelope: no value outside it can be stored by any channel.
    /// </summary>
    public static class ConfigSchema
    {
        /// <summary>Most integer keys: the end of the last key range in use (Comms, 120-139).</summary>
        public const int MaxKeys = 140;

        /// <summary>Most text keys.</summary>
        public const int MaxTextKeys = 16;

        /// <summary>Most parts of a key name (see <see cref="NamePart"/>).</summary>
        public const int NameParts = 3;

        private const int MaxUnits = 24;

        // keys with a name of their own (59 in use; a protection limit key composes its name instead): the names are
        // held densely, each key pointing at its name, rather than in a mostly empty array of MaxKeys
        private const int MaxNamedKeys = 72;

        // the high bit of a key's unit code: a protection limit key, whose name is composed from parts (no unit code
        // comes near it: MaxUnits + 1 at most)
        private const int ComposedFlag = 0x80;

        // a key's name as 1 + its index in the names (0: none, a protection limit key, whose name is composed from
        // parts when used); a key's unit as 1 + its index in the unit table (0: key not defined), so that 140 keys
        // hold 16 unit strings, with ComposedFlag set for a composed name
        private static readonly string[] s_names = new string[MaxNamedKeys];
        private static readonly byte[] s_nameSlot = new byte[MaxKeys];
        private static int s_nameCount;
        private static readonly byte[] s_unitCodes = new byte[MaxKeys];
        private static readonly string[] s_unitTable = new string[MaxUnits];
        private static readonly int[] s_defaults = new int[MaxKeys];
        private static readonly int[] s_min = new int[MaxKeys];
        private static readonly int[] s_max = new int[MaxKeys];
        private static readonly string[] s_textNames = new string[MaxTextKeys];

        // which slots are in use, kept apart from the strings: on nanoFramework's interpreter a string-array element
        // compared with null (== or !=) can come out wrong, depending on where the array lies in the heap, so no
        // string element is ever compared with null here (found by the interpreter's differential scenario)
        private static readonly bool[] s_textDefined = new bool[MaxTextKeys];
        private static int s_unitCount;
        private static readonly string[] s_textDefaults = new string[MaxTextKeys];
        private static readonly int[] s_textMaxLength = new int[MaxTextKeys];
        private static readonly bool[] s_textSecret = new bool[MaxTextKeys];

        static ConfigSchema()
        {
            ModuleKeys.Define();
            ProtectionKeys.Define();
            EstimationKeys.Define();
            BalancingKeys.Define();
            CommsKeys.Define();
            ConsoleKeys.Define();
        }

        /// <summary>
        /// Defines an integer setting. Called by the key files' Define methods only.
        /// </summary>
        /// <param name="key">Key index, unique, below <see cref="MaxKeys"/>.</param>
        /// <param name="name">Dotted lower-case name used on the console and over MQTT.</param>
        /// <param name="unit">Unit text (mV, mA, dC, ms, s, pct, ...).</param>
        /// <param name="defaultValue">Default.</param>
        /// <param name="min">Lowest allowed value.</param>
        /// <param name="max">Highest allowed value.</param>
        public static void Define(int key, string name, string unit, int defaultValue, int min, int max)
        {
            if (name == null)
            {
                throw new System.ArgumentException();
            }

            DefineKey(key, name, unit, defaultValue, min, max);
        }

        /// <summary>
        /// Defines an integer setting of a protection limit, whose name <see cref="ProtectionKeys"/> composes from
        /// parts ("prot.", the limit's name, the level) instead of holding it as a string.
        /// </summary>
        /// <param name="key">Key index within the protection limit keys.</param>
        /// <param name="unit">Unit text.</param>
        /// <param name="defaultValue">Default.</param>
        /// <param name="min">Lowest allowed value.</param>
        /// <param name="max">Highest allowed value.</param>
        public static void DefineComposed(int key, string unit, int defaultValue, int min, int max)
        {
            if (ProtectionKeys.NamePart(key, 0) == null)
            {
                throw new System.ArgumentException();
            }

            DefineKey(key, null, unit, defaultValue, min, max);
        }

        private static void DefineKey(int key, string name, string unit, int defaultValue, int min, int max)
        {
            if (key < 0 || key >= MaxKeys || s_unitCodes[key] != 0 || min > max || defaultValue < min || defaultValue > max)
            {
                throw new System.ArgumentException();
            }

            int code = 0;
            while (code < s_unitCount && s_unitTable[code] != unit)
            {
                code++;
            }

            if (code == MaxUnits || (name != null && s_nameCount == MaxNamedKeys))
            {
                throw new System.ArgumentException();
            }

            if (code == s_unitCount)
            {
                s_unitTable[code] = unit;
                s_unitCount++;
            }

            if (name != null)
            {
                s_names[s_nameCount] = name;
                s_nameCount++;
                s_nameSlot[key] = (byte)s_nameCount;
            }

            s_unitCodes[key] = (byte)((code + 1) | (name == null ? ComposedFlag : 0));
            s_defaults[key] = defaultValue;
            s_min[key] = min;
            s_max[key] = max;
        }

        /// <summary>
        /// Defines a text setting.
        /// </summary>
        /// <param name="key">Text key index, below <see cref="MaxTextKeys"/>.</param>
        /// <param name="name">Dotted lower-case name.</param>
        /// <param name="defaultValue">Default.</param>
        /// <param name="maxLength">Longest value, characters.</param>
        /// <param name="secret">True when the value is never shown (passwords).</param>
        public static void DefineText(int key, string name, string defaultValue, int maxLength, bool secret)
        {
            if (key < 0 || key >= MaxTextKeys || s_textDefined[key] || defaultValue.Length > maxLength)
            {
                throw new System.ArgumentException();
            }

            s_textDefined[key] = true;
            s_textNames[key] = name;
            s_textDefaults[key] = defaultValue;
            s_textMaxLength[key] = maxLength;
            s_textSecret[key] = secret;
        }

        /// <summary>True when an integer key is defined.</summary>
        /// <param name="key">Key index.</param>
        /// <returns>True when defined.</returns>
        public static bool IsDefined(int key)
        {
            return key >= 0 && key < MaxKeys && s_unitCodes[key] != 0;
        }

        /// <summary>True when a text key is defined.</summary>
        /// <param name="key">Text key index.</param>
        /// <returns>True when defined.</returns>
        public static bool IsTextDefined(int key)
        {
            return key >= 0 && key < MaxTextKeys && s_textDefined[key];
        }

        /// <summary>
        /// Name of an integer key as one string. A protection limit key's name is concatenated here (a new string):
        /// for tools and tests; device code writes and compares names by <see cref="NamePart"/>.
        /// </summary>
        /// <param name="key">Key index.</param>
        /// <returns>The name; null when the key is not defined.</returns>
        public static string Name(int key)
        {
            if (!IsDefined(key))
            {
                return null;
            }

            return (s_unitCodes[key] & ComposedFlag) != 0 ? NamePart(key, 0) + NamePart(key, 1) + NamePart(key, 2) : OwnName(key);
        }

        /// <summary>
        /// One part of an integer key's name; the name is its parts one after the other. Most names are one part;
        /// a protection limit key's name is "prot.", the limit's name and the level (".warn", ".alarm", ".fault",
        /// ".hyst", ".delay"), all literals, so no name is built at run time.
        /// </summary>
        /// <param name="key">Key index (defined).</param>
        /// <param name="part">Part, 0 to <see cref="NameParts"/> - 1.</param>
        /// <returns>The part; null past the last part.</returns>
        public static string NamePart(int key, int part)
        {
            if ((s_unitCodes[key] & ComposedFlag) == 0)
            {
                return part == 0 ? OwnName(key) : null;
            }

            return ProtectionKeys.NamePart(key, part);
        }

        // the name a key was defined with, or null (a composed or undefined key)
        private static string OwnName(int key)
        {
            int slot = s_nameSlot[key];
            return slot == 0 ? null : s_names[slot - 1];
        }

        /// <summary>Unit of an integer key.</summary>
        /// <param name="key">Key index.</param>
        /// <returns>The unit text.</returns>
        public static string Unit(int key)
        {
            int code = s_unitCodes[key] & ~ComposedFlag;
            return code == 0 ? null : s_unitTable[code - 1];
        }

        /// <summary>Default of an integer key.</summary>
        /// <param name="key">Key index.</param>
        /// <returns>The default.</returns>
        public static int Default(int key)
        {
            return s_defaults[key];
        }

        /// <summary>Lowest allowed value of an integer key.</summary>
        /// <param name="key">Key index.</param>
        /// <returns>The minimum.</returns>
        public static int Min(int key)
        {
            return s_min[key];
        }

        /// <summary>Highest allowed value of an integer key.</summary>
        /// <param name="key">Key index.</param>
        /// <returns>The maximum.</returns>
        public static int Max(int key)
        {
            return s_max[key];
        }

        /// <summary>Name of a text key.</summary>
        /// <param name="key">Text key index.</param>
        /// <returns>The name.</returns>
        public static string TextName(int key)
        {
            return s_textNames[key];
        }

        /// <summary>Default of a text key.</summary>
        /// <param name="key">Text key index.</param>
        /// <returns>The default.</returns>
        public static string TextDefault(int key)
        {
            return s_textDefaults[key];
        }

        /// <summary>Longest value of a text key.</summary>
        /// <param name="key">Text key index.</param>
        /// <returns>Characters.</returns>
        public static int TextMaxLength(int key)
        {
            return s_textMaxLength[key];
        }

        /// <summary>True when a text key is never shown.</summary>
        /// <param name="key">Text key index.</param>
        /// <returns>True for secrets.</returns>
        public static bool TextSecret(int key)
        {
            return s_textSecret[key];
        }

        /// <summary>
        /// Finds an integer key by name.
        /// </summary>
        /// <param name="name">Dotted name.</param>
        /// <returns>The key, or -1.</returns>
        public static int Find(string name)
        {
            if (name == null)
            {
                return -1;
            }

            for (int i = 0; i < MaxKeys; i++)
            {
                if (IsDefined(i) && NameEquals(i, name))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool NameEquals(int key, string name)
        {
            int at = 0;
            for (int part = 0; part < NameParts; part++)
            {
                string text = NamePart(key, part);
                if (text == null)
                {
                    break;
                }

                if (at + text.Length > name.Length)
                {
                    return false;
                }

                for (int i = 0; i < text.Length; i++)
                {
                    if (name[at + i] != text[i])
                    {
                        return false;
                    }
                }

                at += text.Length;
            }

            return at == name.Length;
        }

        /// <summary>
        /// Finds a text key by name.
        /// </summary>
        /// <param name="name">Dotted name.</param>
        /// <returns>The text key, or -1.</returns>
        public static int FindText(string name)
        {
            for (int i = 0; i < MaxTextKeys; i++)
            {
                if (s_textDefined[i] && s_textNames[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Checks a proposed value against the key's range and the rules between keys (for example a
        /// warning level below its fault level). Does not change anything.
        /// </summary>
        /// <param name="config">The configuration the value would go into.</param>
        /// <param name="key">Key index.</param>
        /// <param name="value">Proposed value.</param>
        /// <returns>A <see cref="ResultCode"/>.</returns>
        public static int Check(BmsConfig config, int key, int value)
        {
            if (!IsDefined(key))
            {
                return ResultCode.BadArgument;
            }

            if (value < s_min[key] || value > s_max[key])
            {
                return ResultCode.OutOfRange;
            }

            return ProtectionKeys.CheckRelations(config, key, value);
        }
    }
}
