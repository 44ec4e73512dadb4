using System.Reflection;

[assembly: AssemblyTitle("BatteryShift.Hal.Esp32")]
[assembly: AssemblyDescription("The BatteryShift hardware-abstraction contracts on ESP32 peripherals under nanoFramework")]
[assembly: AssemblyProduct("BatteryShift")]
[assembly: AssemblyVersion("0.1.0.0")]
