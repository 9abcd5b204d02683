using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Linq;
using System.Runtime.InteropServices;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.VectorCheck;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public class XxHash3WordsTests
{
    // Seeds: 0, -1 and long.MinValue (the secret plus and minus a seed wrap), and the seeds analysis hashes with.
    private static readonly long[] Seeds = [0, -1, long.MinValue, long.MaxValue, Shingler.ShingleHashSeed, SpinSkeleton.SkeletonHashSeed, 0x1234_5678_9ABC];

    // Every length the word path takes (2 words: XXH3's 9-to-16-byte path; 3 to 16 words: its 17-to-128-byte path in
    // each of its four 32-byte steps), each with seeded random words, all-zero and all-one words.
    private static IEnumerable<TestCaseData> Lengths() =>
        Enumerable.Range(XxHash3Words.MinWords, XxHash3Words.MaxWords - XxHash3Words.MinWords + 1).Select(k => new TestCaseData(k));

    private static IEnumerable<ulong[]> Inputs(int words)
    {
        var random = new Random(words);
        for (int i = 0; i < 200; i++)
        {
            yield return Enumerable.Range(0, words).Select(_ => (ulong)random.NextInt64() ^ ((ulong)(uint)random.Next() << 63)).ToArray();
        }

        yield return new ulong[words];
        yield return Enumerable.Repeat(ulong.MaxValue, words).ToArray();
    }

    private static byte[] LittleEndianBytes(ulong[] words)
    {
        var bytes = new byte[words.Length * sizeof(ulong)];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), words[i]);
        }

        return bytes;
    }

    [TestCaseSource(nameof(Lengths))]
    public void Hash_EqualsTheLibrarysHashOfTheLittleEndianBytes(int words)
    {
        var wrong = new List<string>();
        foreach (ulong[] input in Inputs(words))
        {
            foreach (long seed in Seeds)
            {
                if (XxHash3Words.Hash(input, seed) != XxHash3.HashToUInt64(LittleEndianBytes(input), seed))
                {
                    wrong.Add($"seed {seed}, first word {input[0]:X16}");
                }
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    // Every window path this machine takes (eight or four lanes, then one by one), against the library; the tests'
    // child process (VectorFallbackTests) runs the narrower paths of an AVX-512 machine.
    [Test]
    public void HashWindows_EqualsTheLibrarysHashOfEachWindow()
    {
        var wrong = new List<string>();
        foreach ((int size, int count, long seed) in VectorOracle.WordWindowCases())
        {
            (ulong[] vector, ulong[] library) = VectorOracle.WordWindows(size, count, seed);
            if (!vector.AsSpan().SequenceEqual(library))
            {
                wrong.Add($"size {size}, {count} windows, seed {seed}");
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    // The vector paths read without bounds checks, so a window past the words is refused before any is read.
    [TestCase(10, 5, 7, TestName = "HashWindows_CountPastTheWords_Throws")]
    [TestCase(10, 1, 3, TestName = "HashWindows_SizeBelowTwoWords_Throws")]
    [TestCase(30, 17, 3, TestName = "HashWindows_SizeAboveSixteenWords_Throws")]
    public void HashWindows_OutOfRange_Throws(int words, int size, int count) =>
        Assert.That(() => XxHash3Words.HashWindows(new ulong[words], size, 0, new ulong[count], count), Throws.TypeOf<ArgumentOutOfRangeException>());

    // The big-endian machine's path, run here: swapping each word must give the hash of the other byte order.
    [TestCaseSource(nameof(Lengths))]
    public void HashSwapped_HashesTheOtherByteOrder(int words)
    {
        foreach (ulong[] input in Inputs(words).Take(5))
        {
            ulong[] swapped = input.Select(BinaryPrimitives.ReverseEndianness).ToArray();
            Assert.That(XxHash3Words.HashSwapped(input, Shingler.ShingleHashSeed), Is.EqualTo(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(swapped.AsSpan()), Shingler.ShingleHashSeed)));
        }
    }

    // The two analysis paths that hash words, against their library oracles: sizes 1 to 20 (below, in and above the
    // word path's range) over 0 to 40 hashes (fewer than the size: one shorter shingle, or no gram).
    private static List<string> Sweep(int seed, Func<Random, int, int, bool> agrees)
    {
        var random = new Random(seed);
        var wrong = new List<string>();
        for (int size = 1; size <= 20; size++)
        {
            for (int n = 0; n <= 40; n++)
            {
                if (!agrees(random, size, n))
                {
                    wrong.Add($"size {size}, {n} hashes");
                }
            }
        }

        return wrong;
    }

    [Test]
    public void WordShingles_EqualWordShinglesScalar() =>
        Assert.That(Sweep(42, (random, size, n) =>
        {
            ulong[] hashes = Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64()).ToArray();
            var fast = new ulong[Shingler.WordShingleCount(n, size)];
            var oracle = new ulong[fast.Length];
            return Shingler.WordShingles(hashes, size, fast) == Shingler.WordShinglesScalar(hashes, size, oracle) && fast.SequenceEqual(oracle);
        }), Is.Empty);

    [Test]
    public void SkeletonGrams_EqualGramsScalar() =>
        Assert.That(Sweep(7, (random, size, n) =>
        {
            ulong[] elements = Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? SpinSkeleton.Wildcard : (ulong)random.NextInt64()).ToArray();
            bool[] informative = Enumerable.Range(0, n).Select(_ => random.Next(3) != 0).ToArray();
            var fast = new ulong[n];
            var oracle = new ulong[n];
            int count = SpinSkeleton.Grams(elements, informative, size, fast);
            return count == SpinSkeleton.GramsScalar(elements, informative, size, oracle) && fast.AsSpan(0, count).SequenceEqual(oracle.AsSpan(0, count));
        }), Is.Empty);
}
