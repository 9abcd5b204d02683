using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace NearDup.Benchmarks.Infrastructure;

/// <summary>
/// <c>stalls [--seconds 30] [--threads 2]</c>: how long the machine stops running this process now and then, with no
/// work in the way. Each thread spins reading the clock and records every gap over 1 ms between two reads; a gap is time
/// the thread did not run (the scheduler, or on a virtual machine the host, took its core). The floor under every
/// maximum latency measured here: a query that falls in such a gap takes the gap's length on top of its own.
/// </summary>
internal static class StallProbe
{
    /// <summary>Runs the probe.</summary>
    /// <param name="args">The options.</param>
    /// <returns>The exit code.</returns>
    public static int Run(ReadOnlySpan<string> args)
    {
        int seconds = 30, threads = 2;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--seconds": seconds = value; break;
                case "--threads": threads = value; break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

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

        var inv = CultureInfo.InvariantCulture;
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
