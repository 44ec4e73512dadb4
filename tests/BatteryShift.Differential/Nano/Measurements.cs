using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Differential.Scenario;

namespace BatteryShift.Differential.Nano
{
    /// <summary>
    /// Heap, time and allocation figures from the interpreter's own collector and clock. Each writes lines the host
    /// test parses; the collector's messages (only on an interpreter built with its statistics) are switched on
    /// only inside the windows they measure.
    /// </summary>
    public static class Measurements
    {
        /// <summary>Free bytes the allocation windows leave (the rest of the heap is held by ballast).</summary>
        public const int WindowBytes = 16384;

        private static object s_keep;

        /// <summary>Free heap before and after building the core and after Start, with the collector's census at both ends.</summary>
        public static void StartupHeap(NativeGc gc)
        {
            if (!gc.Available)
            {
                Console.WriteLine("HEAP unavailable");
                return;
            }

            gc.Messages(false);
            ScenarioRunner run = new ScenarioRunner();
            Census(gc, "before");
            uint before = gc.Collect();
            BmsCore core = new BmsCore(run.Ports, new BmsConfig());
            uint built = gc.Collect();
            core.Start();
            uint started = gc.Collect();
            Census(gc, "after");
            s_keep = core;
            Console.WriteLine("HEAP " + before.ToString() + " " + built.ToString() + " " + started.ToString());
            s_keep = null;
        }

        /// <summary>Time of the control tick in a charging module with the MQTT link up, from the interpreter's clock.</summary>
        public static void TickTime(NativeGc gc)
        {
            ScenarioRunner run = Warm(600);
            const int ticks = 2000;
            long start = DateTime.UtcNow.Ticks;
            for (int i = 0; i < ticks; i++)
            {
                run.Clock.AdvanceTo((run.Ticks + i + 1) * ScenarioRunner.TickPeriodMs * 1000L);
                run.Core.Tick();
            }

            long elapsed = DateTime.UtcNow.Ticks - start;
            Console.WriteLine("TICKTIME " + ticks.ToString() + " " + elapsed.ToString());
        }

        /// <summary>
        /// Allocation windows: the heap is filled with ballast until <see cref="WindowBytes"/> are free, then each
        /// window runs with the collector's messages on. Every collection inside a window means the window allocated
        /// about the free bytes again; none means it allocated less than that over all its operations.
        /// </summary>
        public static void Allocations(NativeGc gc)
        {
            if (!gc.Available)
            {
                return;
            }

            ScenarioRunner run = Warm(600);
            run.Core.Config.TrySet(CommsKeys.MqttStatePeriodMs, 200);
            object ballast = Ballast(gc);
            Window(gc, run, "empty", 5000, 0);
            Window(gc, run, "tick", 5000, 1);
            Window(gc, run, "communicate_idle", 5000, 2);
            Window(gc, run, "period", 2500, 3);
            s_keep = ballast;
            s_keep = null;
        }

        private static ScenarioRunner Warm(int ticks)
        {
            ScenarioRunner run = new ScenarioRunner();
            run.Boot();
            for (int i = 0; i < ticks; i++)
            {
                run.Step(null);
            }

            return run;
        }

        private static void Census(NativeGc gc, string name)
        {
            Console.WriteLine("CENSUS " + name);
            gc.Messages(true);
            gc.Collect();
            gc.Messages(false);
            Console.WriteLine("CENSUS end");
        }

        private static object Ballast(NativeGc gc)
        {
            // a chain of 64 KB chunks, then of 1 KB ones: an allocation that no free block of the heap's clusters can
            // take fails and then needs the compaction the POSIX host does not survive
            Chunk head = null;
            uint free = gc.Collect();
            while (free > 1500000)
            {
                head = new Chunk(65536, head);
                free = gc.Collect();
            }

            Console.WriteLine("BALLAST big " + free.ToString());
            while (free > WindowBytes + 2048)
            {
                head = new Chunk(1024, head);
                free = gc.Collect();
            }

            Console.WriteLine("BALLAST " + free.ToString());
            return head;
        }

        private static void Window(NativeGc gc, ScenarioRunner run, string name, int count, int kind)
        {
            gc.Collect();
            Console.WriteLine("ALLOC " + name + " " + count.ToString());
            int messages = 0;
            int serialBytes = 0;
            long period = ScenarioRunner.TickPeriodMs * 1000L;
            gc.Messages(true);
            for (int i = 0; i < count; i++)
            {
                if (kind == 1 || kind == 3)
                {
                    run.Clock.AdvanceTo(run.Clock.NowMicroseconds + period);
                    run.Core.Tick();
                }

                if (kind == 2 || kind == 3)
                {
                    run.Core.Communicate();
                    messages += run.Mqtt.Count;
                    serialBytes += run.Serial.OutputLength;
                    run.Mqtt.Clear();
                    run.Serial.TakeOutput();
                }
            }

            gc.Messages(false);
            Console.WriteLine("ALLOC end " + messages.ToString() + " " + serialBytes.ToString());
        }
    }
}
