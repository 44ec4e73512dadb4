// EMULATION of nanoFramework.System.IO.Ports 1.1.139 (System.IO.Ports/Parity.cs): the package's values.
namespace System.IO.Ports
{
    /// <summary>Parity.</summary>
    public enum Parity
    {
        /// <summary>None.</summary>
        None = 0,

        /// <summary>Odd.</summary>
        Odd = 1,

        /// <summary>Even.</summary>
        Even = 2,
    }
}
