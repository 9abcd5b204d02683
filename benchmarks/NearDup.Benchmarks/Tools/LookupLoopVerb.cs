using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Infrastructure;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Candidates;
using NearDup.Detection;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>lookup-loop --dir D [--seconds 30] [--kinds K,K… …]</c>: opens the index in D, analyses 4,000 generated
/// misses, runs the candidate lookup (no verification) once for each of them unmeasured, prints "lookup loop starts"
/// and then loops over them for S seconds: a steady load to attach a profiler to (see benchmarks/README.md for the
/// <c>perf</c> command). Prints the median and p99 and the mean per source. Each <c>--kinds</c> (comma-separated
/// <see cref="CopyKinds"/> names; default All) is looped in turn, S seconds each.
/// </summary>
internal static class LookupLoopVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("The index folder.");
        var seconds = Verb.Number("--seconds", "Seconds to loop for each --kinds.", 30, min: 1);
        var kinds = new Option<CopyKinds[]>("--kinds")
        {
            Description = "Kinds of copy to look for (CopyKinds names, comma-separated); repeat the option to loop over each set in turn.",
            HelpName = Verb.KindsHelpName,
            DefaultValueFactory = _ => [CopyKinds.All],
            CustomParser = r => [.. r.Tokens.Select(t => Verb.Kinds(r, t.Value))],
        };
        return Verb.Command(
            "lookup-loop",
            "Loop the candidate lookup (no verification) over 4,000 analysed misses for S seconds per --kinds: a steady load for a profiler, and the lookup's cost per kind. " +
            "No tiered compilation (see the project file); one unmeasured lookup of every query first.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(seconds), parse.GetValue(kinds)!),
            dir, seconds, kinds);
    }

    private static int Run(string dir, int seconds, CopyKinds[] modes)
    {
        using NearDupIndex index = NearDupIndex.Open(dir);
        var analyzer = new DocumentAnalyzer(index.Options.Analysis);
        List<AnalyzedDocument> queries = Unrelated(4_000).Select(d => analyzer.Analyze("miss-" + d.Id, Encoding.UTF8.GetString(d.Utf8))).ToList();
        foreach (AnalyzedDocument query in queries)
        {
            index.CandidateCount(query);
        }

        Console.WriteLine("lookup loop starts");
        foreach (CopyKinds kinds in modes)
        {
            var ticks = new long[LookupSteps.Length];
            var times = new List<double>();
            long end = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                var laps = new StopwatchLaps(ticks);
                long start = Stopwatch.GetTimestamp();
                Readings.TimedLookup(index, queries[times.Count % queries.Count], kinds, ref laps);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(Verb.Inv, $"{kinds}: {times.Count:N0} lookups, median {Pct(times, 0.5):0.0} µs, p99 {Pct(times, 0.99):0.0} µs; mean per source: ") +
                string.Join(", ", LookupSteps.Select((name, i) => string.Create(Verb.Inv, $"{name} {ticks[i] * 1e6 / Stopwatch.Frequency / times.Count:0.0} µs"))));
        }

        return 0;
    }
}
