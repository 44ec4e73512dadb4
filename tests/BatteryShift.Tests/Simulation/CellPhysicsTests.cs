using System;
using BatteryShift.Hal.Simulation;
using Xunit;
using BatteryShift.Bms.Board;

namespace BatteryShift.Tests.Simulation
{
    public class CellPhysicsTests
    {
        [Fact]
        public void ConstantCurrentDischargeRemovesTheIntegralOfCurrent()
        {
            var o = SimTestKit.CleanCells(80);
            o.Load = new ConstantCurrentProfile(-100.0, 0, 1800);
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            double soc0 = m.Truth.Soc[5];
            m.Advance(3600);

            // 100 A for 1800 s = 50 Ah, then nothing
            Assert.Equal(-50.0, m.Truth.NetChargeAh, 6);
            Assert.Equal(50.0, m.Truth.ChargeOutAh, 6);
            double expectedDrop = 50.0 / o.Cell.CapacityAh;
            Assert.Equal(expectedDrop, soc0 - m.Truth.Soc[5], 9);
        }

        [Fact]
        public void ChargeCountsWithCoulombicEfficiency()
        {
            var o = SimTestKit.CleanCells(20);
            o.Load = new ConstantCurrentProfile(50.0, 0, 3600);
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            double soc0 = m.Truth.Soc[0];
            m.Advance(3600);
            Assert.Equal(50.0, m.Truth.ChargeInAh, 6);
            Assert.Equal(50.0 * o.Cell.CoulombicEfficiency / o.Cell.CapacityAh, m.Truth.Soc[0] - soc0, 9);
        }

        [Fact]
        public void RestVoltageRelaxesToOcvPlusHysteresisWithTheRcTimeConstants()
        {
            var o = SimTestKit.CleanCells(60);
            const double I = 100.0;
            const double T = 600.0;
            o.Load = new ConstantCurrentProfile(-I, 0, T);
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            m.Advance(T);
            CellParameters p = o.Cell;

            // independent: RC currents after a step of I for T seconds from rest, hysteresis after I*T coulombs
            double ir1 = I * (1 - Math.Exp(-T / p.Tau1S));
            double ir2 = I * (1 - Math.Exp(-T / p.Tau2S));
            double h = -(1 - Math.Exp(-p.HysteresisRate * I * T / 3600.0 / p.CapacityAh));
            double soc = 0.60 - I * T / 3600.0 / p.CapacityAh;
            Assert.Equal(soc, m.Truth.Soc[0], 9);
            Assert.Equal(h, m.Truth.Hysteresis[0], 6);

            // under load: R0 drop included
            double ocv = p.Ocv.Ocv(soc, 25);
            double vLoad = ocv - p.InstantHysteresisV + p.HysteresisV * h - p.R1Ohm * ir1 - p.R2Ohm * ir2 - p.R0Ohm * I;
            Assert.Equal(vLoad, m.Truth.CellVoltageV[0], 6);

            double[] restTimes = { 1, 20, 60, 300, 1200, 4000 };
            double elapsed = 0;
            foreach (double t in restTimes)
            {
                m.Advance(t - elapsed);
                elapsed = t;
                double expected = ocv - p.InstantHysteresisV + p.HysteresisV * h
                    - p.R1Ohm * ir1 * Math.Exp(-t / p.Tau1S) - p.R2Ohm * ir2 * Math.Exp(-t / p.Tau2S);
                Assert.Equal(expected, m.Truth.CellVoltageV[0], 6);
            }

            // after long rest: OCV plus the discharge-branch hysteresis, below the mid-branch OCV
            double gap = m.Truth.CellVoltageV[0] - ocv;
            Assert.InRange(gap, -(p.HysteresisV + p.InstantHysteresisV) - 1e-4, -p.InstantHysteresisV);
        }

        [Fact]
        public void BleedCurrentIsCellVoltageOverBleedResistanceAndHeatsTheBoard()
        {
            var o = SimTestKit.CleanCells(70);
            var m = new VirtualModule(o);
            double v = m.Truth.CellVoltageV[2];
            SimTestKit.Bleed(m, 1 << 2);
            Assert.Equal(1 << 2, m.Truth.BleedMask);
            m.Advance(3600);
            double r = o.Board.BleedResistorOhm + o.Board.BleedFetOhm;
            double i = m.Truth.BleedCurrentA[2];
            Assert.InRange(i, v / r * 0.995, v / r * 1.001);
            Assert.InRange(m.Truth.BledAh[2], 0.99 * i, 1.01 * i);
            Assert.Equal(0.0, m.Truth.BledAh[3]);
            double drop = m.Truth.Soc[3] - m.Truth.Soc[2];
            Assert.InRange(drop, 0.99 * i / o.Cell.CapacityAh, 1.01 * i / o.Cell.CapacityAh);

            // board: P = I^2 R into C with conductance G: T rise after 1 h
            BoardParameters b = o.Board;
            double p = i * i * b.BleedResistorOhm;
            double rise = p / b.BoardAmbientConductanceWPerK * (1 - Math.Exp(-3600 * b.BoardAmbientConductanceWPerK / b.BoardHeatCapacityJPerK));
            Assert.InRange(m.Truth.BoardTemperatureC - 25.0, rise * 0.97, rise * 1.03);
        }

