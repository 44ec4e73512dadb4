// EMULATION of nanoFramework.TestFramework 3.0.80 (source/TestFramework/OutputHelper.cs): a line for the test output.
namespace nanoFramework.TestFramework
{
    /// <summary>Test output.</summary>
    public static class OutputHelper
    {
        /// <summary>Writes a line to the test output.</summary>
        /// <param name="message">Line.</param>
        public static void WriteLine(string message)
        {
            System.Diagnostics.Debug.WriteLine(message);
        }
    }
}
