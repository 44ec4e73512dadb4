using BatteryShift.Bms.Console;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// The command topic's side of MQTT: takes one command message from the session and decides whether it may
    /// run. A retained message is refused (and <see cref="ClearRetainedPending"/> asks for it to be deleted on the
    /// broker), as is one that is not a printable line or carries no command id (<c>@&lt;id&gt; &lt;command&gt;</c>);
    /// an id executed before (<see cref="CommandIdMemory"/>) is answered with the earlier result and not run again;
    /// the rest the command language executes as a remote command. Holds the reply text (at most
    /// <see cref="MqttTelemetry.MaxReplyBytes"/>) and the id for the reply message. Allocates nothing.
    /// </summary>
    public sealed class RemoteCommandChannel
    {
        private readonly IRemoteCommandHandler _commands;
        private readonly byte[] _command = new byte[MqttTelemetry.MaxCommandBytes];
        private readonly byte[] _id = new byte[CommandIdMemory.MaxIdLength];
        private readonly CommandIdMemory _seen = new CommandIdMemory();
        private readonly TextBuffer _ownReply = new TextBuffer(160);
        private bool _retained;

        /// <summary>
        /// Makes the channel.
        /// </summary>
        /// <param name="commands">The command language; null answers every command as unknown.</param>
        public RemoteCommandChannel(IRemoteCommandHandler commands)
        {
            _commands = commands;
        }

        /// <summary>The reply text of the last command (the command handler's or the channel's own buffer), or null.</summary>
        public byte[] Reply { get; private set; }

        /// <summary>Bytes of <see cref="Reply"/> to send.</summary>
        public int ReplyLength { get; private set; }

        /// <summary>The id of the last command (valid for <see cref="IdLength"/> bytes).</summary>
        public byte[] Id
        {
            get { return _id; }
        }

        /// <summary>Bytes of <see cref="Id"/>; 0 when the last command carried no valid id.</summary>
        public int IdLength { get; private set; }

        /// <summary>
        /// True once a retained command was refused, until <see cref="RetainedCleared"/>: the stage then publishes an
        /// empty retained message to the command topic, which deletes the retained command on the broker.
        /// </summary>
        public bool ClearRetainedPending { get; private set; }

        /// <summary>Says the retained command was deleted on the broker.</summary>
        public void RetainedCleared()
        {
            ClearRetainedPending = false;
        }

        /// <summary>
        /// Takes the next command message from the session.
        /// </summary>
        /// <param name="session">The MQTT session.</param>
        /// <returns>Its length; -1 when none is waiting; below -1 when it was longer than the buffer.</returns>
        public int Read(IMqttSession session)
        {
            int length = session.ReadMessage(_command);
            _retained = length != -1 && session.LastMessageRetained;
            return length;
        }

        /// <summary>
        /// Executes the command last read, unless it is refused or a duplicate.
        /// </summary>
        /// <param name="length">What <see cref="Read"/> returned.</param>
        /// <param name="number">The command's number since start-up (the reply's "cmd").</param>
        /// <returns>The <see cref="ResultCode"/>; the reply is in <see cref="Reply"/>.</returns>
        public int Execute(int length, long number)
        {
            Reply = null;
            ReplyLength = 0;
            IdLength = 0;
            if (_retained)
            {
                // a retained command would run again on every reconnect: refused whatever it says, and deleted
                ClearRetainedPending = true;
                return Own(ResultCode.Refused, "retained command refused (commands must be sent without retain; deleted on the broker)");
            }

            if (length < 0)
            {
                return Own(ResultCode.TooLong, "payload longer than 128 bytes");
            }

            length = TrimLineEnd(length);
            if (!Printable(length))
            {
                return Own(ResultCode.BadArgument, "not a printable command line");
            }

            int start = ParseId(length);
            if (start < 0)
            {
                return Own(ResultCode.BadArgument, "command id missing: send @<id> <command>, id 1 to 16 of A-Z a-z 0-9 . _ -");
            }

            int slot = _seen.Find(_id, 0, IdLength);
            if (slot >= 0)
            {
                return Duplicate(slot);
            }

            int code = Run(start, length);
            _seen.Remember(_id, 0, IdLength, number, code, Reply, ReplyLength);
            return code;
        }

        private int Run(int start, int length)
        {
            if (_commands == null)
            {
                return Own(ResultCode.UnknownCommand, "no command language");
            }

            int count = length - start;
            for (int i = 0; i < count; i++)
            {
                _command[i] = _command[start + i];
            }

            // the reply is encoded from the command handler's own buffer (the console's reply text)
            int code = _commands.Execute(_command, count, true);
            byte[] reply = _commands.Reply;
            int replyLength = _commands.ReplyLength;
            if (reply == null || replyLength < 0 || replyLength > reply.Length)
            {
                replyLength = 0;
            }
            else if (replyLength > MqttTelemetry.MaxReplyBytes)
            {
                replyLength = MqttTelemetry.MaxReplyBytes;
            }

            Reply = reply;
            ReplyLength = replyLength;
            return code;
        }

        private int Duplicate(int slot)
        {
            _ownReply.Clear();
            _ownReply.Append("duplicate of cmd ");
            _ownReply.AppendInt(_seen.Number(slot));
            _ownReply.Append(", not executed again: ");
            _seen.AppendReply(slot, _ownReply);
            Reply = _ownReply.Bytes;
            ReplyLength = _ownReply.Length;
            return _seen.Code(slot);
        }

        private int Own(int code, string text)
        {
            _ownReply.Clear();
            _ownReply.AppendInt(code);
            _ownReply.Append(' ');
            _ownReply.Append(ResultCode.Text(code));
            _ownReply.Append(": ");
            _ownReply.Append(text);
            Reply = _ownReply.Bytes;
            ReplyLength = _ownReply.Length;
            return code;
        }

        // "@<id> <command>": the id into _id, returns where the command starts; -1 when there is no valid id
        private int ParseId(int length)
        {
            if (length < 2 || _command[0] != (byte)'@')
            {
                return -1;
            }

            int end = 1;
            while (end < length && _command[end] != (byte)' ')
            {
                if (!IdByte(_command[end]) || end > CommandIdMemory.MaxIdLength)
                {
                    return -1;
                }

                end++;
            }

            int idLength = end - 1;
            if (idLength == 0 || end >= length - 1)
            {
                return -1;
            }

            for (int i = 0; i < idLength; i++)
            {
                _id[i] = _command[1 + i];
            }

            IdLength = idLength;
            return end + 1;
        }

        private static bool IdByte(byte b)
        {
            return (b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'a' && b <= (byte)'z')
                || b == (byte)'.' || b == (byte)'_' || b == (byte)'-';
        }

        private int TrimLineEnd(int length)
        {
            while (length > 0 && (_command[length - 1] == (byte)'\n' || _command[length - 1] == (byte)'\r'))
            {
                length--;
            }

            return length;
        }

        private bool Printable(int length)
        {
            if (length == 0)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                byte b = _command[i];
                if (b < 0x20 || b > 0x7e)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
