namespace BatteryShift.Simulator
{
    internal static class Program
    {
        private static int Main()
        {
            return 0;
        }
    }
}
