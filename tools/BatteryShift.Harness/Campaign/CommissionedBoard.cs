using System;
using BatteryShift.Bms.Persistence;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// Gives a scenario's board the calibration a module in service has: the bring-up calibration
    /// (<see cref="BringUpCalibration"/>: two points a cell, the true cell voltage as the multimeter reading, through the
    /// firmware's own <c>cal</c> command and calibration store) is done on a twin of the board, the same draws of every
    /// error term, at 25 C (a bring-up on the bench, before the module goes to its site; the
    /// drift of every term from there is the scenario's) with no load, from the middle of its charge, and the calibration record the twin's firmware stored is put into the
    /// scenario board's store before its firmware starts. The scenario itself keeps its time line (its first fault comes
    /// 20 s in, before a calibration done on the board itself would end).
    /// </summary>
    public static class CommissionedBoard
    {
        /// <summary>State of charge the twin starts from, %: the middle of the plateau, as a module arrives from the cell
        /// maker (the calibration's two points are then taken near the bottom and at the top of the curve).</summary>
        public const double TwinSocPct = 50;

        /// <summary>Ambient of the bring-up calibration, C.</summary>
        public const double BringUpAmbientC = 25;

        private static readonly string[] s_copied = { CalibrationStore.BlobKey, FaultLog.BlobKey, FaultLog.SecondBlobKey };

        /// <summary>
        /// Calibrates a twin of a board and copies the calibration record into the board's store.
        /// </summary>
        /// <param name="options">The scenario board's options (its seed, ambient, state of charge and error terms).</param>
        /// <param name="store">The scenario board's store, not yet read by a firmware.</param>
        /// <returns>Cells calibrated.</returns>
        public static int Calibrate(SimulationOptions options, VirtualBlobStore store)
        {
            var twinOptions = new SimulationOptions
            {
                Seed = options.Seed,
                CellCount = options.CellCount,
                StepSeconds = options.StepSeconds,
                InitialSocPct = TwinSocPct,
                InitialSocSpreadPct = 0,
                AmbientC = BringUpAmbientC,
                Cell = options.Cell,
                Board = options.Board,
                Errors = options.Errors.Clone(),
                Adc = options.Adc,
                AdcCorner = options.AdcCorner,
                WorstAdc = options.WorstAdc,
            };
            var twin = new VirtualModuleRunner(twinOptions);
            int cells = BringUpCalibration.Run(twin);
            if (twin.Core.Status.FaultMask != 0)
            {
                throw new InvalidOperationException("the twin latched a fault during its calibration: mask " + twin.Core.Status.FaultMask);
            }

            // the records a board that ran its firmware through the calibration holds: the calibration and the fault
            // log (written since the first start); not the estimator's (the twin's cells were moved) nor the configuration
            foreach (string key in s_copied)
            {
                byte[] record = twin.Module.Store.Peek(key)
                    ?? throw new InvalidOperationException("the twin's firmware stored no record " + key);
                store.Set(key, record);
            }

            return cells;
        }
    }
}
