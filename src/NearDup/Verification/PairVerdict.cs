using System;
using System.Collections.Generic;

namespace NearDup.Verification;

/// <summary>The verified relation between two documents, with the figures it rests on.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class PairVerdict
{
    /// <summary>Creates a verdict.</summary>
    /// <param name="a">Id of the first document.</param>
    /// <param name="b">Id of the second document.</param>
    /// <param name="kind">The relation.</param>
    /// <param name="score">Strength of the relation in [0, 1] (see <see cref="Score"/>).</param>
    /// <param name="figures">The measurements.</param>
    /// <param name="passages">Aligned passages.</param>
    /// <param name="alignment">The word alignment, when one was made.</param>
    public PairVerdict(string a, string b, MatchKind kind, double score, PairFigures figures, IReadOnlyList<AlignedPassage> passages, SpinAlignment? alignment = null)
    {
        Alignment = alignment;
        A = a;
        B = b;
        Kind = kind;
        Score = score;
        Figures = figures;
        Passages = passages;
    }

    /// <summary>Id of the first document.</summary>
    public string A { get; }

    /// <summary>Id of the second document.</summary>
    public string B { get; }

    /// <summary>The relation.</summary>
    public MatchKind Kind { get; }

    /// <summary>
    /// Strength in [0, 1]: 1 for exact; the smaller coverage for near-duplicates; the contained side's coverage (or
    /// passage share) for contained pairs.
    /// </summary>
    public double Score { get; }

    /// <summary>The measurements behind the verdict.</summary>
    public PairFigures Figures { get; }

    /// <summary>The word alignment with its substitutions, when one was made (always for <see cref="MatchKind.Spun"/>, but
    /// for a rewrite found by its sentences: <see cref="BySentences"/>).</summary>
    public SpinAlignment? Alignment { get; }

    /// <summary>Aligned passages, longest first.</summary>
    public IReadOnlyList<AlignedPassage> Passages { get; }

    /// <summary>The text of A the verdict was made on, which <see cref="Passages"/>' offsets point into; null for a
    /// verdict made outside a <see cref="PairVerifier"/>. Lets a consumer turn the UTF-16 offsets into code points or
    /// UTF-8 bytes (<see cref="Text.TextOffsets"/>).</summary>
    public string? TextA { get; internal set; }

    /// <summary>The same for B.</summary>
    public string? TextB { get; internal set; }

    /// <summary>Whether the verdict rests on sentences matched by their content words (a rewrite that restructured every
    /// sentence: see <see cref="PairVerifier.IsRewrittenBySentences"/>); its <see cref="Passages"/> are then runs of
    /// matched sentences.</summary>
    public bool BySentences { get; internal init; }

    /// <summary>For <see cref="MatchKind.Contained"/>: whether the excerpt is reworded, its alignment the shape of a spun
    /// copy's (many ordinary words replaced, in order) over less than half of either text (see
    /// <see cref="PairVerifier.MinSpunExcerptShare"/>); its <see cref="Passages"/> are then the alignment's.</summary>
    public bool Reworded { get; internal init; }

    /// <summary>For <see cref="MatchKind.Contained"/>: whether what the pair shares is text many other documents of the
    /// collection hold too, so that it weighs fewer distinctive words than an excerpt needs, but is at least half of the
    /// contained document's own distinctive text: a text mailed or posted many times, of which the pair
    /// holds two copies (a campaign's ad, one mailing mostly that ad). <see cref="AInsideB"/> names that document.</summary>
    public bool WidelyHeld { get; internal init; }

    /// <summary>For <see cref="MatchKind.NearDuplicate"/>: whether the pair is one only by its distinctive text: at least
    /// 0.8 of each side's is shared, and what a side has besides is text the collection holds widely (see
    /// <see cref="PairVerifier.MaxAddedTextWeight"/>: a list's footer added to one mailing of a campaign, a site's
    /// chrome around an article it carries). Its plain coverages may then be well under 0.8; the score is the smaller
    /// distinctive coverage.</summary>
    public bool ByDistinctiveText { get; internal init; }

    /// <summary>For a verdict <see cref="BySentences"/>: the share of A's and of B's content-word weight in the matched
    /// sentences, of each whole text (the score is the smaller, but for a rewrite inside a stretch of the other text: see
    /// <see cref="RewriteAInsideB"/>).</summary>
    internal (double A, double B) SentenceCoverage { get; init; }

    /// <summary>For a verdict <see cref="BySentences"/>: null when the matched sentences cover both texts as a whole;
    /// true when A is rewritten inside a stretch of the longer B (a rewrite embedded in other text: the matched sentences
    /// cover A as a whole and fill the stretch of B between the first and the last of them), false when B is inside a
    /// stretch of A. The score is then the smaller of the shorter text's coverage and the stretch's.</summary>
    public bool? RewriteAInsideB { get; internal init; }

    /// <summary>For <see cref="MatchKind.Contained"/>: whether A is the more covered side, that is A, or a passage of A,
    /// stands inside B (otherwise B, or a passage of B, inside A).</summary>
    /// <remarks>Of a <see cref="Reworded"/> excerpt, by its alignment's coverages. Otherwise covered as the verdict weighs it: by the distinctive coverages (text the collection holds counts less)
    /// when they differ by <see cref="InsideMargin"/> or more, by the plain coverages otherwise (two replies quoting the
    /// same lines, each about a quarter covered either way). A message quoted whole in a reply, both carrying the list's
    /// footer, is the less covered side word for word (the reply's footer is shared too), but the message is the one
    /// inside the reply, as its distinctive coverage says. Of a <see cref="WidelyHeld"/> verdict, always by the distinctive
    /// coverages: the side most of whose own text the other holds is the one inside.</remarks>
    public bool AInsideB => Reworded && Alignment is { } aligned
        ? aligned.CoverageA > aligned.CoverageB // a reworded excerpt's shingles may share nothing: its alignment tells
        : WidelyHeld || Math.Abs(Figures.DistinctiveCoverageA - Figures.DistinctiveCoverageB) >= InsideMargin
            ? Figures.DistinctiveCoverageA > Figures.DistinctiveCoverageB
            : Figures.CoverageA > Figures.CoverageB;

    /// <summary>How much more of one side's distinctive text must be covered for it to be the one inside (see
    /// <see cref="AInsideB"/>).</summary>
    public const double InsideMargin = 0.05;
}
