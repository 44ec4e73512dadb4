extern alias devicetests;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// The on-target tests (tests/BatteryShift.DeviceTests, unmodified) run on the emulated ESP32 soldered to the virtual
    /// module: what the board answers there (references through mux B, the select lines, the flash store's power-cut
    /// states on I:) passes; what needs a jumper the virtual board does not have (TX to RX, QH' to GPIO13) skips itself.
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public sealed class OnTargetTestsOnEmulationTests
    {
        [Fact]
        public void TheOnTargetTestsPassOrSkipOnTheEmulatedBoard()
        {
            using var rig = new DeviceRig();
            rig.Device.AttachWithoutFirmware();
            devicetests::BatteryShift.NanoEmulation.EmulatedPackages.ResetStatics();
            Assembly tests = typeof(devicetests::BatteryShift.DeviceTests.FlashStoreTests).Assembly;

            var outcomes = new Dictionary<string, string>();
            foreach (Type type in tests.GetTypes().Where(t => t.GetCustomAttributes().Any(a => a.GetType().Name == "TestClassAttribute")).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                object instance = Activator.CreateInstance(type)!;
                foreach (MethodInfo method in type.GetMethods().Where(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "TestMethodAttribute")))
                {
                    string name = type.Name + "." + method.Name;
                    try
                    {
                        method.Invoke(instance, null);
                        outcomes[name] = "passed";
                    }
                    catch (TargetInvocationException ex) when (ex.InnerException is devicetests::nanoFramework.TestFramework.SkipTestException)
                    {
                        outcomes[name] = "skipped: " + ex.InnerException.Message;
                    }
                    catch (TargetInvocationException ex)
                    {
                        outcomes[name] = "failed: " + ex.InnerException;
                    }
                }
            }

            string all = string.Join("\n", outcomes.Select(o => o.Key + " " + o.Value));
            Assert.True(outcomes.Count >= 9, all);
            Assert.True(outcomes["AdcReferenceTests.ReferenceSpanRatioIsWithinTolerance"] == "passed", all);
            Assert.True(outcomes["AdcReferenceTests.ReferenceSpanAndGroundAreWithinTolerance"] == "passed", all);
            Assert.True(outcomes["MuxWalkTests.EachSelectLineSwitchesTheMux"] == "passed", all);
            Assert.True(outcomes.Where(o => o.Key.StartsWith("FlashStoreTests.", StringComparison.Ordinal)).All(o => o.Value == "passed"), all);
            Assert.StartsWith("skipped: no TX-RX jumper", outcomes["SerialEchoTests.BytesWrittenComeBack"], StringComparison.Ordinal);
            Assert.StartsWith("skipped: no loop-back jumper", outcomes["ShiftRegisterLoopbackTests.ShiftedMaskComesBackInCellOrder"], StringComparison.Ordinal);
        }
    }
}
