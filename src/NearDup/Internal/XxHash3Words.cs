using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>Hashes every window of <paramref name="size"/> consecutive words: <paramref name="destination"/>[i] is
    /// <see cref="Hash"/> of <paramref name="words"/>[i .. i + size], for the first <paramref name="count"/> windows.</summary>
    /// <param name="words">The words; at least <paramref name="count"/> + <paramref name="size"/> − 1.</param>
    /// <param name="size">Words per window, <see cref="MinWords"/> to <see cref="MaxWords"/>.</param>
    /// <param name="seed">The hash seed.</param>
    /// <param name="destination">Receives the hashes; at least <paramref name="count"/> long.</param>
    /// <param name="count">Windows to hash.</param>
    /// <remarks>Where AVX-512 is accelerated, windows of 3 words or more are hashed eight at a time, one window a lane
    /// (<see cref="WindowsVector512"/>); where AVX2 is, four at a time (<see cref="WindowsVector256"/>), and windows of
    /// 2 words four at a time on either (<see cref="TwoWordWindowsVector256"/>); the rest one by one. The tests check
    /// every path against <see cref="XxHash3"/>.</remarks>
    public static void HashWindows(ReadOnlySpan<ulong> words, int size, long seed, Span<ulong> destination, int count)
    {
        // The vector paths read without bounds checks: a count past the words would read beyond them.
        if (size is < MinWords or > MaxWords)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"windows of {size} words; {MinWords} to {MaxWords} are hashed here.");
        }

        if (count < 0 || destination.Length < count || (count > 0 && words.Length < count + size - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} windows of {size} words need {count + size - 1} words and {count} hashes; got {words.Length} and {destination.Length}.");
        }

        int done = !BitConverter.IsLittleEndian ? 0
            : size == MinWords ? (Vector256.IsHardwareAccelerated && Avx2.IsSupported ? TwoWordWindowsVector256(words, (ulong)seed, destination[..count]) : 0)
            : Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? WindowsVector512(words, size, (ulong)seed, destination[..count])
            : Vector256.IsHardwareAccelerated && Avx2.IsSupported ? WindowsVector256(words, size, (ulong)seed, destination[..count])
            : 0;
        for (int i = done; i < count; i++)
        {
            destination[i] = Hash(words.Slice(i, size), seed);
        }
    }

    /// <summary>
    /// XXH3's 17-to-128-byte path, as <see cref="HashLittleEndian"/>, for eight consecutive windows at once: lane j of
    /// the vector of word m is word m of window i + j, a load at i + m. The 128-bit products are built from four 32×32-bit
    /// ones (AVX-512 multiplies 64-bit lanes to their low half only). Returns how many windows it hashed (a multiple of
    /// eight).
    /// </summary>
    /// <remarks>Word shingles are hashed once per position of every analysed document, with a 128-bit multiply per 16
    /// bytes: one at a time, that was a tenth of an analysis.</remarks>
    private static int WindowsVector512(ReadOnlySpan<ulong> words, int k, ulong seed, Span<ulong> destination)
    {
        int end = destination.Length - (destination.Length % Vector512<ulong>.Count);
        ref ulong src = ref MemoryMarshal.GetReference(words);
        ref ulong dst = ref MemoryMarshal.GetReference(destination);
        Vector512<ulong> start = Vector512.Create((ulong)(k * sizeof(ulong)) * Prime64);
        for (int i = 0; i < end; i += Vector512<ulong>.Count)
        {
            ref ulong w = ref Unsafe.Add(ref src, i);
            Vector512<ulong> acc = start;
            if (k > 4)
            {
                if (k > 8)
                {
                    if (k > 12)
                    {
                        acc += MixVector(ref w, 6, 7, S12, S13, seed);
                        acc += MixVector(ref w, k - 8, k - 7, S14, S15, seed);
                    }

                    acc += MixVector(ref w, 4, 5, S8, S9, seed);
                    acc += MixVector(ref w, k - 6, k - 5, S10, S11, seed);
                }

                acc += MixVector(ref w, 2, 3, S4, S5, seed);
                acc += MixVector(ref w, k - 4, k - 3, S6, S7, seed);
            }

            acc += MixVector(ref w, 0, 1, S0, S1, seed);
            acc += MixVector(ref w, k - 2, k - 1, S2, S3, seed);

            acc ^= Vector512.ShiftRightLogical(acc, 37);
            acc *= Vector512.Create(AvalancheMultiplier);
            (acc ^ Vector512.ShiftRightLogical(acc, 32)).StoreUnsafe(ref dst, (nuint)i);
        }

        return end;
    }

    /// <summary><see cref="Mix"/> of words <paramref name="low"/> and <paramref name="high"/> of eight consecutive windows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> MixVector(ref ulong window, int low, int high, ulong secretLow, ulong secretHigh, ulong seed)
    {
        Vector512<ulong> a = Vector512.LoadUnsafe(ref window, (nuint)low) ^ Vector512.Create(secretLow + seed);
        Vector512<ulong> b = Vector512.LoadUnsafe(ref window, (nuint)high) ^ Vector512.Create(secretHigh - seed);

        // a × b from its four 32×32-bit products (vpmuludq reads the low half of each lane).
        Vector512<ulong> aHigh = Vector512.ShiftRightLogical(a, 32), bHigh = Vector512.ShiftRightLogical(b, 32);
        Vector512<ulong> lowLow = Avx512F.Multiply(a.AsUInt32(), b.AsUInt32());
        Vector512<ulong> lowHigh = Avx512F.Multiply(a.AsUInt32(), bHigh.AsUInt32());
        Vector512<ulong> highLow = Avx512F.Multiply(aHigh.AsUInt32(), b.AsUInt32());
        Vector512<ulong> highHigh = Avx512F.Multiply(aHigh.AsUInt32(), bHigh.AsUInt32());
        Vector512<ulong> low32 = Vector512.Create(0xFFFF_FFFFUL);
        Vector512<ulong> middle = Vector512.ShiftRightLogical(lowLow, 32) + (lowHigh & low32) + (highLow & low32);
        Vector512<ulong> productHigh = highHigh + Vector512.ShiftRightLogical(lowHigh, 32) + Vector512.ShiftRightLogical(highLow, 32) + Vector512.ShiftRightLogical(middle, 32);
        Vector512<ulong> productLow = (lowLow & low32) | Vector512.ShiftLeft(middle, 32);
        return productLow ^ productHigh;
    }

    /// <summary>
    /// <see cref="WindowsVector512"/> for four windows at once, with AVX2: the 128-bit products from four 32×32-bit ones
    /// (vpmuludq), and the avalanche's 64-bit product from three. Returns how many windows it hashed (a multiple of four).
    /// </summary>
    /// <remarks>On a machine without AVX-512, one window at a time was about a tenth of an analysis.</remarks>
    private static int WindowsVector256(ReadOnlySpan<ulong> words, int k, ulong seed, Span<ulong> destination)
    {
        int end = destination.Length - (destination.Length % Vector256<ulong>.Count);
        ref ulong src = ref MemoryMarshal.GetReference(words);
        ref ulong dst = ref MemoryMarshal.GetReference(destination);
        Vector256<ulong> start = Vector256.Create((ulong)(k * sizeof(ulong)) * Prime64);
        for (int i = 0; i < end; i += Vector256<ulong>.Count)
        {
            ref ulong w = ref Unsafe.Add(ref src, i);
            Vector256<ulong> acc = start;
            if (k > 4)
            {
                if (k > 8)
                {
                    if (k > 12)
                    {
                        acc += MixVector256(ref w, 6, 7, S12, S13, seed);
                        acc += MixVector256(ref w, k - 8, k - 7, S14, S15, seed);
                    }

                    acc += MixVector256(ref w, 4, 5, S8, S9, seed);
                    acc += MixVector256(ref w, k - 6, k - 5, S10, S11, seed);
                }

                acc += MixVector256(ref w, 2, 3, S4, S5, seed);
                acc += MixVector256(ref w, k - 4, k - 3, S6, S7, seed);
            }

            acc += MixVector256(ref w, 0, 1, S0, S1, seed);
            acc += MixVector256(ref w, k - 2, k - 1, S2, S3, seed);

            acc ^= Vector256.ShiftRightLogical(acc, 37);
            acc = Avx2Words.MultiplyLow(acc, AvalancheMultiplier);
            (acc ^ Vector256.ShiftRightLogical(acc, 32)).StoreUnsafe(ref dst, (nuint)i);
        }

        return end;
    }

    /// <summary>
    /// XXH3's 9-to-16-byte path at 16 bytes, as <see cref="HashLittleEndian"/> takes it for 2 words, for four
    /// consecutive windows at once with AVX2: the low word byte-swapped by a byte shuffle, the 128-bit product from four
    /// 32×32-bit ones. Returns how many windows it hashed (a multiple of four).
    /// </summary>
    /// <remarks>SimHash's features are the word pairs of a document's content words, one window a position: one at a
    /// time, they were about 3% of an analysis.</remarks>
    private static int TwoWordWindowsVector256(ReadOnlySpan<ulong> words, ulong seed, Span<ulong> destination)
    {
        int end = destination.Length - (destination.Length % Vector256<ulong>.Count);
        ref ulong src = ref MemoryMarshal.GetReference(words);
        ref ulong dst = ref MemoryMarshal.GetReference(destination);
        Vector256<ulong> lowKey = Vector256.Create((S3 ^ S4) + seed), highKey = Vector256.Create((S5 ^ S6) - seed);
        Vector256<byte> swap = Vector256.Create((byte)7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
        Vector256<ulong> sixteen = Vector256.Create(16UL);
        for (int i = 0; i < end; i += Vector256<ulong>.Count)
        {
            Vector256<ulong> low = Vector256.LoadUnsafe(ref src, (nuint)i) ^ lowKey;
            Vector256<ulong> high = Vector256.LoadUnsafe(ref src, (nuint)(i + 1)) ^ highKey;
            Vector256<ulong> sum = sixteen + Avx2.Shuffle(low.AsByte(), swap).AsUInt64() + high + Fold256(low, high);
            sum ^= Vector256.ShiftRightLogical(sum, 37);
            sum = Avx2Words.MultiplyLow(sum, AvalancheMultiplier);
            (sum ^ Vector256.ShiftRightLogical(sum, 32)).StoreUnsafe(ref dst, (nuint)i);
        }

        return end;
    }

    /// <summary><see cref="Mix"/> of words <paramref name="low"/> and <paramref name="high"/> of four consecutive windows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MixVector256(ref ulong window, int low, int high, ulong secretLow, ulong secretHigh, ulong seed)
    {
        Vector256<ulong> a = Vector256.LoadUnsafe(ref window, (nuint)low) ^ Vector256.Create(secretLow + seed);
        Vector256<ulong> b = Vector256.LoadUnsafe(ref window, (nuint)high) ^ Vector256.Create(secretHigh - seed);
        return Fold256(a, b);
    }

    /// <summary><see cref="Fold"/> of each lane: the 128-bit product from its four 32×32-bit products (vpmuludq).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Fold256(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> aHigh = Vector256.ShiftRightLogical(a, 32), bHigh = Vector256.ShiftRightLogical(b, 32);
        Vector256<ulong> lowLow = Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
        Vector256<ulong> lowHigh = Avx2.Multiply(a.AsUInt32(), bHigh.AsUInt32());
        Vector256<ulong> highLow = Avx2.Multiply(aHigh.AsUInt32(), b.AsUInt32());
        Vector256<ulong> highHigh = Avx2.Multiply(aHigh.AsUInt32(), bHigh.AsUInt32());
        Vector256<ulong> low32 = Vector256.Create(0xFFFF_FFFFUL);
        Vector256<ulong> middle = Vector256.ShiftRightLogical(lowLow, 32) + (lowHigh & low32) + (highLow & low32);
        Vector256<ulong> productHigh = highHigh + Vector256.ShiftRightLogical(lowHigh, 32) + Vector256.ShiftRightLogical(highLow, 32) + Vector256.ShiftRightLogical(middle, 32);
        Vector256<ulong> productLow = (lowLow & low32) | Vector256.ShiftLeft(middle, 32);
        return productLow ^ productHigh;
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
