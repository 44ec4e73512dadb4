// Surface of nanoFramework.System.IO.Ports 1.1.139: the value used, with the package's value.
namespace System.IO.Ports
{
    public enum Parity
    {
        None = 0,
    }
}
