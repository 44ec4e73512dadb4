using System;
using System.Globalization;
using System.Text;
using BatteryShift.Bms.Console;
using BatteryShift.Bms.Events;
using BatteryShift.Monitor.Records;

namespace BatteryShift.Monitor.View
{
    /// <summary>An event in the words the board's console uses ("alarm cell_ov 3650", "state charging from standby").</summary>
    public static class EventText
    {
        /// <summary>Time and words of an event.</summary>
        /// <param name="e">Event as received.</param>
        /// <returns>For example "0.02:10:55 alarm cell_ov 3650".</returns>
        public static string Describe(ModuleEvent e)
        {
            ArgumentNullException.ThrowIfNull(e);
            string time = TimeSpan.FromMilliseconds(e.TimeMs).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture);
            int kind = KindOf(e.Kind);
            if (kind < 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{time} {e.Kind} {e.Code} {e.Value}");
            }

            var text = new TextBuffer(256);
            StatusText.AppendEventBody(text, kind, e.Code, e.Value);
            return time + " " + Encoding.ASCII.GetString(text.Bytes, 0, text.Length);
        }

        private static int KindOf(string name)
        {
            for (int k = 0; k < EventKind.Count; k++)
            {
                if (EventKind.Name(k) == name)
                {
                    return k;
                }
            }

            return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number < EventKind.Count ? number : -1;
        }
    }
}
