using BatteryShift.Hal.Simulation;
using BatteryShift.Bms.Board;

namespace BatteryShift.Tests.Simulation
{
    /// <summary>Helpers shared by the simulation tests: pin-level actions a firmware would take.</summary>
    internal static class SimTestKit
    {
        /// <summary>Options whose cell physics is easy to check by hand: no spread, no self-discharge, no board
        /// supply, frozen temperature (huge heat capacity), no Arrhenius.</summary>
        public static SimulationOptions CleanCells(double socPct = 50)
        {
            var o = SimulationOptions.IdealFrontEnd();
            o.InitialSocPct = socPct;
            o.InitialSocSpreadPct = 0;
            o.Cell.CapacitySpreadPct = 0;
            o.Cell.ResistanceSpreadPct = 0;
            o.Cell.SelfDischargePctPerMonth = 0;
            o.Cell.HeatCapacityJPerK = 1e15;
            o.Cell.ActivationEnergyJPerMol = 0;
            o.Board.BoardSupplyCurrentA = 0;
            return o;
        }

        /// <summary>Drives the FET enables directly, on a board without the supervisor and protector (no watchdog
        /// to service here: the physics under test is the FETs', not the gate logic's).</summary>
        public static void CloseFets(VirtualModule m, bool charge = true, bool discharge = true)
        {
            m.HardwareProtectionFitted = false;
            m.Gpio.OpenOutput(Bmu16.PinChargeFet, charge);
            m.Gpio.OpenOutput(Bmu16.PinDischargeFet, discharge);
        }

        public static void OpenBleedPins(VirtualModule m)
        {
            m.Gpio.OpenOutput(Bmu16.PinBleedOutputEnable, true);
            m.Gpio.OpenOutput(Bmu16.PinBleedData, false);
            m.Gpio.OpenOutput(Bmu16.PinBleedClock, false);
            m.Gpio.OpenOutput(Bmu16.PinBleedLatch, false);
        }

        /// <summary>Shifts a mask out cell 16 first, latches it and enables the outputs.</summary>
        public static void Bleed(VirtualModule m, int mask)
        {
            OpenBleedPins(m);
            for (int bit = 15; bit >= 0; bit--)
            {
                m.Gpio.Write(Bmu16.PinBleedData, ((mask >> bit) & 1) != 0);
                m.Gpio.Write(Bmu16.PinBleedClock, true);
                m.Gpio.Write(Bmu16.PinBleedClock, false);
            }

            m.Gpio.Write(Bmu16.PinBleedLatch, true);
            m.Gpio.Write(Bmu16.PinBleedLatch, false);
            m.Gpio.Write(Bmu16.PinBleedOutputEnable, false);
        }

        public static void OpenMux(VirtualModule m)
        {
            m.Gpio.OpenOutput(Bmu16.PinMuxS0, false);
            m.Gpio.OpenOutput(Bmu16.PinMuxS1, false);
            m.Gpio.OpenOutput(Bmu16.PinMuxS2, false);
            m.Gpio.OpenOutput(Bmu16.PinMuxS3, false);
            m.Adc.OpenChannel(Bmu16.AdcMuxCells);
            m.Adc.OpenChannel(Bmu16.AdcMuxAux);
            m.Adc.OpenChannel(Bmu16.AdcCurrent);
            m.Adc.OpenChannel(Bmu16.AdcCurrentReference);
        }

        public static void Select(VirtualModule m, int channel)
        {
            m.Gpio.Write(Bmu16.PinMuxS0, (channel & 1) != 0);
            m.Gpio.Write(Bmu16.PinMuxS1, (channel & 2) != 0);
            m.Gpio.Write(Bmu16.PinMuxS2, (channel & 4) != 0);
            m.Gpio.Write(Bmu16.PinMuxS3, (channel & 8) != 0);
        }

        /// <summary>Selects, waits 50 us and returns the mean of n conversions.</summary>
        public static double ReadMean(VirtualModule m, int adcChannel, int muxChannel, int n)
        {
            Select(m, muxChannel);
            m.Clock.DelayMicroseconds(50);
            long sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += m.Adc.Read(adcChannel);
            }

            return (double)sum / n;
        }
    }
}
