using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Internal;

/// <summary>
/// XxHash3 (64-bit, seeded) of the little-endian bytes of 2 to 16 whole 64-bit words: the same value as
/// <see cref="XxHash3.HashToUInt64(ReadOnlySpan{byte}, long)"/> of those 16 to 128 bytes, computed from the words.
/// </summary>
/// <remarks>
/// <para>
/// Word shingles (5 token hashes, 40 bytes), SimHash's word pairs (16 bytes) and spin-skeleton n-grams (7 elements, 56
/// bytes) are hashed once per position of every analysed document, and the library's general entry point (span to
/// pointer, a switch on the length, reads at byte offsets) was about 8% of an analysis in a profile. Inputs of 17 to
/// 128 bytes take XXH3's short path: a sum of 128-bit multiply-folds of 16-byte pairs with the default secret, then an
/// avalanche; 16 bytes take its 9-to-16-byte path, one multiply-fold of the two halves. Here every read starts on a
/// word, so it is a word read straight from the span, and the secret words are constants.
/// </para>
/// <para>
/// The algorithm is Collet's XXH3 (<c>XXH3_len_9to16_64b</c>, <c>XXH3_len_17to128_64b</c>); the tests check it against
/// <see cref="XxHash3"/> (the oracle) for every length and several seeds. A big-endian machine takes the library's
/// path over byte-swapped words. Thread safety: static and stateless.
/// </para>
/// </remarks>
internal static class XxHash3Words
{
    /// <summary>Fewest words this hashes itself (16 bytes).</summary>
    public const int MinWords = 2;

    /// <summary>Most words this hashes itself (128 bytes).</summary>
    public const int MaxWords = 16;

    private const ulong Prime64 = 0x9E37_79B1_85EB_CA87UL;
    private const ulong AvalancheMultiplier = 0x1656_6791_9E37_79F9UL;

    // The first 128 bytes of XXH3's default secret (kSecret), as little-endian words.
    private const ulong S0 = 0xBE4BA423396CFEB8, S1 = 0x1CAD21F72C81017C, S2 = 0xDB979083E96DD4DE, S3 = 0x1F67B3B7A4A44072;
    private const ulong S4 = 0x78E5C0CC4EE679CB, S5 = 0x2172FFCC7DD05A82, S6 = 0x8E2443F7744608B8, S7 = 0x4C263A81E69035E0;
    private const ulong S8 = 0xCB00C391BB52283C, S9 = 0xA32E531B8B65D088, S10 = 0x4EF90DA297486471, S11 = 0xD8ACDEA946EF1938;
    private const ulong S12 = 0x3F349CE33F76FAA8, S13 = 0x1D4F0BC7C7BBDCF9, S14 = 0x3159B4CD4BE0518A, S15 = 0x647378D9C97E9FC8;

    /// <summary>XxHash3 of the little-endian bytes of <paramref name="words"/> under <paramref name="seed"/>.</summary>
    /// <param name="words">2 to 16 words.</param>
    /// <param name="seed">The hash seed.</param>
    /// <returns>The hash, equal to the library's over the same bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<ulong> words, long seed)
    {
        System.Diagnostics.Debug.Assert(words.Length is >= MinWords and <= MaxWords, "16 to 128 bytes");
        return BitConverter.IsLittleEndian ? HashLittleEndian(words, (ulong)seed) : HashSwapped(words, seed);
    }

    private static ulong HashLittleEndian(ReadOnlySpan<ulong> w, ulong seed)
    {
        int k = w.Length;
        if (k == 2)
        {
            // XXH3_len_9to16_64b at 16 bytes: both halves keyed, one multiply-fold, the low half byte-swapped in.
            ulong low = w[0] ^ ((S3 ^ S4) + seed);
            ulong high = w[1] ^ ((S5 ^ S6) - seed);
            ulong sum = 16 + BinaryPrimitives.ReverseEndianness(low) + high + Fold(low, high);
            return Avalanche(sum);
        }

        ulong acc = (ulong)(k * sizeof(ulong)) * Prime64;
        if (k > 4)
        {
            if (k > 8)
            {
                if (k > 12)
                {
                    acc += Mix(w[6], w[7], S12, S13, seed);
                    acc += Mix(w[k - 8], w[k - 7], S14, S15, seed);
                }

                acc += Mix(w[4], w[5], S8, S9, seed);
                acc += Mix(w[k - 6], w[k - 5], S10, S11, seed);
            }

            acc += Mix(w[2], w[3], S4, S5, seed);
            acc += Mix(w[k - 4], w[k - 3], S6, S7, seed);
        }

        acc += Mix(w[0], w[1], S0, S1, seed);
        acc += Mix(w[k - 2], w[k - 1], S2, S3, seed);

        return Avalanche(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong h)
    {
        h ^= h >> 37;
        h *= AvalancheMultiplier;
        return h ^ (h >> 32);
    }

    /// <summary>The 128-bit product of two words folded to 64 bits (XXH3's mul128_fold64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fold(ulong a, ulong b)
    {
        ulong productHigh = Math.BigMul(a, b, out ulong productLow);
        return productLow ^ productHigh;
    }

    /// <summary>XXH3's mix of 16 input bytes with 16 secret bytes: a 128-bit product folded to 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong low, ulong high, ulong secretLow, ulong secretHigh, ulong seed) =>
        Fold(low ^ (secretLow + seed), high ^ (secretHigh - seed));

    /// <summary>The big-endian path: the library over the words with their bytes swapped. Internal so that tests on
    /// little-endian machines run it too (there it hashes the big-endian bytes).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static ulong HashSwapped(ReadOnlySpan<ulong> words, long seed)
    {
        Span<ulong> swapped = stackalloc ulong[MaxWords];
        swapped = swapped[..words.Length];
        BinaryPrimitives.ReverseEndianness(words, swapped);
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes((ReadOnlySpan<ulong>)swapped), seed);
    }
}
