using BatteryShift.Bms.Board;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Outputs
{
    /// <summary>
    /// The status LED on <see cref="Bmu16.PinStatusLed"/> (GPIO2, a strapping pin: opened low). Pattern by
    /// state, from the tick's uptime: steady on while charging or discharging, slow blink (2 s period) in
    /// standby and rest, fast blink (500 ms period, visible at the slowest 200 ms tick) in fault, a short flash every 2 s in service, off at boot
    /// and in the self-test. The pin is written only when the level changes; allocates nothing.
    /// </summary>
    public sealed class StatusLed
    {
        /// <summary>Half period of the slow blink (standby, rest), ms.</summary>
        public const int SlowHalfPeriodMs = 1000;

        /// <summary>Half period of the fast blink (fault), ms.</summary>
        public const int FastHalfPeriodMs = 250;

        /// <summary>Period of the service flash, ms.</summary>
        public const int ServicePeriodMs = 2000;

        /// <summary>On time of the service flash, ms.</summary>
        public const int ServiceOnMs = 100;

        private readonly IGpio _gpio;
        private bool _on;

        /// <summary>
        /// Opens the pin low (it must be low while the ESP32 boots).
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        public StatusLed(IGpio gpio)
        {
            _gpio = gpio;
            _gpio.OpenOutput(Bmu16.PinStatusLed, false);
            _on = false;
        }

        /// <summary>True while the LED is driven on.</summary>
        public bool On
        {
            get { return _on; }
        }

        /// <summary>
        /// The level the LED has in a state at an uptime.
        /// </summary>
        /// <param name="state">Module state.</param>
        /// <param name="nowMs">Uptime, ms.</param>
        /// <returns>True for on.</returns>
        public static bool Level(ModuleState state, long nowMs)
        {
            switch (state)
            {
                case ModuleState.Charging:
                case ModuleState.Discharging:
                    return true;
                case ModuleState.Standby:
                case ModuleState.Rest:
                    return (nowMs / SlowHalfPeriodMs) % 2 == 0;
                case ModuleState.Fault:
                    return (nowMs / FastHalfPeriodMs) % 2 == 0;
                case ModuleState.Service:
                    return nowMs % ServicePeriodMs < ServiceOnMs;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Drives the LED for this tick.
        /// </summary>
        /// <param name="state">Module state.</param>
        /// <param name="nowMs">Uptime, ms.</param>
        public void Update(ModuleState state, long nowMs)
        {
            bool on = Level(state, nowMs);
            if (on != _on)
            {
                _gpio.Write(Bmu16.PinStatusLed, on);
                _on = on;
            }
        }
    }
}
