using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Internal;
using NearDup.Sketches;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Sketches;

public class WinnowingTests
{
    private static List<ulong> Select(ulong[] shingles, int window)
    {
        var result = new List<ulong>();
        Winnowing.Select(shingles, window, result);
        return result;
    }

    public static IEnumerable<TestCaseData> GuaranteeCases()
    {
        foreach (int w in new[] { 1, 4, 8, 16 })
        {
            for (int seed = 1; seed <= 10; seed++)
            {
                yield return new TestCaseData(w, seed).SetName($"Select_w{w}_seed{seed}_SharedRunOfWSharesAFingerprint");
            }
        }
    }

    [TestCaseSource(nameof(GuaranteeCases))]
    public void Select_SequencesSharingRunOfWindowLength_ShareAFingerprint(int window, int seed)
    {
        // Winnowing's guarantee: a shared run of w shingle hashes is one whole window in both documents, and both
        // select that window's (identical) minimum, wherever the run stands.
        var random = new Random(seed);
        ulong[] run = RandomSets.Distinct(random, window);
        ulong[] a = Embed(random, run, 200);
        ulong[] b = Embed(random, run, 350);
        Assert.That(Select(a, window).Intersect(Select(b, window)), Is.Not.Empty);
    }

    private static ulong[] Embed(Random random, ulong[] run, int length)
    {
        ulong[] noise = RandomSets.Distinct(random, length - run.Length);
        int at = random.Next(0, noise.Length + 1);
        return [.. noise[..at], .. run, .. noise[at..]];
    }

    [TestCase(4)]
    [TestCase(8)]
    [TestCase(16)]
    public void Select_RandomInput_DensityIsAboutTwoOverWPlusOne(int window)
    {
        const int n = 100_000;
        ulong[] shingles = RandomSets.Distinct(new Random(window), n);
        double density = (double)Select(shingles, window).Count / n;
        Assert.That(density, Is.EqualTo(2.0 / (window + 1)).Within(0.1 * 2.0 / (window + 1)));
    }

    [Test]
    public void Select_EveryWindow_HasItsMinimumSelected()
    {
        ulong[] shingles = RandomSets.Distinct(new Random(9), 500);
        HashSet<ulong> selected = [.. Select(shingles, 8)];
        for (int start = 0; start + 8 <= shingles.Length; start++)
        {
            Assert.That(selected, Does.Contain(shingles.AsSpan(start, 8).ToArray().Min()), $"window at {start}");
        }
    }

    [Test]
    public void Select_OutputIsDistinct()
    {
        // A repeating sequence selects the same hashes again and again; each is reported once.
        ulong[] shingles = Enumerable.Repeat(new ulong[] { 5, 3, 9, 1, 7 }, 20).SelectMany(x => x).ToArray();
        List<ulong> selected = Select(shingles, 4);
        Assert.That(selected, Is.Unique);
    }

    [Test]
    public void Select_ShorterThanWindow_SelectsTheMinimum() =>
        Assert.That(Select([9, 4, 7], 8), Is.EqualTo(new ulong[] { 4 }));

    [Test]
    public void Select_Empty_SelectsNothing() =>
        Assert.That(Select([], 8), Is.Empty);

    [Test]
    public void Select_WindowOne_SelectsEveryDistinctHash() =>
        Assert.That(Select([3, 1, 3, 2], 1), Is.EqualTo(new ulong[] { 3, 1, 2 }));

    [Test]
    public void Select_WindowZero_Throws() =>
        Assert.That(() => Winnowing.Select([1, 2], 0, new List<ulong>()), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Select_SameInputTwiceOnOneThread_SelectsTheSameBothTimes()
    {
        // Each thread reuses the set that drops repeated picks; nothing of one call may carry into the next.
        ulong[] shingles = RandomSets.Distinct(new Random(12), 300);
        List<ulong> first = Select(shingles, 8);
        Assert.That(Select(shingles, 8), Is.EqualTo(first).And.Not.Empty);
    }

    [Test]
    public void Select_AfterAVeryLongInput_ShortInputIsUnaffected()
    {
        // The long input grows the thread's set past the size kept between calls; the next call starts empty all the same.
        Select(RandomSets.Distinct(new Random(13), 200_000), 1);
        Assert.That(Select([3, 1, 3, 2], 1), Is.EqualTo(new ulong[] { 3, 1, 2 }));
    }

    public static IEnumerable<TestCaseData> OracleCases()
    {
        foreach (int window in new[] { 1, 3, 4, 5, 8, 9 })
        {
            foreach (int seed in new[] { 1, 2, 3 })
            {
                yield return new TestCaseData(window, seed).SetName($"Select_w{window}_seed{seed}_EqualsSelectScalar");
            }
        }
    }

    // The vector paths (windows of 4 and 8, where accelerated) against the scalar one, over every length up to 40 and a
    // long one, with hashes from a small range so that windows hold ties (the rightmost minimum wins) and picks repeat.
    [TestCaseSource(nameof(OracleCases))]
    public void Select_RandomInputWithTies_EqualsSelectScalar(int window, int seed)
    {
        var random = new Random(seed);
        for (int length = 0; length <= 41; length++)
        {
            int n = length == 41 ? 9000 : length;
            foreach (int range in new[] { 3, 20, int.MaxValue })
            {
                ulong[] shingles = Enumerable.Range(0, n).Select(_ => (ulong)random.Next(range) * 0x9E37_79B9_7F4A_7C15UL).ToArray();
                var scalar = new List<ulong>();
                Winnowing.SelectScalar(shingles, window, scalar);
                Assert.That(Select(shingles, window), Is.EqualTo(scalar), $"length {n}, values from {range}");
            }
        }
    }

    // A long input: more picks than the table that removes their repeats takes a quarter full (DistinctHashes.Sized),
    // with repeats among them (values from 50,000, and a run of the input repeated whole).
    [TestCase(4, 11)]
    [TestCase(8, 12)]
    [TestCase(5, 13)]
    public void Select_LongInputPastAQuarterFullTable_EqualsSelectScalar(int window, int seed)
    {
        var random = new Random(seed);
        ulong[] run = Enumerable.Range(0, 400_000).Select(_ => (ulong)random.Next(int.MaxValue) * 0x9E37_79B9_7F4A_7C15UL).ToArray();
        ulong[] ties = Enumerable.Range(0, 150_000).Select(_ => (ulong)random.Next(50_000) * 0x9E37_79B9_7F4A_7C15UL).ToArray();
        ulong[] shingles = [.. run, .. ties, .. run];
        var scalar = new List<ulong>();
        Winnowing.SelectScalar(shingles, window, scalar);
        Assert.That((scalar.Count > DistinctHashes.MaxQuarterFull, Select(shingles, window)), Is.EqualTo((true, scalar)));
    }
}
