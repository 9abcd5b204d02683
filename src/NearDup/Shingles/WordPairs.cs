using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NearDup.Internal;
using NearDup.Sketches;
using NearDup.Text;

namespace NearDup.Shingles;

/// <summary>
/// Pairs of content words that occur near each other: what a rewrite that restructures every sentence still keeps.
/// </summary>
/// <remarks>
/// <para>
/// A fluent rewrite (an AI rewriter's, or a careful person's) reorders clauses, turns active into passive, merges and
/// splits sentences and changes most function words, so that neither word n-grams nor the spin skeleton survive it:
/// on a development set of such rewrites, word 5-gram and skeleton overlaps were near zero. What it keeps is the
/// content: the same nouns, verbs, names and numbers, still close to each other because they still say the same
/// thing in the same order. The unordered pair {<c>flood</c>, <c>bridge</c>} survives "the flood closed the bridge" →
/// "the bridge was shut after the flooding".
/// </para>
/// <para>
/// Each content word (not a function word, at least <see cref="MinLetters"/> characters, or any number) becomes a stem,
/// its first <see cref="StemLetters"/> normalised characters; each pair of different stems at most
/// <see cref="Window"/> − 1 content words apart is hashed, the same either way round, and one pair hash in
/// <see cref="Sampling"/> is kept, chosen by its value, so two documents keep the same pairs of what they share. Measured
/// on 30 fluent rewrites of 30 news articles: a rewrite shares a median third of the smaller document's kept pairs (at
/// least 15% for 29 of 30), a text on the same topic that is not a copy a median 2% (at most 9%).
/// </para>
/// <para>Scripts written without spaces are left out (their characters are tokens of their own, and pairs of them say
/// little). Thread safety: stateless, safe for concurrent use.</para>
/// </remarks>
public static class WordPairs
{
    /// <summary>Characters of a word's normalised form its stem keeps.</summary>
    public const int StemLetters = 5;

    /// <summary>Least characters of a word, as written, for it to count (numbers count at any length).</summary>
    public const int MinLetters = 3;

    /// <summary>Two content words form a pair when fewer than this many content words separate their positions.</summary>
    public const int Window = 10;

    /// <summary>One pair hash in this many is kept.</summary>
    public const int Sampling = 12;

    /// <summary>Stems whose pairs are made at a time (a 3 KB document has about 250): a block's candidates, nine a
    /// stem, take 1.2 MB (2 MB as the shared pool rounds them), and a long text needs no buffer of nine hashes for every
    /// one of its stems.</summary>
    internal const int Block = 1 << 14;

    /// <summary>The seed of stem hashes.</summary>
    public const long StemHashSeed = 0x4E44_5550_5354_4D31; // "NDUPSTM1"

    private const ulong SampleBound = ulong.MaxValue / Sampling;

    /// <summary>Writes the stem hashes of the content words of <paramref name="tokens"/>, in text order.</summary>
    /// <param name="text">The text the tokens are of.</param>
    /// <param name="tokens">Its tokens, from <see cref="Tokenizer"/>.</param>
    /// <param name="functionWords">The function words of the text's language, which are left out.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold, as when the text was tokenised.</param>
    /// <param name="destination">Receives the stems; must hold <c>tokens.Length</c>.</param>
    /// <returns>The number of stems written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="tokens"/>.</exception>
    public static int Stems(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, FunctionWords functionWords, bool foldConfusables, Span<ulong> destination)
    {
        ArgumentNullException.ThrowIfNull(functionWords);
        if (destination.Length < tokens.Length)
        {
            throw new ArgumentException($"destination must hold {tokens.Length} stems.", nameof(destination));
        }

        bool[] marks = RentedArrays.Rent<bool>(Math.Max(1, tokens.Length));
        try
        {
            // Not through the thread's stem cache: a caller's tokens may have been made under another look-alike
            // setting than the one given here, and their hashes would then stand for other stems.
            functionWords.Mark(tokens, marks);
            return StemsMarked(text, tokens, marks, foldConfusables, null, destination);
        }
        finally
        {
            RentedArrays.Give(marks);
        }
    }

