using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Indexing.Lsh;
using NearDup.Sketches.MinHash;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

/// <summary>Remove, re-add, duplicate keys and the raw-values overloads.</summary>
public partial class MinHashLshIndexTests
{
    [Test]
    public void Remove_IndexedKey_IsNeverReturnedAgain()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        uint[] shared = RandomValues(new Random(1), 0);
        index.Add(1, shared);
        index.Add(2, shared);
        bool removed = index.Remove(1);
        var hits = new HashSet<int>();
        index.Query(shared, hits);
        Assert.That((removed, index.Count, hits.ToArray()), Is.EqualTo((true, 1, new[] { 2 })));
    }

    [Test]
    public void Remove_UnknownOrAlreadyRemovedKey_ReturnsFalse()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        index.Add(5, RandomValues(new Random(2), 0));
        index.Remove(5);
        Assert.That((index.Remove(5), index.Remove(6), index.Count), Is.EqualTo((false, false, 0)));
    }

    [Test]
    public void Add_AfterRemove_AnswersForTheNewSketchOnly()
    {
        // The old sketch's band entries stay as tombstones: they must not answer for the re-added key.
        var index = new MinHashLshIndex(Parameters, Banding);
        uint[] before = RandomValues(new Random(3), 0), after = RandomValues(new Random(4), 0);
        index.Add(9, before);
        index.Remove(9);
        index.Add(9, after);
        HashSet<int> hitsBefore = [], hitsAfter = [];
        index.Query(before, hitsBefore);
        index.Query(after, hitsAfter);
        Assert.That((hitsBefore.Count, hitsAfter.ToArray(), index.Count), Is.EqualTo((0, new[] { 9 }, 1)));
    }

    [Test]
    [Category("Slow")]
    public void Remove_HalfOfManyKeys_CompactsAndKeepsTheRestFindable()
    {
        // 6,000 removals of 10,000 cross the rebuild line (a quarter of ids dead, at least 1,024) more than once.
        // Every fifth key is negative, so the rebuild renumbers both the dense array and the sparse map.
        static int Key(int i) => i % 5 == 0 ? int.MinValue + i : i;
        var random = new Random(11);
        var index = new MinHashLshIndex(Parameters, Banding);
        var sketches = new Dictionary<int, uint[]>();
        for (int i = 0; i < 10_000; i++)
        {
            sketches[Key(i)] = i % 10 == 9 ? Mutate(random, sketches[Key(i - 1)], 20, 0) : RandomValues(random, 0);
            index.Add(Key(i), sketches[Key(i)]);
        }

        var removed = new HashSet<int>();
        foreach (int key in Enumerable.Range(0, 10_000).Select(Key).OrderBy(_ => random.Next()).Take(6_000))
        {
            index.Remove(key);
            removed.Add(key);
            sketches.Remove(key);
        }

        // Re-add a few removed keys with new sketches after the rebuilds.
        foreach (int key in removed.Take(100))
        {
            sketches[key] = RandomValues(random, 0);
            index.Add(key, sketches[key]);
        }

        var hits = new HashSet<int>();
        int wrong = 0;
        foreach (uint[] query in sketches.Values)
        {
            hits.Clear();
            index.Query(query, hits);
            wrong += hits.SetEquals(BruteForce(Banding, sketches, query)) ? 0 : 1;
        }

        Assert.That((index.Count, wrong), Is.EqualTo((sketches.Count, 0)));
    }

    [Test]
    public void Add_KeyAlreadyPresent_ThrowsAndLeavesTheIndexUnchanged()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        uint[] first = RandomValues(new Random(5), 0), second = RandomValues(new Random(6), 0);
        index.Add(3, first);
        Assert.That(() => index.Add(3, second), Throws.ArgumentException.With.Message.Contains("key 3").And.Property("ParamName").EqualTo("key"));
        var hits = new HashSet<int>();
        index.Query(second, hits);
        Assert.That((index.Count, hits.Count), Is.EqualTo((1, 0)));
    }

    [Test]
    public void Add_SketchUnderKeyAlreadyPresent_Throws()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        index.Add(3, Hasher.Sketch(new ulong[] { 1, 2, 3 }));
        Assert.That(() => index.Add(3, Hasher.Sketch(new ulong[] { 4, 5, 6 })), Throws.ArgumentException.With.Message.Contains("key 3"));
    }

    [TestCase(0)]
    [TestCase(127)]
    [TestCase(129)]
    public void Add_ValuesOfWrongLength_Throws(int length) =>
        // 127 and 129: one short and one long of k = 128; 0: the empty span.
        Assert.That(
            () => new MinHashLshIndex(Parameters, Banding).Add(1, new uint[length]),
            Throws.ArgumentException.With.Message.Contains($"{length} values").And.Message.Contains("128").And.Property("ParamName").EqualTo("values"));

    [Test]
    public void Query_ValuesOfWrongLength_Throws() =>
        Assert.That(
            () => new MinHashLshIndex(Parameters, Banding).Query(new uint[64], new HashSet<int>()),
            Throws.ArgumentException.With.Message.Contains("64 values").And.Message.Contains("128"));

    [Test]
    public void Add_ValuesOfWrongLength_LeavesTheKeyFree()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        Assert.That(() => index.Add(1, new uint[3]), Throws.ArgumentException);
        index.Add(1, RandomValues(new Random(7), 0));
        Assert.That(index.Count, Is.EqualTo(1));
    }

    [Test]
    public void Add_Values_FindsTheSameCandidatesAsTheSketch()
    {
        var random = new Random(8);
        var bySketch = new MinHashLshIndex(Parameters, Banding);
        var byValues = new MinHashLshIndex(Parameters, Banding);
        var sets = Enumerable.Range(0, 50).Select(_ => Support.RandomSets.Distinct(random, 200)).ToList();
        for (int key = 0; key < sets.Count; key++)
        {
            MinHashSketch sketch = Hasher.Sketch(key % 5 == 4 ? sets[key - 1] : sets[key]);
            bySketch.Add(key, sketch);
            byValues.Add(key, sketch.Values);
        }

        HashSet<int> a = [], b = [];
        foreach (ulong[] set in sets)
        {
            MinHashSketch query = Hasher.Sketch(set);
            bySketch.Query(query, a);
            byValues.Query(query.Values, b);
        }

        Assert.That(b, Is.EquivalentTo(a));
    }

    [Test]
    public void Add_ValuesOfAnEmptySet_CountedButNeverReturned()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        uint[] empty = Hasher.Sketch(ReadOnlySpan<ulong>.Empty).Values.ToArray();
        index.Add(1, empty);
        index.Add(2, empty);
        var hits = new HashSet<int>();
        index.Query(empty, hits);
        Assert.That((index.Count, hits.Count, empty.All(v => v == MinHasher.EmptyValue)), Is.EqualTo((2, 0, true)));
    }

    [Test]
    public void Remove_KeyOfAnEmptySketch_FreesTheKey()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        index.Add(4, Hasher.Sketch(ReadOnlySpan<ulong>.Empty));
        bool removed = index.Remove(4);
        index.Add(4, Hasher.Sketch(new ulong[] { 1, 2, 3 }));
        var hits = new HashSet<int>();
        index.Query(Hasher.Sketch(new ulong[] { 1, 2, 3 }), hits);
        Assert.That((removed, hits.ToArray()), Is.EqualTo((true, new[] { 4 })));
    }

    [TestCase(int.MinValue)]
    [TestCase(-1)]
    [TestCase(int.MaxValue)]
    public void Add_ExtremeKey_IsReturnedAndRemovable(int key)
    {
        // Keys outside the dense array's reach go to the sparse map; both must behave the same.
        var index = new MinHashLshIndex(Parameters, Banding);
        uint[] values = RandomValues(new Random(9), 0);
        index.Add(0, RandomValues(new Random(10), 0));
        index.Add(key, values);
        var hits = new HashSet<int>();
        index.Query(values, hits);
        bool removed = index.Remove(key);
        var after = new HashSet<int>();
        index.Query(values, after);
        Assert.That((hits.ToArray(), removed, after.Count, index.Count), Is.EqualTo((new[] { key }, true, 0, 1)));
    }

    [Test]
    public void Constructor_NegativeCapacity_Throws() =>
        Assert.That(() => new MinHashLshIndex(Parameters, Banding, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Add_BeyondTheCapacityGiven_KeepsGrowingAndFindsEveryKey()
    {
        // Sized for 10, filled with 5,000: the hint is a start, not a limit.
        var random = new Random(12);
        var index = new MinHashLshIndex(Parameters, Banding, capacity: 10);
        var sketches = new List<uint[]>();
        for (int key = 0; key < 5_000; key++)
        {
            sketches.Add(RandomValues(random, 0));
            index.Add(key, sketches[key]);
        }

        var hits = new HashSet<int>();
        int missing = 0;
        for (int key = 0; key < sketches.Count; key++)
        {
            hits.Clear();
            index.Query(sketches[key], hits);
            missing += hits.Contains(key) ? 0 : 1;
        }

        Assert.That((index.Count, missing), Is.EqualTo((5_000, 0)));
    }
}
