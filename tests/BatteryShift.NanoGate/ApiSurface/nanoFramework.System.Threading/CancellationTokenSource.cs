// Surface of nanoFramework.System.Threading 1.1.52 (assembly System.Threading).
namespace System.Threading
{
    public class CancellationTokenSource
    {
        public CancellationTokenSource(int millisecondsDelay)
        {
            throw new NotImplementedException();
        }

        public CancellationToken Token
        {
            get { throw new NotImplementedException(); }
        }
    }
}
