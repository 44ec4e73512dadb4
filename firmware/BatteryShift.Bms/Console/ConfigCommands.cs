using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// The config command: get, set, list and save a setting.
    /// </summary>
    internal sealed partial class ConfigCommands : CommandGroup
    {
        private const int ListPage = 12;

        /// <summary>Makes the group over the processor's shared line and reply.</summary>
        /// <param name="core">The core.</param>
        /// <param name="line">The parsed command line.</param>
        /// <param name="reply">The reply buffer.</param>
        internal ConfigCommands(BmsCore core, CommandLine line, TextBuffer reply)
            : base(core, line, reply)
        {
        }

        internal int ConfigCommand(bool fromRemote)
        {
            CommandLine c = _line;
            if (c.Is(1, "get") && c.Count == 3)
            {
                return ConfigGet();
            }

            if (c.Is(1, "set") && c.Count == 4)
            {
                return ConfigSet(fromRemote);
            }

            if (c.Is(1, "list") && c.Count <= 3)
            {
                return ConfigList();
            }

            if (c.Is(1, "save") && c.Count == 2)
            {
                if (IsRefused(fromRemote))
                {
                    return Refuse();
                }

                int saved = Core.SaveConfig();
                if (saved != ResultCode.Ok)
                {
                    return Fail(saved, "configuration not stored");
                }

                Logged(CommandProcessor.CommandSave);
                Ok("configuration and calibration stored");
                return ResultCode.Ok;
            }

            return Usage("config get <name> | set <name> <value> | save | list [from]");
        }

        private int ConfigGet()
        {
            int key = FindKey(2);
            if (key >= 0)
            {
                Ok(null);
                AppendKey(key);
                return ResultCode.Ok;
            }

            int textKey = FindTextKey(2);
            if (textKey >= 0)
            {
                Ok(null);
                AppendTextKey(textKey);
                return ResultCode.Ok;
            }

            return Fail(ResultCode.BadArgument, "no such setting (config list)");
        }

        private int ConfigSet(bool fromRemote)
        {
            int key = FindKey(2);
            int textKey = key >= 0 ? -1 : FindTextKey(2);
            if (key < 0 && textKey < 0)
            {
                return Fail(ResultCode.BadArgument, "no such setting (config list)");
            }

            if (IsRefused(fromRemote) || (fromRemote && key == ConsoleKeys.RemoteControl))
            {
                return Refuse();
            }

            if (textKey >= 0)
            {
                int textResult = Core.Config.TrySetText(textKey, _line.WordText(3));
                if (textResult != ResultCode.Ok)
                {
                    return Fail(textResult, ConfigSchema.TextName(textKey));
                }

                Core.Events.Append(Core.Status.TimeMs, EventKind.ConfigChanged, ConfigSchema.MaxKeys + textKey, 0);
                Ok(null);
                AppendTextKey(textKey);
                return ResultCode.Ok;
            }

            int value;
            if (!_line.TryInt(3, out value))
            {
                return Fail(ResultCode.BadArgument, "value is not an integer");
            }

            return SetKey(key, value);
        }

        private int ConfigList()
        {
            int from = 0;
            if (_line.Count == 3 && !_line.TryInt(2, out from))
            {
                return Usage("config list [from]");
            }

            if (from < 0 || from >= ConfigSchema.MaxKeys + ConfigSchema.MaxTextKeys)
            {
                return Fail(ResultCode.OutOfRange, "from is a key number");
            }

            Ok("config list from ");
            _reply.AppendInt(from);
            int shown = 0;
            int next = -1;
            for (int i = from; i < ConfigSchema.MaxKeys + ConfigSchema.MaxTextKeys; i++)
            {
                bool text = i >= ConfigSchema.MaxKeys;
                if (text ? !ConfigSchema.IsTextDefined(i - ConfigSchema.MaxKeys) : !ConfigSchema.IsDefined(i))
                {
                    continue;
                }

                if (shown == ListPage)
                {
                    next = i;
                    break;
                }

                _reply.NewLine();
                _reply.Append("  ");
                _reply.AppendPadded(i, 3, ' ');
                _reply.Append(' ');
                if (text)
                {
                    AppendTextKey(i - ConfigSchema.MaxKeys);
                }
                else
                {
                    AppendKey(i);
                }

                shown++;
            }

            if (next >= 0)
            {
                _reply.NewLine();
                _reply.Append("  more: config list ");
                _reply.AppendInt(next);
            }

            return ResultCode.Ok;
        }

        private int FindKey(int word)
        {
            for (int i = 0; i < ConfigSchema.MaxKeys; i++)
            {
                if (ConfigSchema.IsDefined(i) && _line.IsKeyName(word, i))
                {
                    return i;
                }
            }

            return -1;
        }

        private int FindTextKey(int word)
        {
            for (int i = 0; i < ConfigSchema.MaxTextKeys; i++)
            {
                if (ConfigSchema.IsTextDefined(i) && _line.Is(word, ConfigSchema.TextName(i)))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
