using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace BatteryShift.Tests.NanoGate
{
    /// <summary>
    /// The second half of the nanoFramework gate. The build compiles the device sources against
    /// nanoFramework's mscorlib (tests/BatteryShift.NanoGate); these tests read what it wrote and reject
    /// what compiles but cannot run on nanoFramework 1.17.
    /// </summary>
    public class NanoGateTests
    {
        private static string Gate(string assembly) => Path.Combine(RepoPaths.NanoGateOutput, assembly + ".dll");

        /// <summary>
        /// The assemblies the gate's device projects build (tests/BatteryShift.NanoGate/*/*.csproj, the fixture aside),
        /// named from their project files rather than from what happens to lie in the output folder, so a file left
        /// there by an older layout is neither checked nor mistaken for a device assembly.
        /// </summary>
        public static TheoryData<string> DeviceAssemblies()
        {
            var data = new TheoryData<string>();
            string gateDir = Path.Combine(RepoPaths.Root, "tests", "BatteryShift.NanoGate");
            foreach (var project in Directory.GetFiles(gateDir, "*.csproj", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                if (project.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    continue;
                }

                var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(project), "<AssemblyName>([^<]+)</AssemblyName>");
                string name = match.Success ? match.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
                if (name.Contains("Fixture", StringComparison.Ordinal))
                {
                    continue;
                }

                data.Add(name);
            }

            return data;
        }

        [Fact]
        public void The_gate_compiled_the_portable_assemblies_against_nanoFramework_mscorlib()
        {
            foreach (var name in new[] { "BatteryShift.Hal", "BatteryShift.Bms" })
            {
                Assert.True(File.Exists(Gate(name)), name + " was not compiled by the nano gate");
                using var pe = new PEReader(File.OpenRead(Gate(name)));
                var md = pe.GetMetadataReader();
                var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
                Assert.Contains("mscorlib", refs);
                Assert.DoesNotContain("System.Runtime", refs);
                Assert.DoesNotContain("netstandard", refs);
                var mscorlib = md.GetAssemblyReference(md.AssemblyReferences.First(h => md.GetString(md.GetAssemblyReference(h).Name) == "mscorlib"));
                Assert.Equal(1, mscorlib.Version.Major);
            }
        }

        [Theory]
        [MemberData(nameof(DeviceAssemblies))]
        public void Device_assembly_uses_nothing_nanoFramework_cannot_run(string assembly)
        {
            var findings = NanoMetadataChecker.Check(Gate(assembly));
            Assert.True(findings.Count == 0, assembly + ":\n" + string.Join("\n", findings));
        }

        [Theory]
        [MemberData(nameof(DeviceAssemblies))]
        public void Device_assembly_was_compiled_at_the_nanoFramework_project_system_s_CSharp_version(string assembly)
        {
            // a compiler above C# 9 injects these attribute types into every assembly it builds (C# 11's ref safety
            // rules, the embedded-attribute marker); the nanoFramework project system compiles C# 9 and makes neither
            using var pe = new PEReader(File.OpenRead(Gate(assembly)));
            var md = pe.GetMetadataReader();
            var injected = md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Name))
                .Where(n => n == "EmbeddedAttribute" || n == "RefSafetyRulesAttribute" || n == "NullableAttribute" || n == "NullableContextAttribute")
                .ToList();
            Assert.True(injected.Count == 0, assembly + " holds compiler-injected " + string.Join(", ", injected));
        }

        [Fact]
        public void The_gate_compiles_every_type_the_host_build_has()
        {
            // A source file left out of the gate's globs would escape it: compare the type lists.
            foreach (var host in new[] { typeof(BatteryShift.Hal.IGpio).Assembly, typeof(BatteryShift.Bms.BmsCore).Assembly })
            {
                var hostTypes = host.GetTypes().Where(t => !t.Name.StartsWith('<')).Select(t => t.FullName!).ToHashSet();
                using var pe = new PEReader(File.OpenRead(Gate(host.GetName().Name!)));
                var md = pe.GetMetadataReader();
                var nanoTypes = md.TypeDefinitions.Select(h => md.GetTypeDefinition(h))
                    .Where(t => t.GetDeclaringType().IsNil)
                    .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name))
                    .ToHashSet();
                var missing = hostTypes.Where(t => !t.Contains('+', StringComparison.Ordinal) && !nanoTypes.Contains(t)).ToList();
                Assert.True(missing.Count == 0, "not in the nano build: " + string.Join(", ", missing));
            }
        }

        [Fact]
        public void A_fixture_full_of_forbidden_constructs_is_rejected_construct_by_construct()
        {
            var findings = NanoMetadataChecker.Check(Gate("BatteryShift.NanoGate.Fixture"));
            string all = string.Join("\n", findings);

            Assert.Contains(findings, f => f.Rule == NanoRule.GenericTypeDefinition && f.Where.EndsWith("GenericBox`1", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == NanoRule.GenericMethodDefinition && f.Where.EndsWith("Forbidden.Identity", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == NanoRule.GenericTypeInstance && f.Where.EndsWith("Forbidden.UsesGenericInstance", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == NanoRule.GenericMethodInstance && f.Where.EndsWith("Forbidden.UsesGenericMethod", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == NanoRule.Double && f.Where.StartsWith("BatteryShift.NanoGate.Fixture.Forbidden.UsesDouble", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == NanoRule.MultidimensionalArray && f.Where.EndsWith("Forbidden.UsesMultidimensionalArray", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Rule == NanoRule.GenericTypeInstance && f.What.Contains("Func", StringComparison.Ordinal));

            // and nothing is blamed on the members that are clean
            Assert.DoesNotContain(findings, f => f.Where.Contains("GenericBox`1..ctor", StringComparison.Ordinal) && f.Rule == NanoRule.Double);
            Assert.False(string.IsNullOrEmpty(all));
        }
    }
}
