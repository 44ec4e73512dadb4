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
        /// Executes one line; the reply is then in <see cref="Reply"/>.
        /// </summary>
        /// <param name="line">Command bytes (printable ASCII, no line end).</param>
        /// <param name="length">Bytes of <paramref name="line"/>.</param>
        /// <param name="fromRemote">True for MQTT.</param>
        /// <returns>A <see cref="ResultCode"/>.</returns>
        int Execute(byte[] line, int length, bool fromRemote);

        /// <summary>
        /// The handler's own buffer holding the reply of the last command (printable ASCII, lines separated by
        /// line ends), valid until the next command: the MQTT stage encodes it from there, so no second reply
        /// buffer is kept.
        /// </summary>
        byte[] Reply { get; }

        /// <summary>Bytes of <see cref="Reply"/> holding the last reply.</summary>
        int ReplyLength { get; }
    }
}
