// EMULATION of nanoFramework.Runtime.Native 1.7.11, nanoFramework.Runtime.Native/Power.cs: RebootDevice raises
// OnRebootEvent (exceptions of handlers swallowed), then calls NativeReboot. nf-interpreter
// src/nanoFramework.Runtime.Native/nf_rt_native_nanoFramework_Runtime_Native_Power.cpp and src/CLR/Core/Execution.cpp
// (CLR_RT_ExecutionEngine::Reboot): the native call only sets RebootPending and RETURNS; the scheduler stops running
// managed threads after the current one yields, and src/CLR/Startup/CLRStartup.cpp then resets the chip
// (CPU_Reset, esp_restart) unless the option is ClrOnly.
using System;
using BatteryShift.NanoEmulation.Native;

namespace nanoFramework.Runtime.Native
{
    /// <summary>Power management.</summary>
    public class Power
    {
        /// <summary>Raised before a reboot.</summary>
        public static event RebootEventHandler OnRebootEvent;

        /// <summary>Requests a reboot; the call returns and the device restarts shortly after.</summary>
        /// <param name="rebootOption">How to restart.</param>
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot)
        {
            RebootDevice(-1, rebootOption);
        }

        /// <summary>Requests a reboot after the handlers of <see cref="OnRebootEvent"/> have run.</summary>
        /// <param name="exeConstraintTimeout">Time the handlers may take, ms (-1: no limit).</param>
        /// <param name="rebootOption">How to restart.</param>
        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot)
        {
            try
            {
                RebootEventHandler handlers = OnRebootEvent;
                if (handlers != null)
                {
                    handlers();
                }
            }
            catch (Exception)
            {
                // the package swallows exceptions of the handlers
            }
            finally
            {
                EmulatedEsp32.EnterNative();
                EmulatedEsp32.Runtime.RequestReboot((int)rebootOption);
            }
        }

        internal static void ResetStatics()
        {
            OnRebootEvent = null;
        }
    }
}
