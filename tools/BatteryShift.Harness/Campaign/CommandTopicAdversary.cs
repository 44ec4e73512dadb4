using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// Another client on the module's command topic: remote control switched on at the local console, then a retained
    /// command (variant 0: a reboot; 1: a configuration set; 2: one that is then deleted with an empty retained message;
    /// 3: none), then three bursts 10 s apart (the first all at once, the others two a tick) of mixed commands: reads, replays of the last 8 ids, calibration, remote on,
    /// clear, config save and malformed lines (no id, not printable, too long).
    /// </summary>
    internal sealed class CommandTopicAdversary
    {
        private const int Bursts = 3;
        private const long BurstGapMs = 10000;
        private const int PacedPerTick = 2;

        private readonly FirmwareFaultPlan _plan;
        private readonly CampaignBrokerSession _broker;
        private readonly SimRandom _random;
        private readonly List<string> _sentIds = new List<string>();
        private long _startMs = -1;
        private int _burstsDone;
        private bool _retainedDeleted;
        private int _nextId;
        private int _sentInBurst;

        internal CommandTopicAdversary(FirmwareFaultPlan plan, CampaignBrokerSession broker)
        {
            _plan = plan;
            _broker = broker;
            _random = new SimRandom(plan.Seed);
        }

        /// <summary>True once every burst went out.</summary>
        internal bool Done => _burstsDone >= Bursts;

        /// <summary>Called after every tick from the start time on.</summary>
        internal void Step(VirtualModuleRunner runner, long now, ScenarioResult result)
        {
            if (_startMs < 0)
            {
                _startMs = now;
                // remote control left on across restarts (saved), so a retained command would find it on after a reboot
                int code = LocalConsole.Run(runner.Core, "remote on", out string reply);
                result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"remote on at the console: code {code} ({reply.Trim()})"));
                code = LocalConsole.Run(runner.Core, "config save", out reply);
                result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"config save at the console: code {code} ({reply.Trim()})"));
                switch (_plan.Variant)
                {
                    case 0:
                        Send("@r0 reboot", true);
                        break;
                    case 1:
                    case 2:
                        Send("@r1 config set soc.save 600", true);
                        break;
                }

                return;
            }

            if (_plan.Variant == 2 && !_retainedDeleted && now >= _startMs + 5000)
            {
                _retainedDeleted = true;
                Send(string.Empty, true);
            }

            long due = _startMs + 1000 + (_burstsDone * BurstGapMs);
            if (Done || now < due)
            {
                return;
            }

            // the first burst floods the module (all at once: its receive ring drops what does not fit); the others
            // come at two a tick, which it can take
            int count = (_plan.Extra / Bursts) + (_burstsDone < _plan.Extra % Bursts ? 1 : 0);
            int batch = _burstsDone == 0 ? count - _sentInBurst : Math.Min(PacedPerTick, count - _sentInBurst);
            for (int i = 0; i < batch; i++)
            {
                Send(NextCommand(), false);
            }

            _sentInBurst += batch;
            if (_sentInBurst >= count)
            {
                _burstsDone++;
                _sentInBurst = 0;
            }
        }

        private string NextCommand()
        {
            double pick = _random.NextDouble();
            if (pick < 0.15 && _sentIds.Count > 0)
            {
                // a replay of one of the last 8 ids (the same line again)
                int back = Math.Min(8, _sentIds.Count);
                return _sentIds[_sentIds.Count - 1 - (int)(_random.NextDouble() * back)];
            }

            if (pick < 0.3)
            {
                return Malformed();
            }

            string[] commands = { "status", "cells", "faults", "config get soc.save", "cal 1 3300", "remote on", "clear", "config save", "service on", "service off" };
            string line = "@c" + (_nextId++).ToString(CultureInfo.InvariantCulture) + " " + commands[(int)(_random.NextDouble() * commands.Length)];
            _sentIds.Add(line);
            return line;
        }

        private string Malformed()
        {
            switch ((int)(_random.NextDouble() * 4))
            {
                case 0:
                    return "status";
                case 1:
                    return "@bad\u0001id status";
                case 2:
                    return "@" + new string('x', 20) + " status";
                default:
                    return "@c" + (_nextId++).ToString(CultureInfo.InvariantCulture) + " " + new string('s', 160);
            }
        }

        private void Send(string line, bool retain)
        {
            _broker.SendCommand(Encoding.ASCII.GetBytes(line), retain);
        }
    }
}
