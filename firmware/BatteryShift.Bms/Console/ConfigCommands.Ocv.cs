using BatteryShift.Bms.Estimation;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// The ocv command: which OCV curve the estimator reads SOC from, a built-in one chosen by name, or the user's own
    /// entered as 21 points (0 to 100 % of SOC in steps of 5 %, mV) a few per line and committed with its check figure.
    /// Choosing and committing change the estimator and are refused over MQTT while remote control is off; entering
    /// and showing points change nothing in use.
    /// </summary>
    internal sealed partial class ConfigCommands
    {
        private const string OcvUsage = "ocv | ocv use <bpx|lithiumwerks|prada|safari|user> | ocv pt <soc%> <mV> [mV] [mV] | ocv points | ocv commit <check>";

        internal int OcvCommand(bool fromRemote)
        {
            CommandLine c = _line;
            if (c.Count == 1)
            {
                return OcvShow();
            }

            if (c.Is(1, "use") && c.Count == 3)
            {
                return IsRefused(fromRemote) ? Refuse() : OcvUse();
            }

            if (c.Is(1, "pt") && c.Count >= 4)
            {
                return OcvPoints();
            }

            if (c.Is(1, "points") && c.Count == 2)
            {
                return OcvList();
            }

            if (c.Is(1, "commit") && c.Count == 3)
            {
                return IsRefused(fromRemote) ? Refuse() : OcvCommit();
            }

            return Usage(OcvUsage);
        }

        private int OcvShow()
        {
            SocEstimator e = Core.Estimator;
            Ok("curve ");
            _reply.Append(OcvCurves.Name(e.Curve));
            Line("user points ");
            int entered = 0;
            for (int k = 0; k < OcvCurves.UserPoints; k++)
            {
                entered += e.UserPointMv(k) != 0 ? 1 : 0;
            }

            _reply.AppendInt(entered);
            _reply.Append(" of 21 entered");
            int wrong = e.FirstWrongUserPoint();
            if (wrong >= 0 && entered > 0)
            {
                _reply.Append(", first missing or wrong at ");
                _reply.AppendInt(wrong * 5);
                _reply.Append(" %");
            }

            Line("curves: bpx (default) lithiumwerks prada safari user (docs/ocv-curves.md)");
            return ResultCode.Ok;
        }

        private int OcvUse()
        {
            int curve = -1;
            for (int id = 0; id < OcvCurves.Count && curve < 0; id++)
            {
                if (_line.Is(2, OcvCurves.Name(id)))
                {
                    curve = id;
                }
            }

            if (curve < 0)
            {
                return Usage(OcvUsage);
            }

            int result = Core.Estimator.SelectCurve(curve);
            if (result == ResultCode.NotAvailable)
            {
                return Fail(result, "no user curve committed (ocv pt, then ocv commit)");
            }

            if (result != ResultCode.Ok)
            {
                return Fail(result, "curve in use but not stored");
            }

            Ok("curve ");
            _reply.Append(OcvCurves.Name(curve));
            _reply.Append(" in use and stored; the table's learned offset starts again");
            return ResultCode.Ok;
        }

        private int OcvPoints()
        {
            int soc;
            if (!_line.TryInt(2, out soc) || soc < 0 || soc > 100 || soc % 5 != 0 || soc + (5 * (_line.Count - 4)) > 100)
            {
                return Fail(ResultCode.BadArgument, "soc% is 0, 5, ... 100, and the points after it stay within 100");
            }

            // check every value before entering any
            for (int w = 3; w < _line.Count; w++)
            {
                int mv;
                if (!_line.TryInt(w, out mv) || mv < OcvCurves.LowestMv || mv > OcvCurves.HighestMv)
                {
                    return Fail(ResultCode.OutOfRange, "each point 2000..3800 mV");
                }
            }

            for (int w = 3; w < _line.Count; w++)
            {
                int mv;
                _line.TryInt(w, out mv);
                Core.Estimator.SetUserPoint(soc + (5 * (w - 3)), mv);
            }

            Ok("entered up to ");
            _reply.AppendInt(soc + (5 * (_line.Count - 4)));
            _reply.Append(" %; nothing in use changes until ocv commit");
            return ResultCode.Ok;
        }

        private int OcvList()
        {
            SocEstimator e = Core.Estimator;
            Ok("user points, mV at 0, 5, ... 100 %:");
            for (int k = 0; k < OcvCurves.UserPoints; k++)
            {
                if (k % 7 == 0)
                {
                    _reply.NewLine();
                }
                else
                {
                    _reply.Append(' ');
                }

                _reply.AppendInt(e.UserPointMv(k));
            }

            return ResultCode.Ok;
        }

        private int OcvCommit()
        {
            int check;
            if (!_line.TryInt(2, out check) || check < 0 || check > 0xFFFF)
            {
                return Fail(ResultCode.BadArgument, "check is 0..65535: the sum of each point times its position 1..21, modulo 65536");
            }

            SocEstimator e = Core.Estimator;
            int result = e.CommitUserCurve(check);
            if (result == ResultCode.BadArgument)
            {
                Fail(result, "point at ");
                _reply.AppendInt(e.FirstWrongUserPoint() * 5);
                _reply.Append(" % missing, outside the envelope or not above the one before; nothing changed");
                return result;
            }

            if (result == ResultCode.Corrupt)
            {
                return Fail(result, "check figure differs from the points entered (ocv points); nothing changed");
            }

            if (result != ResultCode.Ok)
            {
                return Fail(result, "curve in use but not stored");
            }

            Ok("curve user in use and stored; the table's learned offset starts again");
            return ResultCode.Ok;
        }
    }
}
