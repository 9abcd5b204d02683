using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Indexing.Lsh;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

/// <summary>The index's part of a candidate image, with what a candidate index never makes of it: dead ids, sparse keys
/// and the compaction that dead ids trigger.</summary>
public partial class MinHashLshIndexTests
{
    // The sparse keys lie far above the dense range (keys within twice the count, plus 4,096, are dense).
    private const int SparseBase = 100_000_000;

    private static byte[] ImageOf(MinHashLshIndex index)
    {
        using var stream = new MemoryStream();
        index.WriteImage(new ImageWriter(stream));
        return stream.ToArray();
    }

    private static MinHashLshIndex FromImage(byte[] image)
    {
        using var stream = new MemoryStream(image);
        var reader = new ImageReader(stream, image.Length, "test.image");
        MinHashLshIndex index = MinHashLshIndex.ReadImage(Parameters, Banding, reader, "LSH", int.MaxValue);
        reader.End();
        return index;
    }

    /// <summary>3,000 sketches (a third near copies of earlier ones, 10% under sparse keys, 40 under one key
    /// group of identical sketches for the heavy lists), then 600 dense keys removed: dead ids below the compaction line.</summary>
    private static (MinHashLshIndex Index, Dictionary<int, uint[]> Sketches) WithDeadIdsAndSparseKeys(int seed)
    {
        var random = new Random(seed);
        var index = new MinHashLshIndex(Parameters, Banding);
        var sketches = new Dictionary<int, uint[]>();
        uint[] copied = RandomValues(random, 0);
        for (int i = 0; i < 3_000; i++)
        {
            int key = i % 10 == 9 ? SparseBase + i : i;
            uint[] values = i < 40 ? copied : PlantedSketch(random, sketches, 0);
            index.Add(key, values);
            sketches[key] = values;
        }

        foreach (int key in sketches.Keys.Where(k => k < SparseBase).Take(600).ToArray())
        {
            index.Remove(key);
        }

        return (index, sketches);
    }

    private static List<string> AnswersOf(MinHashLshIndex index, IEnumerable<uint[]> queries)
    {
        var answers = new List<string>();
        var hits = new HashSet<int>();
        foreach (uint[] query in queries)
        {
            hits.Clear();
            index.Query(query, hits);
            answers.Add(string.Join(",", hits));
        }

        return answers;
    }

    [Test]
    public void Image_WithDeadIdsSparseKeysAndHeavyLists_RoundTripsByteForByte()
    {
        byte[] image = ImageOf(WithDeadIdsAndSparseKeys(21).Index);
        Assert.That(ImageOf(FromImage(image)), Is.EqualTo(image));
    }

    [Test]
    public void Image_WithDeadIdsSparseKeysAndHeavyLists_AnswersAsTheOriginal()
    {
        var (original, sketches) = WithDeadIdsAndSparseKeys(22);
        MinHashLshIndex loaded = FromImage(ImageOf(original));
        Assert.That((loaded.Count, AnswersOf(loaded, sketches.Values)), Is.EqualTo((original.Count, AnswersOf(original, sketches.Values))));
    }

    [Test]
    public void Image_LoadedIndex_CompactsAndGrowsAsTheOriginalDoes()
    {
        // 700 more removals cross the compaction line (1,024 dead and a quarter of the ids); the adds then grow the tables.
        var (original, sketches) = WithDeadIdsAndSparseKeys(23);
        MinHashLshIndex loaded = FromImage(ImageOf(original));
        var random = new Random(24);
        int[] doomed = sketches.Keys.Where(k => k < SparseBase).Skip(600).Take(700).ToArray();
        var added = Enumerable.Range(0, 2_000).Select(i => (Key: 10_000 + i, Values: RandomValues(random, 0))).ToArray();
        foreach (MinHashLshIndex index in new[] { original, loaded })
        {
            foreach (int key in doomed)
            {
                index.Remove(key);
            }

            index.AddRange(added.Select(a => a.Key).ToArray(), added.SelectMany(a => a.Values).ToArray());
        }

        Assert.That(ImageOf(loaded), Is.EqualTo(ImageOf(original)));
        Assert.That(AnswersOf(loaded, sketches.Values.Concat(added.Select(a => a.Values))), Is.EqualTo(AnswersOf(original, sketches.Values.Concat(added.Select(a => a.Values)))));
    }
}
