using System.Reflection;

[assembly: AssemblyTitle("BatteryShift.Hal")]
[assembly: AssemblyDescription("Hardware-abstraction contracts of the BatteryShift module BMS")]
[assembly: AssemblyProduct("BatteryShift")]
[assembly: AssemblyVersion("0.1.0.0")]
