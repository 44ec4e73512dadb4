using BatteryShift.Bms.Board;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.Measurement
{
    /// <summary>
    /// The current channel's stuck-input check on the worst-case ESP32 ADC (docs/adc-model.md). On a chip whose
    /// carry step puts a wide code where REF_MID sits, and whose noise is at the low end of its range, the healthy
    /// reference input returns one code for a whole scan now and then; the check flagged it as stuck while the output
    /// showed noise, and in campaign seed 1407 that latched a sensor fault on a healthy board.
    /// </summary>
    public sealed class CurrentStuckTests
    {
        [Fact]
        public void AHealthyReferenceInAWideCodeIsNotStuck()
        {
            var runner = new VirtualModuleRunner(AdcChoice.Apply(new SimulationOptions { Seed = 1407 }, AdcGrade.Worst));
            runner.RunSeconds(600);
            Assert.Equal(0, Flags(runner));
        }

        // the same chip with its reference input stuck 40 codes (about 30 mV, 15 A of current) above where REF_MID
        // reads: inside the 60 mV window of the reference check, so only the stuck check can name it
        [Fact]
        public void AReferenceStuckOffRefMidIsStillNamed()
        {
            var runner = new VirtualModuleRunner(AdcChoice.Apply(new SimulationOptions { Seed = 1407 }, AdcGrade.Worst));
            runner.RunSeconds(10);
            Assert.Equal(0, Flags(runner));
            runner.Module.Adc.OpenChannel(Bmu16.AdcCurrentReference);
            int code = runner.Module.Adc.Read(Bmu16.AdcCurrentReference);
            runner.Module.Faults.Inject(FaultKind.AdcStuck, Bmu16.AdcCurrentReference, code + 40);
            runner.RunSeconds(5);
            Assert.True(Flags(runner) > 0, "a reference stuck at code " + (code + 40) + " was not named");
        }

        private static int Flags(VirtualModuleRunner runner)
        {
            int flags = 0;
            var events = runner.Core.Events;
            for (long s = events.OldestSequence; s < events.NextSequence; s++)
            {
                if (events.Kind(s) == EventKind.SensorFault && events.Code(s) == SensorFaultIds.AdcStuck && events.Value(s) == Bmu16.AdcCurrentReference)
                {
                    flags++;
                }
            }

            return flags;
        }
    }
}