    /// <summary>As <see cref="Stems(ReadOnlySpan{char}, ReadOnlySpan{Token}, FunctionWords, bool, Span{ulong})"/>, the
    /// function words marked already (<see cref="FunctionWords.Mark"/>), the stems taken from the thread's
    /// <see cref="StemCache"/> when <paramref name="useCache"/> is true, which only a caller that tokenised the text under
    /// <paramref name="foldConfusables"/> itself may ask (analysis).</summary>
    /// <param name="text">The original text.</param>
    /// <param name="tokens">Its tokens, made under <paramref name="foldConfusables"/>.</param>
    /// <param name="functionWord">Per token, whether it is a function word.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold, as when the text was tokenised.</param>
    /// <param name="useCache">Whether to use the thread's stem cache.</param>
    /// <param name="destination">Receives the stems; must hold <c>tokens.Length</c>.</param>
    /// <returns>The number of stems written.</returns>
    internal static int StemsMarked(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ReadOnlySpan<bool> functionWord, bool foldConfusables, bool useCache, Span<ulong> destination) =>
        StemsMarked(text, tokens, functionWord, foldConfusables, useCache ? ThreadScratch<StemCache>.Take() : null, destination);

    private static int StemsMarked(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ReadOnlySpan<bool> functionWord, bool foldConfusables, StemCache? cache, Span<ulong> destination)
    {
        functionWord = functionWord[..tokens.Length];
        destination = destination[..tokens.Length];
        int n = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            ref readonly Token t = ref tokens[i];
            if (t.Kind == TokenKind.Number)
            {
                destination[n++] = t.Hash;
            }
            else if (t.Kind == TokenKind.Word && t.Length >= MinLetters && !functionWord[i])
            {
                destination[n++] = cache is null ? ComputeStem(text, t, foldConfusables) : cache.Stem(text, t, foldConfusables);
            }
        }

        if (cache is not null)
        {
            ThreadScratch<StemCache>.Return(cache, keep: true);
        }

