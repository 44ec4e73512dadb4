using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Tests.Balancing
{
    /// <summary>
    /// The balancing stage alone on the virtual module: the firmware's bleed driver on the virtual pins,
    /// the controller, and a status filled the way the measurement and estimation stages fill it. Cell
    /// voltages are the voltages at the amplifier inputs (terminal voltage minus the sense-wire drop of
    /// whatever is bleeding, ADC errors left out); charge to full comes from the module's truth (a perfect
    /// estimator), so the test sees the balancer's own behaviour. Records, per tick, whether any bleeder
    /// was on while the cells were read.
    /// </summary>
    internal sealed class BalancingRig
    {
        public const int TickMs = 200;

        public BalancingRig(SimulationOptions options, BmsConfig config)
        {
            Module = new VirtualModule(options);
            Config = config;
            Bleed = new BleedShiftRegister(Module.Ports.Gpio);
            Controller = new BalancingController(config);
            Status = new ModuleStatus { CellCount = Module.CellCount, State = ModuleState.Rest };
            Status.CellCount = Module.CellCount;
        }

        public VirtualModule Module { get; }

        public ModuleTruth Truth => Module.Truth;

        public BmsConfig Config { get; }

        public BleedShiftRegister Bleed { get; }

        public BalancingController Controller { get; }

        public ModuleStatus Status { get; }

        /// <summary>Decisions taken on a scan read while some bleeder was on (must stay 0).</summary>
        public int DecisionsOnBledScans { get; private set; }

        /// <summary>Scans read while some bleeder was on.</summary>
        public int BledScans { get; private set; }

        /// <summary>Bleeder was ever on for this cell.</summary>
        public int EverBledMask { get; private set; }

        /// <summary>Charge to full of a cell, from truth, Ah.</summary>
        public double ChargeToFullAh(int cell) => (1.0 - Truth.Soc[cell]) * Truth.CapacityAh[cell];

        /// <summary>Spread of charge to full between cells (the SOC spread at top of charge), % of the smallest capacity.</summary>
        public double SpreadAtTopPct()
        {
            double min = double.MaxValue;
            double max = double.MinValue;
            double cap = double.MaxValue;
            for (int i = 0; i < Module.CellCount; i++)
            {
                min = Math.Min(min, ChargeToFullAh(i));
                max = Math.Max(max, ChargeToFullAh(i));
                cap = Math.Min(cap, Truth.CapacityAh[i]);
            }

            return (max - min) / cap * 100.0;
        }

        /// <summary>Index of the cell furthest from full (truth).</summary>
        public int LowestCell()
        {
            int lowest = 0;
            for (int i = 1; i < Module.CellCount; i++)
            {
                if (ChargeToFullAh(i) > ChargeToFullAh(lowest))
                {
                    lowest = i;
                }
            }

            return lowest;
        }

        /// <summary>One control tick: advance, read, decide, drive the register.</summary>
        /// <param name="beforeDecision">Optional change to the status before the balancing stage runs.</param>
        public void Step(Action<ModuleStatus>? beforeDecision = null)
        {
            Module.AdvanceToMicroseconds(Module.TimeMicroseconds + (TickMs * 1000L));
            bool bledDuringScan = Truth.BleedMask != 0;
            if (bledDuringScan)
            {
                BledScans++;
            }

            for (int i = 0; i < Module.CellCount; i++)
            {
                Status.CellVoltageMv[i] = (int)Math.Round(Module.SensedCellVoltage(i) * 1000.0);
                Status.CellChargeToFullMah[i] = (int)Math.Round(ChargeToFullAh(i) * 1000.0);
                Status.CellChargeToFullMinMah[i] = Status.CellChargeToFullMah[i];
                Status.CellChargeToFullMaxMah[i] = Status.CellChargeToFullMah[i];
                Status.CellSocPct[i] = (float)(Truth.Soc[i] * 100.0);
            }

            for (int j = 0; j < Bmu16.TemperatureCount; j++)
            {
                Status.TemperatureDeciC[j] = (int)Math.Round(Truth.NtcTemperatureC(j) * 10.0);
            }

            Status.PackCurrentMa = (int)Math.Round(Truth.PackCurrentA * 1000.0);
            Status.MeasurementValid = true;
            Status.TimeMs = Module.TimeMs;
            beforeDecision?.Invoke(Status);

            long decisions = Controller.DecisionCount;
            Controller.Update(Status, Bleed.ActiveMask);
            if (Controller.DecisionCount != decisions && bledDuringScan)
            {
                DecisionsOnBledScans++;
            }

            Bleed.Apply(Status.BleedMask);
            EverBledMask |= Truth.BleedMask;
        }

        public void RunSeconds(double seconds, Action<BalancingRig>? afterTick = null)
        {
            long ticks = (long)(seconds * 1000 / TickMs);
            for (long t = 0; t < ticks; t++)
            {
                Step();
                afterTick?.Invoke(this);
            }
        }
    }
}
