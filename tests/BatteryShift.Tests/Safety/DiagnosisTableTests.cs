using System.Collections.Generic;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Protection;
using Xunit;
using L = BatteryShift.Bms.Protection.LimitIds;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// The diagnosis table against the module's protection concept written out by hand: which fault opens which
    /// FET, which alarm derates what, which limits trip upwards. A row edited by mistake shows here.
    /// </summary>
    public class DiagnosisTableTests
    {
        private static int Bits(params int[] ids)
        {
            int bits = 0;
            foreach (int id in ids)
            {
                bits |= 1 << id;
            }

            return bits;
        }

        [Fact]
        public void FaultsOpenTheFetOfTheirDirection()
        {
            int both = Bits(L.ShortCircuit, L.BoardOvertemperature, L.SensorFailure, L.ExternalStop, L.FaultLogLost, L.FirmwareFault);
            Assert.Equal(both | Bits(L.CellOvervoltage, L.ChargeOvertemperature, L.ChargeUndertemperature, L.ChargeOvercurrent, L.ModuleOvervoltage), DiagnosisTable.ChargeFaultBits);
            Assert.Equal(both | Bits(L.CellUndervoltage, L.DischargeOvertemperature, L.DischargeUndertemperature, L.DischargeOvercurrent, L.ModuleUndervoltage), DiagnosisTable.DischargeFaultBits);
            Assert.Equal((1 << L.Count) - 1, DiagnosisTable.StopBleedingFaultBits);
            Assert.Equal((1 << SensorFaultIds.Count) - 1, DiagnosisTable.StopBleedingSensorBits);
        }

        [Fact]
        public void AlarmsDerateTheirDirectionAndOnlyTheBoardAlarmStopsTheBleeders()
        {
            int level = DiagnosisTable.LevelAlarm;
            Assert.Equal(Bits(L.CellOvervoltage, L.ModuleOvervoltage, L.ChargeOvertemperature, L.ChargeUndertemperature, L.BoardOvertemperature), DiagnosisTable.LimitsWithReaction(level, DiagnosisTable.ReactionStopCharge));
            Assert.Equal(Bits(L.CellUndervoltage, L.ModuleUndervoltage, L.DischargeOvertemperature, L.DischargeUndertemperature, L.BoardOvertemperature), DiagnosisTable.LimitsWithReaction(level, DiagnosisTable.ReactionStopDischarge));
            Assert.Equal(Bits(L.ChargeOvercurrent, L.ShortCircuit), DiagnosisTable.LimitsWithReaction(level, DiagnosisTable.ReactionHalveCharge));
            Assert.Equal(Bits(L.DischargeOvercurrent, L.ShortCircuit), DiagnosisTable.LimitsWithReaction(level, DiagnosisTable.ReactionHalveDischarge));
            Assert.Equal(Bits(L.BoardOvertemperature), DiagnosisTable.StopBleedingAlarmBits);
        }

        [Fact]
        public void OverLimitsTripUpwardsAndTheSensorAndExternalStopHaveOnlyAFault()
        {
            var high = new HashSet<int> { L.CellOvervoltage, L.ChargeOvertemperature, L.DischargeOvertemperature, L.ChargeOvercurrent, L.DischargeOvercurrent, L.ShortCircuit, L.ModuleOvervoltage, L.BoardOvertemperature, L.SensorFailure, L.ExternalStop, L.FaultLogLost, L.FirmwareFault };
            for (int id = 0; id < L.Count; id++)
            {
                Assert.Equal(high.Contains(id), DiagnosisTable.IsHighSide(id));
                bool flag = id == L.SensorFailure || id == L.ExternalStop || id == L.FaultLogLost || id == L.FirmwareFault;
                Assert.Equal(flag ? DiagnosisTable.LevelFault : 7, DiagnosisTable.Levels(id));
                Assert.Equal(flag, DiagnosisTable.ThresholdKey(id, DiagnosisTable.LevelFault) == DiagnosisTable.NoKey);
            }

            Assert.True(DiagnosisTable.Immediate(L.ShortCircuit));
            Assert.Equal(ProtectionKeys.SensorDelayMs, DiagnosisTable.DelayKey(L.SensorFailure));
            Assert.Equal(DiagnosisTable.NoKey, DiagnosisTable.DelayKey(L.ExternalStop));
        }

        [Fact]
        public void EveryRowIsNamedAndEveryThresholdKeyCarriesItsLimitsName()
        {
            var names = new HashSet<string>();
            for (int id = 0; id < L.Count; id++)
            {
                Assert.True(names.Add(DiagnosisTable.LimitName(id)));
            }

            for (int id = 0; id < SensorFaultIds.Count; id++)
            {
                Assert.True(names.Add(DiagnosisTable.SensorName(id)));
            }

            Assert.Equal("prot.cell_ov.fault", ConfigSchema.Name(DiagnosisTable.ThresholdKey(L.CellOvervoltage, DiagnosisTable.LevelFault)));
            Assert.Equal("prot.board_ot.hyst", ConfigSchema.Name(DiagnosisTable.HysteresisKey(L.BoardOvertemperature)));
            Assert.Equal("meas.sum_tol", ConfigSchema.Name(DiagnosisTable.ThresholdKey(DiagnosisTable.SensorRowBase + SensorFaultIds.SumMismatch, DiagnosisTable.LevelFault)));
        }

        [Fact]
        public void ComposedAndPlainKeysKeepTheirUnits()
        {
            // a composed name and the unit share one byte per key: the unit of either kind of key is the one defined
            Assert.Equal("mV", ConfigSchema.Unit(DiagnosisTable.ThresholdKey(L.CellOvervoltage, DiagnosisTable.LevelFault)));
            Assert.Equal("mV", ConfigSchema.Unit(DiagnosisTable.ThresholdKey(DiagnosisTable.SensorRowBase + SensorFaultIds.SumMismatch, DiagnosisTable.LevelFault)));
            Assert.Equal("ms", ConfigSchema.Unit(ProtectionKeys.SensorDelayMs));
            Assert.Null(ConfigSchema.NamePart(DiagnosisTable.ThresholdKey(DiagnosisTable.SensorRowBase + SensorFaultIds.SumMismatch, DiagnosisTable.LevelFault), 1));
            Assert.Equal("prot.", ConfigSchema.NamePart(DiagnosisTable.ThresholdKey(L.CellOvervoltage, DiagnosisTable.LevelFault), 0));
        }
    }
}
