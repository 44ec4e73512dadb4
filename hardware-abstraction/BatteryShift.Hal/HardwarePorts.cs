namespace BatteryShift.Hal
{
    /// <summary>
    /// Everything the portable core may touch, handed to it once at start-up.
    /// </summary>
    public sealed class HardwarePorts
    {
        /// <summary>
        /// Collects the ports.
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        /// <param name="adc">ADC1.</param>
        /// <param name="clock">Millisecond clock.</param>
        /// <param name="serial">Serial monitor port (COM2).</param>
        /// <param name="store">Non-volatile store.</param>
        /// <param name="mqtt">MQTT session.</param>
        /// <param name="reset">Controller restart.</param>
        public HardwarePorts(IGpio gpio, IAdc adc, IClock clock, ISerialPort serial, IBlobStore store, IMqttSession mqtt, IResetControl reset)
            : this(gpio, adc, clock, serial, store, mqtt, reset, null)
        {
        }

        /// <summary>
        /// Collects the ports and the chip's network hardware address.
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        /// <param name="adc">ADC1.</param>
        /// <param name="clock">Millisecond clock.</param>
        /// <param name="serial">Serial monitor port (COM2).</param>
        /// <param name="store">Non-volatile store.</param>
        /// <param name="mqtt">MQTT session.</param>
        /// <param name="reset">Controller restart.</param>
        /// <param name="macAddress">The 6-byte MAC address of the chip's Wi-Fi station (unique per chip); null when unknown.</param>
        public HardwarePorts(IGpio gpio, IAdc adc, IClock clock, ISerialPort serial, IBlobStore store, IMqttSession mqtt, IResetControl reset, byte[] macAddress)
        {
            MacAddress = macAddress;
            Gpio = gpio;
            Adc = adc;
            Clock = clock;
            Serial = serial;
            Store = store;
            Mqtt = mqtt;
            Reset = reset;
        }

        /// <summary>Digital pins.</summary>
        public IGpio Gpio { get; }

        /// <summary>ADC1.</summary>
        public IAdc Adc { get; }

        /// <summary>Millisecond clock.</summary>
        public IClock Clock { get; }

        /// <summary>Serial monitor port (COM2).</summary>
        public ISerialPort Serial { get; }

        /// <summary>Non-volatile store.</summary>
        public IBlobStore Store { get; }

        /// <summary>MQTT session.</summary>
        public IMqttSession Mqtt { get; }

        /// <summary>Controller restart.</summary>
        public IResetControl Reset { get; }

        /// <summary>The 6-byte MAC address of the chip's Wi-Fi station (the default MQTT client id is made from it); null when unknown.</summary>
        public byte[] MacAddress { get; }
    }
}
