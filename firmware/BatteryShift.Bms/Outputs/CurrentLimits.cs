using BatteryShift.Bms.Config;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Outputs
{
    /// <summary>
    /// Inverter-facing limits (Victron/Pylontech CAN conventions, docs/references.md): CVL, CCL, DCL,
    /// derated by cell voltage, temperature, state of charge and active alarms. CVL is never 0: when charging
    /// must stop, CVL is lowered to the present module voltage (Victron ignores CCL = 0).
    /// </summary>
    public sealed class CurrentLimits
    {
        // CCL by highest cell voltage (docs/references.md, Victron/Pylontech example): 3.375 V 100 %, 3.40 25 %,
        // 3.425 5 %, 3.45 0.5 %, 3.50 0; in 0.1 % steps.
        private static readonly int[] s_cclCellMv = new int[] { 3375, 3400, 3425, 3450, 3500 };
        private static readonly int[] s_cclCellPermille = new int[] { 1000, 250, 50, 5, 0 };

        // CCL by temperature (docs/references.md): 0 C 0, 2 C 25 %, 5 C 50 %, 10-40 C 100 %, 45 C 50 %, 50 C 25 %, 55 C 0.
        private static readonly int[] s_cclTempDeciC = new int[] { 0, 20, 50, 100, 400, 450, 500, 550 };
        private static readonly int[] s_cclTempPermille = new int[] { 0, 250, 500, 1000, 1000, 500, 250, 0 };

        // DCL by lowest cell voltage: 0 at the Libre Solar discharge limit 2.80 V, full from 3.0 V (project choice).
        private static readonly int[] s_dclCellMv = new int[] { 2800, 2900, 3000 };
        private static readonly int[] s_dclCellPermille = new int[] { 0, 500, 1000 };

        // DCL by temperature: LFP general discharge -20..60 C (docs/references.md) with ramps of 10 C inside it.
        private static readonly int[] s_dclTempDeciC = new int[] { -200, -100, 0, 500, 550, 600 };
        private static readonly int[] s_dclTempPermille = new int[] { 0, 500, 1000, 1000, 500, 0 };

        // by state of charge (project choice): taper charge above 95 %, discharge below 10 %.
        private static readonly int[] s_cclSocPct = new int[] { 95, 100 };
        private static readonly int[] s_cclSocPermille = new int[] { 1000, 200 };
        private static readonly int[] s_dclSocPct = new int[] { 0, 10 };
        private static readonly int[] s_dclSocPermille = new int[] { 200, 1000 };

        private static readonly int s_stopChargeAlarms = DiagnosisTable.LimitsWithReaction(DiagnosisTable.LevelAlarm, DiagnosisTable.ReactionStopCharge);
        private static readonly int s_stopDischargeAlarms = DiagnosisTable.LimitsWithReaction(DiagnosisTable.LevelAlarm, DiagnosisTable.ReactionStopDischarge);
        private static readonly int s_halveChargeAlarms = DiagnosisTable.LimitsWithReaction(DiagnosisTable.LevelAlarm, DiagnosisTable.ReactionHalveCharge);
        private static readonly int s_halveDischargeAlarms = DiagnosisTable.LimitsWithReaction(DiagnosisTable.LevelAlarm, DiagnosisTable.ReactionHalveDischarge);

        private readonly ModuleStatus _status;
        private readonly BmsConfig _config;
        private int _chargeReason;
        private int _dischargeReason;

        /// <summary>
        /// Makes the stage.
        /// </summary>
        /// <param name="status">The blackboard.</param>
        /// <param name="config">Configuration.</param>
        public CurrentLimits(ModuleStatus status, BmsConfig config)
        {
            _status = status;
            _config = config;
        }

        /// <summary>
        /// What set CCL last time (<see cref="LimitReason"/>): an alarm that stops charging, the open charge FET, or else
        /// the most restrictive derating (cell voltage, temperature); <see cref="LimitReason.Ok"/> when nothing derated it.
        /// </summary>
        public int ChargeReason
        {
            get { return _chargeReason; }
        }

        /// <summary>What set DCL last time, as <see cref="ChargeReason"/> for discharging.</summary>
        public int DischargeReason
        {
            get { return _dischargeReason; }
        }

        /// <summary>
        /// Computes CVL, CCL and DCL into the status, and what set CCL and DCL.
        /// </summary>
        public void Update()
        {
            ModuleStatus s = _status;
            int cvl = s.CellCount * _config.Get(ProtectionKeys.ChargeVoltagePerCellMv);
            int ccl = _config.Get(ProtectionKeys.MaxChargeCurrentMa);
            int dcl = _config.Get(ProtectionKeys.MaxDischargeCurrentMa);

            int cclPermille = 1000;
            int dclPermille = 1000;
            int cclReason = LimitReason.Ok;
            int dclReason = LimitReason.Ok;
            if (s.MeasurementValid)
            {
                int cellCcl = Interpolate(s_cclCellMv, s_cclCellPermille, s.MaxCellMv);
                if (cellCcl < cclPermille)
                {
                    cclPermille = cellCcl;
                    cclReason = LimitReason.CellFull;
                }

                int cellDcl = Interpolate(s_dclCellMv, s_dclCellPermille, s.MinCellMv);
                if (cellDcl < dclPermille)
                {
                    dclPermille = cellDcl;
                    dclReason = LimitReason.CellEmpty;
                }
            }

            if ((s.TemperatureValidMask & 0xFF) != 0)
            {
                int coldCcl = Interpolate(s_cclTempDeciC, s_cclTempPermille, s.MinTemperatureDeciC);
                int hotCcl = Interpolate(s_cclTempDeciC, s_cclTempPermille, s.MaxTemperatureDeciC);
                int coldDcl = Interpolate(s_dclTempDeciC, s_dclTempPermille, s.MinTemperatureDeciC);
                int hotDcl = Interpolate(s_dclTempDeciC, s_dclTempPermille, s.MaxTemperatureDeciC);
                if (Min(coldCcl, hotCcl) < cclPermille)
                {
                    cclPermille = Min(coldCcl, hotCcl);
                    cclReason = TemperatureReason(coldCcl, hotCcl, s.MinTemperatureDeciC);
                }

                if (Min(coldDcl, hotDcl) < dclPermille)
                {
                    dclPermille = Min(coldDcl, hotDcl);
                    dclReason = TemperatureReason(coldDcl, hotDcl, s.MinTemperatureDeciC);
                }
            }

            int socPct = (int)s.SocPct;
            if (s.SocPct > 0f || s.RemainingMah > 0)
            {
                cclPermille = Min(cclPermille, Interpolate(s_cclSocPct, s_cclSocPermille, socPct));
                dclPermille = Min(dclPermille, Interpolate(s_dclSocPct, s_dclSocPermille, socPct));
            }

            // alarms derate their direction as their row of the diagnosis table says: voltage and temperature alarms
            // stop it, current alarms halve it
            int alarms = s.AlarmMask;
            if ((alarms & s_stopChargeAlarms) != 0)
            {
                cclPermille = 0;
                cclReason = LimitReason.OfAlarm(alarms & s_stopChargeAlarms);
            }

            if ((alarms & s_stopDischargeAlarms) != 0)
            {
                dclPermille = 0;
                dclReason = LimitReason.OfAlarm(alarms & s_stopDischargeAlarms);
            }

            if ((alarms & s_halveChargeAlarms) != 0)
            {
                cclPermille = cclPermille / 2;
            }

            if ((alarms & s_halveDischargeAlarms) != 0)
            {
                dclPermille = dclPermille / 2;
            }

            if (!s.ChargeFetOn)
            {
                cclPermille = 0;
                cclReason = cclReason >= LimitReason.AlarmBase ? cclReason : LimitReason.FetOpen;
            }

            if (!s.DischargeFetOn)
            {
                dclPermille = 0;
                dclReason = dclReason >= LimitReason.AlarmBase ? dclReason : LimitReason.FetOpen;
            }

            if (cclPermille == 0 && s.ModuleVoltageMv > 0)
            {
                // stop charging by voltage: never above the present module voltage, never 0
                int hold = s.MeasurementValid && s.SumOfCellsMv > 0 ? s.SumOfCellsMv : s.ModuleVoltageMv;
                int floor = s.CellCount * 3000;
                cvl = Min(cvl, hold < floor ? floor : hold);
            }

            s.ChargeVoltageLimitMv = cvl;
            s.ChargeCurrentLimitMa = (int)((long)ccl * cclPermille / 1000);
            s.DischargeCurrentLimitMa = (int)((long)dcl * dclPermille / 1000);
            _chargeReason = cclReason;
            _dischargeReason = dclReason;
        }

        // the side that derates: the coldest group's figure when it is the lower one and it is below the middle of the
        // full-current band (a hot module's coldest group is derated too, then by heat)
        private static int TemperatureReason(int coldPermille, int hotPermille, int minTemperatureDeciC)
        {
            return coldPermille <= hotPermille && minTemperatureDeciC < 250 ? LimitReason.TempLow : LimitReason.TempHigh;
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        private static int Interpolate(int[] x, int[] y, int value)
        {
            if (value <= x[0])
            {
                return y[0];
            }

            int last = x.Length - 1;
            if (value >= x[last])
            {
                return y[last];
            }

            int i = 0;
            while (value > x[i + 1])
            {
                i++;
            }

            return y[i] + (int)((long)(y[i + 1] - y[i]) * (value - x[i]) / (x[i + 1] - x[i]));
        }
    }
}
