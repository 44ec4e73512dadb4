namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The Wi-Fi MAC address of a simulated chip. A real ESP32 carries a unique address from Espressif's range in its
    /// eFuses; a simulated one gets a locally administered unicast address (first byte 0x02, IEEE 802 section 8.4) made
    /// from the module's seed (40 bits of its hash, so modules of different seeds practically never share a client id), and the same seed always
    /// gives the same address (the same module after a restart).
    /// </summary>
    public static class SimulatedMacAddress
    {
        /// <summary>
        /// The address of the module of a seed: 02, then five bytes of a 64-bit mix (SplitMix64's finaliser) of the seed.
        /// </summary>
        /// <param name="seed">The module's seed.</param>
        /// <returns>Six bytes.</returns>
        public static byte[] FromSeed(ulong seed)
        {
            ulong z = seed + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            var mac = new byte[6];
            mac[0] = 0x02;
            for (int i = 1; i < 6; i++)
            {
                mac[i] = (byte)(z >> (8 * (i - 1)));
            }

            return mac;
        }
    }
}
