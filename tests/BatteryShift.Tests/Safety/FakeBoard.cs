using System;
using System.Collections.Generic;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Measurement;
using BatteryShift.Hal;
using BatteryShift.Harness.Doubles;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// A small stand-in for the BMU-16 at the pin level, for unit tests of the safety core: mux select
    /// lines pick the channel, an ADC with settable gain, offset and bow converts the analog values, the
    /// FET pins and the bleed output enable are recorded, and a dictionary store keeps blobs.
    /// </summary>
    internal sealed class FakeBoard : PinBoard, IAdc, IClock, IBlobStore, ISerialPort, IMqttSession, IResetControl
    {
        public readonly Dictionary<string, byte[]> Blobs = new();

        public double[] CellMv = new double[Bmu16.MaxCells];
        public double[] TemperatureC = new double[Bmu16.TemperatureCount];
        public double[] NtcOhmOverride = new double[Bmu16.TemperatureCount];
        public double CurrentA;
        public double ModuleMvOverride = double.NaN;
        public double RefHighMv = Bmu16.RefHighMv;
        public double RefMidMv = Bmu16.RefMidMv;
        public double RefLowMv = Bmu16.RefLowMv;
        public double AmpOffsetMv;
        public double GroundMv;
        public double RailMv = 3300;
        public double AdcGain = 1.0;
        public double AdcOffsetMv;
        public double AdcBowLsb;
        public int? StuckCounts;

        /// <summary>Conversions of each mux B channel since the last clear (the scan's schedule, read by tests).</summary>
        public readonly int[] AuxConversions = new int[16];
        public double NoiseLsb;
        private readonly Random _noise = new Random(7);
        public long Now;

        public FakeBoard()
        {
            RecordCalls = false;
            for (int i = 0; i < CellMv.Length; i++)
            {
                CellMv[i] = 3300;
            }

            for (int i = 0; i < TemperatureC.Length; i++)
            {
                TemperatureC[i] = 25;
                NtcOhmOverride[i] = double.NaN;
            }
        }

        public HardwarePorts Ports => new HardwarePorts(this, this, this, this, this, this, this);

        public bool ChargeFet => Pin(Bmu16.PinChargeFet);

        public bool DischargeFet => Pin(Bmu16.PinDischargeFet);

        public bool BleedEnabled => !Pin(Bmu16.PinBleedOutputEnable);

        public int MaxCount => 4095;

        public long NowMs => Now;

        public void OpenChannel(int channel)
        {
        }

        private int Select => (Pin(Bmu16.PinMuxS0) ? 1 : 0) | (Pin(Bmu16.PinMuxS1) ? 2 : 0) | (Pin(Bmu16.PinMuxS2) ? 4 : 0) | (Pin(Bmu16.PinMuxS3) ? 8 : 0);

        public static double NtcOhm(double c)
        {
            // Steinhart-Hart through the published 3950 points of docs/references.md (same curve the table was made from)
            double lo = 10, hi = 2e6;
            for (int i = 0; i < 100; i++)
            {
                double m = Math.Sqrt(lo * hi);
                double l = Math.Log(m);
                double t = (1 / (0.0013219346342484364 + (0.0002009364219114134 * l) + (2.321580858181849e-07 * l * l * l))) - 273.15;
                if (t > c)
                {
                    lo = m;
                }
                else
                {
                    hi = m;
                }
            }

            return Math.Sqrt(lo * hi);
        }

        public double ModuleMv()
        {
            double sum = 0;
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                sum += CellMv[i];
            }

            return double.IsNaN(ModuleMvOverride) ? sum : ModuleMvOverride;
        }

        public double AnalogMv(int channel)
        {
            int sel = Select;
            switch (channel)
            {
                case Bmu16.AdcMuxCells:
                    return CellMv[sel] * Bmu16.CellAmpGainE4 / 10000.0;
                case Bmu16.AdcCurrent:
                    // the FETs stop the current in their direction, as on the board
                    double flowing = (CurrentA > 0 && ChargeFet) || (CurrentA < 0 && DischargeFet) ? CurrentA : 0;
                    return Bmu16.CurrentAmpReferenceMv + AmpOffsetMv + (flowing * 2.0);
                case Bmu16.AdcCurrentReference:
                    return Bmu16.CurrentAmpReferenceMv;
                case Bmu16.AdcMuxAux:
                    if (sel < Bmu16.TemperatureCount)
                    {
                        double r = double.IsNaN(NtcOhmOverride[sel]) ? NtcOhm(TemperatureC[sel]) : NtcOhmOverride[sel];
                        return RefHighMv * r / (r + Bmu16.NtcPullUpOhm);
                    }

                    return sel switch
                    {
                        Bmu16.AuxRefHigh => RefHighMv,
                        Bmu16.AuxRefMid => RefMidMv,
                        Bmu16.AuxRefLow => RefLowMv,
                        Bmu16.AuxGround => GroundMv,
                        Bmu16.AuxRailHalf => RailMv / Bmu16.RailDividerRatio,
                        Bmu16.AuxModuleDivider => ModuleMv() / 30.0,
                        _ => 1650,
                    };
                default:
                    return 0;
            }
        }

        int IAdc.Read(int channel)
        {
            if (channel == Bmu16.AdcMuxAux)
            {
                AuxConversions[Select]++;
            }

            if (StuckCounts.HasValue)
            {
                return StuckCounts.Value;
            }

            double mv = AnalogMv(channel);
            double lsb = 3100.0 / 4095.0 / AdcGain;
            double x = (mv - AdcOffsetMv) / lsb;
            double bow = AdcBowLsb * 4 * (x / 4095.0) * (1 - (x / 4095.0));
            if (NoiseLsb > 0)
            {
                bow += NoiseLsb * ((_noise.NextDouble() + _noise.NextDouble() + _noise.NextDouble()) - 1.5) * 2;
            }

            return (int)Math.Clamp(Math.Round(x + bow), 0, 4095);
        }

        public void DelayMicroseconds(int microseconds)
        {
        }

        public int Read(string key, byte[] buffer)
        {
            if (!Blobs.TryGetValue(key, out byte[]? data))
            {
                return -1;
            }

            if (data.Length > buffer.Length)
            {
                return -2;
            }

            data.CopyTo(buffer, 0);
            return data.Length;
        }

        public bool Replace(string key, byte[] data, int length)
        {
            Blobs[key] = data.AsSpan(0, length).ToArray();
            return true;
        }

        public bool Delete(string key) => Blobs.Remove(key);

        public int BytesToRead => 0;

        public int Read(byte[] buffer, int offset, int count) => 0;

        void ISerialPort.Write(byte[] buffer, int offset, int count)
        {
        }

        public bool IsConnected => false;

        public bool Connect(MqttEndpoint endpoint) => false;

        public void Disconnect()
        {
        }

        public bool Publish(string topic, byte[] payload, int length, bool retain) => false;

        public bool Subscribe(string topic) => false;

        public int ReadMessage(byte[] buffer) => -1;

        public bool LastMessageRetained => false;

        public int DroppedMessages => 0;

        public void Reboot()
        {
        }

        /// <summary>
        /// Ticks from power-up to standby with margin: one tick for the FETs-open settling, the scans the current offset
        /// is averaged over (the self-test waits for them), and the self-test's good scans overlap them.
        /// </summary>
        public const int BootTicks = CurrentChannel.ZeroSamplesBeforeUse + 6;

        /// <summary>Makes a started core on this board and runs it until the self-test has passed.</summary>
        public BmsCore StartCore(BmsConfig? config = null, int ticks = BootTicks)
        {
            var core = new BmsCore(Ports, config ?? new BmsConfig());
            core.Start();
            for (int i = 0; i < ticks; i++)
            {
                Step(core);
            }

            return core;
        }

        /// <summary>Advances the clock by one tick period and runs a tick.</summary>
        public void Step(BmsCore core, int periodMs = 200)
        {
            Now += periodMs;
            core.Tick();
        }
    }
}
