// Surface of nanoFramework.System.Threading 1.1.52 (assembly System.Threading).
namespace System.Threading
{
    public readonly struct CancellationToken
    {
    }
}
