using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public class DistinctHashesTests
{
    // Sizes around the table's smallest capacity (16 slots for up to 8 hashes) and its doublings; seeded hashes drawn
    // from a pool a third the size of the input, so that about half are repeats; 0 (the empty-slot mark) among them
    // when asked; and a third of them sharing their top 40 bits (one home slot, long probe runs).
    private static IEnumerable<TestCaseData> Cases()
    {
        int seed = 1;
        foreach (int count in new[] { 0, 1, 2, 7, 8, 9, 16, 17, 100, 1_000, 20_000 })
        {
            foreach (bool withZero in new[] { false, true })
            {
                yield return new TestCaseData(count, withZero, seed).SetArgDisplayNames($"{count} hashes", $"zero {withZero}", $"seed {seed}");
                seed++;
            }
        }
    }

    private static ulong[] Hashes(int count, bool withZero, int seed)
    {
        var random = new Random(seed);
        var pool = new ulong[Math.Max(1, count / 3)];
        for (int i = 0; i < pool.Length; i++)
        {
            ulong h = (ulong)random.NextInt64() ^ ((ulong)(uint)random.Next() << 63);
            pool[i] = i % 3 == 0 ? (h & 0xFF_FFFFUL) | 0xABCD_EF01_2300_0000UL : h;
        }

        if (withZero)
        {
            pool[0] = 0;
        }

        return Enumerable.Range(0, count).Select(_ => pool[random.Next(pool.Length)]).ToArray();
    }

    [TestCase(DistinctHashes.MaxQuarterFull, 4)]
    [TestCase(DistinctHashes.MaxQuarterFull + 1, 2)]
    [TestCase(1_000_000, 2)]
    public void Sized_SlotsPerHash_AreFourUpToMaxQuarterFullAndTwoPast(int count, int slots)
    {
        var set = DistinctHashes.Sized(count);
        try
        {
            Assert.That(set.Capacity, Is.EqualTo((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(slots * count))));
        }
        finally
        {
            set.Dispose();
        }
    }

    [Test]
    public void Sized_MoreHashesThanATableTakes_Throws() =>
        Assert.That(() => DistinctHashes.Sized(1 << 30), Throws.TypeOf<ArgumentOutOfRangeException>());

    // Past MaxQuarterFull the table is half full at most: the same answers, in longer probe runs.
    [TestCase(200_000, false, 101)]
    [TestCase(200_000, true, 102)]
    public void Sized_PastQuarterFull_AddIsTrueExactlyForAFirstOccurrence(int count, bool withZero, int seed)
    {
        ulong[] values = Hashes(count, withZero, seed);
        var oracle = new HashSet<ulong>();
        var set = DistinctHashes.Sized(values.Length);
        int wrong = 0;
        try
        {
            foreach (ulong v in values)
            {
                wrong += set.Add(v) != oracle.Add(v) ? 1 : 0;
            }
        }
        finally
        {
            set.Dispose();
        }

        Assert.That(wrong, Is.Zero);
    }

    [TestCase(200_000, true, 103)]
    public void Count_PastQuarterFull_AgreesWithLinqDistinct(int count, bool withZero, int seed)
    {
        ulong[] values = Hashes(count, withZero, seed);
        Assert.That(DistinctHashes.Count(values), Is.EqualTo(values.Distinct().Count()));
    }

    [TestCaseSource(nameof(Cases))]
    public void Count_AgreesWithLinqDistinct(int count, bool withZero, int seed)
    {
        ulong[] values = Hashes(count, withZero, seed);
        Assert.That(DistinctHashes.Count(values), Is.EqualTo(values.Distinct().Count()));
    }

    [TestCaseSource(nameof(Cases))]
    public void Add_IsTrueExactlyForAFirstOccurrence(int count, bool withZero, int seed)
    {
        ulong[] values = Hashes(count, withZero, seed);
        var oracle = new HashSet<ulong>();
        var set = new DistinctHashes(values.Length);
        var wrong = new List<int>();
        try
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (set.Add(values[i]) != oracle.Add(values[i]))
                {
                    wrong.Add(i);
                }
            }
        }
        finally
        {
            set.Dispose();
        }

        Assert.That(wrong, Is.Empty);
    }
}
