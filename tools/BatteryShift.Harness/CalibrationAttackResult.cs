namespace BatteryShift.Harness
{
    /// <summary>What <see cref="CalibrationAdversary"/> found.</summary>
    public sealed class CalibrationAttackResult
    {
        /// <summary>Largest move of a trip point to the unsafe side (cell_ov up, cell_uv down), true mV.</summary>
        public double WorstUnsafeShiftMv { get; set; }

        /// <summary>Largest move of a trip point to the safe side (earlier trips), true mV.</summary>
        public double WorstSafeShiftMv { get; set; }

        /// <summary>The sequence that moved a trip point furthest to the unsafe side.</summary>
        public string WorstCase { get; set; } = "none";

        /// <summary>Sequences tried.</summary>
        public int Sequences { get; set; }

        /// <summary>Calibration points the firmware accepted.</summary>
        public int PointsAccepted { get; set; }
    }
}
