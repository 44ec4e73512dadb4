using BatteryShift.Bms.Console;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// MQTT commands through the console's <see cref="CommandProcessor"/>: one command language for both
    /// channels, executed with the remote flag so that state changes are refused unless remote control
    /// was switched on at the local console.
    /// </summary>
    public sealed class ConsoleRemoteCommands : IRemoteCommandHandler
    {
        private readonly CommandProcessor _processor;

        /// <summary>
        /// Wraps the processor.
        /// </summary>
        /// <param name="processor">The console's command processor.</param>
        public ConsoleRemoteCommands(CommandProcessor processor)
        {
            _processor = processor;
        }

        /// <inheritdoc />
        public byte[] Reply
        {
            get { return _processor.Reply; }
        }

        /// <inheritdoc />
        public int ReplyLength
        {
            get { return _processor.ReplyLength; }
        }

        /// <inheritdoc />
        public int Execute(byte[] line, int length, bool fromRemote)
        {
            return _processor.Execute(line, 0, length, fromRemote);
        }
    }
}
