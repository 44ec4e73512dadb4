using BatteryShift.Harness.Interpreter;
using Xunit;

namespace BatteryShift.Tests.Interpreter
{
    /// <summary>
    /// A fact that needs nanoFramework's interpreter (tools/nanoclr/build.sh, BATTERYSHIFT_NANOCLR): skipped with the
    /// reason where it is not built, as on CI.
    /// </summary>
    public sealed class InterpreterFactAttribute : FactAttribute
    {
        public InterpreterFactAttribute()
        {
            if (NanoClrToolchain.Find(out string reason) == null)
            {
                Skip = reason + "; skipped";
            }
        }
    }
}
