using System.Collections.Generic;

namespace NearDup.Verification;

/// <summary>Everything the verifier found about a pair, whether or not it is a copy.</summary>
/// <param name="Verdict">The verdict, or null when the pair is not a copy of any kind.</param>
/// <param name="Figures">The shingle measurements.</param>
/// <param name="Alignment">The word alignment.</param>
/// <param name="Proposed">Whether the candidate search proposes the pair: compared within a collection that holds both
/// (<c>explain --context</c>), whether a scan of that collection verifies it and would report the verdict; otherwise
/// whether a scan of the two, or a query of one against an index holding the other, does. A pair it does not propose is
/// never flagged, whatever the verifier says (see also <see cref="ProposedByWordPairsOnly"/>).</param>
/// <remarks>Thread safety: immutable.</remarks>
public sealed record PairExplanation(PairVerdict? Verdict, PairFigures Figures, SpinAlignment Alignment, bool Proposed = true)
{
    /// <summary>When the pair is not a copy although its shared text makes it one by the shingle measures, the rule that
    /// set that verdict aside; otherwise <see cref="Overruling.None"/>.</summary>
    public Overruling Overruled { get; init; }

    /// <summary>Whether only the word pairs propose the pair: a rewrite that keeps neither word 5-grams nor a skeleton
    /// is found that way, and a pair only they propose is verified for a spun verdict alone (any other kind of it is
    /// not reported, and <see cref="Proposed"/> is false for it).</summary>
    public bool ProposedByWordPairsOnly { get; init; }

    /// <summary>For each passage of <see cref="Alignment"/>, in its order, how many other documents of the collection
    /// hold its text (the median over the word 5-grams of A the passage spans, from the weights the verdict used); null
    /// when the pair was compared without a collection.</summary>
    /// <remarks>What a reader needs to tell a footer, a licence or a template's frame (held by many) from a passage one
    /// document copied from the other (held by the pair alone, or by the pair and its copies), as the verdict did.
    /// "Other" excludes A and B when they are among the collection's documents.</remarks>
    public IReadOnlyList<int>? PassageHolders { get; init; }

    /// <summary>When <see cref="Overruled"/> is <see cref="Overruling.OtherLanguage"/>, the words that tell the two
    /// languages apart: those of A's most used function words that B never uses, and those of B's that A never uses (lower
    /// case, as each text writes them; a list learned from a collection may hold a language's commonest content words
    /// too); otherwise both empty.</summary>
    public (IReadOnlyList<string> OfA, IReadOnlyList<string> OfB) LanguageWords { get; init; } = ([], []);
}
