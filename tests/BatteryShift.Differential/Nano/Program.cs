using System;
using BatteryShift.Differential.Scenario;

namespace BatteryShift.Differential.Nano
{
    /// <summary>
    /// Entry point on nanoFramework's interpreter: the start-up heap first (on a fresh heap, before anything else
    /// has run), then the scenario's trace, then the tick time and the allocation windows. Everything goes to the
    /// console in lines the host test parses (tests/BatteryShift.Tests/Interpreter).
    /// </summary>
    public static class Program
    {
        /// <summary>Runs the measurements and the scenario.</summary>
        public static void Main()
        {
            try
            {
                Run();
            }
            catch (Exception e)
            {
                Console.WriteLine("FAILED " + e.GetType().FullName + " " + e.Message);
                throw;
            }
        }

        private static void Run()
        {
            NativeGc gc = new NativeGc();
            Console.WriteLine("BEGIN heap");
            Measurements.StartupHeap(gc);
            Console.WriteLine("BEGIN trace");
            ConsoleSink sink = new ConsoleSink();
            ScenarioRunner run = new ScenarioRunner();
            run.Run(sink, Script.Ticks);
            Console.WriteLine("END trace");
            Measurements.TickTime(gc);
            Measurements.Allocations(gc);
            Console.WriteLine("END");
        }
    }
}
