using System;
using System.Text.Json;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The battery limits as a power converter last received them (the module's limits message, docs/mqtt.md), with
    /// the simulated time they arrived: what <see cref="LimitFollowingConverter"/> obeys. Nothing received yet reads as
    /// stale.
    /// </summary>
    public sealed class ConverterLimits
    {
        /// <summary>True once a message arrived.</summary>
        public bool Received { get; private set; }

        /// <summary>Simulated time the last message arrived, s.</summary>
        public double ReceivedSeconds { get; private set; }

        /// <summary>Messages taken.</summary>
        public long Messages { get; private set; }

        /// <summary>"seq" of the last message.</summary>
        public long Sequence { get; private set; }

        /// <summary>"valid" of the last message.</summary>
        public bool Valid { get; private set; }

        /// <summary>Charge voltage limit, V.</summary>
        public double ChargeVoltageLimitV { get; private set; }

        /// <summary>Charge current limit, A.</summary>
        public double ChargeCurrentLimitA { get; private set; }

        /// <summary>Discharge current limit, A.</summary>
        public double DischargeCurrentLimitA { get; private set; }

        /// <summary>"charge_allowed" of the last message.</summary>
        public bool ChargeAllowed { get; private set; }

        /// <summary>"discharge_allowed" of the last message.</summary>
        public bool DischargeAllowed { get; private set; }

        /// <summary>"reason" of the last message.</summary>
        public string Reason { get; private set; } = "none";

        /// <summary>
        /// Age of the last message at a simulated time, s; infinite when none arrived.
        /// </summary>
        /// <param name="nowSeconds">Simulated time, s.</param>
        /// <returns>Seconds.</returns>
        public double AgeSeconds(double nowSeconds)
        {
            return Received ? nowSeconds - ReceivedSeconds : double.PositiveInfinity;
        }

        /// <summary>
        /// Takes one limits message as it arrived.
        /// </summary>
        /// <param name="payload">The message's JSON bytes.</param>
        /// <param name="receivedSeconds">Simulated time of arrival, s.</param>
        /// <exception cref="FormatException">When a member of the schema is missing or of the wrong type.</exception>
        public void Take(ReadOnlySpan<byte> payload, double receivedSeconds)
        {
            var reader = new Utf8JsonReader(payload);
            int seen = 0;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                string name = reader.GetString()!;
                reader.Read();
                seen++;
                switch (name)
                {
                    case "seq":
                        Sequence = reader.GetInt64();
                        break;
                    case "valid":
                        Valid = reader.GetBoolean();
                        break;
                    case "cvl_v":
                        ChargeVoltageLimitV = reader.GetDouble();
                        break;
                    case "ccl_a":
                        ChargeCurrentLimitA = reader.GetDouble();
                        break;
                    case "dcl_a":
                        DischargeCurrentLimitA = reader.GetDouble();
                        break;
                    case "charge_allowed":
                        ChargeAllowed = reader.GetBoolean();
                        break;
                    case "discharge_allowed":
                        DischargeAllowed = reader.GetBoolean();
                        break;
                    case "reason":
                        Reason = reader.GetString()!;
                        break;
                    default:
                        seen--;
                        break;
                }
            }

            if (seen != 8)
            {
                throw new FormatException("limits message without every member the converter reads: " + System.Text.Encoding.UTF8.GetString(payload));
            }

            Received = true;
            ReceivedSeconds = receivedSeconds;
            Messages++;
        }
    }
}
