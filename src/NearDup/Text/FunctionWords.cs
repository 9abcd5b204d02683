using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NearDup.Internal;

namespace NearDup.Text;

/// <summary>Closed-class words (articles, pronouns, prepositions, conjunctions, auxiliaries) by token hash.</summary>
/// <remarks>
/// <para>
/// Article spinners replace open-class words (nouns, verbs, adjectives) and leave most function words alone, because a
/// synonym for "the" or "of" does not exist and swapping "which" or "has" breaks grammar. Function words therefore carry
/// the shape of a text through spinning (Theobald et al., SpotSigs, SIGIR 2008, anchor their signatures on them; Zhang
/// et al., DSpin, NDSS 2014, call such words immutables). The lists are per language and contain no synonyms: NearDup
/// depends on no thesaurus.
/// </para>
/// <para>
/// A set is identified by its token hashes: an index records them (not the words) and refuses documents analysed
/// with another set, because the function words decide every stored spin fingerprint.
/// </para>
/// <para>Thread safety: immutable, safe for concurrent use.</para>
/// </remarks>
public sealed class FunctionWords
{
    private const string EnglishWords =
        "a about above across after against along although am among an and another any anybody anyone anything are " +
        "around as at be because been before behind being below beneath beside besides between beyond both but by " +
        "can cannot could did do does doing down during each either every everybody everyone everything few for " +
        "from further had has have having he her here hers herself him himself his how however i if in inside into is " +
        "it its itself just least less many may me might more most much must my myself neither no nobody none nor not " +
        "nothing now of off on once one only onto or other others otherwise our ours ourselves out outside over own per " +
        "rather same several shall she should since so some somebody someone something such than that the their theirs " +
        "them themselves then there therefore these they this those though through throughout thus till to too toward " +
        "towards under underneath unless until up upon us very via was we were what whatever when whenever where " +
        "whereas wherever whether which while who whoever whom whose why will with within without would yet you your " +
        "yours yourself yourselves also already still even ever never again always often quite almost instead " +
        "don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't hasn't haven't hadn't " +
        "it's that's there's he's she's i'm you're we're they're i've you've we've they've i'd you'd he'd she'd we'd " +
        "they'd i'll you'll he'll she'll we'll they'll let's";

    // Hashes per bucket of the lookup table: one Vector512, one cache line.
    private const int BucketSize = 8;

    // Most buckets per hash before a set whose hashes crowd into few buckets (hashes not made by the tokenizer, from a
    // damaged or crafted index) is looked up by binary search instead.
    private const int MaxBucketsPerHash = 64;

    // The hashes ascending and distinct: the canonical form an index stores and compares, and the oracle of Contains.
    private readonly ulong[] _sorted;

    // The same hashes in buckets of eight (one cache line), each hash in the bucket of its low bits (token hashes are
    // XxHash3 outputs, uniform already), the rest of a bucket 0; whether 0 itself is a word is kept aside. A lookup
    // compares a whole bucket at once and takes no branch: whether a document's next word is a function word is a coin
    // toss the branch predictor loses, and analysis asks it of every word twice (its skeleton and its word pairs). With
    // a FrozenSet<ulong>, and then with an open-addressing table that probed until a hit or an empty slot, the lookups
    // were 9% of an analysis alike.
    private readonly ulong[]? _buckets;
    private readonly ulong _bucketMask;
    private readonly bool _hasZero;

    /// <summary>Creates a set from words given in normalised form (lower case).</summary>
    /// <param name="words">The words.</param>
    /// <exception cref="ArgumentException">A word is empty.</exception>
    public FunctionWords(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var hashes = new HashSet<ulong>();
        foreach (string w in words)
        {
            if (string.IsNullOrEmpty(w))
            {
                throw new ArgumentException("a function word is empty.", nameof(words));
            }

            hashes.Add(Tokenizer.HashNormalized(w));
        }

        _sorted = [.. hashes];
        Array.Sort(_sorted);
        (_buckets, _bucketMask, _hasZero) = BuildBuckets(_sorted);
    }

    /// <summary>Makes a set of every word of a text, each normalised as the tokenizer normalises documents (case
    /// folded, Unicode-normalised), so that a list written in any case matches the documents it is used on.</summary>
    /// <param name="text">The words, separated by spaces, line breaks or punctuation (a list file's content).</param>
    /// <returns>The set; empty when the text holds no word (no function words: every token may then be replaced).</returns>
    /// <remarks>A word the tokenizer splits ("d'un" in some scripts, "e-mail") becomes each of its tokens; numbers count as
    /// words, punctuation does not.</remarks>
    public static FunctionWords FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hashes = new HashSet<ulong>();
        foreach (Token token in Tokenizer.Tokenize(text))
        {
            if (token.IsContent)
            {
                hashes.Add(token.Hash);
            }
        }

