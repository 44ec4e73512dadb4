namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The controller's clock: milliseconds since the last (re)start of the board. A delay advances simulated time
    /// (and the physics with it), as waiting does on the device.
    /// </summary>
    public sealed class VirtualClock : IClock
    {
        private readonly VirtualModule _module;

        internal VirtualClock(VirtualModule module)
        {
            _module = module;
        }

        /// <inheritdoc />
        public long NowMs => (_module.TimeMicroseconds - _module.BootMicroseconds) / 1000;

        /// <inheritdoc />
        public void DelayMicroseconds(int microseconds)
        {
            if (microseconds > 0)
            {
                _module.AdvanceToMicroseconds(_module.TimeMicroseconds + microseconds);
            }
        }
    }
}
