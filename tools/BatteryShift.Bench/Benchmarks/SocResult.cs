using System;

namespace BatteryShift.Bench.Benchmarks
{
    internal sealed class SocResult
    {
        public double WorstRmse;
        public string WorstName = string.Empty;
        public double ModuleRmse;
        public double WorstMaxAfter2h;
        public string MaxWhere = string.Empty;
        public double BaselineRmse;
        public double BaselineMaxAfter2h;
        public double[] BaselineCellSq = new double[16];
        public double CapacityErrorPct;
        public string CapacityNote = string.Empty;
        public double FullCycles;
        public double EffectiveOffsetA;
        public double EffectiveGainPct;
        public double RestReadingA;
        public double TickNsSum;
        public double TickNs;
        public double TickMaxNs;
        public long AllocTicks;
        public long AllocWorstBytes;
        public double AllocWorstHour;
        public long CostTicks;
        public double TickAllocBytes;
        public double StartupSwingPct;
        public double StartupUncertaintyPct;
        public int TableFitEvents;
        public double CoveragePct;
        public double MeanUncertaintyPct;
    }
}
