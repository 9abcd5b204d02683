using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Indexing.Passages;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Passages;

public class PassageIndexTests
{
    [Test]
    public void SharedPairs_CountsSharedFingerprintsPerPair()
    {
        var index = new PassageIndex();
        index.Add(0, [1, 2, 3, 4]);
        index.Add(1, [3, 4, 5]);
        index.Add(2, [4, 5, 6]);
        index.Add(3, [100]);
        Assert.That(
            index.SharedPairs(1),
            Is.EquivalentTo(new Dictionary<(int, int), int> { [(0, 1)] = 2, [(0, 2)] = 1, [(1, 2)] = 2 }));
    }

    [Test]
    public void SharedPairs_MinShared_DropsPairsBelowIt()
    {
        var index = new PassageIndex();
        index.Add(0, [1, 2, 3, 4]);
        index.Add(1, [3, 4, 5]);
        index.Add(2, [4, 5, 6]);
        Assert.That(index.SharedPairs(2).Keys, Is.EquivalentTo(new[] { (0, 1), (1, 2) }));
    }

    [Test]
    public void SharedPairs_KeysAddedOutOfOrder_SmallerKeyFirst()
    {
        var index = new PassageIndex();
        index.Add(9, [1]);
        index.Add(3, [1]);
        Assert.That(index.SharedPairs(1).Keys, Is.EqualTo(new[] { (3, 9) }));
    }

    [Test]
    public void SharedPairs_FingerprintHeldByMoreThanMaxPostings_IsSkipped()
    {
        // Fingerprint 7 is boilerplate (in all 4 documents, MaxPostings 3); fingerprint 8 joins 0 and 1 only.
        var index = new PassageIndex(maxPostings: 3);
        index.Add(0, [7, 8]);
        index.Add(1, [7, 8]);
        index.Add(2, [7]);
        index.Add(3, [7]);
        Assert.That(index.SharedPairs(1), Is.EquivalentTo(new Dictionary<(int, int), int> { [(0, 1)] = 1 }));
    }

    [Test]
    public void SharedPairs_FingerprintHeldByExactlyMaxPostings_IsCounted()
    {
        var index = new PassageIndex(maxPostings: 3);
        index.Add(0, [7]);
        index.Add(1, [7]);
        index.Add(2, [7]);
        Assert.That(index.SharedPairs(1), Has.Count.EqualTo(3));
    }

    [Test]
    public void CountShared_SkipsFingerprintsAboveMaxPostings()
    {
        var index = new PassageIndex(maxPostings: 2);
        index.Add(0, [1, 2]);
        index.Add(1, [1, 2]);
        index.Add(2, [2]);
        var counts = new Dictionary<int, int>();
        index.CountShared([1, 2], counts);
        Assert.That(counts, Is.EquivalentTo(new Dictionary<int, int> { [0] = 1, [1] = 1 }));
    }

    [Test]
    public void SharedPairs_NoSharedFingerprints_IsEmpty()
    {
        var index = new PassageIndex();
        index.Add(0, Enumerable.Range(0, 50).Select(i => (ulong)i));
        index.Add(1, Enumerable.Range(50, 50).Select(i => (ulong)i));
        Assert.That(index.SharedPairs(1), Is.Empty);
    }

