using System;
using System.Globalization;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>One firmware, memory or command fault of a scenario (<see cref="FirmwareFaultKind"/>) and its parameters.</summary>
    public sealed class FirmwareFaultPlan
    {
        /// <summary>The kind.</summary>
        public FirmwareFaultKind Kind { get; set; }

        /// <summary>Start, s of simulated time (for <see cref="FirmwareFaultKind.FaultLogCorrupt"/>: unused, see <see cref="DelaySeconds"/>).</summary>
        public double StartSeconds { get; set; }

        /// <summary>Duration, s (infinity: until the next reset).</summary>
        public double DurationSeconds { get; set; } = double.PositiveInfinity;

        /// <summary>Delay after the first latch, s (<see cref="FirmwareFaultKind.FaultLogCorrupt"/>).</summary>
        public double DelaySeconds { get; set; }

        /// <summary>Variant: the corruption (0..5), the power-cut arming (0: at the hazard), the calibration offset (mV), the
        /// retained-command variant (0..3).</summary>
        public int Variant { get; set; }

        /// <summary>Extra: the cells attacked (calibration, 1..4) or the commands sent (command adversary).</summary>
        public int Extra { get; set; }

        /// <summary>Seed of the fault's own draws (cells, command mix).</summary>
        public ulong Seed { get; set; }

        /// <inheritdoc />
        public override string ToString()
        {
            string duration = double.IsPositiveInfinity(DurationSeconds) ? "until reset" : string.Create(CultureInfo.InvariantCulture, $"for {DurationSeconds:0.##}s");
            return Kind switch
            {
                FirmwareFaultKind.FaultLogCorrupt => string.Create(CultureInfo.InvariantCulture, $"{Kind}(variant {Variant}, latch+{DelaySeconds:0.#}s)"),
                FirmwareFaultKind.PowerCutDuringWrite => string.Create(CultureInfo.InvariantCulture, $"{Kind}(variant {Variant}, t={StartSeconds:0.#}s)"),
                FirmwareFaultKind.CalibrationAttack => string.Create(CultureInfo.InvariantCulture, $"{Kind}(offset {Variant} mV on {Extra} cells, t={StartSeconds:0.#}s)"),
                FirmwareFaultKind.CommandAdversary => string.Create(CultureInfo.InvariantCulture, $"{Kind}(variant {Variant}, {Extra} commands, t={StartSeconds:0.#}s)"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{Kind}(t={StartSeconds:0.#}s, {duration})"),
            };
        }
    }
}
