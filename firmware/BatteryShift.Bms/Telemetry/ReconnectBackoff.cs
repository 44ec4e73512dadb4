namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Exponential back-off with jitter between connection attempts: the n-th consecutive failure waits a
    /// random time in [d/2, d] where d = min(base * 2^n, max). The jitter keeps a fleet of modules that lost
    /// the same broker from reconnecting in lock-step. The random numbers come from a xorshift generator
    /// with a given seed, so a run is reproducible.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private readonly int _baseMs;
        private int _maxMs;
        private uint _state;
        private int _failures;

        /// <summary>
        /// Makes the back-off.
        /// </summary>
        /// <param name="baseMs">Wait ceiling after the first failure, ms.</param>
        /// <param name="maxMs">Largest wait ceiling, ms.</param>
        /// <param name="seed">Seed of the jitter generator.</param>
        public ReconnectBackoff(int baseMs, int maxMs, uint seed)
        {
            _baseMs = baseMs;
            _maxMs = maxMs < baseMs ? baseMs : maxMs;
            Seed(seed);
        }

        /// <summary>Consecutive failed attempts.</summary>
        public int Failures
        {
            get { return _failures; }
        }

        /// <summary>
        /// Restarts the jitter sequence.
        /// </summary>
        /// <param name="seed">Seed (0 is replaced by a fixed non-zero value).</param>
        public void Seed(uint seed)
        {
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>
        /// Changes the largest wait ceiling.
        /// </summary>
        /// <param name="maxMs">Largest wait ceiling, ms.</param>
        public void SetMax(int maxMs)
        {
            _maxMs = maxMs < _baseMs ? _baseMs : maxMs;
        }

        /// <summary>
        /// Records a failed attempt.
        /// </summary>
        /// <returns>Wait before the next attempt, ms.</returns>
        public int Fail()
        {
            int ceiling = _baseMs;
            for (int i = 0; i < _failures && ceiling < _maxMs; i++)
            {
                ceiling *= 2;
            }

            if (ceiling > _maxMs)
            {
                ceiling = _maxMs;
            }

            if (_failures < 30)
            {
                _failures++;
            }

            int half = ceiling / 2;
            return half + (int)(Next() % (uint)(ceiling - half + 1));
        }

        /// <summary>
        /// Records a successful connection: the next failure starts from the base again.
        /// </summary>
        public void Succeed()
        {
            _failures = 0;
        }

        private uint Next()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>
        /// A jitter seed from a module id (FNV-1a), so that modules restarted together do not retry in step.
        /// </summary>
        /// <param name="text">The module id.</param>
        /// <returns>The seed.</returns>
        public static uint SeedOf(string text)
        {
            uint hash = 2166136261u;
            for (int i = 0; i < text.Length; i++)
            {
                hash ^= text[i];
                hash *= 16777619u;
            }

            return hash;
        }
    }
}
