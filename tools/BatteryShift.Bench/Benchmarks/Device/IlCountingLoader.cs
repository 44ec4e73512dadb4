using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace BatteryShift.Bench.Benchmarks.Device
{
    /// <summary>
    /// Loads a copy of the core's assembly in which every basic block first adds its own instruction count to a
    /// counter, so that the IL instructions the core executes can be counted exactly while it runs on the
    /// simulated board. The copy lives in its own load context; the HAL contracts stay shared with the host.
    /// </summary>
    /// <remarks>
    /// Counted: every IL instruction of the core's own methods (BatteryShift.Bms), each executed once per pass
    /// through its block, and separately the ldstr among them (<see cref="Literals"/>). Not counted: the inside of HAL calls (native drivers on the device: each call is one
    /// call instruction here) and of base-library calls (nanoFramework's mscorlib is largely native too).
    /// </remarks>
    public sealed class IlCountingLoader : AssemblyLoadContext
    {
        private const string CounterTypeName = "BatteryShift.Bms.IlExecutionCounter";

        private readonly string _path;
        private readonly string _name;
        private List<string> _methodNames = new List<string>();

        private IlCountingLoader(string path, string name)
            : base("il-counting", isCollectible: true)
        {
            _path = path;
            _name = name;
        }

        /// <summary>The instrumented assembly.</summary>
        public Assembly Instrumented { get; private set; } = null!;

        /// <summary>Instructions counted so far.</summary>
        public long Count => (long)Instrumented.GetType(CounterTypeName)!.GetField("Count")!.GetValue(null)!;

        /// <summary>
        /// Literal strings loaded (ldstr executed) so far. nanoFramework's interpreter makes a new 12-byte string heap
        /// block for each ldstr (the text stays in the assembly in flash), so each is an allocation on the device
        /// that the host's CLR, which interns literals, does not show.
        /// </summary>
        public long Literals => (long)Instrumented.GetType(CounterTypeName)!.GetField("Literals")!.GetValue(null)!;

        /// <summary>The instrumented methods' names, by the index <see cref="ByMethod"/> counts them under.</summary>
        public IReadOnlyList<string> MethodNames => _methodNames;

        /// <summary>Instructions counted so far, per instrumented method (its own blocks, not its callees').</summary>
        public long[] ByMethod => (long[])Instrumented.GetType(CounterTypeName)!.GetField("ByMethod")!.GetValue(null)!;

        /// <summary>Instruments an assembly and loads the copy.</summary>
        /// <param name="original">The assembly to copy (for example BatteryShift.Bms).</param>
        /// <param name="workDirectory">Where the copy is written.</param>
        public static IlCountingLoader Load(Assembly original, string workDirectory)
        {
            string name = original.GetName().Name!;
            Directory.CreateDirectory(workDirectory);
            string target = Path.Combine(workDirectory, name + ".dll");
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(original.Location)!);
            var names = new List<string>();
            using (var module = ModuleDefinition.ReadModule(original.Location, new ReaderParameters { AssemblyResolver = resolver }))
            {
                MethodReference add = AddCounter(module, out FieldDefinition byMethod);
                foreach (TypeDefinition type in module.GetTypes().ToList())
                {
                    // code marked as standing for native code (the emulated packages' EmulatesNative) runs as C on the device
                    if (IsNativeSide(type.CustomAttributes))
                    {
                        continue;
                    }

                    foreach (MethodDefinition method in type.Methods.Where(m => m.HasBody && m.DeclaringType.FullName != CounterTypeName && !IsNativeSide(m.CustomAttributes)))
                    {
                        Instrument(method, add, names.Count);
                        names.Add(type.FullName + "::" + method.Name);
                    }
                }

                AddByMethodInitializer(module, byMethod, names.Count);
                module.Write(target);
            }

            var loader = new IlCountingLoader(target, name);
            loader._methodNames = names;
            loader.Instrumented = loader.LoadFromAssemblyPath(target);
            return loader;
        }

        private static bool IsNativeSide(IEnumerable<CustomAttribute> attributes) =>
            attributes.Any(a => a.AttributeType.Name == "EmulatesNativeAttribute");

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // everything but the instrumented copy comes from the host's context (shared HAL types)
            return assemblyName.Name == _name ? LoadFromAssemblyPath(_path) : null;
        }

        // the counter type's static constructor makes the per-method array once the number of methods is known
        private static void AddByMethodInitializer(ModuleDefinition module, FieldDefinition byMethod, int methods)
        {
            TypeDefinition counter = byMethod.DeclaringType;
            var cctor = new MethodDefinition(
                ".cctor",
                Mono.Cecil.MethodAttributes.Private | Mono.Cecil.MethodAttributes.Static | Mono.Cecil.MethodAttributes.SpecialName | Mono.Cecil.MethodAttributes.RTSpecialName | Mono.Cecil.MethodAttributes.HideBySig,
                module.TypeSystem.Void);
            ILProcessor il = cctor.Body.GetILProcessor();
            il.Emit(OpCodes.Ldc_I4, methods);
            il.Emit(OpCodes.Newarr, module.TypeSystem.Int64);
            il.Emit(OpCodes.Stsfld, byMethod);
            il.Emit(OpCodes.Ret);
            counter.Methods.Add(cctor);
        }

        private static MethodReference AddCounter(ModuleDefinition module, out FieldDefinition byMethod)
        {
            var counter = new TypeDefinition(
                "BatteryShift.Bms",
                "IlExecutionCounter",
                Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed | Mono.Cecil.TypeAttributes.Class,
                module.TypeSystem.Object);
            var count = new FieldDefinition("Count", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int64);
            counter.Fields.Add(count);
            var literals = new FieldDefinition("Literals", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int64);
            counter.Fields.Add(literals);
            byMethod = new FieldDefinition("ByMethod", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(module.TypeSystem.Int64));
            counter.Fields.Add(byMethod);
            var add = new MethodDefinition("Add", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Void);
            add.Parameters.Add(new ParameterDefinition("instructions", Mono.Cecil.ParameterAttributes.None, module.TypeSystem.Int32));
            add.Parameters.Add(new ParameterDefinition("literals", Mono.Cecil.ParameterAttributes.None, module.TypeSystem.Int32));
            add.Parameters.Add(new ParameterDefinition("method", Mono.Cecil.ParameterAttributes.None, module.TypeSystem.Int32));
            ILProcessor il = add.Body.GetILProcessor();
            il.Emit(OpCodes.Ldsfld, count);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Conv_I8);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stsfld, count);
            il.Emit(OpCodes.Ldsfld, literals);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Conv_I8);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stsfld, literals);
            il.Emit(OpCodes.Ldsfld, byMethod);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldelema, module.TypeSystem.Int64);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldind_I8);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Conv_I8);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stind_I8);
            il.Emit(OpCodes.Ret);
            counter.Methods.Add(add);
            module.Types.Add(counter);
            return add;
        }

        // Block leaders: the first instruction, branch and switch targets, the instruction after a branch, return,
        // throw or leave, and the starts of protected regions and handlers. Each leader gets "ldc.i4 n; call Add"
        // (and "ldc.i4 m" for its m ldstr, "ldc.i4 id" for the method's index) in front of it; the leader's own opcode is moved down so that branches into
        // the block run the counter.
        private static void Instrument(MethodDefinition method, MethodReference add, int methodId)
        {
            Mono.Cecil.Cil.MethodBody body = method.Body;
            body.SimplifyMacros();
            var instructions = body.Instructions.ToList();
            var leaders = new HashSet<Instruction> { instructions[0] };
            foreach (Instruction instruction in instructions)
            {
                if (instruction.Operand is Instruction target)
                {
                    leaders.Add(target);
                }
                else if (instruction.Operand is Instruction[] targets)
                {
                    leaders.UnionWith(targets);
                }

                FlowControl flow = instruction.OpCode.FlowControl;
                if ((flow == FlowControl.Branch || flow == FlowControl.Cond_Branch || flow == FlowControl.Return || flow == FlowControl.Throw) && instruction.Next != null)
                {
                    leaders.Add(instruction.Next);
                }
            }

            foreach (ExceptionHandler handler in body.ExceptionHandlers)
            {
                leaders.Add(handler.TryStart);
                leaders.Add(handler.HandlerStart);
                if (handler.FilterStart != null)
                {
                    leaders.Add(handler.FilterStart);
                }
            }

            var sizes = new Dictionary<Instruction, int>();
            var literalLoads = new Dictionary<Instruction, int>();
            Instruction? current = null;
            foreach (Instruction instruction in instructions)
            {
                if (leaders.Contains(instruction))
                {
                    current = instruction;
                    sizes[current] = 0;
                    literalLoads[current] = 0;
                }

                sizes[current!]++;
                if (instruction.OpCode == OpCodes.Ldstr)
                {
                    literalLoads[current!]++;
                }
            }

            ILProcessor il = body.GetILProcessor();
            foreach (KeyValuePair<Instruction, int> block in sizes)
            {
                Instruction leader = block.Key;
                Instruction moved = il.Create(OpCodes.Nop);
                moved.OpCode = leader.OpCode;
                moved.Operand = leader.Operand;
                il.InsertAfter(leader, moved);
                Instruction call = il.Create(OpCodes.Call, add);
                il.InsertAfter(leader, call);
                il.InsertAfter(leader, il.Create(OpCodes.Ldc_I4, methodId));
                il.InsertAfter(leader, il.Create(OpCodes.Ldc_I4, literalLoads[leader]));
                leader.OpCode = OpCodes.Ldc_I4;
                leader.Operand = block.Value;
            }

            body.OptimizeMacros();
        }
    }
}
