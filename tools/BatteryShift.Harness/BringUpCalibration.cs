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
        /// <summary>SOC of the second point when the cells sit high (about 3.0 V on the LFP curve).</summary>
        public const double LowSoc = 0.08;

        /// <summary>SOC of the second point when the cells sit low (about 3.4 V on the LFP curve).</summary>
        public const double HighSoc = 0.97;

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

            Command(runner, "service on");
            runner.RunSeconds(SettleSeconds);
            CalibrateAll(runner, cells);

            // second point: the other end of the curve, more than 100 mV away from the first
            double second = meanV > 3.2 ? LowSoc : HighSoc;
            for (int i = 0; i < cells; i++)
            {
                runner.Module.SetCellSoc(i, second);
            }

            runner.RunSeconds(SettleSeconds);
            CalibrateAll(runner, cells);
            for (int i = 0; i < cells; i++)
            {
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
