using System;
using System.Diagnostics;

namespace NearDup.Benchmarks.Infrastructure;

/// <summary>The stopwatch timing the `stages` and `spin` verbs share: warm up, then keep the fastest of N runs.</summary>
internal static class FastestRun
{
    /// <summary>Runs <paramref name="run"/> for 1.5 s (the benchmarks run without tiered compilation, so this warms
    /// caches and branch predictors, not the JIT), then <paramref name="rounds"/> more times, and returns the fastest of
    /// those in microseconds. The minimum shrugs off preemption by other work on a shared machine.</summary>
    public static double Microseconds(Action run, int rounds)
    {
        long warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm).TotalMilliseconds < 1500)
        {
            run();
        }

        double best = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return best;
    }
}
