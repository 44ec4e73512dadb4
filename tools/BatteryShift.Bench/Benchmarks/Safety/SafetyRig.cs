using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>Shared set-ups of the safety-core benchmarks on the virtual module.</summary>
    internal static class SafetyRig
    {
        public static void SetAllSoc(VirtualModuleRunner r, double soc)
        {
            for (int i = 0; i < r.Module.CellCount; i++)
            {
                r.Module.SetCellSoc(i, soc);
            }
        }

        public static void SetAllTemperatures(VirtualModuleRunner r, double c)
        {
            r.Module.AmbientC = c;
            for (int i = 0; i < r.Module.CellCount; i++)
            {
                r.Module.SetCellTemperature(i, c);
            }
        }

        /// <summary>A daily ESS duty within the module's CCL and CVL (as the tests' profile).</summary>
        public sealed class EssDuty : LoadProfile
        {
            private readonly CcCvCharger _charger = new CcCvCharger(100, 3.45, 5, 3.30);

            public Func<double>? ChargeLimitA { get; set; }

            public Func<double>? ChargeVoltageLimitCellV { get; set; }

            public override double CurrentA(in PackView pack)
            {
                double hour = (pack.TimeSeconds / 3600.0) % 24.0;
                if (hour >= 9 && hour < 15)
                {
                    _charger.ConstantCurrentA = Math.Min(100, ChargeLimitA?.Invoke() ?? 100);
                    _charger.CvCellV = Math.Min(3.45, ChargeVoltageLimitCellV?.Invoke() ?? 3.45);
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

                return hour >= 22 || hour < 7 ? -5 : 0;
            }
        }
    }
}
