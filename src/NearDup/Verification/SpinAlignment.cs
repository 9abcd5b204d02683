using System.Collections.Generic;

namespace NearDup.Verification;

/// <summary>A word alignment of two documents: passages matched in order, with the substitutions inside them.</summary>
/// <remarks>
/// Rates are shares of A's aligned tokens. <see cref="SubstitutionRate"/> counts only replacements by different words
/// (not spelling edits). Thread safety: immutable.
/// </remarks>
public sealed class SpinAlignment
{
    internal SpinAlignment(
        IReadOnlyList<AlignedPassage> passages,
        IReadOnlyList<Substitution> substitutions,
        IReadOnlyList<AlignmentEdit> edits,
        double coverageA,
        double coverageB,
        int alignedTokensA,
        int matchedTokens,
        int substitutedTokensA,
        int editedTokensA,
        int insertedTokens,
        int deletedTokens,
        int alignedContentTokensA,
        int matchedContentTokens,
        double orderedCoverageA,
        double orderedCoverageB,
        double orderedDensity,
        int rewordedTokensA,
        double rewordingSpread)
    {
        RewordedTokensA = rewordedTokensA;
        RewordingSpread = rewordingSpread;
        OrderedDensity = orderedDensity;
        OrderedCoverageA = orderedCoverageA;
        OrderedCoverageB = orderedCoverageB;
        AlignedContentTokensA = alignedContentTokensA;
        MatchedContentTokens = matchedContentTokens;
        Passages = passages;
        Substitutions = substitutions;
        Edits = edits;
        CoverageA = coverageA;
        CoverageB = coverageB;
        AlignedTokensA = alignedTokensA;
        MatchedTokens = matchedTokens;
        SubstitutedTokensA = substitutedTokensA;
        EditedTokensA = editedTokensA;
        InsertedTokens = insertedTokens;
        DeletedTokens = deletedTokens;
    }

    /// <summary>An alignment of sentences rather than words: the runs of sentences a rewrite found by its sentences
    /// matched (<see cref="PairVerdict.BySentences"/>), with no word substitutions or edits, so that an explanation shows
    /// the matched sentences side by side.</summary>
    /// <param name="passages">The runs of matched sentences.</param>
    /// <param name="coverageA">Share of A's content-word weight in them.</param>
    /// <param name="coverageB">The same for B.</param>
    /// <returns>The alignment.</returns>
    internal static SpinAlignment OfSentences(IReadOnlyList<AlignedPassage> passages, double coverageA, double coverageB)
    {
        int tokensA = 0;
        foreach (AlignedPassage p in passages)
        {
            tokensA += p.ATokens;
        }

        return new SpinAlignment(passages, [], [], coverageA, coverageB, tokensA, 0, 0, 0, 0, 0, 0, 0, coverageA, coverageB, 0, 0, 0);
    }

    /// <summary>The longest run of A's tokens inside one passage matched one for one with B's, with no edit among or
    /// between them (a substituted, spelling-edited, added or dropped word ends a run): the longest verbatim stretch.</summary>
    public int LongestMatchRun { get; internal init; }

    /// <summary>The aligned passages, longest first.</summary>
    public IReadOnlyList<AlignedPassage> Passages { get; }

    /// <summary>Distinct substitutions, most frequent first.</summary>
    public IReadOnlyList<Substitution> Substitutions { get; }

    /// <summary>Every edit inside the passages, in A's text order, with character ranges in both texts.</summary>
    public IReadOnlyList<AlignmentEdit> Edits { get; }

    /// <summary>Share of A's content tokens inside aligned passages.</summary>
    public double CoverageA { get; }

    /// <summary>Share of B's content tokens inside aligned passages.</summary>
    public double CoverageB { get; }

    /// <summary>A's content tokens inside aligned passages.</summary>
    public int AlignedTokensA { get; }

    /// <summary>Tokens equal on both sides inside the passages.</summary>
    public int MatchedTokens { get; }

