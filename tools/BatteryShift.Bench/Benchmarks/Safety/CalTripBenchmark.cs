using System.Linq;
using BatteryShift.Bms.Measurement;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>
    /// How far any calibration sequence the firmware accepts can move a cell voltage trip point, in true voltage
    /// (<see cref="CalibrationAdversary"/>: single points, pairs, repeated pairs and random sequences with multimeter
    /// errors of up to 80 mV, both directions, every cell, on the local console; MQTT refuses calibration). Measured on
    /// a module after its bring-up calibration (the state a module is in service), and, as a second row, on channels
    /// that start uncalibrated, whose raw reading the firmware knows only within the band (CalibrationGuard.BandMv).
    /// </summary>
    public sealed class CalTripBenchmark : IDescribedBenchmark
    {
        public string Name => "cal-trip";

        public string Description => "largest true-voltage move of a cell trip point by an accepted calibration sequence";

        public void Run(BenchContext context)
        {
            int[] cells = context.Quick ? new[] { 0, 9 } : Enumerable.Range(0, 16).ToArray();
            int[] errors = context.Quick ? new[] { -50, -5, 0, 5, 50 } : new[] { -80, -50, -20, -5, -1, 0, 1, 5, 20, 50, 80 };
            int repeats = context.Quick ? 5 : 20;
            int random = context.Quick ? 20 : 100;
            CalibrationAttackResult commissioned = CalibrationAdversary.Run(18, cells, true, random, errors, repeats);
            context.Log.WriteLine($"  commissioned: {commissioned.Sequences} sequences, {commissioned.PointsAccepted} points accepted, unsafe {commissioned.WorstUnsafeShiftMv:0.000} mV ({commissioned.WorstCase}), safe {commissioned.WorstSafeShiftMv:0.0} mV");
            CalibrationAttackResult uncalibrated = CalibrationAdversary.Run(18, cells, false, random, errors, repeats);
            context.Log.WriteLine($"  uncalibrated: {uncalibrated.Sequences} sequences, {uncalibrated.PointsAccepted} points accepted, unsafe {uncalibrated.WorstUnsafeShiftMv:0.000} mV ({uncalibrated.WorstCase})");

            string note = $"{cells.Length} cells x {commissioned.Sequences / cells.Length} sequences (singles, pairs, pairs repeated {repeats}x, {random} random; multimeter errors to 80 mV), seed 18, realistic front end";
            context.Record("safety.cal_trip_shift_mv", commissioned.WorstUnsafeShiftMv, "mV", "<= 5", note + ", after the bring-up calibration; worst: " + commissioned.WorstCase);
            context.Record("safety.cal_trip_safe_shift_mv", commissioned.WorstSafeShiftMv, "mV", "", note + ", after the bring-up calibration: the largest move to the safe side (earlier trips)");
            context.Record("safety.cal_trip_shift_uncalibrated_mv", uncalibrated.WorstUnsafeShiftMv, "mV", "", note + $", channels starting uncalibrated (first calibration bounded by the {CalibrationGuard.BandMv} mV band only); worst: " + uncalibrated.WorstCase);
        }
    }
}
