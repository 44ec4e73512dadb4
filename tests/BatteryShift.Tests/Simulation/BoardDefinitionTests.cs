using System.Reflection;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Simulation
{
    public class BoardDefinitionTests
    {
        [Fact]
        public void SimulatedBoardRestatesEveryFirmwareBoardConstant()
        {
            int checkedCount = 0;
            foreach (FieldInfo f in typeof(Bmu16).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (!f.IsLiteral)
                {
                    continue;
                }

                FieldInfo? sim = typeof(SimBoard).GetField(f.Name, BindingFlags.Public | BindingFlags.Static);
                Assert.True(sim != null, "SimBoard lacks " + f.Name);
                Assert.Equal(f.GetRawConstantValue(), sim!.GetRawConstantValue());
                checkedCount++;
            }

            Assert.True(checkedCount >= 50);
        }
    }
}
