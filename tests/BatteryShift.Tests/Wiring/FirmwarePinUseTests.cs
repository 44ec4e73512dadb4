using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>
    /// The firmware uses exactly the pins, ADC channels and mux channels the board definition says:
    /// nothing bypasses <see cref="Bmu16"/> with a number (source scan over every device source file,
    /// including files that appear later in the ESP32 HAL), what it opens at run time is in the
    /// definition with the right direction and reset level, and every definition entry is used.
    /// </summary>
    public sealed class FirmwarePinUseTests
    {
        // Definition entries no device code uses yet, each with the work that will use it. An entry that
        // has become used is reported (not failed) so landing that work never breaks this test; remove it.
        private static readonly Dictionary<string, string> s_pending = new()
        {
        };

        // A pin, channel or mux channel given as a number where a Bmu16 constant belongs.
        private static readonly Regex s_literalFirstArgument = new(
            @"\b(OpenOutput|OpenInput|OpenChannel|OpenPin|SetPinFunction)\s*\(\s*(0x[0-9A-Fa-f]+|\d+)\s*[,)]",
            RegexOptions.Compiled);

        private static readonly Regex s_literalPinAccess = new(
            @"\b\w*(gpio|Gpio|GPIO|pin|Pin)\w*\s*\.\s*(Write|Read)\s*\(\s*(0x[0-9A-Fa-f]+|\d+)\s*[,)]",
            RegexOptions.Compiled);

        private static readonly Regex s_literalMuxChannel = new(
            @"\b(ReadSum|Select)\s*\(\s*[\w.]+\s*,\s*(0x[0-9A-Fa-f]+|\d+)\s*\)|\bSelect\s*\(\s*(0x[0-9A-Fa-f]+|\d+)\s*\)",
            RegexOptions.Compiled);

        private static readonly Regex s_definitionUse = new(@"\bBmu16\s*\.\s*((Pin|Adc|Aux)\w+)", RegexOptions.Compiled);

        private readonly ITestOutputHelper _output;

        public FirmwarePinUseTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void NoDeviceSourcePassesAPinOrChannelNumberInsteadOfTheDefinition()
        {
            var violations = new List<string>();
            foreach (string file in DeviceSources())
            {
                if (IsDefinition(file))
                {
                    continue;
                }

                string[] lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    string code = StripComment(lines[i]);
                    if (s_literalFirstArgument.IsMatch(code) || s_literalPinAccess.IsMatch(code) || s_literalMuxChannel.IsMatch(code))
                    {
                        violations.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }

            Assert.True(violations.Count == 0, "use the Bmu16 constants:\n" + string.Join("\n", violations));
        }

        [Fact]
        public void TheScanFindsABypassWhenThereIsOne()
        {
            Assert.Matches(s_literalFirstArgument, "_gpio.OpenOutput(32, false);");
            Assert.Matches(s_literalFirstArgument, "Configuration.SetPinFunction(22, DeviceFunction.COM2_TX);");
            Assert.Matches(s_literalFirstArgument, "AdcChannel c = _controller.OpenChannel(6);");
            Assert.Matches(s_literalFirstArgument, "_pins[i] = _gpioController.OpenPin(0x15, PinMode.Output);");
            Assert.Matches(s_literalPinAccess, "_gpio.Write(21, true);");
            Assert.Matches(s_literalMuxChannel, "int sum = _mux.ReadSum(Bmu16.AdcMuxAux, 10);");
            Assert.DoesNotMatch(s_literalFirstArgument, "_gpio.OpenOutput(Bmu16.PinChargeFet, false);");
            Assert.DoesNotMatch(s_literalPinAccess, "_serial.Write(buffer, 0, count);");
            Assert.DoesNotMatch(s_literalMuxChannel, "_mux.ReadSum(Bmu16.AdcMuxAux, Bmu16.AuxRefHigh);");
        }

        [Fact]
        public void WhatTheFirmwareOpensAtRunTimeIsInTheDefinitionAtItsSafeLevel()
        {
            var ports = new RecordingPorts();
            var core = new BmsCore(ports.Ports, new BmsConfig());
            core.Start();
            for (int i = 0; i < 50; i++)
            {
                ports.Advance(100);
                core.Tick();
                core.Communicate();
            }

            Assert.True(ports.Misuse.Count == 0, string.Join("\n", ports.Misuse));
            foreach ((int pin, bool initialHigh) in ports.OpenedOutputs)
            {
                int row = Bmu16Pins.IndexOf(pin);
                Assert.True(row >= 0, $"firmware drives GPIO{pin}, which the board definition does not have");
                Assert.Equal(Bmu16Pins.RoleOutput, Bmu16Pins.Role[row]);
                if (Bmu16Pins.SafeLevel[row] != Bmu16Pins.SafeAny)
                {
                    Assert.True(initialHigh == (Bmu16Pins.SafeLevel[row] == Bmu16Pins.SafeHigh), $"GPIO{pin} opened at its unsafe level");
                }
            }

            foreach (int pin in ports.OpenedInputs)
            {
                int row = Bmu16Pins.IndexOf(pin);
                Assert.True(row >= 0, $"firmware reads GPIO{pin}, which the board definition does not have");
                Assert.Equal(Bmu16Pins.RoleInput, Bmu16Pins.Role[row]);
            }

            foreach (int channel in ports.OpenedChannels)
            {
                Assert.True(Array.IndexOf(Bmu16Pins.AdcChannel, channel) >= 0, $"firmware opens ADC channel {channel}, which the board definition does not have");
            }

            // the safety outputs are opened by the core itself, whatever else runs
            Assert.False(ports.OpenedOutputs[Bmu16.PinChargeFet]);
            Assert.False(ports.OpenedOutputs[Bmu16.PinDischargeFet]);
            Assert.True(ports.OpenedOutputs[Bmu16.PinBleedOutputEnable]);
        }

        [Fact]
        public void EveryPinAdcAndMuxChannelOfTheDefinitionIsUsedByTheFirmware()
        {
            var used = new HashSet<string>();
            foreach (string file in DeviceSources())
            {
                if (IsDefinition(file))
                {
                    continue;
                }

                foreach (string line in File.ReadAllLines(file))
                {
                    foreach (Match match in s_definitionUse.Matches(StripComment(line)))
                    {
                        used.Add(match.Groups[1].Value);
                    }
                }
            }

            // an analog pin is used when its ADC channel is, and the other way round
            for (int row = 0; row < Bmu16Pins.Gpio.Length; row++)
            {
                if (Bmu16Pins.AdcChannel[row] != Bmu16Pins.NoAdcChannel)
                {
                    string pinName = ConstantName("Pin", Bmu16Pins.Gpio[row]);
                    string adcName = ConstantName("Adc", Bmu16Pins.AdcChannel[row]);
                    if (used.Contains(pinName) || used.Contains(adcName))
                    {
                        used.Add(pinName);
                        used.Add(adcName);
                    }
                }
            }

            var missing = new List<string>();
            foreach (FieldInfo field in typeof(Bmu16).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                string name = field.Name;
                bool isEntry = name.StartsWith("Pin", StringComparison.Ordinal) || name.StartsWith("Adc", StringComparison.Ordinal) || name.StartsWith("Aux", StringComparison.Ordinal);
                if (!isEntry)
                {
                    continue;
                }

                if (used.Contains(name))
                {
                    if (s_pending.ContainsKey(name))
                    {
                        _output.WriteLine($"{name} is now used by the firmware: remove it from the pending list");
                    }
                }
                else if (s_pending.TryGetValue(name, out string? why))
                {
                    _output.WriteLine($"{name} not used yet: {why}");
                }
                else
                {
                    missing.Add(name);
                }
            }

            Assert.True(missing.Count == 0, "defined but used by no device code: " + string.Join(", ", missing));
        }

        private static string ConstantName(string prefix, int value)
        {
            foreach (FieldInfo field in typeof(Bmu16).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.Name.StartsWith(prefix, StringComparison.Ordinal) && (int)field.GetValue(null)! == value)
                {
                    return field.Name;
                }
            }

            return prefix + value;
        }

        private static IEnumerable<string> DeviceSources()
        {
            foreach (string root in WiringPaths.DeviceSourceRoots)
            {
                if (!Directory.Exists(root))
                {
                    continue;
                }

                foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
                {
                    string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                    if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                        || relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    yield return file;
                }
            }
        }

        private static bool IsDefinition(string file)
        {
            string name = Path.GetFileName(file);
            return name == "Bmu16.cs" || name == "Bmu16Pins.cs";
        }

        private static string StripComment(string line)
        {
            int comment = line.IndexOf("//", StringComparison.Ordinal);
            return comment < 0 ? line : line[..comment];
        }
    }
}
