// EMULATION, NOT nanoFramework: the emulation's own marker, not part of any package.
namespace BatteryShift.NanoEmulation
{
    /// <summary>
    /// Marks emulation code that stands for native code of the real package (an InternalCall method, nf-interpreter,
    /// ESP-IDF): on the device it is C, not interpreted IL, so the tick cost model does not count its IL (the native
    /// call itself is counted by EmulatedEsp32.EnterNative).
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Method | System.AttributeTargets.Property)]
    internal sealed class EmulatesNativeAttribute : System.Attribute
    {
    }
}
