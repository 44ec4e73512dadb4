using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using BatteryShift.Bms.Board;
using Xunit;

namespace BatteryShift.Tests.DeviceGate
{
    /// <summary>
    /// "Outputs safe from the first instruction": the IL run by Program.Main in the nano-compiled firmware
    /// (artifacts/nano-gate/BatteryShift.Firmware.dll), Program's own methods followed into, must open the charge FET,
    /// discharge FET (low) and bleed output-enable (high) pins before it calls or creates anything else.
    /// </summary>
    public sealed class FirmwareStartupOrderTests
    {
        private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        [Fact]
        public void MainDrivesTheOutputsSafeBeforeAnythingElse()
        {
            List<(string Target, int[] IntsBefore)> calls = CallsOfMain();
            string[] first = calls.Take(5).Select(c => c.Target).ToArray();

            Assert.Equal(
                new[]
                {
                    "System.Device.Gpio.GpioController::.ctor",
                    "BatteryShift.Hal.Esp32.Esp32Gpio::.ctor",
                    "BatteryShift.Hal.Esp32.Esp32Gpio::OpenOutput",
                    "BatteryShift.Hal.Esp32.Esp32Gpio::OpenOutput",
                    "BatteryShift.Hal.Esp32.Esp32Gpio::OpenOutput",
                },
                first);
            Assert.Equal(new[] { Bmu16.PinChargeFet, 0 }, calls[2].IntsBefore);
            Assert.Equal(new[] { Bmu16.PinDischargeFet, 0 }, calls[3].IntsBefore);
            Assert.Equal(new[] { Bmu16.PinBleedOutputEnable, 1 }, calls[4].IntsBefore);
        }

        [Fact]
        public void TheCoreIsStartedAndBothLoopsRun()
        {
            string[] targets = CallsOfMain().Select(c => c.Target).ToArray();
            int start = Array.IndexOf(targets, "BatteryShift.Bms.BmsCore::Start");
            int priority = Array.IndexOf(targets, "System.Threading.Thread::set_Priority");

            Assert.True(start > 4, "BmsCore.Start after the outputs");
            Assert.True(priority > start, "threads after Start");
            Assert.Equal(2, targets.Count(t => t == "System.Threading.Thread::Start"));

            // the control thread at the highest priority (ThreadPriority.Highest = 4), communication below normal (1)
            int[][] priorities = CallsOfMain().Where(c => c.Target == "System.Threading.Thread::set_Priority").Select(c => c.IntsBefore).ToArray();
            Assert.Equal(2, priorities.Length);
            Assert.Equal(new[] { 4 }, priorities[0]);
            Assert.Equal(new[] { 1 }, priorities[1]);
        }

        // Each call or newobj run by Main, with the int constants pushed since the previous call; a call to a static
        // method of Program is followed into (in the order Main runs it), so Start's composition counts as Main's.
        private static List<(string Target, int[] IntsBefore)> CallsOfMain()
        {
            string path = Path.Combine(RepoPaths.NanoGateOutput, "BatteryShift.Firmware.dll");
            using var pe = new PEReader(File.OpenRead(path));
            MetadataReader md = pe.GetMetadataReader();
            MethodDefinition main = md.MethodDefinitions.Select(md.GetMethodDefinition)
                .Single(m => md.GetString(m.Name) == "Main" && md.GetString(md.GetTypeDefinition(m.GetDeclaringType()).Name) == "Program");
            var calls = new List<(string Target, int[] IntsBefore)>();
            Walk(pe, md, main, calls, new List<int>(), 0);
            return calls;
        }

        private static void Walk(PEReader pe, MetadataReader md, MethodDefinition method, List<(string Target, int[] IntsBefore)> calls, List<int> ints, int depth)
        {
            byte[] il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
            int pos = 0;
            while (pos < il.Length)
            {
                short value = il[pos++];
                if (value == 0xFE)
                {
                    value = (short)(0xFE00 | il[pos++]);
                }

                OpCode op = s_opCodes[value];
                int operandSize = OperandSize(op.OperandType, il, pos);
                if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj)
                {
                    EntityHandle target = MetadataTokens.EntityHandle(BitConverter.ToInt32(il, pos));
                    string name = MemberName(md, target);
                    if (op == OpCodes.Call && depth < 4 && target.Kind == HandleKind.MethodDefinition && name.StartsWith("BatteryShift.Firmware.Program::", StringComparison.Ordinal))
                    {
                        Walk(pe, md, md.GetMethodDefinition((MethodDefinitionHandle)target), calls, ints, depth + 1);
                    }
                    else
                    {
                        calls.Add((name, ints.ToArray()));
                        ints.Clear();
                    }
                }
                else if (op.Name!.StartsWith("ldc.i4", StringComparison.Ordinal))
                {
                    ints.Add(op == OpCodes.Ldc_I4 ? BitConverter.ToInt32(il, pos)
                        : op == OpCodes.Ldc_I4_S ? (sbyte)il[pos]
                        : op == OpCodes.Ldc_I4_M1 ? -1
                        : op.Name[^1] - '0');
                }

                pos += operandSize;
            }
        }

        private static int OperandSize(OperandType type, byte[] il, int pos) => type switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, pos)),
            _ => 4,
        };

        private static string MemberName(MetadataReader md, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    MethodDefinition def = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return TypeName(md, def.GetDeclaringType()) + "::" + md.GetString(def.Name);
                case HandleKind.MemberReference:
                    MemberReference reference = md.GetMemberReference((MemberReferenceHandle)handle);
                    return TypeName(md, reference.Parent) + "::" + md.GetString(reference.Name);
                default:
                    return handle.Kind.ToString();
            }
        }

        private static string TypeName(MetadataReader md, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    TypeDefinition def = md.GetTypeDefinition((TypeDefinitionHandle)handle);
                    return md.GetString(def.Namespace) + "." + md.GetString(def.Name);
                case HandleKind.TypeReference:
                    TypeReference reference = md.GetTypeReference((TypeReferenceHandle)handle);
                    return md.GetString(reference.Namespace) + "." + md.GetString(reference.Name);
                default:
                    return handle.Kind.ToString();
            }
        }
    }
}
