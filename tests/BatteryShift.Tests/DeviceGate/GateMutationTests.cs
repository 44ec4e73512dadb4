using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BatteryShift.Tests.DeviceGate
{
    /// <summary>
    /// The gate fails the device code where the real packages would: the ESP32 HAL's sources are compiled here as the
    /// gate compiles them (nanoFramework's mscorlib, the emulated packages, C# 9, XML documentation checked, warnings as
    /// errors), unchanged and then with one mutation each. The unchanged sources compile clean; a member the pinned
    /// packages lack, a cref that does not resolve against them and a newer C# construct each fail.
    /// </summary>
    public sealed class GateMutationTests
    {
        private static readonly string Esp32Folder = Path.Combine(RepoPaths.Root, "hardware-abstraction", "BatteryShift.Hal.Esp32");

        [Fact]
        public void TheUnchangedHalCompilesClean()
        {
            Assert.Empty(Errors(Sources()));
        }

        [Fact]
        public void AMemberThePinnedPackagesLackFailsTheGate()
        {
            // SetDriveMode is the UWP-era GpioPin API, not System.Device.Gpio 1.1.62's
            var errors = Errors(Sources(("Gpio/Esp32Gpio.cs", "gpioPin.SetPinMode(PinMode.Output);", "gpioPin.SetDriveMode(PinMode.Output);")));
            Assert.Contains(errors, e => e.Id == "CS1061" && e.GetMessage().Contains("SetDriveMode", StringComparison.Ordinal));
        }

        [Fact]
        public void TheParameterlessRebootDeviceOfTheOldSignatureDeclarationFailsTheGate()
        {
            // the old declaration had Power.RebootDevice(); the package has RebootDevice(RebootOption = NormalReboot) and
            // RebootDevice(int, RebootOption): the cref the HAL carried does not resolve (CS1574 under warnings as errors)
            var errors = Errors(Sources(("Reset/Esp32ResetControl.cs", "<see cref=\"Power.RebootDevice(RebootOption)\"/>", "<see cref=\"Power.RebootDevice()\"/>")));
            Assert.Contains(errors, e => e.Id == "CS1574");
        }

        [Fact]
        public void ACSharpTenConstructFailsTheGate()
        {
            var errors = Errors(Sources(("Clock/Esp32Clock.cs", "namespace BatteryShift.Hal.Esp32\n{", "namespace BatteryShift.Hal.Esp32;\n{")));
            Assert.Contains(errors, e => e.Id == "CS8773" || e.Id == "CS8936" || e.Id == "CS8652");
        }

        private static List<(string Path, string Text)> Sources(params (string File, string Find, string Replace)[] mutations)
        {
            var sources = new List<(string Path, string Text)>();
            foreach (string path in Directory.GetFiles(Esp32Folder, "*.cs", SearchOption.AllDirectories).Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
                string relative = Path.GetRelativePath(Esp32Folder, path).Replace('\\', '/');
                foreach (var (file, find, replace) in mutations.Where(m => m.File == relative))
                {
                    Assert.True(text.Contains(find, StringComparison.Ordinal), "mutation target not found in " + file + ": " + find);
                    text = text.Replace(find, replace, StringComparison.Ordinal);
                }

                sources.Add((path, text));
            }

            return sources;
        }

        private static List<Diagnostic> Errors(List<(string Path, string Text)> sources)
        {
            var parse = new CSharpParseOptions(LanguageVersion.CSharp9, DocumentationMode.Diagnose);
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
            var references = new[]
            {
                MetadataReference.CreateFromFile(NanoMscorlib()),
                MetadataReference.CreateFromFile(Path.Combine(RepoPaths.NanoGateOutput, "BatteryShift.NanoEmulation.dll")),
                MetadataReference.CreateFromFile(Path.Combine(RepoPaths.NanoGateOutput, "BatteryShift.Hal.dll")),
            };
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, generalDiagnosticOption: ReportDiagnostic.Error, nullableContextOptions: NullableContextOptions.Disable);
            CSharpCompilation compilation = CSharpCompilation.Create("BatteryShift.Hal.Esp32", trees, references, options);
            using var pe = new MemoryStream();
            using var xml = new MemoryStream();
            var result = compilation.Emit(pe, xmlDocumentationStream: xml);
            return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        }

        private static string NanoMscorlib()
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string path = Path.Combine(packages, "nanoframework.corelibrary", "1.17.11", "lib", "mscorlib.dll");
            Assert.True(File.Exists(path), path + " missing: the nano-gate projects restore nanoFramework.CoreLibrary 1.17.11");
            return path;
        }
    }
}
