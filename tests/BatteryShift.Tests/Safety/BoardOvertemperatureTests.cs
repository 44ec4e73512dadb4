using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// Board over-temperature end to end: the simulated board (bleed resistors, FETs) heats from a hot
    /// ambient through its own thermal model, the firmware sees it only through the board NTC on mux B,
    /// and the trip is judged against the simulation's true board temperature.
    /// </summary>
    public class BoardOvertemperatureTests
    {
        [Fact]
        public void BoardOvertemperatureTripsWithinItsDelayPlusOneTickOfTheTrueCrossingAndClearsWhenCool()
        {
            var options = SimulationOptions.IdealFrontEnd();
            options.Board.BoardHeatCapacityJPerK = 25; // a light board: time constant about 40 s instead of 7 min
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(ProtectionKeys.Key(LimitIds.BoardOvertemperature, ProtectionKeys.WarningOffset), 350));
            Assert.Equal(ResultCode.Ok, config.TrySet(ProtectionKeys.Key(LimitIds.BoardOvertemperature, ProtectionKeys.AlarmOffset), 380));
            Assert.Equal(ResultCode.Ok, config.TrySet(ProtectionKeys.Key(LimitIds.BoardOvertemperature, ProtectionKeys.FaultOffset), 400));
            var runner = EndToEndTests.Runner(options, config);
            runner.RunSeconds(3);
            BmsCore core = runner.Core;
            Assert.Equal(0, core.Status.FaultMask);

            const double FaultC = 40.0;
            const double BandC = 1.0; // NTC table and ADC error allowed before the hazard counts
            long hazardMs = -1;
            long firstTripSeenMs = -1;
            double boardAtTripC = double.NaN;
            runner.AfterTick.Add(r =>
            {
                double board = r.Truth.BoardTemperatureC;
                if (hazardMs < 0 && board >= FaultC + BandC)
                {
                    hazardMs = r.Ports.Clock.NowMs;
                }

                if (firstTripSeenMs < 0 && (r.Core.Status.FaultMask & (1 << LimitIds.BoardOvertemperature)) != 0)
                {
                    firstTripSeenMs = r.Ports.Clock.NowMs;
                    boardAtTripC = board;
                }
            });

            // hold the cells at 25 C so only the board limit is in play
            runner.Module.AmbientC = 90;
            for (int s = 0; s < 120 && firstTripSeenMs < 0; s++)
            {
                for (int i = 0; i < runner.Module.CellCount; i++)
                {
                    runner.Module.SetCellTemperature(i, 25);
                }

                runner.RunSeconds(0.5);
            }

            Assert.True(firstTripSeenMs > 0, "board over-temperature never tripped");
            Assert.True(hazardMs > 0, "the true board temperature never passed the fault level plus the band");
            Assert.True(boardAtTripC >= FaultC - BandC, $"tripped at a true {boardAtTripC:0.0} C, below the {FaultC} C fault level");
            int tick = runner.TickPeriodMs;
            Assert.InRange(firstTripSeenMs - hazardMs, long.MinValue, core.Protection.DelayMs(LimitIds.BoardOvertemperature) + tick);
            Assert.False(runner.Truth.ChargeFetOn && runner.Truth.DischargeFetOn, "both FETs stayed closed on a board over-temperature fault");

            // latched while hot; clears after the board has cooled below its release level
            Assert.Equal(ResultCode.CauseActive, core.ClearFaults());
            runner.Module.AmbientC = 25;
            for (int s = 0; s < 240 && runner.Truth.BoardTemperatureC > 28; s++)
            {
                for (int i = 0; i < runner.Module.CellCount; i++)
                {
                    runner.Module.SetCellTemperature(i, 25);
                }

                runner.RunSeconds(0.5);
            }

            runner.RunSeconds(2);
            Assert.Equal(ResultCode.Ok, core.ClearFaults());
            runner.RunSeconds(2);
            Assert.Equal(0, core.Status.FaultMask & (1 << LimitIds.BoardOvertemperature));
        }
    }
}
