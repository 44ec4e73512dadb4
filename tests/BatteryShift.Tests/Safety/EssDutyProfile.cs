using System;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// A daily ESS duty for the no-trip runs: an inverter that charges (solar) from 09:00 to 15:00 by CC/CV at up
    /// to 100 A and 3.45 V per cell, within the module's CCL and CVL as a Victron/Pylontech inverter does
    /// (docs/references.md), a few fast +-40 A swings at 16:00 (frequency regulation), an evening discharge of 40 A from
    /// 18:00 to 22:00 and a 5 A base load through the night until 07:00 (about 200 Ah a day of a 280 Ah module).
    /// </summary>
    public sealed class EssDutyProfile : LoadProfile
    {
        private readonly CcCvCharger _charger = new CcCvCharger(100, 3.45, 5, 3.30);

        /// <summary>Time of day at simulation start, hours (the short test starts at noon, in the top of charge).</summary>
        public double StartHour { get; set; }

        /// <summary>The module's charge current limit, A (null: none).</summary>
        public Func<double>? ChargeLimitA { get; set; }

        /// <summary>The module's charge voltage limit per cell, V (null: none).</summary>
        public Func<double>? ChargeVoltageLimitCellV { get; set; }

        public override double CurrentA(in PackView pack)
        {
            double hour = ((pack.TimeSeconds / 3600.0) + StartHour) % 24.0;
            if (hour >= 9 && hour < 15)
            {
                double ccl = ChargeLimitA?.Invoke() ?? 100;
                double cvl = ChargeVoltageLimitCellV?.Invoke() ?? 3.45;
                _charger.ConstantCurrentA = Math.Min(100, ccl);
                _charger.CvCellV = Math.Min(3.45, cvl);
                return _charger.ConstantCurrentA <= 0 ? 0 : _charger.CurrentA(pack);
            }

            if (hour >= 16 && hour < 17)
            {
                return ((int)(pack.TimeSeconds / 20) % 2 == 0) ? 40 : -40;
            }

            if (hour >= 18 && hour < 22)
            {
                return -40;
            }

            if (hour >= 22 || hour < 7)
            {
                return -5;
            }

            return 0;
        }
    }
}
