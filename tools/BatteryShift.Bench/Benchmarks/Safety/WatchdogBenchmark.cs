using System;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness.HardwareProtection;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>
    /// The hardware protection the firmware cannot loosen, on the virtual module over many boards (each seed draws the
    /// supervisor's timeout and the protector's threshold and delay within their parts' ranges, corners included):
    /// <c>safety.watchdog_open_ms</c>, the longest time from the control thread's last watchdog service to both FETs
    /// open by hardware after it hung; <c>safety.protector_trip_ms</c> and <c>safety.protector_max_cell_mv</c>, the
    /// secondary protector on a charger overvoltage with no firmware protecting (the FET enables held on).
    /// </summary>
    public sealed class WatchdogBenchmark : IBenchmark
    {
        public string Name => "watchdog";

        public void Run(BenchContext context)
        {
            int boards = context.Quick ? 10 : 100;
            double worstOpen = 0;
            int tick = 0;
            for (int i = 0; i < boards; i++)
            {
                HungResult r = HardwareProtectionRuns.Hang((ulong)(1000 + i));
                if (r.Cause != ResetCause.Watchdog || !r.PinsStillOn)
                {
                    throw new InvalidOperationException($"board {i}: cause {r.Cause}, enables still on {r.PinsStillOn}");
                }

                worstOpen = Math.Max(worstOpen, r.OpenAfterMs);
                tick = r.TickMs;
            }

            context.Record("safety.watchdog_open_ms", worstOpen, "ms", $"<= {Bmu16.SupervisorTimeoutMaxMs + tick}", $"control thread hung after 5 s of charging at 50 A, {boards} boards (supervisor timeout drawn in {Bmu16.SupervisorTimeoutMinMs}-{Bmu16.SupervisorTimeoutMaxMs} ms), 1 ms resolution; target: longest timeout + one {tick} ms tick");

            int protectorBoards = context.Quick ? 3 : 20;
            double worstTrip = 0;
            double worstCell = 0;
            double worstAllowed = 0;
            for (int i = 0; i < protectorBoards; i++)
            {
                ProtectorResult p = HardwareProtectionRuns.OvervoltageWithFirmwareDead((ulong)(2000 + i));
                if (p.TripAfterMs < 0)
                {
                    throw new InvalidOperationException($"board {i}: the protector never opened the charge FET");
                }

                worstTrip = Math.Max(worstTrip, p.TripAfterMs);
                worstCell = Math.Max(worstCell, p.MaxCellMv);
                worstAllowed = Math.Max(worstAllowed, p.DelayMs);
            }

            context.Record("safety.protector_trip_ms", worstTrip, "ms", $"<= {Bmu16.ProtectorDelayMs * 1.2 + 100:0}", $"first cell above the board's OV threshold to charge FET open, firmware dead (enables held on, watchdog serviced), charger at 50 A towards 4.0 V/cell, {protectorBoards} boards; target: longest delay + one 100 ms physics step");
            context.Record("safety.protector_max_cell_mv", worstCell, "mV", string.Empty, $"highest true cell voltage of those runs (threshold {Bmu16.ProtectorOvMv} +-{Bmu16.ProtectorOvToleranceMv} mV plus the rise during the delay at 50 A)");
        }
    }
}
