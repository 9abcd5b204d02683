using System;
using System.Linq;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public class HashSortTests
{
    private static ulong[] RandomHashes(int count, int seed)
    {
        var random = new Random(seed);
        var values = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }

        return values;
    }

    private static ulong[] Sorted(ulong[] values)
    {
        ulong[] copy = (ulong[])values.Clone();
        Array.Sort(copy);
        return copy;
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(1_000)]
    [TestCase(100_000)]
    public void Sort_UniformHashes_GivesTheComparisonSortsOrder(int count)
    {
        ulong[] values = RandomHashes(count, seed: count);
        ulong[] expected = Sorted(values);
        HashSort.Sort(values);
        Assert.That(values, Is.EqualTo(expected));
    }

    [Test]
    public void Sort_ValuesSharingTheirTopBits_FallBackAndStillSort()
    {
        // All 5,000 values below 2^40 land in bucket 0: the bucket is sorted by the comparison sort.
        ulong[] values = RandomHashes(5_000, seed: 7).Select(v => v >> 24).ToArray();
        ulong[] expected = Sorted(values);
        HashSort.Sort(values);
        Assert.That(values, Is.EqualTo(expected));
    }

    // 1,000 uniform values and a crowd of 15, 16 or 17 more in the top bucket, descending: up to 16 in a bucket the
    // whole array takes one insertion sort after the scatter, from 17 the buckets are sorted one by one (the largest
    // by the comparison sort).
    [TestCase(15)]
    [TestCase(16)]
    [TestCase(17)]
    public void Sort_ABucketAtTheInsertionSortsLimit_Sorted(int crowd)
    {
        ulong[] values = [.. RandomHashes(1_000, seed: crowd), .. Enumerable.Range(0, crowd).Select(i => ulong.MaxValue - (ulong)i)];
        ulong[] expected = Sorted(values);
        HashSort.Sort(values);
        Assert.That(values, Is.EqualTo(expected));
    }

    [Test]
    public void Sort_ExtremesAndRepeats_Sorted()
    {
        ulong[] values = [.. RandomHashes(200, seed: 3), ulong.MaxValue, 0, ulong.MaxValue, 0, 1UL << 63, (1UL << 63) - 1, 42, 42, 42];
        ulong[] expected = Sorted(values);
        HashSort.Sort(values);
        Assert.That(values, Is.EqualTo(expected));
    }

    [TestCase(65, 12u)]
    [TestCase(300, 12u)]
    [TestCase(10_000, 12u)]
    [TestCase(1_000, 3u)]
    public void Sort_HashesBelowAFractionOfTheRange_WithThatSpread_GivesTheComparisonSortsOrder(int count, uint spread)
    {
        // Sampled hashes (the word pairs keep those at most 2^64 / 12) spread over the buckets only with the spread given.
        ulong[] values = RandomHashes(count, seed: count).Select(v => v / spread).ToArray();
        ulong[] expected = Sorted(values);
        HashSort.Sort(values, spread);
        Assert.That(values, Is.EqualTo(expected));
    }

    [Test]
    public void Sort_ValuesAboveTheRangeTheSpreadDeclares_StillSort()
    {
        // Spread 12 declares values below 2^64 / 12; these span all 64 bits, and those above land in the last bucket.
        ulong[] values = [.. RandomHashes(2_000, seed: 5), ulong.MaxValue, 0, ulong.MaxValue / 12, ulong.MaxValue / 12 + 1];
        ulong[] expected = Sorted(values);
        HashSort.Sort(values, 12);
        Assert.That(values, Is.EqualTo(expected));
    }

    [Test]
    public void SortDistinct_WithRepeats_ReturnsTheDistinctCountWithThemFirst()
    {
        ulong[] distinct = RandomHashes(300, seed: 11);
        ulong[] values = [.. distinct, .. distinct.Take(120), .. distinct.Take(5)];
        int n = HashSort.SortDistinct(values);
        Assert.That(values.AsSpan(0, n).ToArray(), Is.EqualTo(Sorted(distinct)));
    }

    [Test]
    public void SortedDistinct_LeavesItsInputAloneAndReturnsAnExactSizeArray()
    {
        ulong[] values = [9, 3, 9, 1, 3];
        ulong[] result = HashSort.SortedDistinct(values);
        Assert.That(result.Concat(values), Is.EqualTo(new ulong[] { 1, 3, 9, 9, 3, 9, 1, 3 }));
    }

    [Test]
    public void SortedDistinct_Empty_IsEmpty() =>
        Assert.That(HashSort.SortedDistinct([]), Is.Empty);

    [TestCase(0, 0, 0)]
    [TestCase(0, 7, 0)]
    [TestCase(300, 40, 25)]
    [TestCase(40, 300, 40)]
    [TestCase(500, 500, 0)]
    public void UnionDistinct_TwoAscendingLists_IsTheSortedSetOfBoth(int countA, int countB, int shared)
    {
        ulong[] common = RandomHashes(shared, seed: 31);
        ulong[] a = Sorted([.. RandomHashes(countA - shared, seed: 32), .. common]);
        ulong[] b = Sorted([.. RandomHashes(countB, seed: 33).Take(countB - Math.Min(shared, countB)), .. common.Take(Math.Min(shared, countB))]);
        ulong[] union = HashSort.UnionDistinct(a, b);
        Assert.That(union, Is.EqualTo(a.Union(b).Order().ToArray()));
        Assert.That(union, Has.Length.EqualTo(countA + countB - Math.Min(shared, countB)));
    }

    [TestCase(0, 0)]
    [TestCase(50, 40)]
    [TestCase(1000, 3)]
    public void CountShared_TwoAscendingLists_CountsWhatASetIntersectionCounts(int countA, int countB)
    {
        var random = new Random(countA + (31 * countB));
        ulong[] a = HashSort.SortedDistinct([.. Enumerable.Range(0, countA).Select(_ => (ulong)random.Next(0, 500))]);
        ulong[] b = HashSort.SortedDistinct([.. Enumerable.Range(0, countB).Select(_ => (ulong)random.Next(0, 500))]);
        Assert.That(HashSort.CountShared(a, b), Is.EqualTo(a.Intersect(b).Count()));
    }
}
