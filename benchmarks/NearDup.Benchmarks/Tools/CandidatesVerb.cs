using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Internal;
using NearDup.Text;
using NearDup.Verification;
using NearDup.Verification.Alignment;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>candidates DIR [--count-only]</c>: analyses DIR/docs like <c>neardup scan</c>, builds the library's
/// <see cref="CandidateIndex"/> over them as <c>NearDupIndex.FindAllPairs</c> does, counts the pairs its
/// <see cref="CandidateIndex.AllPairs"/> proposes for each kind of copy alone and for all kinds (the scan's set), and
/// times the verification of every pair of the scan's set on one thread, split by outcome, then the chaining step of
/// their alignments with the vector path against its scalar oracle, interleaved.
/// </summary>
internal static class CandidatesVerb
{
    /// <summary>The rows: each kind alone, in the order the lookup runs its sources, then the scan's set.</summary>
    private static readonly (string Name, CopyKinds Kinds)[] Rows =
    [
        ("Exact", CopyKinds.Exact),
        ("NearDuplicate", CopyKinds.NearDuplicate),
        ("Contained", CopyKinds.Contained),
        ("Spun", CopyKinds.Spun),
        ("All (the scan's)", CopyKinds.All),
    ];

    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Path("DIR", "A generated corpus: its documents are DIR/docs/*.");
        var countOnly = Verb.Flag("--count-only", "Count the pairs only; do not verify them.");
        return Verb.Command(
            "candidates",
            "Count the candidate pairs the library's candidate policy proposes per kind of copy, and time verifying the scan's pairs on one thread. " +
            "No tiered compilation (see the project file): each row is one AllPairs run, and the first pays for compiling the lookup once (fully optimised); the verification runs once over the pairs.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(countOnly)),
            dir, countOnly);
    }

    private static int Run(string dir, bool countOnly)
    {
        EngineParts scanner = EngineParts.Default;
        string[] files = Directory.GetFiles(Path.Combine(dir, "docs")).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
        var docs = new AnalyzedDocument[files.Length];
        var watch = Stopwatch.StartNew();
        Parallel.For(0, files.Length, i => docs[i] = scanner.Analyzer.Analyze(Path.GetFileName(files[i]), File.ReadAllBytes(files[i])));
        Console.WriteLine($"documents {docs.Length:N0}, analysed in {watch.Elapsed.TotalSeconds:0.00} s (all cores)");

        List<(int A, int B, bool SpunOnly)> scanPairs = CountPairs(scanner.Options, docs);
        Console.WriteLine($"{"all (verified)",-22} {scanPairs.Count,9:N0} pairs  ({(double)scanPairs.Count / docs.Length:0.00} per document)");
        Console.WriteLine($"word banding {scanner.Banding}, spin banding {scanner.SpinBanding}");
        if (!countOnly)
        {
            Verify(scanner.Options, scanner.Verifier, docs, scanPairs);
            Steps(scanner.Options, scanner.Verifier, docs, scanPairs);
            Links(scanner.Verifier, docs, scanPairs);
            Weights(scanner.Options, docs, scanPairs);
        }

        return 0;
    }

    /// <summary>Builds the candidate index over the documents, prints a row per kind of copy (pairs, pairs no earlier
    /// row had, time) and returns the pairs of the last row, all kinds: the pairs a scan verifies.</summary>
    private static List<(int A, int B, bool SpunOnly)> CountPairs(IndexOptions options, AnalyzedDocument[] docs)
    {
        var watch = Stopwatch.StartNew();
        (CandidateIndex index, DocumentFingerprints[] fingerprints) = BuildIndex(options, docs);
        Console.WriteLine($"candidate index built in {watch.Elapsed.TotalMilliseconds:0} ms; pairs per kind of copy ({options.Threads} threads each):");

        var seen = new HashSet<(int, int)>();
        List<(int A, int B, bool SpunOnly)> pairs = [];
        foreach ((string name, CopyKinds kinds) in Rows)
        {
            watch.Restart();
            pairs = index.AllPairs(kinds, fingerprints, options.Threads, progress: null, CancellationToken.None);
            TimeSpan took = watch.Elapsed;
            int fresh = pairs.Count(p => seen.Add((p.A, p.B)));
            Console.WriteLine($"{name,-22} {pairs.Count,9:N0} pairs  {fresh,9:N0} new  {took.TotalMilliseconds,8:0} ms");
        }

        return pairs;
    }

    /// <summary>The candidate index over the documents, as <c>NearDupIndex.FindAllPairs</c> builds it.</summary>
    private static (CandidateIndex Index, DocumentFingerprints[] Fingerprints) BuildIndex(IndexOptions options, AnalyzedDocument[] docs)
    {
        var fingerprints = new DocumentFingerprints[docs.Length];
        for (int i = 0; i < docs.Length; i++)
        {
            fingerprints[i] = DocumentFingerprints.Of(docs[i]);
        }

        var index = new CandidateIndex(options.CandidateSettings);
        index.AddRange(fingerprints, bulk: true);
        index.PackPassages();
        return (index, fingerprints);
    }

    /// <summary>Verifies every pair on one thread as the scan does (with the collection's recurrence, made fresh, so each
    /// document's picks are made once again), so the per-pair times are comparable with SpinCost's Verify rows; split by
    /// outcome.</summary>
    private static void Verify(IndexOptions options, PairVerifier verifier, AnalyzedDocument[] docs, List<(int A, int B, bool SpunOnly)> pairs)
    {
        CollectionRecurrence recurrence = Recurrence(options, docs);
        var time = new Dictionary<string, (int Count, double Ms)>();
        long total = Stopwatch.GetTimestamp();
        foreach ((int a, int b, _) in pairs)
        {
            long start = Stopwatch.GetTimestamp();
            PairVerdict? v = verifier.Verify(docs[a], docs[b], recurrence);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            string key = v is null ? "rejected" : v.Kind.ToString();
            time[key] = time.TryGetValue(key, out var t) ? (t.Count + 1, t.Ms + ms) : (1, ms);
        }

        double totalMs = Stopwatch.GetElapsedTime(total).TotalMilliseconds;
        Console.WriteLine($"verify as the scan does, one thread: {totalMs / 1000:0.00} s for {pairs.Count:N0} pairs, {totalMs * 1000 / pairs.Count:0.0} us per pair");
        foreach (var (kind, (count, ms)) in time.OrderByDescending(k => k.Value.Ms))
        {
            Console.WriteLine($"  {kind,-15} {count,9:N0} pairs  {ms / 1000,7:0.00} s  {ms * 1000 / count,8:0.0} us per pair");
        }
    }

    /// <summary>Times the two big steps of every pair's verification alone, on one thread, in rounds of all pairs (the
    /// recurrence made in the first round and kept, so the rounds after it time the pair's own work): the measurement
    /// (the collection weights of both documents, the shingle table, segments, coverages, passages) and one word
    /// alignment. Fastest round of three.</summary>
    private static void Steps(IndexOptions options, PairVerifier verifier, AnalyzedDocument[] docs, List<(int A, int B, bool SpunOnly)> pairs)
    {
        CollectionRecurrence recurrence = Recurrence(options, docs);
        double measure = double.MaxValue, align = double.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long start = Stopwatch.GetTimestamp();
            foreach ((int a, int b, _) in pairs)
            {
                verifier.Measure(docs[a], docs[b], recurrence, out _);
            }

            long middle = Stopwatch.GetTimestamp();
            foreach ((int a, int b, _) in pairs)
            {
                verifier.Aligner.Align(docs[a], docs[b]);
            }

            long end = Stopwatch.GetTimestamp();
            measure = Math.Min(measure, (middle - start) * 1e6 / Stopwatch.Frequency / pairs.Count);
            align = Math.Min(align, (end - middle) * 1e6 / Stopwatch.Frequency / pairs.Count);
        }

        Console.WriteLine($"steps, one thread, fastest of 3 rounds: Measure (weights included) {measure:0.0} us, Align {align:0.0} us per pair");
    }

    /// <summary>The recurrence a scan of the documents verifies its pairs with.</summary>
    private static CollectionRecurrence Recurrence(IndexOptions options, AnalyzedDocument[] docs) =>
        new(BuildIndex(options, docs).Index.PassageHolders, options.Analysis, aHeld: true, bHeld: true);

    /// <summary>Times the chaining dynamic programme of each pair's alignment both ways, interleaved pair by pair on one
    /// thread (so both see the same machine): <see cref="Chainer.LinkScalar"/>, the oracle, and <see cref="Chainer.Link"/>,
    /// the path alignments take, and counts the pairs whose answers differ (there must be none); also the seeding before
    /// it and the whole <see cref="Chainer.Chain"/>, for scale.</summary>
    private static void Links(PairVerifier verifier, AnalyzedDocument[] docs, List<(int A, int B, bool SpunOnly)> pairs)
    {
        long seeding = 0, scalar = 0, vector = 0, chaining = 0, seedCount = 0, differ = 0;
        foreach ((int a, int b, _) in pairs)
        {
            ReadOnlySpan<Token> ta = docs[a].ContentTokens, tb = docs[b].ContentTokens;
            bool[] functionA = new bool[ta.Length];
            for (int i = 0; i < ta.Length; i++)
            {
                functionA[i] = verifier.Aligner.FunctionWords.Contains(ta[i].Hash);
            }

            Seed[] seeds = RentedArrays.Rent<Seed>(Math.Max(64, 2 * ta.Length));
            long start = Stopwatch.GetTimestamp();
            int n = SeedTable.FindSeeds(ta, tb, functionA, ref seeds);
            seeding += Stopwatch.GetTimestamp() - start;
            seedCount += n;
            int[] seedI = new int[n], seedJ = new int[n], best = new int[n], prev = new int[n];
            for (int i = 0; i < n; i++)
            {
                (seedI[i], seedJ[i]) = (seeds[i].I, seeds[i].J);
            }

            int[] oracleBest = new int[n], oraclePrev = new int[n];
            start = Stopwatch.GetTimestamp();
            Chainer.LinkScalar(seedI, seedJ, seeds.AsSpan(0, n), oracleBest, oraclePrev);
            long middle = Stopwatch.GetTimestamp();
            Chainer.Link(seedI, seedJ, seeds.AsSpan(0, n), best, prev);
            long end = Stopwatch.GetTimestamp();
            differ += best.AsSpan().SequenceEqual(oracleBest) && prev.AsSpan().SequenceEqual(oraclePrev) ? 0 : 1;
            (scalar, vector) = (scalar + middle - start, vector + end - middle);

            // The whole chaining step as an alignment runs it (its links, ranking the chain ends and taking the chains).
            var chained = new Seed[Math.Max(1, n)];
            int[] bounds = new int[Math.Max(2, 2 * ((n / verifier.Aligner.MinPassageSeeds) + 1))];
            start = Stopwatch.GetTimestamp();
            Chainer.Chain(seeds.AsSpan(0, n), chained, bounds, verifier.Aligner.MinPassageSeeds, verifier.Aligner.MinPassageTokens);
            chaining += Stopwatch.GetTimestamp() - start;
            RentedArrays.Give(seeds);
        }

        double us = 1e6 / Stopwatch.Frequency / pairs.Count;
        Console.WriteLine($"chain links, one thread, interleaved: {seedCount / (double)pairs.Count:0} seeds per pair; seeding {seeding * us:0.0} us, " +
            $"LinkScalar {scalar * us:0.0} us, Link {vector * us:0.0} us, whole Chain (Link included) {chaining * us:0.0} us per pair " +
            $"(Vector256 {(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "accelerated" : "not accelerated")}); " +
            $"pairs whose links differ from LinkScalar's: {differ}");
    }

    /// <summary>Times the collection weights of every pair as a scan computes them (<see cref="CollectionRecurrence.Weigh"/>,
    /// each document's picks and holder counts kept for its later pairs) and computed for each pair alone
    /// (<see cref="CollectionRecurrence.WeighDirect"/>), on one thread, in alternating rounds of all pairs (a fresh
    /// recurrence each round, so the kept picks are made again).</summary>
    private static void Weights(IndexOptions options, AnalyzedDocument[] docs, List<(int A, int B, bool SpunOnly)> pairs)
    {
        CandidateIndex index = BuildIndex(options, docs).Index;
        double[] wa = new double[docs.Max(d => d.Shingles.Length)], wb = new double[wa.Length];
        var ms = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        for (int round = 0; round < 4; round++)
        {
            bool direct = round % 2 == 1;
            var recurrence = new CollectionRecurrence(index.PassageHolders, options.Analysis, aHeld: true, bHeld: true);
            long start = Stopwatch.GetTimestamp();
            foreach ((int a, int b, _) in pairs)
            {
                if (direct)
                {
                    recurrence.WeighDirect(docs[a], docs[b], wa, wb);
                }
                else
                {
                    recurrence.Weigh(docs[a], docs[b], wa, wb);
                }
            }

            ms[direct].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.WriteLine($"collection weights, one thread, alternating rounds: Weigh (kept picks) {string.Join(", ", ms[false].Select(m => $"{m * 1000 / pairs.Count:0.0}"))} us, " +
            $"WeighDirect {string.Join(", ", ms[true].Select(m => $"{m * 1000 / pairs.Count:0.0}"))} us per pair");
    }
}
