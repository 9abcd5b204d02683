using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Indexing.Lsh;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

/// <summary>The paged ordered table against its invariants, where pages meet.</summary>
public class BandTableTests
{
    [Test]
    public void Insert_RunsAcrossAPageBoundary_KeepTheTableOrdered()
    {
        // 3,000 of 6,000 fingerprints have homes in the last 64 slots of the first page: their cluster runs far into
        // the second, so inserts shift it across the boundary and lookups scan across it.
        var random = new Random(1);
        var table = new BandTable(20_000);
        var entries = new List<ulong>();
        for (int id = 0; id < 6_000; id++)
        {
            uint fingerprint = id % 2 == 0 ? FingerprintWithHome(random, table.Capacity, BandTable.PageSlots - 64, BandTable.PageSlots) : (uint)random.NextInt64(0, 1L << 32);
            table.Insert(fingerprint, id);
            entries.Add(BandTable.Entry(fingerprint, id));
        }

        Assert.That(Violations(table, entries), Is.Empty);
    }

    [Test]
    public void Grow_ThroughManyPages_KeepsTheTableOrdered()
    {
        // From 16 homes to about 111,000 (7 pages): each growth writes into pages the same pass has finished reading.
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

        Assert.That((table.Capacity > 6 * BandTable.PageSlots, Violations(table, entries)), Is.EqualTo((true, Array.Empty<string>())));
    }

    [TestCase(500, 20_000)]
    [TestCase(40_000, 40_000)]
    [TestCase(20_000, 500)]
    public void InsertSorted_GivesTheSameSlotsAsInsertingOneByOne(int before, int batch)
    {
        // Batch small and large beside the table, growing it or not; one fingerprint in 50 repeats 40 times (past
        // HeavyRun, so merges must send the same ids to the heavy list as single inserts).
        var random = new Random(before + batch);
        uint heavy = (uint)random.NextInt64(0, 1L << 32);
        uint[] fingerprints = Enumerable.Range(0, before + batch).Select(i => i % 50 == 0 ? heavy : (uint)random.NextInt64(0, 1L << 32)).ToArray();
        var single = new BandTable();
        var merged = new BandTable();
        for (int id = 0; id < fingerprints.Length; id++)
        {
            if (single.IsFull)
            {
                single.Grow();
            }

            single.Insert(fingerprints[id], id);
            if (id < before)
            {
                if (merged.IsFull)
                {
                    merged.Grow();
                }

                merged.Insert(fingerprints[id], id);
            }
        }

        ulong[] added = Enumerable.Range(before, batch).Select(id => BandTable.Entry(fingerprints[id], id)).Order().ToArray();
        merged.InsertSorted(added, added.Length);
        ulong[] Entries(BandTable t) => Enumerable.Range(0, t.Length).Select(p => t[p]).Where(e => e != 0).ToArray();
        Assert.That(
            (Entries(merged), merged.Heavy![heavy], Violations(merged, [.. added, .. Enumerable.Range(0, before).Select(id => BandTable.Entry(fingerprints[id], id))])),
            Is.EqualTo((Entries(single), single.Heavy![heavy], Array.Empty<string>())));
    }

    [Test]
    public void Insert_ClusterPastTheSlack_GrowsTheSlackTheSameWayOnBothPaths()
    {
        // 600 homes among the last 10 of 22,224: the cluster runs 600 slots past the last home, far beyond the 86 slots
        // of slack, into what is still the cut last page. One by one, inserts hit the end and double the slack; the
        // merge doubles it as it goes, lengthening the last page.
        var random = new Random(3);
        var single = new BandTable(20_000);
        var merged = new BandTable(20_000);
        ulong[] entries = Enumerable.Range(0, 600).Select(id => BandTable.Entry(FingerprintWithHome(random, single.Capacity, single.Capacity - 10, single.Capacity), id)).ToArray();
        foreach (ulong e in entries)
        {
            single.Insert((uint)(e >> 32), BandTable.IdOf(e));
        }

        merged.InsertSorted(entries.Order().ToArray(), entries.Length);
        ulong[] Slots(BandTable t) => Enumerable.Range(0, t.Length).Select(p => t[p]).ToArray();
        Assert.That(
            (merged.Length > single.Capacity + 600, Slots(merged), Violations(merged, entries)),
            Is.EqualTo((true, Slots(single), Array.Empty<string>())));
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
        for (int p = 0; p < table.Length; p++)
        {
            ulong e = table[p];
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

        if (table[table.Length - 1] != 0)
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
