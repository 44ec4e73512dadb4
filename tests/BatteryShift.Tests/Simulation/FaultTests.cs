using System;
using BatteryShift.Hal.Simulation;
using Xunit;
using BatteryShift.Bms.Board;

namespace BatteryShift.Tests.Simulation
{
    public class FaultTests
    {
        [Fact]
        public void SoftShortDrainsItsCellByVoltageOverResistance()
        {
            var m = new VirtualModule(SimTestKit.CleanCells(50));
            m.Faults.Inject(FaultKind.SoftShort, 7, 10.0);
            m.Advance(24 * 3600);
            double v = m.Truth.CellVoltageV[7];
            double expected = v / 10.0 * 24 / m.Truth.CapacityAh[7];
            Assert.InRange(m.Truth.Soc[6] - m.Truth.Soc[7], expected * 0.98, expected * 1.02);
        }

        [Fact]
        public void CellHeatingWarmsItsCellAndLessItsNeighbours()
        {
            var o = new SimulationOptions { Seed = 2, StepSeconds = 1 };
            var m = new VirtualModule(o);
            m.Faults.At(60, FaultKind.CellHeating, 3, 20.0);
            m.Advance(4 * 3600);
            double[] t = new double[16];
            for (int k = 0; k < 16; k++)
            {
                t[k] = m.Truth.CellTemperatureC[k];
            }

            Assert.True(t[3] > 30);
            Assert.True(t[3] > t[2] && t[2] > t[1] && t[1] > t[0]);
            Assert.True(t[15] < 26);
        }

        [Fact]
        public void HeavyCurrentHeatsCellsAndRaisesTheirResistanceWhenCold()
        {
            var o = new SimulationOptions { Seed = 2, StepSeconds = 0.5, AmbientC = 25, Load = new ConstantCurrentProfile(-280, 0, 1800) };
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            m.Advance(1800);
            Assert.InRange(m.Truth.CellTemperatureC[8] - 25, 1.0, 15.0);
            Assert.True(m.Truth.ShuntTemperatureC > 25.5);

            // Arrhenius: at -10 C the same current drops more voltage across the cell's resistance
            var warm = new VirtualModule(SimTestKit.CleanCells(50));
            var coldOptions = SimTestKit.CleanCells(50);
            coldOptions.Cell.ActivationEnergyJPerMol = 25000;
            coldOptions.AmbientC = -10;
            var cold = new VirtualModule(coldOptions);
            foreach (var mod in new[] { warm, cold })
            {
                mod.Load = new ConstantCurrentProfile(-100);
                SimTestKit.CloseFets(mod);
                mod.Advance(0.1);
            }

            double dropWarm = warm.Truth.OcvV[0] - warm.Truth.CellVoltageV[0];
            double dropCold = cold.Truth.OcvV[0] - cold.Truth.CellVoltageV[0];
            double factor = Math.Exp(25000 / 8.314462618 * (1 / 263.15 - 1 / 298.15));
            Assert.InRange(dropCold / dropWarm, factor * 0.9, factor * 1.1);
        }

        [Fact]
        public void CurrentOffsetDriftShiftsTheCurrentChannel()
        {
            var m = new VirtualModule(SimulationOptions.IdealFrontEnd());
            SimTestKit.OpenMux(m);
            double before = m.ChannelVoltage(Bmu16.AdcCurrent, 0);
            m.Faults.Inject(FaultKind.CurrentOffsetDrift, 0, 2.0);
            m.Advance(3600);
            double after = m.ChannelVoltage(Bmu16.AdcCurrent, 0);

            // 2 A/h for 1 h = 2 A x 100 uOhm x 20
            Assert.Equal(2.0 * 100e-6 * 20, after - before, 6);
            Assert.Equal(0.0, m.Truth.PackCurrentA);
        }

        [Fact]
        public void ChargerOvervoltagePushesCellsPastTheirLimitUntilTheChargeFetOpens()
        {
            var o = new SimulationOptions { Seed = 8, StepSeconds = 0.5, InitialSocPct = 97, Load = new CcCvCharger(100, 3.45, 5) };
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            m.Faults.Inject(FaultKind.ChargerOvervoltage, 0, 4.0);
            double max = 0;
            for (int i = 0; i < 120 && max < 3.8; i++)
            {
                m.Advance(60);
                for (int k = 0; k < 16; k++)
                {
                    max = Math.Max(max, m.Truth.CellVoltageV[k]);
                }
            }

            Assert.True(max >= 3.8, "max cell " + max);
            m.Gpio.Write(Bmu16.PinChargeFet, false);
            m.Advance(1);
            Assert.Equal(0.0, m.Truth.PackCurrentA);
        }

        [Fact]
        public void PowerCutDuringReplaceKeepsTheOldBlobAndResetsTheBoard()
        {
            var m = new VirtualModule();
            byte[] old = { 1, 2, 3 };
            Assert.True(m.Ports.Store.Replace("cfg", old, 3));
            m.Store.CutPowerDuringNextReplace();
            Assert.False(m.Ports.Store.Replace("cfg", new byte[] { 9, 9, 9, 9 }, 4));
            Assert.True(m.RestartPending);
            Assert.Equal(ResetCause.BrownOut, m.LastResetCause);
            var buf = new byte[8];
            Assert.Equal(3, m.Ports.Store.Read("cfg", buf));
            Assert.Equal(old, buf[..3]);
            Assert.True(m.Store.Corrupt("cfg", 1));
            Assert.Equal(2 ^ 0xFF, m.Store.Peek("cfg")![1]);
        }

        [Fact]
        public void ConditionalFaultStartsWhenItsConditionHolds()
        {
            var o = SimTestKit.CleanCells(50);
            o.Load = new ConstantCurrentProfile(-280);
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            Fault f = m.Faults.When(mod => mod.Truth.MeanSocPct < 45, FaultKind.NtcOpen, 0);
            m.Advance(100);
            Assert.False(f.IsActive);
            m.Advance(200);
            Assert.True(f.IsActive);
            Assert.InRange(f.StartSeconds, 0.05 * 282 * 3600 / 280 - 1, 0.05 * 282 * 3600 / 280 + 1);
        }
    }
}
