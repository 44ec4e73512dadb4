namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION, NOT nanoFramework. The silicon under the emulated packages: what the ESP-IDF drivers that
    /// nf-interpreter calls do to the chip's pads, converter and UART, and the board those pads are wired to.
    /// Implemented on the host by the virtual module's board (tests/BatteryShift.NanoEmulation/Board).
    /// </summary>
    public interface IEsp32Board
    {
        /// <summary>esp_read_mac(ESP_MAC_WIFI_STA): the Wi-Fi station's MAC address, from the chip's eFuses (unique per chip).</summary>
        /// <returns>Six bytes (a new array).</returns>
        byte[] ReadWifiStationMac();

        /// <summary>gpio_reset_pin (ESP-IDF driver/gpio.c): pad function GPIO, input and output off, internal pull-up on.</summary>
        /// <param name="gpio">GPIO number.</param>
        void ResetPad(int gpio);

        /// <summary>gpio_config with one of the <see cref="PadMode"/> values and the pulls that mode sets.</summary>
        /// <param name="gpio">GPIO number.</param>
        /// <param name="padMode">A <see cref="PadMode"/> constant.</param>
        void ConfigurePad(int gpio, int padMode);

        /// <summary>gpio_set_level: loads the pad's output register (drives the pad only while it is an output).</summary>
        /// <param name="gpio">GPIO number.</param>
        /// <param name="high">Level.</param>
        void SetPadLevel(int gpio, bool high);

        /// <summary>gpio_get_level: the level on the pad (driven, or what the pulls make of it).</summary>
        /// <param name="gpio">GPIO number.</param>
        /// <returns>True for high.</returns>
        bool GetPadLevel(int gpio);

        /// <summary>adc1_get_raw at 12 bit and 12 dB: one raw conversion of an ADC1 channel (0..7).</summary>
        /// <param name="channel">ADC1 channel.</param>
        /// <returns>Raw counts 0..4095.</returns>
        int ConvertAdc1(int channel);

        /// <summary>
        /// Bytes put on a UART's TX line routed to <paramref name="txGpio"/> (uart_tx_chars and the TX task). What the
        /// board does with them depends on what is wired to that pad.
        /// </summary>
        /// <param name="uart">UART number (COM2 = 1).</param>
        /// <param name="txGpio">Pad the TX signal is routed to, -1 for none.</param>
        /// <param name="data">Bytes.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Bytes to send.</param>
        void UartTransmit(int uart, int txGpio, byte[] data, int offset, int count);

        /// <summary>Bytes the board has put on the pad <paramref name="rxGpio"/> for a UART and the driver has not yet taken.</summary>
        /// <param name="uart">UART number.</param>
        /// <param name="rxGpio">Pad the RX signal is routed to, -1 for none.</param>
        /// <returns>Bytes waiting.</returns>
        int UartAvailable(int uart, int rxGpio);

        /// <summary>Takes received bytes into the driver's buffer.</summary>
        /// <param name="uart">UART number.</param>
        /// <param name="rxGpio">Pad the RX signal is routed to.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">First index.</param>
        /// <param name="count">Most bytes.</param>
        /// <returns>Bytes taken.</returns>
        int UartReceive(int uart, int rxGpio, byte[] buffer, int offset, int count);
    }
}
