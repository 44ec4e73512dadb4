using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// The short version of benchmark cal-trip: on two cells of a bring-up calibrated virtual module, no accepted
    /// calibration sequence moves a cell trip point more than the 5 mV measurement error budget to the unsafe side.
    /// Before the guard a single point 99 mV off moved it 99 mV.
    /// </summary>
    public sealed class CalTripQuickTests
    {
        [Fact]
        public void NoAcceptedCalibrationSequenceMovesATripPointToTheUnsafeSide()
        {
            CalibrationAttackResult result = CalibrationAdversary.Run(18, new[] { 0, 9 }, true, 10, new[] { -99, -50, -5, 0, 5, 50 }, 4);
            Assert.True(result.PointsAccepted > 0, "the search must get points accepted");
            Assert.True(result.WorstUnsafeShiftMv <= 5, "unsafe shift " + result.WorstUnsafeShiftMv + " mV: " + result.WorstCase);
            Assert.True(result.WorstSafeShiftMv > 5, "safe-side moves must be possible: " + result.WorstSafeShiftMv);
        }
    }
}
