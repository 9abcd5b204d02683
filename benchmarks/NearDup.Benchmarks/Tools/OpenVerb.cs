using System;
using System.CommandLine;
using System.Diagnostics;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>open --dir D</c>: opening an existing index alone, once, in a fresh process: the time, the collections and
/// their pauses, the managed heap and the peak working set. The index verb's <c>--reopen</c> does the same after
/// regenerating its queries, which takes as long again at 1,000,000 documents.
/// </summary>
internal static class OpenVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("The index folder.");
        var query = new Option<string?>("--query") { Description = "A text file to query once right after the open: the first query's time is printed too (what `neardup index query` pays after its open)." };
        return Verb.Command(
            "open",
            "Open an existing index once and print the time, the collections and the memory. One open in a fresh process, as a service starts; no tiered compilation (see the project file), so the open pays for compiling its code once, fully optimised.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(query)),
            dir,
            query);
    }

    private static int Run(string dir, string? query)
    {
        (long gc0, long ws0) = Memory();
        GcCounts before = Collections();
        long start = Stopwatch.GetTimestamp();
        using NearDupIndex index = NearDupIndex.Open(dir);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        (long gc1, long ws1) = Memory();
        Console.WriteLine($"open: {seconds:0.00} s ({index.Count:N0} documents, {index.Count / seconds:N0} docs/s)");
        Console.WriteLine($"  GC while opening: {before.Since()}");
        Console.WriteLine($"  managed heap {(gc1 - gc0) / (double)index.Count:N0} bytes/doc, working set {(ws1 - ws0) / 1048576.0:N0} MiB, peak working set {PeakWorkingSet() / 1048576.0:N0} MiB");
        if (query is not null)
        {
            string text = System.IO.File.ReadAllText(query);
            long at = Stopwatch.GetTimestamp();
            int verdicts = index.Query(text, System.IO.Path.GetFileName(query)).Count;
            double ms = Stopwatch.GetElapsedTime(at).TotalMilliseconds;
            Console.WriteLine($"  first query: {ms:0.0} ms ({verdicts} verdicts); open and first query {seconds + (ms / 1000):0.00} s");
        }

        return 0;
    }
}
