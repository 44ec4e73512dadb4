using BatteryShift.Bms.Config;
using BatteryShift.Differential.Trace;

namespace BatteryShift.Differential.Scenario
{
    /// <summary>
    /// Core behaviours the interpreter was seen to get wrong before a fix, traced at the start of the scenario so the
    /// differential test holds them on both runtimes (the desktop test checks the values themselves).
    /// </summary>
    public static class Pins
    {
        /// <summary>
        /// Writes "P text" with one digit per text-key slot (1 = defined): unset string-array elements compare unequal
        /// to null on nanoFramework's interpreter, which once made every slot count as defined.
        /// </summary>
        public static void Write(ITraceSink sink, TraceLine line)
        {
            // the schema is defined by the first configuration built
            BmsConfig config = new BmsConfig();
            line.Begin('P').Add("text");
            for (int key = 0; key < ConfigSchema.MaxTextKeys; key++)
            {
                line.Add(ConfigSchema.IsTextDefined(key) ? 1 : 0);
            }

            sink.Line(line.Add(config.GetText(CommsKeys.MqttTopicPrefix)).ToString());
        }
    }
}
