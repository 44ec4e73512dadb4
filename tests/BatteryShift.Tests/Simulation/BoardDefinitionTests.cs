using System.Collections.Generic;
using System.Linq;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Simulation;
using Mono.Cecil;
using Xunit;

namespace BatteryShift.Tests.Simulation
{
    public class BoardDefinitionTests
    {
        /// <summary>
        /// The simulated module reads the board's topology from the firmware's board definition, and nothing else
        /// of the firmware: the physics, the front-end errors and the truth stay the simulation's own.
        /// </summary>
        [Fact]
        public void SimulationUsesNothingOfTheFirmwareButTheBoardDefinition()
        {
            string path = typeof(VirtualModule).Assembly.Location;
            using var assembly = AssemblyDefinition.ReadAssembly(path);
            var used = new HashSet<string>();
            foreach (TypeReference t in assembly.MainModule.GetTypeReferences())
            {
                if (t.Scope.Name == "BatteryShift.Bms")
                {
                    used.Add(t.FullName);
                }
            }

            foreach (MemberReference m in assembly.MainModule.GetMemberReferences())
            {
                if (m.DeclaringType.Scope.Name == "BatteryShift.Bms")
                {
                    used.Add(m.DeclaringType.FullName);
                }
            }

            Assert.Equal(new[] { typeof(Bmu16).FullName! }, used.OrderBy(n => n).ToArray());
        }
    }
}
