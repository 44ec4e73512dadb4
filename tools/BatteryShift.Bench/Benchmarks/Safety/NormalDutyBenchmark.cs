using System;
using System.Diagnostics;
using BatteryShift.Bms;
using BatteryShift.Bms.Events;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>
    /// False trips in normal ESS duty: the core on the virtual module with a realistic, uncalibrated front end
    /// (noise, ADC and amplifier errors; the worst-case ESP32 ADC unless BATTERYSHIFT_ADC says otherwise) through a daily cycle (solar CC/CV charge within CCL/CVL, frequency
    /// regulation swings, evening discharge, night base load) for 30 simulated days (1 with --quick). Counts
    /// latched faults and sensor faults. A wall-time budget (SAFETY_DUTY_BUDGET_S, default 1800 s) stops the run
    /// early on a loaded machine; the days actually simulated are recorded with the count.
    /// </summary>
    public sealed class NormalDutyBenchmark : IBenchmark
    {
        public string Name => "prot-duty";

        public void Run(BenchContext context)
        {
            int days = context.Quick ? 1 : 30;
            double budget = double.TryParse(Environment.GetEnvironmentVariable("SAFETY_DUTY_BUDGET_S"), out double b) ? b : 1800;
            var duty = new SafetyRig.EssDuty();
            AdcGrade adc = AdcChoice.FromEnvironment();
            var runner = new VirtualModuleRunner(AdcChoice.Apply(new SimulationOptions { Seed = 30, Load = duty, InitialSocPct = 50 }, adc));
            duty.ChargeLimitA = () => runner.Core.Status.ChargeCurrentLimitMa / 1000.0;
            duty.ChargeVoltageLimitCellV = () => runner.Core.Status.ChargeVoltageLimitMv / 1000.0 / runner.Core.Status.CellCount;
            int trips = 0;
            int sensorFaults = 0;
            long seen = 0;
            var wall = Stopwatch.StartNew();
            double simulatedDays = 0;
            for (int day = 0; day < days && wall.Elapsed.TotalSeconds < budget; day++)
            {
                for (int hour = 0; hour < 24; hour++)
                {
                    runner.RunSeconds(3600);
                    BmsCore core = runner.Core;
                    for (long s = Math.Max(seen, core.Events.OldestSequence); s < core.Events.NextSequence; s++)
                    {
                        trips += core.Events.Kind(s) == EventKind.FaultLatched ? 1 : 0;
                        sensorFaults += core.Events.Kind(s) == EventKind.SensorFault ? 1 : 0;
                    }

                    seen = core.Events.NextSequence;
                }

                simulatedDays = day + 1;
                context.Log.WriteLine($"  day {day + 1}: trips {trips}, sensor faults {sensorFaults}, SOC {runner.Truth.MeanSocPct:0.0} %, wall {wall.Elapsed.TotalSeconds:0} s");
            }

            string note = $"{simulatedDays:0} simulated days of daily ESS duty (seed 30, realistic front end on the {AdcChoice.Describe(adc)}, no calibration), {wall.Elapsed.TotalSeconds:0} s wall";
            context.Record("prot.false_trips", trips, "faults", "0", note);
            context.Record("prot.false_sensor_faults", sensorFaults, "faults", "0", note);
            context.Record("prot.no_trip_days", simulatedDays, "days", ">= 30", note);
        }
    }
}
