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
    /// The two points are taken far apart, as docs/hardware.md asks of a user: the cells are moved to where their own
    /// curve reads <see cref="LowPointV"/> (near the bottom of a discharge) and then <see cref="HighPointV"/> (the top
    /// of a charge); afterwards every cell is put back to the state of charge it had.
    /// </summary>
    public static class BringUpCalibration
    {
        /// <summary>Open-circuit voltage of the first point, V: near the bottom of a discharge (docs/hardware.md: 2.8-3.0 V).</summary>
        public const double LowPointV = 2.85;

        /// <summary>Open-circuit voltage of the second point, V: the top of a charge (docs/hardware.md: 3.45-3.6 V).</summary>
        public const double HighPointV = 3.60;

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
            for (int i = 0; i < cells; i++)
            {
                soc[i] = runner.Truth.Soc[i];
            }

            // service is refused while the core boots and tests itself
            for (int t = 0; t < 600 && (runner.Core.Status.State == ModuleState.Boot || runner.Core.Status.State == ModuleState.SelfTest || !runner.Core.Status.MeasurementValid); t++)
            {
                runner.Step();
            }

            Command(runner, "service on");
            var ocv = runner.Module.Options.Cell.Ocv;
            foreach (double pointV in new[] { LowPointV, HighPointV })
            {
                double pointSoc = ocv.SocAt(pointV);
                for (int i = 0; i < cells; i++)
                {
                    runner.Module.SetCellSoc(i, pointSoc);
                }

                runner.RunSeconds(SettleSeconds);
                CalibrateAll(runner, cells);
            }

            for (int i = 0; i < cells; i++)
            {
                if (!runner.Core.Calibration.IsTwoPoint(i))
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"cell {i + 1}: no two-point calibration (true {runner.Truth.CellVoltageV[i]:0.000} V, raw {runner.Core.Measurement.CellRawAverageMv(i):0.0} mV, state {runner.Core.Status.State})"));
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

        private static void CalibrateAll(VirtualModuleRunner runner, int cells)
        {
            for (int i = 0; i < cells; i++)
            {
                int mv = (int)Math.Round(runner.Truth.CellVoltageV[i] * 1000);
                try
                {
                    Command(runner, string.Create(CultureInfo.InvariantCulture, $"cal {i + 1} {mv}"));
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"board seed {runner.Module.Options.Seed} ({runner.Module.Options.Adc} ADC, corner {runner.Module.Options.AdcCorner}): {e.Message}; raw reading {runner.Core.Measurement.CellRawAverageMv(i):0.0} mV, measurement valid {runner.Core.Status.MeasurementValid}, state {runner.Core.Status.State}"), e);
                }
            }
        }
    }
}
