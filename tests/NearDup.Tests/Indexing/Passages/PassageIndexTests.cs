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
}
