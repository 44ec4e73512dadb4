using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness
{
    /// <summary>
    /// Searches for calibration sequences that move a cell voltage trip point, on a virtual module, through the console
    /// as a technician (or an attacker at the module) would type them: <c>service on</c>, then <c>cal &lt;cell&gt;
    /// &lt;mV&gt;</c> with the cell moved to one of four states of charge and the "multimeter" reading set to the
    /// simulation's true voltage plus a chosen error. Single points, pairs, the same pair repeated, and random
    /// sequences of up to six points, on every cell. After each sequence the constants the firmware accepted give,
    /// for every cell_ov and cell_uv level and both envelope ends, the true voltage at which the calibrated reading
    /// reaches the level; its shift from the start is the sequence's effect. The raw reading against truth is measured
    /// per channel from the simulation (two states of charge) and is linear, as the board's front end. The start is
    /// restored after each sequence.
    /// </summary>
    public static class CalibrationAdversary
    {
        // 2.95, 3.03, 3.28 and about 3.40 V on the LFP OCV table (hardware-abstraction/BatteryShift.Hal.Simulation/Data/lfp-ocv.csv)
        private static readonly double[] s_levels = { 0.01, 0.03, 0.50, 0.995 };

        /// <summary>
        /// Runs the search.
        /// </summary>
        /// <param name="seed">Module seed.</param>
        /// <param name="cells">Cells to attack (0-based).</param>
        /// <param name="commissioned">True: the bring-up two-point calibration is done first (a module in service);
        /// false: the channels start uncalibrated.</param>
        /// <param name="randomSequences">Random sequences per cell.</param>
        /// <param name="errorsMv">The multimeter errors tried in single points and pairs, mV.</param>
        /// <param name="repeats">Times a pair is repeated in the creeping sequences.</param>
        /// <returns>What the search found.</returns>
        public static CalibrationAttackResult Run(ulong seed, IReadOnlyList<int> cells, bool commissioned, int randomSequences, IReadOnlyList<int> errorsMv, int repeats)
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = seed, Errors = FrontEndErrors.Realistic });
            runner.RunSeconds(3);
            if (commissioned)
            {
                BringUpCalibration.Run(runner);
            }

            BmsCore core = runner.Core;
            for (int t = 0; t < 600 && core.Status.State != ModuleState.Standby && core.Status.State != ModuleState.Service; t++)
            {
                runner.Step();
            }

            BringUpCalibration.Command(runner, "service on");
            var result = new CalibrationAttackResult();
            var start = new Calibration();
            var random = new Random((int)seed);
            foreach (int cell in cells)
            {
                (double slope, double rawAt, double trueAt) = RawTransfer(runner, cell);
                start.CopyFrom(core.Calibration);
                foreach (List<(int Level, int ErrorMv)> sequence in Sequences(errorsMv, repeats, randomSequences, random))
                {
                    int accepted = 0;
                    foreach ((int level, int errorMv) in sequence)
                    {
                        accepted += Point(runner, cell, level, errorMv) ? 1 : 0;
                    }

                    result.Sequences++;
                    result.PointsAccepted += accepted;
                    Judge(core, start, cell, slope, rawAt, trueAt, sequence, result);
                    core.Calibration.CopyFrom(start);
                }
            }

            BringUpCalibration.Command(runner, "service off");
            return result;
        }

        // the channel's raw reading against the true cell voltage: raw = rawAt + slope * (true - trueAt)
        private static (double Slope, double RawAt, double TrueAt) RawTransfer(VirtualModuleRunner runner, int cell)
        {
            Settle(runner, cell, s_levels[1]);
            double raw1 = runner.Core.Measurement.CellRawAverageMv(cell);
            double true1 = runner.Truth.CellVoltageV[cell] * 1000;
            Settle(runner, cell, s_levels[3]);
            double raw2 = runner.Core.Measurement.CellRawAverageMv(cell);
            double true2 = runner.Truth.CellVoltageV[cell] * 1000;
            return ((raw2 - raw1) / (true2 - true1), raw1, true1);
        }

        private static void Settle(VirtualModuleRunner runner, int cell, double soc)
        {
            runner.Module.SetCellSoc(cell, soc);
            runner.RunSeconds(2);
        }

        private static bool Point(VirtualModuleRunner runner, int cell, int level, int errorMv)
        {
            Settle(runner, cell, s_levels[level]);
            int claimed = (int)Math.Round(runner.Truth.CellVoltageV[cell] * 1000) + errorMv;
            byte[] line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"cal {cell + 1} {claimed}"));
            return runner.Core.Commands.Execute(line, 0, line.Length, false) == ResultCode.Ok;
        }

        private static IEnumerable<List<(int Level, int ErrorMv)>> Sequences(IReadOnlyList<int> errorsMv, int repeats, int randomSequences, Random random)
        {
            for (int level = 0; level < s_levels.Length; level++)
            {
                foreach (int e in errorsMv)
                {
                    yield return new List<(int, int)> { (level, e) };
                }
            }

            for (int a = 0; a < s_levels.Length; a++)
            {
                for (int b = 0; b < s_levels.Length; b++)
                {
                    if (a == b)
                    {
                        continue;
                    }

                    foreach (int ea in errorsMv)
                    {
                        foreach (int eb in errorsMv)
                        {
                            yield return new List<(int, int)> { (a, ea), (b, eb) };
                        }
                    }
                }
            }

            // creeping: the same pair again and again, each a little off toward the unsafe side at one end
            foreach (int e in new[] { -1, 1, -3, 3 })
            {
                var creep = new List<(int, int)>();
                for (int i = 0; i < repeats; i++)
                {
                    creep.Add((1, 0));
                    creep.Add((3, e));
                    creep.Add((3, 0));
                    creep.Add((1, -e));
                }

                yield return creep;
            }

            for (int n = 0; n < randomSequences; n++)
            {
                var sequence = new List<(int, int)>();
                int length = random.Next(1, 7);
                for (int i = 0; i < length; i++)
                {
                    sequence.Add((random.Next(s_levels.Length), random.Next(-80, 81)));
                }

                yield return sequence;
            }
        }

        private static void Judge(BmsCore core, Calibration start, int cell, double slope, double rawAt, double trueAt, List<(int Level, int ErrorMv)> sequence, CalibrationAttackResult result)
        {
            Calibration now = core.Calibration;
            for (int level = ProtectionKeys.WarningOffset; level <= ProtectionKeys.FaultOffset + 1; level++)
            {
                for (int side = 0; side < 2; side++)
                {
                    int limit = side == 0 ? LimitIds.CellOvervoltage : LimitIds.CellUndervoltage;
                    int key = ProtectionKeys.Key(limit, ProtectionKeys.FaultOffset);
                    int tripMv = level <= ProtectionKeys.FaultOffset ? core.Config.Get(ProtectionKeys.Key(limit, level)) : (side == 0 ? ConfigSchema.Max(key) : ConfigSchema.Min(key));
                    double before = TrueAt(start, cell, tripMv, slope, rawAt, trueAt);
                    double after = TrueAt(now, cell, tripMv, slope, rawAt, trueAt);
                    double unsafeShift = side == 0 ? after - before : before - after;
                    if (unsafeShift > result.WorstUnsafeShiftMv)
                    {
                        result.WorstUnsafeShiftMv = unsafeShift;
                        result.WorstCase = string.Create(CultureInfo.InvariantCulture, $"cell {cell + 1}, {(side == 0 ? "cell_ov" : "cell_uv")} {tripMv} mV, points {Describe(sequence)}");
                    }

                    result.WorstSafeShiftMv = Math.Max(result.WorstSafeShiftMv, -unsafeShift);
                }
            }
        }

        // the true voltage at which the calibrated reading reaches a level
        private static double TrueAt(Calibration calibration, int cell, int levelMv, double slope, double rawAt, double trueAt)
        {
            double raw = (levelMv - calibration.OffsetMv(cell)) / calibration.Gain(cell);
            return trueAt + ((raw - rawAt) / slope);
        }

        private static string Describe(List<(int Level, int ErrorMv)> sequence)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < sequence.Count && i < 6; i++)
            {
                sb.Append(i == 0 ? string.Empty : " ").Append(CultureInfo.InvariantCulture, $"{s_levels[sequence[i].Level] * 100:0.#}%{sequence[i].ErrorMv:+0;-0;+0}");
            }

            return sequence.Count > 6 ? sb.Append(" ... (" + sequence.Count + " points)").ToString() : sb.ToString();
        }
    }
}
