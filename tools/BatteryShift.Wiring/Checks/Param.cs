using System;

namespace BatteryShift.Wiring.Checks
{
    /// <summary>A toleranced quantity: the worst case takes every corner of Low..High.</summary>
    /// <param name="Low">Smallest value.</param>
    /// <param name="High">Largest value.</param>
    public readonly record struct Param(double Low, double High)
    {
        /// <summary>A value with a relative tolerance, never tighter than <paramref name="floor"/>.</summary>
        /// <param name="nominal">Nominal value.</param>
        /// <param name="tolerance">Relative tolerance (0.01 = 1 %).</param>
        /// <param name="floor">Smallest tolerance the check accepts.</param>
        /// <returns>The range.</returns>
        public static Param Relative(double nominal, double tolerance, double floor)
        {
            double t = Math.Max(tolerance, floor);
            double a = nominal * (1 - t);
            double b = nominal * (1 + t);
            return new Param(Math.Min(a, b), Math.Max(a, b));
        }

        /// <summary>A symmetric absolute error around zero (offsets).</summary>
        /// <param name="magnitude">Largest error either way.</param>
        /// <returns>The range.</returns>
        public static Param PlusMinus(double magnitude)
        {
            return new Param(-Math.Abs(magnitude), Math.Abs(magnitude));
        }

        /// <summary>A fixed value.</summary>
        /// <param name="value">The value.</param>
        /// <returns>The range.</returns>
        public static Param Exact(double value)
        {
            return new Param(value, value);
        }
    }

    /// <summary>Worst case by corner enumeration over parameters and a swept input.</summary>
    public static class WorstCase
    {
        /// <summary>
        /// Evaluates <paramref name="f"/> at every corner of the parameters for each of
        /// <paramref name="steps"/> + 1 input values from <paramref name="xMin"/> to <paramref name="xMax"/>.
        /// The circuits checked are monotonic in each parameter, so corners bound them.
        /// </summary>
        /// <param name="f">Output from (input, parameter values).</param>
        /// <param name="xMin">Lowest input.</param>
        /// <param name="xMax">Highest input.</param>
        /// <param name="steps">Input intervals.</param>
        /// <param name="parameters">Toleranced parameters.</param>
        /// <returns>Smallest and largest output.</returns>
        public static (double Min, double Max) Sweep(Func<double, double[], double> f, double xMin, double xMax, int steps, params Param[] parameters)
        {
            double min = double.PositiveInfinity;
            double max = double.NegativeInfinity;
            double[] values = new double[parameters.Length];
            int corners = 1 << parameters.Length;
            for (int s = 0; s <= steps; s++)
            {
                double x = steps == 0 ? xMin : xMin + ((xMax - xMin) * s / steps);
                for (int c = 0; c < corners; c++)
                {
                    for (int p = 0; p < parameters.Length; p++)
                    {
                        values[p] = ((c >> p) & 1) == 0 ? parameters[p].Low : parameters[p].High;
                    }

                    double y = f(x, values);
                    min = Math.Min(min, y);
                    max = Math.Max(max, y);
                }
            }

            return (min, max);
        }
    }
}
