using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Indexing.Lsh;
using NearDup.Sketches.MinHash;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>lsh N [Q] [--synthetic]</c>: <see cref="MinHashLshIndex"/> alone, for the word sketch and the spin sketch with
/// the scan's bandings: inserts per second from precomputed sketches (and from raw values), bytes per entry, and
/// the candidate lookup of one query. <c>--synthetic</c> replaces the generated corpus with seeded random sketches
/// (one set of parameters, the word banding) and planted copies, so that N = 1,000,000 takes seconds instead of
/// an hour of analysis. With NEARDUP_LSH_CHECK=1 every query's candidates are checked against a reference.
/// </summary>
internal static class LshVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var count = Verb.NumberArgument("N", "Sketches to index.", null, min: 1);
        var queries = Verb.NumberArgument("Q", "Hit queries and miss queries, each.", 1_000, min: 1);
        var synthetic = Verb.Flag("--synthetic", "Seeded random sketches and planted copies instead of an analysed corpus.");
        return Verb.Command(
            "lsh",
            "Time MinHashLshIndex alone: inserts (one by one, from raw values, sized, in batches), bytes per entry, and lookups of hits and misses. " +
            "No tiered compilation (see the project file); each insert variant runs once into a fresh index; the lookups are timed after 200 unmeasured ones, cold (first lookup of each query) and warm (fastest of 5).",
            parse => Run(parse.GetValue(count), parse.GetValue(queries), parse.GetValue(synthetic)),
            count, queries, synthetic);
    }

    private static int Run(int count, int queries, bool synthetic)
    {
        EngineParts scanner = EngineParts.Default;
        if (synthetic)
        {
            MinHashParameters parameters = scanner.Options.Analysis.MinHash;
            (MinHashSketch[] randomSketches, List<MinHashSketch> hits, List<int> hitKeys, List<MinHashSketch> misses) = SyntheticSketches(parameters, count, queries);
            MeasureLsh("synthetic random", parameters, scanner.Banding, randomSketches, hits, hitKeys, misses);
            return 0;
        }

        (List<AnalyzedDocument> originals, List<AnalyzedDocument> hitDocs, List<int> hitKeyList) = CorpusDocuments(scanner.Analyzer, count, queries);
        var missDocs = Unrelated(queries).Select(d => scanner.Analyzer.Analyze(d.Id, d.Utf8)).ToList();

        foreach ((string sketchName, Func<AnalyzedDocument, MinHashSketch> pick, MinHashParameters parameters, LshParameters banding) in
            (ReadOnlySpan<(string, Func<AnalyzedDocument, MinHashSketch>, MinHashParameters, LshParameters)>)
            [
                ("word 5-gram", d => d.MinHash, scanner.Options.Analysis.MinHash, scanner.Banding),
                ("spin skeleton 7-gram", d => d.SpinSketch, scanner.Options.Analysis.SpinSketch, scanner.SpinBanding),
            ])
        {
            MeasureLsh(sketchName, parameters, banding, originals.Select(pick).ToArray(), hitDocs.Select(pick).ToList(), hitKeyList, missDocs.Select(pick).ToList());
        }

        return 0;
    }

    /// <summary>
    /// N generated originals, analysed, plus Q planted copies of them (hits) with the key of each one's original.
    /// 12% of generated documents are copies, so N / 0.85 + 4Q documents hold N originals and Q usable copies.
    /// </summary>
    private static (List<AnalyzedDocument> Originals, List<AnalyzedDocument> Hits, List<int> HitKeys) CorpusDocuments(DocumentAnalyzer analyzer, int count, int queries)
    {
        CorpusGenerator generator = CopyRich((int)(count / 0.85) + 4 * queries);
        var originals = new List<AnalyzedDocument>(count);
        var hitDocs = new List<AnalyzedDocument>();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var hitKeyList = new List<int>();
        var pending = new List<(string Id, byte[] Utf8, string? A)>();
        int pendingOriginals = 0, pendingHits = 0;
        foreach (GeneratedDocument d in generator.Generate())
        {
            if (d.Labels.Count == 0 && keys.Count + pendingOriginals < count)
            {
                pending.Add((d.Id, d.Utf8, null));
                pendingOriginals++;
            }
            else if (d.Labels.Count > 0 && !d.Labels[0].Optional && hitKeyList.Count + pendingHits < queries)
            {
                pending.Add((d.Id, d.Utf8, d.Labels[0].A));
                pendingHits++;
            }

            if (pending.Count >= 4096)
            {
                Flush();
            }
        }

        Flush();
        return (originals, hitDocs, hitKeyList);

        void Flush()
        {
            var analyzed = new AnalyzedDocument[pending.Count];
            var list = pending;
            Parallel.For(0, list.Count, i => analyzed[i] = analyzer.Analyze(list[i].Id, list[i].Utf8));
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].A is null)
                {
                    keys[list[i].Id] = originals.Count;
                    originals.Add(analyzed[i]);
                }
                else if (keys.TryGetValue(list[i].A!, out int key))
                {
                    hitDocs.Add(analyzed[i]);
                    hitKeyList.Add(key);
                }
            }

            pending = [];
            pendingOriginals = pendingHits = 0;
        }
    }

    /// <summary>
    /// N random sketches (values from a seeded xoshiro256**), Q copies of random originals in which each value is kept
    /// with probability J (J uniform in 0.5–0.9, as a copy of that Jaccard similarity would), and Q fresh random sketches.
    /// </summary>
    private static (MinHashSketch[] Originals, List<MinHashSketch> Hits, List<int> HitKeys, List<MinHashSketch> Misses) SyntheticSketches(MinHashParameters parameters, int count, int queries)
    {
        var random = new CorpusRandom(42);
        var values = new uint[parameters.HashCount];
        MinHashSketch Fresh()
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (uint)(random.NextUInt64() % MinHasher.EmptyValue);
            }

            return new MinHashSketch(parameters, (ReadOnlySpan<uint>)values, 1000);
        }

        var originals = new MinHashSketch[count];
        for (int i = 0; i < count; i++)
        {
            originals[i] = Fresh();
        }

        var hits = new List<MinHashSketch>(queries);
        var hitKeys = new List<int>(queries);
        for (int q = 0; q < queries; q++)
        {
            int key = random.Next(count);
            double j = 0.5 + 0.4 * random.NextDouble();
            originals[key].Values.CopyTo(values);
            for (int i = 0; i < values.Length; i++)
            {
                if (!random.Chance(j))
                {
                    values[i] = (uint)(random.NextUInt64() % MinHasher.EmptyValue);
                }
            }

            hits.Add(new MinHashSketch(parameters, (ReadOnlySpan<uint>)values, 1000));
            hitKeys.Add(key);
        }

        var misses = new List<MinHashSketch>(queries);
        for (int q = 0; q < queries; q++)
        {
            misses.Add(Fresh());
        }

        return (originals, hits, hitKeys, misses);
    }

    private static void MeasureLsh(string sketchName, MinHashParameters parameters, LshParameters banding, MinHashSketch[] sketches, List<MinHashSketch> hits, List<int> hitKeys, List<MinHashSketch> misses)
    {
        int n = sketches.Length;
        int[] keys = Enumerable.Range(0, n).ToArray();
        (long gc0, long ws0) = Memory();
        var lsh = new MinHashLshIndex(parameters, banding);
        double seconds = Seconds(() =>
        {
            for (int i = 0; i < n; i++)
            {
                lsh.Add(i, sketches[i]);
            }
        });
        (long gc1, long ws1) = Memory();
        Console.WriteLine($"MinHashLshIndex, {sketchName} sketches ({parameters.HashCount} hashes), banding {banding}: {n:N0} inserts in {seconds * 1000:0} ms = {n / seconds:N0} inserts/s from sketches");
        Console.WriteLine($"  memory: managed heap growth {(gc1 - gc0) / (double)n:0} bytes/entry, arrays {lsh.ArrayBytes / (double)n:0} bytes/entry (the index keeps no sketch; the caller's sketch is {parameters.HashCount * 4} more), working set growth {(ws1 - ws0) / (double)n:0} bytes/entry");

        // The same inserts from raw values (no sketch object), into a fresh index.
        seconds = Seconds(() =>
        {
            var fromValues = new MinHashLshIndex(parameters, banding);
            for (int i = 0; i < n; i++)
            {
                fromValues.Add(i, sketches[i].Values);
            }
        });
        Console.WriteLine($"  {n / seconds:N0} inserts/s from raw values (Add(int, ReadOnlySpan<uint>))");

        // The same inserts into an index sized for N up front: no growth (each rewrites a band table into fresh memory).
        long sizedBytes = 0;
        seconds = Seconds(() =>
        {
            var sized = new MinHashLshIndex(parameters, banding, n);
            for (int i = 0; i < n; i++)
            {
                sized.Add(i, sketches[i]);
            }

            sizedBytes = sized.ArrayBytes;
        });
        Console.WriteLine($"  {n / seconds:N0} inserts/s from sketches into an index sized for N ({sizedBytes / (double)n:0} bytes/entry)");

        // Batches (AddRange, all cores): the whole set into a fresh index (it grows once), into an index sized for N,
        // and in 10 batches into a fresh index (each batch grows the tables once) and into one sized for N.
        (gc0, ws0) = Memory();
        var batched = new MinHashLshIndex(parameters, banding);
        seconds = Seconds(() => batched.AddRange(keys, sketches));
        (gc1, ws1) = Memory();
        Console.WriteLine($"  {n / seconds:N0} inserts/s from sketches in one AddRange into a fresh index; memory: managed heap growth {(gc1 - gc0) / (double)n:0} bytes/entry, arrays {batched.ArrayBytes / (double)n:0} bytes/entry, working set growth {(ws1 - ws0) / (double)n:0} bytes/entry");
        seconds = Seconds(() => new MinHashLshIndex(parameters, banding, n).AddRange(keys, sketches));
        Console.WriteLine($"  {n / seconds:N0} inserts/s from sketches in one AddRange into an index sized for N");
        int batch = (n + 9) / 10;
        foreach (bool sizedForN in (ReadOnlySpan<bool>)[false, true])
        {
            long chunkedBytes = 0;
            seconds = Seconds(() =>
            {
                var chunked = sizedForN ? new MinHashLshIndex(parameters, banding, n) : new MinHashLshIndex(parameters, banding);
                for (int start = 0; start < n; start += batch)
                {
                    int length = Math.Min(batch, n - start);
                    chunked.AddRange(keys.AsSpan(start, length), sketches.AsSpan(start, length));
                }

                chunkedBytes = chunked.ArrayBytes;
            });
            Console.WriteLine($"  {n / seconds:N0} inserts/s from sketches in AddRange batches of {batch:N0} into {(sizedForN ? "an index sized for N" : "a fresh index")} ({chunkedBytes / (double)n:0} bytes/entry)");
        }

        MeasureQueries("one by one", lsh, sketches, hits, hitKeys, misses);
        MeasureQueries("AddRange", batched, sketches, hits, hitKeys, misses);
        GC.KeepAlive(lsh);
        GC.KeepAlive(batched);
    }

    /// <summary>Runs <paramref name="action"/> after a full collection (so garbage of the step before is not charged to it) and returns its seconds.</summary>
    private static double Seconds(Action action)
    {
        Memory();
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static void MeasureQueries(string built, MinHashLshIndex lsh, MinHashSketch[] sketches, List<MinHashSketch> hits, List<int> hitKeys, List<MinHashSketch> misses)
    {
        var results = new HashSet<int>();

        // JIT warm-up on sketches of neither set (their shifted copies touch other table lines), so "cold" below
        // measures the memory, not the compiler.
        for (int i = 0; i < Math.Min(200, sketches.Length); i++)
        {
            results.Clear();
            lsh.Query(sketches[sketches.Length - 1 - i], results);
        }

        foreach ((string name, List<MinHashSketch> set) in (ReadOnlySpan<(string, List<MinHashSketch>)>)[("hit", hits), ("miss", misses)])
        {
            // Cold: the first lookup of each query, before anything warmed its table lines (what a big index sees).
            var cold = new List<double>(set.Count);
            foreach (MinHashSketch s in set)
            {
                results.Clear();
                long t = Stopwatch.GetTimestamp();
                lsh.Query(s, results);
                cold.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }

            // Warm: the fastest of 5 rounds per query: the lookup is a few µs and one preemption would dominate it.
            var times = new List<double>(set.Count);
            int found = 0;
            long candidates = 0;
            for (int q = 0; q < set.Count; q++)
            {
                MinHashSketch s = set[q];
                double best = double.MaxValue;
                for (int r = 0; r < 5; r++)
                {
                    results.Clear();
                    long t = Stopwatch.GetTimestamp();
                    lsh.Query(s, results);
                    best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                }

                times.Add(best);
                candidates += results.Count;
                found += name == "hit" && results.Contains(hitKeys[q]) ? 1 : 0;
            }

            times.Sort();
            cold.Sort();
            if (Environment.GetEnvironmentVariable("NEARDUP_LSH_CHECK") == "1")
            {
                CheckAgainstReference(lsh, sketches, set);
            }

            Console.WriteLine($"  query {name,-4} ({built,-10}) n={times.Count,5}  median {Pct(times, 0.5),7:0.00} us  p99 {Pct(times, 0.99),7:0.00} us  max {times[^1],8:0.00} us  cold median {Pct(cold, 0.5),7:0.00} us  p99 {Pct(cold, 0.99),7:0.00} us  candidates/query {(double)candidates / set.Count:0.00}" +
                (name == "hit" ? $"  original among them {found}/{set.Count}" : ""));
        }
    }

    /// <summary>
    /// With NEARDUP_LSH_CHECK=1: compares every query's candidates with a reference keyed by a 128-bit hash of each
    /// band's values (no practical collision) and reports keys missing and keys added by a 32-bit fingerprint collision.
    /// </summary>
    private static void CheckAgainstReference(MinHashLshIndex lsh, MinHashSketch[] sketches, List<MinHashSketch> queries)
    {
        LshParameters banding = lsh.Banding;
        var reference = new Dictionary<(int, UInt128), List<int>>();
        for (int key = 0; key < sketches.Length; key++)
        {
            if (sketches[key].IsEmpty)
            {
                continue;
            }

            for (int band = 0; band < banding.Bands; band++)
            {
                var id = (band, System.IO.Hashing.XxHash128.HashToUInt128(System.Runtime.InteropServices.MemoryMarshal.AsBytes(sketches[key].Values.Slice(band * banding.Rows, banding.Rows))));
                if (!reference.TryGetValue(id, out List<int>? keys))
                {
                    reference[id] = keys = [];
                }

                keys.Add(key);
            }
        }

        long missing = 0, extra = 0, total = 0;
        var got = new HashSet<int>();
        var expected = new HashSet<int>();
        foreach (MinHashSketch q in queries)
        {
            got.Clear();
            expected.Clear();
            lsh.Query(q, got);
            for (int band = 0; band < banding.Bands && !q.IsEmpty; band++)
            {
                var id = (band, System.IO.Hashing.XxHash128.HashToUInt128(System.Runtime.InteropServices.MemoryMarshal.AsBytes(q.Values.Slice(band * banding.Rows, banding.Rows))));
                if (reference.TryGetValue(id, out List<int>? keys))
                {
                    expected.UnionWith(keys);
                }
            }

            total += expected.Count;
            missing += expected.Count(k => !got.Contains(k));
            extra += got.Count(k => !expected.Contains(k));
        }

        Console.WriteLine($"  check: {total:N0} reference candidates, {missing:N0} missing, {extra:N0} extra (32-bit fingerprint collisions)");
    }
}
