namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// The estimator's learned state in the store (see the class's other part, SocEstimator.cs): saved periodically
    /// and after a capacity update, restored at start-up.
    /// </summary>
    public sealed partial class SocEstimator
    {
        /// <summary>
        /// Writes the learned state to the store when a save is due (periodically and after a capacity
        /// update). Call outside the hard loop (flash writes take milliseconds).
        /// </summary>
        /// <returns>True when a save was made.</returns>
        public bool SaveIfDue()
        {
            if (!_saveDue || _store == null)
            {
                return false;
            }

            _saveDue = false;
            return Save();
        }

        /// <summary>
        /// Writes the learned state to the store now.
        /// </summary>
        /// <returns>True when stored.</returns>
        public bool Save()
        {
            if (_store == null)
            {
                return false;
            }

            _lastSaveMs = _lastTimeMs;
            CapacityEstimator c = _filter.Capacity;
            _record.BeginWrite();
            _record.PutInt(RecordVersion);
            _record.PutInt(_cellCount);
            _record.PutInt(_socKnown ? 1 : 0);
            _record.PutInt((int)(_filter.CommonUncertainty() * 1000000f));
            for (int i = 0; i < _cellCount; i++)
            {
                _record.PutLong(_filter.ChargeMams(i));
                _record.PutInt((int)(_filter.CellUncertainty(i) * 1000000f));
                _record.PutInt((int)c.CapacityMah(i));
                _record.PutInt((int)c.UncertaintyMah(i));
                _record.PutInt(c.Samples(i));
                // the anchor's side signed onto its SOC error in millionths (a record from before the error was kept
                // holds the side alone, +-1, read back as the smallest error)
                int anchorErrorE6 = (int)(c.AnchorErrorSoc(i) * 1000000f);
                _record.PutInt(c.AnchorSide(i) * (anchorErrorE6 > 1 ? anchorErrorE6 : 1));
                _record.PutInt((int)(c.AnchorSoc(i) * 1000000f));
                _record.PutLong(c.AnchorCountMams(i));
                _record.PutLong(_filter.CountedMams(i));
                _record.PutInt((int)(_filter.R0Ohm25(i) * 1000000000f));
            }

            _record.PutLong(_counter.InMams);
            _record.PutLong(_counter.OutMams);
            _record.PutLong(_counter.EnergyInWh);
            _record.PutLong(_counter.EnergyOutWh);
            _record.PutInt(_cycleCount);
            _record.PutLong(_cycleOutMams);
            _record.PutInt(0); // formerly a current offset, now removed at acquisition by auto-zero: kept for the layout

            // appended after the first layout: a record without them reads 0, an unknown branch
            for (int i = 0; i < _cellCount; i++)
            {
                _record.PutInt((int)(_filter.Hysteresis(i) * 1000000f));
            }

            return _record.Save(_store, StoreKey);
        }

        private bool Restore()
        {
            if (!_record.Load(_store, StoreKey))
            {
                return false;
            }

            if (_record.GetInt() != RecordVersion || _record.GetInt() != _cellCount)
            {
                return false;
            }

            bool socKnown = _record.GetInt() != 0;
            float commonSd = _record.GetInt() * 0.000001f;
            float maxCellSd = 0f;
            CapacityEstimator c = _filter.Capacity;
            for (int i = 0; i < _cellCount; i++)
            {
                long charge = _record.GetLong();
                float socSd = _record.GetInt() * 0.000001f;
                int capacityMah = _record.GetInt();
                int capacitySdMah = _record.GetInt();
                int samples = _record.GetInt();
                int anchorCode = _record.GetInt();
                int anchorSide = anchorCode > 0 ? 1 : (anchorCode < 0 ? -1 : 0);
                float anchorError = (anchorCode < 0 ? -anchorCode : anchorCode) * 0.000001f;
                float anchorSoc = _record.GetInt() * 0.000001f;
                long anchorCount = _record.GetLong();
                long counted = _record.GetLong();
                float r0 = _record.GetInt() * 0.000000001f;
                c.Restore(i, capacityMah, capacitySdMah, samples, anchorSide, anchorError, anchorSoc, anchorCount);
                _filter.RestoreCell(i, capacityMah, r0, counted);
                if (socKnown)
                {
                    _filter.SetSoc(i, (float)charge / (capacityMah * (float)MamsPerMah));
                }

                if (socSd > maxCellSd)
                {
                    maxCellSd = socSd;
                }
            }

            // a restart may have missed some charge: never trust the stored SOC better than 2 %
            _filter.SetUncertainty(commonSd > 0.02f ? commonSd : 0.02f, maxCellSd);

            long inMams = _record.GetLong();
            long outMams = _record.GetLong();
            long energyIn = _record.GetLong();
            long energyOut = _record.GetLong();
            _counter.Restore(inMams, outMams, energyIn, energyOut);
            _lastOutMams = outMams;
            _cycleCount = _record.GetInt();
            _cycleOutMams = _record.GetLong();
            _record.GetInt(); // the former current offset, always 0
            if (_record.Remaining >= 4 * _cellCount)
            {
                for (int i = 0; i < _cellCount; i++)
                {
                    _filter.RestoreHysteresis(i, _record.GetInt() * 0.000001f);
                }
            }

            _socKnown = socKnown;
            return true;
        }
    }
}
