using System;
using BatteryShift.Bms;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>
    /// Measurement accuracy of the safety core against the simulation's truth, across simulated chips (seeds):
    /// cell voltage over 2.5-3.65 V uncorrected (nominal ADC transfer), with the per-scan reference correction,
    /// and with the correction plus a two-point calibration per cell (multimeter = truth rounded to 1 mV);
    /// cell-group temperatures over 0-60 C; current offset after auto-zero and gain error after a one-point
    /// clamp-meter calibration at +100 A, checked at -100 A.
    /// </summary>
    public sealed class MeasurementAccuracyBenchmark : IBenchmark
    {
        public string Name => "meas-accuracy";

        public void Run(BenchContext context)
        {
            int chips = context.Quick ? 4 : 20;
            double uncorrected = 0, corrected = 0, calibrated = 0, temp = 0, tempAbove10 = 0, offset = 0, gainRaw = 0, gain = 0;
            for (int seed = 1; seed <= chips; seed++)
            {
                var runner = new VirtualModuleRunner(new SimulationOptions { Seed = (ulong)(1000 + seed) });
                runner.RunSeconds(3);
                BmsCore core = runner.Core;

                // current offset: no load, FETs closed, after the auto-zero of the self-test
                double sum = 0;
                int n = 0;
                for (int i = 0; i < 100; i++)
                {
                    runner.Step();
                    sum += core.Status.PackCurrentMa / 1000.0 - runner.Truth.PackCurrentA;
                    n++;
                }

                offset = Math.Max(offset, Math.Abs(sum / n));

                // current gain: raw at +100 A, calibrate there, check at -100 A
                runner.Module.Load = new ConstantCurrentProfile(100);
                runner.RunSeconds(5);
                gainRaw = Math.Max(gainRaw, Math.Abs(MeanCurrent(runner, 50) / runner.Truth.PackCurrentA - 1) * 100);
                core.CalibrateCurrent((int)Math.Round(runner.Truth.PackCurrentA * 1000));
                runner.Module.Load = new ConstantCurrentProfile(-100);
                runner.RunSeconds(5);
                gain = Math.Max(gain, Math.Abs(MeanCurrent(runner, 50) / runner.Truth.PackCurrentA - 1) * 100);
                runner.Module.Load = null;

                // temperatures 0..60 C
                (double all, double above10) = TemperatureErrors(runner);
                temp = Math.Max(temp, all);
                tempAbove10 = Math.Max(tempAbove10, above10);

                SafetyRig.SetAllTemperatures(runner, 25);

                // cells: uncorrected and corrected before calibration
                core.Measurement.UseCalibration = false;
                core.Measurement.UseCorrection = false;
                uncorrected = Math.Max(uncorrected, Sweep(runner));
                core.Measurement.UseCorrection = true;
                corrected = Math.Max(corrected, Sweep(runner));
                core.Measurement.UseCalibration = true;

                // two-point calibration in service, at about 3.0 V and 3.4 V
                CalibrateInService(runner);
                core.ExitService();
                runner.RunSeconds(2);
                calibrated = Math.Max(calibrated, Sweep(runner));
                context.Log.WriteLine($"  chip {seed}: uncorrected {uncorrected:0.0} corrected {corrected:0.0} calibrated {calibrated:0.0} mV, temp {temp:0.00} C, offset {offset:0.000} A, gain {gainRaw:0.00}/{gain:0.00} %");
            }

            string note = $"{chips} simulated chips (seeds), realistic front end, 16 cells swept 2.5-3.65 V";
            context.Record("meas.cell_mv_max_error", calibrated, "mV", "<= 5", note + ", reference correction + two-point calibration (multimeter 1 mV)");
            context.Record("meas.cell_mv_max_error_corrected_only", corrected, "mV", "", note + ", per-scan reference correction, no calibration");
            context.Record("meas.cell_mv_max_error_uncorrected", uncorrected, "mV", "", note + ", nominal ADC transfer (3100 mV full scale), no calibration");
            context.Record("meas.temp_c_max_error", temp, "C", "<= 1", $"{chips} chips, cell-group NTCs 0-60 C, NTC R25 tolerance 1 %");
            context.Record("meas.temp_c_max_error_10_60", tempAbove10, "C", "", "same, 10-60 C");
            context.Record("meas.current_gain_error_pct", gain, "%", "<= 0.5", $"{chips} chips, at -100 A after a clamp-meter calibration at +100 A (before: {gainRaw:0.00} %)");
            context.Record("meas.current_offset_error_a", offset, "A", "<= 0.2", $"{chips} chips, mean of 100 ticks at zero current after the self-test's auto-zero");
        }

        private static void CalibrateInService(VirtualModuleRunner runner)
        {
            BmsCore core = runner.Core;
        core.EnterService();
        foreach (double soc in new[] { 0.08, 0.97 })
        {
            SafetyRig.SetAllSoc(runner, soc);
            runner.RunSeconds(4);
            for (int i = 0; i < runner.Module.CellCount; i++)
            {
                int result = core.Calibrate(i, (int)Math.Round(runner.Truth.CellVoltageV[i] * 1000));
                if (result != ResultCode.Ok)
                {
                    throw new InvalidOperationException($"calibrate cell {i} at {runner.Truth.CellVoltageV[i]:0.0000} V (raw {core.Measurement.CellRawAverageMv(i):0.0}, gain {core.Calibration.Gain(i):0.0000}, offset {core.Calibration.OffsetMv(i):0.0}): {ResultCode.Text(result)}");
                }
            }
        }
        }

        private static (double All, double Above10) TemperatureErrors(VirtualModuleRunner runner)
        {
            BmsCore core = runner.Core;
            double temp = 0;
            double tempAbove10 = 0;
        for (int c = 0; c <= 60; c += 5)
        {
            SafetyRig.SetAllTemperatures(runner, c);
            runner.Step();
            for (int t = 0; t < 8; t++)
            {
                double e = Math.Abs(core.Status.TemperatureDeciC[t] / 10.0 - runner.Truth.NtcTemperatureC(t));
                temp = Math.Max(temp, e);
                if (c >= 10)
                {
                    tempAbove10 = Math.Max(tempAbove10, e);
                }
            }
        }

            return (temp, tempAbove10);
        }

        private static double MeanCurrent(VirtualModuleRunner runner, int ticks)
        {
            double sum = 0;
            for (int i = 0; i < ticks; i++)
            {
                runner.Step();
                sum += runner.Core.Status.PackCurrentMa / 1000.0;
            }

            return sum / ticks;
        }

        /// <summary>Cells at spread states of charge covering 2.5-3.65 V; worst |measured - truth| over a few ticks.</summary>
        private static double Sweep(VirtualModuleRunner runner)
        {
            double worst = 0;
            int cells = runner.Module.CellCount;
            for (int step = 0; step < 6; step++)
            {
                for (int i = 0; i < cells; i++)
                {
                    runner.Module.SetCellSoc(i, ((i * 6) + step) / (double)((cells * 6) - 1));
                }

                for (int tick = 0; tick < 3; tick++)
                {
                    runner.Step();
                    for (int i = 0; i < cells; i++)
                    {
                        double truth = runner.Truth.CellVoltageV[i] * 1000;
                        if (truth < 2500 || truth > 3650)
                        {
                            continue;
                        }

                        worst = Math.Max(worst, Math.Abs(runner.Core.Status.CellVoltageMv[i] - truth));
                    }
                }
            }

            return worst;
        }
    }
}
