using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using NearDup.Verification;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>candidates DIR [--count-only]</c>: analyses DIR/docs like <c>neardup scan</c>, gathers candidates exactly as
/// <c>DuplicateScanner</c> does (same structures, same order, through their public API), counts them per source,
/// and times the verification of every candidate on one thread, split by outcome.
/// </summary>
internal static class CandidatesVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Path("DIR", "A generated corpus: its documents are DIR/docs/*.");
        var countOnly = Verb.Flag("--count-only", "Count the pairs only; do not verify them.");
        return Verb.Command(
            "candidates",
            "Count the candidate pairs per source, and time verifying them all on one thread. " +
            "Cold on purpose: each source is gathered once, and the first pays for compiling; the verification runs once over the pairs, not warmed.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(countOnly)),
            dir, countOnly);
    }

    private static int Run(string dir, bool countOnly)
    {
        var scanner = new DuplicateScanner();
        ScanOptions o = scanner.Options;
        string[] files = Directory.GetFiles(Path.Combine(dir, "docs")).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
        var docs = new AnalyzedDocument[files.Length];
        var watch = Stopwatch.StartNew();
        Parallel.For(0, files.Length, i => docs[i] = scanner.Analyzer.Analyze(Path.GetFileName(files[i]), File.ReadAllBytes(files[i])));
        Console.WriteLine($"documents {docs.Length:N0}, analysed in {watch.Elapsed.TotalSeconds:0.00} s (all cores)");

        var all = new HashSet<(int, int)>();
        void Report(string source, HashSet<(int, int)> pairs, TimeSpan took)
        {
            int fresh = pairs.Count(p => !all.Contains(p));
            all.UnionWith(pairs);
            Console.WriteLine($"{source,-22} {pairs.Count,9:N0} pairs  {fresh,9:N0} new  {took.TotalMilliseconds,8:0} ms");
        }

        watch.Restart();
        var exact = new HashSet<(int, int)>();
        foreach (var group in Enumerable.Range(0, docs.Length).GroupBy(i => docs[i].ExactHash))
        {
            int[] g = [.. group];
            for (int x = 0; x < g.Length; x++)
            {
                for (int y = x + 1; y < g.Length; y++)
                {
                    exact.Add((g[x], g[y]));
                }
            }
        }

        Report("exact hash", exact, watch.Elapsed);
        watch.Restart();
        Report("word MinHash LSH", FeaturesVerb.LshPairs(docs, d => d.MinHash, o.Analysis.MinHash, scanner.Banding), watch.Elapsed);
        watch.Restart();
        Report("spin MinHash LSH", FeaturesVerb.LshPairs(docs, d => d.SpinSketch, o.Analysis.SpinSketch, scanner.SpinBanding), watch.Elapsed);
        watch.Restart();
        Report("word passages", FeaturesVerb.PassagePairs(docs, d => d.PassageFingerprints, o.MaxPostings, o.MinSharedFingerprints), watch.Elapsed);
        watch.Restart();
        Report("spin passages", FeaturesVerb.PassagePairs(docs, d => d.SpinFingerprints, o.MaxPostings, o.MinSharedSpinFingerprints), watch.Elapsed);
        Console.WriteLine($"{"all (verified)",-22} {all.Count,9:N0} pairs  ({(double)all.Count / docs.Length:0.00} per document)");
        Console.WriteLine($"word banding {scanner.Banding}, spin banding {scanner.SpinBanding}");
        if (!countOnly)
        {
            Verify(scanner.Verifier, docs, all);
        }

        return 0;
    }

    /// <summary>Verifies every pair on one thread, so the per-pair times are comparable with SpinCost's Verify rows.</summary>
    private static void Verify(PairVerifier verifier, AnalyzedDocument[] docs, HashSet<(int, int)> pairs)
    {
        var time = new Dictionary<string, (int Count, double Ms)>();
        long total = Stopwatch.GetTimestamp();
        foreach ((int a, int b) in pairs)
        {
            long start = Stopwatch.GetTimestamp();
            PairVerdict? v = verifier.Verify(docs[a], docs[b]);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            string key = v is null ? "rejected" : v.Kind.ToString();
            time[key] = time.TryGetValue(key, out var t) ? (t.Count + 1, t.Ms + ms) : (1, ms);
        }

        double totalMs = Stopwatch.GetElapsedTime(total).TotalMilliseconds;
        Console.WriteLine($"verify, one thread: {totalMs / 1000:0.00} s for {pairs.Count:N0} pairs, {totalMs * 1000 / pairs.Count:0.0} us per pair");
        foreach (var (kind, (count, ms)) in time.OrderByDescending(k => k.Value.Ms))
        {
            Console.WriteLine($"  {kind,-15} {count,9:N0} pairs  {ms / 1000,7:0.00} s  {ms * 1000 / count,8:0.0} us per pair");
        }
    }
}
