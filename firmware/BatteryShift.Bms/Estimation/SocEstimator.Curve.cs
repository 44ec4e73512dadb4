using BatteryShift.Bms.Persistence;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// The OCV curve the estimator reads SOC from (<see cref="OcvCurves"/>): chosen among the built-ins, or the user's
    /// own entered as 21 points and committed with its check figure; stored under <see cref="CurveKey"/> (magic, curve,
    /// the user's points, CRC-32) so that it survives a restart. A damaged or implausible stored curve is not used:
    /// the default stays, and the start announces it (<see cref="StoreFallback.OcvCurve"/>).
    /// </summary>
    public sealed partial class SocEstimator
    {
        /// <summary>Blob key of the stored curve.</summary>
        public const string CurveKey = "ocv";

        /// <summary>Magic "BSOV".</summary>
        public const int CurveMagic = 0x564F5342;

        // magic, curve id, 21 points, CRC
        private const int CurveBytes = 8 + (OcvCurves.UserPoints * 4) + 4;

        private int _curve;

        // the user's points as entered (0: not yet), allocated on the first point; the curve in use is the filter's
        // own table, so editing these changes nothing until a commit
        private int[] _userPointsMv;

        /// <summary>The curve in use (<see cref="OcvCurves"/>).</summary>
        public int Curve
        {
            get { return _curve; }
        }

        /// <summary>
        /// Enters one point of the user's curve. Nothing in use changes until <see cref="CommitUserCurve"/>.
        /// </summary>
        /// <param name="socPct">0, 5, ... 100.</param>
        /// <param name="mv">Open-circuit voltage there, mV.</param>
        /// <returns>Ok, BadArgument (SOC not on the 5 % grid) or OutOfRange (voltage outside the LFP envelope).</returns>
        public int SetUserPoint(int socPct, int mv)
        {
            if (socPct < 0 || socPct > 100 || socPct % 5 != 0)
            {
                return ResultCode.BadArgument;
            }

            if (mv < OcvCurves.LowestMv || mv > OcvCurves.HighestMv)
            {
                return ResultCode.OutOfRange;
            }

            if (_userPointsMv == null)
            {
                _userPointsMv = new int[OcvCurves.UserPoints];
            }

            _userPointsMv[socPct / 5] = mv;
            return ResultCode.Ok;
        }

        /// <summary>The user's point entered at a SOC, mV; 0 when none.</summary>
        /// <param name="index">0..20 (SOC / 5).</param>
        /// <returns>mV.</returns>
        public int UserPointMv(int index)
        {
            return _userPointsMv == null ? 0 : _userPointsMv[index];
        }

        /// <summary>
        /// The index of the first missing or wrong point of the entered curve (each inside the envelope and above the one
        /// before, empty and full where an LFP cell is), or -1 when all 21 are acceptable.
        /// </summary>
        /// <returns>0..20 or -1.</returns>
        public int FirstWrongUserPoint()
        {
            return _userPointsMv == null ? 0 : OcvCurves.FirstWrongPoint(_userPointsMv);
        }

        /// <summary>The check figure of the entered points (<see cref="OcvCurves.Checksum"/>); -1 when none is entered.</summary>
        /// <returns>0..65535 or -1.</returns>
        public int UserChecksum()
        {
            return _userPointsMv == null ? -1 : OcvCurves.Checksum(_userPointsMv);
        }

        /// <summary>
        /// Puts the entered curve in use and stores it, when all 21 points are acceptable and the check figure matches.
        /// </summary>
        /// <param name="checksum">The check figure the user computed from the points.</param>
        /// <returns>Ok, BadArgument (a point missing or wrong: <see cref="FirstWrongUserPoint"/>), Corrupt (check figure
        /// differs) or StorageError (in use but not stored).</returns>
        public int CommitUserCurve(int checksum)
        {
            if (FirstWrongUserPoint() >= 0)
            {
                return ResultCode.BadArgument;
            }

            if (checksum != OcvCurves.Checksum(_userPointsMv))
            {
                return ResultCode.Corrupt;
            }

            UseCurve(OcvCurves.User, _userPointsMv);
            return StoreCurve(_userPointsMv);
        }

        /// <summary>
        /// Puts a built-in curve in use and stores the choice (a committed user curve stays stored for a later
        /// <see cref="OcvCurves.User"/>).
        /// </summary>
        /// <param name="curve">Curve id; <see cref="OcvCurves.User"/> selects the stored user curve.</param>
        /// <returns>Ok, BadArgument (unknown id), NotAvailable (no user curve committed) or StorageError.</returns>
        public int SelectCurve(int curve)
        {
            if (curve < 0 || curve >= OcvCurves.Count)
            {
                return ResultCode.BadArgument;
            }

            byte[] buffer = _record.Buffer;
            int[] stored = null;
            int length = _store == null ? -1 : _store.Read(CurveKey, buffer);
            if (length == CurveBytes && BlobCodec.Intact(buffer, length, CurveMagic) && BlobCodec.GetInt(buffer, 8) != 0)
            {
                stored = new int[OcvCurves.UserPoints];
                ReadPoints(buffer, stored);
            }

            // only a user curve can be refused here (none committed, or a stored one no longer plausible)
            if (!UseCurve(curve, stored))
            {
                return ResultCode.NotAvailable;
            }

            return StoreCurve(stored);
        }

        // the stored curve at start: used when intact and plausible, else the default stays. Ok (also when none is
        // stored), Corrupt or OutOfRange
        private int LoadCurve()
        {
            byte[] buffer = _record.Buffer;
            int length = _store == null ? -1 : _store.Read(CurveKey, buffer);
            if (length == -1)
            {
                return ResultCode.Ok;
            }

            if (length != CurveBytes || !BlobCodec.Intact(buffer, length, CurveMagic))
            {
                return ResultCode.Corrupt;
            }

            int curve = BlobCodec.GetInt(buffer, 4);
            int[] points = null;
            if (curve == OcvCurves.User)
            {
                points = new int[OcvCurves.UserPoints];
                ReadPoints(buffer, points);
            }

            if (!UseCurve(curve, points))
            {
                return ResultCode.OutOfRange;
            }

            _userPointsMv = points;
            return ResultCode.Ok;
        }

        // the one way a curve is put in use: the filter checks it; a filter step spread over several ticks starts
        // again, so that no step mixes two curves. False when the filter refused it (nothing changed)
        private bool UseCurve(int curve, int[] userPointsMv)
        {
            if (!_filter.UseCurve(curve, userPointsMv))
            {
                return false;
            }

            _curve = curve;
            _stepPart = 0;
            _publishDue = true;
            return true;
        }

        private int StoreCurve(int[] userPointsMv)
        {
            if (_store == null)
            {
                return ResultCode.StorageError;
            }

            byte[] buffer = _record.Buffer;
            BlobCodec.PutInt(buffer, 0, CurveMagic);
            BlobCodec.PutInt(buffer, 4, _curve);
            for (int k = 0; k < OcvCurves.UserPoints; k++)
            {
                BlobCodec.PutInt(buffer, 8 + (k * 4), userPointsMv == null ? 0 : userPointsMv[k]);
            }

            int length = BlobCodec.Seal(buffer, CurveBytes - 4);
            return _store.Replace(CurveKey, buffer, length) ? ResultCode.Ok : ResultCode.StorageError;
        }

        private static void ReadPoints(byte[] buffer, int[] points)
        {
            for (int k = 0; k < OcvCurves.UserPoints; k++)
            {
                points[k] = BlobCodec.GetInt(buffer, 8 + (k * 4));
            }
        }
    }
}
