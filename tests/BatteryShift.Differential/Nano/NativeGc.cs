using System;
using System.Reflection;

namespace BatteryShift.Differential.Nano
{
    /// <summary>
    /// nanoFramework.Runtime.Native's GC (Run returns the free heap after a collection; EnableGCMessages switches the
    /// collector's statistics on an interpreter built with them), found by reflection so that this assembly builds
    /// against mscorlib alone; the package's .pe is loaded beside it at run time.
    /// </summary>
    public sealed class NativeGc
    {
        private readonly MethodInfo _run;
        private readonly MethodInfo _messages;
        private readonly object[] _noCompaction = new object[] { false };
        private readonly object[] _on = new object[] { true };
        private readonly object[] _off = new object[] { false };

        /// <summary>Looks the methods up.</summary>
        public NativeGc()
        {
            Type gc = Type.GetType("nanoFramework.Runtime.Native.GC, nanoFramework.Runtime.Native");
            if (gc != null)
            {
                _run = gc.GetMethod("Run");
                _messages = gc.GetMethod("EnableGCMessages");
            }
        }

        /// <summary>True when nanoFramework.Runtime.Native is loaded.</summary>
        public bool Available
        {
            get { return _run != null; }
        }

        /// <summary>Collects (without compaction, which the POSIX host does not survive) and returns the free bytes.</summary>
        public uint Collect()
        {
            if (_run == null)
            {
                return 0u;
            }

            // the native method returns its result as an Int32 (SetResult_I4) although the signature says UInt32:
            // unboxing that as uint throws InvalidCastException on the interpreter
            object free = _run.Invoke(null, _noCompaction);
            return free is int ? (uint)(int)free : (uint)free;
        }

        /// <summary>Switches the collector's messages (statistics after every collection) on or off.</summary>
        public void Messages(bool on)
        {
            if (_messages != null)
            {
                _messages.Invoke(null, on ? _on : _off);
            }
        }
    }
}
