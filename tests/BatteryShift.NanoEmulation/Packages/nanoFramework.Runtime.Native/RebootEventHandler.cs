// EMULATION of nanoFramework.Runtime.Native 1.7.11 (nanoFramework.Runtime.Native/Power.cs).
namespace nanoFramework.Runtime.Native
{
    /// <summary>Called before the device reboots.</summary>
    public delegate void RebootEventHandler();
}
