namespace NearDup.Verification;

/// <summary>Everything the verifier found about a pair, whether or not it is a copy.</summary>
/// <param name="Verdict">The verdict, or null when the pair is not a copy of any kind.</param>
/// <param name="Figures">The shingle measurements.</param>
/// <param name="Alignment">The word alignment.</param>
/// <param name="Proposed">Whether the candidate search proposes the pair (a scan of the two, or a query of one against
/// an index holding the other, verifies it); a pair it does not propose is never flagged, whatever the verifier says.</param>
/// <remarks>Thread safety: immutable.</remarks>
public sealed record PairExplanation(PairVerdict? Verdict, PairFigures Figures, SpinAlignment Alignment, bool Proposed = true)
{
    /// <summary>When the pair is not a copy although its shared text makes it one by the shingle measures, the rule that
    /// set that verdict aside; otherwise <see cref="Overruling.None"/>.</summary>
    public Overruling Overruled { get; init; }
}
