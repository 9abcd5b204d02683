using System;
using System.Linq;
using NearDup.Shingles;
using NUnit.Framework;

namespace NearDup.Tests.Shingles;

public class ShingleSetTests
{
    private static ShingleSet Range(int start, int count) =>
        ShingleSet.From(Enumerable.Range(start, count).Select(i => (ulong)i * 0x9E37_79B9_7F4A_7C15UL).ToArray());

    [Test]
    public void Jaccard_HundredAndHundredSharingFifty_IsOneThird() =>
        Assert.That(Range(0, 100).Jaccard(Range(50, 100)), Is.EqualTo(1.0 / 3.0).Within(1e-15));

    [Test]
    public void ContainmentIn_HundredAndHundredSharingFifty_IsOneHalf() =>
        Assert.That(Range(0, 100).ContainmentIn(Range(50, 100)), Is.EqualTo(0.5).Within(1e-15));

    [Test]
    public void ContainmentIn_SubsetInSuperset_IsOne() =>
        Assert.That(Range(10, 30).ContainmentIn(Range(0, 100)), Is.EqualTo(1.0));

    [Test]
    public void ContainmentIn_SupersetInSubset_IsRatioOfSizes() =>
        Assert.That(Range(0, 100).ContainmentIn(Range(10, 30)), Is.EqualTo(0.3).Within(1e-15));

    [Test]
    public void Jaccard_SubsetOfThirtyInHundred_IsPointThree() =>
        Assert.That(Range(10, 30).Jaccard(Range(0, 100)), Is.EqualTo(0.3).Within(1e-15));

    [Test]
    public void Jaccard_Disjoint_IsZero() =>
        Assert.That(Range(0, 10).Jaccard(Range(10, 10)), Is.Zero);

    [Test]
    public void Jaccard_TwoEmptySets_IsOne() =>
        Assert.That(ShingleSet.Empty.Jaccard(ShingleSet.Empty), Is.EqualTo(1.0));

    [Test]
    public void Jaccard_EmptyAndNonEmpty_IsZero() =>
        Assert.That(ShingleSet.Empty.Jaccard(Range(0, 5)), Is.Zero);

    [Test]
    public void Jaccard_IsSymmetric() =>
        Assert.That(Range(0, 70).Jaccard(Range(30, 200)), Is.EqualTo(Range(30, 200).Jaccard(Range(0, 70))));

    [Test]
    public void IntersectionCount_HundredAndHundredSharingFifty_IsFifty() =>
        Assert.That(Range(0, 100).IntersectionCount(Range(50, 100)), Is.EqualTo(50));

    [Test]
    public void From_RepeatsAndDisorder_GiveSortedDistinctHashes()
    {
        ShingleSet set = ShingleSet.From(new ulong[] { 5, 1, 5, 3, 1, ulong.MaxValue, 0 });
        Assert.That(set.Hashes.ToArray(), Is.EqualTo(new ulong[] { 0, 1, 3, 5, ulong.MaxValue }));
    }

    [Test]
    public void Contains_PresentAndAbsent()
    {
        ShingleSet set = ShingleSet.From(new ulong[] { 10, 20, 30 });
        Assert.That((set.Contains(20), set.Contains(25)), Is.EqualTo((true, false)));
    }

    [Test]
    public void From_Empty_IsEmptySet() =>
        Assert.That(ShingleSet.From(ReadOnlySpan<ulong>.Empty).Count, Is.Zero);

    [Test]
    public void RentFrom_HoldsTheSameHashesAsFrom()
    {
        ulong[] hashes = [9, 4, 4, 7, 1, 9, 12];
        ShingleSet rented = ShingleSet.RentFrom(hashes);
        Assert.That((rented.Hashes.ToArray(), rented.Count, rented.Contains(7)), Is.EqualTo((ShingleSet.From(hashes).Hashes.ToArray(), 5, true)));
    }

    [Test]
    public void Release_OfARentedSet_LeavesItEmpty()
    {
        ShingleSet rented = ShingleSet.RentFrom([3, 1, 2]);
        rented.Release();
        Assert.That((rented.Count, rented.Contains(1), rented.Jaccard(ShingleSet.From([1, 2, 3]))), Is.EqualTo((0, false, 0.0)));
    }

    [Test]
    public void Release_OfASetMadeByFrom_LeavesItAlone()
    {
        ShingleSet set = ShingleSet.From([3, 1, 2]);
        set.Release();
        Assert.That(set.Hashes.ToArray(), Is.EqualTo(new ulong[] { 1, 2, 3 }));
    }

    /// <summary>Set sizes from empty to a few thousand, with the extreme hashes 0 and ulong.MaxValue in some; seeds fixed.</summary>
    private static readonly (int CountA, int CountB, int Alphabet, int Seed)[] RandomPairs =
    [
        (0, 0, 10, 1), (0, 7, 10, 2), (7, 0, 10, 3), (1, 1, 1, 4), (5, 5, 6, 5), (50, 3, 60, 6), (3, 50, 60, 7),
        (300, 300, 400, 8), (2000, 1500, 2500, 9), (2000, 2000, 1_000_000, 10),
    ];

    [TestCaseSource(nameof(RandomPairs))]
    public void IntersectionCount_RandomSets_EqualsASetsIntersection((int CountA, int CountB, int Alphabet, int Seed) c)
    {
        var random = new Random(c.Seed);
        ulong[] Draw(int count) => [.. Enumerable.Range(0, count).Select(_ => random.Next(c.Alphabet) switch
        {
            0 => 0UL,
            1 => ulong.MaxValue,
            int k => (ulong)k * 0x9E37_79B9_7F4A_7C15UL,
        })];
        ulong[] a = Draw(c.CountA), b = Draw(c.CountB);
        int expected = a.ToHashSet().Intersect(b).Count();
        Assert.That(ShingleSet.From(a).IntersectionCount(ShingleSet.From(b)), Is.EqualTo(expected));
    }
}

