using System;
using System.Collections.Generic;
using System.Numerics;
using NearDup.Indexing.Hamming;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Hamming;

public sealed class SimHashIndexTests
{
    private static readonly int[] Distances = [0, 1, 2, 3, 4, 6];
    private static readonly int[] AllDistances = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly int[] Seeds = [1, 20070508];

    public static IEnumerable<TestCaseData> OracleCases()
    {
        foreach (int k in AllDistances)
        {
            foreach (int seed in Seeds)
            {
                yield return new TestCaseData(k, seed).SetName($"Query_matches_brute_force_oracle(k={k}, seed={seed})");
            }
        }
    }

    public static IEnumerable<TestCaseData> MinimalLayoutCases()
    {
        // b = k + 1 is the layout with the fewest tables, where every block of agreement matters; tables are forced
        // because from k = 5 on this layout would otherwise scan.
        foreach (int k in AllDistances)
        {
            yield return new TestCaseData(k, 7).SetName($"Query_with_k_plus_1_blocks_matches_oracle(k={k}, seed=7)");
        }
    }

    public static IEnumerable<TestCaseData> BoundaryCases()
    {
        foreach (int k in Distances)
        {
            yield return new TestCaseData(k).SetName($"Query_includes_distance_k_and_excludes_k_plus_1(k={k})");
        }
    }

    [TestCaseSource(nameof(OracleCases))]
    public void Query_matches_brute_force_oracle(int k, int seed)
    {
        var random = new Random(seed);
        var index = new SimHashIndex(k);
        var stored = new Dictionary<int, ulong>();
        List<ulong> queries = Populate(index, stored, random, k);

        foreach (ulong q in queries)
        {
            Assert.That(index.Query(q), Is.EqualTo(Oracle(stored, q, k)), $"query {q:X16}");
        }
    }

    [TestCaseSource(nameof(MinimalLayoutCases))]
    public void Query_with_k_plus_1_blocks_matches_oracle(int k, int seed)
    {
        var random = new Random(seed);
        var index = new SimHashIndex(k, k + 1, forceTables: true);
        var stored = new Dictionary<int, ulong>();
        List<ulong> queries = Populate(index, stored, random, k);

        foreach (ulong q in queries)
        {
            Assert.That(index.Query(q), Is.EqualTo(Oracle(stored, q, k)), $"query {q:X16}");
        }
    }

    [Test]
    public void Query_below_configured_distance_matches_oracle_seed_11()
    {
        var random = new Random(11);
        var index = new SimHashIndex(4);
        var stored = new Dictionary<int, ulong>();
        List<ulong> queries = Populate(index, stored, random, 4);

        foreach (ulong q in queries)
        {
            for (int d = 0; d <= 4; d++)
            {
                Assert.That(index.Query(q, d), Is.EqualTo(Oracle(stored, q, d)), $"query {q:X16} at distance {d}");
            }
        }
    }

    [Test]
    public void Query_into_collection_reports_each_key_once_seed_5()
    {
        var random = new Random(5);
        var index = new SimHashIndex(3);
        var stored = new Dictionary<int, ulong>();
        List<ulong> queries = Populate(index, stored, random, 3);

        foreach (ulong q in queries)
        {
            var results = new List<(int Key, int Distance)>();
            index.Query(q, 3, results);
            results.Sort();
            var expected = Oracle(stored, q, 3);
            expected.Sort();
            Assert.That(results, Is.EqualTo(expected), $"query {q:X16}");
        }
    }

    [Test]
    public void Query_after_random_removals_and_reuse_matches_oracle_seed_13()
    {
        var random = new Random(13);
        var index = new SimHashIndex(3);
        var stored = new Dictionary<int, ulong>();
        List<ulong> queries = Populate(index, stored, random, 3);

        // Remove about half, then add new keys that reuse the freed slots.
        var keys = new List<int>(stored.Keys);
        foreach (int key in keys)
        {
            if (random.Next(2) == 0)
            {
                Assert.That(index.Remove(key), Is.True);
                stored.Remove(key);
            }
        }

        for (int i = 0; i < 1000; i++)
        {
            int key = 1_000_000 + i;
            ulong fp = FlipRandomBits(queries[random.Next(queries.Count)], random.Next(6), random);
            index.Add(key, fp);
            stored.Add(key, fp);
        }

        Assert.That(index.Count, Is.EqualTo(stored.Count));
        foreach (ulong q in queries)
        {
            Assert.That(index.Query(q), Is.EqualTo(Oracle(stored, q, 3)), $"query {q:X16}");
        }
    }

    [TestCaseSource(nameof(BoundaryCases))]
    public void Query_includes_distance_k_and_excludes_k_plus_1(int k)
    {
        var index = new SimHashIndex(k);
        const ulong q = 0x0123_4567_89AB_CDEFUL;
        ulong atK = q ^ LowBits(k);
        ulong beyond = q ^ LowBits(k + 1);
        index.Add(1, atK);
        index.Add(2, beyond);

        Assert.That(index.Query(q), Is.EqualTo(new List<(int, int)> { (1, k) }));
    }

