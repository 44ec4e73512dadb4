using BatteryShift.Bms.Board;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Protection
{
    /// <summary>
    /// The external stop input (<see cref="Bmu16.PinExternalStop"/>, active low, pulled up on the board):
    /// read once per tick before protection, which latches <see cref="LimitIds.ExternalStop"/> and opens both
    /// FETs in the same tick. A broken wire reads as "run" (the pull-up wins); see docs/safety-core.md.
    /// </summary>
    public sealed class ExternalStopInput
    {
        private readonly IGpio _gpio;
        private readonly ModuleStatus _status;

        /// <summary>
        /// Opens the pin as an input with the internal pull-up (the board's external one stays in parallel).
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        /// <param name="status">The blackboard (<see cref="ModuleStatus.ExternalStopAsserted"/>).</param>
        public ExternalStopInput(IGpio gpio, ModuleStatus status)
        {
            _gpio = gpio;
            _status = status;
            _gpio.OpenInput(Bmu16.PinExternalStop, PinPull.Up);
        }

        /// <summary>
        /// Reads the input into <see cref="ModuleStatus.ExternalStopAsserted"/> (true when the pin is low).
        /// </summary>
        public void Read()
        {
            _status.ExternalStopAsserted = !_gpio.Read(Bmu16.PinExternalStop);
        }
    }
}
