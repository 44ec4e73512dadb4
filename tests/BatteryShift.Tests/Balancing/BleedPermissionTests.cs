using BatteryShift.Harness.Doubles;
using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Outputs;
using BatteryShift.Bms.Protection;
using BatteryShift.Tests.Board;
using Xunit;

namespace BatteryShift.Tests.Balancing
{
    /// <summary>
    /// The one bleed permission, seen at the register's output-enable pin: the balancer plans, the outputs stage
    /// hands the plan to the bleed driver only while <see cref="BleedPermission"/> allows it.
    /// </summary>
    public class BleedPermissionTests
    {
        private const int TickMs = 200;

        [Fact]
        public void BoardAlarmHoldsTheBleedersOffAtThePinAndThePlanResumesWhenItReleases()
        {
            var rig = new Rig();
            rig.Tick();
            int plan = rig.Controller.PlanMask;
            Assert.NotEqual(0, plan);
            Assert.True(rig.Bleeding, "bleeding before the alarm");

            // the board_ot alarm (board or shunt hot): a protection reaction, not the balancer's thermal budget
            rig.Status.AlarmMask = 1 << LimitIds.BoardOvertemperature;
            rig.Tick();
            Assert.False(rig.Bleeding, "a bleeder ran under the board alarm");
            Assert.Equal(BalancingInhibit.ProtectionAlarm, rig.Controller.InhibitMask);
            Assert.Equal(plan, rig.Controller.PlanMask);

            rig.Status.AlarmMask = 0;
            rig.Tick();
            Assert.True(rig.Bleeding, "the plan did not resume when the alarm released");
            Assert.Equal(plan, rig.Register.LatchedMask);
        }

        [Theory]
        [InlineData(ModuleState.Boot)]
        [InlineData(ModuleState.SelfTest)]
        [InlineData(ModuleState.Service)]
        [InlineData(ModuleState.Fault)]
        public void NoBleederRunsInAStateWithoutBalancingEvenWithAMaskSet(ModuleState state)
        {
            var rig = new Rig();
            rig.Tick();
            Assert.True(rig.Bleeding);

            // a mask left in the status must not reach the register
            rig.Status.State = state;
            rig.Outputs.Apply(state, selfTestPassed: true);
            Assert.False(rig.Bleeding, $"a bleeder ran in {state}");
            Assert.NotEqual(0, BleedPermission.Safety(rig.Status) & BleedPermission.SafetyBits);
        }

        [Fact]
        public void EveryLatchedFaultAndRaisedSensorFaultStopsTheBleeders()
        {
            for (int id = 0; id < LimitIds.Count; id++)
            {
                var status = new ModuleStatus { State = ModuleState.Standby, FaultMask = 1 << id };
                Assert.Equal(BalancingInhibit.Fault, BleedPermission.Safety(status));
            }

            for (int id = 0; id < Bms.Measurement.SensorFaultIds.Count; id++)
            {
                var status = new ModuleStatus { State = ModuleState.Standby, SensorFaultMask = 1 << id };
                Assert.Equal(BalancingInhibit.SensorFault, BleedPermission.Safety(status));
            }
        }

        private sealed class Rig
        {
            public Rig()
            {
                var config = new BmsConfig();
                Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.Mode, BalancingMode.Charge));
                Gpio = new PinBoard();
                Register = new BleedShiftRegister(Gpio);
                Status = new ModuleStatus { CellCount = 16, State = ModuleState.Standby, MeasurementValid = true };
                for (int i = 0; i < 16; i++)
                {
                    Status.CellVoltageMv[i] = 3300;
                    Status.CellChargeToFullMah[i] = i == 0 ? 20000 : 10000;
                }

                for (int i = 0; i < Status.TemperatureDeciC.Length; i++)
                {
                    Status.TemperatureDeciC[i] = 250;
                }

                Controller = new BalancingController(config);
                Outputs = new OutputStage(Gpio, Register, Status, config);
            }

            public PinBoard Gpio { get; }

            public BleedShiftRegister Register { get; }

            public ModuleStatus Status { get; }

            public BalancingController Controller { get; }

            public OutputStage Outputs { get; }

            /// <summary>True when the register's outputs are enabled (OE low) with a bleeder latched.</summary>
            public bool Bleeding => !Gpio.Level[Bmu16.PinBleedOutputEnable] && Register.LatchedMask != 0;

            public void Tick()
            {
                Status.TimeMs += TickMs;
                for (int i = 0; i < 16; i++)
                {
                    Status.CellChargeToFullMinMah[i] = Status.CellChargeToFullMah[i];
                    Status.CellChargeToFullMaxMah[i] = Status.CellChargeToFullMah[i];
                }

                // the measurement stage's bleed-off phase: every scan is clean
                Status.CellScanBleedersOff = Register.ActiveMask != 0;
                Controller.Update(Status, Register.ActiveMask);
                Outputs.Apply(Status.State, selfTestPassed: true);
            }
        }
    }
}
