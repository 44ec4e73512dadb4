// Surface of nanoFramework.TestFramework 3.0.80 (assembly nanoFramework.TestFramework). In the
// package the message parameters carry [CallerArgumentExpression]; the device tests always pass one.
namespace nanoFramework.TestFramework
{
    public sealed class Assert
    {
        private Assert()
        {
        }

        public static void AreEqual(int expected, int actual, string message = "")
        {
            throw new System.NotImplementedException();
        }

        public static void IsTrue(bool condition, string message = "")
        {
            throw new System.NotImplementedException();
        }

        public static void SkipTest(string message = null)
        {
            throw new System.NotImplementedException();
        }
    }
}
