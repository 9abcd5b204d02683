using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Linq;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Sketches;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification.Alignment;

namespace NearDup.VectorCheck;

/// <summary>
/// The vector-versus-scalar comparisons of <see cref="MinHasher"/>, <see cref="SimHasher"/>, <see cref="WordPairs"/>,
/// <see cref="Winnowing"/>, <see cref="FunctionWords"/> and <see cref="XxHash3Words"/> over awkward sizes, each
/// returning both answers. Shared by the in-process tests, which run whichever vector paths this machine accelerates,
/// and by this program, which the tests start with hardware intrinsics switched off so that the Vector256 paths and
/// the scalar fallbacks are checked on an AVX-512 machine too.
/// </summary>
internal static class VectorOracle
{
    private static readonly SimHasher Fingerprinter = new(SimHashParameters.Default);

    /// <summary>
    /// k-permutation: k around the 4-lane (Vector256) and 8-lane (Vector512) widths and the 16 functions of one
    /// two-block Vector512 pass, so that every loop and its scalar tail run; n = 0 (every value stays empty) to 1000.
    /// </summary>
    public static IEnumerable<(int K, int N)> KPermutationCases()
    {
        foreach (int k in new[] { 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 513 })
        {
            foreach (int n in new[] { 0, 1, 2, 1000 })
            {
                yield return (k, n);
            }
        }
    }

    /// <summary>
    /// One-permutation: the vector paths hash eight (or four) shingles at a time and leave the rest to the scalar loop,
    /// so n runs around multiples of 8 and 4 and past the 4,096 they pack at a time; k from one bin to 4096 (the largest allowed,
    /// the widest bin products), with small k leaving few bins and small n leaving most bins to densification.
    /// </summary>
    public static IEnumerable<(int N, int K)> OnePermutationCases()
    {
        foreach (int n in new[] { 0, 1, 2, 3, 7, 8, 9, 63, 64, 65, 300, 1000, 4100, 9000 })
        {
            foreach (int k in new[] { 1, 2, 3, 7, 8, 9, 16, 17, 64, 128, 129, 4096 })
            {
                yield return (n, k);
            }
        }
    }

