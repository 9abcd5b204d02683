using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Candidates;
using NearDup.Internal;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Candidates;

/// <summary>The exact-hash map answers as the dictionary of key lists it replaced, keys in the order they were added, and
/// its image refuses successors that would make a list walk loop.</summary>
public class ExactHashMapTests
{
    /// <summary>5,000 keys over 1,500 hashes (0 among them: the table marks empty slots by key, not by hash), so lists
    /// of one to a dozen keys and several growths of every array.</summary>
    private static (ExactHashMap Map, Dictionary<ulong, List<int>> Reference) Filled(int seed)
    {
        var random = new Random(seed);
        ulong[] hashes = [0, .. Enumerable.Range(1, 1_499).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63))];
        var map = new ExactHashMap();
        var reference = new Dictionary<ulong, List<int>>();
        for (int key = 0; key < 5_000; key++)
        {
            ulong hash = hashes[random.Next(hashes.Length)];
            map.Add(hash);
            (reference.TryGetValue(hash, out List<int>? keys) ? keys : reference[hash] = []).Add(key);
        }

        return (map, reference);
    }

    private static List<int> KeysOf(ExactHashMap map, ulong hash)
    {
        var keys = new HashSet<int>();
        map.AddKeys(hash, keys);
        return [.. keys];
    }

    [Test]
    public void AddKeys_EveryHash_GivesItsKeysInTheOrderAdded()
    {
        var (map, reference) = Filled(41);
        Assert.That(reference.Keys.Select(h => KeysOf(map, h)), Is.EqualTo(reference.Values));
    }

    [Test]
    public void AddKeys_AnAbsentHash_GivesNothing()
    {
        var (map, _) = Filled(42);
        Assert.That(KeysOf(map, 0x0123_4567_89AB_CDEFUL), Is.Empty);
    }

    [Test]
    public void Image_SuccessorsThatAreNotAPermutation_ThrowNearDupFormatException()
    {
        var map = new ExactHashMap();
        map.Add(7);
        map.Add(7);
        map.Add(9);
        using var stream = new MemoryStream();
        map.WriteImage(new ImageWriter(stream));
        byte[] image = stream.ToArray();

        // distinct, capacity, then the hashes (count at 8, 3 values), then the successors (count at 40): key 0's
        // successor 1 becomes 2, which key 2 already points at (it is its own).
        BitConverter.TryWriteBytes(image.AsSpan(48), 2);
        var e = Assert.Throws<NearDupFormatException>(() => ExactHashMap.ReadImage(new ImageReader(new MemoryStream(image), image.Length, "test.image"), "exact-hash map", 3));
        Assert.That(e!.Message, Does.Contain("exact-hash map successors[2]"));
    }
}
