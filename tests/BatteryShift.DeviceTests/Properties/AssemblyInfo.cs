using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("On-target tests of the BatteryShift firmware on the BMU-16 board")]
[assembly: AssemblyProduct("BatteryShift")]
[assembly: AssemblyVersion("0.1.0.0")]
