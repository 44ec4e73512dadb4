using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Balancing
{
    /// <summary>
    /// The balancing stage on the virtual module (<see cref="BalancingRig"/>), judged by the module's truth:
    /// charge really bled by the resistors, true state of charge, board temperature, bleed currents.
    /// Small cells (2 Ah) so a 5 % class imbalance takes simulated hours, not weeks.
    /// </summary>
    public class VirtualModuleBalancingTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public VirtualModuleBalancingTests(Xunit.Abstractions.ITestOutputHelper output)
        {
            _output = output;
        }

        private static SimulationOptions SmallCells(ulong seed, double ambientC = 25.0)
        {
            var options = new SimulationOptions { Seed = seed, InitialSocPct = 80, InitialSocSpreadPct = 0, AmbientC = ambientC };
            options.Cell.CapacityAh = 2.0;
            return options;
        }

        private static BmsConfig Charge()
        {
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.Mode, BalancingMode.Charge));
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.ChargeStartMah, 2)); // 0.1 % of 2 Ah
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.ChargeStopMah, 1));
            return config;
        }

        [Fact]
        public void KnownImbalanceConvergesNearThePhysicalLimitWithoutBleedingTheLowestCell()
        {
            var rig = new BalancingRig(SmallCells(7), Charge());
            for (int i = 0; i < 16; i++)
            {
                rig.Module.SetCellSoc(i, 0.80 + (0.05 * ((i * 5) % 16) / 15.0)); // 80 .. 85 %, cell 1 lowest
            }

            int lowest = rig.LowestCell();
            Assert.Equal(0, lowest);
            double startSpread = rig.SpreadAtTopPct();
            Assert.True(startSpread > 4.9, "start spread " + startSpread);

            // ideal: the largest surplus bled at the bleed current, every bleeder free
            double surplusAh = startSpread / 100.0 * 2.0;
            double idealS = surplusAh * 3600 / (3.3 / 33.14);
            double seconds = 0;
            bool lowestEverBled = false;
            while (rig.SpreadAtTopPct() >= 0.5 && seconds < 3 * idealS)
            {
                rig.Step();
                seconds += BalancingRig.TickMs / 1000.0;
                lowestEverBled |= (rig.Truth.BleedMask & (1 << lowest)) != 0;
            }

            double efficiency = idealS * (1 - (0.5 / startSpread)) / seconds;
            _output.WriteLine($"start spread {startSpread:F2} %, converged in {seconds:F0} s, ideal {idealS:F0} s, efficiency {efficiency:F3}");
            Assert.True(rig.SpreadAtTopPct() < 0.5, "spread " + rig.SpreadAtTopPct() + " % after " + seconds + " s");
            Assert.False(lowestEverBled);
            Assert.True(efficiency > 0.85 && efficiency < 1.05, "efficiency " + efficiency);

            // no decision on a scan read while bleeding, although most scans were
            Assert.Equal(0, rig.DecisionsOnBledScans);
            Assert.True(rig.BledScans > seconds * 4, "bled scans " + rig.BledScans);

            // the firmware's count of charge bled matches the charge the resistors really took (within 1 %)
            for (int i = 1; i < 16; i++)
            {
                double truthMas = rig.Truth.BledAh[i] * 3600.0 * 1000.0;
                Assert.True(Math.Abs(rig.Status.CellBledMas[i] - truthMas) <= 0.01 * truthMas + 50, "cell " + (i + 1) + ": " + rig.Status.CellBledMas[i] + " vs " + truthMas);
            }
        }

        [Fact]
        public void EveryBleederIsOffWithinOneTickOfAFault()
        {
            var rig = new BalancingRig(SmallCells(3), Charge());
            for (int i = 0; i < 16; i++)
            {
                rig.Module.SetCellSoc(i, 0.80 + (0.01 * i));
            }

            rig.RunSeconds(30);
            BleedAgain(rig);

            // a fault latched by protection in this tick: the bleeders are off when this tick ends
            rig.Step(s => s.FaultMask = 1 << 2);
            Assert.Equal(0, rig.Truth.BleedMask);
            rig.Status.FaultMask = 0;
            BleedAgain(rig);

            rig.Step(s => s.SensorFaultMask = 1);
            Assert.Equal(0, rig.Truth.BleedMask);
            rig.Status.SensorFaultMask = 0;
            BleedAgain(rig);

            rig.Step(s => s.State = ModuleState.Fault);
            Assert.Equal(0, rig.Truth.BleedMask);
        }

        private static void BleedAgain(BalancingRig rig)
        {
            // bleeding resumes within a few ticks (the off tick before each decision aside)
            for (int t = 0; t < 5 && rig.Truth.BleedMask == 0; t++)
            {
                rig.Step();
            }

            Assert.NotEqual(0, rig.Truth.BleedMask);
        }

        [Fact]
        public void ThermalBudgetHoldsOnAHotBoard()
        {
            // 50 C ambient: 16 bleeders (5.3 W into 0.6 W/K) would take the board to about 59 C
            var config = Charge();
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.BoardDerateDeciC, 520));
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.BoardMaxDeciC, 570));
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.MaxBleeders, 12));
            var rig = new BalancingRig(SmallCells(5, 50.0), config);
            for (int i = 0; i < 16; i++)
            {
                rig.Module.SetCellSoc(i, 0.80 + (0.002 * i) + (i == 0 ? 0 : 0.03));
            }

            double peakBoardC = 0;
            double peakPowerW = 0;
            int peakCount = 0;
            int overBudget = 0;
            rig.RunSeconds(3600, r =>
            {
                peakBoardC = Math.Max(peakBoardC, r.Truth.BoardTemperatureC);
                double powerW = 0;
                int count = 0;
                for (int i = 0; i < 16; i++)
                {
                    double a = r.Truth.BleedCurrentA[i];
                    powerW += a * a * 33.0;
                    count += a > 0 ? 1 : 0;
                }

                peakPowerW = Math.Max(peakPowerW, powerW);
                peakCount = Math.Max(peakCount, count);
                if (powerW * 1000 > r.Controller.AllowedPowerMw + 15)
                {
                    overBudget++;
                }
            });

            _output.WriteLine($"board peak {peakBoardC:F2} C, peak bleed power {peakPowerW:F2} W, most bleeders at once {peakCount}");
            Assert.True(peakBoardC < 57.0, "board peaked at " + peakBoardC + " C");
            Assert.True(peakBoardC > 52.0, "the budget never had to act: board peaked at " + peakBoardC + " C");
            Assert.True(peakCount <= 12, "bleeders at once " + peakCount);
            Assert.Equal(0, overBudget);
            Assert.True(peakPowerW > 1.0, "peak power " + peakPowerW);
        }
    }
}
