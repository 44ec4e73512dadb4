using System;
using System.Globalization;
using BatteryShift.Bms.Persistence;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>The store, calibration and command faults of the driver.</summary>
    internal sealed partial class FirmwareFaultDriver
    {
        private long _firstLatchMs = -1;
        private CommandTopicAdversary? _adversary;

        private void StepOther(long now)
        {
            switch (_plan.Kind)
            {
                case FirmwareFaultKind.FaultLogCorrupt:
                    StepCorrupt(now);
                    break;
                case FirmwareFaultKind.PowerCutDuringWrite:
                    if (!_started)
                    {
                        _started = true;
                        _runner.Module.Store.CutPowerDuringNextReplace();
                        LogAttackSinceMs = now;
                        _result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"power cut armed for the next store write at t={now} ms"));
                    }

                    break;
                case FirmwareFaultKind.CalibrationAttack:
                    StepCalibration(now);
                    break;
                case FirmwareFaultKind.CommandAdversary:
                    StepCommands(now);
                    break;
            }
        }

        private void RestartOther()
        {
            if (_plan.Kind == FirmwareFaultKind.CommandAdversary)
            {
                RestartCommands();
            }
        }

        // the first latch, then the delay, then the corruption and a brown-out that makes the firmware read the log
        private void StepCorrupt(long now)
        {
            if (_firstLatchMs < 0)
            {
                if (!_draining() && _runner.Core.Status.FaultMask != 0)
                {
                    _firstLatchMs = now;
                }

                return;
            }

            if (_started || now < _firstLatchMs + (long)Math.Round(_plan.DelaySeconds * 1000))
            {
                return;
            }

            _started = true;
            VirtualBlobStore store = _runner.Module.Store;
            var r = new SimRandom(_plan.Seed);
            string done;
            switch (_plan.Variant)
            {
                case 0:
                    done = Flip(store, FaultLog.BlobKey, r);
                    break;
                case 1:
                    done = Flip(store, FaultLog.SecondBlobKey, r);
                    break;
                case 2:
                    done = Flip(store, FaultLog.BlobKey, r) + ", " + Flip(store, FaultLog.SecondBlobKey, r);
                    break;
                case 3:
                    {
                        byte[]? a = store.Peek(FaultLog.BlobKey);
                        int keep = a == null ? 0 : (int)(r.NextDouble() * a.Length);
                        if (a != null)
                        {
                            store.Set(FaultLog.BlobKey, a.AsSpan(0, keep).ToArray());
                        }

                        done = string.Create(CultureInfo.InvariantCulture, $"copy A truncated to {keep} bytes");
                        break;
                    }

                case 4:
                    store.Set(FaultLog.BlobKey, Array.Empty<byte>());
                    store.Set(FaultLog.SecondBlobKey, Array.Empty<byte>());
                    done = "both copies emptied";
                    break;
                default:
                    store.Delete(FaultLog.BlobKey);
                    store.Delete(FaultLog.SecondBlobKey);
                    done = "both copies deleted";
                    break;
            }

            LogAttackSinceMs = now;
            _result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"fault log: {done} at t={now} ms, then a brown-out"));
            _runner.Module.ResetBoard(ResetCause.BrownOut);
        }

        private static string Flip(VirtualBlobStore store, string key, SimRandom r)
        {
            byte[]? blob = store.Peek(key);
            if (blob == null || blob.Length == 0)
            {
                return key + " absent";
            }

            int at = (int)(r.NextDouble() * blob.Length);
            int bit = (int)(r.NextDouble() * 8);
            store.Corrupt(key, at, (byte)(1 << bit));
            return string.Create(CultureInfo.InvariantCulture, $"{key} byte {at} bit {bit} flipped");
        }

        private void StepCommands(long now)
        {
            if (_draining())
            {
                return;
            }

            _started = true;
            _adversary ??= new CommandTopicAdversary(_plan, _broker);
            if (!_adversary.Done)
            {
                _adversary.Step(_runner, now, _result);
            }
        }

        private void RestartCommands()
        {
        }
    }
}
