using System;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// A battery power converter (inverter/charger) that follows the module's limits the way an ESS converter does
    /// with a BMS that reports them (Victron's DVCC: charge voltage limit, charge and discharge current limits; see
    /// docs/simulation.md): it asks its duty profile what the site wants, then caps charging at CCL, discharging at
    /// DCL, regulates the module voltage to CVL (the charge current falls as the module nears CVL: the constant-voltage
    /// phase), stops a direction that is not allowed, and stops both while the limits are not valid or the newest
    /// message is older than <see cref="StaleSeconds"/>. Its current rises at most <see cref="RampAmpsPerSecond"/>; a
    /// lower limit or request takes effect at once, and a change of direction passes through zero.
    /// </summary>
    public sealed class LimitFollowingConverter : LoadProfile
    {
        private readonly LoadProfile? _duty;
        private double _currentA;
        private double _lastSeconds = double.NaN;

        /// <summary>Makes the converter.</summary>
        /// <param name="duty">What the site asks of the battery (positive = charge), or null for nothing.</param>
        /// <param name="limits">The limits as received (filled by whoever delivers the module's messages).</param>
        public LimitFollowingConverter(LoadProfile? duty, ConverterLimits limits)
        {
            _duty = duty;
            Limits = limits;
        }

        /// <summary>The limits it follows.</summary>
        public ConverterLimits Limits { get; }

        /// <summary>The duty profile it serves, or null.</summary>
        public LoadProfile? Duty => _duty;

        /// <summary>Fastest rise of the current magnitude, A/s (default 10).</summary>
        public double RampAmpsPerSecond { get; set; } = 10.0;

        /// <summary>Limits older than this stop the converter, s (default 5).</summary>
        public double StaleSeconds { get; set; } = 5.0;

        /// <summary>What the duty asked at the last step, A.</summary>
        public double RequestedA { get; private set; }

        /// <summary>What the converter gave at the last step, A.</summary>
        public double OutputA => _currentA;

        /// <summary>What held the current below the request at the last step.</summary>
        public ConverterLimit Limiting { get; private set; }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double request = _duty == null ? 0.0 : _duty.CurrentA(pack);
            if (double.IsNaN(request))
            {
                request = 0.0;
            }

            double dt = double.IsNaN(_lastSeconds) ? 0.0 : Math.Max(0.0, pack.TimeSeconds - _lastSeconds);
            _lastSeconds = pack.TimeSeconds;
            RequestedA = request;
            ConverterLimit limiting;
            double target = Limit(request, pack, out limiting);

            // a smaller magnitude (or the other direction, through zero) at once; a larger one at the ramp
            double from = target * _currentA > 0 ? _currentA : 0.0;
            double next;
            if (Math.Abs(target) <= Math.Abs(from))
            {
                next = target;
            }
            else
            {
                double step = RampAmpsPerSecond * dt;
                next = Math.Abs(target - from) <= step ? target : from + (Math.Sign(target) * step);
                if (next != target && limiting == ConverterLimit.None)
                {
                    limiting = ConverterLimit.Ramp;
                }
            }

            _currentA = next;
            Limiting = limiting;
            return next;
        }

        private double Limit(double request, in PackView pack, out ConverterLimit limiting)
        {
            limiting = ConverterLimit.None;
            ConverterLimits l = Limits;
            if (l.AgeSeconds(pack.TimeSeconds) > StaleSeconds)
            {
                limiting = ConverterLimit.Stale;
                return 0.0;
            }

            if (!l.Valid)
            {
                limiting = ConverterLimit.Invalid;
                return 0.0;
            }

            if (request > 0)
            {
                if (!l.ChargeAllowed)
                {
                    limiting = ConverterLimit.ChargeNotAllowed;
                    return 0.0;
                }

                double target = request;
                if (target > l.ChargeCurrentLimitA)
                {
                    target = l.ChargeCurrentLimitA;
                    limiting = ConverterLimit.ChargeCurrent;
                }

                // the current that holds the module at CVL: the charge current tapers as the module voltage nears it
                double cv = Math.Max(0.0, pack.CurrentForVoltage(l.ChargeVoltageLimitV));
                if (target > cv)
                {
                    target = cv;
                    limiting = ConverterLimit.ChargeVoltage;
                }

                return target;
            }

            if (request < 0)
            {
                if (!l.DischargeAllowed)
                {
                    limiting = ConverterLimit.DischargeNotAllowed;
                    return 0.0;
                }

                if (-request > l.DischargeCurrentLimitA)
                {
                    limiting = ConverterLimit.DischargeCurrent;
                    return -l.DischargeCurrentLimitA;
                }
            }

            return request;
        }
    }
}
