namespace BatteryShift.Hal
{
    /// <summary>
    /// Restarts the controller.
    /// </summary>
    public interface IResetControl
    {
        /// <summary>
        /// Restarts the controller; on the device this call does not return.
        /// </summary>
        void Reboot();
    }
}
