using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Infrastructure;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Storage.Codecs;

namespace NearDup.Benchmarks.Tools.Shared;

/// <summary>
/// What several verbs read the same way: percentiles, the managed heap and the working set, the generated query sets
/// (unrelated originals of seed 4242 for misses, a copy-rich seed-42 corpus for hits), the names of a lookup's steps,
/// and the stored candidate data of an existing index.
/// </summary>
/// <remarks>Thread safety: stateless; <see cref="Memory"/> forces full collections, so call it between measurements.</remarks>
internal static class Readings
{
    /// <summary>The names of the candidate lookup's steps, indexed by <see cref="Candidates.LookupStep"/>.</summary>
    public static readonly string[] LookupSteps = Array.ConvertAll(Enum.GetValues<Candidates.LookupStep>(), StepName);

#pragma warning disable CS8524 // only named steps are looked up; a step added without a name here is a compile error (CS8509)
    private static string StepName(Candidates.LookupStep step) => step switch
    {
        Candidates.LookupStep.ExactAndWordLsh => "word LSH + exact",
        Candidates.LookupStep.SimHash => "SimHash",
        Candidates.LookupStep.Passages => "word passages",
        Candidates.LookupStep.SpinLsh => "spin LSH",
        Candidates.LookupStep.SpinPassages => "spin passages + gate",
        Candidates.LookupStep.WordPairs => "word pairs",
    };
#pragma warning restore CS8524

    /// <summary>The candidate lookup of an index's embedded backend, telling <paramref name="laps"/> when each step ends.</summary>
    /// <param name="index">An index in memory or on disk.</param>
    /// <param name="query">A query analysed under the index's options.</param>
    /// <param name="kinds">The kinds of copy looked for.</param>
    /// <param name="laps">The timing sink.</param>
    /// <returns>How many candidates the lookup found.</returns>
    public static int TimedLookup(NearDupIndex index, AnalyzedDocument query, CopyKinds kinds, ref StopwatchLaps laps)
    {
        var keys = new List<long>();
        ((EmbeddedIndex)index.Backend).Lookup(query, kinds, keys, ref laps);
        return keys.Count;
    }

    /// <summary>The <paramref name="p"/> quantile of sorted values, by nearest rank.</summary>
    /// <param name="sorted">The values, ascending; may be empty.</param>
    /// <param name="p">The quantile, 0 to 1 (0 gives the least value).</param>
    /// <returns>The value; <see cref="double.NaN"/> when there are none (a run that timed nothing: the caller says
    /// "none", and a verb that prints it anyway shows NaN rather than failing).</returns>
    public static double Pct(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The process's peak resident set so far (VmHWM on Linux): what <c>/usr/bin/time -v</c> reports at exit.</summary>
    /// <returns>Bytes.</returns>
    public static long PeakWorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }

    /// <summary>The managed heap and the working set after two full, compacting collections (so garbage of an earlier
    /// step is not charged to the next).</summary>
    /// <returns>Bytes of each.</returns>
    public static (long Managed, long WorkingSet) Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var p = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), p.WorkingSet64);
    }

    /// <summary>The garbage collector's counts and total pause now, to subtract from later ones.</summary>
    /// <returns>The counts.</returns>
    public static GcCounts Collections() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>Originals of seed 4242 with no planted copies: queries that match nothing indexed from seed 42.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The documents, generated as enumerated.</returns>
    public static IEnumerable<GeneratedDocument> Unrelated(int count) =>
        new CorpusGenerator(new CorpusOptions(count, seed: 4242, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0)).Generate();

    /// <summary>Seed-42 documents with the corpus default copy rates doubled (12% copies), so that even a small index
    /// yields enough planted copies of its originals to query.</summary>
    /// <param name="count">Documents to generate, originals and copies.</param>
    /// <returns>The generator.</returns>
    public static CorpusGenerator CopyRich(int count) =>
        new(new CorpusOptions(count, seed: 42, exactRate: 0.02, nearDuplicateRate: 0.04, containedRate: 0.04, spunRate: 0.02));

    /// <summary>The options of the index in <paramref name="dir"/> and the stored candidate data of its first
    /// <paramref name="limit"/> documents (payload version 2), decoded; the store reads every document either way.</summary>
    /// <param name="dir">The index folder.</param>
    /// <param name="limit">Documents to decode.</param>
    /// <returns>The options and the (id, form) pairs in store order.</returns>
    /// <exception cref="InvalidDataException">The index holds no documents.</exception>
    public static (IndexOptions Options, List<(string Id, StoredForm Form)> Forms) StoredForms(string dir, int limit = int.MaxValue)
    {
        var forms = new List<(string Id, StoredForm Form)>();
        using var store = NearDup.Storage.DirectoryIndexStore.Open(dir);
        IndexOptions options = IndexOptionsCodec.Read(store.Options.Span, dir);
        store.Load(d =>
        {
            if (forms.Count < limit)
            {
                forms.Add((d.Id, DocumentPayload.DecodeForm(d.Payload.Span, d.Id, dir, options.Analysis)));
            }
        });

        // Both readers average or rank over the documents: with none there is nothing to measure.
        return forms.Count > 0 ? (options, forms) : throw new InvalidDataException($"the index at {dir} holds no documents.");
    }
}

/// <summary>The garbage collector's collection counts per generation and its total pause at one moment.</summary>
/// <param name="Gen0">Gen0 collections so far.</param>
/// <param name="Gen1">Gen1 collections so far.</param>
/// <param name="Gen2">Gen2 collections so far.</param>
/// <param name="Pause">Total pause so far.</param>
internal readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    /// <summary>The collections and pause since this reading, as one phrase.</summary>
    /// <returns>"N gen0, N gen1, N gen2 collections, S s paused".</returns>
    public string Since()
    {
        GcCounts now = Readings.Collections();
        return string.Create(
            Verb.Inv,
            $"{now.Gen0 - Gen0} gen0, {now.Gen1 - Gen1} gen1, {now.Gen2 - Gen2} gen2 collections, {(now.Pause - Pause).TotalSeconds:0.00} s paused");
    }
}