        ulong[] sorted = [.. hashes];
        Array.Sort(sorted);
        return new FunctionWords(sorted);
    }

    /// <summary>Rebuilds a set from its token hashes, as <see cref="SortedHashes"/> gave them.</summary>
    /// <param name="sortedHashes">Token hashes, strictly ascending; the set keeps this array.</param>
    private FunctionWords(ulong[] sortedHashes)
    {
        _sorted = sortedHashes;
        (_buckets, _bucketMask, _hasZero) = BuildBuckets(sortedHashes);
    }

    /// <summary>English function words.</summary>
    public static FunctionWords English { get; } = new(EnglishWords.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Number of words.</summary>
    public int Count => _sorted.Length;

    /// <summary>The token hashes of the words, ascending and distinct: what an index stores to rebuild the set.</summary>
    internal ReadOnlySpan<ulong> SortedHashes => _sorted;

    /// <summary>Rebuilds a set from the token hashes of its words (see <see cref="SortedHashes"/>).</summary>
    /// <param name="sortedHashes">The hashes, strictly ascending.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">The hashes are not strictly ascending; the message gives the first position out of order.</exception>
    internal static FunctionWords FromSortedHashes(ReadOnlySpan<ulong> sortedHashes)
    {
        for (int i = 1; i < sortedHashes.Length; i++)
        {
            if (sortedHashes[i] <= sortedHashes[i - 1])
            {
                throw new ArgumentException(
                    $"function-word hashes must be strictly ascending; hash {i} is not greater than hash {i - 1}.", nameof(sortedHashes));
            }
        }

        return new FunctionWords(sortedHashes.ToArray());
    }

    /// <summary>The words of this set and of another together.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>The union.</returns>
    public FunctionWords Union(FunctionWords other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new FunctionWords(HashSort.UnionDistinct(_sorted, other._sorted));
    }

    /// <summary>Whether two sets hold the same words (however they were made).</summary>
    /// <param name="other">The other set.</param>
    /// <returns>True when both hold exactly the same token hashes.</returns>
    public bool SetEquals(FunctionWords other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other) || _sorted.AsSpan().SequenceEqual(other._sorted);
    }

    /// <summary>Whether the token with this hash is a function word.</summary>
    /// <param name="tokenHash">A <see cref="Token.Hash"/>.</param>
    /// <returns>True for a function word.</returns>
    public bool Contains(ulong tokenHash)
    {
        if (_buckets is null)
        {
            return ContainsScalar(tokenHash);
        }

        ref ulong bucket = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buckets), (nint)((tokenHash & _bucketMask) * BucketSize));
        bool inBucket;
        if (Vector512.IsHardwareAccelerated)
        {
            inBucket = Vector512.EqualsAny(Vector512.LoadUnsafe(ref bucket), Vector512.Create(tokenHash));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            // Without AVX-512 a Vector512 is emulated element by element: the bucket in two halves instead.
            Vector256<ulong> hash = Vector256.Create(tokenHash);
            inBucket = Vector256.EqualsAny(Vector256.LoadUnsafe(ref bucket), hash) | Vector256.EqualsAny(Vector256.LoadUnsafe(ref bucket, (nuint)Vector256<ulong>.Count), hash);
        }
        else
        {
            inBucket = BucketHolds(ref bucket, tokenHash);
        }

        // A bucket's free slots hold 0, so 0 is answered from the flag; & and |, not && and ||, keep this free of branches.
        return (inBucket & tokenHash != 0) | (tokenHash == 0 & _hasZero);
    }

    /// <summary>Marks which tokens are function words, each looked up once: what analysis reads for the spin skeleton and
    /// for the word stems alike.</summary>
    /// <param name="tokens">A text's tokens.</param>
    /// <param name="marks">Receives, per token, whether it is a word this set holds; at least as long as the tokens.</param>
    internal void Mark(ReadOnlySpan<Token> tokens, Span<bool> marks)
    {
        marks = marks[..tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            ref readonly Token t = ref tokens[i];
            marks[i] = t.Kind == TokenKind.Word && Contains(t.Hash);
        }
    }

    /// <summary>Whether a bucket holds a hash, one slot at a time (machines without 256-bit vectors, e.g. 128-bit ARM).</summary>
    private static bool BucketHolds(ref ulong bucket, ulong tokenHash)
    {
        bool found = false;
        for (int i = 0; i < BucketSize; i++)
        {
            found |= Unsafe.Add(ref bucket, i) == tokenHash;
        }

        return found;
    }

    /// <summary>As <see cref="Contains"/>, by binary search of the sorted hashes: the oracle the tests check the buckets
    /// against.</summary>
    /// <param name="tokenHash">A <see cref="Token.Hash"/>.</param>
    /// <returns>True for a function word.</returns>
    internal bool ContainsScalar(ulong tokenHash) => Array.BinarySearch(_sorted, tokenHash) >= 0;

    /// <summary>The buckets of <paramref name="hashes"/> (distinct): the fewest, a power of two and at least one per two
    /// hashes, in which no bucket gets more than <see cref="BucketSize"/> (a set of a few hundred words needs doubling
    /// about once in a hundred sets); null when that would take over <see cref="MaxBucketsPerHash"/> buckets per hash.</summary>
    private static (ulong[]? Buckets, ulong Mask, bool HasZero) BuildBuckets(ReadOnlySpan<ulong> hashes)
    {
        bool hasZero = hashes.Contains(0UL);
        long most = (long)MaxBucketsPerHash * Math.Max(16, hashes.Length);
        for (long count = (long)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, hashes.Length / 2)); count <= most; count *= 2)
        {
            var buckets = new ulong[count * BucketSize];
            var fill = new int[count];
            ulong mask = (ulong)count - 1;
            bool fits = true;
            foreach (ulong h in hashes)
            {
                if (h == 0)
                {
                    continue;
                }

                int b = (int)(h & mask);
                if (fill[b] == BucketSize)
                {
                    fits = false;
                    break;
                }

                buckets[(b * BucketSize) + fill[b]++] = h;
            }

            if (fits)
            {
                return (buckets, mask, hasZero);
            }
        }

        return (null, 0, hasZero);
    }
}
