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
        /// <summary>Free bytes at most that the allocation windows leave (the rest of the heap is held by ballast).</summary>
        public const int WindowBytes = 1200000;

        /// <summary>
        /// Operations per zero-allocation window: a heap block is 24 bytes on the 64-bit host, so an operation that
        /// allocated even one block each time would use up the free bytes and force a collection within the window.
        /// </summary>
        public const int ZeroWindow = 60000;

        private static object s_keep;
        private static object s_keepRun;

        /// <summary>Free heap before and after building the core and after Start, with the collector's census at both ends.</summary>
        public static void StartupHeap(NativeGc gc)
        {
            if (!gc.Available)
            {
                Console.WriteLine("HEAP unavailable");
                return;
            }

            gc.Messages(false);

            // the fakes are held by a static field until the last reading: an optimised build would otherwise let
            // the collector take them after their last use, in the middle of the measurement
            ScenarioRunner run = new ScenarioRunner();
            s_keepRun = run;
            Census(gc, "before");
            uint before = gc.Collect();
            BmsCore core = new BmsCore(run.Ports, new BmsConfig());
            s_keep = core;
            uint built = gc.Collect();
            core.Start();
            uint started = gc.Collect();
            Census(gc, "after");
            Console.WriteLine("HEAP " + before.ToString() + " " + built.ToString() + " " + started.ToString());
            s_keep = null;
            s_keepRun = null;
        }

        /// <summary>
        /// Time of the control tick in a charging module with the MQTT link up, by the interpreter's clock: first over
        /// the scripted board, then with the converter replaying ten recorded ticks' results and the pins detached, so
        /// that what remains is the core and one interface call per HAL call (native code on the board).
        /// </summary>
        public static void TickTime(NativeGc gc)
        {
            ScenarioRunner run = Warm(600);
            const int ticks = 2000;
            long start = DateTime.UtcNow.Ticks;
            for (int i = 0; i < ticks; i++)
            {
                NextTick(run);
            }

            long withBoard = DateTime.UtcNow.Ticks - start;
            int conversions = run.Adc.Conversions;
            int writes = run.Gpio.Writes;
            NextTick(run);
            conversions = run.Adc.Conversions - conversions;
            writes = run.Gpio.Writes - writes;

            // ten ticks (the open-wire test's period) recorded, then replayed
            run.Adc.Record(conversions * 10);
            for (int i = 0; i < 10; i++)
            {
                NextTick(run);
            }

            run.Adc.Replay();
            run.Gpio.Detached = true;
            start = DateTime.UtcNow.Ticks;
            for (int i = 0; i < ticks; i++)
            {
                NextTick(run);
            }

            long replayed = DateTime.UtcNow.Ticks - start;
            Console.WriteLine("TICKTIME " + ticks.ToString() + " " + withBoard.ToString() + " " + replayed.ToString() + " " + conversions.ToString() + " " + writes.ToString());
        }

        private static void NextTick(ScenarioRunner run)
        {
            run.Clock.AdvanceTo(run.Clock.NowMicroseconds + (ScenarioRunner.TickPeriodMs * 1000L));
            run.Core.Tick();
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
            Window(gc, run, "empty", ZeroWindow, 0);
            Window(gc, run, "tick", ZeroWindow, 1);
            Window(gc, run, "communicate_idle", ZeroWindow, 2);
            Window(gc, run, "period", 5000, 3);
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
            // a chain of 64 KB chunks: the host crashed when the heap was filled closer than about 1.1 MB with larger
            // pieces or smaller ones (an allocation no free block of the heap's clusters can take fails and then needs
            // the compaction the POSIX host does not survive; small pieces leave holes that stack frames cannot use)
            Chunk head = null;
            uint free = gc.Collect();
            while (free > WindowBytes + 65600)
            {
                head = new Chunk(65536, head);
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
