using System;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Indexing.Lsh;
using NearDup.Internal;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>Options of an index and of a scan: how documents are analysed, which pairs become candidates, and the verdict thresholds.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class IndexOptions
{
    private CandidateSettings? _candidateSettings;

    /// <summary>The defaults.</summary>
    public static IndexOptions Default { get; } = new();

    /// <summary>Creates index options.</summary>
    /// <param name="analysis">Analysis options; default <see cref="AnalysisOptions.Default"/>.</param>
    /// <param name="verification">Verification thresholds; default <see cref="VerificationOptions.Default"/>.</param>
    /// <param name="lshThreshold">Jaccard threshold the MinHash LSH banding is optimised for. Default 0.5.</param>
    /// <param name="minSharedFingerprints">Passage fingerprints two documents must share to be compared. Default 2.</param>
    /// <param name="maxPostings">Passage fingerprints held by more documents than this are boilerplate and ignored. Default 64.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; 0 for one per core. Default 0.</param>
    /// <param name="spinLshThreshold">Jaccard threshold (on skeleton n-grams) the spin fingerprint's LSH banding is optimised for. Default 0.5.</param>
    /// <param name="minSharedSpinFingerprints">Winnowed skeleton n-grams two documents must share to be compared for spinning. Default 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public IndexOptions(
        AnalysisOptions? analysis = null,
        VerificationOptions? verification = null,
        double lshThreshold = 0.5,
        int minSharedFingerprints = 2,
        int maxPostings = 64,
        int maxDegreeOfParallelism = 0,
        double spinLshThreshold = 0.5,
        int minSharedSpinFingerprints = 5)
    {
        Guard.InRange(spinLshThreshold, 0.01, 0.99);
        Guard.InRange(minSharedSpinFingerprints, 1, 1000);
        SpinLshThreshold = spinLshThreshold;
        MinSharedSpinFingerprints = minSharedSpinFingerprints;
        Guard.InRange(lshThreshold, 0.01, 0.99);
        Guard.InRange(minSharedFingerprints, 1, 1000);
        Guard.InRange(maxPostings, 2, 1_000_000);
        Guard.InRange(maxDegreeOfParallelism, 0, 1024);
        Analysis = analysis ?? AnalysisOptions.Default;
        Verification = verification ?? VerificationOptions.Default;
        LshThreshold = lshThreshold;
        MinSharedFingerprints = minSharedFingerprints;
        MaxPostings = maxPostings;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>These options with function words learned from a collection (<see cref="AnalysisOptions.WithLearnedFunctionWords"/>);
    /// every other option the same.</summary>
    /// <param name="learned">The learned words; an empty set for none.</param>
    /// <returns>The options.</returns>
    public IndexOptions WithLearnedFunctionWords(FunctionWords learned) =>
        new(Analysis.WithLearnedFunctionWords(learned), Verification, LshThreshold, MinSharedFingerprints, MaxPostings, MaxDegreeOfParallelism, SpinLshThreshold, MinSharedSpinFingerprints);

    /// <summary>Analysis options.</summary>
    public AnalysisOptions Analysis { get; }

    /// <summary>Verification thresholds.</summary>
    public VerificationOptions Verification { get; }

    /// <summary>Jaccard threshold of the MinHash LSH banding.</summary>
    public double LshThreshold { get; }

    /// <summary>Passage fingerprints two documents must share to be compared.</summary>
    public int MinSharedFingerprints { get; }

    /// <summary>Passage fingerprints held by more documents than this are ignored.</summary>
    public int MaxPostings { get; }

    /// <summary>Jaccard threshold of the spin fingerprint's LSH banding.</summary>
    /// <remarks>Whole spun copies share 35–95% of their skeleton 7-grams on our development texts, unrelated texts
    /// under 3%. The banding for 0.5 (more rows per band) keeps chance candidates rare as collections grow: at 0.3
    /// (3 rows per band) formulaic sentences made the candidates grow almost quadratically on a generated corpus.
    /// Harsher, cut or wrapped spun copies, whose skeleton Jaccard falls below it, are found by the shared winnowed
    /// skeleton n-grams instead.</remarks>
    public double SpinLshThreshold { get; }

    /// <summary>Winnowed skeleton n-grams two documents must share to be compared for spinning.</summary>
    public int MinSharedSpinFingerprints { get; }

    /// <summary>Threads to use; 0 for one per core.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>The LSH banding (bands × rows) of the word sketch, optimised for <see cref="LshThreshold"/>.</summary>
    public LshParameters Banding => CandidateSettings.WordBanding;

    /// <summary>The LSH banding (bands × rows) of the spin sketch, optimised for <see cref="SpinLshThreshold"/>.</summary>
    public LshParameters SpinBanding => CandidateSettings.SpinBanding;

    /// <summary>The candidate policy's settings derived from these options (bandings optimised once).</summary>
    internal CandidateSettings CandidateSettings =>
        _candidateSettings ??= new CandidateSettings(Analysis.MinHash, LshThreshold, Analysis.SpinSketch, SpinLshThreshold, MaxPostings, Verification, MinSharedFingerprints, MinSharedSpinFingerprints);

    /// <summary>The verifier these options make: the verification thresholds, and an aligner that counts content words
    /// with the function words the spin skeleton was made with.</summary>
    /// <returns>A new verifier.</returns>
    internal PairVerifier CreateVerifier() =>
        new(Analysis.ShingleSize, Verification, new SpinAligner(Analysis.FunctionWords), Analysis.WinnowingWindow);

    /// <summary>The verifier of pairs in which a document is in another language than the function words'
    /// (<see cref="AnalysisOptions.LearnedFunctionWords"/>): an aligner that counts content words with the learned
    /// function words too; null without learned ones.</summary>
    /// <returns>A new verifier, or null.</returns>
    internal PairVerifier? CreateLearnedVerifier() => Analysis.CombinedFunctionWords is { } combined
        ? new(Analysis.ShingleSize, Verification, new SpinAligner(combined), Analysis.WinnowingWindow)
        : null;

    /// <summary>Threads actually used: <see cref="MaxDegreeOfParallelism"/>, or the number of cores when it is 0.</summary>
    public int Threads => MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;
}
