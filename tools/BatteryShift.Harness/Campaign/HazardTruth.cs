using System;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// The campaign's oracles' view of a hazard, from the simulation's truth only: whether the FET of a limit's
    /// direction conducts, the true value a limit would compare, and the measurement band within which a true value
    /// near a threshold is not yet a hazard.
    /// </summary>
    internal static class HazardTruth
    {
        internal static bool FetExposed(int id, ModuleTruth truth, bool chargeOn, bool dischargeOn)
        {
            switch (id)
            {
                case LimitIds.CellOvervoltage:
                case LimitIds.ChargeOvertemperature:
                case LimitIds.ChargeUndertemperature:
                case LimitIds.ChargeOvercurrent:
                case LimitIds.ModuleOvervoltage:
                    return chargeOn;
                case LimitIds.ShortCircuit:
                    return truth.PackCurrentA > 0 ? chargeOn : dischargeOn;
                case LimitIds.BoardOvertemperature:
                    return chargeOn || dischargeOn;
                default:
                    return dischargeOn;
            }
        }

        internal static int TrueValue(int id, ModuleTruth truth)
        {
            int n = truth.CellCount;
            switch (id)
            {
                case LimitIds.CellOvervoltage:
                    {
                        double max = double.MinValue;
                        for (int k = 0; k < n; k++)
                        {
                            max = Math.Max(max, truth.CellVoltageV[k]);
                        }

                        return (int)Math.Round(max * 1000);
                    }

                case LimitIds.CellUndervoltage:
                    {
                        double min = double.MaxValue;
                        for (int k = 0; k < n; k++)
                        {
                            min = Math.Min(min, truth.CellVoltageV[k]);
                        }

                        return (int)Math.Round(min * 1000);
                    }

                case LimitIds.ChargeOvertemperature:
                case LimitIds.DischargeOvertemperature:
                    {
                        double max = double.MinValue;
                        for (int j = 0; j < 8; j++)
                        {
                            max = Math.Max(max, truth.NtcTemperatureC(j));
                        }

                        return (int)Math.Round(max * 10);
                    }

                case LimitIds.ChargeUndertemperature:
                case LimitIds.DischargeUndertemperature:
                    {
                        double min = double.MaxValue;
                        for (int j = 0; j < 8; j++)
                        {
                            min = Math.Min(min, truth.NtcTemperatureC(j));
                        }

                        return (int)Math.Round(min * 10);
                    }

                case LimitIds.ChargeOvercurrent:
                    return (int)Math.Round(truth.PackCurrentA * 1000);
                case LimitIds.DischargeOvercurrent:
                    return (int)Math.Round(-truth.PackCurrentA * 1000);
                case LimitIds.ShortCircuit:
                    return (int)Math.Round(Math.Abs(truth.PackCurrentA) * 1000);
                case LimitIds.ModuleOvervoltage:
                case LimitIds.ModuleUndervoltage:
                    return (int)Math.Round(truth.PackVoltageV * 1000 / n);
                case LimitIds.BoardOvertemperature:
                    return (int)Math.Round(Math.Max(truth.BoardTemperatureC, truth.ShuntTemperatureC) * 10);
                default:
                    return 0;
            }
        }

        internal static int Band(int id, int threshold)
        {
            switch (id)
            {
                case LimitIds.ChargeOvercurrent:
                case LimitIds.DischargeOvercurrent:
                case LimitIds.ShortCircuit:
                    return (int)(Math.Abs(threshold) * ScenarioRun.CurrentBandFraction) + ScenarioRun.CurrentBandMa;
                case LimitIds.ChargeOvertemperature:
                case LimitIds.ChargeUndertemperature:
                case LimitIds.DischargeOvertemperature:
                case LimitIds.DischargeUndertemperature:
                case LimitIds.BoardOvertemperature:
                    return ScenarioRun.TemperatureBandDeciC;
                default:
                    return ScenarioRun.VoltageBandMv;
            }
        }
    }
}
