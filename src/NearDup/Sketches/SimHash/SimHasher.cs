using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace NearDup.Sketches.SimHash;

/// <summary>Computes 64-bit weighted SimHash fingerprints (Charikar 2002).</summary>
/// <remarks>
/// <para>
/// Each feature hash is re-keyed with the seed; every bit of it adds the feature's weight to that bit's counter when
/// set and subtracts it when clear; the fingerprint has bit i set when counter i ends positive. Repeated features add
/// up, so passing a document's features with repeats weights them by term frequency. Similar feature multisets give
/// fingerprints a small Hamming distance apart (Manku, Jain and Das Sarma 2007 use distance ≤ 3 on web pages).
/// </para>
/// <para>
/// The vectorised path keeps 64 counters in eight 512-bit (or sixteen 256-bit) registers and adds ±w with a compare
/// and a select per lane; with all weights 1 (a document's analysis) it counts set bits in byte lanes instead, one
/// 512-bit or two 256-bit vectors a feature. A plain scalar implementation, used where neither width is accelerated,
/// is the test oracle.
/// Thread safety: immutable, safe for concurrent use.
/// </para>
/// </remarks>
public sealed class SimHasher
{
    private static readonly ulong[] BitMasks = BuildMasks();
    private readonly ulong _key;

    /// <summary>Creates a hasher for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">Fingerprint parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public SimHasher(SimHashParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _key = Mixing.Derive(parameters.Seed, 5, 0);
    }

    /// <summary>The parameters.</summary>
    public SimHashParameters Parameters { get; }

    /// <summary>Hamming distance between two fingerprints.</summary>
    /// <param name="a">A fingerprint.</param>
    /// <param name="b">Another fingerprint.</param>
    /// <returns>The number of differing bits, 0 to 64.</returns>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>Fingerprints features that all weigh 1 (repeats count again).</summary>
    /// <param name="features">Feature hashes.</param>
    /// <returns>The 64-bit fingerprint; 0 for no features.</returns>
    public ulong Compute(ReadOnlySpan<ulong> features) => Compute(features, default);

    /// <summary>Fingerprints weighted features.</summary>
    /// <param name="features">Feature hashes.</param>
    /// <param name="weights">One non-negative weight per feature, or empty for all 1.</param>
    /// <returns>The 64-bit fingerprint; 0 for no features.</returns>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is neither empty nor as long as <paramref name="features"/>.</exception>
    public ulong Compute(ReadOnlySpan<ulong> features, ReadOnlySpan<int> weights)
    {
        CheckWeights(features, weights);
        if (weights.IsEmpty && Vector512.IsHardwareAccelerated)
        {
            return ComputeUnweighted512(features);
        }

        if (Vector512.IsHardwareAccelerated)
        {
            return Compute512(features, weights);
        }

        if (weights.IsEmpty && Vector256.IsHardwareAccelerated)
        {
            return ComputeUnweighted256(features);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Compute256(features, weights);
        }

        return ComputeScalar(features, weights);
    }

    /// <summary>The scalar implementation of <see cref="Compute(ReadOnlySpan{ulong}, ReadOnlySpan{int})"/>; the test oracle.</summary>
    /// <param name="features">Feature hashes.</param>
    /// <param name="weights">One weight per feature, or empty for all 1.</param>
    /// <returns>The fingerprint.</returns>
    internal ulong ComputeScalar(ReadOnlySpan<ulong> features, ReadOnlySpan<int> weights)
    {
        CheckWeights(features, weights);
        Span<long> counters = stackalloc long[64];
        counters.Clear();
        for (int f = 0; f < features.Length; f++)
        {
            ulong h = Mixing.Mix64(features[f] ^ _key);
            long w = weights.IsEmpty ? 1 : weights[f];
            for (int bit = 0; bit < 64; bit++)
            {
                counters[bit] += ((h >> bit) & 1) != 0 ? w : -w;
            }
        }

        return Collect(counters);
    }

    /// <summary>
    /// All weights 1 (the document analyzer's case): counter i is then 2·(features with bit i set) − (features), so it
    /// is enough to count set bits per position. Each feature is broadcast to the eight 64-bit lanes of one vector and
    /// byte lane j tests bit j / 8 of byte j % 8 (bit 8·(j % 8) + j / 8 of the word), adding one to a byte counter;
    /// the byte counters are flushed to 64 long counts every 255 features, before they can wrap.
    /// </summary>
    private ulong ComputeUnweighted512(ReadOnlySpan<ulong> features)
    {
        Vector512<byte> bitOfByte = Vector512.Create(
            (byte)1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8,
            16, 16, 16, 16, 16, 16, 16, 16, 32, 32, 32, 32, 32, 32, 32, 32, 64, 64, 64, 64, 64, 64, 64, 64, 128, 128, 128, 128, 128, 128, 128, 128);
        Span<long> setCounts = stackalloc long[64];
        setCounts.Clear();
        Span<byte> lanes = stackalloc byte[64];
        ulong key = _key;
        int f = 0;
        while (f < features.Length)
        {
            int end = Math.Min(features.Length, f + 255);
            Vector512<byte> counts = Vector512<byte>.Zero;
            for (; f < end; f++)
            {
                Vector512<byte> h = Vector512.Create(Mixing.Mix64(features[f] ^ key)).AsByte();
                counts -= Vector512.Equals(h & bitOfByte, bitOfByte); // all-ones (−1) where the bit is set
            }

            counts.CopyTo(lanes);
            for (int j = 0; j < 64; j++)
            {
                setCounts[((j & 7) << 3) | (j >> 3)] += lanes[j];
            }
        }

        return FromSetCounts(setCounts, features.Length);
    }

    /// <summary>
    /// <see cref="ComputeUnweighted512"/> in two 256-bit vectors: each feature is broadcast to the four 64-bit lanes of
    /// both, and byte lane j of the first tests bit j / 8 of byte j % 8, of the second bit 4 + j / 8 (bit 8·(j % 8) + j / 8
    /// and 8·(j % 8) + 4 + j / 8 of the word); the byte counters are flushed every 255 features. Two ANDs, two compares
    /// and two subtractions a feature, where <see cref="Compute256"/> takes sixteen of each and sixteen selects.
    /// </summary>
    private ulong ComputeUnweighted256(ReadOnlySpan<ulong> features)
    {
        Vector256<byte> lowBits = Vector256.Create(
            (byte)1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8);
        Vector256<byte> highBits = Vector256.Create(
            (byte)16, 16, 16, 16, 16, 16, 16, 16, 32, 32, 32, 32, 32, 32, 32, 32, 64, 64, 64, 64, 64, 64, 64, 64, 128, 128, 128, 128, 128, 128, 128, 128);
        Span<long> setCounts = stackalloc long[64];
        setCounts.Clear();
        Span<byte> lanes = stackalloc byte[64];
        ulong key = _key;
        int f = 0;
        while (f < features.Length)
        {
            int end = Math.Min(features.Length, f + 255);
            Vector256<byte> low = Vector256<byte>.Zero, high = Vector256<byte>.Zero;
            for (; f < end; f++)
            {
                Vector256<byte> h = Vector256.Create(Mixing.Mix64(features[f] ^ key)).AsByte();
                low -= Vector256.Equals(h & lowBits, lowBits); // all-ones (−1) where the bit is set
                high -= Vector256.Equals(h & highBits, highBits);
            }

            low.CopyTo(lanes);
            high.CopyTo(lanes[32..]);
            for (int j = 0; j < 32; j++)
            {
                setCounts[((j & 7) << 3) | (j >> 3)] += lanes[j];
                setCounts[((j & 7) << 3) | (4 + (j >> 3))] += lanes[32 + j];
            }
        }

        return FromSetCounts(setCounts, features.Length);
    }

    private ulong Compute512(ReadOnlySpan<ulong> features, ReadOnlySpan<int> weights)
    {
        Span<Vector512<long>> c = stackalloc Vector512<long>[8];
        c.Clear();
        ReadOnlySpan<ulong> masks = BitMasks;
        Span<Vector512<ulong>> m = stackalloc Vector512<ulong>[8];
        for (int v = 0; v < 8; v++)
        {
            m[v] = Vector512.Create(masks.Slice(v * 8, 8));
        }

        for (int f = 0; f < features.Length; f++)
        {
            Vector512<ulong> h = Vector512.Create(Mixing.Mix64(features[f] ^ _key));
            Vector512<long> w = Vector512.Create(weights.IsEmpty ? 1L : weights[f]);
            Vector512<long> nw = -w;
            for (int v = 0; v < 8; v++)
            {
                Vector512<long> set = Vector512.Equals(h & m[v], m[v]).AsInt64();
                c[v] += Vector512.ConditionalSelect(set, w, nw);
            }
        }

        Span<long> counters = stackalloc long[64];
        for (int v = 0; v < 8; v++)
        {
            c[v].CopyTo(counters.Slice(v * 8, 8));
        }

        return Collect(counters);
    }

    private ulong Compute256(ReadOnlySpan<ulong> features, ReadOnlySpan<int> weights)
    {
        Span<Vector256<long>> c = stackalloc Vector256<long>[16];
        c.Clear();
        ReadOnlySpan<ulong> masks = BitMasks;
        for (int f = 0; f < features.Length; f++)
        {
            Vector256<ulong> h = Vector256.Create(Mixing.Mix64(features[f] ^ _key));
            Vector256<long> w = Vector256.Create(weights.IsEmpty ? 1L : weights[f]);
            Vector256<long> nw = -w;
            for (int v = 0; v < 16; v++)
            {
                Vector256<ulong> mask = Vector256.Create(masks.Slice(v * 4, 4));
                Vector256<long> set = Vector256.Equals(h & mask, mask).AsInt64();
                c[v] += Vector256.ConditionalSelect(set, w, nw);
            }
        }

        Span<long> counters = stackalloc long[64];
        for (int v = 0; v < 16; v++)
        {
            c[v].CopyTo(counters.Slice(v * 4, 4));
        }

        return Collect(counters);
    }

    /// <summary>The fingerprint of unweighted features from how many set each bit: bit i set when more than half did
    /// (counter i of <see cref="Collect"/> is 2·set − n).</summary>
    private static ulong FromSetCounts(ReadOnlySpan<long> setCounts, long n)
    {
        ulong result = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            if (2 * setCounts[bit] - n > 0)
            {
                result |= 1UL << bit;
            }
        }

        return result;
    }

    private static ulong Collect(ReadOnlySpan<long> counters)
    {
        ulong result = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            if (counters[bit] > 0)
            {
                result |= 1UL << bit;
            }
        }

        return result;
    }

    private static void CheckWeights(ReadOnlySpan<ulong> features, ReadOnlySpan<int> weights)
    {
        if (!weights.IsEmpty && weights.Length != features.Length)
        {
            throw new ArgumentException($"weights has {weights.Length} entries for {features.Length} features.", nameof(weights));
        }
    }

    private static ulong[] BuildMasks()
    {
        var masks = new ulong[64];
        for (int i = 0; i < 64; i++)
        {
            masks[i] = 1UL << i;
        }

        return masks;
    }
}
