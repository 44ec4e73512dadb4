using BatteryShift.Bms.Console;
using BatteryShift.Bms.Events;

namespace BatteryShift.Bms.Persistence
{
    /// <summary>
    /// What the module runs on when a stored record is rejected at start-up, and how that is announced: a bit of
    /// <see cref="ModuleStatus.FallbackMask"/> (in `status` and the state message's fallback_mask), an event
    /// <see cref="EventKind.StoreRejected"/> (code: the bit, value: the load's <see cref="ResultCode"/>), and so a line
    /// on the serial console. A record that is simply absent (a new board) is no fallback.
    /// </summary>
    public static class StoreFallback
    {
        /// <summary>The stored configuration was rejected (corrupt or a value out of range): the defaults are in force.</summary>
        public const int Configuration = 1;

        /// <summary>The stored calibration was rejected: the channels run uncalibrated (balancing holds off).</summary>
        public const int Calibration = 2;

        /// <summary>The fault log could not be trusted: the module starts latched in log_lost.</summary>
        public const int FaultLog = 4;

        /// <summary>The stored OCV curve was rejected: the estimator reads SOC on the default curve (BPX).</summary>
        public const int OcvCurve = 8;

        /// <summary>
        /// Announces a rejected record: sets its bit and appends the event. Does nothing when the load was Ok.
        /// </summary>
        /// <param name="status">Module status.</param>
        /// <param name="events">Event log.</param>
        /// <param name="nowMs">Uptime, ms.</param>
        /// <param name="bit">The record's bit.</param>
        /// <param name="loadResult">The load's result code.</param>
        public static void Announce(ModuleStatus status, EventLog events, long nowMs, int bit, int loadResult)
        {
            if (loadResult == ResultCode.Ok)
            {
                return;
            }

            status.FallbackMask |= bit;
            events.Append(nowMs, EventKind.StoreRejected, bit, loadResult);
        }

        /// <summary>Appends the names of the bits of a fallback mask, each after a space.</summary>
        /// <param name="text">Destination.</param>
        /// <param name="mask">A fallback mask.</param>
        public static void AppendNames(TextBuffer text, int mask)
        {
            if ((mask & Configuration) != 0)
            {
                text.Append(" config");
            }

            if ((mask & Calibration) != 0)
            {
                text.Append(" calibration");
            }

            if ((mask & FaultLog) != 0)
            {
                text.Append(" fault_log");
            }

            if ((mask & OcvCurve) != 0)
            {
                text.Append(" ocv_curve");
            }
        }

        /// <summary>
        /// Appends the words of a store_rejected event after its kind: "config corrupt: defaults in force".
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="bit">The record's bit (the event's code).</param>
        /// <param name="loadResult">The load's result code (the event's value).</param>
        public static void AppendEvent(TextBuffer text, int bit, int loadResult)
        {
            text.Append(bit == Configuration ? "config " : bit == Calibration ? "calibration " : bit == FaultLog ? "fault_log " : bit == OcvCurve ? "ocv_curve " : "record ");
            text.Append(ResultCode.Text(loadResult));
            text.Append(bit == Configuration ? ": defaults in force" : bit == Calibration ? ": channels uncalibrated" : bit == FaultLog ? ": latched log_lost" : bit == OcvCurve ? ": default curve (bpx) in force" : ": fallback");
        }
    }
}
