using System;
using System.IO;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Simulation
{
    public class ProfileTests
    {
        [Fact]
        public void CsvCurrentProfileMovesExactlyItsIntegral()
        {
            string csv = "# a test profile\ntime_s,current_a\n0,-100\n600,50\n900,0\n";
            var p = CsvLoadProfile.Parse(new StringReader(csv), "test");
            Assert.False(p.IsPower);
            var o = SimTestKit.CleanCells(60);
            o.Load = p;
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            m.Advance(1200);
            Assert.Equal((-100 * 600 + 50 * 300) / 3600.0, m.Truth.NetChargeAh, 6);
        }

        [Fact]
        public void CsvPowerProfileDividesByTheModuleVoltage()
        {
            var p = CsvLoadProfile.Parse(new StringReader("t,power_w\n0,-5120\n"), "test");
            Assert.True(p.IsPower);
            var o = SimTestKit.CleanCells(60);
            o.Load = p;
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            m.Advance(10);
            double v = m.Truth.PackVoltageV;
            Assert.InRange(m.Truth.PackCurrentA, -5120 / v * 1.001, -5120 / v * 0.999);
        }

        [Fact]
        public void PeakShavingCyclesTheModuleDailyWithinItsLimits()
        {
            var o = new SimulationOptions { Seed = 5, StepSeconds = 1, InitialSocPct = 60, Load = EssProfiles.DailyPeakShaving() };
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            double socAt6 = 0;
            double minSoc = 1;
            double maxCell = 0;
            for (int h = 0; h < 48; h++)
            {
                m.Advance(3600);
                minSoc = Math.Min(minSoc, m.Truth.SocRange().Min);
                for (int k = 0; k < 16; k++)
                {
                    maxCell = Math.Max(maxCell, m.Truth.CellVoltageV[k]);
                }

                if (h == 29)
                {
                    socAt6 = m.Truth.MeanSocPct;
                }
            }

            // charged overnight to near full, discharged about 3/4 by the evening peaks
            Assert.True(socAt6 > 90 && socAt6 < 101, "SOC at 06:00 " + socAt6);
            Assert.True(m.Truth.MeanSocPct > 10 && m.Truth.MeanSocPct < 40, "SOC at the end " + m.Truth.MeanSocPct);
            Assert.True(minSoc > 0.05);
            Assert.True(maxCell < 3.70, "max cell " + maxCell);
            Assert.InRange(m.Truth.ChargeOutAh, 300, 480);
        }

        [Fact]
        public void DataCentreBackupFloatsThenDischargesHardThenRecharges()
        {
            var profile = new DataCentreBackupProfile(floatHours: 2, backupA: 250, backupMinutes: 10);
            var o = new SimulationOptions { Seed = 6, StepSeconds = 1, InitialSocPct = 90, Load = profile };
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            m.Advance(1.5 * 3600);
            Assert.InRange(m.Truth.PackCurrentA, 0, 56);
            m.Advance(0.5 * 3600 + 60);
            Assert.Equal(-250, m.Truth.PackCurrentA, 9);
            m.Advance(600);
            Assert.True(m.Truth.PackCurrentA > 0);
        }

        [Fact]
        public void FrequencyRegulationSwingsBothWaysQuickly()
        {
            var o = new SimulationOptions { Seed = 7, Load = EssProfiles.FrequencyRegulation(3) };
            var m = new VirtualModule(o);
            SimTestKit.CloseFets(m);
            int signChanges = 0;
            double last = 0;
            double maxAbs = 0;
            for (int i = 0; i < 600; i++)
            {
                m.Advance(1);
                double c = m.Truth.PackCurrentA;
                if (c * last < 0)
                {
                    signChanges++;
                }

                last = c;
                maxAbs = Math.Max(maxAbs, Math.Abs(c));
            }

            Assert.True(signChanges > 20, "sign changes: " + signChanges);
            Assert.InRange(maxAbs, 50, 140 * 1.2 + 1e-9);
        }

        [Fact]
        public void ProfilesByName()
        {
            Assert.Null(EssProfiles.ByName("rest"));
            Assert.IsType<ConstantCurrentProfile>(EssProfiles.ByName("cc:-20"));
            Assert.IsType<PeakShavingProfile>(EssProfiles.ByName("peak-shaving"));
            Assert.Throws<ArgumentException>(() => EssProfiles.ByName("nonsense"));
        }
    }
}
