using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Bench.Balancing
{
    /// <summary>
    /// The balancing benchmark scenario: 16 x 280 Ah cells (the simulation's LF280K defaults: capacity,
    /// resistance and self-discharge spread), an initial SOC spread of 5 %, the daily ESS cycle, and the
    /// firmware's balancing stage with the firmware's bleed driver on the virtual pins. The stage is fed the
    /// way measurement and estimation feed it: cell voltages at the amplifier inputs (sense-wire drop of
    /// the bleeders included, ADC errors left out), board and cell temperatures, pack current, and per-cell
    /// charge to full from the module's truth (a perfect estimator). All figures come from the truth.
    /// </summary>
    public sealed class BalancingScenario
    {
        private readonly VirtualModule _module;
        private readonly BleedShiftRegister _bleed;
        private readonly BalancingController _controller;
        private readonly ModuleStatus _status;
        private readonly EssDailyCycle _cycle;
        private readonly int _tickMs;
        private readonly int _n;

        public BalancingScenario(int mode, ulong seed, double stepSeconds, int tickMs)
        {
            var options = new SimulationOptions
            {
                Seed = seed,
                StepSeconds = stepSeconds,
                InitialSocSpreadPct = 0,
                Errors = FrontEndErrors.Realistic,
            };
            _module = new VirtualModule(options);
            _n = _module.CellCount;
            _tickMs = tickMs;

            // 5 % spread, evenly over the cells in a scrambled order, around 40 % at midnight of day 0
            for (int i = 0; i < _n; i++)
            {
                _module.SetCellSoc(i, 0.40 + (0.05 * ((i * 7) % _n) / (_n - 1)));
            }

            _cycle = new EssDailyCycle(_module.Truth);
            _module.Load = _cycle;

            var config = new BmsConfig();
            Check(config.TrySet(BalancingKeys.Mode, mode));
            _controller = new BalancingController(config);
            _bleed = new BleedShiftRegister(_module.Ports.Gpio);

            // FETs closed, as the protection stage keeps them in a healthy module (no firmware services the watchdog
            // here: the board is taken without the supervisor and protector)
            _module.HardwareProtectionFitted = false;
            _module.Ports.Gpio.OpenOutput(Bmu16.PinChargeFet, true);
            _module.Ports.Gpio.OpenOutput(Bmu16.PinDischargeFet, true);
            _status = new ModuleStatus { CellCount = _n, State = ModuleState.Rest, MeasurementValid = true };
        }

        public ModuleTruth Truth => _module.Truth;

        public EssDailyCycle Cycle => _cycle;

        public BalancingController Controller => _controller;

        /// <summary>Charge to full of a cell, Ah (truth).</summary>
        public double ChargeToFullAh(int cell) => (1.0 - Truth.Soc[cell]) * Truth.CapacityAh[cell];

        /// <summary>Smallest cell capacity, Ah.</summary>
        public double WeakestAh()
        {
            double cap = double.MaxValue;
            for (int i = 0; i < _n; i++)
            {
                cap = Math.Min(cap, Truth.CapacityAh[i]);
            }

            return cap;
        }

        /// <summary>The SOC spread at the top of charge: spread of charge to full, % of the weakest cell.</summary>
        public double SpreadAtTopPct()
        {
            double min = double.MaxValue;
            double max = double.MinValue;
            for (int i = 0; i < _n; i++)
            {
                double q = ChargeToFullAh(i);
                min = Math.Min(min, q);
                max = Math.Max(max, q);
            }

            return (max - min) / WeakestAh() * 100.0;
        }

        /// <summary>Surplus per cell above the cell furthest from full, Ah; the index of that cell.</summary>
        public int Surplus(double[] surplusAh)
        {
            int lowest = 0;
            for (int i = 1; i < _n; i++)
            {
                if (ChargeToFullAh(i) > ChargeToFullAh(lowest))
                {
                    lowest = i;
                }
            }

            for (int i = 0; i < _n; i++)
            {
                surplusAh[i] = ChargeToFullAh(lowest) - ChargeToFullAh(i);
            }

            return lowest;
        }

        /// <summary>Usable module capacity now: charge to the first full cell plus charge to the first empty cell, Ah.</summary>
        public double UsableAh()
        {
            double up = double.MaxValue;
            double down = double.MaxValue;
            for (int i = 0; i < _n; i++)
            {
                up = Math.Min(up, ChargeToFullAh(i));
                down = Math.Min(down, Truth.Soc[i] * Truth.CapacityAh[i]);
            }

            return up + down;
        }

        /// <summary>One control tick.</summary>
        public void Step()
        {
            _module.AdvanceToMicroseconds(_module.TimeMicroseconds + (_tickMs * 1000L));
            ModuleTruth truth = _module.Truth;
            for (int i = 0; i < _n; i++)
            {
                _status.CellVoltageMv[i] = (int)Math.Round(_module.SensedCellVoltage(i) * 1000.0);
                _status.CellChargeToFullMah[i] = (int)Math.Round(ChargeToFullAh(i) * 1000.0);
                _status.CellChargeToFullMinMah[i] = _status.CellChargeToFullMah[i];
                _status.CellChargeToFullMaxMah[i] = _status.CellChargeToFullMah[i];
                _status.CellSocPct[i] = (float)(truth.Soc[i] * 100.0);
            }

            for (int j = 0; j < Bmu16.TemperatureCount; j++)
            {
                _status.TemperatureDeciC[j] = (int)Math.Round(truth.NtcTemperatureC(j) * 10.0);
            }

            double a = truth.PackCurrentA;
            _status.PackCurrentMa = (int)Math.Round(a * 1000.0);
            _status.State = a > 1 ? ModuleState.Charging : (a < -1 ? ModuleState.Discharging : ModuleState.Rest);
            _status.TimeMs = _module.TimeMs;
            _controller.Update(_status, _bleed.ActiveMask);
            _bleed.Apply(_status.BleedMask);
        }

        private static void Check(int result)
        {
            if (result != ResultCode.Ok)
            {
                throw new InvalidOperationException("config rejected: " + result);
            }
        }
    }
}
