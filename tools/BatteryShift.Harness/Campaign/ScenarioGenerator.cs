using System;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// Draws campaign scenarios from a seed: duty cycle, ambient, cell spread, front-end error draw and zero to
    /// three faults of the simulation's catalogue (plus over-current and short-circuit events of the load, and the external
    /// stop input) at random
    /// times and magnitudes. A quarter of the scenarios are named combinations: a fault during a backup discharge,
    /// a sensor fault during balancing, a brown-out while a fault is latched, the broker gone while an alarm rises.
    /// Scenarios are short (minutes of simulated time around the fault) so thousands fit in a run.
    /// </summary>
    public static class ScenarioGenerator
    {
        /// <summary>Shortest scenario, s.</summary>
        public const double MinSeconds = 240;

        /// <summary>Longest scenario, s.</summary>
        public const double MaxSeconds = 1200;

        /// <summary>Share of the scenarios with faults that also carry a firmware, memory or command fault.</summary>
        public const double FirmwareFaultShare = 0.25;

        private static readonly FirmwareFaultKind[] s_firmwareKinds =
        {
            FirmwareFaultKind.ControlHang, FirmwareFaultKind.TickThrows, FirmwareFaultKind.CommunicateOutOfMemory,
            FirmwareFaultKind.FaultLogCorrupt, FirmwareFaultKind.PowerCutDuringWrite, FirmwareFaultKind.CalibrationAttack,
            FirmwareFaultKind.CommandAdversary,
        };

        private static readonly FaultKind[] s_sensorKinds =
        {
            FaultKind.OpenSenseWire, FaultKind.NtcOpen, FaultKind.NtcShort, FaultKind.AdcStuck,
        };

        /// <summary>Draws the scenario of a seed.</summary>
        /// <param name="seed">Seed.</param>
        /// <param name="maxSeconds">Longest scenario, s (shorter for a quick campaign; the shortest is 40 % of it, at most
        /// <see cref="MinSeconds"/>).</param>
        /// <returns>The scenario.</returns>
        public static CampaignScenario Draw(ulong seed, double maxSeconds = MaxSeconds)
        {
            var r = new SimRandom(seed * 0x9E3779B97F4A7C15UL + 0x51ED2701UL);
            var s = new CampaignScenario { Seed = seed, MaxSeconds = maxSeconds };
            s.DurationSeconds = Math.Round(r.Uniform(Math.Min(MinSeconds, maxSeconds * 0.4), maxSeconds));
            s.RealisticErrors = r.NextDouble() < 0.8;
            s.SocSpreadPct = r.Uniform(0, 4);
            double a = r.NextDouble();
            s.AmbientC = a < 0.06 ? r.Uniform(-8, 2) : (a < 0.12 ? r.Uniform(45, 62) : r.Uniform(5, 40));
            DrawDuty(r, s);

            double kind = r.NextDouble();
            if (kind < 0.2)
            {
                s.Template = "fault-free";
            }
            else if (kind < 0.6)
            {
                s.Template = "single";
                s.Faults.Add(RandomFault(r, s));
            }
            else if (kind < 0.75)
            {
                s.Template = "multiple";
                int n = 2 + (int)(r.NextDouble() * 2);
                for (int i = 0; i < n; i++)
                {
                    s.Faults.Add(RandomFault(r, s));
                }
            }
            else
            {
                Combination(r, s);
            }

            AddExternalStop(seed, s);
            AddFirmwareFault(seed, s);
            return s;
        }

        // A quarter of the scenarios with faults also get a firmware, memory or command fault, drawn from its own stream
        // so that every other draw of a seed stays what it was before these faults joined the campaign.
        private static void AddFirmwareFault(ulong seed, CampaignScenario s)
        {
            var x = new SimRandom((seed * 0xA0761D6478BD642FUL) + 0xF1A5UL);
            if (s.Template == "fault-free" || x.NextDouble() >= FirmwareFaultShare)
            {
                return;
            }

            var plan = new FirmwareFaultPlan
            {
                Kind = s_firmwareKinds[(int)(x.NextDouble() * s_firmwareKinds.Length)],
                Seed = x.NextUInt64(),
                StartSeconds = Math.Round(x.Uniform(20, s.DurationSeconds * 0.7), 1),
            };
            switch (plan.Kind)
            {
                case FirmwareFaultKind.ControlHang:
                case FirmwareFaultKind.TickThrows:
                    plan.DurationSeconds = x.NextDouble() < 0.5 ? double.PositiveInfinity : Math.Round(x.Uniform(0.2, 1.4), 1);
                    break;
                case FirmwareFaultKind.CommunicateOutOfMemory:
                    plan.DurationSeconds = Math.Round(x.Uniform(1, 60), 1);
                    break;
                case FirmwareFaultKind.FaultLogCorrupt:
                    s.Faults.Add(HazardFault(x, s));
                    plan.DelaySeconds = Math.Round(x.Uniform(1, 30), 1);
                    plan.Variant = (int)(x.NextDouble() * 6);
                    break;
                case FirmwareFaultKind.PowerCutDuringWrite:
                    {
                        ScenarioFault hazard = HazardFault(x, s);
                        s.Faults.Add(hazard);
                        plan.Variant = x.NextDouble() < 0.6 ? 0 : 1;
                        plan.StartSeconds = plan.Variant == 0 ? hazard.StartSeconds : plan.StartSeconds;
                        break;
                    }

                case FirmwareFaultKind.CalibrationAttack:
                    {
                        plan.StartSeconds = Math.Round(x.Uniform(20, s.DurationSeconds * 0.4), 1);
                        plan.Variant = (int)Math.Round(x.Uniform(-120, 120));
                        plan.Extra = 1 + (int)(x.NextDouble() * 4);
                        s.Duty = CampaignDuty.Charge;
                        s.DutyCurrentA = x.Uniform(50, 200);
                        s.InitialSocPct = x.Uniform(90, 99);
                        s.Faults.Add(new ScenarioFault
                        {
                            Kind = FaultKind.ChargerOvervoltage,
                            Value = x.Uniform(3.8, 4.0),
                            StartSeconds = Math.Round(plan.StartSeconds + x.Uniform(20, 60)),
                        });
                        break;
                    }

                default:
                    plan.StartSeconds = Math.Round(x.Uniform(20, s.DurationSeconds * 0.5), 1);
                    plan.Extra = 5 + (int)(x.NextDouble() * 36);
                    plan.Variant = (int)(x.NextDouble() * 4);
                    break;
            }

            s.Firmware = plan;
        }

        // The external stop input (an emergency stop or a rack controller pulling the line low) joins one in thirteen
        // single- and multiple-fault scenarios. It is drawn from its own stream so that every other draw of a seed,
        // and with it every replayed regression seed, stays what it was before the input joined the campaign.
        private static void AddExternalStop(ulong seed, CampaignScenario s)
        {
            var x = new SimRandom(seed * 0xD1B54A32D192ED03UL + 0xE5700UL);
            if ((s.Template != "single" && s.Template != "multiple") || x.NextDouble() >= 1.0 / 13)
            {
                return;
            }

            s.Faults.Add(new ScenarioFault
            {
                Kind = FaultKind.ExternalStop,
                StartSeconds = Math.Round(x.Uniform(20, s.DurationSeconds * 0.7)),
                DurationSeconds = x.NextDouble() < 0.5 ? double.PositiveInfinity : Math.Round(x.Uniform(0.5, 120), 1),
            });
        }

        private static void DrawDuty(SimRandom r, CampaignScenario s)
        {
            s.Duty = (CampaignDuty)(int)(r.NextDouble() * 6);
            switch (s.Duty)
            {
                case CampaignDuty.Charge:
                    s.DutyCurrentA = r.Uniform(20, 200);
                    s.InitialSocPct = r.Uniform(55, 99);
                    break;
                case CampaignDuty.Discharge:
                    s.DutyCurrentA = r.Uniform(20, 260);
                    s.InitialSocPct = r.Uniform(1.5, 45);
                    break;
                case CampaignDuty.Backup:
                    s.DutyCurrentA = r.Uniform(100, 275);
                    s.InitialSocPct = r.Uniform(3, 100);
                    s.BackupStartSeconds = Math.Round(r.Uniform(30, s.DurationSeconds * 0.5));
                    s.BackupSeconds = Math.Round(r.Uniform(60, s.DurationSeconds - s.BackupStartSeconds));
                    break;
                case CampaignDuty.FrequencyRegulation:
                    s.DutyCurrentA = r.Uniform(20, 200);
                    s.InitialSocPct = r.Uniform(3, 97);
                    break;
                default:
                    s.DutyCurrentA = 0;
                    s.InitialSocPct = r.Uniform(3, 97);
                    break;
            }
        }

        private static ScenarioFault RandomFault(SimRandom r, CampaignScenario s)
        {
            var f = new ScenarioFault { StartSeconds = Math.Round(r.Uniform(20, s.DurationSeconds * 0.7)) };
            double d = r.NextDouble();
            f.DurationSeconds = d < 0.5 ? double.PositiveInfinity : Math.Round(r.Uniform(2, 600));
            int pick = (int)(r.NextDouble() * 13);
            switch (pick)
            {
                case 0:
                    f.Kind = FaultKind.OpenSenseWire;
                    f.Target = (int)(r.NextDouble() * 17);
                    break;
                case 1:
                    f.Kind = FaultKind.NtcOpen;
                    f.Target = (int)(r.NextDouble() * 10);
                    break;
                case 2:
                    f.Kind = FaultKind.NtcShort;
                    f.Target = (int)(r.NextDouble() * 10);
                    break;
                case 3:
                    f.Kind = FaultKind.AdcStuck;
                    f.Target = (int)(r.NextDouble() * 8);
                    f.Value = r.NextDouble() < 0.5 ? 4095 : Math.Round(r.Uniform(0, 4095));
                    break;
                case 4:
                    f.Kind = FaultKind.SoftShort;
                    f.Target = (int)(r.NextDouble() * 16);
                    f.Value = r.Uniform(0.05, 100);
                    break;
                case 5:
                case 6:
                    f.Kind = FaultKind.CellHeating;
                    f.Target = (int)(r.NextDouble() * 16);
                    f.Value = r.Uniform(5, 400);
                    break;
                case 7:
                    f.Kind = FaultKind.CurrentOffsetDrift;
                    f.Value = r.Uniform(0.5, 50);
                    break;
                case 8:
                    f.Kind = FaultKind.ChargerOvervoltage;
                    f.Value = r.Uniform(3.7, 4.0);
                    break;
                case 9:
                    f.Kind = FaultKind.BrownOut;
                    f.DurationSeconds = 0;
                    break;
                case 10:
                    f.Kind = FaultKind.NetworkLoss;
                    f.DurationSeconds = Math.Round(r.Uniform(5, 900));
                    break;
                case 11:
                    // over-current of the load beyond the fault limit (280 A), seconds long
                    f.Kind = null;
                    f.Value = (r.NextDouble() < 0.5 ? -1 : 1) * r.Uniform(290, 420);
                    f.DurationSeconds = Math.Round(r.Uniform(0.4, 8), 1);
                    break;
                default:
                    // short circuit beyond 560 A, sub-second to seconds
                    f.Kind = null;
                    f.Value = (r.NextDouble() < 0.7 ? -1 : 1) * r.Uniform(600, 1500);
                    f.DurationSeconds = Math.Round(r.Uniform(0.2, 3), 1);
                    break;
            }

            return f;
        }

        private static void Combination(SimRandom r, CampaignScenario s)
        {
            int pick = (int)(r.NextDouble() * 4);
            switch (pick)
            {
                case 0:
                    {
                        // a fault during a backup discharge
                        s.Template = "fault-during-backup";
                        s.Duty = CampaignDuty.Backup;
                        s.DutyCurrentA = r.Uniform(150, 275);
                        s.InitialSocPct = r.Uniform(3, 100);
                        s.BackupStartSeconds = Math.Round(r.Uniform(30, s.DurationSeconds * 0.4));
                        s.BackupSeconds = Math.Round(r.Uniform(120, s.DurationSeconds - s.BackupStartSeconds));
                        ScenarioFault f = RandomFault(r, s);
                        f.StartSeconds = Math.Round(s.BackupStartSeconds + r.Uniform(5, s.BackupSeconds * 0.8));
                        s.Faults.Add(f);
                        break;
                    }

                case 1:
                    {
                        // a sensor fault during balancing
                        s.Template = "sensor-during-balancing";
                        s.SocSpreadPct = r.Uniform(2, 6);
                        var f = new ScenarioFault
                        {
                            Kind = s_sensorKinds[(int)(r.NextDouble() * s_sensorKinds.Length)],
                            Trigger = FaultTrigger.WhileBleeding,
                            TriggerDelaySeconds = Math.Round(r.Uniform(0, 20), 1),
                            DurationSeconds = r.NextDouble() < 0.5 ? double.PositiveInfinity : Math.Round(r.Uniform(2, 300)),
                        };
                        f.Target = f.Kind switch
                        {
                            FaultKind.OpenSenseWire => (int)(r.NextDouble() * 17),
                            FaultKind.AdcStuck => (int)(r.NextDouble() * 8),
                            _ => (int)(r.NextDouble() * 10),
                        };
                        if (f.Kind == FaultKind.AdcStuck)
                        {
                            f.Value = Math.Round(r.Uniform(0, 4095));
                        }

                        s.Faults.Add(f);
                        break;
                    }

                case 2:
                    {
                        // a brown-out while a fault is latched
                        s.Template = "brownout-while-latched";
                        ScenarioFault cause = HazardFault(r, s);
                        s.Faults.Add(cause);
                        s.Faults.Add(new ScenarioFault
                        {
                            Kind = FaultKind.BrownOut,
                            Trigger = FaultTrigger.WhileLatched,
                            TriggerDelaySeconds = Math.Round(r.Uniform(0, 30), 1),
                            DurationSeconds = 0,
                        });
                        break;
                    }

                default:
                    {
                        // the broker gone while an alarm rises
                        s.Template = "broker-gone-during-alarm";
                        s.Faults.Add(HazardFault(r, s));
                        s.Faults.Add(new ScenarioFault
                        {
                            Kind = FaultKind.NetworkLoss,
                            Trigger = FaultTrigger.WhileAlarm,
                            TriggerDelaySeconds = Math.Round(r.Uniform(0, 5), 1),
                            DurationSeconds = Math.Round(r.Uniform(10, 1200)),
                        });
                        break;
                    }
            }
        }

        private static ScenarioFault HazardFault(SimRandom r, CampaignScenario s)
        {
            int pick = (int)(r.NextDouble() * 3);
            double start = Math.Round(r.Uniform(20, s.DurationSeconds * 0.4));
            if (pick == 0)
            {
                s.Duty = CampaignDuty.Charge;
                s.DutyCurrentA = r.Uniform(50, 200);
                s.InitialSocPct = r.Uniform(90, 99);
                return new ScenarioFault { Kind = FaultKind.ChargerOvervoltage, Value = r.Uniform(3.8, 4.0), StartSeconds = start };
            }

            if (pick == 1)
            {
                return new ScenarioFault { Kind = FaultKind.CellHeating, Target = (int)(r.NextDouble() * 16), Value = r.Uniform(150, 500), StartSeconds = start };
            }

            return new ScenarioFault { Kind = null, Value = -r.Uniform(290, 420), DurationSeconds = Math.Round(r.Uniform(2, 8), 1), StartSeconds = start };
        }
    }
}
