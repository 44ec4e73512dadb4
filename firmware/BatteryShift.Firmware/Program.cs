using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Hal.Esp32;

namespace BatteryShift.Firmware
{
    /// <summary>
    /// The application: composes the ESP32 HAL with the portable core and runs it. The control tick runs on
    /// its own thread at the highest priority and a fixed period; the console and telemetry run on a second,
    /// lower-priority thread, where any exception is caught and logged so that it can never stop protection.
    /// </summary>
    /// <remarks>
    /// <see cref="Main"/> is <see cref="Start"/> (composition, then both loops) and a sleep. A host that runs this
    /// firmware on emulated packages (tests/BatteryShift.NanoEmulation) calls <see cref="Start"/> and, to end the run,
    /// <see cref="Stop"/>; on the board nothing calls <see cref="Stop"/>, so both loops run for ever.
    /// </remarks>
    public static class Program
    {
        /// <summary>
        /// Largest MQTT command payload the session keeps, bytes: the core answers anything longer than
        /// <see cref="Bms.Telemetry.MqttTelemetry.MaxCommandBytes"/> with TooLong whatever the session holds, so its
        /// receive slots need be no larger (4 slots of 129 bytes rather than of 512).
        /// </summary>
        public const int MqttMaxPayloadBytes = Bms.Telemetry.MqttTelemetry.MaxCommandBytes + 1;

        /// <summary>Pause of the communication thread between passes, ms.</summary>
        public const int CommunicationIdleMs = 20;

        /// <summary>Longest wait for each loop to end in <see cref="Stop"/>, ms.</summary>
        public const int StopWaitMs = 5000;

        private static Esp32Gpio s_gpio;
        private static IClock s_clock;
        private static BmsCore s_core;
        private static Thread s_control;
        private static Thread s_communication;
        private static bool s_running;

        /// <summary>The core composed by the last <see cref="Start"/> (null before).</summary>
        public static BmsCore Core
        {
            get { return s_core; }
        }

        /// <summary>
        /// Entry point: <see cref="Start"/>, then the main thread sleeps for ever.
        /// </summary>
        public static void Main()
        {
            Start();
            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>
        /// Drives the outputs to their safe levels before anything else, builds the core over the board (its
        /// <see cref="BmsCore.Start"/> loads the stored configuration and re-asserts latched faults after a reset), then
        /// starts the control and communication threads.
        /// </summary>
        public static void Start()
        {
            // First: FET enables low (open), bleed register outputs disabled (OE high). The board pulls hold
            // these levels through reset; from here the ESP32 drives them too.
            s_gpio = new Esp32Gpio(new GpioController());
            s_gpio.OpenOutput(Bmu16.PinChargeFet, false);
            s_gpio.OpenOutput(Bmu16.PinDischargeFet, false);
            s_gpio.OpenOutput(Bmu16.PinBleedOutputEnable, true);

            s_clock = new Esp32Clock();
            Esp32SerialPort serial = new Esp32SerialPort(Bmu16.PinSerialTx, Bmu16.PinSerialRx, Bmu16.SerialBaud);
            HardwarePorts ports = new HardwarePorts(
                s_gpio,
                new Esp32Adc(),
                s_clock,
                serial,
                new Esp32BlobStore(Esp32BlobStore.InternalFlashRoot),
                new Esp32MqttSession(MqttMaxPayloadBytes, serial),
                new Esp32ResetControl(),
                Esp32MacAddress.ReadWifiStation());

            s_core = new BmsCore(ports, new BmsConfig());
            s_core.Start();

            s_running = true;
            s_control = new Thread(RunControl);
            s_control.Priority = ThreadPriority.Highest;
            s_control.Start();

            s_communication = new Thread(RunCommunication);
            s_communication.Priority = ThreadPriority.BelowNormal;
            s_communication.Start();
        }

        /// <summary>
        /// Ends both loops after their current pass and waits for them (at most <see cref="StopWaitMs"/> each). Never
        /// called on the board.
        /// </summary>
        /// <returns>True when both threads ended.</returns>
        public static bool Stop()
        {
            s_running = false;
            bool ended = true;
            if (s_control != null)
            {
                ended = s_control.Join(StopWaitMs);
            }

            if (s_communication != null)
            {
                ended = s_communication.Join(StopWaitMs) && ended;
            }

            return ended;
        }

        // The hard loop: one tick per period on a fixed schedule (ModuleKeys.TickPeriodMs, read every pass so a
        // changed setting applies at once). BmsCore.Tick catches what its stages throw itself (firmware fault latched,
        // outputs forced off, no watchdog pulse); this catch is the last resort for what escapes it. An overrun of more
        // than a period restarts the schedule instead of bursting to catch up. If this thread stops, the board's
        // watchdog opens both FETs and resets the ESP32 (docs/hardware.md).
        private static void RunControl()
        {
            long nextMs = s_clock.NowMs;
            while (s_running)
            {
                try
                {
                    s_core.Tick();
                }
                catch (Exception)
                {
                    ForceOutputsSafe();
                    Debug.WriteLine("tick failed: outputs forced off");
                }

                int periodMs = s_core.Config.Get(ModuleKeys.TickPeriodMs);
                nextMs += periodMs;
                long waitMs = nextMs - s_clock.NowMs;
                if (waitMs > 0)
                {
                    Thread.Sleep((int)waitMs);
                }
                else if (waitMs < -periodMs)
                {
                    nextMs = s_clock.NowMs;
                }
            }
        }

        private static void RunCommunication()
        {
            while (s_running)
            {
                try
                {
                    s_core.Communicate();
                }
                catch (Exception ex)
                {
                    Report(ex);
                }

                Thread.Sleep(CommunicationIdleMs);
            }
        }

        // Logging must not end the communication loop either: with the heap exhausted, building the line can throw.
        private static void Report(Exception ex)
        {
            try
            {
                Debug.WriteLine("communication failed: " + ex.Message);
            }
            catch (Exception)
            {
                // the next pass tries again
            }
        }

        private static void ForceOutputsSafe()
        {
            try
            {
                s_gpio.Write(Bmu16.PinChargeFet, false);
                s_gpio.Write(Bmu16.PinDischargeFet, false);
                s_gpio.Write(Bmu16.PinBleedOutputEnable, true);
            }
            catch (Exception)
            {
                // nothing more can be done from here; the board pulls take over on reset
            }
        }
    }
}