        [Fact]
        public void OpenFetsStopTheCurrentInTheirDirection()
        {
            var o = SimTestKit.CleanCells(50);
            o.Load = new ConstantCurrentProfile(-100.0);
            var m = new VirtualModule(o);
            double soc0 = m.Truth.Soc[0];

            // at reset both FET enables are pulled down
            m.Advance(60);
            Assert.False(m.Truth.DischargeFetOn);
            Assert.Equal(0.0, m.Truth.PackCurrentA);
            Assert.Equal(soc0, m.Truth.Soc[0]);

            // charge FET alone does not pass a discharge
            SimTestKit.CloseFets(m, charge: true, discharge: false);
            m.Advance(60);
            Assert.Equal(0.0, m.Truth.PackCurrentA);

            // discharge FET passes it
            m.Gpio.Write(Bmu16.PinDischargeFet, true);
            m.Advance(60);
            Assert.Equal(-100.0, m.Truth.PackCurrentA);

            // a charger with the charge FET open pushes nothing in, even when it ignores the enable
            m.Load = new CcCvCharger(100, 3.45);
            m.Faults.Inject(FaultKind.ChargerOvervoltage);
            m.Gpio.Write(Bmu16.PinChargeFet, false);
            m.Advance(60);
            Assert.Equal(0.0, m.Truth.PackCurrentA);
            m.Gpio.Write(Bmu16.PinChargeFet, true);
            m.Advance(1);
            Assert.Equal(100.0, m.Truth.PackCurrentA);
        }

        [Fact]
        public void ChargerFollowsConstantCurrentThenConstantVoltage()
        {
            var o = SimTestKit.CleanCells(97);
            o.Load = new CcCvCharger(140, 3.45, 5);
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            m.Advance(10);
            Assert.Equal(140.0, m.Truth.PackCurrentA, 6);
            m.Advance(4 * 3600);
            var charger = (CcCvCharger)m.Load!;
            Assert.True(charger.Complete || charger.InConstantVoltage);
            Assert.InRange(m.Truth.PackVoltageV, 3.30 * 16, 3.45 * 16 + 0.01);
            Assert.True(m.Truth.PackCurrentA < 140);
        }

        [Fact]
        public void ParametersLoadFromAFile()
        {
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bs-sim-" + Environment.ProcessId);
            System.IO.Directory.CreateDirectory(dir);
            System.IO.File.WriteAllText(System.IO.Path.Combine(dir, "ocv.csv"), "# test\nsoc_percent,ocv_v,docv_dt_mv_per_k\n0,3.0,0\n50,3.3,0\n100,3.5,1.0\n");
            string path = System.IO.Path.Combine(dir, "my.cell");
            System.IO.File.WriteAllText(path, "OcvTable = ocv.csv\nCapacityAh = 100 # small cell\nR0Ohm=0.001\n");
            CellParameters p = CellParameters.Load(path);
            Assert.Equal(100, p.CapacityAh);
            Assert.Equal(0.001, p.R0Ohm);
            Assert.Equal(3.15, p.Ocv.Ocv(0.25, 25), 9);
            Assert.Equal(3.4 + 0.5e-3 * 10, p.Ocv.Ocv(0.75, 35), 9);
            Assert.Throws<System.IO.InvalidDataException>(() =>
            {
                System.IO.File.WriteAllText(path, "NoSuchKey = 1\n");
                CellParameters.Load(path);
            });

            // the shipped default file reproduces the built-in defaults
            string shipped = System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "lf280k.cell");
            CellParameters d = CellParameters.Load(shipped);
            Assert.Equal(CellParameters.Lf280K().R2Ohm, d.R2Ohm);
            Assert.Equal(OcvTable.Default.Ocv(0.5, 25), d.Ocv.Ocv(0.5, 25), 12);
        }
    }
}
