using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace BatteryShift.Tests.Interpreter
{
    /// <summary>
    /// nanoFramework's interpreter runs the static constructors of different assemblies in an order that depends on
    /// where their records lie in memory (seen on the nanoCLR POSIX host: the same program defined its settings with
    /// one file path and threw in ConfigSchema's static constructor with another, because mscorlib's String.Empty was
    /// still null). So no static constructor of the device assemblies may read another assembly's static field,
    /// directly or through the methods it calls in its own assembly.
    /// </summary>
    public class StaticConstructorTests
    {
        [Theory]
        [InlineData("BatteryShift.Bms")]
        [InlineData("BatteryShift.Hal")]
        public void StaticConstructorsReadNoOtherAssemblysStatics(string assembly)
        {
            using var module = ModuleDefinition.ReadModule(Path.Combine(RepoPaths.NanoGateOutput, assembly + ".dll"));
            var findings = new List<string>();
            foreach (TypeDefinition type in module.GetTypes())
            {
                MethodDefinition? cctor = type.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic);
                if (cctor != null)
                {
                    Walk(cctor, module, new HashSet<MethodDefinition>(), findings, type.FullName);
                }
            }

            Assert.Empty(findings);
        }

        [Fact]
        public void TheCheckSeesStringEmptyInAStaticConstructor()
        {
            // CommsKeys.Define, called from ConfigSchema's static constructor, reads no other assembly's statics
            using var module = ModuleDefinition.ReadModule(Path.Combine(RepoPaths.NanoGateOutput, "BatteryShift.Bms.dll"));
            var findings = new List<string>();
            MethodDefinition define = module.GetType("BatteryShift.Bms.Config.CommsKeys").Methods.First(m => m.Name == "Define");
            Walk(define, module, new HashSet<MethodDefinition>(), findings, "CommsKeys.Define");
            Assert.Empty(findings);

            // and the walk does report such a read: BmsConfig's constructor reads String.Empty (outside any cctor)
            MethodDefinition ctor = module.GetType("BatteryShift.Bms.Config.BmsConfig").Methods.First(m => m.IsConstructor && !m.IsStatic);
            Walk(ctor, module, new HashSet<MethodDefinition>(), findings, "BmsConfig..ctor");
            Assert.Contains(findings, f => f.Contains("System.String::Empty", System.StringComparison.Ordinal));
        }

        private static void Walk(MethodDefinition method, ModuleDefinition module, HashSet<MethodDefinition> seen, List<string> findings, string root)
        {
            if (!method.HasBody || !seen.Add(method))
            {
                return;
            }

            foreach (Instruction instruction in method.Body.Instructions)
            {
                if ((instruction.OpCode == OpCodes.Ldsfld || instruction.OpCode == OpCodes.Ldsflda) && instruction.Operand is FieldReference field
                    && field.DeclaringType.Scope is AssemblyNameReference)
                {
                    findings.Add(root + " reads " + field.FullName + " in " + method.FullName);
                }
                else if (instruction.Operand is MethodReference callee && callee.Module == module && callee.Resolve() is MethodDefinition local && local.Module == module)
                {
                    Walk(local, module, seen, findings, root);
                }
            }
        }
    }
}
