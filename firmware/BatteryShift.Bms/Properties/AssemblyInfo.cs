using System.Reflection;

[assembly: AssemblyTitle("BatteryShift.Bms")]
[assembly: AssemblyDescription("Portable BMS core of BatteryShift")]
[assembly: AssemblyProduct("BatteryShift")]
[assembly: AssemblyVersion("0.1.0.0")]
