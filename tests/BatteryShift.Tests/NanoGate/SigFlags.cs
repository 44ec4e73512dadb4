using System;

namespace BatteryShift.Tests.NanoGate
{
    [Flags]
    public enum SigFlags
    {
        None = 0,
        GenericInstance = 1,
        Double = 2,
        MultiDimArray = 4,
    }
}
