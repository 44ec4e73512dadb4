// EMULATION of nanoFramework.TestFramework 3.0.80 (source/TestFrameworkShared/TestClassAttribute.cs).
namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class holding tests.</summary>
    [System.AttributeUsage(System.AttributeTargets.Class)]
    public class TestClassAttribute : System.Attribute
    {
    }
}
