// EMULATION of nanoFramework.TestFramework 3.0.80 (source/TestFrameworkShared/SkipTestException.cs): thrown by
// Assert.SkipTest; the launcher reports the test as skipped.
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>A test that skips itself.</summary>
    public class SkipTestException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">Why.</param>
        /// <param name="innerException">Cause.</param>
        public SkipTestException(string message = null, Exception innerException = null)
            : base(message, innerException)
        {
        }
    }
}
