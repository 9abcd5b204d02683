using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Indexing.Lsh;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

/// <summary>AddRange: the same answers as adding one by one, and rejected batches that add nothing.</summary>
public partial class MinHashLshIndexTests
{
    /// <summary>Bandings × batch plans, each named so a failure says which.</summary>
    private static IEnumerable<TestCaseData> BatchCases()
    {
        // Plans (batch sizes in order): one batch into empty tables (merged, on all cores); batches that each grow the
        // tables (merged into filled tables); a big batch then small ones (inserted entry by entry, 16× smaller than
        // the tables, some below the parallel threshold). (64, 2) with a 4-letter alphabet puts more than HeavyRun ids
        // under one fingerprint, so merges must spill into the heavy lists as single inserts do.
        int[][] plans = [[3000], [700, 700, 1600], [2800, 1, 40, 150, 9]];
        foreach ((int bands, int rows, int alphabet) in new[] { (25, 5, 0), (16, 8, 0), (64, 2, 4) })
        {
            foreach (int[] plan in plans)
            {
                string label = $"b={bands}, r={rows}, alphabet={(alphabet == 0 ? "2^32" : alphabet)}, batches={string.Join("+", plan)}";
                var data = new TestCaseData(bands, rows, alphabet, plan).SetName($"AddRange_EqualsAddingOneByOne({label})");

                // The heavy-list rows (few distinct values, so long runs of ids per fingerprint) take seconds each.
                yield return alphabet == 0 ? data : data.SetCategory("Slow");
            }
        }
    }

    [TestCaseSource(nameof(BatchCases))]
    public void AddRange_EqualsAddingOneByOne(int bands, int rows, int alphabet, int[] plan)
    {
        var random = new Random(bands * 1000 + plan.Length);
        var banding = new LshParameters(bands, rows);
        List<(int Key, uint[] Values)> sketches = SparseKeyedSketches(random, plan.Sum(), alphabet);
        var single = new MinHashLshIndex(Parameters, banding);
        var batched = new MinHashLshIndex(Parameters, banding);
        foreach ((int key, uint[] values) in sketches)
        {
            single.Add(key, values);
        }

        int start = 0;
        foreach (int size in plan)
        {
            AddBatch(batched, sketches.GetRange(start, size));
            start += size;
        }

        var queries = sketches.Take(400).Select(s => Mutate(random, s.Values, 3, alphabet)).Concat(sketches.Select(s => s.Values)).ToList();
        Assert.That((batched.Count, CountDifferentAnswers(single, batched, queries)), Is.EqualTo((single.Count, 0)));
    }

    [Test]
    public void AddRange_SketchObjects_EqualsAddingOneByOne()
    {
        // Every fifth set repeats the one before, so whole sketches are shared; set 7 is empty (counted, not returned).
        var random = new Random(21);
        var sets = Enumerable.Range(0, 1200).Select(i => i == 7 ? [] : Support.RandomSets.Distinct(random, 100)).ToList();
        MinHashSketch[] sketches = sets.Select((set, i) => Hasher.Sketch(i % 5 == 4 ? sets[i - 1] : set)).ToArray();
        int[] keys = Enumerable.Range(0, sketches.Length).Select(i => 3 * i - 100).ToArray();
        var single = new MinHashLshIndex(Parameters, Banding);
        var batched = new MinHashLshIndex(Parameters, Banding);
        for (int i = 0; i < sketches.Length; i++)
        {
            single.Add(keys[i], sketches[i]);
        }

        batched.AddRange(keys, sketches);
        var queries = sketches.Select(s => s.Values.ToArray()).ToList();
        Assert.That((batched.Count, CountDifferentAnswers(single, batched, queries)), Is.EqualTo((1200, 0)));
    }

    [Test]
    public void AddRange_SmallBatchesIntoALargeIndex_EqualsAddingOneByOne()
    {
        // 12,000 entries per band, then batches of 700 (enough for the worker threads, under 1/16 of the tables: each
        // band takes them entry by entry) and of 5,000 (merged).
        var random = new Random(22);
        List<(int Key, uint[] Values)> sketches = SparseKeyedSketches(random, 12_000 + 700 + 700 + 5_000, alphabet: 0);
        var single = new MinHashLshIndex(Parameters, Banding);
        var batched = new MinHashLshIndex(Parameters, Banding);
        for (int i = 0; i < sketches.Count; i++)
        {
            single.Add(sketches[i].Key, sketches[i].Values);
            if (i < 12_000)
            {
                batched.Add(sketches[i].Key, sketches[i].Values);
            }
        }

        AddBatch(batched, sketches.GetRange(12_000, 700));
        AddBatch(batched, sketches.GetRange(12_700, 700));
        AddBatch(batched, sketches.GetRange(13_400, 5_000));
        var queries = sketches.Where((_, i) => i % 4 == 0).Select(s => Mutate(random, s.Values, 2, 0)).ToList();
        Assert.That((batched.Count, CountDifferentAnswers(single, batched, queries)), Is.EqualTo((single.Count, 0)));
    }

