using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.HardwareProtection;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// Protection that firmware faults cannot loosen: the external watchdog and the secondary protector on the virtual
    /// module's FET gates (truth of the FETs from the simulation), and the firmware's side (firmware fault latch, tick
    /// counts, reset cause). The long version over many boards is the <c>watchdog</c> benchmark.
    /// </summary>
    public class HardwareProtectionTests
    {
        [Theory]
        [InlineData(1UL)]
        [InlineData(2UL)]
        [InlineData(3UL)]
        public void HungControlThreadHasBothFetsOpenedByHardwareWithinTimeoutPlusOneTick(ulong seed)
        {
            HungResult r = HardwareProtectionRuns.Hang(seed);
            Assert.True(r.PinsStillOn, "the firmware's enables were still high: only the hardware can have opened the FETs");
            Assert.True(r.OpenAfterMs <= Bmu16.SupervisorTimeoutMaxMs + r.TickMs, $"FETs open {r.OpenAfterMs} ms after the last service");
            Assert.True(r.OpenAfterMs >= Bmu16.SupervisorTimeoutMinMs, $"FETs open {r.OpenAfterMs} ms after the last service, before the shortest timeout");
            Assert.Equal(ResetCause.Watchdog, r.Cause);
        }

        [Fact]
        public void FetEnablesCloseNothingUntilTheWatchdogIsServiced()
        {
            var m = new VirtualModule(new SimulationOptions { Seed = 9 });
            m.Gpio.OpenOutput(Bmu16.PinWatchdogKick, false);
            m.Gpio.OpenOutput(Bmu16.PinChargeFet, true);
            m.Gpio.OpenOutput(Bmu16.PinDischargeFet, true);
            m.Advance(5);
            Assert.False(m.Truth.ChargeFetOn, "enabled by a firmware that never serviced the watchdog");
            Assert.False(m.Truth.DischargeFetOn);

            m.Gpio.Write(Bmu16.PinWatchdogKick, true);
            m.Gpio.Write(Bmu16.PinWatchdogKick, false);
            Assert.True(m.Supervisor.Armed);
            Assert.True(m.Truth.ChargeFetOn);
            Assert.True(m.Truth.DischargeFetOn);
        }

        [Fact]
        public void AHealthyRunNeverTripsTheWatchdogNorCountsLateOrFailedTicks()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 4, Load = new PeakShavingProfile() });
            runner.RunSeconds(600);
            Assert.Equal(0, runner.Module.Supervisor.Timeouts);
            Assert.Equal(0, runner.RestartCount);
            Assert.Equal(0, runner.Core.Status.LateTickCount);
            Assert.Equal(0, runner.Core.Status.FailedTickCount);
            Assert.True(runner.Module.Supervisor.Armed);
        }

        [Fact]
        public void AfterAWatchdogResetTheFirmwareReportsTheResetCause()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 6 });
            runner.RunSeconds(3);
            Assert.False(runner.Core.Status.WatchdogReset);
            runner.Module.Advance(2.5);
            Assert.Equal(ResetCause.Watchdog, runner.Module.LastResetCause);
            Assert.True(runner.Module.Supervisor.ResetFlag);

            runner.RunSeconds(1);
            Assert.Equal(1, runner.RestartCount);
            Assert.True(runner.Core.Status.WatchdogReset);
            Assert.False(runner.Module.Supervisor.ResetFlag);
            Assert.Equal(1, CountEvents(runner.Core, EventKind.Boot, EventKind.BootAfterWatchdog));
            Assert.Contains("reset watchdog", Command(runner.Core, "status"));

            // a reset by the host is not reported as the watchdog's
            runner.Reset();
            runner.RunSeconds(1);
            Assert.False(runner.Core.Status.WatchdogReset);
        }

        [Fact]
        public void ATickThatThrowsLatchesTheFirmwareFaultKeepsTheFetsOpenAndIsReported()
        {
            var module = new VirtualModule(new SimulationOptions { Seed = 7 });
            var adc = new ThrowingAdc(module.Adc);
            var ports = new HardwarePorts(module.Gpio, adc, module.Clock, module.Serial, module.Store, module.Mqtt, module.ResetControl);
            var core = new BmsCore(ports, new BmsConfig());
            core.Start();
            Run(module, core, 25);
            Assert.True(module.Truth.ChargeFetOn);
            long pulses = core.Watchdog.Pulses;

            adc.Throw = true;
            module.Advance(0.2);
            core.Tick();
            Assert.False(module.Truth.ChargeFetOn);
            Assert.False(module.Truth.DischargeFetOn);
            Assert.Equal(pulses, core.Watchdog.Pulses);
            Assert.Equal(1, core.Status.FailedTickCount);
            Assert.NotEqual(0, core.Status.FaultMask & (1 << LimitIds.FirmwareFault));
            Assert.Equal(1, CountEvents(core, EventKind.FaultLatched, LimitIds.FirmwareFault));
            Assert.Equal("firmware", DiagnosisTable.LimitName(LimitIds.FirmwareFault));

            // the failure goes away: the latch holds the FETs open, the watchdog is serviced again
            adc.Throw = false;
            Run(module, core, 10);
            Assert.False(module.Truth.ChargeFetOn);
            Assert.False(module.Truth.DischargeFetOn);
            Assert.True(core.Watchdog.Pulses > pulses);
            Assert.Contains("firmware", Command(core, "faults"));
            Assert.Contains("failed 1", Command(core, "status"));

            Assert.Equal(ResultCode.Ok, core.ClearFaults());
            Run(module, core, 25);
            Assert.True(module.Truth.ChargeFetOn);
        }

        [Fact]
        public void AControlThreadThatThrowsEveryTickEndsInAWatchdogResetAndStartsLatched()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 8 });
            runner.RunSeconds(5);
            Assert.True(runner.Truth.ChargeFetOn);

            // from now the ADC the core reads through fails on every read (the core is rebuilt over the same ports)
            var adc = new ThrowingAdc(runner.Module.Adc) { Throw = true };
            var core = new BmsCore(new HardwarePorts(runner.Module.Gpio, adc, runner.Module.Clock, runner.Module.Serial, runner.Module.Store, runner.Module.Mqtt, runner.Module.ResetControl), new BmsConfig());
            core.Start();
            for (int i = 0; i < 15 && !runner.Module.RestartPending; i++)
            {
                runner.Module.Advance(0.2);
                core.Tick();
                core.Communicate();
                Assert.False(runner.Truth.ChargeFetOn);
            }

            Assert.True(runner.Module.RestartPending);
            Assert.Equal(ResetCause.Watchdog, runner.Module.LastResetCause);

            // restarted on a healthy ADC: the latch came back from the fault log, the cause is reported
            runner.RunSeconds(2);
            Assert.True(runner.Core.Status.WatchdogReset);
            Assert.NotEqual(0, runner.Core.Status.FaultMask & (1 << LimitIds.FirmwareFault));
            Assert.False(runner.Truth.ChargeFetOn);
        }

        [Theory]
        [InlineData(1UL)]
        [InlineData(5UL)]
        public void TheSecondaryProtectorOpensTheChargeFetOnAnOvervoltageWithTheFirmwareDead(ulong seed)
        {
            ProtectorResult r = HardwareProtectionRuns.OvervoltageWithFirmwareDead(seed);
            Assert.True(r.TripAfterMs >= 0, $"the charge FET never opened (max cell {r.MaxCellMv:0} mV)");
            Assert.InRange(r.ThresholdMv, Bmu16.ProtectorOvMv - Bmu16.ProtectorOvToleranceMv, Bmu16.ProtectorOvMv + Bmu16.ProtectorOvToleranceMv);
            Assert.True(r.TripAfterMs <= r.DelayMs + 100, $"opened {r.TripAfterMs} ms after the crossing, delay {r.DelayMs} ms");
            Assert.True(r.TripAfterMs >= r.DelayMs - 100, $"opened {r.TripAfterMs} ms after the crossing, before the delay {r.DelayMs} ms");
        }

        private static void Run(VirtualModule module, BmsCore core, int ticks)
        {
            for (int i = 0; i < ticks; i++)
            {
                module.Advance(0.2);
                core.Tick();
                core.Communicate();
            }
        }

        private static string Command(BmsCore core, string command)
        {
            byte[] line = Encoding.ASCII.GetBytes(command);
            core.Commands.Execute(line, 0, line.Length, false);
            return Encoding.ASCII.GetString(core.Commands.Reply, 0, core.Commands.ReplyLength);
        }

        private static int CountEvents(BmsCore core, int kind, int code)
        {
            int n = 0;
            for (long s = core.Events.OldestSequence; s < core.Events.NextSequence; s++)
            {
                if (core.Events.Kind(s) == kind && core.Events.Code(s) == code)
                {
                    n++;
                }
            }

            return n;
        }
    }
}
