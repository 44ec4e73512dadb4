namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Draws one error term of the worst-case ADC or front end: uniformly inside its range for a drawn chip, at the
    /// limit for a corner chip (the corner index's bits choose the signs). Every call takes one value from the
    /// generator either way, so drawn and corner chips consume their streams alike.
    /// </summary>
    internal sealed class TermDraw
    {
        private readonly SimRandom _random;
        private readonly int _corner;

        internal TermDraw(SimRandom random, int corner)
        {
            _random = random;
            _corner = corner;
        }

        /// <summary>True for a corner chip.</summary>
        internal bool IsCorner => _corner >= 0;

        /// <summary>In -limit..+limit; a corner takes +limit, or -limit when its bit <paramref name="bit"/> is set.</summary>
        internal double Signed(double limit, int bit)
        {
            double u = _random.NextSigned();
            if (_corner < 0)
            {
                return u * limit;
            }

            return ((_corner >> (bit & 3)) & 1) != 0 ? -limit : limit;
        }

        /// <summary>In lo..hi; a corner takes the harsh end <paramref name="harsh"/>.</summary>
        internal double Range(double lo, double hi, double harsh)
        {
            double u = _random.NextDouble();
            return _corner < 0 ? lo + (hi - lo) * u : harsh;
        }

        /// <summary>A term with a random sign at every index (per code, per knot): a corner keeps the magnitude at the limit.</summary>
        internal double Scattered(double limit)
        {
            double u = _random.NextSigned();
            if (_corner < 0)
            {
                return u * limit;
            }

            return u < 0 ? -limit : limit;
        }
    }
}
