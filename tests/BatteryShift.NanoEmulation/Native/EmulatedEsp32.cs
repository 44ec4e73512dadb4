using System;
using System.Threading;

namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION, NOT nanoFramework. The emulated ESP32 the emulated packages run on: the silicon, flash, radio,
    /// TCP/IP stack and runtime a host attaches, and counters of what the packages asked of them (native calls,
    /// managed locks, threads) for the tests and the tick cost model.
    /// </summary>
    public static class EmulatedEsp32
    {
        private static int s_threadsAlive;
        private static int s_generation;

#if !NANOFRAMEWORK_GATE
        // nanoFramework's mscorlib has no ThreadStatic; the gate build only compiles this code, it never runs it
        [ThreadStatic]
#endif
        private static int t_generation;
        private static readonly object s_countersLock = new object();
        private static long s_nativeCalls;
        private static long s_lockBlocks;

        /// <summary>The chip's pads, ADC and UARTs on the board.</summary>
        public static IEsp32Board Board { get; set; }

        /// <summary>The internal flash volume (drive I:).</summary>
        public static IFlashStore Flash { get; set; }

        /// <summary>The Wi-Fi station.</summary>
        public static IWifiRadio Wifi { get; set; }

        /// <summary>lwIP.</summary>
        public static ITcpStack Tcp { get; set; }

        /// <summary>The execution engine.</summary>
        public static IRuntimeHost Runtime { get; set; }

        /// <summary>Threads started by emulated package code that have not ended.</summary>
        public static int ThreadsAlive
        {
            get { return s_threadsAlive; }
        }

        /// <summary>Native (InternalCall) methods the emulated packages have entered.</summary>
        public static long NativeCalls
        {
            get
            {
                lock (s_countersLock)
                {
                    return s_nativeCalls;
                }
            }
        }

        /// <summary>lock blocks (Monitor.Enter/Exit in a try/finally) the emulated package code has run.</summary>
        public static long LockBlocks
        {
            get
            {
                lock (s_countersLock)
                {
                    return s_lockBlocks;
                }
            }
        }

        /// <summary>
        /// Called on entry to every emulated native method: counts it, and stops the calling thread's work once the
        /// engine is halted (a reboot is pending): on the chip no managed code runs after that.
        /// </summary>
        public static void EnterNative()
        {
            lock (s_countersLock)
            {
                s_nativeCalls++;
            }

            IRuntimeHost runtime = Runtime;
            if (runtime == null)
            {
                throw new NotSupportedException("no emulated ESP32 is attached (tests/BatteryShift.NanoEmulation)");
            }

            if (runtime.Halted || (t_generation != 0 && t_generation != s_generation))
            {
                throw new DeviceHaltedException();
            }
        }

        /// <summary>
        /// Starts a new run of the firmware: threads started by an earlier run stop at their next native call.
        /// </summary>
        public static void NextGeneration()
        {
            s_generation++;
        }

        /// <summary>Counts one lock block of emulated package code.</summary>
        public static void CountLock()
        {
            lock (s_countersLock)
            {
                s_lockBlocks++;
            }
        }

        /// <summary>Starts a thread of emulated package code, counted until its method returns.</summary>
        /// <param name="start">Thread method.</param>
        /// <returns>The started thread.</returns>
        public static Thread StartThread(ThreadStart start)
        {
            Interlocked.Increment(ref s_threadsAlive);
            Thread thread = new Thread(new Tracked(start, s_generation).Run);
            thread.Start();
            return thread;
        }

        private sealed class Tracked
        {
            private readonly ThreadStart _start;
            private readonly int _generation;

            public Tracked(ThreadStart start, int generation)
            {
                _start = start;
                _generation = generation;
            }

            public void Run()
            {
                t_generation = _generation;
                try
                {
                    _start();
                }
                catch (Exception)
                {
                    // a device thread that dies ends; on the chip an unhandled exception ends that thread only
                }
                finally
                {
                    Interlocked.Decrement(ref s_threadsAlive);
                }
            }
        }
    }
}
