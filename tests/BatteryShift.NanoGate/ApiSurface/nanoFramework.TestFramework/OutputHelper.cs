// Surface of nanoFramework.TestFramework 3.0.80.
namespace nanoFramework.TestFramework
{
    public static class OutputHelper
    {
        public static void WriteLine(string message)
        {
            throw new System.NotImplementedException();
        }
    }
}
