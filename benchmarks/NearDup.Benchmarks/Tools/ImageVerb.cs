using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Candidates;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>image N [--rounds R]</c>: the candidate index's binary image (<see cref="CandidateIndex.WriteImage"/>,
/// <see cref="CandidateIndex.ReadImage"/>) against rebuilding the index from the fingerprints as an open does today
/// (<see cref="CandidateIndex.AddRange"/> in chunks of 10,000, bulk, then <see cref="CandidateIndex.PackPassages"/>):
/// image bytes per document, write and read times and rates, over N generated documents (the copy-rich seed-42 corpus)
/// analysed once up front.
/// </summary>
internal static class ImageVerb
{
    // Chunks as the engine's loader feeds them at open.
    private const int Chunk = 10_000;

    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var count = Verb.NumberArgument("N", "Documents to index.", 100_000, min: 1);
        var rounds = Verb.Number("--rounds", "Measured rounds of each step; the median and the fastest are shown.", 3, min: 1, max: 100);
        var buildRounds = Verb.Number("--build-rounds", "Measured rounds of the rebuild (the slow step).", 2, min: 1, max: 100);
        var file = Verb.Number("--file", "1 to write the image to a temporary file and read it back from there (page cache), 0 to keep it in memory (up to 2 GB).", 1, min: 0, max: 1);
        return Verb.Command(
            "image",
            "Time writing and reading the candidate index's binary image against rebuilding the index from fingerprints by AddRange, and show the image's size per document. " +
            "Warm-up: a 2,000-document index is built, written and read 40 times first, so every step runs past tiered compilation; each step then runs --rounds times (the rebuild --build-rounds times). " +
            "The fingerprints are dropped once the index is built and the built index once the image is written, so that at most one index and the fingerprints, or two indexes, are in memory.",
            parse => Run(parse.GetValue(count), parse.GetValue(rounds), parse.GetValue(buildRounds), parse.GetValue(file) == 1),
            count, rounds, buildRounds, file);
    }

    private static int Run(int count, int rounds, int buildRounds, bool toFile)
    {
        EngineParts parts = EngineParts.Default;
        CandidateSettings settings = parts.Options.CandidateSettings;
        var watch = Stopwatch.StartNew();
        DocumentFingerprints[] documents = Analyse(parts, count);
        Console.WriteLine($"{count:N0} documents analysed in {watch.Elapsed.TotalSeconds:0.0} s (all cores); word banding {parts.Banding}, spin banding {parts.SpinBanding}");

        string path = Path.Combine(Path.GetTempPath(), $"neardup-image-{Environment.ProcessId}.bin");
        try
        {
            // Warm-up past tiered compilation: every method of the three steps runs well over 30 times, and their loops
            // long enough for on-stack replacement.
            DocumentFingerprints[] few = documents[..Math.Min(2_000, documents.Length)];
            for (int i = 0; i < 40; i++)
            {
                CandidateIndex small = Rebuild(settings, few);
                Write(small, path, toFile, out byte[]? memory);
                Read(settings, path, memory);
            }

            var build = new List<double>();
            var write = new List<double>();
            var read = new List<double>();
            long bytes = 0;
            CandidateIndex? index = null;
            for (int round = 0; round < buildRounds; round++)
            {
                index = null;
                Memory();
                long t = Stopwatch.GetTimestamp();
                index = Rebuild(settings, documents);
                build.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            List<double> exactMap = Repeat(rounds, () => ExactMap(documents));
            List<double> keyMap = Repeat(rounds, () => KeyMap(documents.Length));
            documents = few = [];
            long withIndex = Memory().Managed;
            byte[]? image = null;
            for (int round = 0; round < rounds; round++)
            {
                image = null;
                Memory();
                long t = Stopwatch.GetTimestamp();
                bytes = Write(index!, path, toFile, out image);
                write.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            int slots = index!.Slots, live = index.Live;
            index = null;
            long heap = withIndex - (Memory().Managed - (image?.LongLength ?? 0)); // an image kept in memory is not the index's
            List<double> floor = toFile ? Repeat(rounds, () => ReadAll(path)) : [];
            CandidateIndex? loaded = null;
            for (int round = 0; round < rounds; round++)
            {
                loaded = null;
                Memory();
                long t = Stopwatch.GetTimestamp();
                loaded = Read(settings, path, image);
                read.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            Console.WriteLine($"managed heap of the index {heap / (double)count:N0} B/doc; image {bytes:N0} bytes, {bytes / (double)count:N0} B/doc ({(toFile ? "file " + path + ", read from the page cache" : "in memory")})");
            Row("rebuild by AddRange + PackPassages", build, 0);
            Row("WriteImage", write, bytes);
            Row("ReadImage", read, bytes);
            if (toFile)
            {
                Row("floor: the image file into new arrays of 1 GB", floor, bytes);
            }

            Row("a Dictionary<ulong, List<int>> exact-hash map rebuilt", exactMap, 0);
            Row("SimHash key -> slot map alone (as ReadImage rebuilds it)", keyMap, 0);

            bool same = loaded!.Slots == slots && loaded.Live == live;
            Console.WriteLine($"loaded index: {loaded.Slots:N0} slots, {loaded.Live:N0} live ({(same ? "as built" : "DIFFERS")})");
            GC.KeepAlive(loaded);
        }
        finally
        {
            File.Delete(path);
        }

        return 0;
    }

    /// <summary>Generates and analyses <paramref name="count"/> documents in chunks (all cores), keeping only their fingerprints.</summary>
    private static DocumentFingerprints[] Analyse(EngineParts parts, int count)
    {
        var documents = new DocumentFingerprints[count];
        var pending = new List<GeneratedDocument>(Chunk);
        int done = 0;
        void Flush()
        {
            GeneratedDocument[] batch = [.. pending];
            int first = done;
            Parallel.For(0, batch.Length, i => documents[first + i] = DocumentFingerprints.Of(parts.Analyzer.Analyze(batch[i].Id, batch[i].Utf8)));
            done += batch.Length;
            pending.Clear();
        }

        foreach (GeneratedDocument d in CopyRich(count).Generate())
        {
            pending.Add(d);
            if (pending.Count == Chunk)
            {
                Flush();
            }
        }

        Flush();
        return documents;
    }

    private static CandidateIndex Rebuild(CandidateSettings settings, DocumentFingerprints[] documents)
    {
        var index = new CandidateIndex(settings);
        for (int start = 0; start < documents.Length; start += Chunk)
        {
            index.AddRange(new ArraySegment<DocumentFingerprints>(documents, start, Math.Min(Chunk, documents.Length - start)), bulk: true);
        }

        index.PackPassages();
        return index;
    }

    /// <summary>Writes the image to the file (1 MB buffer, flushed, not fsynced) or to memory; returns its length.</summary>
    private static long Write(CandidateIndex index, string path, bool toFile, out byte[]? memory)
    {
        if (toFile)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            index.WriteImage(stream);
            memory = null;
            return stream.Length;
        }

        using var buffer = new MemoryStream();
        index.WriteImage(buffer);
        memory = buffer.ToArray();
        return memory.Length;
    }

    private static CandidateIndex Read(CandidateSettings settings, string path, byte[]? memory)
    {
        using Stream stream = memory is null ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20) : new MemoryStream(memory);
        return CandidateIndex.ReadImage(settings, stream, stream.Length, path) ?? throw new InvalidDataException("the image was refused: settings differ.");
    }

    /// <summary>The file read into fresh arrays of at most 1 GB (a byte array cannot reach 2 GB): what reading the image
    /// costs without building anything, page faults of new memory included.</summary>
    private static List<byte[]> ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var arrays = new List<byte[]>();
        for (long left = stream.Length; left > 0; left -= arrays[^1].Length)
        {
            arrays.Add(GC.AllocateUninitializedArray<byte>((int)Math.Min(left, 1 << 30)));
            stream.ReadExactly(arrays[^1]);
        }

        return arrays;
    }

    /// <summary>The exact-hash map as the candidate index kept it before <see cref="ExactHashMap"/> (a dictionary of key lists), rebuilt from the documents' hashes as an image read had to: what the array map saves per open.</summary>
    private static Dictionary<ulong, List<int>> ExactMap(DocumentFingerprints[] documents)
    {
        var map = new Dictionary<ulong, List<int>>(documents.Length);
        for (int key = 0; key < documents.Length; key++)
        {
            ref List<int>? same = ref CollectionsMarshal.GetValueRefOrAddDefault(map, documents[key].ExactHash, out _);
            (same ??= new List<int>(1)).Add(key);
        }

        return map;
    }

    /// <summary>The SimHash index's key → slot dictionary as <see cref="CandidateIndex.ReadImage"/> rebuilds it (the one
    /// per-document step of a read): every key live, in slot order.</summary>
    private static Dictionary<int, int> KeyMap(int count)
    {
        var map = new Dictionary<int, int>();
        map.EnsureCapacity(count);
        for (int key = 0; key < count; key++)
        {
            map.TryAdd(key, key);
        }

        return map;
    }

    private static List<double> Repeat(int rounds, Func<object> step)
    {
        var times = new List<double>();
        for (int round = 0; round < rounds + 1; round++)
        {
            long t = Stopwatch.GetTimestamp();
            GC.KeepAlive(step());
            if (round > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }

        return times;
    }

    private static void Row(string name, List<double> times, long bytes)
    {
        times.Sort();
        double median = Pct(times, 0.5);
        string rate = bytes > 0 ? $"  {bytes / (median / 1000) / (1 << 20),7:N0} MB/s" : "";
        Console.WriteLine($"  {name,-58} median {median,9:N1} ms  fastest {times[0],9:N1} ms{rate}");
    }
}