    [Test]
    public void AddRange_InChunks_EqualsAddingOneByOne()
    {
        // 25 × 100 fingerprints a chunk: the 3,000 sketches (a few empty) go in 30 chunks, the tables sized for all of
        // them by the first; the later chunks merge into filled tables without growing.
        var random = new Random(26);
        uint[] empty = Hasher.Sketch(ReadOnlySpan<ulong>.Empty).Values.ToArray();
        List<(int Key, uint[] Values)> sketches = SparseKeyedSketches(random, 3_000, alphabet: 0).Select((s, i) => i % 500 == 3 ? (s.Key, empty) : s).ToList();
        var single = new MinHashLshIndex(Parameters, Banding);
        var batched = new MinHashLshIndex(Parameters, Banding) { MaxChunkFingerprints = 25 * 100 };
        foreach ((int key, uint[] values) in sketches)
        {
            single.Add(key, values);
        }

        AddBatch(batched, sketches);
        var queries = sketches.Select(s => Mutate(random, s.Values, 3, 0)).ToList();
        Assert.That((batched.Count, CountDifferentAnswers(single, batched, queries)), Is.EqualTo((3_000, 0)));
    }

    [Test]
    public void AddRange_AfterRemovals_EqualsAddingOneByOne()
    {
        // 3,000 of 5,000 keys removed (crossing the rebuild line), then one batch of new keys and of removed keys
        // re-added with new sketches: the tombstones of the old sketches must not answer for them.
        var random = new Random(23);
        List<(int Key, uint[] Values)> first = SparseKeyedSketches(random, 5_000, alphabet: 0);
        var single = new MinHashLshIndex(Parameters, Banding);
        var batched = new MinHashLshIndex(Parameters, Banding);
        foreach ((int key, uint[] values) in first)
        {
            single.Add(key, values);
            batched.Add(key, values);
        }

        List<int> removed = first.Select(s => s.Key).OrderBy(_ => random.Next()).Take(3_000).ToList();
        foreach (int key in removed)
        {
            single.Remove(key);
            batched.Remove(key);
        }

        var batch = removed.Take(1_000).Select(key => (key, RandomValues(random, 0)))
            .Concat(Enumerable.Range(0, 2_000).Select(i => (int.MaxValue - i, RandomValues(random, 0)))).ToList();
        foreach ((int key, uint[] values) in batch)
        {
            single.Add(key, values);
        }

        AddBatch(batched, batch);
        var queries = first.Select(s => s.Values).Concat(batch.Select(s => s.Item2)).ToList();
        Assert.That((batched.Count, CountDifferentAnswers(single, batched, queries)), Is.EqualTo((5_000, 0)));
    }

    [Test]
    public void AddRange_ThousandIdenticalSketches_ReturnsAllOfThem()
    {
        // One merge puts 1,000 ids under each band's fingerprint: 32 in the table, the rest in the heavy lists.
        uint[] copy = RandomValues(new Random(24), 0);
        var index = new MinHashLshIndex(Parameters, Banding);
        AddBatch(index, Enumerable.Range(0, 1000).Select(key => (key, copy)).ToList());
        var hits = new HashSet<int>();
        index.Query(copy, hits);
        Assert.That(hits, Is.EquivalentTo(Enumerable.Range(0, 1000)));
    }

    [Test]
    public void AddRange_EmptySets_CountedButNeverReturned()
    {
        uint[] empty = Hasher.Sketch(ReadOnlySpan<ulong>.Empty).Values.ToArray();
        var index = new MinHashLshIndex(Parameters, Banding);
        AddBatch(index, [(1, empty), (2, empty)]);
        var hits = new HashSet<int>();
        index.Query(empty, hits);
        Assert.That((index.Count, hits.Count), Is.EqualTo((2, 0)));
    }

