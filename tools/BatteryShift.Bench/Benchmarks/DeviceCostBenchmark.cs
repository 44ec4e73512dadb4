extern alias device;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using BatteryShift.Bench.Benchmarks.Device;
using BatteryShift.Harness.Doubles;
using BatteryShift.Bms;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using BatteryShift.NanoEmulation.Board;
using BatteryShift.NanoEmulation.Native;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Will the control tick keep time on the ESP32? A cost model (issue 15, item 5): the IL the core executes per tick
    /// (counted exactly on an instrumented copy, on the simulated board), plus for each HAL call the IL of its path
    /// through Hal.Esp32 and the packages' managed code (counted on an instrumented copy of the emulated device
    /// assembly, whose package code keeps the real packages' structure: the same locks and native calls), times a
    /// cost per IL instruction; plus a cost per native call, per lock block and per entry of the GPIO controller's
    /// native pin-list walk; plus the waits the core asks for. Constants and sources: <see cref="CostConstants"/>.
    /// </summary>
    public sealed class DeviceCostBenchmark : IDescribedBenchmark
    {
        private const int PeriodMs = 200;
        private const double TargetMs = 0.25 * PeriodMs;

        // the budget of ADC conversions in any one tick that the scan is being cut to (the slow channels spread across
        // ticks); the projection prices the measured tick with at most this many, the run's own count when it is lower
        private const int AdcConversionBudget = 112;

        public string Name => "device-cost";

        public string Description => ModelText;

        private const string ModelText = @"### Device tick cost model

The tick's time on an ESP32 is estimated, not measured: nothing here runs nanoFramework's interpreter. The model counts
what the tick does and prices it with published measurements of nanoFramework on the ESP32.

- **Counted.** The IL instructions the core executes per tick (an instrumented copy of `BatteryShift.Bms`, basic block
  by basic block, on the simulated board), and the core's HAL calls by kind and pin. For each kind of call, the IL of its
  path through `Hal.Esp32` and the packages' managed code, counted on an instrumented copy of the emulated device
  (`tests/BatteryShift.NanoEmulation`, whose package code keeps the real packages' structure: `AdcChannel.ReadValue`
  takes the channel's lock around its native call, `GpioPin.Toggle` and `GpioPin.Read` are native calls with no lock,
  `GpioPin.Write` takes the pin's lock, `GpioController.Write` goes to native code that walks the list of open pins,
  `PinValue.High` makes a new value), the native calls it enters and the lock blocks it runs; code that stands for
  native code is not counted as IL. `Esp32Clock.NowMs` adds a native `DateTime.UtcNow` and its own lock; a settling
  wait costs the time asked plus two turns of its spin loop; `BmsCore.Tick` adds its lock.
- **Priced.** Per IL instruction: 0.2 to 1.0 us. The .NET Micro Framework interpreter nanoFramework's descends from ran
  a 7-instruction for-loop cycle in about 7 us on a 48 MHz ARM7 ([Netduino measurement](http://highfieldtales.wordpress.com/tag/netduino/));
  1.0 us takes the ESP32 to interpret no faster, 0.2 us faster by the clock ratio (240/48). Per native call: 6.2 to
  18.5 us, a `GpioPin.Toggle()` loop's period on ESP32_PSRAM_REV3 (81 kHz) and ESP32_REV3 (27 kHz), its three IL
  instructions charged to the call ([nanoframework/Home#1013](https://github.com/nanoframework/Home/issues/1013)). Per
  lock block: 100 to 181.5 us, a `DacChannel.WriteValue` loop (4.7 kHz / 2.5 kHz in the same report: 106 / 200 us per
  call, one lock around one native call) less the native call. Per entry of the pin-list walk: as one IL instruction.
  The same report's `GpioPin.Write(0); Write(1)` loop (1.7 kHz on ESP32_REV3: 294 us per write, a lock block plus a
  `PinValue` conversion) is a check on these constants: the tick row's note gives what the model makes of that path.
- **Range.** `device.tick_ms_estimate` is the worst tick at the pessimistic end (REV3 figures, no interpreter
  speed-up); its note gives the optimistic end for the same tick, the terms, and the tick's IL by concern (the core's
  folders: the counter adds each basic block to its method). `device.tick_ms_estimate_scan_budget` prices the same ticks
  with at most 112 ADC conversions each (the scan's per-tick budget; the run's own count where lower), every other
  term as measured. `device.start_tick_ms_estimate` prices the ticks from power-up through the self-test on their own:
  each of the self-test's scans reads the current channel's offset with eight blocks of 32 conversions per input (one
  afterwards), so those ticks are the longest, with both FETs open and nothing to protect but the self-test.
  `device.adc_conversion_us_estimate` is the price of one more conversion per tick (the HAL path of
  `AdcChannel.ReadValue` plus the scan loop's own IL per conversion), so a change of the scan's count can be priced. The
  levers: `Esp32Gpio` writes by toggling the held `GpioPin`, and only when the level changes (System.Device.Gpio 1.1.62:
  `GpioPin.Toggle` is an InternalCall, nf-interpreter's `Toggle___VOID`, with no lock and no search of the open pins;
  `GpioPin.Write` takes the pin's lock around its native call, which the published `Write(0); Write(1)` loop shows to be
  the expensive part; `GpioController.Write` has `GetGpioPin` walk the open pins in C: 52 us a write here against 242 us
  through `GpioPin.Write` and 62 us through the controller); the mux scanner's conversion loop keeps its count and port
  in locals (one property call and two field loads less per conversion); the bleed register's data line is written
  only when its level changes (in the open-wire tick 16 data writes instead of 34); `FloatMath.Sqrt` scales by 4^8 and
  4^2 before 4 (the same result in fewer turns for the estimator's small variances); the open-wire test never runs in
  the SOC filter's step tick (a test due then waits one scan), so the two heaviest pieces of periodic work no longer
  add up; the open-wire test reads each cell with 4 conversions instead of 16 (it tells near 0 V from above 1 V); the
  mux reading's trim decides most conversions with two compares; the NTCs are read with 4 conversions a scan and averaged
  across scans (`NtcSmoothing`), REF_MID, ground and the rail one a scan in turn, the divider, REF_LO and REF_HI every
  scan (104 mux B conversions instead of 256), the current with 32 pairs instead of 64; the SOC filter's step runs in four
  parts on consecutive ticks (prediction; the voltage bounds of each half of the cells; the corrections and the published
  figures), and the open-wire test waits for a tick without one (at most four scans). Hardware SPI for the 74HC595 chain would remove at
  most the chain's writes, given in the note (about 5 ms in the open-wire tick, nothing in the others).
  What decides the worst tick: the ADC reads (each a lock block in `AdcChannel.ReadValue`, which has no lock-free
  alternative in System.Device.Adc 1.1.24; 424 in every tick: the 16 cells with 16 conversions each, 256, which alone
  are about 64 ms at the pessimistic end, more than the target; 104 on mux B; the current's 32 pairs; and 64 more in the
  open-wire test's tick, the worst), and the core's IL: the scan's own IL per conversion, the conversions of the
  readings, protection, and a part of the SOC filter's step (`LfpOcvTable.SocFromOcv` about five times a cell).";

        public void Run(BenchContext context)
        {
            // past the self-test (about 30 ticks: its scans read the current's offset with four blocks, FETs open) in both
            // runs; those ticks are priced on their own below
            int warm = context.Quick ? 40 : 100;
            int ticks = context.Quick ? 100 : 500;
            PathCosts paths = PathCosts.Measure();
            context.Log.WriteLine($"  per call (IL, natives, locks, list steps): gpio write {paths.Describe(paths.WriteByPin.Values.First())}, adc read {paths.Describe(paths.AdcRead)}, clock {paths.Describe(paths.ClockRead)}, gpio read {paths.Describe(paths.GpioRead)}");
            List<TickSample> samples = CountTicks(warm, ticks, out CommSample communicate, out IReadOnlyList<string> methods, out List<TickSample> startSamples);

            TickSample worst = samples.OrderByDescending(s => s.Estimate(paths, CostConstants.Pessimistic)).First();
            double pessimistic = worst.Estimate(paths, CostConstants.Pessimistic);
            double optimistic = worst.Estimate(paths, CostConstants.Optimistic);
            double meanPessimistic = samples.Average(s => s.Estimate(paths, CostConstants.Pessimistic));
            string breakdown = worst.Breakdown(paths, CostConstants.Pessimistic);
            context.Log.WriteLine("  worst tick, pessimistic: " + breakdown);
            context.Log.WriteLine("  worst tick's IL by concern: " + worst.IlByConcern(methods));
            context.Log.WriteLine("  worst tick's IL by method: " + worst.TopMethods(methods, 12));
            context.Log.WriteLine("  worst tick's GPIO writes by pin: " + string.Join(", ", worst.Writes.Select((n, pin) => (n, pin)).Where(x => x.n > 0).Select(x => $"{x.pin}:{x.n}")));
            context.Log.WriteLine("  most IL of any tick by concern: " + MaxByConcern(samples, methods));

            string check = $"check: a held GpioPin.Write(0/1) ({paths.Describe(paths.HeldPinWrite)}) models at {paths.HeldPinWrite.Us(CostConstants.Pessimistic):F0} us pessimistic, {paths.HeldPinWrite.Us(CostConstants.Optimistic):F0} us optimistic, against 294 / 333 us measured (ESP32_REV3 / PSRAM_REV3, nanoframework/Home#1013); the HAL's write, a held pin's toggle ({paths.Describe(paths.WriteByPin[Bmu16.PinMuxS0])}), {paths.WriteByPin[Bmu16.PinMuxS0].Us(CostConstants.Pessimistic):F0} us";
            context.Log.WriteLine("  " + check);
            context.Record(
                "device.tick_ms_estimate",
                pessimistic,
                "ms",
                "<= " + TargetMs,
                $"worst of {ticks} ticks (after {warm}) on the simulated board with the ESP32 HAL's paths, pessimistic end; optimistic end {optimistic:F1} ms; mean tick {meanPessimistic:F1} ms pessimistic; {breakdown}; core IL by concern: {worst.IlByConcern(methods)}; {worst.BleedChain(paths, CostConstants.Pessimistic)}; {check}; model and sources below");

            RecordAtScanBudget(context, samples, paths, worst, methods);
            RecordPerConversion(context, samples, paths, methods);
            TickSample start = startSamples.OrderByDescending(s => s.Estimate(paths, CostConstants.Pessimistic)).First();
            context.Record(
                "device.start_tick_ms_estimate",
                start.Estimate(paths, CostConstants.Pessimistic),
                "ms",
                "",
                $"worst of the {warm} ticks from power-up, the self-test among them (both FETs open; each of its scans reads the current's offset with {CurrentChannel.ZeroingBlocks} blocks of {CurrentChannel.Oversample} conversions per input), pessimistic end; {start.Breakdown(paths, CostConstants.Pessimistic)}");

            double commPessimistic = communicate.Estimate(paths, CostConstants.Pessimistic);
            double commOptimistic = communicate.Estimate(paths, CostConstants.Optimistic);
            context.Record(
                "device.communicate_ms_estimate",
                commPessimistic,
                "ms",
                string.Empty,
                $"the longest Communicate pass that published a state message, pessimistic end; optimistic {commOptimistic:F1} ms; {communicate.Breakdown(paths, CostConstants.Pessimistic)}; M2Mqtt's inflight thread then encodes and sends the packet on its own thread (not counted)");
        }

        // the same ticks with their ADC conversions cut to the scan's budget (the run's count where it is lower): every
        // other term as measured, the IL the scan spends per conversion included, so an upper bound for that scan
        private static void RecordAtScanBudget(BenchContext context, List<TickSample> samples, PathCosts paths, TickSample measuredWorst, IReadOnlyList<string> methods)
        {
            TickSample worst = samples.OrderByDescending(s => s.Estimate(paths, CostConstants.Pessimistic, AdcConversionBudget)).First();
            double pessimistic = worst.Estimate(paths, CostConstants.Pessimistic, AdcConversionBudget);
            double optimistic = worst.Estimate(paths, CostConstants.Optimistic, AdcConversionBudget);
            long reads = Math.Min(worst.AdcReads, AdcConversionBudget);
            long mostReads = samples.Max(s => s.AdcReads);

            // the ticks without the SOC filter's step (the estimator's IL well under its most): what the rest costs
            long mostEstimation = samples.Max(s => s.ConcernIl(methods, "Estimation"));
            var withoutStep = samples.Where(s => s.ConcernIl(methods, "Estimation") * 2 < mostEstimation).ToList();
            string rest = withoutStep.Count == 0 ? "every tick steps the SOC filter" :
                $"worst tick without the SOC filter's step ({withoutStep.Count} of {samples.Count} ticks) {withoutStep.Max(s => s.Estimate(paths, CostConstants.Pessimistic, AdcConversionBudget)):F1} ms, the step's ticks' estimator IL up to {mostEstimation}";
            context.Record(
                "device.tick_ms_estimate_scan_budget",
                pessimistic,
                "ms",
                "<= " + TargetMs,
                $"the same {samples.Count} ticks with each tick's ADC conversions priced at the run's count or {AdcConversionBudget}, whichever is lower (the per-tick budget of the scan; this run: at most {mostReads} per tick), every other term as measured (the scan's IL per conversion included): worst tick {reads} conversions ({reads * paths.AdcRead.Us(CostConstants.Pessimistic) / 1000:F1} ms), pessimistic end; optimistic {optimistic:F1} ms; {(ReferenceEquals(worst, measuredWorst) ? "the same tick as device.tick_ms_estimate" : "another tick than device.tick_ms_estimate's")}; {worst.Breakdown(paths, CostConstants.Pessimistic, AdcConversionBudget)}; core IL by concern: {worst.IlByConcern(methods)}; {rest}");
        }

        // one more ADC conversion in a tick: the HAL path (AdcChannel.ReadValue's lock and native call) and the IL the
        // mux scanner's loop spends per conversion, so the scan's count can be traded against the tick's time
        private static void RecordPerConversion(BenchContext context, List<TickSample> samples, PathCosts paths, IReadOnlyList<string> methods)
        {
            int readSum = -1;
            for (int i = 0; i < methods.Count; i++)
            {
                if (methods[i].EndsWith("MuxScanner::ReadSum", StringComparison.Ordinal))
                {
                    readSum = i;
                }
            }

            TickSample most = samples.OrderByDescending(s => s.AdcReads).First();
            double loopIl = readSum < 0 || most.AdcReads == 0 ? 0 : (double)most.IlByMethod[readSum] / most.AdcReads;
            double pessimistic = paths.AdcRead.Us(CostConstants.Pessimistic) + (loopIl * CostConstants.Pessimistic.IlUs);
            double optimistic = paths.AdcRead.Us(CostConstants.Optimistic) + (loopIl * CostConstants.Optimistic.IlUs);
            context.Record(
                "device.adc_conversion_us_estimate",
                pessimistic,
                "us",
                string.Empty,
                $"one ADC conversion in the tick, pessimistic end; optimistic {optimistic:F1} us: AdcChannel.ReadValue through Esp32Adc ({paths.Describe(paths.AdcRead)}: IL/native calls/lock blocks/list steps) {paths.AdcRead.Us(CostConstants.Pessimistic):F1} us, of which the channel's lock {CostConstants.Pessimistic.LockUs:F1} us, plus the mux scanner's loop {loopIl:F1} IL per conversion (in the tick with most conversions, {most.AdcReads}, the mux loop's IL spread over all of them); a scan of N conversions per tick costs about N times this");
        }

        private static List<TickSample> CountTicks(int warm, int ticks, out CommSample worstCommunicate, out IReadOnlyList<string> methods, out List<TickSample> startSamples)
        {
            var module = new VirtualModule(new SimulationOptions());
            module.MqttSession = new CountingMqttSession();
            var counting = new KindCountingPorts(module.Ports);
            string work = Path.Combine(Path.GetTempPath(), "batteryshift-il-cost-" + Environment.ProcessId);
            IlCountingLoader loader = IlCountingLoader.Load(typeof(BmsCore).Assembly, work);
            try
            {
                Assembly copy = loader.Instrumented;
                Type coreType = copy.GetType(typeof(BmsCore).FullName!, true)!;
                Type configType = copy.GetType(typeof(BmsConfig).FullName!, true)!;
                object config = Activator.CreateInstance(configType)!;
                configType.GetMethod(nameof(BmsConfig.TrySetText))!.Invoke(config, new object[] { CommsKeys.MqttHost, "broker" });
                object bms = Activator.CreateInstance(coreType, counting.Ports, config)!;
                MethodInfo tick = coreType.GetMethod(nameof(BmsCore.Tick))!;
                MethodInfo communicate = coreType.GetMethod(nameof(BmsCore.Communicate))!;
                coreType.GetMethod(nameof(BmsCore.Start))!.Invoke(bms, null);

                var samples = new List<TickSample>();
                startSamples = new List<TickSample>();
                worstCommunicate = new CommSample();
                methods = loader.MethodNames;
                long timeUs = module.TimeMicroseconds;
                for (int i = 0; i < warm + ticks; i++)
                {
                    timeUs += PeriodMs * 1000L;
                    module.AdvanceToMicroseconds(timeUs);
                    counting.Reset();
                    long before = loader.Count;
                    long[] byMethodBefore = (long[])loader.ByMethod.Clone();
                    tick.Invoke(bms, null);
                    TickSample sample = TickSample.From(loader.Count - before, counting, Delta(loader.ByMethod, byMethodBefore));
                    (i >= warm ? samples : startSamples).Add(sample);

                    counting.Reset();
                    before = loader.Count;
                    communicate.Invoke(bms, null);
                    CommSample pass = CommSample.From(loader.Count - before, counting);
                    if (i >= warm && pass.Publishes > 0 && pass.Il > worstCommunicate.Il)
                    {
                        worstCommunicate = pass;
                    }
                }

                return samples;
            }
            finally
            {
                loader.Unload();
            }
        }

        // per concern, the most IL any one tick spent there (the ticks differ: periodic work lands in some of them)
        private static string MaxByConcern(List<TickSample> samples, IReadOnlyList<string> methods) => string.Join(", ", samples
            .SelectMany(s => s.IlByMethod.Select((n, i) => (Concern: TickSample.Concern(methods[i]), Il: n, Sample: s)))
            .GroupBy(x => (x.Concern, x.Sample))
            .Select(g => (g.Key.Concern, Il: g.Sum(x => x.Il)))
            .GroupBy(x => x.Concern)
            .Select(g => (g.Key, Il: g.Max(x => x.Il)))
            .Where(g => g.Il > 0)
            .OrderByDescending(g => g.Il)
            .Select(g => $"{g.Key} {g.Il}"));

        private static long[] Delta(long[] after, long[] before)
        {
            var delta = new long[after.Length];
            for (int i = 0; i < after.Length; i++)
            {
                delta[i] = after[i] - before[i];
            }

            return delta;
        }

        /// <summary>IL, native calls, lock blocks and list steps of one HAL call's path on the ESP32.</summary>
        internal sealed record PathCost(double Il, double Natives, double Locks, double Steps)
        {
            public double Us(CostConstants c) => (Il * c.IlUs) + (Natives * c.NativeUs) + (Locks * c.LockUs) + (Steps * c.ListStepUs);
        }

        internal sealed class PathCosts
        {
            public Dictionary<int, PathCost> WriteByPin { get; } = new Dictionary<int, PathCost>();

            public PathCost AdcRead { get; private set; } = new PathCost(0, 0, 0, 0);

            public PathCost ClockRead { get; private set; } = new PathCost(0, 0, 0, 0);

            public PathCost GpioRead { get; private set; } = new PathCost(0, 0, 0, 0);

            // the published loop's path: GpioPin.Write(0) on a held pin (int to PinValue, the pin's lock, native)
            public PathCost HeldPinWrite { get; private set; } = new PathCost(0, 0, 0, 0);

            // Esp32Clock.DelayMicroseconds below 1 ms spins on DateTime.UtcNow: the time asked, then at most one more
            // turn of its loop (a native read and about 8 instructions), and the turn that waits for the clock to step
            public static double DelayOverheadUs(CostConstants c) => 2 * (c.NativeUs + (8 * c.IlUs));

            public string Describe(PathCost p) => $"{p.Il:F0}/{p.Natives:F0}/{p.Locks:F0}/{p.Steps:F1}";

            // the pins and channels in the order the firmware opens them (the controller's list is walked in that order)
            private static void OpenLikeFirmware(IGpio gpio, IAdc adc)
            {
                gpio.OpenOutput(Bmu16.PinChargeFet, false);
                gpio.OpenOutput(Bmu16.PinDischargeFet, false);
                gpio.OpenOutput(Bmu16.PinBleedOutputEnable, true);
                gpio.OpenOutput(Bmu16.PinStatusLed, false);
                gpio.OpenOutput(Bmu16.PinBleedData, false);
                gpio.OpenOutput(Bmu16.PinBleedClock, false);
                gpio.OpenOutput(Bmu16.PinBleedLatch, false);
                gpio.OpenOutput(Bmu16.PinMuxS0, false);
                gpio.OpenOutput(Bmu16.PinMuxS1, false);
                gpio.OpenOutput(Bmu16.PinMuxS2, false);
                gpio.OpenOutput(Bmu16.PinMuxS3, false);
                gpio.OpenInput(Bmu16.PinExternalStop, PinPull.Up);
                gpio.OpenOutput(Bmu16.PinWatchdogKick, false);
                gpio.OpenInput(Bmu16.PinWatchdogFlag, PinPull.None);
                gpio.Write(Bmu16.PinBleedOutputEnable, false);
                gpio.Write(Bmu16.PinBleedOutputEnable, true);
                adc.OpenChannel(Bmu16.AdcMuxCells);
                adc.OpenChannel(Bmu16.AdcMuxAux);
                adc.OpenChannel(Bmu16.AdcCurrent);
                adc.OpenChannel(Bmu16.AdcCurrentReference);
            }

            // The ESP32 HAL and the emulated packages, instrumented, on an attached emulated chip; the pins opened in the
            // firmware's order (the controller's list is walked in that order).
            public static PathCosts Measure()
            {
                var costs = new PathCosts();
                var module = new VirtualModule(new SimulationOptions());
                using var chip = new EmulatedEsp32Device(module, new EmulatedNetwork("bench", "bench", "broker", 1883));
                chip.AttachWithoutFirmware();
                string work = Path.Combine(Path.GetTempPath(), "batteryshift-il-esp32-" + Environment.ProcessId);
                IlCountingLoader loader = IlCountingLoader.Load(typeof(device::BatteryShift.Firmware.Program).Assembly, work);
                try
                {
                    Assembly copy = loader.Instrumented;
                    PropertyInfo steps = copy.GetType("BatteryShift.NanoEmulation.EmulatedPackages", true)!.GetProperty("GpioListSteps")!;
                    copy.GetType("BatteryShift.NanoEmulation.EmulatedPackages", true)!.GetMethod("ResetStatics")!.Invoke(null, null);
                    object controller = Activator.CreateInstance(copy.GetType("System.Device.Gpio.GpioController", true)!)!;
                    var gpio = (IGpio)Activator.CreateInstance(copy.GetType("BatteryShift.Hal.Esp32.Esp32Gpio", true)!, controller)!;
                    var adc = (IAdc)Activator.CreateInstance(copy.GetType("BatteryShift.Hal.Esp32.Esp32Adc", true)!)!;
                    OpenLikeFirmware(gpio, adc);
                    var clock = (IClock)Activator.CreateInstance(copy.GetType("BatteryShift.Hal.Esp32.Esp32Clock", true)!)!;

                    PathCost Per(Action call, int n, double extraNatives, double extraLocks)
                    {
                        long il = loader.Count;
                        long natives = EmulatedEsp32.NativeCalls;
                        long locks = EmulatedEsp32.LockBlocks;
                        long walked = (long)steps.GetValue(null)!;
                        for (int i = 0; i < n; i++)
                        {
                            call();
                        }

                        return new PathCost(
                            (double)(loader.Count - il) / n,
                            ((double)(EmulatedEsp32.NativeCalls - natives) / n) + extraNatives,
                            ((double)(EmulatedEsp32.LockBlocks - locks) / n) + extraLocks,
                            (double)((long)steps.GetValue(null)! - walked) / n);
                    }

                    foreach (int pin in new[] { Bmu16.PinChargeFet, Bmu16.PinDischargeFet, Bmu16.PinBleedOutputEnable, Bmu16.PinStatusLed, Bmu16.PinBleedData, Bmu16.PinBleedClock, Bmu16.PinBleedLatch, Bmu16.PinMuxS0, Bmu16.PinMuxS1, Bmu16.PinMuxS2, Bmu16.PinMuxS3, Bmu16.PinWatchdogKick })
                    {
                        bool level = false;
                        costs.WriteByPin[pin] = Per(() => gpio.Write(pin, level = !level), 200, 0, 0);
                    }

                    gpio.Write(Bmu16.PinChargeFet, false);
                    gpio.Write(Bmu16.PinDischargeFet, false);
                    gpio.Write(Bmu16.PinBleedOutputEnable, true);
                    costs.AdcRead = Per(() => adc.Read(Bmu16.AdcMuxCells), 200, 0, 0);
                    costs.GpioRead = Per(() => gpio.Read(Bmu16.PinExternalStop), 200, 0, 0);

                    Type pinMode = copy.GetType("System.Device.Gpio.PinMode", true)!;
                    Type pinValue = copy.GetType("System.Device.Gpio.PinValue", true)!;
                    object held = controller.GetType().GetMethod("OpenPin", new[] { typeof(int), pinMode })!.Invoke(controller, new[] { 5, Enum.ToObject(pinMode, 3) })!;
                    MethodInfo fromInt = pinValue.GetMethod("op_Implicit", new[] { typeof(int) })!;
                    MethodInfo write = held.GetType().GetMethod("Write")!;
                    int toggle = 0;
                    costs.HeldPinWrite = Per(() => write.Invoke(held, new[] { fromInt.Invoke(null, new object[] { toggle ^= 1 }) }), 200, 0, 0);

                    // NowMs reads DateTime.UtcNow (a native call in nanoFramework's mscorlib) under the HAL's own lock
                    costs.ClockRead = Per(() => _ = clock.NowMs, 200, 1, 1);
                    return costs;
                }
                finally
                {
                    loader.Unload();
                }
            }
        }

        internal sealed class TickSample
        {
            public long Il { get; private set; }

            public long[] Writes { get; private set; } = Array.Empty<long>();

            public long AdcReads { get; private set; }

            public long ClockReads { get; private set; }

            public long GpioReads { get; private set; }

            public long Delays { get; private set; }

            public long DelayUs { get; private set; }

            public long[] IlByMethod { get; private set; } = Array.Empty<long>();

            public static TickSample From(long il, KindCountingPorts c, long[] byMethod) => new TickSample
            {
                Il = il,
                IlByMethod = byMethod,
                Writes = (long[])c.WritesByPin.Clone(),
                AdcReads = c.AdcReads,
                ClockReads = c.ClockReads,
                GpioReads = c.GpioReads,
                Delays = c.Delays,
                DelayUs = c.DelayMicroseconds,
            };

            public double CoreUs(CostConstants c) => (Il * c.IlUs) + c.LockUs;

            // the core's folders (BatteryShift.Bms.Measurement, .Protection, ...) are its concerns
            public string IlByConcern(IReadOnlyList<string> methods) => string.Join(", ", IlByMethod
                .Select((n, i) => (Concern: Concern(methods[i]), Il: n))
                .GroupBy(x => x.Concern)
                .Select(g => (g.Key, Il: g.Sum(x => x.Il)))
                .Where(g => g.Il > 0)
                .OrderByDescending(g => g.Il)
                .Select(g => $"{g.Key} {g.Il}"));

            public long ConcernIl(IReadOnlyList<string> methods, string concern)
            {
                long il = 0;
                for (int i = 0; i < IlByMethod.Length; i++)
                {
                    if (Concern(methods[i]) == concern)
                    {
                        il += IlByMethod[i];
                    }
                }

                return il;
            }

            public string TopMethods(IReadOnlyList<string> methods, int n) => string.Join(", ", IlByMethod
                .Select((il, i) => (Name: methods[i].Replace("BatteryShift.Bms.", string.Empty), Il: il))
                .Where(x => x.Il > 0)
                .OrderByDescending(x => x.Il)
                .Take(n)
                .Select(x => $"{x.Name} {x.Il}"));

            public static string Concern(string method)
            {
                string type = method.Substring(0, method.IndexOf("::", StringComparison.Ordinal)).Replace("BatteryShift.Bms.", string.Empty);
                int dot = type.IndexOf('.');
                return dot < 0 ? "(core)" : type.Substring(0, dot);
            }

            public double WritesUs(PathCosts p, CostConstants c) => Writes.Select((n, pin) => n == 0 ? 0 : n * p.WriteByPin[pin].Us(c)).Sum();

            // the 74HC595 chain's data, clock and latch writes: what shifting it by hardware SPI could remove at most
            public string BleedChain(PathCosts p, CostConstants c)
            {
                int[] pins = { Bmu16.PinBleedData, Bmu16.PinBleedClock, Bmu16.PinBleedLatch };
                long writes = pins.Sum(pin => Writes[pin]);
                double us = pins.Sum(pin => Writes[pin] * p.WriteByPin[pin].Us(c));
                return $"the bleed register's data, clock and latch writes {writes} ({us / 1000:F1} ms, the most hardware SPI could remove)";
            }

            public double AdcUs(PathCosts p, CostConstants c, long budget = long.MaxValue) => Math.Min(AdcReads, budget) * p.AdcRead.Us(c);

            public double OtherUs(PathCosts p, CostConstants c) => (ClockReads * p.ClockRead.Us(c)) + (GpioReads * p.GpioRead.Us(c)) + DelayUs + (Delays * PathCosts.DelayOverheadUs(c));

            public double Estimate(PathCosts p, CostConstants c, long adcBudget = long.MaxValue) => (CoreUs(c) + WritesUs(p, c) + AdcUs(p, c, adcBudget) + OtherUs(p, c)) / 1000.0;

            public string Breakdown(PathCosts p, CostConstants c, long adcBudget = long.MaxValue) =>
                $"core IL {Il} ({CoreUs(c) / 1000:F1} ms with its lock), {Math.Min(AdcReads, adcBudget)} ADC reads ({AdcUs(p, c, adcBudget) / 1000:F1} ms), {Writes.Sum()} GPIO writes ({WritesUs(p, c) / 1000:F1} ms), {ClockReads} clock reads, {GpioReads} GPIO reads and {Delays} settling waits of {DelayUs} us in all ({OtherUs(p, c) / 1000:F1} ms)";
        }

        internal sealed class CommSample
        {
            // the session's Publish: the payload copy (Array.Copy, native), M2Mqtt's Publish: the packet encoded by the
            // inflight thread, queued under two locks (its waiting list and inflight queue) and the thread woken (native)
            private const double PublishIl = 120;
            private const double PublishNatives = 2;
            private const double PublishLocks = 2;

            // the serial console's bytes: the driver's Write returns once all but the 128-byte FIFO are out (115200 8N1)
            private const double UsPerByte = 1e6 / 11_520.0;

            public long Il { get; private set; }

            public long Publishes { get; private set; }

            public long SerialBytes { get; private set; }

            public long SerialCalls { get; private set; }

            public long ClockReads { get; private set; }

            public static CommSample From(long il, KindCountingPorts c) => new CommSample
            {
                Il = il,
                Publishes = c.Publishes,
                SerialBytes = c.SerialBytes,
                SerialCalls = c.SerialCalls,
                ClockReads = c.ClockReads,
            };

            public double Estimate(PathCosts p, CostConstants c)
            {
                double us = (Il * c.IlUs) + c.LockUs
                    + (Publishes * ((PublishIl * c.IlUs) + (PublishNatives * c.NativeUs) + (PublishLocks * c.LockUs)))
                    + (SerialCalls * c.NativeUs) + Math.Max(0, SerialBytes - 128) * UsPerByte
                    + (ClockReads * p.ClockRead.Us(c));
                return us / 1000.0;
            }

            public string Breakdown(PathCosts p, CostConstants c) =>
                $"core IL {Il} ({Il * c.IlUs / 1000:F1} ms), {Publishes} publishes, {SerialCalls} serial calls with {SerialBytes} bytes, {ClockReads} clock reads";
        }
    }
}
