namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Implemented by an MQTT session plugged into the virtual module that wants to know when the simulated
    /// network goes away or comes back (for example to drop its TCP connection so that the broker publishes the
    /// last-will, as a real network loss does).
    /// </summary>
    public interface INetworkAware
    {
        /// <summary>Called when <see cref="VirtualModule.NetworkAvailable"/> changes.</summary>
        /// <param name="available">True when the network is back.</param>
        void OnNetworkChanged(bool available);
    }
}
