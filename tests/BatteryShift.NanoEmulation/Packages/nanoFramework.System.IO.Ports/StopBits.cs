// EMULATION of nanoFramework.System.IO.Ports 1.1.139 (System.IO.Ports/StopBits.cs): the package's values.
namespace System.IO.Ports
{
    /// <summary>Stop bits.</summary>
    public enum StopBits
    {
        /// <summary>One.</summary>
        One = 1,

        /// <summary>Two.</summary>
        Two = 2,

        /// <summary>One and a half.</summary>
        OnePointFive = 3,
    }
}
