namespace BatteryShift.Bench
{
    internal static class Program
    {
        private static int Main()
        {
            return 0;
        }
    }
}
