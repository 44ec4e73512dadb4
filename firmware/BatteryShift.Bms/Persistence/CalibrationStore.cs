using BatteryShift.Bms.Board;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Persistence
{
    /// <summary>
    /// Stores the per-channel <see cref="Calibration"/> constants (gain x 1e6 and offset in microvolts per cell
    /// channel, current gain, and since version 2 the mask of channels calibrated with two points) as one
    /// sealed blob (magic, version, CRC-32) through the atomic Replace. A corrupt or implausible blob is refused
    /// and the constants in force stay. A version 1 blob is still read: a channel whose stored gain differs
    /// from exactly 1.0 counts as calibrated with two points (a single point never changes the gain).
    /// </summary>
    public sealed class CalibrationStore
    {
        /// <summary>Blob key.</summary>
        public const string BlobKey = "calib";

        /// <summary>Magic "BSCA".</summary>
        public const int Magic = 0x41435342;

        /// <summary>Format version.</summary>
        public const int FormatVersion = 2;

        private const int BytesVersion1 = 8 + (Bmu16.MaxCells * 8) + 4 + 4;

        private const int Bytes = BytesVersion1 + 4;

        /// <summary>Smallest buffer the store works in: one blob of the current format.</summary>
        public const int BufferBytes = Bytes;

        private readonly Hal.IBlobStore _store;
        private readonly byte[] _buffer;

        /// <summary>
        /// Makes the store with a buffer of its own.
        /// </summary>
        /// <param name="store">The HAL store.</param>
        public CalibrationStore(Hal.IBlobStore store)
            : this(store, new byte[Bytes])
        {
        }

        /// <summary>
        /// Makes the store over a buffer it may share: the buffer holds a blob only within one call of
        /// <see cref="Save"/> or <see cref="Load"/>.
        /// </summary>
        /// <param name="store">The HAL store.</param>
        /// <param name="buffer">At least <see cref="BufferBytes"/> bytes.</param>
        public CalibrationStore(Hal.IBlobStore store, byte[] buffer)
        {
            if (buffer == null || buffer.Length < Bytes)
            {
                throw new System.ArgumentException();
            }

            _store = store;
            _buffer = buffer;
        }

        /// <summary>
        /// Writes the constants.
        /// </summary>
        /// <param name="calibration">Constants.</param>
        /// <returns>Ok or StorageError.</returns>
        public int Save(Calibration calibration)
        {
            BlobCodec.PutInt(_buffer, 0, Magic);
            BlobCodec.PutInt(_buffer, 4, FormatVersion);
            int p = 8;
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                BlobCodec.PutInt(_buffer, p, FloatMath.Round(calibration.Gain(i) * Calibration.GainScale));
                BlobCodec.PutInt(_buffer, p + 4, FloatMath.Round(calibration.OffsetMv(i) * 1000f));
                p += 8;
            }

            BlobCodec.PutInt(_buffer, p, FloatMath.Round(calibration.CurrentGain * Calibration.GainScale));
            BlobCodec.PutInt(_buffer, p + 4, calibration.TwoPointMask);
            int length = BlobCodec.Seal(_buffer, p + 8);
            return _store.Replace(BlobKey, _buffer, length) ? ResultCode.Ok : ResultCode.StorageError;
        }

        /// <summary>
        /// Loads stored constants into <paramref name="calibration"/> when intact and plausible.
        /// </summary>
        /// <param name="calibration">Constants in force; unchanged unless the result is Ok.</param>
        /// <returns>Ok (also when none is stored), Corrupt or OutOfRange.</returns>
        public int Load(Calibration calibration)
        {
            int length = _store.Read(BlobKey, _buffer);
            if (length == -1)
            {
                return ResultCode.Ok;
            }

            int version = length >= 8 ? BlobCodec.GetInt(_buffer, 4) : 0;
            bool sizeMatches = (version == FormatVersion && length == Bytes) || (version == 1 && length == BytesVersion1);
            if (!sizeMatches || !BlobCodec.Intact(_buffer, length, Magic))
            {
                return ResultCode.Corrupt;
            }

            // validate all before applying any
            int p = 8;
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                if (!Calibration.IsPlausible(BlobCodec.GetInt(_buffer, p), BlobCodec.GetInt(_buffer, p + 4))
                    || !CalibrationGuard.WithinBand(BlobCodec.GetInt(_buffer, p), BlobCodec.GetInt(_buffer, p + 4)))
                {
                    return ResultCode.OutOfRange;
                }

                p += 8;
            }

            if (!Calibration.IsPlausibleCurrentGain(BlobCodec.GetInt(_buffer, p)) || !CalibrationGuard.WithinCurrentBand(BlobCodec.GetInt(_buffer, p)))
            {
                return ResultCode.OutOfRange;
            }

            p = 8;
            int twoPointMask = 0;
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                int gainE6 = BlobCodec.GetInt(_buffer, p);
                calibration.Load(i, gainE6, BlobCodec.GetInt(_buffer, p + 4));
                if (gainE6 != Calibration.GainScale)
                {
                    twoPointMask |= 1 << i;
                }

                p += 8;
            }

            calibration.LoadCurrentGain(BlobCodec.GetInt(_buffer, p));
            if (version == FormatVersion)
            {
                twoPointMask = BlobCodec.GetInt(_buffer, p + 4);
            }

            calibration.LoadTwoPointMask(twoPointMask);
            return ResultCode.Ok;
        }
    }
}
