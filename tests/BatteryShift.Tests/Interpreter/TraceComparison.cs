using System;
using System.Collections.Generic;

namespace BatteryShift.Tests.Interpreter
{
    /// <summary>Compares two traces line by line.</summary>
    public static class TraceComparison
    {
        /// <summary>Index of the first differing line, or -1; the detail names it with both versions.</summary>
        public static int FirstDifference(IReadOnlyList<string> clr, IReadOnlyList<string> nano, out string detail)
        {
            int n = Math.Min(clr.Count, nano.Count);
            for (int i = 0; i < n; i++)
            {
                if (clr[i] != nano[i])
                {
                    detail = "line " + i + " differs\n clr:  " + Cut(clr[i]) + "\n nano: " + Cut(nano[i]) + "\n after: " + (i > 0 ? Cut(clr[i - 1]) : "(start)");
                    return i;
                }
            }

            if (clr.Count != nano.Count)
            {
                detail = "clr traced " + clr.Count + " lines, nano " + nano.Count + "; first extra: " + Cut(clr.Count > n ? clr[n] : nano[n]);
                return n;
            }

            detail = string.Empty;
            return -1;
        }

        private static string Cut(string line)
        {
            return line.Length > 400 ? line.Substring(0, 400) + "..." : line;
        }
    }
}
