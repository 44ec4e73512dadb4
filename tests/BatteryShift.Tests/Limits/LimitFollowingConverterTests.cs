using System;
using System.Text;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Limits
{
    /// <summary>
    /// The simulated converter against hand-worked steps: it ramps, caps at CCL and DCL, holds CVL, stops a direction
    /// that is not allowed, and stops both when the limits are not valid or older than 5 s.
    /// </summary>
    public sealed class LimitFollowingConverterTests
    {
        private const double Step = 0.1;

        private sealed class Constant : LoadProfile
        {
            public double Amps { get; set; }

            public override double CurrentA(in PackView pack) => Amps;
        }

        private static string Message(bool valid = true, double cvl = 55.2, double ccl = 140, double dcl = 140, bool charge = true, bool discharge = true, string reason = "ok")
        {
            FormattableString text = $"{{\"seq\":1,\"uptime_ms\":1000,\"valid\":{(valid ? "true" : "false")},\"cells\":16,\"cvl_v\":{cvl:0.000},\"ccl_a\":{ccl:0.0},\"dcl_a\":{dcl:0.0},\"charge_allowed\":{(charge ? "true" : "false")},\"discharge_allowed\":{(discharge ? "true" : "false")},\"reason\":\"{reason}\"}}";
            return FormattableString.Invariant(text);
        }

        // a 16S module well below CVL: 52 V behind 10 mOhm
        private static PackView Pack(double t, double sourceV = 52.0) => new(t, 16, sourceV, sourceV, 0.010, true, true, 0);

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LimitFollowingConverter, string> s_message = new();

        private static (LimitFollowingConverter Converter, Constant Duty) Make(double amps, string message)
        {
            var duty = new Constant { Amps = amps };
            var converter = new LimitFollowingConverter(duty, new ConverterLimits());
            Send(converter, message, 0);
            return (converter, duty);
        }

        // a message as the module sends it: the converter takes it, and RunTo repeats it every second as the module would
        private static void Send(LimitFollowingConverter c, string message, double t)
        {
            s_message.AddOrUpdate(c, message);
            c.Limits.Take(Encoding.ASCII.GetBytes(message), t);
        }

        private static double RunTo(LimitFollowingConverter c, ref double t, double until, double sourceV = 52.0)
        {
            double i = 0;
            while (t < until - 1e-9)
            {
                if (t - c.Limits.ReceivedSeconds >= 1.0 - 1e-9 && s_message.TryGetValue(c, out string? message))
                {
                    c.Limits.Take(Encoding.ASCII.GetBytes(message), t);
                }

                i = c.CurrentA(Pack(t, sourceV));
                t += Step;
            }

            return i;
        }

        [Fact]
        public void RampsUpAtTenAmpsPerSecondAndDownAtOnce()
        {
            var (c, duty) = Make(100, Message());
            double t = 0;
            Assert.Equal(0.0, c.CurrentA(Pack(t)));
            t += Step;
            Assert.Equal(1.0, c.CurrentA(Pack(t)), 9);
            t += Step;
            Assert.Equal(ConverterLimit.Ramp, c.Limiting);
            Assert.Equal(20.0, RunTo(c, ref t, 2.1), 6);
            Assert.Equal(100.0, RunTo(c, ref t, 12.0), 6);
            Assert.Equal(ConverterLimit.None, c.Limiting);

            // the duty drops to 30 A: at once; then a discharge of 50 A starts from zero and ramps
            duty.Amps = 30;
            Assert.Equal(30.0, c.CurrentA(Pack(t)), 9);
            t += Step;
            duty.Amps = -50;
            Assert.Equal(-1.0, c.CurrentA(Pack(t)), 9);
        }

        [Fact]
        public void CapsChargeAtCclAndDischargeAtDcl()
        {
            var (c, duty) = Make(100, Message(ccl: 35.0, dcl: 20.5));
            double t = 0;
            Assert.Equal(35.0, RunTo(c, ref t, 10), 6);
            Assert.Equal(ConverterLimit.ChargeCurrent, c.Limiting);

            // a lower CCL takes effect at the next step, not at the ramp
            Send(c, Message(ccl: 4.5, dcl: 20.5), t);
            Assert.Equal(4.5, c.CurrentA(Pack(t)), 9);
            t += Step;

            duty.Amps = -100;
            Assert.Equal(-20.5, RunTo(c, ref t, t + 10), 6);
            Assert.Equal(ConverterLimit.DischargeCurrent, c.Limiting);
        }

        [Fact]
        public void HoldsTheModuleAtCvl()
        {
            // 55.0 V behind 10 mOhm with CVL 55.2 V: 0.2 V / 0.01 ohm = 20 A at most, though CCL allows 140
            var (c, _) = Make(100, Message());
            double t = 0;
            Assert.Equal(20.0, RunTo(c, ref t, 10, 55.0), 6);
            Assert.Equal(ConverterLimit.ChargeVoltage, c.Limiting);

            // at CVL nothing more goes in
            Assert.Equal(0.0, RunTo(c, ref t, t + 1, 55.2), 6);
        }

        [Fact]
        public void StopsWhatIsNotAllowed()
        {
            var (c, duty) = Make(100, Message(ccl: 0, charge: false, reason: "cell_full"));
            double t = 0;
            Assert.Equal(0.0, RunTo(c, ref t, 5));
            Assert.Equal(ConverterLimit.ChargeNotAllowed, c.Limiting);
            duty.Amps = -60;
            Assert.Equal(-60.0, RunTo(c, ref t, t + 10), 6);

            Send(c, Message(dcl: 0, discharge: false, reason: "cell_empty"), t);
            Assert.Equal(0.0, c.CurrentA(Pack(t)));
            Assert.Equal(ConverterLimit.DischargeNotAllowed, c.Limiting);
        }

        [Fact]
        public void InvalidOrStaleLimitsStopBothDirections()
        {
            var (c, duty) = Make(50, Message(valid: false, ccl: 0, dcl: 0, charge: false, discharge: false, reason: "fault_latched"));
            double t = 0;
            Assert.Equal(0.0, RunTo(c, ref t, 5));
            Assert.Equal(ConverterLimit.Invalid, c.Limiting);

            // fresh valid limits at t = 5 s: runs; the same limits 5 s later still run; past 5 s old: stops at once
            // the module falls silent after this one
            Send(c, Message(), t);
            s_message.Remove(c);
            double received = t;
            Assert.Equal(50.0, RunTo(c, ref t, received + 5.0), 6);
            t = received + 5.05;
            Assert.Equal(0.0, c.CurrentA(Pack(t)));
            Assert.Equal(ConverterLimit.Stale, c.Limiting);
            duty.Amps = -50;
            Assert.Equal(0.0, c.CurrentA(Pack(t + Step)));

            // a converter that never heard from the module does nothing
            var deaf = new LimitFollowingConverter(duty, new ConverterLimits());
            Assert.Equal(0.0, deaf.CurrentA(Pack(0)));
            Assert.Equal(ConverterLimit.Stale, deaf.Limiting);
        }

        [Fact]
        public void AMessageWithoutEveryMemberIsRefused()
        {
            var limits = new ConverterLimits();
            Assert.Throws<FormatException>(() => limits.Take(Encoding.ASCII.GetBytes("{\"seq\":1,\"valid\":true}"), 0));
            Assert.False(limits.Received);
        }
    }
}