    [Test]
    public void Query_finds_neighbour_whose_differences_fall_one_per_block()
    {
        // Spreading the k flips over k different blocks leaves only the remaining blocks to match on.
        var index = new SimHashIndex(3, 4);
        const ulong q = 0xFFFF_0000_FFFF_0000UL;
        ulong neighbour = q ^ (1UL << 0) ^ (1UL << 16) ^ (1UL << 32);
        index.Add(9, neighbour);

        Assert.That(index.Query(q), Is.EqualTo(new List<(int, int)> { (9, 3) }));
    }

    [Test]
    public void Query_reports_identical_fingerprints_under_every_key()
    {
        var index = new SimHashIndex(2);
        index.Add(3, 42UL);
        index.Add(1, 42UL);
        index.Add(2, 42UL);

        Assert.That(index.Query(42UL), Is.EqualTo(new List<(int, int)> { (1, 0), (2, 0), (3, 0) }));
    }

    [Test]
    public void Query_sorts_by_distance_then_key()
    {
        var index = new SimHashIndex(3);
        const ulong q = 0xDEAD_BEEF_0000_0000UL;
        index.Add(5, q ^ 0b111);
        index.Add(4, q ^ 0b1);
        index.Add(3, q ^ 0b11);
        index.Add(2, q ^ 0b10);
        index.Add(1, q);

        Assert.That(index.Query(q), Is.EqualTo(new List<(int, int)> { (1, 0), (2, 1), (4, 1), (3, 2), (5, 3) }));
    }

    [Test]
    public void Remove_then_query_no_longer_returns_the_key()
    {
        var index = new SimHashIndex(3);
        index.Add(1, 100UL);
        index.Add(2, 101UL);

        bool removed = index.Remove(1);

        Assert.That(removed, Is.True);
        Assert.That(index.Query(100UL), Is.EqualTo(new List<(int, int)> { (2, 1) }));
    }

    [Test]
    public void Remove_of_an_absent_key_returns_false()
    {
        var index = new SimHashIndex(3);
        index.Add(1, 100UL);

        Assert.That(index.Remove(2), Is.False);
    }

    [Test]
    public void Remove_then_add_the_same_key_stores_the_new_fingerprint()
    {
        var index = new SimHashIndex(1);
        index.Add(1, 0UL);
        index.Remove(1);
        index.Add(1, ulong.MaxValue);

        Assert.That(index.Query(ulong.MaxValue), Is.EqualTo(new List<(int, int)> { (1, 0) }));
    }

    [Test]
    public void Count_follows_adds_and_removes()
    {
        var index = new SimHashIndex();
        index.Add(1, 1UL);
        index.Add(2, 2UL);
        index.Add(3, 3UL);
        index.Remove(2);

        Assert.That(index.Count, Is.EqualTo(2));
    }

    [Test]
    public void Add_rejects_a_duplicate_key()
    {
        var index = new SimHashIndex();
        index.Add(7, 1UL);

        var ex = Assert.Throws<ArgumentException>(() => index.Add(7, 2UL));

        Assert.That(ex!.ParamName, Is.EqualTo("key"));
        Assert.That(ex.Message, Does.Contain("Key 7 is already in the index"));
    }

    [Test]
    public void Add_of_a_duplicate_key_leaves_the_index_unchanged()
    {
        var index = new SimHashIndex();
        index.Add(7, 1UL);

        Assert.Throws<ArgumentException>(() => index.Add(7, 2UL));

        Assert.That(index.Query(2UL, 0), Is.Empty);
    }

    [TestCase(-1, TestName = "Query_rejects_negative_distance")]
    [TestCase(4, TestName = "Query_rejects_distance_above_configured(4 > 3)")]
    public void Query_rejects_invalid_distance(int distance)
    {
        var index = new SimHashIndex(3);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => index.Query(0UL, distance));

