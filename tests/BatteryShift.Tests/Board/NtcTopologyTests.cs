using System.Collections.Generic;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Estimation;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Board
{
    /// <summary>
    /// Which cell-group NTC sits by which cell, on 8, 12 and 16 cells: the expected NTC of each cell is counted by
    /// hand from the board (eight NTCs spread evenly over the cells, docs/hardware.md), not from the firmware's
    /// formula, and every user of a cell's temperature is held to it. The estimator used to take cell i's
    /// temperature from NTC i / 2, right only on 16 cells: on 8 cells cell 8's SOC and resistance were corrected
    /// with NTC 4's temperature.
    /// </summary>
    public class NtcTopologyTests
    {
        private const int WarmDeciC = 250;
        private const int ColdDeciC = -100;

        public static IEnumerable<object[]> Boards()
        {
            yield return new object[] { 8, new[] { 0, 1, 2, 3, 4, 5, 6, 7 } };
            yield return new object[] { 12, new[] { 0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7 } };
            yield return new object[] { 16, new[] { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7 } };
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void BoardDefinitionPlacesEachCellByItsNtc(int cells, int[] ntcOfCell)
        {
            for (int i = 0; i < cells; i++)
            {
                int ntc = Bmu16.NtcOfCell(i, cells);
                Assert.Equal(ntcOfCell[i], ntc);
                Assert.InRange(i, Bmu16.FirstCellOfNtc(ntc, cells), Bmu16.LastCellOfNtc(ntc, cells));
            }
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void StartingSocIsCorrectedWithTheTemperatureOfTheCellsOwnNtc(int cells, int[] ntcOfCell)
        {
            for (int cold = 0; cold < Bmu16.CellNtcCount; cold++)
            {
                CellSocFilter filter = Estimator(cells).Filter;

                // charging at 100 A: the R0 drop taken off each cell's voltage depends on the cell's temperature
                filter.InitialiseFromVoltage(Status(cells, cold), 100f);
                AssertOnlyColdCellsDiffer(cells, ntcOfCell, cold, i => filter.Soc(i));
            }
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void FilterStepModelsEachCellAtTheTemperatureOfItsOwnNtc(int cells, int[] ntcOfCell)
        {
            for (int cold = 0; cold < Bmu16.CellNtcCount; cold++)
            {
                CellSocFilter filter = Estimator(cells).Filter;
                filter.InitialiseFromVoltage(Status(cells, -1), 0f);
                filter.Step(Status(cells, cold), 100000L * 1000, null, 1000, 100f, 100f);
                AssertOnlyColdCellsDiffer(cells, ntcOfCell, cold, i => filter.SocLow(i));
                AssertOnlyColdCellsDiffer(cells, ntcOfCell, cold, i => filter.SocHigh(i));
            }
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void LearnedResistanceIsNormalisedWithTheTemperatureOfTheCellsOwnNtc(int cells, int[] ntcOfCell)
        {
            for (int cold = 0; cold < Bmu16.CellNtcCount; cold++)
            {
                var r0 = new float[Bmu16.MaxCells];
                for (int i = 0; i < r0.Length; i++)
                {
                    r0[i] = 0.00035f;
                }

                var resistance = new ResistanceEstimator(r0) { ActivationK = 3007 };
                ModuleStatus status = Status(cells, cold);
                resistance.Observe(status, 0);

                // a 50 A step that every cell answers with the same 50 mV (1 mOhm as measured)
                for (int i = 0; i < cells; i++)
                {
                    status.CellVoltageMv[i] += 50;
                }

                resistance.Observe(status, 50000);
                resistance.Observe(status, 50000);
                Assert.Equal(1, resistance.Samples);
                AssertOnlyColdCellsDiffer(cells, ntcOfCell, cold, i => r0[i]);
            }
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void SimulatedNtcReadsTheCellsItSitsBy(int cells, int[] ntcOfCell)
        {
            var module = new VirtualModule(new SimulationOptions { Seed = 3, CellCount = cells });
            var truth = module.Truth;

            // every cell at a temperature of its own, so that an NTC averaging the wrong cells reads wrong
            var cellC = (double[])truth.CellTemperatureC;
            for (int i = 0; i < cells; i++)
            {
                cellC[i] = 20.0 + i;
            }
            for (int g = 0; g < Bmu16.CellNtcCount; g++)
            {
                double sum = 0;
                int count = 0;
                for (int i = 0; i < cells; i++)
                {
                    if (ntcOfCell[i] == g)
                    {
                        sum += truth.CellTemperatureC[i];
                        count++;
                    }
                }

                if (count > 0)
                {
                    Assert.Equal(sum / count, truth.NtcTemperatureC(g), 9);
                }
            }
        }

        private static SocEstimator Estimator(int cells)
        {
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(ModuleKeys.CellCount, cells));
            return new SocEstimator(config, null);
        }

        private static ModuleStatus Status(int cells, int coldNtc)
        {
            var status = new ModuleStatus { CellCount = cells, MeasurementValid = true };
            for (int i = 0; i < cells; i++)
            {
                status.CellVoltageMv[i] = 3350;
            }

            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                status.TemperatureDeciC[t] = t == Bmu16.AuxNtcFirst + coldNtc ? ColdDeciC : WarmDeciC;
            }

            return status;
        }

        private static void AssertOnlyColdCellsDiffer(int cells, int[] ntcOfCell, int cold, System.Func<int, float> value)
        {
            float warm = float.NaN;
            for (int i = 0; i < cells; i++)
            {
                if (ntcOfCell[i] != cold)
                {
                    warm = value(i);
                    break;
                }
            }

            for (int i = 0; i < cells; i++)
            {
                bool differs = value(i) != warm;
                Assert.True(differs == (ntcOfCell[i] == cold), $"{cells} cells, NTC {cold + 1} cold: cell {i + 1} {(differs ? "was" : "was not")} treated as cold");
            }
        }
    }
}
