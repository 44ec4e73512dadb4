using BatteryShift.Bms.Board;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// Series resistance R0 per cell from current steps. A step is a change of at least
    /// <see cref="MinStepMa"/> between two ticks with the current steady on both sides (the tick before
    /// and the tick after the step agree within <see cref="SteadyMa"/>): the scan of the cells may straddle
    /// the step, so the sample uses the voltages one tick before and one tick after it. Over those two
    /// ticks the RC pairs (tau 10 s and more, docs/references.md) move by a few percent at most,
    /// so dV/dI is R0. Samples are normalised to 25 C with the Arrhenius law and averaged exponentially.
    /// </summary>
    public sealed class ResistanceEstimator
    {
        /// <summary>Smallest current step used, mA.</summary>
        public const int MinStepMa = 20000;

        /// <summary>Largest current change on either side of a step for it to count as steady, mA.</summary>
        public const int SteadyMa = 2000;

        private const float Weight = 0.1f;

        private readonly float[] _r0Ohm25;
        private readonly int[] _beforeMv = new int[Bmu16.MaxCells];
        private readonly int[] _previousMv = new int[Bmu16.MaxCells];
        private int _previousMa;
        private int _beforeMa;
        private int _stepMa;
        private bool _havePrevious;
        private bool _pending;
        private float _activationK;
        private int _samples;

        /// <summary>
        /// Makes the estimator over the filter's per-cell resistance array (updated in place).
        /// </summary>
        /// <param name="r0Ohm25">Per-cell R0 at 25 C, ohm.</param>
        public ResistanceEstimator(float[] r0Ohm25)
        {
            _r0Ohm25 = r0Ohm25;
        }

        /// <summary>Activation energy over the gas constant, K.</summary>
        public float ActivationK
        {
            get { return _activationK; }
            set { _activationK = value; }
        }

        /// <summary>Steps used so far.</summary>
        public int Samples
        {
            get { return _samples; }
        }

        /// <summary>Forgets the previous tick (after invalid data or a gap).</summary>
        public void Break()
        {
            _havePrevious = false;
            _pending = false;
        }

        /// <summary>
        /// Looks at one tick.
        /// </summary>
        /// <param name="status">Module status with this tick's measurement.</param>
        /// <param name="currentMa">Current that flows, mA (0 when the FETs stop it).</param>
        public void Observe(ModuleStatus status, int currentMa)
        {
            int n = status.CellCount;
            int[] cellMv = status.CellVoltageMv;
            if (_pending)
            {
                _pending = false;
                int d = currentMa - _stepMa;
                if (d < SteadyMa && d > -SteadyMa)
                {
                    float di = (currentMa - _beforeMa) * 0.001f;
                    for (int i = 0; i < n; i++)
                    {
                        float r = ((cellMv[i] - _beforeMv[i]) * 0.001f) / di;
                        if (r > 0.00002f && r < 0.01f)
                        {
                            float t = status.CellTemperatureDeciC(i) * 0.1f;
                            float r25 = r / ArrheniusFactor(t);
                            _r0Ohm25[i] += Weight * (r25 - _r0Ohm25[i]);
                        }
                    }

                    _samples++;
                }
            }
            else if (_havePrevious)
            {
                int step = currentMa - _previousMa;
                if (step >= MinStepMa || step <= -MinStepMa)
                {
                    _pending = true;
                    _stepMa = currentMa;
                }
            }

            if (!_pending)
            {
                _beforeMa = currentMa;
            }

            // keep the last steady tick as the "before" side of a step
            if (_pending)
            {
                _beforeMa = _previousMa;
                for (int i = 0; i < n; i++)
                {
                    _beforeMv[i] = _previousMv[i];
                }
            }

            for (int i = 0; i < n; i++)
            {
                _previousMv[i] = cellMv[i];
            }

            _previousMa = currentMa;
            _havePrevious = true;
        }

        /// <summary>
        /// Resistance at a temperature relative to 25 C: exp(Ea/R * (1/T - 1/298.15)).
        /// </summary>
        /// <param name="temperatureC">Temperature, C.</param>
        /// <returns>Factor (above 1 when colder).</returns>
        public float ArrheniusFactor(float temperatureC)
        {
            float t = FloatMath.Clamp(temperatureC, -30f, 80f) + 273.15f;
            return FloatMath.Exp(_activationK * ((1f / t) - (1f / 298.15f)));
        }
    }
}
