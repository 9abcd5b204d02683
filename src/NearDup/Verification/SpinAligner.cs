using System;
using System.Buffers;
using NearDup.Internal;
using NearDup.Text;
using NearDup.Verification.Alignment;

namespace NearDup.Verification;

/// <summary>Aligns two documents word by word to find passages copied in order with words replaced.</summary>
/// <remarks>
/// <para>
/// The alignment is built the way sequence aligners in biology are (seed, chain, fill). Seeds are positions where both
/// documents have the same token: any word other than a function word, or a function word whose neighbour matches too
/// (a lone "the" matches everywhere and anchors nothing). Words occurring very often in B are not seeds. Seeds are
/// chained by dynamic programming into order-preserving chains in which consecutive seeds are at most
/// <see cref="MaxGap"/> tokens apart in both documents and their offsets differ by at most <see cref="MaxSkew"/>
/// tokens, so that a replaced phrase may be longer or shorter than the original. Chains are taken best first, so
/// passages may stand anywhere and in any order in either document (reordered paragraphs, an excerpt inside another
/// text, site chrome around a copy). Between consecutive seeds a small longest-common-subsequence alignment matches the
/// remaining equal tokens; what is left over are substitutions (A words replaced by B words), insertions and
/// deletions.
/// </para>
/// <para>
/// A substitution of one word by one word whose spellings are one or two edits apart (Damerau–Levenshtein) is a
/// spelling edit, not a replacement: a typo is not spinning.
/// </para>
/// <para>Cost: about O(s·g) for s seeds and gap g, typically well under a millisecond for two 3 KB documents.
/// Thread safety: immutable, safe for concurrent use.</para>
/// </remarks>
public sealed class SpinAligner
{
    // The four limits below are tuning constants of the algorithm, not options: internal, so that tuning them is not a
    // breaking change. The seed table, the chainer and the builder read them from here.
    /// <summary>Largest distance, in tokens, between consecutive seeds of a chain.</summary>
    internal const int MaxGap = 10;

    /// <summary>Largest difference between the two documents' distances across one gap.</summary>
    internal const int MaxSkew = 4;

    /// <summary>Longest run of unmatched tokens, on either side, that counts as one replacement; a longer run cuts the passage.</summary>
    /// <remarks>Spinners replace a word or a short phrase ("people dead" → "population lifeless"); eleven unrelated words
    /// between two shared names are not a replacement but two texts that happen to mention the same things.</remarks>
    internal const int MaxReplacement = 5;

    /// <summary>Tokens occurring more often than this in B are not seeds.</summary>
    internal const int MaxOccurrences = 48;

    /// <summary>Creates an aligner.</summary>
    /// <param name="functionWords">Function words of the documents' language; null for English.</param>
    /// <param name="minPassageTokens">Least number of A tokens a passage must span. Default 12.</param>
    /// <param name="minPassageSeeds">Least number of seeds a passage must have. Default 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A minimum is less than 1.</exception>
    public SpinAligner(FunctionWords? functionWords = null, int minPassageTokens = 12, int minPassageSeeds = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minPassageTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPassageSeeds, 1);
        FunctionWords = functionWords ?? FunctionWords.English;
        MinPassageTokens = minPassageTokens;
        MinPassageSeeds = minPassageSeeds;
    }

    /// <summary>The function words.</summary>
    public FunctionWords FunctionWords { get; }

    /// <summary>Least number of A tokens a passage spans.</summary>
    public int MinPassageTokens { get; }

    /// <summary>Least number of seeds a passage has.</summary>
    public int MinPassageSeeds { get; }

    /// <summary>Aligns two documents.</summary>
    /// <param name="a">Document A (by convention the original).</param>
    /// <param name="b">Document B.</param>
    /// <returns>The alignment (possibly with no passage).</returns>
    public SpinAlignment Align(IVerifiableDocument a, IVerifiableDocument b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;

        // Every candidate pair is aligned (a spun one twice), so all scratch is pooled: seeds, the chain scores and the
        // chains themselves live in rented arrays, and only the alignment returned is allocated.
        Seed[] seeds = RentedArrays.Rent<Seed>(Math.Max(64, 2 * ta.Length)); // grown by SeedTable through RentedArrays
        Seed[]? chained = null;
        int[]? chainBounds = null;

        // Which A tokens are function words, looked up once: seeding, match counting and the totals all ask.
        bool[] functionA = ArrayPool<bool>.Shared.Rent(Math.Max(1, ta.Length));
        for (int i = 0; i < ta.Length; i++)
        {
            functionA[i] = FunctionWords.Contains(ta[i].Hash);
        }

        var builder = new AlignmentBuilder(a, b, this, functionA);
        try
        {
            int n = SeedTable.FindSeeds(ta, tb, functionA, ref seeds);
            chained = ArrayPool<Seed>.Shared.Rent(Math.Max(1, n));
            chainBounds = ArrayPool<int>.Shared.Rent(Math.Max(2, 2 * (n / MinPassageSeeds + 1)));
            int chains = Chainer.Chain(seeds.AsSpan(0, n), chained, chainBounds, MinPassageSeeds, MinPassageTokens);
            for (int c = 0; c < chains; c++)
            {
                builder.AddPassage(chained.AsSpan(chainBounds[2 * c], chainBounds[2 * c + 1]));
            }

            return builder.Build();
        }
        finally
        {
            builder.Release();
            ArrayPool<bool>.Shared.Return(functionA);
            RentedArrays.Give(seeds);
            if (chained is not null)
            {
                ArrayPool<Seed>.Shared.Return(chained);
            }

            if (chainBounds is not null)
            {
                ArrayPool<int>.Shared.Return(chainBounds);
            }
        }
    }
}