    /// <summary>
    /// SimHash: n around the unweighted vector paths' byte counters, which they flush every 255 features (254 to 256,
    /// 510, 511), and a few small sizes; three seeds each (distinct features: <see cref="SimHashRepeatCases"/> fill a
    /// counter).
    /// </summary>
    public static IEnumerable<(int N, int Seed)> SimHashCases()
    {
        foreach (int n in new[] { 0, 1, 2, 3, 7, 8, 9, 64, 254, 255, 256, 510, 511, 1000 })
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                yield return (n, seed);
            }
        }
    }

    /// <summary>
    /// XXH3 of word windows: every size the vector paths take (2 words, XXH3's 16-byte path, and 3 to 16), counts
    /// around the 4-lane (Vector256) and 8-lane (Vector512) widths so that each loop and its scalar tail run, and the
    /// seeds analysis hashes with besides 0 and −1.
    /// </summary>
    public static IEnumerable<(int Size, int Count, long Seed)> WordWindowCases()
    {
        foreach (int size in Enumerable.Range(XxHash3Words.MinWords, XxHash3Words.MaxWords - XxHash3Words.MinWords + 1))
        {
            foreach (int count in new[] { 0, 1, 3, 4, 5, 7, 8, 9, 12, 17, 100 })
            {
                foreach (long seed in new[] { 0L, -1L, Shingler.ShingleHashSeed, SpinSkeleton.SkeletonHashSeed })
                {
                    yield return (size, count, seed);
                }
            }
        }
    }

    /// <summary><see cref="XxHash3Words.HashWindows"/> of random words, and <see cref="XxHash3"/> (the library, the
    /// oracle) of each window's little-endian bytes.</summary>
    public static (ulong[] Vector, ulong[] Library) WordWindows(int size, int count, long seed)
    {
        var random = new Random((size * 1000) + count);
        ulong[] words = new ulong[count + size - 1];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (ulong)random.NextInt64() ^ ((ulong)(uint)random.Next() << 63);
        }

        var vector = new ulong[count];
        XxHash3Words.HashWindows(words, size, seed, vector, count);
        var library = new ulong[count];
        var bytes = new byte[size * sizeof(ulong)];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < size; j++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(j * sizeof(ulong)), words[i + j]);
            }

            library[i] = XxHash3.HashToUInt64(bytes, seed);
        }

        return (vector, library);
    }

    /// <summary>
    /// Word pairs: the vector path takes every stem with all nine partners after it, so n runs around the window (9,
    /// 10, 11) and past it; few distinct stems, so that equal stems (which form no pair) fall in every lane.
    /// </summary>
    public static IEnumerable<(int N, int Seed)> WordPairCases()
    {
        foreach (int n in new[] { 0, 1, 2, 8, 9, 10, 11, 17, 18, 19, 64, 1000 })
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                yield return (n, seed);
            }
        }
    }

    /// <summary><see cref="WordPairs.Pairs(System.ReadOnlySpan{ulong}, List{ulong})"/> and <see cref="WordPairs.PairsScalar"/> of n random stems drawn from 12
    /// values (seed 1) or from all 64-bit values (seeds 2 and 3).</summary>
    public static (List<ulong> Vector, List<ulong> Scalar) WordPairsOf(int n, int seed)
    {
        var random = new Random(seed * 7919 + n);
        var stems = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            stems[i] = seed == 1 ? (ulong)random.Next(1, 13) * 0x9E37_79B9_7F4A_7C15UL : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }

        List<ulong> vector = [], scalar = [];
        WordPairs.Pairs(stems, vector);
        WordPairs.PairsScalar(stems, scalar);
        return (vector, scalar);
    }

    /// <summary>
    /// Word pairs with every pattern of kept partners: the vector paths keep the lanes of a stem's partners whose pair
    /// is sampled, and random stems seldom keep three or four of four (all four never in <see cref="WordPairCases"/>).
    /// Mask m keeps partners 1 to 4 where its bits are set and partners 5 to 8 where those of 15 − m are, so the 16
    /// masks take every pattern in both halves of the eight.
    /// </summary>
    public static IEnumerable<int> WordPairMaskCases() => Enumerable.Range(0, 16);

    /// <summary><see cref="WordPairs.Pairs(System.ReadOnlySpan{ulong}, List{ulong})"/> and <see cref="WordPairs.PairsScalar"/>
    /// of a stem followed by nine partners whose pairs with it are kept or not as <paramref name="mask"/> says (see
    /// <see cref="WordPairMaskCases"/>; the ninth kept for odd masks), then a few more.</summary>
    public static (List<ulong> Vector, List<ulong> Scalar) WordPairsForMask(int mask)
    {
        const ulong A = 1;
        ulong[] kept = [.. Enumerable.Range(2, 1_000_000).Select(x => (ulong)x).Where(x => WordPairs.IsKept(WordPairs.PairHash(A, x))).Take(9)];
        ulong[] dropped = [.. Enumerable.Range(2, 1_000_000).Select(x => (ulong)x).Where(x => !WordPairs.IsKept(WordPairs.PairHash(A, x))).Take(9)];
        int pattern = mask | ((15 - mask) << 4) | ((mask & 1) << 8);
        var stems = new List<ulong> { A };
        for (int j = 0; j < 9; j++)
        {
            stems.Add((pattern >> j & 1) != 0 ? kept[j] : dropped[j]);
        }

        stems.AddRange([A, kept[0], dropped[0]]);
        List<ulong> vector = [], scalar = [];
        WordPairs.Pairs(stems.ToArray(), vector);
        WordPairs.PairsScalar(stems.ToArray(), scalar);
        return (vector, scalar);
    }

    /// <summary><see cref="MinHasher.Compute"/> and <see cref="MinHasher.ComputeScalar"/> of n random shingles.</summary>
    public static (uint[] Vector, uint[] Scalar) KPermutation(int k, int n) =>
        MinHash(MinHashFamily.KPermutation, k, RandomSets.Distinct(new Random(k * 7919 + n), n));

    /// <summary>As <see cref="KPermutation"/>, for one-permutation hashing.</summary>
    public static (uint[] Vector, uint[] Scalar) OnePermutation(int n, int k) =>
        MinHash(MinHashFamily.OnePermutation, k, RandomSets.Distinct(new Random(n * 7919 + k), n));

    /// <summary>
    /// One-permutation hashing of a set holding a shingle whose re-keyed hash has EmptyValue as its low 32 bits (a 2^−32
    /// event no random set meets), which both paths must nudge to EmptyValue − 1 rather than leave its bin reading as
    /// empty: the shingle made by inverting the splitmix64 finaliser, first (in the vectors' part) of n (around the
    /// vector widths), the others random; k = 128. Also checks that the inversion is right.
    /// </summary>
    public static IEnumerable<int> OnePermutationEmptyValueCases() => [1, 4, 5, 8, 9, 16, 100];

    /// <summary>See <see cref="OnePermutationEmptyValueCases"/>: the vector and scalar sketches, and whether the crafted
    /// shingle's re-keyed hash is the one aimed at.</summary>
    public static (uint[] Vector, uint[] Scalar, bool Crafted) OnePermutationWithEmptyValue(int n)
    {
        var hasher = new MinHasher(new MinHashParameters(MinHashFamily.OnePermutation, 128, MinHashParameters.DefaultSeed, ShingleSpec.Default));
        ulong target = 0x1234_5678_0000_0000UL | MinHasher.EmptyValue;
        ulong crafted = Unmix64(target) ^ hasher.OnePermutationKey;
        ulong[] shingles = [crafted, .. RandomSets.Distinct(new Random(n), n - 1)];
        var vector = new uint[128];
        var scalar = new uint[128];
        hasher.Compute(shingles, vector);
        hasher.ComputeScalar(shingles, scalar);
        return (vector, scalar, Mixing.Mix64(crafted ^ hasher.OnePermutationKey) == target);
    }

    /// <summary>The inverse of <see cref="Mixing.Mix64"/>: each xor-shift undone by shifting again, each product by the
    /// multiplier's inverse modulo 2^64 (Newton's iteration).</summary>
    private static ulong Unmix64(ulong z)
    {
        static ulong Inverse(ulong m)
        {
            ulong x = m;
            for (int i = 0; i < 6; i++)
            {
                x *= 2 - (m * x);
            }

            return x;
        }

        z ^= (z >> 31) ^ (z >> 62);
        z *= Inverse(0x94D0_49BB_1331_11EBUL);
        z ^= (z >> 27) ^ (z >> 54);
        z *= Inverse(0xBF58_476D_1CE4_E5B9UL);
        return z ^ (z >> 30) ^ (z >> 60);
    }

    /// <summary>
    /// SimHash of one feature repeated more times than a byte counter holds (the unweighted vector paths count set bits
    /// in bytes and flush them every 255 features), among ten random ones.
    /// </summary>
    public static IEnumerable<int> SimHashRepeatCases() => [254, 255, 256, 300, 511, 600];

    /// <summary>See <see cref="SimHashRepeatCases"/>: the unweighted fingerprint and the scalar oracle's.</summary>
    public static (ulong Vector, ulong Scalar) SimHashRepeated(int repeats)
    {
        ulong[] features = [.. Enumerable.Repeat(0x0123_4567_89AB_CDEFUL, repeats), .. RandomSets.Distinct(new Random(repeats), 10)];
        return (Fingerprinter.Compute(features), Fingerprinter.ComputeScalar(features, default));
    }

    /// <summary><see cref="SimHasher.Compute(ReadOnlySpan{ulong}, ReadOnlySpan{int})"/> and the scalar oracle, with random weights 0 to 999.</summary>
    public static (ulong Vector, ulong Scalar) SimHashWeighted(int n, int seed)
    {
        var random = new Random(seed);
        ulong[] features = RandomSets.Distinct(random, n);
        var weights = new int[n];
        for (int i = 0; i < n; i++)
        {
            weights[i] = random.Next(0, 1000);
        }

        return (Fingerprinter.Compute(features, weights), Fingerprinter.ComputeScalar(features, weights));
    }

    /// <summary>As <see cref="SimHashWeighted"/>, with every weight 1 (the unweighted overload).</summary>
    public static (ulong Vector, ulong Scalar) SimHashUnweighted(int n, int seed)
    {
        ulong[] features = RandomSets.Distinct(new Random(seed + 100), n);
        return (Fingerprinter.Compute(features), Fingerprinter.ComputeScalar(features, default));
    }

    private static (uint[] Vector, uint[] Scalar) MinHash(MinHashFamily family, int k, ulong[] shingles)
    {
        var hasher = new MinHasher(new MinHashParameters(family, k, MinHashParameters.DefaultSeed, ShingleSpec.Default));
        var vector = new uint[k];
        var scalar = new uint[k];
        hasher.Compute(shingles, vector);
        hasher.ComputeScalar(shingles, scalar);
        return (vector, scalar);
    }

    /// <summary>
    /// Winnowing: windows of 4 and 8 (the vector paths) and 5 (scalar), n from none to just past one window, and past the
    /// 4,096 windows the vector path collects at a time;
    /// seed 1 draws hashes from 3 values (windows full of ties, picks repeated), seed 2 from all 64-bit values.
    /// </summary>
    public static IEnumerable<(int Window, int N, int Seed)> WinnowingCases()
    {
        foreach (int window in new[] { 4, 5, 8 })
        {
            foreach (int n in new[] { 0, 1, 3, 4, 5, 8, 9, 10, 17, 1000, 4100, 9000 })
            {
                for (int seed = 1; seed <= 2; seed++)
                {
                    yield return (window, n, seed);
                }
            }
        }
    }

    /// <summary><see cref="Winnowing.Select"/> and <see cref="Winnowing.SelectScalar"/> of n random hashes.</summary>
    public static (List<ulong> Vector, List<ulong> Scalar) WinnowingOf(int window, int n, int seed)
    {
        var random = new Random(seed * 7919 + n * 31 + window);
        var shingles = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            shingles[i] = seed == 1 ? (ulong)random.Next(3) * 0x9E37_79B9_7F4A_7C15UL : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }

        List<ulong> vector = [], scalar = [];
        Winnowing.Select(shingles, window, vector);
        Winnowing.SelectScalar(shingles, window, scalar);
        return (vector, scalar);
    }

    /// <summary><see cref="FunctionWords.Contains"/> and <see cref="FunctionWords.ContainsScalar"/> of the English
    /// words' hashes, 0, and random hashes, some sharing a word's bucket (its low bits).</summary>
    public static (bool[] Vector, bool[] Scalar) FunctionWordLookups(int seed)
    {
        var random = new Random(seed);
        FunctionWords words = FunctionWords.English;
        ulong[] members = words.SortedHashes.ToArray();
        ulong[] probes = [.. members, 0UL, .. members.Select(h => h ^ (1UL << random.Next(12, 64))), .. Enumerable.Range(0, 500).Select(_ => (ulong)random.NextInt64())];
        return ([.. probes.Select(words.Contains)], [.. probes.Select(words.ContainsScalar)]);
    }

    /// <summary>
    /// Chain links: random seeds over rows of up to one, three, eight, nine, forty and twenty seeds (a word B repeats fills
    /// a row), so that windows end before, at and past whole vectors, and near the arrays' end.
    /// </summary>
    public static IEnumerable<(int Rows, int MaxPerRow, int Seed)> ChainLinkCases()
    {
        foreach ((int rows, int perRow) in new[] { (0, 1), (1, 1), (5, 3), (300, 1), (300, 3), (500, 8), (500, 9), (400, 40), (2000, 20) })
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                yield return (rows, perRow, seed);
            }
        }
    }

    /// <summary>Random seeds ordered by I, then J, as the seed table writes them: a quarter of the rows empty, the others
    /// one to <paramref name="maxPerRow"/> seeds near the diagonal (some far off it), one in five a function-word seed.</summary>
    /// <param name="rows">Rows (A positions).</param>
    /// <param name="maxPerRow">Most seeds a row holds.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The seeds.</returns>
    public static Seed[] RandomSeeds(int rows, int maxPerRow, int seed)
    {
        var random = new Random(seed * 7919 + rows);
        var seeds = new List<Seed>();
        for (int i = 0; i < rows; i++)
        {
            if (random.Next(4) == 0)
            {
                continue;
            }

            var js = new SortedSet<int>();
            int count = 1 + random.Next(maxPerRow);
            while (js.Count < count)
            {
                js.Add(Math.Max(0, i + random.Next(-30, 30) + (random.Next(3) == 0 ? random.Next(400) : 0)));
            }

            seeds.AddRange(js.Select(j => new Seed(i, j, random.Next(5) == 0 ? Chainer.FunctionSeedScore : Chainer.SeedScore)));
        }

        return [.. seeds];
    }

    /// <summary><see cref="Chainer.Link"/> and <see cref="Chainer.LinkScalar"/> of the same seeds: each seed's best chain
    /// score and predecessor, the pairs of arrays end to end.</summary>
    /// <param name="seeds">Seeds ordered by I, then J.</param>
    /// <returns>Both answers.</returns>
    public static (int[] Vector, int[] Scalar) LinkOf(Seed[] seeds)
    {
        int[] seedI = [.. seeds.Select(s => s.I)], seedJ = [.. seeds.Select(s => s.J)];
        int n = seeds.Length;
        int[] vector = new int[2 * n], scalar = new int[2 * n];
        Chainer.Link(seedI, seedJ, seeds, vector.AsSpan(0, n), vector.AsSpan(n));
        Chainer.LinkScalar(seedI, seedJ, seeds, scalar.AsSpan(0, n), scalar.AsSpan(n));
        return (vector, scalar);
    }
}
