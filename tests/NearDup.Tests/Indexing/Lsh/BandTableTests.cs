using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Indexing.Lsh;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

/// <summary>The ordered table against its invariants, through growth, merges and slack overflow.</summary>
public class BandTableTests
{
    [Test]
    public void Grow_ManyTimes_KeepsTheTableOrdered()
    {
        // From 16 homes to about 111,000: each growth is one rewrite pass.
        var random = new Random(2);
        var table = new BandTable();
        var entries = new List<ulong>();
        for (int id = 0; id < 100_000; id++)
        {
            if (table.IsFull)
            {
                table.Grow();
            }

            uint fingerprint = (uint)random.NextInt64(0, 1L << 32);
            table.Insert(fingerprint, id);
            entries.Add(BandTable.Entry(fingerprint, id));
        }

        Assert.That(Violations(table, entries), Is.Empty);
    }

    [TestCase(500, 20_000)]
    [TestCase(40_000, 40_000)]
    [TestCase(20_000, 500)]
    public void InsertSorted_HoldsTheSameEntriesAsInsertingOneByOne(int before, int batch)
    {
        // Batch small and large beside the table, growing it or not; one fingerprint in 50 repeats 40 times (past
        // HeavyRun, so merges must send the same ids to the heavy list as single inserts).
        var random = new Random(before + batch);
        uint heavy = (uint)random.NextInt64(0, 1L << 32);
        uint[] fingerprints = Enumerable.Range(0, before + batch).Select(i => i % 50 == 0 ? heavy : (uint)random.NextInt64(0, 1L << 32)).ToArray();
        BandTable single = Filled(fingerprints, fingerprints.Length), merged = Filled(fingerprints, before);
        ulong[] added = Enumerable.Range(before, batch).Select(id => BandTable.Entry(fingerprints[id], id)).Order().ToArray();
        ulong[]? spare = null;
        merged.InsertSorted(added, added.Length, ref spare);
        ulong[] Entries(BandTable t) => t.Slots.Where(e => e != 0).ToArray();
        Assert.That(
            (Entries(merged), merged.Heavy![heavy], Violations(merged, Enumerable.Range(0, fingerprints.Length).Select(id => BandTable.Entry(fingerprints[id], id)))),
            Is.EqualTo((Entries(single), single.Heavy![heavy], Array.Empty<string>())));
    }

    [Test]
    public void InsertSorted_IntoARecycledArray_ClearsEverySlotItDoesNotFill()
    {
        // The spare is another table's old array: every slot full of stale entries, none of which may survive.
        var random = new Random(4);
        uint[] fingerprints = Enumerable.Range(0, 6_000).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
        var table = new BandTable(20_000);
        for (int id = 0; id < 5_000; id++)
        {
            table.Insert(fingerprints[id], id);
        }

        ulong[]? spare = Enumerable.Repeat(BandTable.Entry(7, 7), table.Slots.Length).ToArray();
        ulong[] used = spare;
        table.InsertSorted(Enumerable.Range(5_000, 1_000).Select(id => BandTable.Entry(fingerprints[id], id)).Order().ToArray(), 1_000, ref spare);
        Assert.That(
            (ReferenceEquals(table.Slots, used), Violations(table, fingerprints.Select(BandTable.Entry))),
            Is.EqualTo((true, Array.Empty<string>())));
    }

    [Test]
    public void Insert_ClusterPastTheSlack_GrowsTheSlackTheSameWayOnBothPaths()
    {
        // 600 homes among the last 10 of 22,224: the cluster runs 600 slots past the last home, far beyond the 86 slots
        // of slack. One by one, inserts hit the end and double the slack; the merge starts over with twice as much.
        var random = new Random(3);
        var single = new BandTable(20_000);
        var merged = new BandTable(20_000);
        ulong[] entries = Enumerable.Range(0, 600).Select(id => BandTable.Entry(FingerprintWithHome(random, single.Capacity, single.Capacity - 10, single.Capacity), id)).ToArray();
        foreach (ulong e in entries)
        {
            single.Insert((uint)(e >> 32), BandTable.IdOf(e));
        }

        ulong[]? spare = null;
        merged.InsertSorted(entries.Order().ToArray(), entries.Length, ref spare);
        Assert.That(
            (merged.Slots.Length > single.Capacity + 600, merged.Slots, Violations(merged, entries)),
            Is.EqualTo((true, single.Slots, Array.Empty<string>())));
    }

    /// <summary>A table of the first <paramref name="count"/> fingerprints inserted one by one, growing as needed.</summary>
    private static BandTable Filled(uint[] fingerprints, int count)
    {
        var table = new BandTable();
        for (int id = 0; id < count; id++)
        {
            if (table.IsFull)
            {
                table.Grow();
            }

            table.Insert(fingerprints[id], id);
        }

        return table;
    }

    /// <summary>A fingerprint whose home lies in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private static uint FingerprintWithHome(Random random, int capacity, int from, int to)
    {
        long lowest = ((long)from << 32) / capacity + 1, highest = ((long)to << 32) / capacity - 1;
        return (uint)random.NextInt64(lowest, highest);
    }

    /// <summary>
    /// What breaks the table's invariants: entries out of order, before their home or after an empty slot past it,
    /// a non-empty last slot, or another set of entries (in the slots or the heavy lists) than <paramref name="expected"/>.
    /// </summary>
    private static string[] Violations(BandTable table, IEnumerable<ulong> expected)
    {
        var problems = new List<string>();
        var found = new List<ulong>();
        ulong previous = 0;
        int lastEmpty = -1;
        for (int p = 0; p < table.Slots.Length; p++)
        {
            ulong e = table.Slots[p];
            if (e == 0)
            {
                lastEmpty = p;
                continue;
            }

            int home = BandTable.Home((uint)(e >> 32), table.Capacity);
            if (e <= previous || home > p || lastEmpty >= home)
            {
                problems.Add($"slot {p}: entry {e:X16} (home {home}) after {previous:X16}, last empty slot {lastEmpty}");
            }

            previous = e;
            found.Add(e);
        }

        if (table.Slots[^1] != 0)
        {
            problems.Add("the last slot is not empty");
        }

        foreach ((uint fingerprint, List<int> ids) in table.Heavy ?? [])
        {
            found.AddRange(ids.Select(id => BandTable.Entry(fingerprint, id)));
        }

        if (!found.Order().SequenceEqual(expected.Order()))
        {
            problems.Add($"{found.Count} entries, expected {expected.Count()}");
        }

        return [.. problems];
    }
}
