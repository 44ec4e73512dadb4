// Surface of nanoFramework.TestFramework 3.0.80.
namespace nanoFramework.TestFramework
{
    [System.AttributeUsage(System.AttributeTargets.Class)]
    public class TestClassAttribute : System.Attribute
    {
    }
}
