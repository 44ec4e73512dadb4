using System;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.HardwareProtection
{
    /// <summary>What a hung control thread led to.</summary>
    /// <param name="OpenAfterMs">From the last watchdog service to both FETs open (truth), ms.</param>
    /// <param name="TimeoutMs">This board's supervisor timeout, ms.</param>
    /// <param name="TickMs">The control-tick period, ms.</param>
    /// <param name="Cause">The board's reset cause afterwards.</param>
    /// <param name="PinsStillOn">The firmware's FET enables were still driven high when the FETs opened.</param>
    public sealed record HungResult(double OpenAfterMs, double TimeoutMs, int TickMs, ResetCause Cause, bool PinsStillOn);

    /// <summary>What the secondary protector did with the firmware dead.</summary>
    /// <param name="TripAfterMs">From the first cell above this board's threshold to the charge FET open, ms (-1: never).</param>
    /// <param name="MaxCellMv">Highest true cell voltage of the run, mV.</param>
    /// <param name="ThresholdMv">This board's drawn overvoltage threshold, mV.</param>
    /// <param name="DelayMs">This board's drawn delay, ms.</param>
    public sealed record ProtectorResult(double TripAfterMs, double MaxCellMv, double ThresholdMv, double DelayMs);

    /// <summary>
    /// Runs of the hardware protection on the virtual module that the tests (short) and the <c>watchdog</c> benchmark
    /// (many seeds) share: a control thread that stops, and a charger overvoltage with no firmware protecting.
    /// </summary>
    public static class HardwareProtectionRuns
    {
        /// <summary>
        /// The unmodified core charges a module for a while, then its control thread stops (no tick, no communication:
        /// a deadlock or a native call that never returns). Time advances in 1 ms steps until both FETs are open.
        /// </summary>
        /// <param name="seed">Simulation seed (draws the board's supervisor timeout among the rest).</param>
        /// <param name="hangAfterSeconds">Healthy running time first, s.</param>
        /// <returns>What happened.</returns>
        public static HungResult Hang(ulong seed, double hangAfterSeconds = 5)
        {
            var options = new SimulationOptions { Seed = seed, InitialSocPct = 60, Load = new CcCvCharger(50, 3.45) };
            var runner = new VirtualModuleRunner(options);
            runner.RunSeconds(hangAfterSeconds);
            VirtualModule m = runner.Module;
            if (!m.Truth.ChargeFetOn || !m.Truth.DischargeFetOn)
            {
                throw new InvalidOperationException("the FETs were not closed before the hang");
            }

            long lastService = m.Supervisor.LastServiceUs;
            long limitUs = m.TimeMicroseconds + 10_000_000;
            while (m.Truth.ChargeFetOn || m.Truth.DischargeFetOn)
            {
                if (m.TimeMicroseconds > limitUs)
                {
                    return new HungResult(double.PositiveInfinity, m.Supervisor.TimeoutMs, runner.TickPeriodMs, m.LastResetCause, true);
                }

                bool pins = m.Gpio.Level(Bmu16.PinChargeFet) && m.Gpio.Level(Bmu16.PinDischargeFet);
                m.AdvanceToMicroseconds(m.TimeMicroseconds + 1000);
                if (!m.Truth.ChargeFetOn && !m.Truth.DischargeFetOn)
                {
                    return new HungResult((m.TimeMicroseconds - lastService) / 1000.0, m.Supervisor.TimeoutMs, runner.TickPeriodMs, m.LastResetCause, pins);
                }
            }

            return new HungResult(0, m.Supervisor.TimeoutMs, runner.TickPeriodMs, m.LastResetCause, false);
        }

        /// <summary>
        /// A firmware that is alive enough to service the watchdog but protects nothing (a fault that loosened its
        /// protection): the pins are driven directly, the FET enables held high and WDI pulsed every 200 ms, while a
        /// charger that ignores its limits pushes 50 A towards 4.0 V per cell. Runs until the charge FET opens or
        /// 30 min pass.
        /// </summary>
        /// <param name="seed">Simulation seed (draws the protector's threshold and delay among the rest).</param>
        /// <returns>What happened.</returns>
        public static ProtectorResult OvervoltageWithFirmwareDead(ulong seed)
        {
            var options = new SimulationOptions { Seed = seed, InitialSocPct = 97, Load = new CcCvCharger(50, 3.45) };
            var m = new VirtualModule(options);
            m.Faults.Inject(FaultKind.ChargerOvervoltage, 0, 4.0);
            m.Gpio.OpenOutput(Bmu16.PinWatchdogKick, false);
            m.Gpio.OpenOutput(Bmu16.PinChargeFet, true);
            m.Gpio.OpenOutput(Bmu16.PinDischargeFet, true);
            double threshold = m.Protector.OvThresholdV;
            double max = 0;
            long crossedUs = -1;
            long endUs = m.TimeMicroseconds + 1_800_000_000L;
            while (m.TimeMicroseconds < endUs)
            {
                m.Gpio.Write(Bmu16.PinWatchdogKick, true);
                m.Gpio.Write(Bmu16.PinWatchdogKick, false);
                for (int i = 0; i < 2; i++)
                {
                    m.Advance(0.1);
                    double top = 0;
                    for (int k = 0; k < m.CellCount; k++)
                    {
                        top = Math.Max(top, m.Truth.CellVoltageV[k]);
                    }

                    max = Math.Max(max, top);
                    if (crossedUs < 0 && top > threshold)
                    {
                        crossedUs = m.TimeMicroseconds;
                    }

                    if (!m.Truth.ChargeFetOn)
                    {
                        double after = crossedUs < 0 ? -1 : (m.TimeMicroseconds - crossedUs) / 1000.0;
                        return new ProtectorResult(after, max * 1000.0, threshold * 1000.0, m.Protector.DelayMs);
                    }
                }
            }

            return new ProtectorResult(-1, max * 1000.0, threshold * 1000.0, m.Protector.DelayMs);
        }
    }
}
