using System;
using System.IO;
using System.Linq;
using System.Reflection;
using BatteryShift.Bench.Benchmarks.Device;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Harness.Doubles;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace BatteryShift.Tests.DeviceGate
{
    /// <summary>
    /// The instruction counter behind <c>device.tick_il_instructions</c> (tools/BatteryShift.Bench, linked here):
    /// a method without branches must count exactly its instructions, and a loop must add the same number of
    /// instructions per extra iteration.
    /// </summary>
    public sealed class IlCountingTests : IDisposable
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "bs-il-" + Guid.NewGuid().ToString("N"));
        private readonly IlCountingLoader _loader;

        public IlCountingTests()
        {
            _loader = IlCountingLoader.Load(typeof(BmsConfig).Assembly, _work);
        }

        public void Dispose()
        {
            _loader.Unload();
            try
            {
                Directory.Delete(_work, true);
            }
            catch (IOException)
            {
                // still mapped until the context is collected
            }
            catch (UnauthorizedAccessException)
            {
                // same
            }
        }

        [Fact]
        public void AStraightLineMethodCountsEachOfItsInstructionsOnce()
        {
            using ModuleDefinition original = ModuleDefinition.ReadModule(typeof(BmsConfig).Assembly.Location);
            MethodDefinition get = original.GetType(typeof(BmsConfig).FullName).Methods.Single(m => m.Name == nameof(BmsConfig.Get));
            // every instruction runs once: no conditional branch, and a Debug build's unconditional one goes to the next
            Assert.DoesNotContain(get.Body.Instructions, i => i.OpCode.FlowControl == FlowControl.Cond_Branch);
            Assert.All(get.Body.Instructions.Where(i => i.OpCode.FlowControl == FlowControl.Branch), i => Assert.Same(i.Next, i.Operand));

            Type configType = _loader.Instrumented.GetType(typeof(BmsConfig).FullName!, true)!;
            object config = Activator.CreateInstance(configType)!;
            MethodInfo instrumentedGet = configType.GetMethod(nameof(BmsConfig.Get))!;
            long before = _loader.Count;
            instrumentedGet.Invoke(config, new object[] { ModuleKeys.CellCount });

            Assert.Equal(get.Body.Instructions.Count, _loader.Count - before);
        }

        [Fact]
        public void ThePerMethodCountsAddUpToTheTotalUnderTheMethodThatRan()
        {
            using ModuleDefinition original = ModuleDefinition.ReadModule(typeof(BmsConfig).Assembly.Location);
            MethodDefinition get = original.GetType(typeof(BmsConfig).FullName).Methods.Single(m => m.Name == nameof(BmsConfig.Get));
            Type configType = _loader.Instrumented.GetType(typeof(BmsConfig).FullName!, true)!;
            object config = Activator.CreateInstance(configType)!;
            MethodInfo instrumentedGet = configType.GetMethod(nameof(BmsConfig.Get))!;
            long[] before = (long[])_loader.ByMethod.Clone();
            long total = _loader.Count;
            instrumentedGet.Invoke(config, new object[] { ModuleKeys.CellCount });
            long[] after = _loader.ByMethod;

            Assert.Equal(_loader.MethodNames.Count, after.Length);
            int[] ran = Enumerable.Range(0, after.Length).Where(i => after[i] != before[i]).ToArray();
            Assert.Single(ran);
            Assert.Equal(typeof(BmsConfig).FullName + "::" + nameof(BmsConfig.Get), _loader.MethodNames[ran[0]]);
            Assert.Equal(get.Body.Instructions.Count, after[ran[0]] - before[ran[0]]);
            Assert.Equal(_loader.Count - total, after.Sum() - before.Sum());
        }

        [Fact]
        public void EachExtraLoopIterationAddsTheSameCount()
        {
            Type scannerType = _loader.Instrumented.GetType(typeof(MuxScanner).FullName!, true)!;
            // below the first trimmed count, where the loop is a plain sum
            Assert.Equal(4, MuxScanner.TrimOneFrom);
            var counts = new long[3];
            for (int oversample = 1; oversample <= 3; oversample++)
            {
                var ports = new NullPorts();
                object scanner = Activator.CreateInstance(scannerType, ports, ports, ports, 0, oversample)!;
                MethodInfo readSum = scannerType.GetMethod(nameof(MuxScanner.ReadSum), new[] { typeof(int), typeof(int) })!;
                long before = _loader.Count;
                readSum.Invoke(scanner, new object[] { Bmu16.AdcMuxCells, 0 });
                counts[oversample - 1] = _loader.Count - before;
            }

            long step = counts[1] - counts[0];
            Assert.InRange(step, 5, 40);
            Assert.Equal(step, counts[2] - counts[1]);
        }
    }
}
