namespace BatteryShift.Tests.NanoGate
{
    /// <summary>The constructs that compile against nanoFramework's mscorlib but do not run on nanoFramework 1.17.</summary>
    public static class NanoRule
    {
        public const string GenericTypeDefinition = "generic type definition";
        public const string GenericMethodDefinition = "generic method definition";
        public const string GenericTypeInstance = "generic type instantiation";
        public const string GenericMethodInstance = "generic method instantiation";
        public const string Double = "double";
        public const string MultidimensionalArray = "multidimensional array";
    }
}
