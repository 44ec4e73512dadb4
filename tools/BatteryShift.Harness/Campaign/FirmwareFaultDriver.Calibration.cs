using System.Globalization;
using BatteryShift.Bms;
using BatteryShift.Bms.Measurement;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// The wrong calibration of the driver, at the local console of a commissioned board: `service on`, 4 s later a
    /// wrong point (true voltage plus the plan's offset) on each attacked cell, `service off`. In half of the scenarios
    /// the highest cell is among the attacked ones and the technician comes back for the pair: once an attacked cell's
    /// true voltage has moved <see cref="PairMoveMv"/> from its first point (the charger over-voltage that follows),
    /// `service on` again and a second wrong point on each attacked cell that has moved so far, with the same offset (a
    /// meter reading off by a constant) or the opposite one (a pair that tilts the gain). A point counts as accepted only when it changed the channel's constants (on a calibrated channel
    /// a single point waits for its pair); from then on the oracles take a voltage trip as explained.
    /// </summary>
    internal sealed partial class FirmwareFaultDriver
    {
        /// <summary>True voltage move before the second point of a pair, mV: the 100 mV the firmware wants between the
        /// points plus the drop the charge current leaves when service opens the FETs.</summary>
        internal const int PairMoveMv = 180;

        private const int ServiceSettleMs = 4000;

        private long _calStepMs = -1;
        private int _calStage;
        private int _calCells;
        private int _calMovedCells;
        private bool _calPair;
        private int _calSecondOffsetMv;
        private readonly int[] _calFirstTrueMv = new int[16];

        private void StepCalibration(long now)
        {
            if (_calStage == 5 || _draining())
            {
                return;
            }

            _started = true;
            BmsCore core = _runner.Core;
            switch (_calStage)
            {
                case 0:
                case 3:
                    Console(core, "service on", now);
                    _calStepMs = now + ServiceSettleMs;
                    _calStage++;
                    break;
                case 1:
                case 4:
                    if (now >= _calStepMs)
                    {
                        bool first = _calStage == 1;
                        if (first)
                        {
                            DrawAttack();
                        }

                        EnterPoints(core, now, first);
                        Console(core, "service off", now);
                        _calStage = _calStage == 1 && _calPair ? 2 : 5;
                    }

                    break;
                case 2:
                    if (Moved())
                    {
                        _calStage = 3;
                    }

                    break;
            }
        }

        // the attacked cells, whether the technician comes back for the pair, and the second point's error
        private void DrawAttack()
        {
            var r = new SimRandom(_plan.Seed);
            int cells = _runner.Truth.CellCount;
            _calCells = 0;
            for (int i = 0; i < _plan.Extra; i++)
            {
                _calCells |= 1 << (int)(r.NextDouble() * cells);
            }

            _calPair = r.NextDouble() < 0.5;
            _calSecondOffsetMv = r.NextDouble() < 0.5 ? _plan.Variant : -_plan.Variant;
            if (_calPair)
            {
                // the highest cell is the one the over-voltage moves; the others stay on the plateau
                _calCells |= 1 << HighestCell();
            }
        }

        private void EnterPoints(BmsCore core, long now, bool first)
        {
            int offset = first ? _plan.Variant : _calSecondOffsetMv;
            int attacked = first ? _calCells : _calMovedCells;
            for (int cell = 0; cell < _runner.Truth.CellCount; cell++)
            {
                if ((attacked & (1 << cell)) == 0)
                {
                    continue;
                }

                int trueMv = (int)System.Math.Round(_runner.Truth.CellVoltageV[cell] * 1000);
                if (first)
                {
                    _calFirstTrueMv[cell] = trueMv;
                }

                var before = new Calibration();
                before.CopyFrom(core.Calibration);
                string line = string.Create(CultureInfo.InvariantCulture, $"cal {cell + 1} {trueMv + offset}");
                int code = Console(core, line, now);
                bool changed = before.Gain(cell) != core.Calibration.Gain(cell) || before.OffsetMv(cell) != core.Calibration.OffsetMv(cell);
                if (code == ResultCode.Ok && changed)
                {
                    _result.CalPointsAccepted++;
                    AttackedCells |= 1 << cell;
                    CalibrationAttackedSinceMs = System.Math.Min(CalibrationAttackedSinceMs, now);
                }
                else if (code == ResultCode.Ok)
                {
                    _result.CalPointsPending++;
                }
                else
                {
                    _result.CalPointsRefused++;
                }
            }
        }

        // an attacked cell's true voltage has moved far enough from its first point for the pair (the highest cell
        // trips first, the others may never get there)
        private bool Moved()
        {
            _calMovedCells = 0;
            for (int cell = 0; cell < _runner.Truth.CellCount; cell++)
            {
                int trueMv = (int)System.Math.Round(_runner.Truth.CellVoltageV[cell] * 1000);
                int move = trueMv - _calFirstTrueMv[cell];
                if ((_calCells & (1 << cell)) != 0 && (move >= PairMoveMv || move <= -PairMoveMv))
                {
                    _calMovedCells |= 1 << cell;
                }
            }

            return _calMovedCells != 0;
        }

        private int HighestCell()
        {
            int highest = 0;
            for (int cell = 1; cell < _runner.Truth.CellCount; cell++)
            {
                highest = _runner.Truth.CellVoltageV[cell] > _runner.Truth.CellVoltageV[highest] ? cell : highest;
            }

            return highest;
        }

        private int Console(BmsCore core, string line, long now)
        {
            int code = LocalConsole.Run(core, line, out string reply);
            _result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{line} at t={now} ms: code {code} ({reply.Trim()})"));
            return code;
        }
    }
}
