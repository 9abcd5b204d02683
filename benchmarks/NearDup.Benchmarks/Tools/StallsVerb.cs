using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>stalls [--seconds 30] [--threads 2]</c>: how long the machine stops running this process now and then, with no
/// work in the way. Each thread spins reading the clock and records every gap over 1 ms between two reads; a gap is time
/// the thread did not run (the scheduler, or on a virtual machine the host, took its core). The floor under every
/// maximum latency measured here: a query that falls in such a gap takes the gap's length on top of its own.
/// </summary>
internal static class StallsVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var seconds = Verb.Number("--seconds", "How long to spin.", 30, min: 1);
        var threads = Verb.Number("--threads", "Spinning threads.", 2, min: 1);
        return Verb.Command(
            "stalls",
            "Spin threads that only read the clock and list every gap over 1 ms: time the machine did not run the process. " +
            "It times the machine, not code; no tiered compilation (see the project file).",
            parse => Run(parse.GetValue(seconds), parse.GetValue(threads)),
            seconds, threads);
    }

    private static int Run(int seconds, int threads)
    {
        long origin = Stopwatch.GetTimestamp();
        long end = origin + (long)(seconds * (double)Stopwatch.Frequency);
        long threshold = Stopwatch.Frequency / 1000;
        var gaps = new List<(double AtSeconds, double Ms)>[threads];
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int thread = t;
            gaps[thread] = [];
            workers[thread] = new Thread(() =>
            {
                long last = Stopwatch.GetTimestamp();
                while (last < end)
                {
                    long now = Stopwatch.GetTimestamp();
                    if (now - last > threshold)
                    {
                        gaps[thread].Add(((last - origin) / (double)Stopwatch.Frequency, (now - last) * 1000.0 / Stopwatch.Frequency));
                    }

                    last = now;
                }
            });
            workers[thread].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        var inv = Verb.Inv;
        Console.WriteLine(string.Create(inv, $"{threads} spinning threads for {seconds} s; gaps between two clock reads of one thread:"));
        for (int t = 0; t < threads; t++)
        {
            List<(double AtSeconds, double Ms)> g = gaps[t];
            Console.WriteLine(string.Create(inv, $"  thread {t}: over 1 ms {g.Count}, over 5 ms {g.Count(x => x.Ms > 5)}, over 15 ms {g.Count(x => x.Ms > 15)}, longest {(g.Count == 0 ? 0 : g.Max(x => x.Ms)):0.0} ms"));
            Console.WriteLine("    over 15 ms (at s: ms): " + string.Join(", ", g.Where(x => x.Ms > 15).Select(x => string.Create(inv, $"{x.AtSeconds:0.00}: {x.Ms:0.0}"))));
        }

        return 0;
    }
}
