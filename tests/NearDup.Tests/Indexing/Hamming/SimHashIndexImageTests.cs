using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Indexing.Hamming;
using NearDup.Internal;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Hamming;

/// <summary>The SimHash index's part of a candidate image: tables with a free list (k = 3, the candidate index's) and
/// the scanning layout (k = 7).</summary>
public sealed class SimHashIndexImageTests
{
    private static byte[] ImageOf(SimHashIndex index)
    {
        using var stream = new MemoryStream();
        index.WriteImage(new ImageWriter(stream));
        return stream.ToArray();
    }

    private static SimHashIndex FromImage(byte[] image, int maxDistance)
    {
        using var stream = new MemoryStream(image);
        var reader = new ImageReader(stream, image.Length, "test.image");
        SimHashIndex index = SimHashIndex.ReadImage(maxDistance, reader, "SimHash", int.MaxValue);
        reader.End();
        return index;
    }

    /// <summary>2,000 fingerprints in clusters (so queries find neighbours), then every seventh key removed: free slots.</summary>
    private static (SimHashIndex Index, List<ulong> Fingerprints) WithRemovals(int maxDistance, int seed)
    {
        var random = new Random(seed);
        var index = new SimHashIndex(maxDistance);
        var fingerprints = new List<ulong>();
        for (int key = 0; key < 2_000; key++)
        {
            ulong fingerprint = key % 4 == 0 || fingerprints.Count == 0 ? (ulong)random.NextInt64() : fingerprints[^1] ^ (1UL << random.Next(64));
            index.Add(key, fingerprint);
            fingerprints.Add(fingerprint);
        }

        for (int key = 0; key < 2_000; key += 7)
        {
            index.Remove(key);
        }

        return (index, fingerprints);
    }

    private static List<string> AnswersOf(SimHashIndex index, IEnumerable<ulong> queries) =>
        queries.Select(q => string.Join(",", index.Query(q))).ToList();

    [TestCase(3, TestName = "Image_TablesWithFreeSlots_RoundTripByteForByte")]
    [TestCase(7, TestName = "Image_ScanningLayoutAfterRemovals_RoundTripsByteForByte")]
    public void Image_RoundTripsByteForByte(int maxDistance)
    {
        byte[] image = ImageOf(WithRemovals(maxDistance, 31).Index);
        Assert.That(ImageOf(FromImage(image, maxDistance)), Is.EqualTo(image));
    }

    [TestCase(3, TestName = "Image_TablesWithFreeSlots_LoadedIndexAddsRemovesAndAnswersAsTheOriginal")]
    [TestCase(7, TestName = "Image_ScanningLayout_LoadedIndexAddsRemovesAndAnswersAsTheOriginal")]
    public void Image_LoadedIndexAddsRemovesAndAnswersAsTheOriginal(int maxDistance)
    {
        var (original, fingerprints) = WithRemovals(maxDistance, 32);
        SimHashIndex loaded = FromImage(ImageOf(original), maxDistance);
        foreach (SimHashIndex index in new[] { original, loaded })
        {
            // New keys take the free slots first, then grow the tables past their capacity.
            for (int i = 0; i < 2_500; i++)
            {
                index.Add(10_000 + i, fingerprints[i % fingerprints.Count] ^ (1UL << (i % 64)));
            }

            index.Remove(1);
            index.Remove(10_003);
        }

        Assert.That(ImageOf(loaded), Is.EqualTo(ImageOf(original)));
        Assert.That(AnswersOf(loaded, fingerprints), Is.EqualTo(AnswersOf(original, fingerprints)));
    }

    [Test]
    public void Image_FreeListWithACycle_ThrowsNearDupFormatException()
    {
        // Two free slots pointing at each other: the walk that rebuilds the key map must stop, not loop.
        var index = new SimHashIndex(3);
        for (int key = 0; key < 10; key++)
        {
            index.Add(key, (ulong)key * 0x9E37_79B9_7F4A_7C15UL);
        }

        index.Remove(2);
        index.Remove(5); // free list: 5 → 2 → end
        byte[] image = ImageOf(index);

        // The first table's next links follow its bucket heads (16 of them); slot 2's link ends the free list: point it
        // back at slot 5.
        int nextOfFirstTable = FindArray(image, index: 3);
        BitConverter.TryWriteBytes(image.AsSpan(nextOfFirstTable + 2 * sizeof(int)), 5);
        var e = Assert.Throws<NearDupFormatException>(() => FromImage(image, 3));
        Assert.That(e!.Message, Does.Contain("cycle"));
    }

    /// <summary>Where the elements of the <paramref name="index"/>-th array of an image start (0: fingerprints,
    /// 1: keys, 2: first table's buckets, 3: its next links …), walking the u64 counts after the six i32 fields.</summary>
    private static int FindArray(byte[] image, int index)
    {
        int at = 6 * sizeof(int);
        for (int i = 0; ; i++)
        {
            at = (at + 7) & ~7;
            long count = BitConverter.ToInt64(image, at);
            at += sizeof(long);
            if (i == index)
            {
                return at;
            }

            at += (int)count * (i == 0 ? sizeof(ulong) : sizeof(int));
        }
    }
}
