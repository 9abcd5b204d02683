using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Infrastructure;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Storage.Codecs;
using NearDup.Verification;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>index --count N --dir D [--queries Q] [--batch B] [--cache C] [--warmup W] [--kinds K,K…] [--analysed]
/// [--compact] [--reopen]</c>: builds a <see cref="NearDupIndex"/> of N generated originals in batches of B (texts
/// generated on the fly and dropped after each batch, so memory growth is the index's), reopens it, and times Q hit and
/// Q miss queries.
/// </summary>
/// <remarks>
/// <c>--analysed</c> analyses each batch outside the timed region and times only
/// <see cref="NearDupIndex.AddBatch(IEnumerable{AnalyzedDocument})"/>; <c>--compact</c> compacts before closing, so the
/// reopen reads a snapshot rather than the log (the compaction is timed and its peak managed heap and working set
/// sampled); <c>--reopen</c> skips building and opens the index D already holds (built with the same N), so that the
/// process's peak memory is that of opening and querying alone; <c>--warmup W</c> (default 1,000) runs W hits and W
/// misses first that are not measured; <c>--kinds K,K…</c> (<see cref="CopyKinds"/> names, default All) is what every
/// query looks for.
/// </remarks>
internal static class IndexVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var count = Verb.Number("--count", "Generated originals to index.", 10_000, min: 1);
        var dir = Verb.Dir("The index folder; deleted first unless --reopen.");
        var queries = Verb.Number("--queries", "Hit queries and miss queries to time, each.", 1_000, min: 1);
        var batch = Verb.Number("--batch", "Documents per AddBatch.", 1_000, min: 1);
        var cache = Verb.Number("--cache", "Capacity of the cache of documents rebuilt for verification.", NearDupIndex.DefaultCacheCapacity, min: 0);
        var warmup = Verb.Number("--warmup", "Hits and misses run first and not measured.", 1_000, min: 0);
        var kinds = Verb.Kinds("Kinds of copy every query looks for (CopyKinds names, comma-separated).");
        var analysed = Verb.Flag("--analysed", "Analyse each batch outside the timed region and time only AddBatch of analysed documents.");
        var compact = Verb.Flag("--compact", "Compact before closing (timed, peak memory sampled), so the reopen reads a snapshot.");
        var reopen = Verb.Flag("--reopen", "Do not build: open the index --dir holds (built with the same --count) and query it.");
        return Verb.Command(
            "index",
            "Build a persistent index of generated originals, reopen it, and time hit and miss queries on one thread. " +
            "No tiered compilation (see the project file); the queries run after --warmup unmeasured hits and misses (caches and the document cache); building, compacting, loading and opening are timed once, as a service pays them: " +
            "they run once in a service's life.",
            parse => Run(new Settings(
                parse.GetValue(count),
                parse.GetValue(dir)!,
                parse.GetValue(queries),
                parse.GetValue(batch),
                parse.GetValue(cache),
                parse.GetValue(warmup),
                parse.GetValue(kinds),
                parse.GetValue(analysed),
                parse.GetValue(compact),
                parse.GetValue(reopen))),
            count, dir, queries, batch, cache, warmup, kinds, analysed, compact, reopen);
    }

    private static int Run(Settings s)
    {
        if (Directory.Exists(s.Dir) && !s.ReopenOnly)
        {
            Directory.Delete(s.Dir, recursive: true);
        }

        (List<Query> hits, DocumentAnalyzer analyzer) = BuildIndex(s);
        TimeStoreLoad(s.Dir);
        (NearDupIndex opened, long heapBeforeOpen) = Open(s);
        using NearDupIndex index = opened;
        List<Query> misses = Unrelated(s.Queries + s.Warmup).Select(d => new Query("miss-" + d.Id, Encoding.UTF8.GetString(d.Utf8), "miss", "")).ToList();
        (hits, misses) = WarmUp(index, analyzer, hits, misses, s);
        Tally tally = TimeQueries(index, hits, misses, s.Kinds);
        ReportSlowest(index, analyzer, tally, s.Kinds);
        TimeAnalysis(analyzer, hits, misses);
        TimeLookups(index, analyzer, hits, misses, s.Kinds);
        TimeVerificationSteps(index, analyzer, hits);
        ReportOutcome(index, tally, hits.Count, misses, heapBeforeOpen);
        return 0;
    }

    /// <summary>Creates the index and fills it (unless <c>--reopen</c>), reports the build and closes the index; in
    /// either case collects the hit queries: the first planted copies of indexed originals.</summary>
    /// <returns>The hit queries, and the analyser queries are analysed with.</returns>
    private static (List<Query> Hits, DocumentAnalyzer Analyzer) BuildIndex(Settings s)
    {
        var hits = new List<Query>();
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        (long gc0, long ws0) = Memory();
        NearDupIndex? index = s.ReopenOnly ? null : NearDupIndex.Create(s.Dir, cacheCapacity: s.Cache);
        var analyzer = new DocumentAnalyzer(index?.Options.Analysis ?? IndexOptions.Default.Analysis);
        (int added, double addSeconds, double analyseSeconds, AddCost cost) = Fill(s, index, analyzer, hits, indexed);
        if (index is null)
        {
            return (hits, analyzer);
        }

        (long gc1, long ws1) = Memory();
        long hitBytes = hits.Sum(h => 2L * h.Text.Length + 200) + indexed.Sum(id => 2L * id.Length + 40);
        string from = s.Analysed ? $"from analysed documents (their analysis, on all cores and not timed, took {analyseSeconds:0.00} s)" : "from text";
        Console.WriteLine($"indexed {added:N0} documents in {addSeconds:0.00} s of AddBatch ({added / addSeconds:N0} docs/s, batches of {s.Batch:N0}, {from})");
        Console.WriteLine(string.Create(Verb.Inv, $"  in AddBatch{(s.Analysed ? " and the analysis before it" : "")}: CPU {cost.Cpu.TotalSeconds:0.00} s ({cost.Cpu.TotalMicroseconds / added:0.0} µs/doc, {cost.Cpu.TotalSeconds / (addSeconds + analyseSeconds):0.00} cores busy), GC paused {cost.Pause.TotalSeconds:0.00} s in {cost.Gen0:N0} gen0, {cost.Gen1:N0} gen1, {cost.Gen2:N0} gen2 collections, {cost.Allocated / (double)added:N0} bytes allocated/doc"));
        Console.WriteLine($"  managed heap growth {(gc1 - gc0) / 1048576.0:N0} MiB, {(gc1 - gc0 - hitBytes) / (double)added:N0} bytes/doc (query texts and id set, {hitBytes / 1048576.0:0.0} MiB, subtracted)");
        Console.WriteLine($"  working set growth {(ws1 - ws0) / 1048576.0:N0} MiB, {(ws1 - ws0) / (double)added:N0} bytes/doc; peak working set so far {PeakWorkingSet() / 1048576.0:N0} MiB");
        if (s.Compact)
        {
            Compact(index, gc1, ws1);
        }

        var stats = index.Statistics();
        Console.WriteLine($"  store: snapshot {stats.SnapshotBytes:N0} B, log {stats.LogBytes:N0} B in {stats.LogBatches:N0} batches");
        index.Dispose();
        long disk = Directory.EnumerateFiles(s.Dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"  on disk {disk / 1048576.0:N1} MiB, {disk / (double)added:N0} bytes/doc (the texts themselves are ~3.1 KB/doc of UTF-8)");
        return (hits, analyzer);
    }

    /// <summary>Generates the corpus, adds its first Count originals to <paramref name="index"/> in batches (none when
    /// it is null) and keeps the first Queries + Warmup planted copies of indexed originals as hits.</summary>
    /// <returns>Documents added, seconds in AddBatch, seconds analysing outside it (<c>--analysed</c>), and what the
    /// AddBatch calls cost besides their time.</returns>
    private static (int Added, double AddSeconds, double AnalyseSeconds, AddCost Cost) Fill(Settings s, NearDupIndex? index, DocumentAnalyzer analyzer, List<Query> hits, HashSet<string> indexed)
    {
        // Copy rates doubled from the corpus defaults so that even N = 10,000 yields ≥ 1,000 planted copies to query.
        CorpusGenerator generator = CopyRich(s.Count * 2);
        var batch = new List<(string Id, string Text)>(s.Batch);
        double addSeconds = 0, analyseSeconds = 0;
        int added = 0;
        var cost = default(AddCost);
        using var process = Process.GetCurrentProcess();
        foreach (GeneratedDocument doc in generator.Generate())
        {
            if (added + batch.Count >= s.Count && hits.Count >= s.Queries + s.Warmup)
            {
                break;
            }

            if (doc.Labels.Count == 0)
            {
                if (added + batch.Count < s.Count)
                {
                    batch.Add((doc.Id, Encoding.UTF8.GetString(doc.Utf8)));
                    indexed.Add(doc.Id);
                }
            }
            else if (hits.Count < s.Queries + s.Warmup && doc.Labels[0] is { Optional: false } label && indexed.Contains(label.A))
            {
                hits.Add(new Query(doc.Id, Encoding.UTF8.GetString(doc.Utf8), label.Kind, label.A, label.Note));
            }

            if (batch.Count == s.Batch || (batch.Count > 0 && added + batch.Count == s.Count))
            {
                // With --reopen (no index) the documents are already indexed; only the query list is rebuilt.
                if (index is not null)
                {
                    GcCounts gc = Collections();
                    long allocated = GC.GetTotalAllocatedBytes(precise: false);
                    process.Refresh();
                    TimeSpan cpu = process.TotalProcessorTime;
                    (double add, double analyse) = AddBatch(index, analyzer, batch, s.Analysed);
                    process.Refresh();
                    cost = cost.Plus(gc, process.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: false) - allocated);
                    addSeconds += add;
                    analyseSeconds += analyse;
                }

                added += batch.Count;
                batch.Clear();
            }
        }

        return (added, addSeconds, analyseSeconds, cost);
    }

    /// <summary>What the AddBatch calls of a build cost besides their wall time, summed over the calls: the process's
    /// CPU time (all threads), the garbage collector's pauses and collections, and the bytes allocated (approximately:
    /// <see cref="GC.GetTotalAllocatedBytes(bool)"/> without precision). With <c>--analysed</c> each figure includes the
    /// analysis before the call, which the reading brackets too.</summary>
    private readonly record struct AddCost(TimeSpan Cpu, TimeSpan Pause, int Gen0, int Gen1, int Gen2, long Allocated)
    {
        /// <summary>This cost plus one call's: the collections since <paramref name="before"/>, and the CPU time and
        /// allocation given.</summary>
        public AddCost Plus(GcCounts before, TimeSpan cpu, long allocated)
        {
            GcCounts now = Collections();
            return new(Cpu + cpu, Pause + (now.Pause - before.Pause), Gen0 + now.Gen0 - before.Gen0, Gen1 + now.Gen1 - before.Gen1, Gen2 + now.Gen2 - before.Gen2, Allocated + allocated);
        }
    }

    /// <summary>Adds one batch, from text or (<paramref name="analysed"/>) analysed first on all cores.</summary>
    /// <returns>Seconds in AddBatch, and seconds analysing before it.</returns>
    private static (double Add, double Analyse) AddBatch(NearDupIndex index, DocumentAnalyzer analyzer, List<(string Id, string Text)> batch, bool analysed)
    {
        if (!analysed)
        {
            long start = Stopwatch.GetTimestamp();
            index.AddBatch(batch);
            return (Stopwatch.GetElapsedTime(start).TotalSeconds, 0);
        }

        long startAnalysis = Stopwatch.GetTimestamp();
        var documents = new AnalyzedDocument[batch.Count];
        Parallel.For(0, batch.Count, i => documents[i] = analyzer.Analyze(batch[i].Id, batch[i].Text));
        double analyse = Stopwatch.GetElapsedTime(startAnalysis).TotalSeconds;
        long startAdd = Stopwatch.GetTimestamp();
        index.AddBatch(documents);
        return (Stopwatch.GetElapsedTime(startAdd).TotalSeconds, analyse);
    }

    /// <summary><c>--compact</c>: compacts, timed, with the managed heap and working set sampled while it runs.</summary>
    private static void Compact(NearDupIndex index, long heapAfterBuild, long setAfterBuild)
    {
        long peakBefore = PeakWorkingSet();
        long startCompact = Stopwatch.GetTimestamp();
        (long peakManaged, long peakSet) = Sampled(() => index.Compact());
        Console.WriteLine($"  compacted in {Stopwatch.GetElapsedTime(startCompact).TotalSeconds:0.00} s");
        Console.WriteLine($"  during compaction (sampled every 10 ms): managed heap peak {peakManaged / 1048576.0:N0} MiB (after building: {heapAfterBuild / 1048576.0:N0} MiB), working set peak {peakSet / 1048576.0:N0} MiB (after building: {setAfterBuild / 1048576.0:N0} MiB)");
        Console.WriteLine($"  peak working set of the process: {peakBefore / 1048576.0:N0} MiB before compacting, {PeakWorkingSet() / 1048576.0:N0} MiB after");
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

    /// <summary>The store's share of opening: read and checksum the files, nothing decoded.</summary>
    private static void TimeStoreLoad(string dir)
    {
        long tLoad = Stopwatch.GetTimestamp();
        using (var store = NearDup.Storage.DirectoryIndexStore.Open(dir))
        {
            store.Load(_ => { });
        }

        Console.WriteLine($"store load alone (read + checksums, no decoding): {Stopwatch.GetElapsedTime(tLoad).TotalSeconds:0.00} s");
    }

    /// <summary>Opens the index, timed, with the collections while opening and the memory after.</summary>
    /// <returns>The index, and the managed heap just before opening it.</returns>
    private static (NearDupIndex Index, long HeapBeforeOpen) Open(Settings s)
    {
        (long gc2, long ws2) = Memory();
        long t0 = Stopwatch.GetTimestamp();
        GcCounts gcOpen = Collections();
        NearDupIndex index = NearDupIndex.Open(s.Dir, cacheCapacity: s.Cache);
        double openSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        string openGc = gcOpen.Since();
        long peakAfterOpen = PeakWorkingSet();
        (long gc3, long ws3) = Memory();
        Console.WriteLine($"cache of documents rebuilt for verification: capacity {s.Cache:N0}");
        Console.WriteLine($"open: {openSeconds:0.00} s ({index.Count:N0} documents, {index.Count / openSeconds:N0} docs/s); recovery: {index.Recovery.SnapshotDocuments:N0} snapshot documents, {index.Recovery.ReplayedBatches:N0} batches replayed, {index.Recovery.DroppedBytes:N0} bytes dropped");
        Console.WriteLine($"  GC while opening: {openGc}");
        Console.WriteLine($"  after open: managed heap growth {(gc3 - gc2) / (double)index.Count:N0} bytes/doc, working set growth {(ws3 - ws2) / (double)index.Count:N0} bytes/doc, working set {ws3 / 1048576.0:N0} MiB, peak working set so far {peakAfterOpen / 1048576.0:N0} MiB");
        return (index, gc2);
    }

    /// <summary>
    /// Runs the first Warmup hits and misses, interleaved, unmeasured (so their candidates are not in the cache when
    /// measured), and returns the queries left to measure. Under the tiered JIT (before the benchmarks turned it off)
    /// 100 were too few: the hit path was still partly tier-0 code being recompiled in the background, which on 2
    /// cores put 8 ms into the hit p99.
    /// </summary>
    private static (List<Query> Hits, List<Query> Misses) WarmUp(NearDupIndex index, DocumentAnalyzer analyzer, List<Query> hits, List<Query> misses, Settings s)
    {
        int warmup = s.Warmup;
        int warmHits = Math.Min(warmup, hits.Count / 2);
        for (int i = 0; i < Math.Max(warmHits, warmup); i++)
        {
            foreach (Query q in (Query[])[.. i < warmHits ? [hits[i]] : Array.Empty<Query>(), .. i < warmup ? [misses[i]] : Array.Empty<Query>()])
            {
                index.Query(q.Text, q.Id, s.Kinds);
                analyzer.Analyze(q.Id, q.Text);
            }
        }

        hits = hits.Skip(warmHits).Take(s.Queries).ToList();
        misses = misses.Skip(warmup).ToList();
        Console.WriteLine($"warm-up: {warmHits:N0} hits and {warmup:N0} misses not measured; measured: {hits.Count:N0} hits, {misses.Count:N0} misses");
        return (hits, misses);
    }

    /// <summary>Times every hit, then every miss, one <see cref="NearDupIndex.Query(string, string, CopyKinds)"/> at a
    /// time (analysis of the query text included); prints the percentiles per kind and the collections during each phase.</summary>
    private static Tally TimeQueries(NearDupIndex index, List<Query> hits, List<Query> misses, CopyKinds kinds)
    {
        Console.WriteLine($"queries, one thread, µs (analysis of the query text included), looking for: {kinds}");
        var tally = new Tally();
        var byKind = new Dictionary<string, List<double>>();
        var gcAt = new Dictionary<string, GcMark>();
        var olderCollections = new List<string>();
        foreach (Query q in hits.Concat(misses))
        {
            string phase = q.Kind == "miss" ? "miss" : "hit";
            if (!gcAt.ContainsKey(phase))
            {
                gcAt[phase] = GcMark.Now();
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
                olderCollections.Add(string.Create(Verb.Inv, $"gen{info.Generation} {info.PauseDurations[0].TotalMilliseconds:0.0} ms ({info.PromotedBytes / 1048576.0:0.0} MiB promoted{(info.Compacted ? ", compacting" : "")})"));
            }

            foreach (string k in (string[])[q.Kind == "miss" ? "miss" : "hit (all kinds)", "  " + q.Kind])
            {
                if (!byKind.TryGetValue(k, out List<double>? list))
                {
                    byKind[k] = list = [];
                }

                list.Add(us);
            }

            tally.Add(q, result, us, pausedUs, gen);
        }

        foreach (var (kind, list) in byKind.Where(k => k.Key != "  miss"))
        {
            list.Sort();
            Console.WriteLine($"  {kind,-18} n={list.Count,5}  median {Pct(list, 0.5),8:0}  p90 {Pct(list, 0.9),8:0}  p99 {Pct(list, 0.99),8:0}  max {list[^1],8:0}");
        }

        ReportCollections(gcAt, hits.Count, misses.Count, olderCollections);
        return tally;
    }

    /// <summary>Collections during the queries (from the first hit to the first miss, and from there to the end): the tail.</summary>
    private static void ReportCollections(Dictionary<string, GcMark> gcAt, int hitCount, int missCount, List<string> olderCollections)
    {
        GcMark gcEnd = GcMark.Now();
        if (gcAt.TryGetValue("hit", out var h))
        {
            var m = gcAt.GetValueOrDefault("miss", gcEnd);
            Console.WriteLine($"  GC during hits: {m.Gen0 - h.Gen0} gen0, {m.Gen1 - h.Gen1} gen1, {m.Gen2 - h.Gen2} gen2 collections, {(m.Pause - h.Pause).TotalMilliseconds:0.0} ms paused, {(m.Allocated - h.Allocated) / 1024.0 / hitCount:N1} KB allocated per query");
        }

        if (gcAt.TryGetValue("miss", out var s0))
        {
            Console.WriteLine($"  GC during misses: {gcEnd.Gen0 - s0.Gen0} gen0, {gcEnd.Gen1 - s0.Gen1} gen1, {gcEnd.Gen2 - s0.Gen2} gen2 collections, {(gcEnd.Pause - s0.Pause).TotalMilliseconds:0.0} ms paused, {(gcEnd.Allocated - s0.Allocated) / 1024.0 / missCount:N1} KB allocated per query");
        }

        if (olderCollections.Count > 0)
        {
            Console.WriteLine("  gen1 and gen2 collections during queries: " + string.Join(", ", olderCollections));
        }
    }

    /// <summary>What the slowest hits (the p99 and above) had to do: their candidates, all verified, and their verdicts;
    /// the collector's pauses while each ran, when there were any; and the ten slowest run again: a time that comes
    /// back is the query's own cost, one that does not was a stall.</summary>
    private static void ReportSlowest(NearDupIndex index, DocumentAnalyzer analyzer, Tally tally, CopyKinds kinds)
    {
        var slowest = tally.HitTimes.OrderByDescending(h => h.Us).Take(Math.Max(1, tally.HitTimes.Count / 100)).ToList();
        Console.WriteLine("  slowest 1% of hits (µs kind candidates verdicts [GC generation: pause µs]): " + string.Join(", ", slowest.Select(h =>
            string.Create(Verb.Inv, $"{h.Us:0} {h.Query.Kind} {index.CandidateCount(analyzer.Analyze(h.Query.Id, h.Query.Text), kinds: kinds)} {h.Verdicts}{(h.PausedUs > 0 ? $" [gen{h.Gen}: {h.PausedUs:0}]" : "")}"))));
        Console.WriteLine("  the ten slowest hits again (µs): " + string.Join(", ", slowest.Take(10).Select(h =>
        {
            long start = Stopwatch.GetTimestamp();
            index.Query(h.Query.Text, h.Query.Id, kinds);
            return string.Create(Verb.Inv, $"{h.Us:0} → {Stopwatch.GetElapsedTime(start).TotalMicroseconds:0}");
        })));
        Console.WriteLine("  slowest 1% of misses (µs [GC generation: pause µs]): " + string.Join(", ", tally.MissTimes.OrderByDescending(m => m.Us).Take(Math.Max(1, tally.MissTimes.Count / 100)).Select(m =>
            string.Create(Verb.Inv, $"{m.Us:0}{(m.PausedUs > 0 ? $" [gen{m.Gen}: {m.PausedUs:0}]" : "")}"))));
    }

    /// <summary>The analysis of every query text alone.</summary>
    private static void TimeAnalysis(DocumentAnalyzer analyzer, List<Query> hits, List<Query> misses)
    {
        var analyse = new List<double>();
        foreach (Query q in hits.Concat(misses))
        {
            long start = Stopwatch.GetTimestamp();
            analyzer.Analyze(q.Id, q.Text);
            analyse.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        analyse.Sort();
        Console.WriteLine($"  {"analysis alone",-18} n={analyse.Count,5}  median {Pct(analyse, 0.5),8:0}  p90 {Pct(analyse, 0.9),8:0}  p99 {Pct(analyse, 0.99),8:0}");
    }

    /// <summary>The candidate lookup alone, on analysed queries: every source and the gate, no verification; cold (the
    /// first lookup of each query), split by step.</summary>
    private static void TimeLookups(NearDupIndex index, DocumentAnalyzer analyzer, List<Query> hits, List<Query> misses, CopyKinds kinds)
    {
        foreach (string side in (string[])["hit", "miss"])
        {
            var lookup = new List<double>();
            var counts = new List<double>();
            string[] sources = LookupSteps;
            var bySource = sources.Select(_ => new List<double>()).ToArray();
            var ticks = new long[sources.Length];
            foreach (Query q in side == "hit" ? hits : misses)
            {
                AnalyzedDocument query = analyzer.Analyze(q.Id, q.Text);
                Array.Clear(ticks);
                var laps = new StopwatchLaps(ticks);
                long start = Stopwatch.GetTimestamp();
                int n = Readings.TimedLookup(index, query, kinds, ref laps); // cold: the first lookup of this query, split by source
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
    }

    /// <summary>A hit's verification split into its steps, uncached and one candidate at a time: decompressing the
    /// candidate's text, rebuilding its tokens and shingles, and the verifier itself; time and allocation per hit.</summary>
    private static void TimeVerificationSteps(NearDupIndex index, DocumentAnalyzer analyzer, List<Query> hits)
    {
        string[] steps = ["decompress", "rebuild tokens", "verify", "  of which shingles", "  of which 1 alignment"];
        var perStep = steps.Select(_ => new List<double>()).ToArray();
        var stepTicks = new long[steps.Length];
        var stepBytes = new long[steps.Length];
        foreach (Query q in hits)
        {
            AnalyzedDocument query = analyzer.Analyze(q.Id, q.Text);
            Array.Clear(stepTicks);
            TimeVerification(index, query, stepTicks, stepBytes);
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

    /// <summary>Verifies a query against its candidates one by one as a query does for candidates the cache does not
    /// keep (rebuilt into pooled arrays), adding the stopwatch ticks and the bytes allocated by each step: [0]
    /// decompressing the candidates' texts, [1] rebuilding their tokens and shingles, [2] verifying; then, timed again on
    /// their own, two parts of the verification: [3] the shingle figures and [4] one word alignment.</summary>
    private static void TimeVerification(NearDupIndex index, AnalyzedDocument query, long[] ticks, long[] bytes)
    {
        var backend = (EmbeddedIndex)index.Backend;
        var keys = new List<long>();
        backend.LookupAsync(query, CopyKinds.All, keys).AsTask().GetAwaiter().GetResult();
        CandidateDocument[] records = backend.FetchAsync(keys).AsTask().GetAwaiter().GetResult();
        PairVerifier verifier = index.Options.CreateVerifier();
        foreach (CandidateDocument record in records)
        {
            long t0 = Stopwatch.GetTimestamp(), b0 = GC.GetAllocatedBytesForCurrentThread();
            string text = TextCompression.Decompress(record.CompressedText.Span, record.TextBytes, record.Id, backend.Source);
            long t1 = Stopwatch.GetTimestamp(), b1 = GC.GetAllocatedBytesForCurrentThread();
            VerifiableText document = index.Analyzer.AnalyzeForVerification(record.Id, text, record.ExactHash, record.SimHash, transient: true);
            long t2 = Stopwatch.GetTimestamp(), b2 = GC.GetAllocatedBytesForCurrentThread();
            verifier.Verify(document, query);
            long t3 = Stopwatch.GetTimestamp(), b3 = GC.GetAllocatedBytesForCurrentThread();
            verifier.Measure(document, query, out _);
            long t4 = Stopwatch.GetTimestamp();
            verifier.Aligner.Align(document, query);
            long t5 = Stopwatch.GetTimestamp();
            document.Release();
            ticks[0] += t1 - t0;
            ticks[1] += t2 - t1;
            ticks[2] += t3 - t2;
            ticks[3] += t4 - t3;
            ticks[4] += t5 - t4;
            bytes[0] += b1 - b0;
            bytes[1] += b2 - b1;
            bytes[2] += b3 - b2;
        }
    }

    /// <summary>What the hits found and the misses wrongly got, and the managed heap after all the queries.</summary>
    private static void ReportOutcome(NearDupIndex index, Tally tally, int hitCount, List<Query> misses, long heapBeforeOpen)
    {
        Console.WriteLine($"hits: original found for {tally.Found:N0} of {hitCount:N0}, {tally.WrongKind:N0} with another kind than planted; misses: {tally.MissFlagged:N0} of {misses.Count:N0} got a verdict ({tally.MissVerdicts:N0} verdicts)");
        if (tally.NotFound.Count > 0)
        {
            Console.WriteLine($"  originals not found: {string.Join(", ", tally.NotFound.Take(20))}");
        }

        (long gc4, long ws4) = Memory();
        long queryBytes = misses.Sum(m => 2L * m.Text.Length + 200); // the hit texts were alive before open already
        Console.WriteLine($"  after queries: managed heap growth since open {(gc4 - heapBeforeOpen - queryBytes) / (double)index.Count:N0} bytes/doc (the cache of analysed documents included; miss query texts subtracted), working set {ws4 / 1048576.0:N0} MiB, peak working set {PeakWorkingSet() / 1048576.0:N0} MiB");
    }

    /// <summary>The verb's options.</summary>
    private sealed record Settings(int Count, string Dir, int Queries, int Batch, int Cache, int Warmup, CopyKinds Kinds, bool Analysed, bool Compact, bool ReopenOnly);

    /// <summary>A planted copy of an indexed original (a hit) or an unrelated original (a miss, Kind "miss").</summary>
    private sealed record Query(string Id, string Text, string Kind, string Original, string Note = "");

    /// <summary>One timed hit: its time, the query, how many verdicts it got, and the collector's pause while it ran
    /// with the oldest generation collected.</summary>
    private readonly record struct HitTime(double Us, Query Query, int Verdicts, double PausedUs, int Gen);

    /// <summary>One timed miss.</summary>
    private readonly record struct MissTime(double Us, double PausedUs, int Gen);

    /// <summary>The collector's counts, total pause and bytes allocated at one moment.</summary>
    private readonly record struct GcMark(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated)
    {
        public static GcMark Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));
    }

    /// <summary>The timed queries' times and what they found.</summary>
    private sealed class Tally
    {
        public List<HitTime> HitTimes { get; } = [];

        public List<MissTime> MissTimes { get; } = [];

        public List<string> NotFound { get; } = [];

        public int Found { get; private set; }

        public int WrongKind { get; private set; }

        public int MissFlagged { get; private set; }

        public int MissVerdicts { get; private set; }

        /// <summary>Records one query: a miss counts its verdicts; a hit whether it found its original, and with which kind.</summary>
        public void Add(Query q, IReadOnlyList<PairVerdict> result, double us, double pausedUs, int gen)
        {
            if (q.Kind == "miss")
            {
                MissTimes.Add(new MissTime(us, pausedUs, gen));
                MissFlagged += result.Count > 0 ? 1 : 0;
                MissVerdicts += result.Count;
                return;
            }

            HitTimes.Add(new HitTime(us, q, result.Count, pausedUs, gen));
            if (result.FirstOrDefault(v => v.A == q.Original) is { } v)
            {
                Found++;
                WrongKind += v.Kind.ToString().Equals(q.Kind.Replace("-", ""), StringComparison.OrdinalIgnoreCase) ? 0 : 1;
            }
            else
            {
                NotFound.Add($"{q.Id} ({q.Kind} of {q.Original}, {q.Note}; {result.Count} other verdicts)");
            }
        }
    }
}
