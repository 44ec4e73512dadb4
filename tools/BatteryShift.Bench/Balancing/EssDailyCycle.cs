using BatteryShift.Hal.Simulation;

namespace BatteryShift.Bench.Balancing
{
    /// <summary>
    /// A daily ESS peak-shaving cycle with the charge limit a BMS enforces per cell: charge from 09:00 at
    /// <see cref="ChargeA"/> until the highest cell reaches <see cref="CellLimitV"/> (Libre Solar charge limit
    /// 3.55 V, docs/references.md), then taper to hold it and stop below <see cref="CutoffA"/> (the top
    /// of charge); rest; discharge from 18:00 at <see cref="DischargeA"/> until the lowest cell falls to
    /// <see cref="CellFloorV"/> or the module has given <see cref="DischargeAh"/>; rest overnight. The per-cell
    /// limits read the module's truth: they stand in for the CVL/charge-enable loop of the firmware.
    /// </summary>
    public sealed class EssDailyCycle : LoadProfile
    {
        private readonly ModuleTruth _truth;
        private double _taperA;
        private int _chargeDay = -1;
        private int _dischargeDay = -1;
        private bool _chargeDone;
        private bool _dischargeDone;
        private double _dischargeStartAh;

        public EssDailyCycle(ModuleTruth truth)
        {
            _truth = truth;
        }

        public double ChargeA { get; set; } = 70;

        public double DischargeA { get; set; } = 50;

        public double DischargeAh { get; set; } = 200;

        public double CellLimitV { get; set; } = 3.55;

        public double CellFloorV { get; set; } = 2.95;

        public double CutoffA { get; set; } = 5;

        public double ChargeStartS { get; set; } = 9 * 3600;

        public double DischargeStartS { get; set; } = 18 * 3600;

        /// <summary>Tops of charge reached (one per day at most).</summary>
        public int TopsOfCharge { get; private set; }

        /// <summary>Raised when a charge ends at the top (highest cell at the limit, current tapered).</summary>
        public System.Action? TopOfCharge { get; set; }

        public override double CurrentA(in PackView pack)
        {
            double t = pack.TimeSeconds;
            int day = (int)(t / 86400.0);
            double tod = t - (day * 86400.0);
            double maxV = 0;
            double minV = 10;
            for (int k = 0; k < _truth.CellCount; k++)
            {
                double v = _truth.CellVoltageV[k];
                maxV = v > maxV ? v : maxV;
                minV = v < minV ? v : minV;
            }

            if (tod >= ChargeStartS && tod < DischargeStartS)
            {
                if (_chargeDay != day)
                {
                    _chargeDay = day;
                    _chargeDone = false;
                    _taperA = ChargeA;
                }

                if (_chargeDone)
                {
                    return 0;
                }

                if (maxV >= CellLimitV)
                {
                    // hold the highest cell at the limit
                    _taperA *= 0.97;
                }
                else if (_taperA < ChargeA && maxV < CellLimitV - 0.01)
                {
                    _taperA = System.Math.Min(ChargeA, _taperA * 1.01);
                }

                if (_taperA < CutoffA)
                {
                    _chargeDone = true;
                    TopsOfCharge++;
                    TopOfCharge?.Invoke();
                    return 0;
                }

                return _taperA;
            }

            if (tod >= DischargeStartS)
            {
                if (_dischargeDay != day)
                {
                    _dischargeDay = day;
                    _dischargeDone = false;
                    _dischargeStartAh = _truth.ChargeOutAh;
                }

                if (_dischargeDone || minV <= CellFloorV || _truth.ChargeOutAh - _dischargeStartAh >= DischargeAh)
                {
                    _dischargeDone = true;
                    return 0;
                }

                return -DischargeA;
            }

            return 0;
        }
    }
}
