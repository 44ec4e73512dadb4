// EMULATION of nanoFramework.System.Threading 1.1.52 (Threading/CancellationToken.cs): a struct over its source; the
// default token never cancels.
namespace System.Threading
{
    /// <summary>A cancellation token.</summary>
    public struct CancellationToken
    {
        private readonly CancellationTokenSource _source;

        internal CancellationToken(CancellationTokenSource source)
        {
            _source = source;
        }

        /// <summary>A token that never cancels.</summary>
        public static CancellationToken None
        {
            get { return default(CancellationToken); }
        }

        /// <summary>True once the source has cancelled.</summary>
        public bool IsCancellationRequested
        {
            get { return _source != null && _source.IsCancellationRequested; }
        }

        /// <summary>True when a source can cancel the token.</summary>
        public bool CanBeCanceled
        {
            get { return _source != null; }
        }
    }
}
