using BatteryShift.Hal.Simulation;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>One cell of the SOC benchmark matrix: the simulated cells (curve, fresh or aged) and the start guess.</summary>
    internal sealed class SocCase
    {
        public SocCase(string curve, bool aged, double guessPct, CellParameters cells)
        {
            Curve = curve;
            Aged = aged;
            GuessPct = guessPct;
            Cells = cells;
        }

        public string Curve { get; }

        public bool Aged { get; }

        public double GuessPct { get; }

        public CellParameters Cells { get; }

        /// <summary>The cells follow the firmware's own table (BPX): a labelled control row, not part of the worst.</summary>
        public bool Control => Curve == "bpx";

        public string Name => $"{Curve}.{(Aged ? "aged" : "new")}.{(GuessPct >= 0 ? "p" : "m")}{System.Math.Abs(GuessPct):0}";

        public string Source => Cells.Ocv.Source + (Aged ? $", capacity {Cells.CapacityAh:0} Ah, R0 {Cells.R0Ohm * 1000.0:0.000} mOhm" : string.Empty);
    }
}
