namespace BatteryShift.Bench.Benchmarks.Device
{
    /// <summary>
    /// One end of the ESP32 cost model's range: microseconds per interpreted IL instruction, per native
    /// (InternalCall) method entered, per lock block (Monitor.Enter/Exit around a try/finally), and per entry of the
    /// GPIO controller's open-pin list walked natively. Sources in docs/benchmarks.md ("Device tick cost model").
    /// </summary>
    internal sealed record CostConstants(string Name, double IlUs, double NativeUs, double LockUs, double ListStepUs)
    {
        // nanoframework/Home#1013 (ESP32_REV3 and ESP32_PSRAM_REV3, firmware 1.8.0.6): a GpioPin.Toggle() loop gives a
        // 27 kHz (REV3) / 81 kHz (PSRAM_REV3) square wave, one toggle per half period: 18.5 / 6.2 us per iteration of
        // 3 IL instructions and one native call, all charged to the native call here. A DacChannel.WriteValue(0);
        // WriteValue(255) loop gives 2.5 kHz / 4.7 kHz: 200 / 106 us per WriteValue, which is a lock block around one
        // native call (System.Device.Dac DacChannel.cs): 200 - 18.5 / 106 - 6.2 us for the lock. IL per instruction:
        // the .NET Micro Framework interpreter nanoFramework's descends from ran a 7-instruction for-loop cycle in
        // about 7 us on a 48 MHz ARM7 (Netduino, highfieldtales.wordpress.com, "How to get our Netduino running
        // faster"): 1 us per instruction when the ESP32 is taken to be no faster (pessimistic), 0.2 us at the clock
        // ratio 240/48 (optimistic). The list walk (GetGpioPin: one ArrayList GetItem and a compare in C per entry)
        // is charged like one IL instruction per entry.

        /// <summary>The pessimistic end (ESP32_REV3 figures, no interpreter speed-up over the 48 MHz ARM7).</summary>
        public static readonly CostConstants Pessimistic = new CostConstants("pessimistic", 1.0, 1e6 / (2 * 27_000.0), (1e6 / (2 * 2_500.0)) - (1e6 / (2 * 27_000.0)), 1.0);

        /// <summary>The optimistic end (ESP32_PSRAM_REV3 figures, interpreter faster by the clock ratio).</summary>
        public static readonly CostConstants Optimistic = new CostConstants("optimistic", 0.2, 1e6 / (2 * 81_000.0), (1e6 / (2 * 4_700.0)) - (1e6 / (2 * 81_000.0)), 0.2);
    }
}
