// EMULATION of nanoFramework.Runtime.Native 1.7.11 (nanoFramework.Runtime.Native/RebootOption.cs): the package's values.
namespace nanoFramework.Runtime.Native
{
    /// <summary>How the device restarts.</summary>
    public enum RebootOption
    {
        /// <summary>A full restart of the chip.</summary>
        NormalReboot = 0,

        /// <summary>Into nanoBooter.</summary>
        EnterNanoBooter = 1,

        /// <summary>Restarts only the CLR; the chip's peripherals keep their state.</summary>
        ClrOnly = 2,

        /// <summary>Into the proprietary boot loader.</summary>
        EnterProprietaryBooter = 8,
    }
}
