using BatteryShift.Bms.Board;

namespace BatteryShift.Wiring.Board
{
    /// <summary>What each ESP32 pin of the board connects to, for people. Keyed by the <see cref="Bmu16"/>
    /// constants: a switch over constants does not compile if two of them share a number.</summary>
    public static class Nets
    {
        /// <summary>Short signal name and where the wire goes.</summary>
        /// <param name="gpio">GPIO number.</param>
        /// <returns>Signal and destination, or null for a pin the board leaves free.</returns>
        public static (string Signal, string Destination)? Describe(int gpio)
        {
            switch (gpio)
            {
                case Bmu16.PinMuxCellsAnalog:
                    return ("MUXA_ADC", "mux A buffer out (cells), 220R + 10nF");
                case Bmu16.PinMuxAuxAnalog:
                    return ("MUXB_ADC", "mux B buffer out (NTCs, refs), 220R + 10nF");
                case Bmu16.PinCurrentAnalog:
                    return ("I_SENSE", "INA240A1 OUT, 220R + 10nF");
                case Bmu16.PinCurrentReferenceAnalog:
                    return ("I_REF", "REF_MID 1.25 V, 220R + 10nF");
                case Bmu16.PinMuxS0:
                    return ("MUX_S0", "S0 of both CD74HC4067");
                case Bmu16.PinMuxS1:
                    return ("MUX_S1", "S1 of both CD74HC4067");
                case Bmu16.PinMuxS2:
                    return ("MUX_S2", "S2 of both CD74HC4067");
                case Bmu16.PinMuxS3:
                    return ("MUX_S3", "S3 of both CD74HC4067");
                case Bmu16.PinBleedData:
                    return ("BLEED_DS", "74HC595 #1 DS (pin 14)");
                case Bmu16.PinBleedClock:
                    return ("BLEED_SHCP", "both 74HC595 SHCP (pin 11)");
                case Bmu16.PinBleedLatch:
                    return ("BLEED_STCP", "both 74HC595 STCP (pin 12)");
                case Bmu16.PinBleedOutputEnable:
                    return ("BLEED_OE", "both 74HC595 /OE (pin 13), 10k to 3V3");
                case Bmu16.PinChargeFet:
                    return ("CHG_EN", "charge driver (2N7002 + FOD3180), 100k to GND");
                case Bmu16.PinDischargeFet:
                    return ("DSG_EN", "UCC27517 IN+, 100k to GND");
                case Bmu16.PinExternalStop:
                    return ("STOP_N", "external stop contact to GND, 10k to 3V3");
                case Bmu16.PinSerialTx:
                    return ("COM2_TX", "USB-serial adapter RXD");
                case Bmu16.PinSerialRx:
                    return ("COM2_RX", "USB-serial adapter TXD, 10k to 3V3");
                case Bmu16.PinStatusLed:
                    return ("LED", "status LED + 1k to GND");
                case Bmu16.PinWatchdogKick:
                    return ("WDI", "TPS3431 WDI and both 74LVC74 CLK, 100k to GND");
                case Bmu16.PinWatchdogFlag:
                    return ("WD_FLAG", "74LVC74 flag flip-flop Q (set by WDO, cleared by WDI)");
                default:
                    return null;
            }
        }
    }
}
