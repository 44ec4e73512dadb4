using System.Text;
using BatteryShift.Bms;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>A technician at the local serial console: runs a line as the console does (not remote).</summary>
    internal static class LocalConsole
    {
        /// <summary>Runs one command line at the local console of the core.</summary>
        /// <param name="core">The core.</param>
        /// <param name="line">The line.</param>
        /// <param name="reply">The reply text.</param>
        /// <returns>The result code.</returns>
        internal static int Run(BmsCore core, string line, out string reply)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(line);
            int code = core.Commands.Execute(bytes, 0, bytes.Length, false);
            reply = Encoding.ASCII.GetString(core.Commands.Reply, 0, core.Commands.ReplyLength);
            return code;
        }
    }
}
