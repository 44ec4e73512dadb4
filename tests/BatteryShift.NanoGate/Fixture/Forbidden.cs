namespace BatteryShift.NanoGate.Fixture
{
    // Each member holds exactly one construct the metadata test must reject.
    public sealed class GenericBox<T>
    {
        public T Value;
    }

    public static class Forbidden
    {
        public static T Identity<T>(T value)
        {
            return value;
        }

        public static int UsesGenericInstance()
        {
            GenericBox<int> box = new GenericBox<int>();
            box.Value = 3;
            return box.Value;
        }

        public static int UsesGenericMethod()
        {
            return Identity(4);
        }

        public static double UsesDouble(float x)
        {
            return x * 0.5;
        }

        public static int UsesMultidimensionalArray()
        {
            int[,] grid = new int[2, 3];
            grid[1, 2] = 5;
            return grid[1, 2];
        }

        public static System.Func<int, int> UsesGenericDelegate()
        {
            return v => v + 1;
        }
    }
}
