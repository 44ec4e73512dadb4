using System;
using BatteryShift.Harness.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// A fact that needs Debian's mosquitto: skipped with a visible reason where the binary is absent,
    /// except in CI (CI=true), where the test must run and fails without it.
    /// </summary>
    public sealed class MosquittoFactAttribute : FactAttribute
    {
        public MosquittoFactAttribute()
        {
            if (MosquittoBroker.FindBinary() == null && Environment.GetEnvironmentVariable("CI") != "true")
            {
                Skip = "mosquitto is not installed (apt-get install mosquitto); in CI this test runs";
            }
        }
    }
}