        Assert.That(ex!.ParamName, Is.EqualTo("maxDistance"));
    }

    [TestCase(-1, TestName = "Query_into_collection_rejects_negative_distance")]
    [TestCase(4, TestName = "Query_into_collection_rejects_distance_above_configured(4 > 3)")]
    public void Query_into_collection_rejects_invalid_distance(int distance)
    {
        var index = new SimHashIndex(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Query(0UL, distance, new List<(int, int)>()));
    }

    [Test]
    public void Query_into_collection_rejects_null_results()
    {
        var index = new SimHashIndex(3);

        Assert.Throws<ArgumentNullException>(() => index.Query(0UL, 3, null!));
    }

    [TestCase(-1, TestName = "Constructor_rejects_negative_max_distance")]
    [TestCase(9, TestName = "Constructor_rejects_max_distance_above_supported(9 > 8)")]
    public void Constructor_rejects_invalid_max_distance(int maxDistance)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SimHashIndex(maxDistance));
    }

    [TestCase(3, 3, TestName = "Constructor_rejects_blocks_not_above_distance(k=3, b=3)")]
    [TestCase(3, 13, TestName = "Constructor_rejects_blocks_above_maximum(k=3, b=13)")]
    [TestCase(6, 12, TestName = "Constructor_rejects_layout_needing_too_many_tables(k=6, b=12, 924 tables)")]
    public void Constructor_rejects_invalid_blocks(int maxDistance, int blocks)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SimHashIndex(maxDistance, blocks));
    }

    [TestCase(0, 1, 1, false)]
    [TestCase(1, 2, 2, false)]
    [TestCase(2, 3, 3, false)]
    [TestCase(3, 5, 10, false)]
    [TestCase(4, 6, 15, false)]
    [TestCase(5, 7, 21, false)]
    [TestCase(6, 8, 28, false)]
    [TestCase(7, 9, 0, true)]
    [TestCase(8, 10, 0, true)]
    public void Default_layout_has_documented_blocks_and_tables(int k, int blocks, int tables, bool scans)
    {
        var index = new SimHashIndex(k);

        Assert.That((index.Blocks, index.TableCount, index.UsesLinearScan), Is.EqualTo((blocks, tables, scans)));
    }

    [Test]
    public void Layout_with_too_few_key_bits_scans_instead()
    {
        // k = 6 over 7 blocks keys each of 7 tables on 9 bits: about n/80 random candidates per query.
        var index = new SimHashIndex(6, 7);

        Assert.That((index.UsesLinearScan, index.TableCount), Is.EqualTo((true, 0)));
    }

    [Test]
    public void Scanning_index_after_random_removals_matches_oracle_seed_17()
    {
        var random = new Random(17);
        var index = new SimHashIndex(8);
        var stored = new Dictionary<int, ulong>();
        List<ulong> queries = Populate(index, stored, random, 8);
        foreach (int key in new List<int>(stored.Keys))
        {
            if (random.Next(3) == 0)
            {
                index.Remove(key);
                stored.Remove(key);
            }
        }

        foreach (ulong q in queries)
        {
            Assert.That(index.Query(q), Is.EqualTo(Oracle(stored, q, 8)), $"query {q:X16}");
        }
    }

    [Test]
    public void Empty_index_returns_nothing()
    {
        var index = new SimHashIndex(3);

        Assert.That(index.Query(0UL), Is.Empty);
    }

    [Test]
    public void TryGetFingerprint_returns_the_stored_fingerprint()
    {
        var index = new SimHashIndex();
        index.Add(4, 0xABCDUL);

        bool found = index.TryGetFingerprint(4, out ulong fingerprint);

        Assert.That((found, fingerprint), Is.EqualTo((true, 0xABCDUL)));
    }

    /// <summary>
    /// Adds 5,000 random fingerprints, then for 40 random centres plants neighbours at every distance 0..k+2 with the
    /// flips placed three ways: at random, packed into the low bits (one block), and spread one per block. Returns the
    /// centres, some stored fingerprints and some fresh random fingerprints as queries.
    /// </summary>
    private static List<ulong> Populate(SimHashIndex index, Dictionary<int, ulong> stored, Random random, int k)
    {
        int key = 0;
        for (int i = 0; i < 5000; i++)
        {
            ulong fp = NextUInt64(random);
            index.Add(key, fp);
            stored.Add(key++, fp);
        }

        var queries = new List<ulong>();
        for (int c = 0; c < 40; c++)
        {
            ulong centre = NextUInt64(random);
            queries.Add(centre);
            for (int d = 0; d <= k + 2; d++)
            {
                foreach (ulong fp in new[] { FlipRandomBits(centre, d, random), centre ^ LowBits(d), centre ^ SpreadBits(d) })
                {
                    index.Add(key, fp);
                    stored.Add(key++, fp);
                }
            }
        }

        for (int i = 0; i < 20; i++)
        {
            queries.Add(stored[random.Next(5000)]);
            queries.Add(NextUInt64(random));
        }

        return queries;
    }

    /// <summary>The scalar oracle: a linear scan with popcount, sorted by distance then key.</summary>
    private static List<(int Key, int Distance)> Oracle(Dictionary<int, ulong> stored, ulong query, int maxDistance)
    {
        var results = new List<(int Key, int Distance)>();
        foreach (KeyValuePair<int, ulong> entry in stored)
        {
            int distance = BitOperations.PopCount(entry.Value ^ query);
            if (distance <= maxDistance)
            {
                results.Add((entry.Key, distance));
            }
        }

        results.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Key.CompareTo(b.Key));
        return results;
    }

    private static ulong NextUInt64(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);

    private static ulong LowBits(int count) => count == 0 ? 0 : ulong.MaxValue >> (64 - count);

    private static ulong SpreadBits(int count)
    {
        ulong mask = 0;
        for (int i = 0; i < count; i++)
        {
            mask |= 1UL << (i * 64 / count);
        }

        return mask;
    }

    private static ulong FlipRandomBits(ulong value, int count, Random random)
    {
        ulong mask = 0;
        while (BitOperations.PopCount(mask) < count)
        {
            mask |= 1UL << random.Next(64);
        }

        return value ^ mask;
    }
}
