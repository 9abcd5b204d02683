using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>random-reads [--mb 800] [--reads 270] [--rounds 3000]</c>: what the machine charges for a batch of independent
/// random reads into one large array (the passage tables' access pattern: a query reads each of its fingerprints' slots,
/// independently), median and p99 per batch. The floor under the candidate lookup's table reads.
/// </summary>
internal static class RandomReadsVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var megabytes = Verb.Number("--mb", "Size of the array, MB.", 800, min: 1);
        var reads = Verb.Number("--reads", "Independent random reads per batch.", 270, min: 1);
        var rounds = Verb.Number("--rounds", "Batches timed.", 3000, min: 1);
        return Verb.Command(
            "random-reads",
            "Time batches of independent random reads into one large array: the floor under the passage tables' reads. " +
            "No tiered compilation (see the project file): the loop runs fully optimised from its first batch.",
            parse => Run(parse.GetValue(megabytes), parse.GetValue(reads), parse.GetValue(rounds)),
            megabytes, reads, rounds);
    }

    private static int Run(int megabytes, int reads, int rounds)
    {
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
            Verb.Inv,
            $"{megabytes:N0} MB, batches of {reads} independent random reads: median {median:0.0} µs, p99 {times[(int)(times.Count * 0.99)]:0.0} µs ({median * 1000 / reads:0} ns a read) [checksum {sum & 1}]"));
        return 0;
    }
}
