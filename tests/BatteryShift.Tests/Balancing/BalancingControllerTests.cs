using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Config;
using Xunit;

namespace BatteryShift.Tests.Balancing
{
    /// <summary>
    /// The balancing controller on plain inputs: hand-set module status, the controller's own output fed
    /// back as the active bleed mask, figures computed by hand.
    /// </summary>
    public class BalancingControllerTests
    {
        private const int TickMs = 200;

        private static BmsConfig Config(int mode)
        {
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.Mode, mode));
            return config;
        }

        private static ModuleStatus Healthy(int cellMv)
        {
            var status = new ModuleStatus { CellCount = 16, State = ModuleState.Standby, MeasurementValid = true };
            for (int i = 0; i < 16; i++)
            {
                status.CellVoltageMv[i] = cellMv;
                status.CellChargeToFullMah[i] = 10000;
            }

            for (int i = 0; i < status.TemperatureDeciC.Length; i++)
            {
                status.TemperatureDeciC[i] = 250;
            }

            return status;
        }

        /// <summary>Runs one tick with the previous output as the active mask, as BmsCore does.</summary>
        private static int Step(BalancingController controller, ModuleStatus status)
        {
            int active = status.BleedMask;
            status.TimeMs += TickMs;

            // a perfect estimator: the voltage pins each cell's charge to full to its value
            for (int i = 0; i < 16; i++)
            {
                status.CellChargeToFullMinMah[i] = status.CellChargeToFullMah[i];
                status.CellChargeToFullMaxMah[i] = status.CellChargeToFullMah[i];
            }

            controller.Update(status, active);
            return status.BleedMask;
        }

        [Fact]
        public void ChargeStrategyBleedsTheSurplusCellsButNeverTheLowest()
        {
            var status = Healthy(3300);
            status.CellChargeToFullMah[3] = 12000; // furthest from full: the lowest cell
            status.CellChargeToFullMah[5] = 9000;  // 3000 mAh surplus
            status.CellChargeToFullMah[9] = 11900; // 100 mAh surplus: below the 280 mAh start threshold
            var controller = new BalancingController(Config(BalancingMode.Charge));

            int mask = Step(controller, status);

            // every cell but 3 and 9 has >= 2000 mAh surplus
            int expected = 0xFFFF & ~(1 << 3) & ~(1 << 9);
            Assert.Equal(expected, mask);
            Assert.Equal(expected, controller.PlanMask);
        }

        [Fact]
        public void NeverBleedsTheLowestCellOrOneBelowTheFloor()
        {
            var status = Healthy(3300);
            status.CellChargeToFullMah[0] = 20000;
            status.CellVoltageMv[7] = 3290;  // lowest voltage above the floor, though its charge says surplus
            status.CellVoltageMv[11] = 3050; // below the 3100 mV floor
            var controller = new BalancingController(Config(BalancingMode.Charge));

            int mask = Step(controller, status);

            Assert.Equal(0, mask & (1 << 0));   // charge lowest
            Assert.Equal(0, mask & (1 << 11));  // below floor

            // on the plateau a lower voltage is no evidence against proven charge: the charge strategy bleeds it
            Assert.NotEqual(0, mask & (1 << 7));
            Assert.NotEqual(0, mask & (1 << 1));

            // a bleeding cell that sinks below the floor stops in the next tick, even between decisions
            status.CellVoltageMv[11] = 3300;
            status.CellVoltageMv[4] = 3300;
            Step(controller, status);
            status.CellVoltageMv[4] = 3000;
            mask = Step(controller, status);
            Assert.Equal(0, mask & (1 << 4));
        }

        [Fact]
        public void EveryBleederStopsInTheTickOfAFaultSensorFaultOrHotBoard()
        {
            var config = Config(BalancingMode.Charge);
            var status = Healthy(3300);
            status.CellChargeToFullMah[0] = 20000;
            var controller = new BalancingController(config);
            Assert.NotEqual(0, Step(controller, status));

            status.FaultMask = 1 << 3;
            Assert.Equal(0, Step(controller, status));
            Assert.Equal(BalancingInhibit.Fault, controller.InhibitMask);
            status.FaultMask = 0;
            Assert.NotEqual(0, Step(controller, status));

            status.SensorFaultMask = 1;
            Assert.Equal(0, Step(controller, status));
            status.SensorFaultMask = 0;
            Assert.NotEqual(0, Step(controller, status));

            status.TemperatureDeciC[9] = config.Get(BalancingKeys.BoardMaxDeciC);
            Assert.Equal(0, Step(controller, status));
            Assert.Equal(BalancingInhibit.OverTemperature, controller.InhibitMask);

            // 5 C of hysteresis before bleeding resumes
            status.TemperatureDeciC[9] = config.Get(BalancingKeys.BoardMaxDeciC) - 40;
            Assert.Equal(0, Step(controller, status));
            status.TemperatureDeciC[9] = config.Get(BalancingKeys.BoardMaxDeciC) - 60;
            Assert.NotEqual(0, Step(controller, status));

            status.MeasurementValid = false;
            Assert.Equal(0, Step(controller, status));
        }

        [Fact]
        public void ThermalBudgetLimitsPowerAndCountAndTakesTheLargestSurplusFirst()
        {
            var config = Config(BalancingMode.Charge);
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.PowerBudgetMw, 1400));
            var status = Healthy(3300);
            for (int i = 0; i < 16; i++)
            {
                status.CellChargeToFullMah[i] = 20000 - (i * 1000); // cell 16 has the largest surplus
            }

            var controller = new BalancingController(config);
            int mask = Step(controller, status);

            // 3300 mV over 33 Ohm is 330 mW: four bleeders fit in 1400 mW, the four largest surpluses
            Assert.Equal(0xF000, mask);

            // board at 62.5 C: derated linearly between 55 and 70 C to half the budget: two bleeders
            status.TemperatureDeciC[9] = 625;
            mask = Step(controller, status);
            Assert.Equal(0xC000, mask);

            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.MaxBleeders, 1));
            status.TemperatureDeciC[9] = 250;
            // the plan shrinks at once; a changed setting also brings the next decision forward
            mask = Step(controller, status);
            Assert.Equal(0x8000, controller.PlanMask);
            Assert.Equal(0, mask & ~0x8000);
            mask = Step(controller, status);
            Assert.Equal(0x8000, mask);
        }

        [Fact]
        public void NoTwoAdjacentCellsWhenConfigured()
        {
            var config = Config(BalancingMode.Charge);
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.NoAdjacent, 1));
            var status = Healthy(3300);
            status.CellChargeToFullMah[0] = 20000;
            var controller = new BalancingController(config);

            int mask = Step(controller, status);

            Assert.NotEqual(0, mask);
            Assert.Equal(0, mask & (mask << 1));
        }

        [Fact]
        public void DecidesOnlyOnScansTakenWithBleedersOff()
        {
            var config = Config(BalancingMode.Charge);
            int period = config.Get(BalancingKeys.PeriodTicks);
            var status = Healthy(3300);
            status.CellChargeToFullMah[0] = 20000;
            var controller = new BalancingController(config);
            int first = Step(controller, status);
            Assert.NotEqual(0, first);
            long decisions = controller.DecisionCount;

            // while bleeding, the scan reads a bled cell far below the floor and the lowest cell high;
            // the charge estimate would now bleed cell 1. None of it may change the plan: only the
            // floor rule may stop a cell, and the lowest-cell rule waits for a clean scan.
            status.CellChargeToFullMah[0] = 10000;
            status.CellChargeToFullMah[1] = 20000;
            int offTicks = 0;
            for (int t = 1; t < period; t++)
            {
                int mask = Step(controller, status);
                Assert.Equal(decisions, controller.DecisionCount);
                if (mask == 0)
                {
                    offTicks++;
                    Assert.Equal(period - 1, t);
                }
                else
                {
                    Assert.Equal(first, mask);
                }
            }

            Assert.Equal(1, offTicks);
            Assert.Equal(period - 1, controller.DirtyScanCount);

            // the scan after the off tick is clean: the new estimate decides
            int next = Step(controller, status);
            Assert.Equal(decisions + 1, controller.DecisionCount);
            Assert.Equal(0, next & (1 << 1));
            Assert.NotEqual(0, next & (1 << 0));

            // with a bleed-off measurement phase there is no off tick: decisions every period
            status.CellScanBleedersOff = true;
            for (int t = 0; t < 3 * period; t++)
            {
                Assert.NotEqual(0, Step(controller, status));
            }

            Assert.Equal(decisions + 4, controller.DecisionCount);
        }

        [Fact]
        public void CountsChargeBledFromCellVoltageOverTheResistor()
        {
            var status = Healthy(3300);
            status.CellChargeToFullMah[0] = 20000;
            var controller = new BalancingController(Config(BalancingMode.Charge));
            int ticks = 0;
            for (int t = 0; t < 100; t++)
            {
                int before = status.BleedMask;
                Step(controller, status);
                if ((before & 2) != 0)
                {
                    ticks++;
                }
            }

            // cell 2 bled 'ticks' intervals of 200 ms at 3300 mV / 33 Ohm = 100 mA: 20 mAs per interval
            Assert.Equal(ticks * 20L, status.CellBledMas[1]);
            Assert.Equal(0L, status.CellBledMas[0]);
            Assert.True(ticks >= 94, "bled " + ticks + " of 100 intervals");
        }

        [Fact]
        public void VoltageStrategyBleedsNearTheTopWithHysteresis()
        {
            var status = Healthy(3350);
            status.CellVoltageMv[0] = 3340;
            status.CellVoltageMv[2] = 3360; // 20 mV above the lowest
            status.CellVoltageMv[3] = 3351; // 11 mV
            var controller = new BalancingController(Config(BalancingMode.VoltageTop));

            int mask = Step(controller, status);
            Assert.Equal((1 << 2) | (1 << 3), mask);

            // cell 4 falls to 8 mV above: inside the 5 mV hysteresis it keeps bleeding, at 4 mV it stops
            status.CellVoltageMv[3] = 3348;
            status.CellScanBleedersOff = true;
            for (int t = 0; t < 30; t++)
            {
                mask = Step(controller, status);
            }

            Assert.Equal((1 << 2) | (1 << 3), mask);
            status.CellVoltageMv[3] = 3344;
            for (int t = 0; t < 30; t++)
            {
                mask = Step(controller, status);
            }

            Assert.Equal(1 << 2, mask);

            // on the plateau (highest cell below 3.30 V) or while discharging, nothing
            for (int i = 0; i < 16; i++)
            {
                status.CellVoltageMv[i] -= 100;
            }

            for (int t = 0; t < 30; t++)
            {
                mask = Step(controller, status);
            }

            Assert.Equal(0, mask);
            for (int i = 0; i < 16; i++)
            {
                status.CellVoltageMv[i] += 100;
            }

            status.PackCurrentMa = -20000;
            for (int t = 0; t < 30; t++)
            {
                mask = Step(controller, status);
            }

            Assert.Equal(0, mask);
        }
    }
}
