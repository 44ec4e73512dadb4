using System;
using System.Linq;
using System.Threading;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// Two modules on one broker. With the same client id (two modules left on the same mqtt.id before the MAC-based
    /// id, or a cloned chip) the broker closes the older session each time the other connects (MQTT 3.1.1 section
    /// 3.1.4): the modules must notice, hold off and report it instead of knocking each other off for ever. With their
    /// own MAC-based ids they share the broker in peace even on the same mqtt.id.
    /// </summary>
    public static class ClientIdScenarios
    {
        // two simulated minutes in 100 ms passes; a little real time between passes lets the broker act
        private const int Passes = 1200;

        public static void TwinsOnOneClientIdStopFighting(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var a = new ModuleRig(broker.Host, broker.Port, "twin");
            using var b = new ModuleRig(broker.Host, broker.Port, "twin");
            Assert.Equal(a.Telemetry.ClientId, b.Telemetry.ClientId);
            RunBoth(a, b);

            // before: every reconnect took the session back, about one connect a second each (21 in 20 s were seen)
            long connects = a.Telemetry.Counters.Connects + b.Telemetry.Counters.Connects;
            Assert.InRange(connects, 2, 16);
            long clashes = a.Telemetry.Counters.LinkClashes + b.Telemetry.Counters.LinkClashes;
            Assert.True(clashes >= 1, "no clash declared; connects " + connects);
            Assert.True(Clashes(a) + Clashes(b) == clashes, "every clash is an event");
        }

        public static void OwnClientIdsShareTheBroker(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var a = new ModuleRig(broker.Host, broker.Port, "twin", SimulatedMacAddress.FromSeed(1));
            using var b = new ModuleRig(broker.Host, broker.Port, "twin", SimulatedMacAddress.FromSeed(2));
            Assert.NotEqual(a.Telemetry.ClientId, b.Telemetry.ClientId);
            Assert.StartsWith("bs-02", a.Telemetry.ClientId, StringComparison.Ordinal);
            RunBoth(a, b);
            Assert.Equal(1, a.Telemetry.Counters.Connects);
            Assert.Equal(1, b.Telemetry.Counters.Connects);
            Assert.True(a.Telemetry.Online && b.Telemetry.Online);
            Assert.Equal(0, Clashes(a) + Clashes(b));
        }

        private static void RunBoth(ModuleRig a, ModuleRig b)
        {
            for (int i = 0; i < Passes; i++)
            {
                a.Run(1, 100);
                b.Run(1, 100);
                Thread.Sleep(2);
            }
        }

        private static int Clashes(ModuleRig rig)
        {
            int count = 0;
            for (long s = rig.Events.OldestSequence; s < rig.Events.NextSequence; s++)
            {
                if (rig.Events.Kind(s) == EventKind.LinkClash)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