    /// <summary>A's tokens replaced by different words.</summary>
    public int SubstitutedTokensA { get; }

    /// <summary>A's tokens replaced by spelling edits of themselves.</summary>
    public int EditedTokensA { get; }

    /// <summary>Tokens B adds inside passages.</summary>
    public int InsertedTokens { get; }

    /// <summary>Tokens of A that B drops inside passages.</summary>
    public int DeletedTokens { get; }

    /// <summary>Share of A's content tokens inside the heaviest chain of passages that runs forward in both documents.</summary>
    /// <remarks>A spun copy keeps the order of its source (within a paragraph a spinner may shuffle sentences, which
    /// costs a passage or two); passages that two unrelated texts share by chance come in any order.</remarks>
    public double OrderedCoverageA { get; }

    /// <summary>Share of B's content tokens inside the heaviest chain of passages that runs forward in both documents.</summary>
    public double OrderedCoverageB { get; }

    /// <summary>How densely the ordered chain of passages fills the stretch it spans, on the sparser side (0..1).</summary>
    /// <remarks>A spun copy or excerpt is aligned end to end, so its chain fills its stretch (less what reordering or
    /// dropped sentences cost); formulaic sentences that two texts share by chance are scattered through both.</remarks>
    public double OrderedDensity { get; }

    /// <summary>A's aligned tokens that are not function words.</summary>
    public int AlignedContentTokensA { get; }

    /// <summary>Matched tokens that are not function words.</summary>
    public int MatchedContentTokens { get; }

    /// <summary>Share of A's aligned non-function words kept unchanged.</summary>
    /// <remarks>A spinner keeps names, numbers and the many words it has no synonym for; two texts that only share a
    /// function-word pattern keep none.</remarks>
    public double ContentMatchRate => AlignedContentTokensA == 0 ? 0 : (double)MatchedContentTokens / AlignedContentTokensA;

    /// <summary>A's aligned tokens replaced by rewordings (see <see cref="SubstitutionClass.Rewording"/>), each replacement
    /// counted at most twice: a template's slot filled the same way many times is one fill, not many rewordings.</summary>
    public int RewordedTokensA { get; }

    /// <summary>Share of A's aligned tokens replaced by rewordings (see <see cref="RewordedTokensA"/>).</summary>
    public double RewordingRate => AlignedTokensA == 0 ? 0 : (double)RewordedTokensA / AlignedTokensA;

    /// <summary>How much of the aligned text is reworded: the share of runs of 20 of A's aligned tokens in which a
    /// rewording starts.</summary>
    /// <remarks>A spinner or a rewriter changes words all through a text; two texts written from one template differ
    /// in a few fields and agree everywhere else.</remarks>
    public double RewordingSpread { get; }

    /// <summary>A's aligned tokens replaced by rewordings or by grammar changes (see
    /// <see cref="SubstitutionClass.Grammar"/>), each replacement counted at most twice: what <see cref="RewordedTokensA"/>
    /// would be if function words counted as ordinary words.</summary>
    internal int RevisedTokensA { get; init; }

    /// <summary>Share of A's aligned tokens replaced by rewordings or grammar changes (see <see cref="RevisedTokensA"/>).</summary>
    internal double RevisionRate => AlignedTokensA == 0 ? 0 : (double)RevisedTokensA / AlignedTokensA;

    /// <summary>The <see cref="RewordingSpread"/> of rewordings and grammar changes together.</summary>
    internal double RevisionSpread { get; init; }

    /// <summary>Share of A's aligned tokens replaced by different words.</summary>
    public double SubstitutionRate => AlignedTokensA == 0 ? 0 : (double)SubstitutedTokensA / AlignedTokensA;

    /// <summary>Share of A's aligned tokens that B keeps unchanged.</summary>
    public double MatchRate => AlignedTokensA == 0 ? 0 : (double)MatchedTokens / AlignedTokensA;
}
