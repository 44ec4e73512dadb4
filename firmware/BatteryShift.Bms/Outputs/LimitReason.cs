using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Outputs
{
    /// <summary>
    /// Why the converter limits are what they are (the <c>reason</c> of the limits message, docs/mqtt.md): a code and
    /// its short snake_case name. An alarm that stops a direction reports as its limit's name in the diagnosis table
    /// (<see cref="AlarmBase"/> + the limit id, e.g. <c>cell_ov</c>).
    /// </summary>
    public static class LimitReason
    {
        /// <summary>Charge and discharge both allowed (derated or not).</summary>
        public const int Ok = 0;

        /// <summary>Boot or self-test: no trustworthy measurement yet.</summary>
        public const int Starting = 1;

        /// <summary>A fault is latched: both directions stay off until it is cleared.</summary>
        public const int FaultLatched = 2;

        /// <summary>The cell measurement is not valid or a sensor fault is active.</summary>
        public const int SensorFault = 3;

        /// <summary>Service mode (calibration): the FETs stay open.</summary>
        public const int Service = 4;

        /// <summary>The FET of that direction is open.</summary>
        public const int FetOpen = 5;

        /// <summary>The highest cell reached the top of the charge taper (CCL 0).</summary>
        public const int CellFull = 6;

        /// <summary>The lowest cell reached the bottom of the discharge taper (DCL 0).</summary>
        public const int CellEmpty = 7;

        /// <summary>Too cold for the direction (temperature derating to 0).</summary>
        public const int TempLow = 8;

        /// <summary>Too hot for the direction (temperature derating to 0).</summary>
        public const int TempHigh = 9;

        /// <summary>The configured largest current (lim.ccl or lim.dcl) is below the message's 0.1 A resolution.</summary>
        public const int Config = 10;

        /// <summary>Code of an alarm: this plus its limit id (<see cref="LimitIds"/>).</summary>
        public const int AlarmBase = 32;

        /// <summary>
        /// The name of a reason code.
        /// </summary>
        /// <param name="reason">A code of this class.</param>
        /// <returns>Its short snake_case name; "unknown" for a code not defined.</returns>
        public static string Name(int reason)
        {
            if (reason >= AlarmBase)
            {
                return DiagnosisTable.LimitName(reason - AlarmBase);
            }

            switch (reason)
            {
                case Ok:
                    return "ok";
                case Starting:
                    return "starting";
                case FaultLatched:
                    return "fault_latched";
                case SensorFault:
                    return "sensor_fault";
                case Service:
                    return "service";
                case FetOpen:
                    return "fet_open";
                case CellFull:
                    return "cell_full";
                case CellEmpty:
                    return "cell_empty";
                case TempLow:
                    return "temp_low";
                case TempHigh:
                    return "temp_high";
                case Config:
                    return "config";
                default:
                    return "unknown";
            }
        }

        /// <summary>
        /// The code of the lowest limit id set in an alarm mask.
        /// </summary>
        /// <param name="alarms">Alarm bits (non-zero).</param>
        /// <returns><see cref="AlarmBase"/> + the limit id.</returns>
        public static int OfAlarm(int alarms)
        {
            for (int id = 0; id < LimitIds.Count; id++)
            {
                if ((alarms & (1 << id)) != 0)
                {
                    return AlarmBase + id;
                }
            }

            return AlarmBase;
        }
    }
}
