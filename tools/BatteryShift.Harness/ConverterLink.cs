using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness
{
    /// <summary>
    /// Carries the module's limits message to a <see cref="LimitFollowingConverter"/> on the virtual module: after
    /// every control tick it writes the limits message of the running core with the firmware's own encoder, when the
    /// module would send one (every mqtt.limits.period, at once on a change, and from a core rebuilt after a reset),
    /// and the converter takes those bytes with their simulated arrival time. Nothing arrives while the simulated
    /// network is down (the network-loss fault), so the converter sees the limits age as it would over a lost link.
    /// It does not need a broker: the MQTT link of the module is free to be on or off.
    /// </summary>
    public sealed class ConverterLink
    {
        private readonly JsonWriter _writer = new JsonWriter(LimitsEncoder.MaxBytes);
        private BmsCore? _core;
        private long _changesSent = -1;
        private long _nextMs;
        private long _sequence;

        private ConverterLink(VirtualModuleRunner runner, LimitFollowingConverter converter)
        {
            Converter = converter;
            runner.AfterTick.Add(Deliver);
        }

        /// <summary>The converter fed.</summary>
        public LimitFollowingConverter Converter { get; }

        /// <summary>Messages delivered.</summary>
        public long Delivered { get; private set; }

        /// <summary>False holds every message back (a link cut by the test or tool), as the network-loss fault does.</summary>
        public bool Connected { get; set; } = true;

        /// <summary>
        /// Puts a converter that follows the limits between the module and its present load profile (the duty), and
        /// feeds it the module's limits messages.
        /// </summary>
        /// <param name="runner">The running module.</param>
        /// <returns>The link (its converter in <see cref="Converter"/>).</returns>
        public static ConverterLink Follow(VirtualModuleRunner runner)
        {
            var converter = new LimitFollowingConverter(runner.Module.Load, new ConverterLimits());
            runner.Module.Load = converter;
            return new ConverterLink(runner, converter);
        }

        /// <summary>
        /// Applies a converter mode to a runner: <see cref="ConverterMode.Follow"/> as <see cref="Follow"/>;
        /// <see cref="ConverterMode.Ignore"/> leaves the load profile alone (it obeys only the FETs).
        /// </summary>
        /// <param name="runner">The running module.</param>
        /// <param name="mode">Mode.</param>
        /// <returns>The link, or null when the converter ignores the limits.</returns>
        public static ConverterLink? Apply(VirtualModuleRunner runner, ConverterMode mode)
        {
            return mode == ConverterMode.Follow ? Follow(runner) : null;
        }

        /// <summary>
        /// Reads a converter mode from text (the simulator's --converter).
        /// </summary>
        /// <param name="text">follow or ignore.</param>
        /// <returns>The mode.</returns>
        /// <exception cref="FormatException">Naming the option when the text is neither.</exception>
        public static ConverterMode ParseMode(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "follow":
                    return ConverterMode.Follow;
                case "ignore":
                    return ConverterMode.Ignore;
                default:
                    throw new FormatException($"--converter {text}: expected follow (the converter follows the module's limits) or ignore (it charges and discharges by its duty alone)");
            }
        }

        private void Deliver(VirtualModuleRunner runner)
        {
            BmsCore core = runner.Core;
            if (!ReferenceEquals(core, _core))
            {
                // a core rebuilt after a reset sends its first limits at once
                _core = core;
                _changesSent = -1;
            }

            long now = core.Status.TimeMs;
            var limits = core.Limits;
            if (limits.Changes == _changesSent && now < _nextMs)
            {
                return;
            }

            if (!Connected || !runner.Module.NetworkAvailable)
            {
                return;
            }

            LimitsEncoder.Write(_writer, limits, _sequence++, now);
            Converter.Limits.Take(_writer.Buffer.AsSpan(0, _writer.Length), runner.Module.TimeSeconds);
            _changesSent = limits.Changes;
            _nextMs = now + core.Config.Get(CommsKeys.MqttLimitsPeriodMs);
            Delivered++;
        }
    }
}
