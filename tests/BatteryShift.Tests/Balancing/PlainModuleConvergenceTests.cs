using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Config;
using Xunit;

namespace BatteryShift.Tests.Balancing
{
    /// <summary>
    /// Charge-based balancing closing the loop over a plain model: 16 small cells (2 Ah) whose charge
    /// truly drops by the bleed current while their bleeder is on, with the charge-to-full computed from
    /// that truth (a perfect estimator). Checks convergence time against the physical limit.
    /// </summary>
    public class PlainModuleConvergenceTests
    {
        [Fact]
        public void KnownImbalanceConvergesCloseToThePhysicalLimit()
        {
            const int Cells = 16;
            const long CapacityMas = 2000L * 3600; // 2 Ah
            const int TickMs = 200;
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.Mode, BalancingMode.Charge));
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.ChargeStartMah, 2));
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.ChargeStopMah, 1));
            var controller = new BalancingController(config);
            var status = new ModuleStatus { CellCount = Cells, State = ModuleState.Rest, MeasurementValid = true };

            // charge in milliamp-milliseconds: SOC 90 % .. 95 % spread over the cells, lowest is cell 7
            var chargeMaMs = new long[Cells];
            for (int i = 0; i < Cells; i++)
            {
                double soc = 0.90 + (0.05 * ((i * 7) % Cells) / (Cells - 1));
                chargeMaMs[i] = (long)(soc * CapacityMas * 1000);
            }

            int lowest = 0;
            long maxSurplusMaMs = 0;
            for (int i = 0; i < Cells; i++)
            {
                if (chargeMaMs[i] < chargeMaMs[lowest])
                {
                    lowest = i;
                }
            }

            for (int i = 0; i < Cells; i++)
            {
                maxSurplusMaMs = System.Math.Max(maxSurplusMaMs, chargeMaMs[i] - chargeMaMs[lowest]);
            }

            const int CellMv = 3330; // 100.9 mA through 33 Ohm
            double idealS = maxSurplusMaMs / 1000.0 / (CellMv / 33.0);
            double thresholdMaMs = 0.005 * CapacityMas * 1000;
            int ticks = 0;
            while (true)
            {
                long min = long.MaxValue;
                long max = long.MinValue;
                for (int i = 0; i < Cells; i++)
                {
                    min = System.Math.Min(min, chargeMaMs[i]);
                    max = System.Math.Max(max, chargeMaMs[i]);
                    status.CellVoltageMv[i] = CellMv;
                    status.CellChargeToFullMah[i] = (int)((CapacityMas * 1000 - chargeMaMs[i]) / 3600000);
                    status.CellChargeToFullMinMah[i] = status.CellChargeToFullMah[i];
                    status.CellChargeToFullMaxMah[i] = status.CellChargeToFullMah[i];
                }

                if (max - min < thresholdMaMs / 5 || ticks > 200000)
                {
                    break;
                }

                int active = status.BleedMask;
                for (int i = 0; i < Cells; i++)
                {
                    if (((active >> i) & 1) != 0)
                    {
                        chargeMaMs[i] -= CellMv * TickMs / 33;
                    }
                }

                Assert.Equal(0, active & (1 << lowest));
                status.TimeMs += TickMs;
                controller.Update(status, active);
                ticks++;
            }

            double actualS = ticks * TickMs / 1000.0;

            // to 0.1 % of capacity (below the 0.5 % target); the ideal bleeds the whole surplus at once
            double efficiency = idealS * (1 - 0.001 / 0.05) / actualS;
            Assert.True(efficiency > 0.9, "efficiency " + efficiency + ", " + actualS + " s vs ideal " + idealS + " s");
            Assert.True(efficiency < 1.01, "faster than physics: " + efficiency);
        }
    }
}
