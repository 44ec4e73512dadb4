namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Executes one command line received over MQTT, in the command language shared with the serial
    /// console. With <c>fromRemote</c> set, commands that change configuration, clear faults or calibrate
    /// are refused unless remote control is enabled locally.
    /// </summary>
    public interface IRemoteCommandHandler
    {
        /// <summary>
        /// Executes one line.
        /// </summary>
        /// <param name="line">Command bytes (printable ASCII, no line end).</param>
        /// <param name="length">Bytes of <paramref name="line"/>.</param>
        /// <param name="fromRemote">True for MQTT.</param>
        /// <param name="reply">Destination for a one-line reply (printable ASCII).</param>
        /// <param name="replyLength">Bytes written to <paramref name="reply"/>.</param>
        /// <returns>A <see cref="ResultCode"/>.</returns>
        int Execute(byte[] line, int length, bool fromRemote, byte[] reply, out int replyLength);
    }
}
