namespace BatteryShift.Differential.Scenario
{
    /// <summary>
    /// The recorded scenario: per control period, the cell voltages, temperatures and current the board presents,
    /// the external stop input, the lines typed on the console and the commands that arrive over MQTT. It covers
    /// boot and self-test, idle and console output, the MQTT link coming up, charging, an over-voltage fault and its
    /// release, discharging, an open NTC and its recovery, a two-point calibration in service mode, a configuration
    /// change saved to flash and reloaded by a reboot, line mode, remote commands, an external stop, and further
    /// charge and discharge cycles. Integer arithmetic only, so every runtime feeds the core the same inputs.
    /// </summary>
    public static class Script
    {
        /// <summary>Control periods in the scenario (35 minutes at 200 ms).</summary>
        public const int Ticks = 10500;

        /// <summary>Sets the board's inputs for one period and types or delivers that period's commands.</summary>
        public static void Apply(int tick, ScenarioRunner run)
        {
            SetCells(tick, run);
            SetCurrent(tick, run);
            SetSensors(tick, run);
            Console(tick, run);
            Remote(tick, run);
        }

        // the module's rest voltage follows its charge: up while charging, down while discharging (mV)
        private static int BaseMv(int tick)
        {
            if (tick < 300)
            {
                return 3290;
            }

            if (tick < 2500)
            {
                return 3290 + ((tick - 300) / 20);
            }

            if (tick < 2800)
            {
                return 3400;
            }

            if (tick < 4400)
            {
                return 3400 - ((tick - 2800) / 16);
            }

            if (tick < 5000)
            {
                return 3300;
            }

            // then cycles of 2000 periods: charge 800, rest 200, discharge 800, rest 200
            int phase = (tick - 5000) % 2000;
            if (phase < 800)
            {
                return 3300 + (phase / 16);
            }

            if (phase < 1000)
            {
                return 3350;
            }

            if (phase < 1800)
            {
                return 3350 - ((phase - 1000) / 16);
            }

            return 3300;
        }

        private static int DemandMa(int tick)
        {
            if (tick < 300)
            {
                return 0;
            }

            if (tick < 2500)
            {
                return 60000;
            }

            if (tick < 2800)
            {
                return 20000;
            }

            if (tick < 4400)
            {
                return -80000;
            }

            if (tick < 5000)
            {
                return 0;
            }

            int phase = (tick - 5000) % 2000;
            if (phase < 800)
            {
                return 40000;
            }

            if (phase < 1000)
            {
                return 0;
            }

            return phase < 1800 ? -60000 - ((phase % 7) * 1000) : 0;
        }

        private static void SetCurrent(int tick, ScenarioRunner run)
        {
            run.Board.DemandMa = DemandMa(tick);
            run.Board.ExternalStop = tick >= 8000 && tick < 8050;
        }

        private static void SetCells(int tick, ScenarioRunner run)
        {
            int baseMv = BaseMv(tick);

            // the cells' internal resistance under the current that really flows: about 0.35 mOhm
            int irMv = run.Board.CurrentMa * 35 / 100000;
            for (int cell = 0; cell < 16; cell++)
            {
                // a fixed spread of 0..30 mV, a cell 7 that sits 12 mV high
                int mv = baseMv + irMv + ((cell * 7) % 31) + (cell == 6 ? 12 : 0);
                run.Board.SetCellMv(cell, mv);
            }

            // over-voltage on cell 5 (past the 3.65 V fault limit), then back
            if (tick >= 2500 && tick < 2700)
            {
                run.Board.SetCellMv(4, 3900 - ((tick - 2500) % 3));
            }

            // calibration: cell 1 moved to a second point 200 mV lower while in service
            if (tick >= 4485 && tick < 4620)
            {
                run.Board.SetCellMv(0, 3100);
            }
        }

        private static void SetSensors(int tick, ScenarioRunner run)
        {
            // 25 C at 1024 mV; a warmer module while current flows (node voltage falls as the NTC warms)
            int warm = run.Board.CurrentMa != 0 ? 60 : 0;
            for (int t = 0; t < 10; t++)
            {
                run.Board.SetNtcMv(t, 1024 - warm - (t * 3));
            }

            // an open NTC on group 3 for a minute
            if (tick >= 4000 && tick < 4300)
            {
                run.Board.SetNtcMv(2, 2040);
            }
        }

        private static void Console(int tick, ScenarioRunner run)
        {
            string line = ConsoleLine(tick);
            if (line != null)
            {
                run.Type(line);
            }
        }

        private static string ConsoleLine(int tick)
        {
            switch (tick)
            {
                case 10: return "help";
                case 20: return "status";
                case 40: return "config set mqtt.host broker.local";
                case 41: return "config set mqtt.id bms-07";
                case 60: return "cells";
                case 80: return "temps";
                case 100: return "config list";
                case 120: return "balance";
                case 2560: return "faults";
                case 2600: return "clear";
                case 2750: return "clear";
                case 2760: return "log 6";
                case 4100: return "faults";
                case 4420: return "clear";
                case 4450: return "service on";
                case 4480: return "cal 1 3312";
                case 4560: return "cal 1 3112";
                case 4600: return "service off";
                case 4700: return "config set serial.period 2000";
                case 4701: return "config set bal.v_delta 15";
                case 4702: return "config set mqtt.period 2000";
                case 4703: return "config set prot.cell_ov.fault 3950";
                case 4704: return "config set prot.cell_ov.warn 3500";
                case 4705: return "config save";
                case 4710: return "config get serial.period";
                case 4800: return "reboot";
                case 4900: return "config get serial.period";
                case 4901: return "config get bal.v_delta";
                case 4910: return "mode line";
                case 7000: return "remote on";
                case 8060: return "clear";
                case 9000: return "mode text";
                case 9010: return "cal current 40000";
                case 10400: return "status";
                default: return null;
            }
        }

        private static void Remote(int tick, ScenarioRunner run)
        {
            switch (tick)
            {
                case 6000:
                    run.Mqtt.Deliver("status");
                    break;
                case 6100:
                    run.Mqtt.Deliver("config set serial.period 1000");
                    break;
                case 7010:
                    run.Mqtt.Deliver("log 3");
                    break;
                case 7020:
                    run.Mqtt.Deliver("config set mqtt.cells.period 10000");
                    break;
            }
        }
    }
}
