using System;
using System.Globalization;
using System.Text;
using BatteryShift.Bms;

namespace BatteryShift.Harness
{
    /// <summary>
    /// The bring-up calibration a user does with a multimeter, on a virtual module through the console commands
    /// (docs/serial.md): <c>service on</c>, for every cell two <c>cal &lt;cell&gt; &lt;mV&gt;</c> points with the
    /// simulation's true cell voltage as the multimeter reading, <c>service off</c>. The constants go through the
    /// same command, acquisition averaging and calibration store as a real calibration, so they survive a reset.
    /// The first point is taken at the cells' present state; for the second the cells are moved to a state of
    /// charge whose voltage is far enough away (the two points must be at least 100 mV apart), and afterwards
    /// every cell is put back to the state of charge it had.
    /// </summary>
    public static class BringUpCalibration
    {
        /// <summary>SOC of the second point when the cells sit above 3.16 V: 3 %, 3.035 V on the LFP curve
        /// (the BPX LFP OCV table, hardware-abstraction/BatteryShift.Hal.Simulation/Data/lfp-ocv.csv), at least 125 mV lower; the plateau is too flat above it.</summary>
        public const double LowSoc = 0.03;

        /// <summary>SOC of the second point when the cells sit at or below 3.16 V: 50 %, 3.278 V
        /// (the BPX LFP OCV table, hardware-abstraction/BatteryShift.Hal.Simulation/Data/lfp-ocv.csv), at least 118 mV higher.</summary>
        public const double HighSoc = 0.50;

        /// <summary>Simulated settling time after each move, s (covers the acquisition's raw average).</summary>
        public const double SettleSeconds = 4;

        /// <summary>
        /// Runs the calibration. Throws when a command is refused (the reply is in the message).
        /// </summary>
        /// <param name="runner">A started or not yet started runner; the module should rest (no load).</param>
        /// <returns>Cells calibrated.</returns>
        public static int Run(VirtualModuleRunner runner)
        {
            int cells = runner.Core.Status.CellCount;
            var soc = new double[cells];
            double meanV = 0;
            for (int i = 0; i < cells; i++)
            {
                soc[i] = runner.Truth.Soc[i];
                meanV += runner.Truth.CellVoltageV[i] / cells;
            }

            // service is refused while the core boots and tests itself
            for (int t = 0; t < 600 && (runner.Core.Status.State == ModuleState.Boot || runner.Core.Status.State == ModuleState.SelfTest || !runner.Core.Status.MeasurementValid); t++)
            {
                runner.Step();
            }

            Command(runner, "service on");
            runner.RunSeconds(SettleSeconds);
            CalibrateAll(runner, cells);

            // second point: the other end of the curve, more than 100 mV away from the first
            double second = meanV > 3.16 ? LowSoc : HighSoc;
            for (int i = 0; i < cells; i++)
            {
                runner.Module.SetCellSoc(i, second);
            }

            runner.RunSeconds(SettleSeconds);

            // a cell whose curve leaves that point within 110 mV of the first (a broad bottom knee) takes the other end
            if (TooClose(runner, cells, meanV))
            {
                for (int i = 0; i < cells; i++)
                {
                    runner.Module.SetCellSoc(i, second == LowSoc ? HighSoc : LowSoc);
                }

                runner.RunSeconds(SettleSeconds);
            }

            CalibrateAll(runner, cells);
            for (int i = 0; i < cells; i++)
            {
                if (!runner.Core.Calibration.IsTwoPoint(i))
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"cell {i + 1}: second point not 100 mV from the first (true {runner.Truth.CellVoltageV[i]:0.000} V, raw {runner.Core.Measurement.CellRawAverageMv(i):0.0} mV, state {runner.Core.Status.State})"));
                }

                runner.Module.SetCellSoc(i, soc[i]);
            }

            runner.RunSeconds(SettleSeconds);
            Command(runner, "service off");
            return cells;
        }

        /// <summary>
        /// Executes one console line on the core, as typed on the serial monitor.
        /// </summary>
        /// <param name="runner">Runner.</param>
        /// <param name="line">Command line.</param>
        /// <returns>The reply text.</returns>
        public static string Command(VirtualModuleRunner runner, string line)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(line);
            int code = runner.Core.Commands.Execute(bytes, 0, bytes.Length, false);
            string reply = Encoding.ASCII.GetString(runner.Core.Commands.Reply, 0, runner.Core.Commands.ReplyLength);
            if (code != ResultCode.Ok)
            {
                throw new InvalidOperationException($"'{line}': {reply.Trim()}");
            }

            return reply;
        }

        private static bool TooClose(VirtualModuleRunner runner, int cells, double firstMeanV)
        {
            double meanV = 0;
            for (int i = 0; i < cells; i++)
            {
                meanV += runner.Truth.CellVoltageV[i] / cells;
            }

            return Math.Abs(meanV - firstMeanV) < 0.11;
        }

        private static void CalibrateAll(VirtualModuleRunner runner, int cells)
        {
            for (int i = 0; i < cells; i++)
            {
                int mv = (int)Math.Round(runner.Truth.CellVoltageV[i] * 1000);
                Command(runner, string.Create(CultureInfo.InvariantCulture, $"cal {i + 1} {mv}"));
            }
        }
    }
}
