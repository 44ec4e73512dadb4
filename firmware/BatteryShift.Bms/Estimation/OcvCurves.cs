namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// The LFP open-circuit voltage curves the estimator can use, and the checks on a user's own. Curve 0 is the
    /// firmware's default (<see cref="LfpOcvTable"/>, BPX); the other built-ins are published curves of other cells
    /// and methods (sources and how each was reduced to one row per percent: docs/ocv-curves.md). They are held as
    /// number text in tenths of a millivolt, parsed into a table only when selected, so that no curve but the active
    /// one takes RAM. A user's curve is 21 points, 0 to 100 % of SOC in steps of 5 %, in mV, rising; it is expanded
    /// to the table's 101 rows linearly. Every curve shares the default's entropic coefficient. The curve only moves
    /// where the estimator reads SOC from a voltage: no trip point depends on it.
    /// </summary>
    public static class OcvCurves
    {
        /// <summary>The default: BPX, the table the firmware carries.</summary>
        public const int Bpx = 0;

        /// <summary>LithiumWerks APR18650M1B, measured (Sunil, Pattipati and Balasingam 2025).</summary>
        public const int LithiumWerks = 1;

        /// <summary>Built from half-cell potentials (Afshar LFP, Chen graphite, Prada 2013 balance).</summary>
        public const int Prada = 2;

        /// <summary>Built from half-cell potentials (Safari and Delacourt LFP, Ecker graphite).</summary>
        public const int Safari = 3;

        /// <summary>The user's own curve, once committed.</summary>
        public const int User = 4;

        /// <summary>Curves, user's included.</summary>
        public const int Count = 5;

        /// <summary>Points of a user's curve: 0, 5, ... 100 % of SOC.</summary>
        public const int UserPoints = 21;

        /// <summary>Lowest voltage any point of a user's curve may have, mV.</summary>
        public const int LowestMv = 2000;

        /// <summary>Highest voltage any point of a user's curve may have, mV (the LFP envelope's top).</summary>
        public const int HighestMv = 3800;

        /// <summary>An LFP curve is empty below this at 0 % SOC, mV.</summary>
        public const int EmptyAtMostMv = 3000;

        /// <summary>An LFP curve is full above this at 100 % SOC, mV.</summary>
        public const int FullAtLeastMv = 3350;

        // tenths of a millivolt, SOC 0..100 %, from the simulation's Data/ocv files (docs/ocv-curves.md)
        private const string LithiumWerksText =
            "20102,26752,28453,29493,30083,30672,31073,31378,31683,31948,31988,32028,32067,32107,32147,32187,"
            + "32226,32266,32306,32346,32385,32425,32465,32505,32545,32584,32624,32664,32704,32743,32775,32786,"
            + "32797,32807,32818,32829,32840,32850,32861,32872,32883,32893,32904,32915,32926,32937,32947,32958,"
            + "32969,32980,32990,33001,33012,33023,33034,33044,33055,33066,33077,33087,33098,33109,33120,33130,"
            + "33141,33152,33163,33174,33184,33195,33206,33217,33227,33238,33249,33260,33270,33281,33292,33303,"
            + "33314,33324,33335,33346,33357,33367,33378,33389,33400,33411,33421,33432,33443,33454,33464,33475,"
            + "33486,33497,33507,33894,35981";

        private const string PradaText =
            "20000,22655,24600,26027,27077,27853,28432,28874,29222,29515,29781,30041,30308,30580,30843,31080,"
            + "31277,31430,31543,31625,31685,31730,31765,31797,31826,31857,31890,31926,31966,32010,32058,32109,"
            + "32163,32217,32271,32324,32373,32418,32458,32494,32525,32551,32574,32593,32608,32621,32632,32641,"
            + "32649,32655,32660,32665,32669,32672,32675,32678,32680,32682,32684,32686,32688,32690,32692,32694,"
            + "32697,32700,32703,32708,32715,32725,32740,32761,32791,32829,32875,32926,32975,33018,33053,33079,"
            + "33097,33109,33118,33124,33129,33132,33134,33136,33138,33140,33142,33143,33145,33148,33153,33164,"
            + "33193,33273,33500,34145,35984";

        private const string SafariText =
            "20000,26193,27902,29026,29861,30485,30954,31306,31570,31768,31918,32031,32116,32181,32232,32272,"
            + "32304,32332,32358,32382,32408,32436,32466,32499,32533,32567,32600,32630,32657,32679,32699,32715,"
            + "32731,32746,32763,32783,32808,32838,32872,32910,32947,32980,33008,33030,33047,33058,33066,33072,"
            + "33075,33078,33079,33080,33081,33081,33082,33082,33082,33082,33082,33082,33082,33082,33083,33083,"
            + "33083,33084,33085,33087,33089,33094,33100,33109,33123,33143,33171,33206,33248,33293,33338,33376,"
            + "33408,33431,33448,33460,33469,33474,33479,33483,33487,33493,33501,33514,33534,33566,33618,33704,"
            + "33845,34075,34450,35054,35999";

        /// <summary>The name a curve is selected by on the console.</summary>
        /// <param name="curve">Curve id.</param>
        /// <returns>Name, or "?" for an unknown id.</returns>
        public static string Name(int curve)
        {
            switch (curve)
            {
                case Bpx:
                    return "bpx";
                case LithiumWerks:
                    return "lithiumwerks";
                case Prada:
                    return "prada";
                case Safari:
                    return "safari";
                case User:
                    return "user";
                default:
                    return "?";
            }
        }

        /// <summary>
        /// Fills a table with a built-in curve.
        /// </summary>
        /// <param name="curve">A built-in curve (not <see cref="User"/>).</param>
        /// <param name="table">101 rows, V.</param>
        /// <returns>False for an id that is not a built-in; the table is then unchanged.</returns>
        public static bool FillBuiltin(int curve, float[] table)
        {
            if (curve == Bpx)
            {
                LfpOcvTable.CopyDefault(table);
                return true;
            }

            string text = curve == LithiumWerks ? LithiumWerksText : (curve == Prada ? PradaText : (curve == Safari ? SafariText : null));
            if (text == null)
            {
                return false;
            }

            int row = 0;
            int value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == ',')
                {
                    table[row++] = value * 0.0001f;
                    value = 0;
                }
                else
                {
                    value = (value * 10) + (c - '0');
                }
            }

            table[row] = value * 0.0001f;
            return true;
        }

        /// <summary>
        /// Checks a user's curve: every point inside the envelope, each above the one before, empty and full where an
        /// LFP cell is.
        /// </summary>
        /// <param name="pointsMv">21 points, mV.</param>
        /// <returns>The index of the first wrong point, or -1 when the curve is acceptable.</returns>
        public static int FirstWrongPoint(int[] pointsMv)
        {
            for (int k = 0; k < UserPoints; k++)
            {
                int mv = pointsMv[k];
                bool wrong = mv < LowestMv || mv > HighestMv || (k > 0 && mv <= pointsMv[k - 1])
                    || (k == 0 && mv > EmptyAtMostMv) || (k == UserPoints - 1 && mv < FullAtLeastMv);
                if (wrong)
                {
                    return k;
                }
            }

            return -1;
        }

        /// <summary>
        /// The check figure a user's curve is committed with: the sum of each point times its position (1..21),
        /// modulo 65536, so that a point swapped, dropped or mistyped changes it.
        /// </summary>
        /// <param name="pointsMv">21 points, mV.</param>
        /// <returns>0..65535.</returns>
        public static int Checksum(int[] pointsMv)
        {
            int sum = 0;
            for (int k = 0; k < UserPoints; k++)
            {
                sum = (sum + ((k + 1) * pointsMv[k])) & 0xFFFF;
            }

            return sum;
        }

        /// <summary>
        /// Expands a user's 21 points to the table's 101 rows, linearly between the points.
        /// </summary>
        /// <param name="pointsMv">21 points, mV.</param>
        /// <param name="table">101 rows, V.</param>
        public static void Expand(int[] pointsMv, float[] table)
        {
            for (int row = 0; row < LfpOcvTable.Rows; row++)
            {
                int k = row / 5;
                int f = row - (k * 5);
                float mv = f == 0 ? pointsMv[k] : pointsMv[k] + ((pointsMv[k + 1] - pointsMv[k]) * f / 5f);
                table[row] = mv * 0.001f;
            }
        }
    }
}
