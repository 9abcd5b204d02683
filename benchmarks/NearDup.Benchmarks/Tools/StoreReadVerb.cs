using System;
using System.CommandLine;
using System.Diagnostics;
using NearDup.Benchmarks.Tools.Shared;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>store-read --dir D [--rounds R]</c>: the store's streaming load of an existing index alone (read, checksums,
/// one new array per payload, nothing decoded), best of R rounds after one that fills the page cache. Commit
/// 3a2d815 also timed a memory map here (read field by field, or filling the window); it was 2.6–3.4× slower.
/// </summary>
internal static class StoreReadVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("The index folder.");
        var rounds = Verb.Number("--rounds", "Measured rounds, after one unmeasured round.", 5, min: 1);
        return Verb.Command(
            "store-read",
            "Time the store's streaming load of an existing index alone, best of R rounds. " +
            "No tiered compilation (see the project file); one unmeasured round fills the page cache, and the best round is the one to read.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(rounds)),
            dir, rounds);
    }

    private static int Run(string dir, int rounds)
    {
        double best = double.MaxValue;
        long documents = 0, bytes = 0;
        for (int round = 0; round <= rounds; round++)
        {
            documents = bytes = 0;
            long start = Stopwatch.GetTimestamp();
            using (var store = NearDup.Storage.DirectoryIndexStore.Open(dir))
            {
                store.Load(d =>
                {
                    documents++;
                    bytes += d.Payload.Length;
                });
            }

            best = round > 0 ? Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds) : best;
        }

        Console.WriteLine($"store load, best of {rounds}: {best:0.000} s for {documents:N0} documents, {bytes / 1048576.0:N0} MiB of payload ({bytes / 1048576.0 / best:N0} MiB/s)");
        return 0;
    }
}
