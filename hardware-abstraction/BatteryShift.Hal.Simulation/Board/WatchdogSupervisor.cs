using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The board's external watchdog at the pin level: a TPS3431 supervisor (timeout set by its CWD capacitor) and the
    /// two flip-flops of a 74LVC74 clocked by its WDI line (GPIO16). The arm flip-flop (D high) is set by the first
    /// rising edge after a reset and cleared by the ESP32's reset (EN low); its output drives the supervisor's SET1, so
    /// the watchdog runs only once the firmware serviced it, and the FET gates need it set. The flag flip-flop is set by
    /// the supervisor's WDO pulse, cleared by the next rising edge (D low) and read on GPIO17. Each falling edge restarts
    /// the timeout; when it runs out, WDO goes low: both FET gates close by hardware and the ESP32 is reset. The timeout
    /// of this board is drawn once from the fitted part's range (<see cref="Bmu16.SupervisorTimeoutMinMs"/> to
    /// <see cref="Bmu16.SupervisorTimeoutMaxMs"/>, corners included: see docs/hardware.md).
    /// </summary>
    public sealed class WatchdogSupervisor
    {
        private long _lastServiceUs;
        private bool _wdiHigh;

        internal WatchdogSupervisor(double timeoutMs)
        {
            TimeoutMs = timeoutMs;
        }

        /// <summary>This board's timeout, ms (drawn at build time within the part's range).</summary>
        public double TimeoutMs { get; internal set; }

        /// <summary>The arm flip-flop: set by the first WDI pulse after a reset; the FETs can close only while it is set.</summary>
        public bool Armed { get; private set; }

        /// <summary>The watchdog-reset flag (GPIO17): set by a timeout, cleared by the next WDI rising edge.</summary>
        public bool ResetFlag { get; private set; }

        /// <summary>Timeouts since the module was built.</summary>
        public int Timeouts { get; private set; }

        /// <summary>Time of the last timeout, microseconds of module time (-1: none).</summary>
        public long LastTimeoutUs { get; private set; } = -1;

        /// <summary>Time of the last falling edge on WDI while armed, microseconds (the last service).</summary>
        public long LastServiceUs => _lastServiceUs;

        /// <summary>True while the supervisor lets the FET gates follow the firmware (armed, not timed out).</summary>
        public bool GateEnabled => Armed;

        /// <summary>When the running timeout runs out, microseconds of module time (long.MaxValue while disarmed).</summary>
        public long DeadlineUs => Armed ? _lastServiceUs + (long)Math.Round(TimeoutMs * 1000.0) : long.MaxValue;

        internal void OnWdi(bool high, long nowUs)
        {
            if (high == _wdiHigh)
            {
                return;
            }

            _wdiHigh = high;
            if (high)
            {
                // rising edge: the flag flip-flop clocks its D (low) in, the arm flip-flop its D (high)
                ResetFlag = false;
                if (!Armed)
                {
                    Armed = true;
                    _lastServiceUs = nowUs;
                }

                return;
            }

            // falling edge: the supervisor's timeout starts again
            _lastServiceUs = nowUs;
        }

        /// <summary>The timeout ran out: WDO low sets the flag and pulls EN low, which clears the arm flip-flop.</summary>
        internal void TimeOut(long nowUs)
        {
            Timeouts++;
            LastTimeoutUs = nowUs;
            ResetFlag = true;
            Armed = false;
        }

        /// <summary>The ESP32 was reset (EN low): the arm flip-flop clears; the flag keeps its state.</summary>
        internal void OnControllerReset()
        {
            Armed = false;
            _wdiHigh = false;
        }
    }
}
