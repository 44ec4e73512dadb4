// EMULATION of nanoFramework.M2Mqtt 5.1.220 (M2Mqtt/Exceptions/MqttCommunicationException.cs): a send failed, or no
// answer came within the timeout (no inner exception then).
using System;

namespace nanoFramework.M2Mqtt.Exceptions
{
    /// <summary>Communication with the broker failed.</summary>
    public class MqttCommunicationException : Exception
    {
        /// <summary>No answer in time.</summary>
        public MqttCommunicationException()
        {
        }

        /// <summary>A failure of the channel.</summary>
        /// <param name="e">Cause.</param>
        public MqttCommunicationException(Exception e)
            : base(string.Empty, e)
        {
        }
    }
}
