// Surface of nanoFramework.TestFramework 3.0.80.
namespace nanoFramework.TestFramework
{
    [System.AttributeUsage(System.AttributeTargets.Method)]
    public class TestMethodAttribute : System.Attribute
    {
    }
}
