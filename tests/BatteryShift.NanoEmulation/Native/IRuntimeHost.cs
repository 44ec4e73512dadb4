namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION. What nanoCLR's execution engine does around the managed code: the reboot request
    /// (CLR_RT_ExecutionEngine::Reboot sets RebootPending and returns; the scheduler then stops running managed
    /// threads and ClrStartup resets the chip), and the threads it runs.
    /// </summary>
    public interface IRuntimeHost
    {
        /// <summary>NativeReboot: records the request; the host stops the device and restarts it.</summary>
        /// <param name="option">RebootOption value.</param>
        void RequestReboot(int option);

        /// <summary>True once a reboot is pending or the device is being stopped: no further native call runs.</summary>
        bool Halted { get; }

        /// <summary>Bytes the stored device configuration holds as trusted CA roots (PEM), null for none
        /// (ConfigurationManager_GetCertificateStore, read by ssl_generic_init_internal).</summary>
        string StoredCaBundle { get; }
    }
}