        return n;
    }

    /// <summary>The stem hash of one token when it is a content word (or a number), as <see cref="Stems"/> writes it.</summary>
    /// <param name="text">The text the token is of.</param>
    /// <param name="token">The token.</param>
    /// <param name="functionWords">The function words, which have no stem.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold.</param>
    /// <param name="stem">Receives the stem hash.</param>
    /// <returns>False for a function word, a word shorter than <see cref="MinLetters"/>, or punctuation.</returns>
    internal static bool TryStem(ReadOnlySpan<char> text, in Token token, FunctionWords functionWords, bool foldConfusables, out ulong stem) =>
        TryStemMarked(text, token, token.Kind == TokenKind.Word && functionWords.Contains(token.Hash), foldConfusables, out stem);

    /// <summary>As <see cref="TryStem(ReadOnlySpan{char}, in Token, FunctionWords, bool, out ulong)"/>, whether the token is
    /// a function word known already.</summary>
    private static bool TryStemMarked(ReadOnlySpan<char> text, in Token token, bool isFunctionWord, bool foldConfusables, out ulong stem)
    {
        if (token.Kind == TokenKind.Number)
        {
            stem = token.Hash;
            return true;
        }

        if (token.Kind == TokenKind.Word && token.Length >= MinLetters && !isFunctionWord)
        {
            stem = ComputeStem(text, token, foldConfusables);
            return true;
        }

        stem = 0;
        return false;
    }

    /// <summary>The stem hash of a content word, computed: its first <see cref="StemLetters"/> normalised characters.</summary>
    /// <param name="text">The text the token is of.</param>
    /// <param name="token">A word token.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold.</param>
    /// <returns>The stem hash.</returns>
    internal static ulong ComputeStem(ReadOnlySpan<char> text, in Token token, bool foldConfusables) =>
        Tokenizer.PrefixHash(text, token, StemLetters, foldConfusables, StemHashSeed);

    /// <summary>The hash of the unordered pair of two stems: the same for (a, b) and (b, a).</summary>
    /// <param name="a">One stem hash.</param>
    /// <param name="b">The other.</param>
    /// <returns>The pair's hash.</returns>
    public static ulong PairHash(ulong a, ulong b)
    {
        ulong low = Math.Min(a, b), high = Math.Max(a, b);
        return Mixing.Mix64(Mixing.Mix64(low) ^ high);
    }

    /// <summary>Whether a pair hash is one of the kept ones (one in <see cref="Sampling"/>).</summary>
    /// <param name="pairHash">A hash from <see cref="PairHash"/>.</param>
    /// <returns>True when kept.</returns>
    public static bool IsKept(ulong pairHash) => pairHash <= SampleBound;

    /// <summary>Appends the kept pair hashes of <paramref name="stems"/> in text order, repeats included.</summary>
    /// <param name="stems">Stem hashes from <see cref="Stems"/>.</param>
    /// <param name="destination">Receives the hashes (not cleared first).</param>
    /// <remarks>The same hashes, in the same order, as <see cref="PairsScalar"/> (one <see cref="PairHash"/> per pair,
    /// the oracle the tests check this against). Faster in two ways: the inner mix of each stem is computed once, not
    /// once for every pair it is the smaller stem of; and where <see cref="Vector512"/> (or AVX2) is accelerated, a
    /// stem's first eight partners are hashed in one vector (or two), with no branch per pair (which of the two is
    /// smaller is a coin toss the branch predictor loses half the time).</remarks>
    public static void Pairs(ReadOnlySpan<ulong> stems, List<ulong> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ulong[] rented = RentedArrays.Rent<ulong>(MaxPairs(Math.Min(stems.Length, Block)));
        try
        {
            // A block of stems at a time (see Block), each with the stems after it that its last ones pair with.
            for (int start = 0; start < stems.Length; start += Block)
            {
                int firsts = Math.Min(Block, stems.Length - start);
                ReadOnlySpan<ulong> block = stems.Slice(start, Math.Min(stems.Length - start, firsts + Window - 1));
                destination.AddRange(rented.AsSpan(0, Pairs(block, firsts, rented)));
            }
        }
        finally
        {
            RentedArrays.Give(rented);
        }
    }

    /// <summary>The most pair hashes <see cref="Pairs(ReadOnlySpan{ulong}, Span{ulong})"/> writes for
    /// <paramref name="stems"/> stems: every pair in the window (at least 1, for an empty span).</summary>
    /// <param name="stems">Number of stems, at most <see cref="int.MaxValue"/> / (<see cref="Window"/> − 1): a longer
    /// text's pairs are made a <see cref="Block"/> at a time.</param>
    /// <returns>The length the destination needs.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stems"/> is negative or too many.</exception>
    internal static int MaxPairs(int stems) =>
        (uint)stems <= int.MaxValue / (Window - 1) ? Math.Max(1, stems * (Window - 1))
        : throw new ArgumentOutOfRangeException(nameof(stems), stems, $"Pairs are made for at most {int.MaxValue / (Window - 1):N0} stems at a time.");

    /// <summary>As <see cref="Pairs(ReadOnlySpan{ulong}, List{ulong})"/>, into a span: the kept pair hashes in text
    /// order, repeats included.</summary>
    /// <param name="stems">Stem hashes from <see cref="Stems"/>.</param>
    /// <param name="destination">Receives the hashes; at least <see cref="MaxPairs"/> long (the scalar path writes every
    /// candidate pair and then keeps it or writes the next over it).</param>
    /// <returns>The number of hashes written.</returns>
    internal static int Pairs(ReadOnlySpan<ulong> stems, Span<ulong> destination) => Pairs(stems, stems.Length, destination);

    /// <summary>As <see cref="Pairs(ReadOnlySpan{ulong}, Span{ulong})"/>, the pairs whose first stem is one of the first
    /// <paramref name="firsts"/> of <paramref name="stems"/> only (their partners may lie past them): the pairs of a
    /// long text a block at a time, each block's stems followed by the <see cref="Window"/> − 1 after it, so that the
    /// destination holds a block's candidates rather than the whole text's (nine for each stem).</summary>
    /// <param name="stems">Stem hashes from <see cref="Stems"/>: the block's, then up to <see cref="Window"/> − 1 more.</param>
    /// <param name="firsts">How many of <paramref name="stems"/> pair with those after them.</param>
    /// <param name="destination">Receives the hashes; at least <see cref="MaxPairs"/>(<paramref name="firsts"/>) long.</param>
    /// <returns>The number of hashes written.</returns>
    internal static int Pairs(ReadOnlySpan<ulong> stems, int firsts, Span<ulong> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firsts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firsts, stems.Length);
        if (destination.Length < MaxPairs(firsts))
        {
            throw new ArgumentException($"destination holds {destination.Length} pairs; {MaxPairs(firsts)} may be written.", nameof(destination));
        }

        ulong[] rented = RentedArrays.Rent<ulong>(Math.Max(1, stems.Length));
        try
        {
            Span<ulong> mixed = rented.AsSpan(0, stems.Length);
            for (int i = 0; i < stems.Length; i++)
            {
                mixed[i] = Mixing.Mix64(stems[i]);
            }

            int count = 0;
            int done = Vector512.IsHardwareAccelerated ? PairsVector512(stems, firsts, mixed, destination, ref count)
                : Vector256.IsHardwareAccelerated && Avx2.IsSupported ? PairsVector256(stems, firsts, mixed, destination, ref count)
                : 0;
            for (int i = done; i < firsts; i++)
            {
                int end = Math.Min(stems.Length, i + Window);
                for (int j = i + 1; j < end; j++)
                {
                    AddIfKept(stems[i], mixed[i], stems[j], mixed[j], destination, ref count);
                }
            }

            return count;
        }
        finally
        {
            RentedArrays.Give(rented);
        }
    }

    /// <summary>As <see cref="Pairs(ReadOnlySpan{ulong}, List{ulong})"/>, one <see cref="PairHash"/> per pair: the scalar oracle the tests check it against.</summary>
    /// <param name="stems">Stem hashes from <see cref="Stems"/>.</param>
    /// <param name="destination">Receives the hashes (not cleared first).</param>
    internal static void PairsScalar(ReadOnlySpan<ulong> stems, List<ulong> destination)
    {
        for (int i = 0; i < stems.Length; i++)
        {
            int end = Math.Min(stems.Length, i + Window);
            for (int j = i + 1; j < end; j++)
            {
                if (stems[i] != stems[j])
                {
                    ulong hash = PairHash(stems[i], stems[j]);
                    if (IsKept(hash))
                    {
                        destination.Add(hash);
                    }
                }
            }
        }
    }

    /// <summary>The pairs of every stem among the first <paramref name="firsts"/> that has all <see cref="Window"/> − 1
    /// partners after it: the first eight in one <see cref="Vector512"/>, the ninth alone. Returns the first stem it left
    /// to the scalar loop.</summary>
    private static int PairsVector512(ReadOnlySpan<ulong> stems, int firsts, ReadOnlySpan<ulong> mixed, Span<ulong> destination, ref int count)
    {
        const int Lanes = 8;
        System.Diagnostics.Debug.Assert(Vector512<ulong>.Count == Lanes && Window == Lanes + 2, "eight partners in the vector, the ninth alone");
        ref ulong stemRef = ref MemoryMarshal.GetReference(stems);
        ref ulong mixedRef = ref MemoryMarshal.GetReference(mixed);
        Vector512<ulong> bound = Vector512.Create(SampleBound);
        Span<ulong> hashes = stackalloc ulong[Lanes];
        ref ulong destinationRef = ref MemoryMarshal.GetReference(destination);
        int n = count;
        int i = 0;
        for (; i + Window <= stems.Length && i < firsts; i++)
        {
            ulong a = stems[i], mixedA = mixed[i];
            Vector512<ulong> va = Vector512.Create(a);
            Vector512<ulong> b = Vector512.LoadUnsafe(ref stemRef, (nuint)(i + 1));
            Vector512<ulong> mixedB = Vector512.LoadUnsafe(ref mixedRef, (nuint)(i + 1));

            // Mix64(Mix64(min) ^ max), lane by lane; a lane whose two stems are equal forms no pair.
            Vector512<ulong> h = Mix64(Vector512.ConditionalSelect(Vector512.LessThan(va, b), Vector512.Create(mixedA) ^ b, mixedB ^ va));
            ulong kept = Vector512.AndNot(Vector512.LessThanOrEqual(h, bound), Vector512.Equals(va, b)).ExtractMostSignificantBits();

            if (Avx512F.IsSupported)
            {
                // The kept lanes packed to the front of one vector, stored whole (the lanes past them are scratch that the
                // next pair overwrites; n + 8 <= 9i + 8 < MaxPairs(firsts), as i < firsts). Reading the kept lanes one by
                // one back from a copy of the vector stored just before waited for that store at every read.
                Vector512<ulong> keptLanes = Vector512.AndNot(Vector512.LessThanOrEqual(h, bound), Vector512.Equals(va, b));
                Avx512F.Compress(Vector512<ulong>.Zero, keptLanes, h).StoreUnsafe(ref destinationRef, (nuint)n);
                n += BitOperations.PopCount(kept);
            }
            else if (kept != 0)
            {
                // Writing all eight lanes and advancing past the kept ones, without this branch, measured 10% slower.
                h.CopyTo(hashes);
                do
                {
                    destination[n++] = hashes[BitOperations.TrailingZeroCount(kept)];
                    kept &= kept - 1;
                }
                while (kept != 0);
            }

            AddIfKept(a, mixedA, stems[i + Window - 1], mixed[i + Window - 1], destination, ref n);
        }

        count = n;
        return i;
    }

    /// <summary>As <see cref="PairsVector512"/> with AVX2: a stem's first eight partners in two vectors of four, the
    /// ninth alone. AVX2 has no lane compress, so the kept lanes of each vector are moved to its front by a permutation
    /// of its 32-bit halves looked up by the kept mask (<see cref="KeptLanes"/>) and the vector stored whole; the lanes
    /// past the kept ones are scratch the next store overwrites (n + 4 &lt;= 9i + 8 &lt; MaxPairs(firsts), as
    /// i &lt; firsts).</summary>
    private static int PairsVector256(ReadOnlySpan<ulong> stems, int firsts, ReadOnlySpan<ulong> mixed, Span<ulong> destination, ref int count)
    {
        const int Lanes = 4;
        System.Diagnostics.Debug.Assert(Vector256<ulong>.Count == Lanes && Window == (2 * Lanes) + 2, "eight partners in two vectors, the ninth alone");
        ref ulong stemRef = ref MemoryMarshal.GetReference(stems);
        ref ulong mixedRef = ref MemoryMarshal.GetReference(mixed);
        ref ulong destinationRef = ref MemoryMarshal.GetReference(destination);
        ReadOnlySpan<int> permutations = KeptLanes;
        ref int permutationRef = ref MemoryMarshal.GetReference(permutations);
        Vector256<ulong> bound = Vector256.Create(SampleBound);
        int n = count;
        int i = 0;
        for (; i + Window <= stems.Length && i < firsts; i++)
        {
            ulong a = Unsafe.Add(ref stemRef, i), mixedA = Unsafe.Add(ref mixedRef, i);
            Vector256<ulong> va = Vector256.Create(a), vMixedA = Vector256.Create(mixedA);
            for (int half = 1; half <= Lanes + 1; half += Lanes)
            {
                Vector256<ulong> b = Vector256.LoadUnsafe(ref stemRef, (nuint)(i + half));
                Vector256<ulong> mixedB = Vector256.LoadUnsafe(ref mixedRef, (nuint)(i + half));

                // Mix64(Mix64(min) ^ max), lane by lane; a lane whose two stems are equal forms no pair.
                Vector256<ulong> h = Avx2Words.Mix64(Vector256.ConditionalSelect(Vector256.LessThan(va, b), vMixedA ^ b, mixedB ^ va));
                uint kept = Vector256.AndNot(Vector256.LessThanOrEqual(h, bound), Vector256.Equals(va, b)).ExtractMostSignificantBits();
                Vector256<int> order = Vector256.LoadUnsafe(ref permutationRef, kept * 8);
                Avx2.PermuteVar8x32(h.AsInt32(), order).AsUInt64().StoreUnsafe(ref destinationRef, (nuint)n);
                n += BitOperations.PopCount(kept);
            }

            AddIfKept(a, mixedA, Unsafe.Add(ref stemRef, i + Window - 1), Unsafe.Add(ref mixedRef, i + Window - 1), destination, ref n);
        }

        count = n;
        return i;
    }

    /// <summary>For each mask of kept 64-bit lanes (4 bits), the 32-bit halves that move the kept lanes to the front
    /// in order, eight a mask (the rest 0: scratch).</summary>
    private static ReadOnlySpan<int> KeptLanes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, // none
        0, 1, 0, 0, 0, 0, 0, 0, // 0
        2, 3, 0, 0, 0, 0, 0, 0, // 1
        0, 1, 2, 3, 0, 0, 0, 0, // 0 1
        4, 5, 0, 0, 0, 0, 0, 0, // 2
        0, 1, 4, 5, 0, 0, 0, 0, // 0 2
        2, 3, 4, 5, 0, 0, 0, 0, // 1 2
        0, 1, 2, 3, 4, 5, 0, 0, // 0 1 2
        6, 7, 0, 0, 0, 0, 0, 0, // 3
        0, 1, 6, 7, 0, 0, 0, 0, // 0 3
        2, 3, 6, 7, 0, 0, 0, 0, // 1 3
        0, 1, 2, 3, 6, 7, 0, 0, // 0 1 3
        4, 5, 6, 7, 0, 0, 0, 0, // 2 3
        0, 1, 4, 5, 6, 7, 0, 0, // 0 2 3
        2, 3, 4, 5, 6, 7, 0, 0, // 1 2 3
        0, 1, 2, 3, 4, 5, 6, 7, // 0 1 2 3
    ];

    /// <summary><see cref="Mixing.Mix64"/> of every lane.</summary>
    private static Vector512<ulong> Mix64(Vector512<ulong> z)
    {
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Vector512.Create(0xBF58_476D_1CE4_E5B9UL);
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Vector512.Create(0x94D0_49BB_1331_11EBUL);
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    /// <summary>Writes <see cref="PairHash"/>(a, b) at <paramref name="count"/> and keeps it (advances past it) if the
    /// stems differ and the hash is kept, from the stems' inner mixes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddIfKept(ulong a, ulong mixedA, ulong b, ulong mixedB, Span<ulong> destination, ref int count)
    {
        // PairHash(a, b) = Mix64(Mix64(min) ^ max).
        ulong hash = Mixing.Mix64(a < b ? mixedA ^ b : mixedB ^ a);
        destination[count] = hash;
        count += (a != b) & IsKept(hash) ? 1 : 0;
    }

    /// <summary>Sorts kept pair hashes and moves the distinct ones to the start, in place.</summary>
    /// <param name="hashes">The hashes, each at most 2^64 / <see cref="Sampling"/> (<see cref="IsKept"/>).</param>
    /// <returns>The number of distinct hashes, now the first of <paramref name="hashes"/>, ascending.</returns>
    /// <remarks>With <see cref="HashSort"/>, its buckets spread over the kept hashes' range: a comparison sort of a
    /// document's few hundred pairs was a quarter of computing them.</remarks>
    internal static int SortDistinct(Span<ulong> hashes) => HashSort.SortDistinct(hashes, Sampling);
}
