using System;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// A short version of the `soc` benchmark's scenario on several seeds, against the simulation's truth: the
    /// unmodified core on the virtual module (16 cells with spread, the full ADC error model), commissioned with
    /// the bring-up calibration, a current sensor reading +0.5 % and +0.1 A after the last auto-zero, an SOC
    /// guess 20 % high as in the benchmark, from 21:00 after an evening discharge through the night's charge
    /// (8 h): no error above 2.5 % after the first 2 h, module and every cell (the bound). The RMSE
    /// target is a figure over the benchmark's 30 days (an 8 h window is mostly the start, where the unknown
    /// hysteresis branch at rest keeps errors near 2 %); the synthetic seed test checks both targets over a day.
    /// </summary>
    public sealed class ScenarioSeedTests
    {
        // 21:00 to 05:00: rest, the night's charge to full (over by about 03:45), rest
        private const int Hours = 8;


        private readonly ITestOutputHelper _output;

        public ScenarioSeedTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData(1UL, 20.0)]
        [InlineData(2UL, 20.0)]
        [InlineData(3UL, 20.0)]
        public void StaysWithinTargetFromAWrongGuess(ulong seed, double guessOffsetPct)
        {
            var options = new SimulationOptions
            {
                Seed = seed,
                StepSeconds = 1.0,
                InitialSocPct = 25.0,
                InitialHysteresis = -1.0,
                Load = new EveningStart(21.0 * 3600.0),
            };
            options.Board.CurrentAmpGainErrorPct = 0.0;
            options.Board.CurrentAmpOffsetV = 0.0;
            var config = new BmsConfig();
            config.TrySet(ModuleKeys.TickPeriodMs, 1000);

            // the virtual cells follow the firmware's own table (the control case): its SOC axis is trusted as it
            // is; TableFitTests cover curves the firmware does not carry with the default allowance
            Assert.Equal(BatteryShift.Bms.ResultCode.Ok, config.TrySet(EstimationKeys.TableShiftPct, 0));
            var runner = new VirtualModuleRunner(options, config);
            runner.Start();
            BringUpCalibration.Run(runner);
            runner.RunSeconds(600);
            runner.Module.SetCurrentSensorError(0.005, 0.1);
            var truth = runner.Truth;
            var core = runner.Core;
            int n = truth.CellCount;
            core.Estimator.SetSoc((float)Math.Clamp(truth.ModuleSocPct + guessOffsetPct, 0.0, 100.0));

            double max = 0;
            string where = string.Empty;
            for (int s = 0; s < Hours * 3600; s++)
            {
                runner.Step();
                Assert.Same(core, runner.Core);
                if (s < 2 * 3600)
                {
                    continue;
                }

                double tm = truth.ModuleSocPct;
                Note(ref max, ref where, core.Status.SocPct - tm, "module", s, tm);
                for (int i = 0; i < n; i++)
                {
                    double tc = truth.Soc[i] * 100.0;
                    Note(ref max, ref where, core.Status.CellSocPct[i] - tc, "cell " + (i + 1), s, tc);
                }
            }

            _output.WriteLine($"seed {seed}, guess {guessOffsetPct:+0;-0} %: max after 2 h {max:F2} % ({where})");
            Assert.True(max <= 2.5, $"max {max:F2} % ({where})");
        }

        private static void Note(ref double max, ref string where, double e, string what, int s, double truth)
        {
            if (Math.Abs(e) > max)
            {
                max = Math.Abs(e);
                where = $"{what} at {s / 3600.0:F2} h, error {e:+0.00;-0.00} %, true {truth:F1} %";
            }
        }


        /// <summary>The simulation's daily peak shaving on a clock that starts in the evening, with an inverter's
        /// 3.0 V/cell low-voltage cut-off.</summary>
        private sealed class EveningStart : LoadProfile
        {
            private readonly PeakShavingProfile _daily = new PeakShavingProfile();
            private readonly double _offsetS;

            public EveningStart(double offsetS)
            {
                _offsetS = offsetS;
            }

            public override double CurrentA(in PackView pack)
            {
                var shifted = new PackView(pack.TimeSeconds + _offsetS, pack.CellCount, pack.TerminalVoltageV, pack.SourceVoltageV, pack.ResistanceOhm, pack.ChargeEnable, pack.DischargeEnable, pack.ChargerOvervoltageCellV);
                double i = _daily.CurrentA(shifted);
                return i < 0 && pack.TerminalVoltageV < 3.0 * pack.CellCount ? 0.0 : i;
            }
        }
    }
}
