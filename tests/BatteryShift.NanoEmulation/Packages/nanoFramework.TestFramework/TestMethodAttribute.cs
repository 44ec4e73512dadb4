// EMULATION of nanoFramework.TestFramework 3.0.80 (source/TestFrameworkShared/TestMethodAttribute.cs).
namespace nanoFramework.TestFramework
{
    /// <summary>Marks a test method.</summary>
    [System.AttributeUsage(System.AttributeTargets.Method)]
    public class TestMethodAttribute : System.Attribute
    {
    }
}
