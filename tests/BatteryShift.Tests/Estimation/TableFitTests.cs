using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Estimation;
using BatteryShift.Bms.Events;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The "table does not fit" report: the learned offset from hand-computed observations, and on the virtual module
    /// three days of peak shaving with cells on another published curve (fires) and on the firmware's own
    /// table (stays quiet).
    /// </summary>
    public sealed class TableFitTests
    {
        private readonly ITestOutputHelper _output;

        public TableFitTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void AnObservationMovesTheTwoNeighbouringNodesByTheirShare()
        {
            var fit = new OcvTableFit();

            // SOC 0.85 sits half-way between nodes 8 and 9: each takes 0.2 x 0.5 of the 25 mV residual
            fit.Observe(0.85f, 0.025f, 0.005f, 0.1f);
            Assert.Equal(0.0025f, fit.NodeOffsetV(8), 5);
            Assert.Equal(0.0025f, fit.NodeOffsetV(9), 5);
            Assert.Equal(0.1f, fit.NodeWeight(8), 5);

            // unlearned nodes take the learned mean (2.5 mV) and keep the whole allowance for what the table may be
            // wrong by, misfit reported or not; a node learned to 0.1 keeps 90 % of it
            Assert.Equal(0.0025f, fit.OffsetAt(0.3f), 5);
            Assert.Equal(OcvTableFit.UnknownAllowanceV, fit.AllowanceAt(0.3f), 5);
            Assert.Equal(0.9f * OcvTableFit.UnknownAllowanceV, fit.AllowanceAt(0.8f), 5);
        }

        [Fact]
        public void AKneesOffsetIsNotTakenAsThePlateausLevel()
        {
            var fit = new OcvTableFit();

            // Prada's bottom knee sits 110 mV below the table at 5 %: nodes 0 and 1 learn it
            for (int k = 0; k < 30; k++)
            {
                fit.Observe(0.05f, -0.110f, 0.002f, 1.0f);
            }

            Assert.True(fit.NodeOffsetV(1) < -0.1f);

            // the unlearned plateau and top keep the table's level: the knee says nothing of the plateau's
            Assert.Equal(0f, fit.OffsetAt(0.5f), 5);
            Assert.Equal(0f, fit.OffsetAt(0.99f), 5);

            // a plateau node's offset is the level the other unlearned plateau nodes take
            for (int k = 0; k < 30; k++)
            {
                fit.Observe(0.8f, 0.020f, 0.005f, 0.1f);
            }

            Assert.Equal(0.020f, fit.OffsetAt(0.5f), 3);
            Assert.Equal(0.020f, fit.OffsetAt(0.99f), 3);
        }

        [Fact]
        public void ASocNotKnownWellEnoughForTheSlopeTeachesNothing()
        {
            var fit = new OcvTableFit();

            // 2 % uncertainty on a 0.4 V/unit slope is 8 mV, more than the 6 mV the observation needs
            Assert.False(fit.Observe(0.25f, 0.05f, 0.02f, 0.4f));
            Assert.Equal(0f, fit.NodeWeight(2));
            Assert.Equal(0f, fit.NodeOffsetV(2));
        }

        [Fact]
        public void AConfidentNodeOffByMoreThan15MvReportsAndClearsBelow10Mv()
        {
            var fit = new OcvTableFit();
            bool changed = false;
            for (int k = 0; k < 20 && !fit.Misfit; k++)
            {
                changed = fit.Observe(0.8f, 0.025f, 0.005f, 0.1f);
            }

            Assert.True(fit.Misfit);
            Assert.True(changed);
            Assert.True(fit.WorstOffsetV > OcvTableFit.MisfitV);

            // while the table does not fit, an unlearned node allows the full spread, a learned one less
            Assert.Equal(OcvTableFit.UnknownAllowanceV, fit.AllowanceAt(0.3f), 5);
            Assert.True(fit.AllowanceAt(0.8f) < 0.5f * OcvTableFit.UnknownAllowanceV);
            for (int k = 0; k < 40 && fit.Misfit; k++)
            {
                fit.Observe(0.8f, 0.0f, 0.005f, 0.1f);
            }

            Assert.False(fit.Misfit);
            Assert.True(fit.WorstOffsetV < OcvTableFit.FitV);
        }

        [Fact]
        public void FiresOnCellsOfAnotherPublishedCurve()
        {
            // Prada's curve is 60 mV below the table at 20-30 %, where the module rests every evening
            int reports = Run(OcvTable.Builtin("prada2013-afshar-chen"), out var core);
            Assert.True(reports >= 1, "no table-fit report on cells 60 mV off the table where they rest");
            Assert.True(core.Status.OcvTableMisfit);
            Assert.True(core.Status.OcvTableOffsetMv <= -15, $"offset {core.Status.OcvTableOffsetMv} mV");
        }

        [Fact]
        public void StaysQuietOnCellsOfTheFirmwaresOwnTable()
        {
            int reports = Run(OcvTable.Default, out var core);
            Assert.Equal(0, reports);
            Assert.False(core.Status.OcvTableMisfit);
        }

        // three days of peak shaving from 21:00 at 25 %, commissioned as everywhere; table-fit events counted
        private int Run(OcvTable curve, out BmsCore core)
        {
            var config = new BmsConfig();
            config.TrySet(ModuleKeys.TickPeriodMs, 1000);
            var cells = CellParameters.Lf280K();
            cells.Ocv = curve;
            var options = new SimulationOptions { Seed = 5, StepSeconds = 0.2, InitialSocPct = 25, InitialHysteresis = -1, Cell = cells, Load = new ShiftedProfile(new PeakShavingProfile(), 21 * 3600.0) };
            var runner = new VirtualModuleRunner(options, config);
            runner.Start();
            BringUpCalibration.Run(runner);
            runner.RunSeconds(600);
            core = runner.Core;
            long from = core.Events.NextSequence;
            runner.RunSeconds(72 * 3600);
            int reports = 0;
            for (long seq = Math.Max(from, core.Events.OldestSequence); seq < core.Events.NextSequence; seq++)
            {
                if (core.Events.Kind(seq) == EventKind.TableFit && core.Events.Value(seq) == 1)
                {
                    reports++;
                }
            }

            _output.WriteLine($"{curve.Source}: {reports} reports, offset {core.Status.OcvTableOffsetMv} mV, misfit {core.Status.OcvTableMisfit}");
            return reports;
        }

        private sealed class ShiftedProfile : LoadProfile
        {
            private readonly LoadProfile _inner;
            private readonly double _offsetS;

            public ShiftedProfile(LoadProfile inner, double offsetS)
            {
                _inner = inner;
                _offsetS = offsetS;
            }

            public override double CurrentA(in PackView pack)
            {
                var shifted = new PackView(pack.TimeSeconds + _offsetS, pack.CellCount, pack.TerminalVoltageV, pack.SourceVoltageV, pack.ResistanceOhm, pack.ChargeEnable, pack.DischargeEnable, pack.ChargerOvervoltageCellV);
                return _inner.CurrentA(shifted);
            }
        }
    }
}
