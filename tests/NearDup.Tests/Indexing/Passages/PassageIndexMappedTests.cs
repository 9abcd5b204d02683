using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Win32.SafeHandles;
using NearDup.Indexing.Passages;
using NearDup.Internal;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Passages;

/// <summary>
/// A passage index read in place from a mapped image, with what was added since in an overlay, must answer exactly as
/// the index held in arrays that saw the same adds: the same counts in the same order, the same holder counts, and the
/// same image bytes when written again. The oracle is the plain index; fingerprints come from a small range and the
/// boilerplate cap is low, so that lists cross the cap between the base and the overlay.
/// </summary>
public class PassageIndexMappedTests
{
    private const int Documents = 400;
    private string _dir = "";
    private readonly List<IDisposable> _owned = [];

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neardup-mapped-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void DeleteFolder()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
        Directory.Delete(_dir, recursive: true);
    }

    private static ulong[][] RandomDocuments(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Documents)
            .Select(_ => Enumerable.Range(0, random.Next(1, 25)).Select(_ => (ulong)random.Next(1, 1_500)).Distinct().ToArray())
            .ToArray();
    }

    private static PassageIndex Built(ulong[][] documents, int count, int maxPostings)
    {
        var index = new PassageIndex(maxPostings);
        for (int key = 0; key < count; key++)
        {
            index.Add(key, documents[key], packWhenDue: true);
        }

        index.Pack();
        return index;
    }

    private static byte[] Image(PassageIndex index)
    {
        using var bytes = new MemoryStream();
        index.WriteImage(new ImageWriter(bytes));
        return bytes.ToArray();
    }

    /// <summary>Writes the index's image to a file and reads it back in place from a map of the file.</summary>
    private PassageIndex Mapped(PassageIndex index, out MappedImage map)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".img");
        File.WriteAllBytes(path, Image(index));
        SafeFileHandle handle = File.OpenHandle(path);
        _owned.Add(handle);
        long length = RandomAccess.GetLength(handle);
        map = MappedImage.Open(new ImageFile(handle, 0, length, path));
        _owned.Add(map);
        using FileStream input = File.OpenRead(path);
        return PassageIndex.ReadImage(index.MaxPostings, new ImageReader(input, length, path), "word passages", Documents, map);
    }

    /// <summary>The first half of a seed's documents in arrays and mapped from their image, then the second half added
    /// to both (in the mapped one's overlay), packing both every <paramref name="packEvery"/> adds (0: never).</summary>
    private (PassageIndex Plain, PassageIndex Mapped) BothWithAdds(int seed, int maxPostings, bool packWhenDue = true, int packEvery = 0)
    {
        ulong[][] documents = RandomDocuments(seed);
        PassageIndex plain = Built(documents, Documents / 2, maxPostings);
        PassageIndex mapped = Mapped(plain, out _);
        for (int key = Documents / 2; key < Documents; key++)
        {
            plain.Add(key, documents[key], packWhenDue);
            mapped.Add(key, documents[key], packWhenDue);
            if (packEvery > 0 && key % packEvery == 0)
            {
                plain.Pack();
                mapped.Pack();
            }
        }

        return (plain, mapped);
    }

    private static List<KeyValuePair<int, int>> Counts(PassageIndex index, ulong[] query, int aboveKey = -1)
    {
        var counts = new Dictionary<int, int>();
        index.CountShared(query, counts, aboveKey);
        return [.. counts]; // in the order the lookup added them
    }

    private static IEnumerable<ulong[]> Queries(int seed) =>
        RandomDocuments(seed + 1_000).Take(150);

    private static void AssertSameAnswers(PassageIndex expected, PassageIndex actual, int seed)
    {
        foreach (ulong[] query in Queries(seed))
        {
            Assert.That(Counts(actual, query), Is.EqualTo(Counts(expected, query)));
            Assert.That(Counts(actual, query, aboveKey: Documents / 3), Is.EqualTo(Counts(expected, query, aboveKey: Documents / 3)));
            Assert.That(query.Select(actual.Holders), Is.EqualTo(query.Select(expected.Holders)));
        }
    }

    [TestCase(1, 4)]
    [TestCase(2, 4)]
    [TestCase(3, 64)]
    public void Mapped_WithNothingAdded_AnswersAsTheIndexItWasWrittenFrom(int seed, int maxPostings)
    {
        ulong[][] documents = RandomDocuments(seed);
        PassageIndex plain = Built(documents, Documents, maxPostings);

        PassageIndex mapped = Mapped(plain, out _);

        Assert.That(mapped.IsMapped, Is.True);
        AssertSameAnswers(plain, mapped, seed);
    }

    [TestCase(1, 4)]
    [TestCase(3, 64)]
    public void Mapped_WithBlockChecksPending_AnswersAsTheIndexItWasWrittenFrom(int seed, int maxPostings)
    {
        // The lookup runs its checked copy while any block is unchecked and its unchecked copy once none is: both must
        // answer as the index in arrays. A small index lies in a few blocks, so the first queries check them all and the
        // later ones take the unchecked copy.
        PassageIndex plain = Built(RandomDocuments(seed), Documents, maxPostings);
        PassageIndex mapped = Mapped(plain, out MappedImage map);
        AttachBlockChecks(map);
        Assert.That(map.PendingChecks, Is.Not.Null);

        ulong[] first = Queries(seed).First();
        Assert.That(Counts(mapped, first), Is.EqualTo(Counts(plain, first)));
        AssertSameAnswers(plain, mapped, seed);
        Assert.That(map.Damage(), Is.Null);
        Assert.That(map.PendingChecks, Is.Null);
        AssertSameAnswers(plain, mapped, seed);
    }

    [Test]
    public void Mapped_WithADamagedBlockPending_FailsTheLookupInsteadOfCountingFromIt()
    {
        PassageIndex plain = Built(RandomDocuments(4), Documents, maxPostings: 4);
        PassageIndex mapped = Mapped(plain, out MappedImage map);
        AttachBlockChecks(map, damaged: 0);

        Assert.That(() => Counts(mapped, Queries(4).First()), Throws.TypeOf<NearDupFormatException>());
    }

    [Test]
    public void Mapped_AdvisedHugePages_AnswersAsTheIndexItWasWrittenFrom()
    {
        PassageIndex plain = Built(RandomDocuments(9), Documents, maxPostings: 4);
        PassageIndex mapped = Mapped(plain, out MappedImage map);

        map.AdviseHugePages(0, map.Length);

        AssertSameAnswers(plain, mapped, 9);
    }

    /// <summary>Attaches block checksums of the map's bytes (as a version 4 image's directory holds), every block lazily
    /// checked; the checksum of block <paramref name="damaged"/>, when given, is wrong.</summary>
    private static void AttachBlockChecks(MappedImage map, int damaged = -1)
    {
        var bytes = new byte[map.Length];
        map.Read(0, bytes);
        var checksums = new ulong[ImageBlocks.Count(bytes.Length)];
        for (int block = 0; block < checksums.Length; block++)
        {
            (long start, int length) = (block * (long)ImageBlocks.Size, (int)Math.Min(ImageBlocks.Size, bytes.Length - (block * (long)ImageBlocks.Size)));
            checksums[block] = System.IO.Hashing.XxHash3.HashToUInt64(bytes.AsSpan((int)start, length)) ^ (block == damaged ? 1UL : 0UL);
        }

        map.CheckLazily(new ImageBlocks(checksums, bytes.Length, 0, bytes.Length), (start, end) => $"bytes {start} to {end}");
    }

    [TestCase(1, 4)]
    [TestCase(2, 4)]
    [TestCase(3, 64)]
    public void Mapped_WithAddsInTheOverlay_AnswersAsTheIndexThatSawTheSameAdds(int seed, int maxPostings)
    {
        (PassageIndex plain, PassageIndex mapped) = BothWithAdds(seed, maxPostings);

        AssertSameAnswers(plain, mapped, seed);
    }

    [TestCase(1, 4)]
    [TestCase(3, 64)]
    public void WriteImage_OfAMappedIndexWithAddsAndPacks_WritesTheBytesTheIndexInArraysWrites(int seed, int maxPostings)
    {
        (PassageIndex plain, PassageIndex mapped) = BothWithAdds(seed, maxPostings, packWhenDue: false, packEvery: 50);

        Assert.That(Image(mapped), Is.EqualTo(Image(plain)));
    }

    [Test]
    public void WriteImage_OfAMappedIndexWithNothingAdded_WritesTheMappedBytes()
    {
        PassageIndex plain = Built(RandomDocuments(5), Documents, maxPostings: 4);

        PassageIndex mapped = Mapped(plain, out _);
        mapped.Pack(); // as an open does: nothing to pack, nothing to replay

        Assert.That(Image(mapped), Is.EqualTo(Image(plain)));
    }

    [Test]
    public void SharedPairs_OfAMappedIndexWithAdds_AreThoseOfTheIndexInArrays()
    {
        (PassageIndex plain, PassageIndex mapped) = BothWithAdds(6, maxPostings: 4);

        Assert.That(mapped.SharedPairs(2), Is.EqualTo(plain.SharedPairs(2)));
    }

    [Test]
    public void Remap_AfterWritingAMappedIndexWithAdds_FoldsTheOverlayIntoTheNewImage()
    {
        (PassageIndex plain, PassageIndex mapped) = BothWithAdds(7, maxPostings: 4);
        string path = Path.Combine(_dir, "folded.img");
        using (FileStream output = File.Create(path))
        {
            mapped.WriteImage(new ImageWriter(output));
        }

        SafeFileHandle handle = File.OpenHandle(path);
        _owned.Add(handle);
        var folded = MappedImage.Open(new ImageFile(handle, 0, RandomAccess.GetLength(handle), path));
        _owned.Add(folded);
        mapped.Remap(folded, 0);

        Assert.That(mapped.ChangesSinceImage, Is.Zero);
        AssertSameAnswers(plain, mapped, 7);
    }

    [Test]
    public void Lookup_AfterTheMapIsDisposed_ThrowsInsteadOfReadingUnmappedMemory()
    {
        PassageIndex mapped = Mapped(Built(RandomDocuments(8), Documents, maxPostings: 4), out MappedImage map);

        map.Dispose();

        Assert.That(() => mapped.CountShared([1UL, 2UL], new Dictionary<int, int>()), Throws.TypeOf<ObjectDisposedException>());
    }
}