    [Test]
    public void AddRange_EmptyBatch_ChangesNothing()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        index.AddRange(ReadOnlySpan<int>.Empty, ReadOnlySpan<uint>.Empty);
        Assert.That(index.Count, Is.EqualTo(0));
    }

    // Key 5 is in the index before the batch; in the second batch key 1 comes back after key 2 was taken.
    [TestCase(new[] { 1, 5, 6 }, "key 5 (at 1) is already in the index")]
    [TestCase(new[] { 1, 2, 1 }, "key 1 appears twice in the batch, at 0 and 2")]
    public void AddRange_RejectedKey_ThrowsAndAddsNothing(int[] keys, string message)
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        index.Add(5, RandomValues(new Random(25), 0));
        List<(int, uint[])> batch = keys.Select((key, i) => (key, RandomValues(new Random(26 + i), 0))).ToList();
        Assert.That(() => AddBatch(index, batch), Throws.ArgumentException.With.Message.Contains(message).And.Property("ParamName").EqualTo("keys"));
        Assert.That((index.Count, CandidatesOf(index, batch)), Is.EqualTo((1, 0)));
    }

    [Test]
    public void AddRange_RejectedBatch_LeavesItsKeysFree()
    {
        // The keys taken before the repeat was found must be given back: the same keys add fine afterwards.
        var index = new MinHashLshIndex(Parameters, Banding);
        Assert.That(() => index.AddRange([10, 11, 10], new uint[3 * Parameters.HashCount]), Throws.ArgumentException);
        AddBatch(index, [(10, RandomValues(new Random(32), 0)), (11, RandomValues(new Random(33), 0))]);
        Assert.That(index.Count, Is.EqualTo(2));
    }

    [TestCase(0)]
    [TestCase(255)]
    [TestCase(257)]
    public void AddRange_ValuesNotHashCountPerKey_Throws(int length) =>
        // Two keys need 256 values: one short, one long, and none at all.
        Assert.That(
            () => new MinHashLshIndex(Parameters, Banding).AddRange([1, 2], new uint[length]),
            Throws.ArgumentException.With.Message.Contains($"values has {length} values; 2 keys × 128 hashes need 256").And.Property("ParamName").EqualTo("values"));

    [Test]
    public void AddRange_FewerSketchesThanKeys_Throws() =>
        Assert.That(
            () => new MinHashLshIndex(Parameters, Banding).AddRange([1, 2], [Hasher.Sketch(new ulong[] { 1 })]),
            Throws.ArgumentException.With.Message.Contains("1 sketches for 2 keys").And.Property("ParamName").EqualTo("sketches"));

    [Test]
    public void AddRange_NullSketch_Throws() =>
        Assert.That(
            () => new MinHashLshIndex(Parameters, Banding).AddRange([1, 2], [Hasher.Sketch(new ulong[] { 1 }), null!]),
            Throws.ArgumentNullException.With.Message.Contains("sketch 1 is null"));

    [Test]
    public void AddRange_SketchWithOtherParameters_ThrowsAndAddsNothing()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        var other = new MinHasher(new MinHashParameters(MinHashFamily.OnePermutation, 128, 12345, ShingleSpec.Default));
        MinHashSketch good = Hasher.Sketch(new ulong[] { 1, 2, 3 });
        Assert.That(() => index.AddRange([1, 2], [good, other.Sketch(new ulong[] { 4, 5 })]), Throws.ArgumentException.With.Message.Contains("12345"));
        var hits = new HashSet<int>();
        index.Query(good, hits);
        Assert.That((index.Count, hits.Count), Is.EqualTo((0, 0)));
    }

    /// <summary>Adds sketches with <see cref="MinHashLshIndex.AddRange(ReadOnlySpan{int}, ReadOnlySpan{uint})"/>, as one row-major array.</summary>
    private static void AddBatch(MinHashLshIndex index, List<(int Key, uint[] Values)> batch) =>
        index.AddRange(batch.Select(s => s.Key).ToArray(), batch.SelectMany(s => s.Values).ToArray());

    /// <summary>Distinct keys, a quarter of them anywhere in the int range (negative too), with planted near-copies.</summary>
    private static List<(int Key, uint[] Values)> SparseKeyedSketches(Random random, int count, int alphabet)
    {
        var sketches = new Dictionary<int, uint[]>();
        var order = new List<(int, uint[])>(count);
        while (sketches.Count < count)
        {
            int key = random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(0, 2 * count);
            if (!sketches.ContainsKey(key))
            {
                uint[] values = PlantedSketch(random, sketches, alphabet);
                sketches.Add(key, values);
                order.Add((key, values));
            }
        }

        return order;
    }

    /// <summary>How many queries get other candidates from <paramref name="actual"/> than from <paramref name="expected"/>.</summary>
    private static int CountDifferentAnswers(MinHashLshIndex expected, MinHashLshIndex actual, IEnumerable<uint[]> queries)
    {
        HashSet<int> a = [], b = [];
        int different = 0;
        foreach (uint[] query in queries)
        {
            a.Clear();
            b.Clear();
            expected.Query(query, a);
            actual.Query(query, b);
            different += a.SetEquals(b) ? 0 : 1;
        }

        return different;
    }

    /// <summary>Candidates found, over all the batch's sketches as queries.</summary>
    private static int CandidatesOf(MinHashLshIndex index, List<(int Key, uint[] Values)> batch)
    {
        var hits = new HashSet<int>();
        foreach ((_, uint[] values) in batch)
        {
            index.Query(values, hits);
        }

        return hits.Count;
    }
}
