// EMULATION of nanoFramework.TestFramework 3.0.80 (source/TestFramework/Assert.cs, Assert.AreEqual.cs): a failed check
// throws AssertFailedException with the assertion's name and message; SkipTest throws SkipTestException. In the package
// the message parameters carry [CallerArgumentExpression].
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>Test assertions.</summary>
    public sealed class Assert
    {
        private Assert()
        {
        }

        /// <summary>Fails unless the values are equal.</summary>
        /// <param name="expected">Expected.</param>
        /// <param name="actual">Actual.</param>
        /// <param name="message">Message.</param>
        public static void AreEqual(int expected, int actual, string message = "")
        {
            if (expected != actual)
            {
                throw new AssertFailedException("Assert.AreEqual failed. Expected:<" + expected + ">. Actual:<" + actual + ">. " + message);
            }
        }

        /// <summary>Fails unless the condition holds.</summary>
        /// <param name="condition">Condition.</param>
        /// <param name="message">Message.</param>
        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition)
            {
                throw new AssertFailedException("Assert.IsTrue failed. " + message);
            }
        }

        /// <summary>Skips the test.</summary>
        /// <param name="message">Why.</param>
        public static void SkipTest(string message = null)
        {
            throw new SkipTestException(message);
        }
    }
}
