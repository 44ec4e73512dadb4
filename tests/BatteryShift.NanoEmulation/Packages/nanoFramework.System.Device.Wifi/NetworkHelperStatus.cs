// EMULATION of nanoFramework.System.Net 1.11.60 (NetworkHelper/NetworkHelperStatus.cs): the package's values in order.
namespace nanoFramework.Networking
{
    /// <summary>Outcome of the network helpers.</summary>
    public enum NetworkHelperStatus
    {
        /// <summary>Nothing done yet.</summary>
        None,

        /// <summary>Started.</summary>
        Started,

        /// <summary>Address (and date when asked) available.</summary>
        NetworkIsReady,

        /// <summary>No network interface.</summary>
        FailedNoNetworkInterface,

        /// <summary>The token expired before an address came.</summary>
        TokenExpiredWaitingIPAddress,

        /// <summary>The token expired before SNTP set the date.</summary>
        TokenExpiredWaitingDateTime,

        /// <summary>Connecting while scanning failed.</summary>
        ErrorConnetingToWiFiWhileScanning,

        /// <summary>An exception (see HelperException).</summary>
        ExceptionOccurred,
    }
}
