using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// What happened to the commands on the MQTT command topic, per incarnation of the firmware (a reset starts a new
    /// one): the messages that arrived in the module's receive ring (dropped ones included), the ones the module took
    /// (in order: the n-th taken is the reply's "cmd" n), and the replies the subscriber received, parsed.
    /// </summary>
    internal sealed class CommandLedger
    {
        private readonly List<Incarnation> _incarnations = new List<Incarnation> { new Incarnation() };

        /// <summary>Commands the adversary published.</summary>
        internal int Sent { get; set; }

        /// <summary>Replies received, all incarnations.</summary>
        internal int Replies { get; private set; }

        /// <summary>The incarnations, oldest first.</summary>
        internal IReadOnlyList<Incarnation> Incarnations => _incarnations;

        /// <summary>The incarnation publishing now.</summary>
        internal Incarnation Current => _incarnations[^1];

        /// <summary>The board reset.</summary>
        internal void NewIncarnation()
        {
            _incarnations.Add(new Incarnation());
        }

        /// <summary>A message entered the module's receive ring (or was dropped at its door).</summary>
        internal void Arrived(bool dropped)
        {
            Current.Arrived++;
            if (dropped)
            {
                Current.Dropped++;
            }
        }

        /// <summary>The module took a message.</summary>
        internal void Taken(byte[] payload, bool retained)
        {
            Current.Taken.Add(new TakenCommand(Encoding.ASCII.GetString(payload), retained));
        }

        /// <summary>The module published a reply.</summary>
        internal void Replied(byte[] payload, int length)
        {
            Replies++;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(payload.AsMemory(0, length));
                JsonElement root = doc.RootElement;
                var reply = new CommandReply(root.GetProperty("cmd").GetInt64(), root.GetProperty("id").GetString() ?? string.Empty, root.GetProperty("code").GetInt32(), root.GetProperty("reply").GetString() ?? string.Empty);
                if (!Current.Replies.TryAdd(reply.Cmd, reply))
                {
                    Current.Stray.Add("second reply to cmd " + reply.Cmd);
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                Current.Stray.Add("unreadable reply: " + Encoding.ASCII.GetString(payload, 0, length));
            }
        }

        /// <summary>One firmware incarnation's commands.</summary>
        internal sealed class Incarnation
        {
            /// <summary>Messages that reached the module's receive ring, dropped ones included.</summary>
            internal int Arrived { get; set; }

            /// <summary>Messages dropped because the ring was full.</summary>
            internal int Dropped { get; set; }

            /// <summary>Messages taken, in order.</summary>
            internal List<TakenCommand> Taken { get; } = new List<TakenCommand>();

            /// <summary>Replies by their "cmd" number.</summary>
            internal Dictionary<long, CommandReply> Replies { get; } = new Dictionary<long, CommandReply>();

            /// <summary>Replies that answer nothing.</summary>
            internal List<string> Stray { get; } = new List<string>();
        }
    }

    /// <summary>A message the module took from its ring.</summary>
    /// <param name="Text">Its payload.</param>
    /// <param name="Retained">Delivered flagged as retained.</param>
    internal readonly record struct TakenCommand(string Text, bool Retained);

    /// <summary>A reply as the subscriber read it.</summary>
    /// <param name="Cmd">The command number.</param>
    /// <param name="Id">The command id echoed.</param>
    /// <param name="Code">The result code.</param>
    /// <param name="Text">The reply text.</param>
    internal sealed record CommandReply(long Cmd, string Id, int Code, string Text);
}
