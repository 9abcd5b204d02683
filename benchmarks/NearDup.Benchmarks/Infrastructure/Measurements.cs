using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Indexing.Lsh;
using NearDup.Indexing.Passages;
using NearDup.Sketches.MinHash;
using NearDup.Storage.Codecs;
using NearDup.Verification;

namespace NearDup.Benchmarks.Infrastructure;

/// <summary>
/// Stopwatch verbs for questions a BenchmarkDotNet run answers too slowly or not at all: the candidate pairs a scan
/// verifies (<c>candidates</c>), the persistent index end to end (<c>index</c>), the MinHash LSH index alone
/// (<c>lsh</c>) and the fastest-of-N version of <c>SpinCost</c> (<c>spin</c>). None of them changes or instruments
/// the library: they call its public API and time around it.
/// </summary>
internal static class Measurements
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// <c>candidates DIR [--count-only]</c>: analyses DIR/docs like <c>neardup scan</c>, gathers candidates exactly as
    /// <c>DuplicateScanner</c> does (same structures, same order, through their public API), counts them per source,
    /// and times the verification of every candidate on one thread, split by outcome.
    /// </summary>
    public static int Candidates(ReadOnlySpan<string> args)
    {
        string dir = args[0];
        var scanner = new DuplicateScanner();
        IndexOptions o = scanner.Options;
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
        Report("word MinHash LSH", LshPairs(docs, d => d.MinHash, o.Analysis.MinHash, scanner.Banding), watch.Elapsed);
        watch.Restart();
        Report("spin MinHash LSH", LshPairs(docs, d => d.SpinSketch, o.Analysis.SpinSketch, scanner.SpinBanding), watch.Elapsed);
        watch.Restart();
        Report("word passages", PassagePairs(docs, d => d.PassageFingerprints, o.MaxPostings, o.MinSharedFingerprints), watch.Elapsed);
        watch.Restart();
        Report("spin passages", PassagePairs(docs, d => d.SpinFingerprints, o.MaxPostings, o.MinSharedSpinFingerprints), watch.Elapsed);
        Console.WriteLine($"{"all (verified)",-22} {all.Count,9:N0} pairs  ({(double)all.Count / docs.Length:0.00} per document)");
        Console.WriteLine($"word banding {scanner.Banding}, spin banding {scanner.SpinBanding}");

        if (args.Length > 1 && args[1] == "--count-only")
        {
            return 0;
        }

        // One thread, so the per-pair times are comparable with SpinCost's Verify rows.
        var time = new Dictionary<string, (int Count, double Ms)>();
        long total = Stopwatch.GetTimestamp();
        foreach ((int a, int b) in all)
        {
            long start = Stopwatch.GetTimestamp();
            PairVerdict? v = scanner.Verifier.Verify(docs[a], docs[b]);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            string key = v is null ? "rejected" : v.Kind.ToString();
            time[key] = time.TryGetValue(key, out var t) ? (t.Count + 1, t.Ms + ms) : (1, ms);
        }

        double totalMs = Stopwatch.GetElapsedTime(total).TotalMilliseconds;
        Console.WriteLine($"verify, one thread: {totalMs / 1000:0.00} s for {all.Count:N0} pairs, {totalMs * 1000 / all.Count:0.0} us per pair");
        foreach (var (kind, (count, ms)) in time.OrderByDescending(k => k.Value.Ms))
        {
            Console.WriteLine($"  {kind,-15} {count,9:N0} pairs  {ms / 1000,7:0.00} s  {ms * 1000 / count,8:0.0} us per pair");
        }

        return 0;
    }

    internal static HashSet<(int, int)> LshPairs(AnalyzedDocument[] docs, Func<AnalyzedDocument, MinHashSketch> sketch, MinHashParameters parameters, LshParameters banding)
    {
        var lsh = new MinHashLshIndex(parameters, banding);
        for (int i = 0; i < docs.Length; i++)
        {
            lsh.Add(i, sketch(docs[i]));
        }

        var pairs = new HashSet<(int, int)>();
        var hits = new HashSet<int>();
        for (int i = 0; i < docs.Length; i++)
        {
            hits.Clear();
            lsh.Query(sketch(docs[i]), hits);
            foreach (int j in hits)
            {
                if (j > i)
                {
                    pairs.Add((i, j));
                }
            }
        }

        return pairs;
    }

    internal static HashSet<(int, int)> PassagePairs(AnalyzedDocument[] docs, Func<AnalyzedDocument, IReadOnlyList<ulong>> fingerprints, int maxPostings, int minShared)
    {
        var passages = new PassageIndex(maxPostings);
        for (int i = 0; i < docs.Length; i++)
        {
            passages.Add(i, fingerprints(docs[i]));
        }

        return [.. passages.SharedPairs(minShared).Keys.Select(k => (k.A, k.B))];
    }

    /// <summary>Planted copies of indexed originals (hits) and unrelated originals (misses), for index queries.</summary>
    private sealed record Query(string Id, string Text, string Kind, string Original, string Note = "");

    /// <summary>
    /// <c>index --count N --dir D [--queries Q] [--batch B] [--cache C] [--analysed] [--compact] [--reopen]</c>: builds
    /// a <see cref="NearDupIndex"/> of N generated originals in batches of B (texts generated on the fly and dropped
    /// after each batch, so memory growth is the index's), reopens it, and times Q hit and Q miss queries.
    /// <c>--analysed</c> analyses each batch outside the timed region and times only
    /// <see cref="NearDupIndex.AddBatch(IEnumerable{AnalyzedDocument})"/>; <c>--compact</c> compacts before closing, so
    /// the reopen reads a snapshot rather than the log (the compaction is timed and its peak managed heap and working
    /// set sampled); <c>--reopen</c> skips building and opens the index D already
    /// holds (built with the same N), so that the process's peak memory is that of opening and querying alone;
    /// <c>--warmup W</c> (default 1,000) runs W hits and W misses first that are not measured; <c>--kinds K,K…</c>
    /// (<see cref="CopyKinds"/> names, default All) is what every query looks for.
    /// </summary>
    public static int Index(ReadOnlySpan<string> args)
    {
        int count = 10_000, queries = 1_000, batchSize = 1_000, cache = DocumentIndex.DefaultCacheCapacity, warmup = 1_000;
        bool analysed = false, compact = false, reopenOnly = false;
        CopyKinds kinds = CopyKinds.All;
        string? dir = null;
        string[] options = args.ToArray();
        for (int i = 0; i < options.Length; i++)
        {
            string Value() => i + 1 < options.Length ? options[++i] : throw new FormatException($"{options[i]} needs a value");
            switch (options[i])
            {
                case "--count": count = int.Parse(Value(), NumberStyles.AllowThousands, Inv); break;
                case "--queries": queries = int.Parse(Value(), NumberStyles.AllowThousands, Inv); break;
                case "--batch": batchSize = int.Parse(Value(), NumberStyles.AllowThousands, Inv); break;
                case "--dir": dir = Value(); break;
                case "--cache": cache = int.Parse(Value(), NumberStyles.AllowThousands, Inv); break;
                case "--warmup": warmup = int.Parse(Value(), NumberStyles.AllowThousands, Inv); break;
                case "--analysed": analysed = true; break;
                case "--compact": compact = true; break;
                case "--reopen": reopenOnly = true; break;
                case "--kinds": kinds = Enum.Parse<CopyKinds>(Value(), ignoreCase: true); break;
                default: throw new FormatException($"unknown option {options[i]}");
            }
        }

        ArgumentNullException.ThrowIfNull(dir, "--dir");
        if (Directory.Exists(dir) && !reopenOnly)
        {
            Directory.Delete(dir, recursive: true);
        }

        // Copy rates doubled from the corpus defaults so that even N = 10,000 yields ≥ 1,000 planted copies to query.
        var generator = new CorpusGenerator(new CorpusOptions(count * 2, seed: 42, exactRate: 0.02, nearDuplicateRate: 0.04, containedRate: 0.04, spunRate: 0.02));
        var hits = new List<Query>();
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<(string Id, string Text)>(batchSize);
        (long gc0, long ws0) = Memory();
        NearDupIndex? index = reopenOnly ? null : NearDupIndex.Create(dir, cacheCapacity: cache);
        var analyzer = new DocumentAnalyzer(index?.Options.Analysis ?? IndexOptions.Default.Analysis);
        double addSeconds = 0, analyseSeconds = 0;
        int added = 0;
        foreach (GeneratedDocument doc in generator.Generate())
        {
            if (added + batch.Count >= count && hits.Count >= queries + warmup)
            {
                break;
            }

            if (doc.Labels.Count == 0)
            {
                if (added + batch.Count < count)
                {
                    batch.Add((doc.Id, Encoding.UTF8.GetString(doc.Utf8)));
                    indexed.Add(doc.Id);
                }
            }
            else if (hits.Count < queries + warmup && doc.Labels[0] is { Optional: false } label && indexed.Contains(label.A))
            {
                hits.Add(new Query(doc.Id, Encoding.UTF8.GetString(doc.Utf8), label.Kind, label.A, label.Note));
            }

            if (batch.Count == batchSize || (batch.Count > 0 && added + batch.Count == count))
            {
                if (index is null)
                {
                    // --reopen: the documents are already indexed; only the query list is rebuilt.
                }
                else if (analysed)
                {
                    long startAnalysis = Stopwatch.GetTimestamp();
                    var documents = new AnalyzedDocument[batch.Count];
                    Parallel.For(0, batch.Count, i => documents[i] = analyzer.Analyze(batch[i].Id, batch[i].Text));
                    analyseSeconds += Stopwatch.GetElapsedTime(startAnalysis).TotalSeconds;
                    long start = Stopwatch.GetTimestamp();
                    index.AddBatch(documents);
                    addSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
                }
                else
                {
                    long start = Stopwatch.GetTimestamp();
                    index.AddBatch(batch);
                    addSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
                }

                added += batch.Count;
                batch.Clear();
            }
        }

        if (index is not null)
        {
            (long gc1, long ws1) = Memory();
            long hitBytes = hits.Sum(h => 2L * h.Text.Length + 200) + indexed.Sum(s => 2L * s.Length + 40);
            string from = analysed ? $"from analysed documents (their analysis, on all cores and not timed, took {analyseSeconds:0.00} s)" : "from text";
            Console.WriteLine($"indexed {added:N0} documents in {addSeconds:0.00} s of AddBatch ({added / addSeconds:N0} docs/s, batches of {batchSize:N0}, {from})");
            Console.WriteLine($"  managed heap growth {(gc1 - gc0) / 1048576.0:N0} MiB, {(gc1 - gc0 - hitBytes) / (double)added:N0} bytes/doc (query texts and id set, {hitBytes / 1048576.0:0.0} MiB, subtracted)");
            Console.WriteLine($"  working set growth {(ws1 - ws0) / 1048576.0:N0} MiB, {(ws1 - ws0) / (double)added:N0} bytes/doc; peak working set so far {PeakWorkingSet() / 1048576.0:N0} MiB");
            if (compact)
            {
                long peakBefore = PeakWorkingSet();
                long startCompact = Stopwatch.GetTimestamp();
                (long peakManaged, long peakSet) = Sampled(() => index.Compact());
                Console.WriteLine($"  compacted in {Stopwatch.GetElapsedTime(startCompact).TotalSeconds:0.00} s");
                Console.WriteLine($"  during compaction (sampled every 10 ms): managed heap peak {peakManaged / 1048576.0:N0} MiB (after building: {gc1 / 1048576.0:N0} MiB), working set peak {peakSet / 1048576.0:N0} MiB (after building: {ws1 / 1048576.0:N0} MiB)");
                Console.WriteLine($"  peak working set of the process: {peakBefore / 1048576.0:N0} MiB before compacting, {PeakWorkingSet() / 1048576.0:N0} MiB after");
            }

            var stats = index.Statistics();
            Console.WriteLine($"  store: snapshot {stats.SnapshotBytes:N0} B, log {stats.LogBytes:N0} B in {stats.LogBatches:N0} batches");
            index.Dispose();
            index = null;
            long disk = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"  on disk {disk / 1048576.0:N1} MiB, {disk / (double)added:N0} bytes/doc (the texts themselves are ~3.1 KB/doc of UTF-8)");
        }

        // The store's share of opening: read and checksum the files, nothing decoded.
        long tLoad = Stopwatch.GetTimestamp();
        using (var store = NearDup.Storage.DirectoryIndexStore.Open(dir))
        {
            store.Load(_ => { });
        }

        Console.WriteLine($"store load alone (read + checksums, no decoding): {Stopwatch.GetElapsedTime(tLoad).TotalSeconds:0.00} s");
        (long gc2, long ws2) = Memory();
        long t0 = Stopwatch.GetTimestamp();
        (int Gen0, int Gen1, int Gen2, TimeSpan Pause) gcOpen = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        index = NearDupIndex.Open(dir, cacheCapacity: cache);
        double openSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        string openGc = string.Create(
            Inv,
            $"{GC.CollectionCount(0) - gcOpen.Gen0} gen0, {GC.CollectionCount(1) - gcOpen.Gen1} gen1, {GC.CollectionCount(2) - gcOpen.Gen2} gen2 collections, {(GC.GetTotalPauseDuration() - gcOpen.Pause).TotalSeconds:0.00} s paused");
        long peakAfterOpen = PeakWorkingSet();
        (long gc3, long ws3) = Memory();
        Console.WriteLine($"cache of documents rebuilt for verification: capacity {cache:N0}");
        Console.WriteLine($"open: {openSeconds:0.00} s ({index.Count:N0} documents, {index.Count / openSeconds:N0} docs/s); recovery: {index.Recovery.SnapshotDocuments:N0} snapshot documents, {index.Recovery.ReplayedBatches:N0} batches replayed, {index.Recovery.DroppedBytes:N0} bytes dropped");
        Console.WriteLine($"  GC while opening: {openGc}");
        Console.WriteLine($"  after open: managed heap growth {(gc3 - gc2) / (double)index.Count:N0} bytes/doc, working set growth {(ws3 - ws2) / (double)index.Count:N0} bytes/doc, working set {ws3 / 1048576.0:N0} MiB, peak working set so far {peakAfterOpen / 1048576.0:N0} MiB");

        var misses = new CorpusGenerator(new CorpusOptions(queries + warmup, seed: 4242, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
            .Generate().Select(d => new Query("miss-" + d.Id, Encoding.UTF8.GetString(d.Utf8), "miss", "")).ToList();

        // Warm-up on queries that are not measured (so their candidates are not in the cache when measured): the first
        // `warmup` hits and misses, interleaved. The tiered JIT needs this many: with 100 the hit path was still
        // partly tier-0 code being recompiled in the background, which on 2 cores put 8 ms into the hit p99.
        int warmHits = Math.Min(warmup, hits.Count / 2);
        for (int i = 0; i < Math.Max(warmHits, warmup); i++)
        {
            foreach (Query q in (Query[])[.. i < warmHits ? [hits[i]] : Array.Empty<Query>(), .. i < warmup ? [misses[i]] : Array.Empty<Query>()])
            {
                index.Query(q.Text, q.Id, kinds);
                analyzer.Analyze(q.Id, q.Text);
            }
        }

        hits = hits.Skip(warmHits).Take(queries).ToList();
        misses = misses.Skip(warmup).ToList();
        Console.WriteLine($"warm-up: {warmHits:N0} hits and {warmup:N0} misses not measured; measured: {hits.Count:N0} hits, {misses.Count:N0} misses");

        Console.WriteLine($"queries, one thread, µs (analysis of the query text included), looking for: {kinds}");
        var byKind = new Dictionary<string, List<double>>();
        int found = 0, wrongKind = 0, missFlagged = 0, missVerdicts = 0;
        var notFound = new List<string>();
        var gcAt = new Dictionary<string, (int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated)>();
        var hitTimes = new List<(double Us, Query Q, int Verdicts, double PausedUs, int Gen)>();
        var missTimes = new List<(double Us, double PausedUs, int Gen)>();
        var olderCollections = new List<string>();
        foreach (Query q in hits.Concat(misses))
        {
            string phase = q.Kind == "miss" ? "miss" : "hit";
            if (!gcAt.ContainsKey(phase))
            {
                gcAt[phase] = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));
            }

            TimeSpan pausedBefore = GC.GetTotalPauseDuration();
            int gen1Before = GC.CollectionCount(1), gen2Before = GC.CollectionCount(2);
            long start = Stopwatch.GetTimestamp();
            IReadOnlyList<PairVerdict> result = index.Query(q.Text, q.Id, kinds);
            double us = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            double pausedUs = (GC.GetTotalPauseDuration() - pausedBefore).TotalMicroseconds;
            int gen = GC.CollectionCount(2) > gen2Before ? 2 : GC.CollectionCount(1) > gen1Before ? 1 : 0; // the oldest collected
            if (gen > 0)
            {
                GCMemoryInfo info = GC.GetGCMemoryInfo(gen == 2 ? GCKind.Any : GCKind.Ephemeral);
                olderCollections.Add(string.Create(Inv, $"gen{info.Generation} {info.PauseDurations[0].TotalMilliseconds:0.0} ms ({info.PromotedBytes / 1048576.0:0.0} MiB promoted{(info.Compacted ? ", compacting" : "")})"));
            }

            foreach (string k in (string[])[q.Kind == "miss" ? "miss" : "hit (all kinds)", "  " + q.Kind])
            {
                if (!byKind.TryGetValue(k, out List<double>? list))
                {
                    byKind[k] = list = [];
                }

                list.Add(us);
            }

            if (q.Kind != "miss")
            {
                hitTimes.Add((us, q, result.Count, pausedUs, gen));
            }

            if (q.Kind == "miss")
            {
                missTimes.Add((us, pausedUs, gen));
                missFlagged += result.Count > 0 ? 1 : 0;
                missVerdicts += result.Count;
            }
            else if (result.FirstOrDefault(v => v.A == q.Original) is { } v)
            {
                found++;
                wrongKind += v.Kind.ToString().Equals(q.Kind.Replace("-", ""), StringComparison.OrdinalIgnoreCase) ? 0 : 1;
            }
            else
            {
                notFound.Add($"{q.Id} ({q.Kind} of {q.Original}, {q.Note}; {result.Count} other verdicts)");
            }
        }

        foreach (var (kind, list) in byKind.Where(k => k.Key != "  miss"))
        {
            list.Sort();
            Console.WriteLine($"  {kind,-18} n={list.Count,5}  median {Pct(list, 0.5),8:0}  p90 {Pct(list, 0.9),8:0}  p99 {Pct(list, 0.99),8:0}  max {list[^1],8:0}");
        }

        // Collections during the queries (from the first hit to the first miss, and from there to the end): the tail.
        (int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated) gcEnd = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));
        if (gcAt.TryGetValue("hit", out var h))
        {
            var m = gcAt.GetValueOrDefault("miss", gcEnd);
            Console.WriteLine($"  GC during hits: {m.Gen0 - h.Gen0} gen0, {m.Gen1 - h.Gen1} gen1, {m.Gen2 - h.Gen2} gen2 collections, {(m.Pause - h.Pause).TotalMilliseconds:0.0} ms paused, {(m.Allocated - h.Allocated) / 1024.0 / hits.Count:N1} KB allocated per query");
        }

        if (gcAt.TryGetValue("miss", out var s0))
        {
            Console.WriteLine($"  GC during misses: {gcEnd.Gen0 - s0.Gen0} gen0, {gcEnd.Gen1 - s0.Gen1} gen1, {gcEnd.Gen2 - s0.Gen2} gen2 collections, {(gcEnd.Pause - s0.Pause).TotalMilliseconds:0.0} ms paused, {(gcEnd.Allocated - s0.Allocated) / 1024.0 / misses.Count:N1} KB allocated per query");
        }

        if (olderCollections.Count > 0)
        {
            Console.WriteLine("  gen1 and gen2 collections during queries: " + string.Join(", ", olderCollections));
        }

        // What the slowest hits (the p99 and above) had to do: their candidates, all verified, and their verdicts; and
        // the garbage collector's pauses while each ran, when there were any.
        var slowest = hitTimes.OrderByDescending(h => h.Us).Take(Math.Max(1, hitTimes.Count / 100)).ToList();
        Console.WriteLine("  slowest 1% of hits (µs kind candidates verdicts [GC generation: pause µs]): " + string.Join(", ", slowest.Select(h =>
            string.Create(Inv, $"{h.Us:0} {h.Q.Kind} {index.CandidateCount(analyzer.Analyze(h.Q.Id, h.Q.Text), kinds: kinds)} {h.Verdicts}{(h.PausedUs > 0 ? $" [gen{h.Gen}: {h.PausedUs:0}]" : "")}"))));
        // The ten slowest hits run again: a time that comes back is the query's own cost, one that does not was a stall.
        Console.WriteLine("  the ten slowest hits again (µs): " + string.Join(", ", slowest.Take(10).Select(h =>
        {
            long start = Stopwatch.GetTimestamp();
            index.Query(h.Q.Text, h.Q.Id, kinds);
            return string.Create(Inv, $"{h.Us:0} → {Stopwatch.GetElapsedTime(start).TotalMicroseconds:0}");
        })));
        Console.WriteLine("  slowest 1% of misses (µs [GC generation: pause µs]): " + string.Join(", ", missTimes.OrderByDescending(m => m.Us).Take(Math.Max(1, missTimes.Count / 100)).Select(m =>
            string.Create(Inv, $"{m.Us:0}{(m.PausedUs > 0 ? $" [gen{m.Gen}: {m.PausedUs:0}]" : "")}"))));
        var analyse = new List<double>();
        foreach (Query q in hits.Concat(misses))
        {
            long start = Stopwatch.GetTimestamp();
            analyzer.Analyze(q.Id, q.Text);
            analyse.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        analyse.Sort();
        Console.WriteLine($"  {"analysis alone",-18} n={analyse.Count,5}  median {Pct(analyse, 0.5),8:0}  p90 {Pct(analyse, 0.9),8:0}  p99 {Pct(analyse, 0.99),8:0}");
        // The candidate lookup alone, on analysed queries: every source and the gate, no verification.
        foreach (string side in (string[])["hit", "miss"])
        {
            var lookup = new List<double>();
            var counts = new List<double>();
            string[] sources = ["word LSH + exact", "SimHash", "word passages", "spin LSH", "spin passages + gate"];
            var bySource = sources.Select(_ => new List<double>()).ToArray();
            var ticks = new long[sources.Length];
            foreach (Query q in side == "hit" ? hits : misses)
            {
                AnalyzedDocument query = analyzer.Analyze(q.Id, q.Text);
                Array.Clear(ticks);
                var laps = new StopwatchLaps(ticks);
                long start = Stopwatch.GetTimestamp();
                int n = index.CandidateCount(query, kinds, ref laps); // cold: the first lookup of this query, split by source
                lookup.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                counts.Add(n);
                for (int s = 0; s < sources.Length; s++)
                {
                    bySource[s].Add(ticks[s] * 1e6 / Stopwatch.Frequency);
                }
            }

            lookup.Sort();
            counts.Sort();
            for (int s = 0; s < sources.Length; s++)
            {
                bySource[s].Sort();
                Console.WriteLine($"    {sources[s] + " (cold)",-28} median {Pct(bySource[s], 0.5),8:0.0}  p99 {Pct(bySource[s], 0.99),8:0.0} µs");
            }

            Console.WriteLine($"  {"candidates, " + side,-18} n={lookup.Count,5}  median {Pct(lookup, 0.5),8:0.0}  p90 {Pct(lookup, 0.9),8:0.0}  p99 {Pct(lookup, 0.99),8:0.0}  µs; candidates per query median {Pct(counts, 0.5):0} p99 {Pct(counts, 0.99):0} max {counts[^1]:0}");
        }

        // A hit's verification split into its steps, uncached and one candidate at a time: decompressing the
        // candidate's text, rebuilding its tokens and shingles, and the verifier itself; time and allocation per hit.
        {
            string[] steps = ["decompress", "rebuild tokens", "verify", "  of which shingles", "  of which 1 alignment"];
            var perStep = steps.Select(_ => new List<double>()).ToArray();
            var stepTicks = new long[steps.Length];
            var stepBytes = new long[steps.Length];
            foreach (Query q in hits)
            {
                AnalyzedDocument query = analyzer.Analyze(q.Id, q.Text);
                Array.Clear(stepTicks);
                index.TimeVerification(query, stepTicks, stepBytes);
                for (int s = 0; s < steps.Length; s++)
                {
                    perStep[s].Add(stepTicks[s] * 1e6 / Stopwatch.Frequency);
                }
            }

            for (int s = 0; s < steps.Length; s++)
            {
                perStep[s].Sort();
                string allocated = s < 3 ? $"  {stepBytes[s] / 1024.0 / hits.Count,6:0.0} KB allocated per hit" : "";
                Console.WriteLine($"    hit, {steps[s],-23} median {Pct(perStep[s], 0.5),8:0.0}  p99 {Pct(perStep[s], 0.99),8:0.0} µs{allocated}");
            }
        }

        Console.WriteLine($"hits: original found for {found:N0} of {hits.Count:N0}, {wrongKind:N0} with another kind than planted; misses: {missFlagged:N0} of {misses.Count:N0} got a verdict ({missVerdicts:N0} verdicts)");
        if (notFound.Count > 0)
        {
            Console.WriteLine($"  originals not found: {string.Join(", ", notFound.Take(20))}");
        }
        (long gc4, _) = Memory();
        long queryBytes = misses.Sum(m => 2L * m.Text.Length + 200); // the hit texts were alive before open already
        Console.WriteLine($"  after queries: managed heap growth since open {(gc4 - gc2 - queryBytes) / (double)index.Count:N0} bytes/doc (the cache of analysed documents included; miss query texts subtracted)");
        index.Dispose();
        return 0;
    }

    /// <summary>
    /// <c>open --dir D</c>: opening an existing index alone, once, in a fresh process: the time, the collections and
    /// their pauses, the managed heap and the peak working set. The index verb's <c>--reopen</c> does the same after
    /// regenerating its queries, which takes as long again at 1,000,000 documents.
    /// </summary>
    public static int Open(ReadOnlySpan<string> args)
    {
        string? dir = args.Length == 2 && args[0] == "--dir" ? args[1] : throw new FormatException("usage: open --dir D");
        (long gc0, long ws0) = Memory();
        (int Gen0, int Gen1, int Gen2, TimeSpan Pause) before = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        long start = Stopwatch.GetTimestamp();
        using NearDupIndex index = NearDupIndex.Open(dir);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        (long gc1, long ws1) = Memory();
        Console.WriteLine($"open: {seconds:0.00} s ({index.Count:N0} documents, {index.Count / seconds:N0} docs/s)");
        Console.WriteLine($"  GC while opening: {GC.CollectionCount(0) - before.Gen0} gen0, {GC.CollectionCount(1) - before.Gen1} gen1, {GC.CollectionCount(2) - before.Gen2} gen2 collections, {(GC.GetTotalPauseDuration() - before.Pause).TotalSeconds:0.00} s paused");
        Console.WriteLine($"  managed heap {(gc1 - gc0) / (double)index.Count:N0} bytes/doc, working set {(ws1 - ws0) / 1048576.0:N0} MiB, peak working set {PeakWorkingSet() / 1048576.0:N0} MiB");
        return 0;
    }

    /// <summary>
    /// <c>lookup-loop --dir D [--seconds 30] [--kinds K,K… …]</c>: opens the index in D, analyses 4,000 generated
    /// misses, runs the candidate lookup (no verification) once for each of them unmeasured, prints "lookup loop starts"
    /// and then loops over them for S seconds: a steady load to attach a profiler to (see benchmarks/README.md for the
    /// <c>perf</c> command). Prints the median and p99 and the mean per source. Each <c>--kinds</c> (comma-separated
    /// <see cref="CopyKinds"/> names; default All) is looped in turn, S seconds each.
    /// </summary>
    public static int LookupLoop(ReadOnlySpan<string> args)
    {
        string? dir = null;
        int seconds = 30;
        var modes = new List<CopyKinds>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--dir": dir = args[i + 1]; break;
                case "--seconds": seconds = int.Parse(args[i + 1], Inv); break;
                case "--kinds": modes.Add(Enum.Parse<CopyKinds>(args[i + 1], ignoreCase: true)); break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

        if (modes.Count == 0)
        {
            modes.Add(CopyKinds.All);
        }

        using NearDupIndex index = NearDupIndex.Open(dir ?? throw new FormatException("usage: lookup-loop --dir D [--seconds S]"));
        var analyzer = new DocumentAnalyzer(index.Options.Analysis);
        List<AnalyzedDocument> queries = new CorpusGenerator(new CorpusOptions(4_000, seed: 4242, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
            .Generate().Select(d => analyzer.Analyze("miss-" + d.Id, Encoding.UTF8.GetString(d.Utf8))).ToList();
        foreach (AnalyzedDocument query in queries)
        {
            index.CandidateCount(query);
        }

        Console.WriteLine("lookup loop starts");
        foreach (CopyKinds kinds in modes)
        {
            var ticks = new long[5];
            var times = new List<double>();
            long end = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                var laps = new StopwatchLaps(ticks);
                long start = Stopwatch.GetTimestamp();
                index.CandidateCount(queries[times.Count % queries.Count], kinds, ref laps);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            times.Sort();
            string[] sources = ["word LSH + exact", "SimHash", "word passages", "spin LSH", "spin passages + gate"];
            Console.WriteLine(string.Create(Inv, $"{kinds}: {times.Count:N0} lookups, median {Pct(times, 0.5):0.0} µs, p99 {Pct(times, 0.99):0.0} µs; mean per source: ") +
                string.Join(", ", sources.Select((name, i) => string.Create(Inv, $"{name} {ticks[i] * 1e6 / Stopwatch.Frequency / times.Count:0.0} µs"))));
        }

        return 0;
    }

    /// <summary>
    /// <c>store-read --dir D [--rounds R]</c>: the store's streaming load of an existing index alone (read, checksums,
    /// one new array per payload, nothing decoded), best of R rounds after one that fills the page cache. Commit
    /// 3a2d815 also timed a memory map here (read field by field, or filling the window); it was 2.6–3.4× slower.
    /// </summary>
    public static int StoreRead(ReadOnlySpan<string> args)
    {
        string? dir = null;
        int rounds = 5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--dir": dir = args[i + 1]; break;
                case "--rounds": rounds = int.Parse(args[i + 1], Inv); break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

        ArgumentNullException.ThrowIfNull(dir, "--dir");
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

    /// <summary>
    /// <c>lsh N [Q] [--synthetic]</c>: <see cref="MinHashLshIndex"/> alone, for the word sketch and the spin sketch with
    /// the scan's bandings: inserts per second from precomputed sketches (and from raw values), bytes per entry, and
    /// the candidate lookup of one query. <c>--synthetic</c> replaces the generated corpus with seeded random sketches
    /// (one set of parameters, the word banding) and planted copies, so that N = 1,000,000 takes seconds instead of
    /// an hour of analysis.
    /// </summary>
    public static int Lsh(ReadOnlySpan<string> args)
    {
        bool synthetic = args.Contains("--synthetic");
        var positional = new List<string>();
        foreach (string a in args)
        {
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(a);
            }
        }

        int count = int.Parse(positional[0], NumberStyles.AllowThousands, Inv);
        int queries = positional.Count > 1 ? int.Parse(positional[1], NumberStyles.AllowThousands, Inv) : 1_000;
        var scanner = new DuplicateScanner();
        if (synthetic)
        {
            MinHashParameters parameters = scanner.Options.Analysis.MinHash;
            (MinHashSketch[] randomSketches, List<MinHashSketch> hits, List<int> hitKeys, List<MinHashSketch> misses) = SyntheticSketches(parameters, count, queries);
            MeasureLsh("synthetic random", parameters, scanner.Banding, randomSketches, hits, hitKeys, misses);
            return 0;
        }

        // Sketches of N generated originals plus Q planted copies of them (hits) and Q unrelated originals (misses).
        // 12% of generated documents are copies, so N / 0.85 + 4Q documents hold N originals and Q usable copies.
        var generator = new CorpusGenerator(new CorpusOptions((int)(count / 0.85) + 4 * queries, seed: 42, exactRate: 0.02, nearDuplicateRate: 0.04, containedRate: 0.04, spunRate: 0.02));
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
        void Flush()
        {
            var analyzed = new AnalyzedDocument[pending.Count];
            var list = pending;
            Parallel.For(0, list.Count, i => analyzed[i] = scanner.Analyzer.Analyze(list[i].Id, list[i].Utf8));
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

        var missDocs = new CorpusGenerator(new CorpusOptions(queries, seed: 4242, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
            .Generate().Select(d => scanner.Analyzer.Analyze(d.Id, d.Utf8)).ToList();

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

    /// <summary><c>spin [ROUNDS]</c>: every <c>SpinCost</c> method, fastest of ROUNDS after 1.5 s of warm-up.</summary>
    public static int Spin(ReadOnlySpan<string> args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], Inv) : 200;
        var bench = new NearDup.Benchmarks.Spin.SpinCost();
        bench.Setup();
        foreach (var (id, _, note) in NearDup.Benchmarks.Spin.SpinCost.Pairs())
        {
            Console.WriteLine($"pair document {id}: {note}");
        }

        (string Name, int PerInvoke, Func<object?> Run)[] methods =
        [
            ("word path (per doc)", 16, () => bench.WordPath()),
            ("spin path (per doc)", 16, () => bench.SpinPath()),
            ("spin elements (per doc)", 16, () => bench.SpinElements()),
            ("Analyze (per doc)", 16, () => bench.Analyze()),
            ("Verify unrelated", 1, bench.VerifyUnrelated),
            ("Verify spun", 1, bench.VerifySpun),
            ("Verify near-duplicate", 1, bench.VerifyNear),
            ("Measure spun", 1, () => bench.MeasureSpun()),
            ("Align spun", 1, bench.AlignSpun),
            ("Align unrelated", 1, bench.AlignUnrelated),
        ];
        Console.WriteLine($"verdicts: spun {bench.VerifySpun()?.Kind.ToString() ?? "none"}, unrelated {bench.VerifyUnrelated()?.Kind.ToString() ?? "none"}, near {bench.VerifyNear()?.Kind.ToString() ?? "none"}");
        foreach (var (name, per, run) in methods)
        {
            double best = FastestRun.Microseconds(() => run(), rounds);
            Console.WriteLine($"{name,-26} {best / per,9:0.00} us");
        }

        return 0;
    }

    /// <summary>
    /// <c>index-memory --dir DIR</c>: the managed heap of each part a <see cref="NearDupIndex"/> keeps per document,
    /// measured by building each part alone from the stored candidate data of an existing index (payload version 2).
    /// </summary>
    public static int IndexMemory(ReadOnlySpan<string> args)
    {
        string dir = args.Length == 2 && args[0] == "--dir" ? args[1] : throw new FormatException("usage: index-memory --dir DIR");
        IndexOptions options;
        var forms = new List<(string Id, StoredForm Form)>();
        using (var store = NearDup.Storage.DirectoryIndexStore.Open(dir))
        {
            options = IndexOptionsCodec.Read(store.Options.Span, dir);
            store.Load(d => forms.Add((d.Id, DocumentPayload.DecodeForm(d.Payload.Span, d.Id, dir, options.Analysis))));
        }

        int n = forms.Count;
        double passages = forms.Average(f => f.Form.PassageFingerprints.Length), spins = forms.Average(f => f.Form.SpinFingerprints.Length);
        Console.WriteLine($"{n:N0} documents; per document {passages:0} passage and {spins:0} spin fingerprints, {forms.Average(f => f.Form.CompressedText.Length):N0} B of compressed text, {forms.Average(f => f.Form.TextBytes):N0} B of UTF-8");
        var scanner = new DuplicateScanner(options);
        var parts = new List<object>();
        void Part(string name, Func<object> build)
        {
            long before = Memory().Managed;
            parts.Add(build());
            long after = Memory().Managed;
            Console.WriteLine($"  {name,-44} {(after - before) / (double)n,8:N0} B/doc");
        }

        Part("ids (strings) + compressed texts (byte[])", () => forms.Select(f => (new string(f.Id.AsSpan()), f.Form.CompressedText.ToArray())).ToList());
        Part("word MinHash LSH " + scanner.Banding, () =>
        {
            var lsh = new MinHashLshIndex(options.Analysis.MinHash, scanner.Banding);
            for (int i = 0; i < n; i++)
            {
                lsh.Add(i, forms[i].Form.MinHash);
            }

            return lsh;
        });
        Part("spin MinHash LSH " + scanner.SpinBanding, () =>
        {
            var lsh = new MinHashLshIndex(options.Analysis.SpinSketch, scanner.SpinBanding);
            for (int i = 0; i < n; i++)
            {
                lsh.Add(i, forms[i].Form.SpinSketch);
            }

            return lsh;
        });
        Part("passage postings", () =>
        {
            var index = new PassageIndex(options.MaxPostings);
            for (int i = 0; i < n; i++)
            {
                index.Add(i, forms[i].Form.PassageFingerprints);
            }

            return index;
        });
        Part("spin passage postings", () =>
        {
            var index = new PassageIndex(options.MaxPostings);
            for (int i = 0; i < n; i++)
            {
                index.Add(i, forms[i].Form.SpinFingerprints);
            }

            return index;
        });
        Part("SimHash index", () =>
        {
            var index = new NearDup.Indexing.Hamming.SimHashIndex(DocumentIndex.SimHashDistance);
            for (int i = 0; i < n; i++)
            {
                index.Add(i, forms[i].Form.SimHash);
            }

            return index;
        });
        long start = Memory().Managed;
        var whole = new DocumentIndex(options, 0);
        foreach (var (id, form) in forms)
        {
            whole.Add(id, form);
        }

        Console.WriteLine($"  {"whole DocumentIndex (ids, records, exact map…)",-44} {(Memory().Managed - start) / (double)n,8:N0} B/doc");
        GC.KeepAlive(parts);
        GC.KeepAlive(whole);
        return 0;
    }

    /// <summary>
    /// <c>rebuild-cost --dir DIR</c>: what verifying one indexed document costs when it is not cached: decompressing its
    /// text, rebuilding its tokens and shingles, and (for comparison) a full analysis and one verification against an
    /// unrelated query. Single thread, medians over the first 2,000 documents.
    /// </summary>
    public static int RebuildCost(ReadOnlySpan<string> args)
    {
        string dir = args.Length == 2 && args[0] == "--dir" ? args[1] : throw new FormatException("usage: rebuild-cost --dir DIR");
        IndexOptions options;
        var forms = new List<(string Id, StoredForm Form)>();
        using (var store = NearDup.Storage.DirectoryIndexStore.Open(dir))
        {
            options = IndexOptionsCodec.Read(store.Options.Span, dir);
            store.Load(d =>
            {
                if (forms.Count < 2_000)
                {
                    forms.Add((d.Id, DocumentPayload.DecodeForm(d.Payload.Span, d.Id, dir, options.Analysis)));
                }
            });
        }

        var analyzer = new DocumentAnalyzer(options.Analysis);
        var verifier = new DuplicateScanner(options).Verifier;
        AnalyzedDocument query = analyzer.Analyze("q", new CorpusGenerator(new CorpusOptions(1, seed: 4242, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0)).Generate().Select(d => Encoding.UTF8.GetString(d.Utf8)).First());
        var times = new Dictionary<string, List<double>> { ["decompress"] = [], ["tokens+shingles+set"] = [], ["full analysis"] = [], ["verify vs unrelated"] = [] };
        for (int round = 0; round < 2; round++)
        {
            foreach (var l in times.Values)
            {
                l.Clear(); // round 0 warms up
            }

            foreach (var (id, f) in forms)
            {
                long t = Stopwatch.GetTimestamp();
                string text = DocumentPayload.Decompress(f.CompressedText, f.TextBytes, id, dir);
                times["decompress"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                t = Stopwatch.GetTimestamp();
                var lean = analyzer.AnalyzeForVerification(id, text, f.ExactHash, f.SimHash);
                times["tokens+shingles+set"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                t = Stopwatch.GetTimestamp();
                analyzer.Analyze(id, text);
                times["full analysis"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                t = Stopwatch.GetTimestamp();
                verifier.Verify(lean, query);
                times["verify vs unrelated"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }
        }

        foreach (var (name, list) in times)
        {
            list.Sort();
            Console.WriteLine($"  {name,-22} median {Pct(list, 0.5),7:0.0} µs  p90 {Pct(list, 0.9),7:0.0} µs");
        }

        return 0;
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The process's peak resident set so far (VmHWM on Linux): what <c>/usr/bin/time -v</c> reports at exit.</summary>
    private static long PeakWorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }

    /// <summary>
    /// Runs <paramref name="action"/> while another thread samples the managed heap (<c>GC.GetTotalMemory(false)</c>,
    /// garbage not yet collected included) and the working set every 10 ms: the peaks of each, which the process's
    /// peak working set cannot give when an earlier phase set it.
    /// </summary>
    private static (long PeakManaged, long PeakWorkingSet) Sampled(Action action)
    {
        long peakManaged = 0, peakSet = 0;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            do
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
                peakSet = Math.Max(peakSet, Environment.WorkingSet);
            }
            while (!done.Wait(10));
        }) { IsBackground = true };
        sampler.Start();
        try
        {
            action();
        }
        finally
        {
            done.Set();
            sampler.Join();
        }

        return (peakManaged, peakSet);
    }

    private static (long Managed, long WorkingSet) Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var p = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), p.WorkingSet64);
    }
}
