using BatteryShift.Bms;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>The module a scenario runs on: its duty (with the faults that are current pulses), its front end and its scheduled faults.</summary>
    internal static class ScenarioLoads
    {
        // The "ideal" draw has no static errors (gain, offset, INL/DNL, tolerances, wire drop, settling) but keeps the
        // converter's noise: no real converter returns one code for ever, and the firmware's stuck-input detection
        // rests on that (seed 3483: a current input stuck mid-range on a noise-free converter is indistinguishable
        // from a constant current).
        internal static FrontEndErrors IdealFrontEnd()
        {
            FrontEndErrors e = FrontEndErrors.Ideal;
            e.AdcNoise = true;
            return e;
        }

        internal static LoadProfile? Build(CampaignScenario s)
        {
            LoadProfile? load = s.Duty switch
            {
                CampaignDuty.Charge => new CcCvCharger(s.DutyCurrentA),
                CampaignDuty.Discharge => new ConstantCurrentProfile(-s.DutyCurrentA),
                CampaignDuty.Backup => new DataCentreBackupProfile(s.BackupStartSeconds / 3600.0, s.DutyCurrentA, s.BackupSeconds / 60.0),
                CampaignDuty.PeakShaving => new PeakShavingProfile(),
                CampaignDuty.FrequencyRegulation => new FrequencyRegulationProfile(s.DutyCurrentA, s.Seed),
                _ => null,
            };
            foreach (ScenarioFault f in s.Faults)
            {
                if (f.Kind == null)
                {
                    var pulse = new ConstantCurrentProfile(f.Value, f.StartSeconds, f.DurationSeconds);
                    load = load == null ? pulse : new SumProfile(load, pulse);
                }
            }

            return load;
        }

        /// <summary>Schedules the scenario's faults on the module: at their time, or once their trigger has held for their delay.</summary>
        internal static void ScheduleFaults(CampaignScenario scenario, VirtualModuleRunner runner, System.Func<bool> draining)
        {
            FaultSchedule faults = runner.Module.Faults;
            foreach (ScenarioFault f in scenario.Faults)
            {
                if (f.Kind == null)
                {
                    continue;
                }

                FaultKind kind = f.Kind.Value;
                if (f.Trigger == FaultTrigger.Time)
                {
                    faults.At(f.StartSeconds, kind, f.Target, f.Value, f.DurationSeconds);
                    continue;
                }

                double triggeredAt = double.NaN;
                FaultTrigger trigger = f.Trigger;
                double delay = f.TriggerDelaySeconds;
                faults.When(
                    m =>
                    {
                        if (double.IsNaN(triggeredAt) && !draining() && Holds(trigger, m, runner))
                        {
                            triggeredAt = m.TimeSeconds;
                        }

                        return !double.IsNaN(triggeredAt) && m.TimeSeconds >= triggeredAt + delay;
                    },
                    kind,
                    f.Target,
                    f.Value,
                    f.DurationSeconds);
            }
        }

        private static bool Holds(FaultTrigger trigger, VirtualModule m, VirtualModuleRunner runner)
        {
            ModuleStatus s = runner.Core.Status;
            return trigger switch
            {
                FaultTrigger.WhileBleeding => m.Truth.BleedMask != 0,
                FaultTrigger.WhileLatched => s.FaultMask != 0,
                FaultTrigger.WhileAlarm => (s.AlarmMask | s.WarningMask) != 0,
                _ => false,
            };
        }
    }
}
