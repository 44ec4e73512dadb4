using System.Reflection;

[assembly: AssemblyTitle("BatteryShift.Firmware")]
[assembly: AssemblyDescription("BatteryShift module BMS firmware for the BMU-16 board (ESP32, nanoFramework)")]
[assembly: AssemblyProduct("BatteryShift")]
[assembly: AssemblyVersion("0.1.0.0")]
