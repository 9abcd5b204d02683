using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Storage.Codecs;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>add-stages --count N --dir D [--batch 1000]</c>: where the time of <c>NearDupIndex.AddBatch</c> from text goes.
/// Each batch of generated originals goes through the steps <c>AddBatch</c> and the engine take, one at a time, each
/// timed alone: analysis, compressing the text, encoding the payload, committing the batch to a directory store (log
/// write and flush to disk), and adding the stored forms to the in-memory structures. Each step's bytes allocated per
/// document are given too: on a machine whose runtime sees no cache sizes the collector's gen0 budget is small, and the
/// collections a step's garbage causes are a large part of its time.
/// </summary>
/// <remarks>The CPU steps run on one thread here (the library runs analysis, compression and encoding on all cores), so
/// their figures are per core; the commit and the insert run on one thread in the library too.</remarks>
internal static class AddStagesVerb
{
    private static readonly string[] Steps = ["analyse", "compress", "encode", "commit", "insert"];

    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var count = Verb.Number("--count", "Generated originals to add.", 100_000, min: 1);
        var dir = Verb.Dir("Folder for the store (deleted first).");
        var batch = Verb.Number("--batch", "Documents per batch.", 1_000, min: 1);
        return Verb.Command(
            "add-stages",
            "Time each step of adding documents from text (analyse, compress, encode, commit, insert) alone, one thread, per batch, and give each step's share. " +
            "No tiered compilation (see the project file); the first batch is run and not counted.",
            parse => Run(parse.GetValue(count), parse.GetValue(dir)!, parse.GetValue(batch)),
            count, dir, batch);
    }

    private static int Run(int count, string dir, int batchSize)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        IndexOptions options = IndexOptions.Default;
        var analyzer = new DocumentAnalyzer(options.Analysis);
        using DirectoryIndexStore store = DirectoryIndexStore.Create(dir, IndexOptionsCodec.Write(options));
        var table = new ResidentTable(options, dir);
        var seconds = new double[Steps.Length];
        var fullCollections = new int[Steps.Length];
        var allocated = new long[Steps.Length];
        long textBytes = 0;
        int added = 0, batches = 0;
        var texts = new List<(string Id, string Text)>(batchSize);
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan paused = GC.GetTotalPauseDuration();
        IEnumerable<GeneratedDocument> originals = Readings.CopyRich(count * 2).Generate().Where(d => d.Labels.Count == 0).Take(count + batchSize);
        foreach (GeneratedDocument doc in originals)
        {
            texts.Add((doc.Id, Encoding.UTF8.GetString(doc.Utf8)));
            if (texts.Count < batchSize)
            {
                continue;
            }

            // The first batch warms the caches and pools and is not counted; its documents are added all the same.
            bool counted = batches++ > 0;
            (double Seconds, int Gen2, long Bytes)[] laps = AddOne(texts, analyzer, store, table);
            if (counted)
            {
                for (int s = 0; s < Steps.Length; s++)
                {
                    seconds[s] += laps[s].Seconds;
                    fullCollections[s] += laps[s].Gen2;
                    allocated[s] += laps[s].Bytes;
                }

                added += texts.Count;
                textBytes += texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t.Text));
            }

            texts.Clear();
        }

        double total = seconds.Sum();
        Console.WriteLine(string.Create(Verb.Inv, $"{added:N0} documents counted ({textBytes / (double)added:0} bytes of UTF-8 each), batches of {batchSize:N0}, one thread:"));
        for (int s = 0; s < Steps.Length; s++)
        {
            Console.WriteLine(string.Create(
                Verb.Inv,
                $"  {Steps[s],-9} {seconds[s] * 1e6 / added,8:0.0} µs/doc  {textBytes / seconds[s] / 1e6,8:0.0} MB/s  {100 * seconds[s] / total,5:0.0}%  {allocated[s] / (double)added,8:N0} B/doc allocated  gen2 collections {fullCollections[s]}"));
        }

        Console.WriteLine(string.Create(Verb.Inv, $"  {"all",-9} {total * 1e6 / added,8:0.0} µs/doc  {textBytes / total / 1e6,8:0.0} MB/s  ({added / total:N0} docs/s on one thread)"));
        Console.WriteLine(string.Create(
            Verb.Inv,
            $"  collections (generating the corpus included) gen0 {GC.CollectionCount(0) - collections[0]}, gen1 {GC.CollectionCount(1) - collections[1]}, gen2 {GC.CollectionCount(2) - collections[2]}, paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:0.00} s"));
        return 0;
    }

    /// <summary>Adds one batch step by step as the engine does, and returns each step's seconds, full collections and
    /// bytes allocated.</summary>
    private static (double Seconds, int Gen2, long Bytes)[] AddOne(List<(string Id, string Text)> texts, DocumentAnalyzer analyzer, DirectoryIndexStore store, ResidentTable table)
    {
        var laps = new (double Seconds, int Gen2, long Bytes)[Steps.Length];
        int n = texts.Count;
        int gen2 = GC.CollectionCount(2);
        long bytes = GC.GetTotalAllocatedBytes(precise: true);
        long t = Stopwatch.GetTimestamp();
        var analysed = new AnalyzedDocument[n];
        for (int i = 0; i < n; i++)
        {
            analysed[i] = analyzer.AnalyzeForIndexing(texts[i].Id, texts[i].Text, out bool _); // as AddBatch does
        }

        Lap(laps, 0, t, ref gen2, ref bytes);
        t = Stopwatch.GetTimestamp();
        var compressed = new byte[n][];
        var sizes = new int[n];
        for (int i = 0; i < n; i++)
        {
            compressed[i] = TextCompression.Compress(texts[i].Text, out sizes[i]);
        }

        Lap(laps, 1, t, ref gen2, ref bytes);
        t = Stopwatch.GetTimestamp();
        var forms = new (string Id, StoredForm Form)[n];
        var operations = new StoreOperation[n];
        for (int i = 0; i < n; i++)
        {
            forms[i] = (texts[i].Id, StoredForm.From(analysed[i], compressed[i], sizes[i]));
        }

        ReadOnlyMemory<byte>[] payloads = DocumentPayload.EncodeBatch(forms.Select(f => f.Form).ToArray(), parallel: false); // as the engine does, on one thread
        for (int i = 0; i < n; i++)
        {
            operations[i] = StoreOperation.Add(texts[i].Id, payloads[i]);
        }

        Lap(laps, 2, t, ref gen2, ref bytes);
        t = Stopwatch.GetTimestamp();
        store.Commit(operations);
        Lap(laps, 3, t, ref gen2, ref bytes);
        t = Stopwatch.GetTimestamp();
        table.AddRange(forms, bulk: false);
        Lap(laps, 4, t, ref gen2, ref bytes);
        return laps;
    }

    /// <summary>Records step <paramref name="step"/>'s seconds since <paramref name="start"/>, the full collections
    /// since <paramref name="gen2"/> and the bytes allocated since <paramref name="bytes"/>, and moves both on.</summary>
    private static void Lap((double Seconds, int Gen2, long Bytes)[] laps, int step, long start, ref int gen2, ref long bytes)
    {
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long now = GC.GetTotalAllocatedBytes(precise: true);
        laps[step] = (seconds, GC.CollectionCount(2) - gen2, now - bytes);
        gen2 = GC.CollectionCount(2);
        bytes = now;
    }
}
