namespace BatteryShift.Hal
{
    /// <summary>
    /// Restarts the controller.
    /// </summary>
    public interface IResetControl
    {
        /// <summary>
        /// Restarts the controller. On the device the call may return: nanoFramework only requests the reboot, and
        /// the chip restarts once the scheduler takes the calling thread off (nanoFramework.Runtime.Native Power);
        /// nothing after it must rely on running or on not running.
        /// </summary>
        void Reboot();
    }
}