    [Test]
    public void SharedPairs_MinSharedZero_Throws() =>
        Assert.That(() => new PassageIndex().SharedPairs(0), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Constructor_MaxPostingsBelowTwo_Throws() =>
        Assert.That(() => new PassageIndex(1), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void CountShared_ReportsDocumentsInTheOrderTheyWereAdded()
    {
        // Callers turn the counts into candidate sets whose order decides ties between equal verdicts.
        var index = new PassageIndex();
        foreach (int key in (int[])[5, 3, 9, 1])
        {
            index.Add(key, [42]);
        }

        var counts = new Dictionary<int, int>();
        index.CountShared([42], counts);
        Assert.That(counts.Keys, Is.EqualTo(new[] { 5, 3, 9, 1 }));
    }

    [Test]
    public void CountShared_FingerprintHeldByExactlyMaxPostings_IsCounted()
    {
        var index = new PassageIndex(maxPostings: 3);
        index.Add(0, [7]);
        index.Add(1, [7]);
        index.Add(2, [7]);
        var counts = new Dictionary<int, int>();
        index.CountShared([7], counts);
        Assert.That(counts, Has.Count.EqualTo(3));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void CountSharedAndSharedPairs_ManyRandomDocuments_MatchAPlainPostingListOracle(int seed) =>
        AssertMatchesOracle(new Random(seed), documents: 500, maxFingerprints: 30, range: 2_000, queryLength: 40);

    [TestCase(300, 300, true, false)]
    [TestCase(300, 301, false, false)]
    [TestCase(254, 254, true, false)]
    [TestCase(254, 255, false, false)]
    [TestCase(300, 300, true, true)]
    [TestCase(300, 301, false, true)]
    [TestCase(254, 254, true, true)]
    [TestCase(254, 255, false, true)]
    public void CountShared_MaxPostingsAtOrAboveTheSlotCountLimit_IsStillExact(int maxPostings, int holders, bool counted, bool packed)
    {
        // Packed lists are read as a run as long as the slot's count; a saturated count must not be taken for the length.
        var index = new PassageIndex(maxPostings);
        for (int key = 0; key < holders; key++)
        {
            index.Add(key, [42UL, (ulong)(1_000 + key)]);
        }

        if (packed)
        {
            index.Pack();
        }

        var counts = new Dictionary<int, int>();
        index.CountShared([42UL], counts);
        Assert.That(counts, Is.EqualTo(counted ? Enumerable.Range(0, holders).ToDictionary(k => k, _ => 1) : new Dictionary<int, int>()));
    }

    [Test]
    public void Add_NegativeKey_IsRejectedAndAddsNothing()
    {
        var index = new PassageIndex();
        index.Add(0, [5UL]);
        var counts = new Dictionary<int, int>();
        Assert.Multiple(() =>
        {
            Assert.That(() => index.Add(-1, [5UL, 6UL]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("key"));
            index.CountShared([5UL, 6UL], counts);
            Assert.That(counts, Is.EqualTo(new Dictionary<int, int> { [0] = 1 }));
            Assert.That(index.Entries, Is.EqualTo(0));
        });
    }

    [Test]
    public void Add_FingerprintsHeldByOneDocument_AreCountedWithoutPostings()
    {
        var index = new PassageIndex();
        index.Add(3, [10UL, 11UL]);
        index.Add(4, [12UL]);
        var counts = new Dictionary<int, int>();
        index.CountShared([12UL, 10UL, 11UL, 13UL], counts);
        Assert.Multiple(() =>
        {
            Assert.That(counts.ToList(), Is.EqualTo(new[] { KeyValuePair.Create(4, 1), KeyValuePair.Create(3, 2) }));
            Assert.That(index.Entries, Is.EqualTo(0));
        });
    }

    [Test]
    public void Add_SecondAndThirdHolders_TurnTheSlotIntoAListInAddedOrder()
    {
        var index = new PassageIndex();
        index.Add(7, [10UL]);
        index.Add(2, [10UL]);
        index.Add(5, [10UL]);
        var counts = new Dictionary<int, int>();
        index.CountShared([10UL], counts);
        Assert.Multiple(() =>
        {
            Assert.That(counts.Keys, Is.EqualTo(new[] { 7, 2, 5 }));
            Assert.That(index.Entries, Is.EqualTo(3));
            Assert.That(index.SharedPairs(1).Keys, Is.EquivalentTo(new[] { (2, 7), (5, 7), (2, 5) }));
        });
    }

    [Test]
    public void Add_FingerprintPastMaxPostings_KeepsNoFurtherPostings()
    {
        var index = new PassageIndex(maxPostings: 4);
        for (int key = 0; key < 100; key++)
        {
            index.Add(key, [7UL, (ulong)(1_000 + key)]);
        }

        // 100 fingerprints held by one document each keep their key in the table, and the shared one's list is capped
        // at MaxPostings + 1 = 5 entries.
        Assert.That(index.Entries, Is.EqualTo(5));
    }

    [Test]
    public void CountShared_FingerprintsUsingAllSixtyFourBits_AreFoundAfterGrowth()
    {
        var random = new Random(5);
        ulong[] fingerprints = Enumerable.Range(0, 5_000).Select(_ => (ulong)random.NextInt64() | (1UL << 63)).Distinct().ToArray();
        var index = new PassageIndex();
        for (int key = 0; key < fingerprints.Length; key++)
        {
            index.Add(key, [fingerprints[key]]);
        }

        var counts = new Dictionary<int, int>();
        index.CountShared(fingerprints, counts);
        Assert.That(counts.Keys, Is.EqualTo(Enumerable.Range(0, fingerprints.Length)));
    }

    [Test]
    public void Pack_LaysEveryListOutInConsecutiveEntries()
    {
        var index = new PassageIndex();
        var random = new Random(11);
        for (int key = 0; key < 200; key++)
        {
            index.Add(key, Enumerable.Range(0, 10).Select(_ => (ulong)random.Next(0, 300)).Distinct());
        }

        index.Pack();
        Assert.Multiple(() =>
        {
            Assert.That(index.Packed, Is.EqualTo(index.Entries));
            for (ulong f = 0; f < 300; f++)
            {
                List<int> entries = index.EntriesOf(f);
                Assert.That(entries, Is.EqualTo(Enumerable.Range(entries.FirstOrDefault(), entries.Count)), $"fingerprint {f}");
            }
        });
    }

    [Test]
    public void Pack_ScatteredLists_AreScatteredBeforeIt()
    {
        // The premise of Pack: appending interleaves lists, so a list of several documents is not consecutive.
        // A second holder makes a list of two consecutive entries; a third lands after the other lists' entries.
        var index = new PassageIndex();
        index.Add(0, [1UL, 2UL]);
        index.Add(1, [1UL, 2UL]);
        index.Add(2, [1UL, 2UL]);
        Assert.That(index.EntriesOf(1UL), Is.EqualTo(new[] { 0, 1, 4 }));
    }

    [Test]
    public void Pack_KeepsCountsSharedPairsAndTheirOrder()
    {
        var random = new Random(12);
        var index = new PassageIndex(maxPostings: 8);
        for (int key = 0; key < 400; key++)
        {
            index.Add(key, Enumerable.Range(0, random.Next(0, 25)).Select(_ => (ulong)random.Next(0, 1_500)).Distinct());
        }

        ulong[] query = Enumerable.Range(0, 60).Select(_ => (ulong)random.Next(0, 1_500)).Distinct().ToArray();
        var before = new Dictionary<int, int>();
        index.CountShared(query, before);
        var pairsBefore = index.SharedPairs(1).ToList();
        index.Pack();
        var after = new Dictionary<int, int>();
        index.CountShared(query, after);
        Assert.Multiple(() =>
        {
            Assert.That(after.ToList(), Is.EqualTo(before.ToList()));
            Assert.That(index.SharedPairs(1).ToList(), Is.EqualTo(pairsBefore));
        });
    }

    [Test]
    public void Add_WhenUnpackedPostingsReachThePackedOnes_PacksByItself()
    {
        // Packing starts once 2^16 postings are unpacked, then whenever the unpacked ones are as many as the packed.
        // Each fingerprint is held by two documents, so each pair of documents adds two postings.
        var index = new PassageIndex();
        for (int key = 0; key < 70_000; key++)
        {
            index.Add(key, [(ulong)(key / 2)]);
        }

        Assert.That(index.Packed, Is.EqualTo(1 << 16));
    }

    [TestCase(21)]
    [TestCase(22)]
    public void CountSharedAndSharedPairs_AcrossAutomaticPacks_MatchAPlainPostingListOracle(int seed)
    {
        // About 120,000 postings: Add packs by itself once or twice, and queries read packed lists with unpacked tails.
        PassageIndex index = AssertMatchesOracle(new Random(seed), documents: 6_000, maxFingerprints: 40, range: 40_000, queryLength: 400);
        Assert.Multiple(() =>
        {
            Assert.That(index.Packed, Is.GreaterThan(0), "packed at least once");
            Assert.That(index.Packed, Is.LessThan(index.Entries), "an unpacked tail remains");
        });
    }

    /// <summary>Indexes random documents (MaxPostings 6), then checks CountShared and SharedPairs, values and order,
    /// against plain posting lists; returns the index.</summary>
    private static PassageIndex AssertMatchesOracle(Random random, int documents, int maxFingerprints, int range, int queryLength)
    {
        var index = new PassageIndex(maxPostings: 6);
        var oracle = new Dictionary<ulong, List<int>>();
        var listed = new List<ulong>(); // fingerprints in the order they gained a second holder, as SharedPairs visits them
        for (int key = 0; key < documents; key++)
        {
            ulong[] fingerprints = Enumerable.Range(0, random.Next(0, maxFingerprints)).Select(_ => (ulong)random.Next(0, range)).Distinct().ToArray();
            index.Add(key, fingerprints);
            foreach (ulong f in fingerprints)
            {
                if (!oracle.TryGetValue(f, out List<int>? list))
                {
                    oracle[f] = list = [];
                }

                list.Add(key);
                if (list.Count == 2)
                {
                    listed.Add(f);
                }
            }
        }

        ulong[] query = Enumerable.Range(0, queryLength).Select(_ => (ulong)random.Next(0, range)).Distinct().ToArray();
        var expected = new Dictionary<int, int>();
        foreach (ulong f in query)
        {
            if (oracle.TryGetValue(f, out List<int>? list) && list.Count <= 6)
            {
                foreach (int key in list)
                {
                    expected[key] = expected.GetValueOrDefault(key) + 1;
                }
            }
        }

        var counts = new Dictionary<int, int>();
        index.CountShared(query, counts);
        var pairs = new Dictionary<(int, int), int>();
        foreach (List<int> list in listed.Select(f => oracle[f]).Where(l => l.Count <= 6))
        {
            for (int i = 0; i < list.Count; i++)
            {
                for (int j = i + 1; j < list.Count; j++)
                {
                    var pair = list[i] < list[j] ? (list[i], list[j]) : (list[j], list[i]);
                    pairs[pair] = pairs.GetValueOrDefault(pair) + 1;
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(counts.ToList(), Is.EqualTo(expected.ToList()), "same counts in the same order");
            Assert.That(index.SharedPairs(1).ToList(), Is.EqualTo(pairs.ToList()));
        });
        return index;
    }
}
