using System.Runtime.CompilerServices;
using NearDup.Analysis;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>The verifiers of an engine: one with the options' function words, and, when the options hold function words
/// learned from a collection (<see cref="AnalysisOptions.LearnedFunctionWords"/>), one with both, for the pairs in which
/// a document is in another language than the known words' (<see cref="FunctionWordLearner.IsUncovered"/>), as its
/// analysis was.</summary>
/// <remarks>Thread safety: as <see cref="PairVerifier"/>, safe for concurrent use.</remarks>
internal sealed class LanguageVerifiers
{
    private readonly PairVerifier _known;
    private readonly PairVerifier? _learned;
    private readonly AnalysisOptions _analysis;

    /// <summary>Makes the verifiers of <paramref name="options"/>.</summary>
    /// <param name="options">The engine's options.</param>
    public LanguageVerifiers(IndexOptions options)
    {
        _known = options.CreateVerifier();
        _learned = options.CreateLearnedVerifier();
        _analysis = options.Analysis;
        _decide = d => new StrongBox<bool>(FunctionWordLearner.IsUncovered(d.Text, d.ContentTokens, _analysis.FunctionWords));
    }

    /// <summary>The verifier of a pair.</summary>
    /// <param name="a">One document.</param>
    /// <param name="b">The other.</param>
    /// <returns>The verifier with the learned function words when either document is in another language than the
    /// known words', else the one without.</returns>
    public PairVerifier For(IVerifiableDocument a, IVerifiableDocument b) =>
        _learned is not null && (InOtherLanguage(a) || InOtherLanguage(b)) ? _learned : _known;

    // Whether a document is in another language, worked out once per document (a scan verifies one in many pairs); only
    // with learned words (For asks nothing without them).
    private readonly ConditionalWeakTable<IVerifiableDocument, StrongBox<bool>> _otherLanguage = new();
    private readonly ConditionalWeakTable<IVerifiableDocument, StrongBox<bool>>.CreateValueCallback _decide;

    private bool InOtherLanguage(IVerifiableDocument document) => _otherLanguage.GetValue(document, _decide).Value;
}
