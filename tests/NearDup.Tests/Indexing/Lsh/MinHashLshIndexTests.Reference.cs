using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Indexing.Lsh;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

/// <summary>The index against the definition of banding, computed by brute force.</summary>
public partial class MinHashLshIndexTests
{
    /// <summary>Seeds × bandings, each named so a failure says which.</summary>
    private static IEnumerable<TestCaseData> ReferenceCases()
    {
        // (25, 5) is the default word banding; (37, 3) an old spin banding; (16, 8) uses all 128 values; (64, 2) with
        // values from a 4-letter alphabet makes large buckets (many keys per fingerprint, runs past HeavyRun);
        // (1, 128) is a single band: only identical sketches meet.
        foreach ((int bands, int rows, int alphabet) in new[] { (25, 5, 0), (37, 3, 0), (16, 8, 0), (64, 2, 4), (1, 128, 0) })
        {
            foreach (int seed in new[] { 1, 2 })
            {
                yield return new TestCaseData(bands, rows, alphabet, seed).SetName($"Query_EqualsBruteForceBanding(b={bands}, r={rows}, alphabet={(alphabet == 0 ? "2^32" : alphabet)}, seed={seed})");
            }
        }
    }

    [TestCaseSource(nameof(ReferenceCases))]
    public void Query_EqualsBruteForceBanding(int bands, int rows, int alphabet, int seed)
    {
        var random = new Random(seed);
        var banding = new LshParameters(bands, rows);
        var index = new MinHashLshIndex(Parameters, banding);

        // Sparse, partly negative keys: correctness must not depend on the caller numbering 0..n−1.
        var sketches = new Dictionary<int, uint[]>();
        while (sketches.Count < 1500)
        {
            int key = random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(0, 3000);
            if (!sketches.ContainsKey(key))
            {
                sketches.Add(key, PlantedSketch(random, sketches, alphabet));
            }
        }

        foreach ((int key, uint[] values) in sketches)
        {
            index.Add(key, values);
        }

        var queries = sketches.Values.Take(300).Select(v => Mutate(random, v, 3, alphabet)).Concat(sketches.Values.Skip(300).Take(100)).ToList();
        var hits = new HashSet<int>();
        foreach (uint[] query in queries)
        {
            hits.Clear();
            index.Query(query, hits);
            Assert.That(hits, Is.EquivalentTo(BruteForce(banding, sketches, query)));
        }
    }

    [Test]
    [Category("Slow")]
    public void Query_AfterGrowingTo200000Keys_ReturnsExactlyTheKeysSharingABand()
    {
        // Keys 2g and 2g+1 have the sketch of group g, the odd one with one value changed (so one band differs): each
        // query of a key's own sketch must return exactly the pair. Values are a hash of (group, position), so no
        // sketch is stored. 200,000 entries per band take each table through about 40 growths.
        const int keys = 200_000;
        var index = new MinHashLshIndex(Parameters, Banding);
        var values = new uint[Parameters.HashCount];
        for (int key = 0; key < keys; key++)
        {
            GroupSketch(key, values);
            index.Add(key, values);
        }

        // 25 bands × 200,000 entries give each query a 25·200,000/2³² ≈ 0.1% chance of one 32-bit fingerprint
        // collision (≈ 230 over all queries): such extras are allowed, as documented, but must really be collisions.
        var hits = new HashSet<int>();
        var other = new uint[Parameters.HashCount];
        int missing = 0, extra = 0, unexplained = 0;
        for (int key = 0; key < keys; key++)
        {
            GroupSketch(key, values);
            hits.Clear();
            index.Query(values, hits);
            missing += hits.Contains(key) && hits.Contains(key ^ 1) ? 0 : 1;
            foreach (int hit in hits)
            {
                if (hit >> 1 != key >> 1)
                {
                    extra++;
                    GroupSketch(hit, other);
                    unexplained += SharesAFingerprint(values, other, Banding) ? 0 : 1;
                }
            }
        }

        Assert.That((index.Count, missing, unexplained, extra < 500), Is.EqualTo((keys, 0, 0, true)));
    }

    [Test]
    public void Query_ThousandIdenticalSketches_ReturnsAllOfThem()
    {
        // 1,000 copies put 1,000 ids under each band's fingerprint: past the in-table run limit, into the heavy lists.
        var index = new MinHashLshIndex(Parameters, Banding);
        uint[] copy = RandomValues(new Random(3), 0);
        for (int key = 0; key < 1000; key++)
        {
            index.Add(key, copy);
            index.Add(10_000 + key, RandomValues(new Random(1000 + key), 0));
        }

        var hits = new HashSet<int>();
        index.Query(copy, hits);
        Assert.That(hits, Is.EquivalentTo(Enumerable.Range(0, 1000)));
    }

    /// <summary>Every key whose sketch equals <paramref name="query"/> on all values of some band.</summary>
    private static List<int> BruteForce(LshParameters banding, Dictionary<int, uint[]> sketches, uint[] query)
    {
        var expected = new List<int>();
        foreach ((int key, uint[] values) in sketches)
        {
            for (int band = 0; band < banding.Bands; band++)
            {
                if (values.AsSpan(band * banding.Rows, banding.Rows).SequenceEqual(query.AsSpan(band * banding.Rows, banding.Rows)))
                {
                    expected.Add(key);
                    break;
                }
            }
        }

        return expected;
    }

    private static bool SharesAFingerprint(uint[] a, uint[] b, LshParameters banding)
    {
        for (int band = 0; band < banding.Bands; band++)
        {
            if (MinHashLshIndex.Fingerprint(a, band, banding.Rows) == MinHashLshIndex.Fingerprint(b, band, banding.Rows))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A random sketch, or (one time in three) a near-identical copy of one already drawn.</summary>
    private static uint[] PlantedSketch(Random random, Dictionary<int, uint[]> existing, int alphabet)
    {
        if (existing.Count > 0 && random.Next(3) == 0)
        {
            uint[] original = existing.Values.ElementAt(random.Next(existing.Count));
            return Mutate(random, original, random.Next(0, 40), alphabet);
        }

        return RandomValues(random, alphabet);
    }

    private static uint[] RandomValues(Random random, int alphabet)
    {
        var values = new uint[Parameters.HashCount];
        for (int i = 0; i < values.Length; i++)
        {
            // Never MinHasher.EmptyValue: an all-empty sketch means an empty set.
            values[i] = alphabet == 0 ? (uint)random.NextInt64(0, uint.MaxValue) : (uint)random.Next(alphabet);
        }

        return values;
    }

    private static uint[] Mutate(Random random, uint[] original, int changes, int alphabet)
    {
        uint[] copy = (uint[])original.Clone();
        for (int i = 0; i < changes; i++)
        {
            copy[random.Next(copy.Length)] = alphabet == 0 ? (uint)random.NextInt64(0, uint.MaxValue) : (uint)random.Next(alphabet);
        }

        return copy;
    }

    private static void GroupSketch(int key, uint[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            // SplitMix64's finaliser of (group, position): a fixed, well-mixed value.
            ulong z = ((ulong)(key >> 1) << 8 | (uint)i) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            values[i] = (uint)(z ^ (z >> 31));
        }

        if ((key & 1) == 1)
        {
            values[key % values.Length] ^= 0x5A5A5A5A;
        }
    }
}
