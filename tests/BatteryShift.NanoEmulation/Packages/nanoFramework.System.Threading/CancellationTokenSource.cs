// EMULATION of nanoFramework.System.Threading 1.1.52 (Threading/CancellationTokenSource.cs): the delay constructor
// arms a timer that cancels the source when it fires (ArgumentOutOfRangeException below -1); Dispose stops the timer.
namespace System.Threading
{
    /// <summary>Signals cancellation to its tokens.</summary>
    public class CancellationTokenSource : IDisposable
    {
        private readonly long _cancelAtTicks;
        private bool _cancelled;
        private bool _disposed;

        /// <summary>A source that cancels only when asked.</summary>
        public CancellationTokenSource()
        {
            _cancelAtTicks = long.MaxValue;
        }

        /// <summary>A source that cancels after a delay.</summary>
        /// <param name="millisecondsDelay">Delay, ms; -1 for never.</param>
        /// <exception cref="ArgumentOutOfRangeException">Below -1.</exception>
        public CancellationTokenSource(int millisecondsDelay)
        {
            if (millisecondsDelay < -1)
            {
                throw new ArgumentOutOfRangeException();
            }

            _cancelAtTicks = millisecondsDelay == -1 ? long.MaxValue : DateTime.UtcNow.Ticks + (millisecondsDelay * TimeSpan.TicksPerMillisecond);
        }

        /// <summary>True once cancelled (by Cancel or by the delay).</summary>
        public bool IsCancellationRequested
        {
            get { return _cancelled || (!_disposed && DateTime.UtcNow.Ticks >= _cancelAtTicks); }
        }

        /// <summary>A token of this source.</summary>
        /// <exception cref="ObjectDisposedException">The source is disposed.</exception>
        public CancellationToken Token
        {
            get
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException("CancellationTokenSource");
                }

                return new CancellationToken(this);
            }
        }

        /// <summary>Cancels now.</summary>
        public void Cancel()
        {
            _cancelled = true;
        }

        /// <summary>Releases the source and its timer.</summary>
        public void Dispose()
        {
            _disposed = true;
        }
    }
}
