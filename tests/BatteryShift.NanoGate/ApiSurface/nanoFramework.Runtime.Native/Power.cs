// Surface of nanoFramework.Runtime.Native 1.7.11 (assembly nanoFramework.Runtime.Native).
namespace nanoFramework.Runtime.Native
{
    public class Power
    {
        public static void RebootDevice()
        {
            throw new System.NotImplementedException();
        }
    }
}
