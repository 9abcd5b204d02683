using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace NearDup.Benchmarks.Infrastructure;

/// <summary>
/// <c>random-reads [--mb 800] [--reads 270] [--rounds 3000]</c>: what the machine charges for a batch of independent
/// random reads into one large array (the passage tables' access pattern: a query reads each of its fingerprints' slots,
/// independently), median and p99 per batch. The floor under the candidate lookup's table reads.
/// </summary>
internal static class RandomReads
{
    /// <summary>Runs the measurement.</summary>
    /// <param name="args">The options.</param>
    /// <returns>The exit code.</returns>
    public static int Run(ReadOnlySpan<string> args)
    {
        int megabytes = 800, reads = 270, rounds = 3000;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            int value = int.Parse(args[i + 1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--mb": megabytes = value; break;
                case "--reads": reads = value; break;
                case "--rounds": rounds = value; break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

        var table = new long[(long)megabytes * 1024 * 1024 / sizeof(long)];
        for (long i = 0; i < table.Length; i += 512)
        {
            table[i] = i; // touch every page, so that no read pays a page fault
        }

        var random = new Random(1);
        var at = new long[reads];
        var times = new List<double>(rounds);
        long sum = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < reads; k++)
            {
                at[k] = random.NextInt64(table.Length);
            }

            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < reads; k++)
            {
                sum += table[at[k]];
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        times.Sort();
        double median = times[times.Count / 2];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{megabytes:N0} MB, batches of {reads} independent random reads: median {median:0.0} µs, p99 {times[(int)(times.Count * 0.99)]:0.0} µs ({median * 1000 / reads:0} ns a read) [checksum {sum & 1}]"));
        return 0;
    }
}
