// EMULATION of nanoFramework.TestFramework 3.0.80 (source/TestFrameworkShared/AssertFailedException.cs): what a failed
// assertion throws (Assert.HandleFail).
using System;

namespace TestFrameworkShared
{
    /// <summary>A failed assertion.</summary>
    public class AssertFailedException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="msg">What failed.</param>
        public AssertFailedException(string msg)
            : base(msg)
        {
        }
    }
}
