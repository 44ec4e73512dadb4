using BatteryShift.Hal;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// The command topic's side of MQTT: takes one command message from the session, refuses what is not a
    /// printable command line, has the command language execute the rest as a remote command and holds the reply
    /// text (at most <see cref="MqttTelemetry.MaxReplyBytes"/>) for the reply message. Allocates nothing.
    /// </summary>
    public sealed class RemoteCommandChannel
    {
        private readonly IRemoteCommandHandler _commands;
        private readonly byte[] _command = new byte[MqttTelemetry.MaxCommandBytes];

        /// <summary>
        /// Makes the channel.
        /// </summary>
        /// <param name="commands">The command language; null answers every command as unknown.</param>
        public RemoteCommandChannel(IRemoteCommandHandler commands)
        {
            _commands = commands;
        }

        /// <summary>The reply text of the last command (the command handler's own buffer), or null.</summary>
        public byte[] Reply { get; private set; }

        /// <summary>Bytes of <see cref="Reply"/> to send.</summary>
        public int ReplyLength { get; private set; }

        /// <summary>
        /// Takes the next command message from the session.
        /// </summary>
        /// <param name="session">The MQTT session.</param>
        /// <returns>Its length; -1 when none is waiting; below -1 when it was longer than the buffer.</returns>
        public int Read(IMqttSession session)
        {
            return session.ReadMessage(_command);
        }

        /// <summary>
        /// Executes the command last read.
        /// </summary>
        /// <param name="length">What <see cref="Read"/> returned.</param>
        /// <returns>The <see cref="ResultCode"/>; the reply is in <see cref="Reply"/>.</returns>
        public int Execute(int length)
        {
            Reply = null;
            ReplyLength = 0;
            if (length < 0)
            {
                return ResultCode.TooLong;
            }

            length = TrimLineEnd(length);
            if (!Printable(length))
            {
                return ResultCode.BadArgument;
            }

            if (_commands == null)
            {
                return ResultCode.UnknownCommand;
            }

            // the reply is encoded from the command handler's own buffer (the console's reply text)
            int code = _commands.Execute(_command, length, true);
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
