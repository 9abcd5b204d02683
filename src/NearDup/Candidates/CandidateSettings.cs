using NearDup.Indexing.Lsh;
using NearDup.Sketches.MinHash;
using NearDup.Verification;

namespace NearDup.Candidates;

/// <summary>What the candidate policy is made of: the two sketches and their LSH bandings, the boilerplate cap of the
/// passage indexes, and the gate. Made once per set of index options.</summary>
/// <remarks>Thread safety: immutable.</remarks>
internal sealed class CandidateSettings
{
    /// <summary>SimHash fingerprints at most this many bits apart make a candidate pair (Manku et al. 2007 use 3 for
    /// web pages).</summary>
    public const int SimHashDistance = 3;

    /// <summary>Derives the settings.</summary>
    /// <param name="wordSketch">Parameters of the word MinHash sketch.</param>
    /// <param name="lshThreshold">Jaccard threshold the word LSH banding is optimised for.</param>
    /// <param name="spinSketch">Parameters of the spin-skeleton MinHash sketch.</param>
    /// <param name="spinLshThreshold">Jaccard threshold the spin LSH banding is optimised for.</param>
    /// <param name="maxPostings">Passage fingerprints held by more documents than this are boilerplate and ignored.</param>
    /// <param name="verification">Verification thresholds, which set the gate's shares.</param>
    /// <param name="minSharedFingerprints">The gate's least count of shared word-passage fingerprints.</param>
    /// <param name="minSharedSpinFingerprints">The gate's least count of shared spin fingerprints.</param>
    public CandidateSettings(
        MinHashParameters wordSketch,
        double lshThreshold,
        MinHashParameters spinSketch,
        double spinLshThreshold,
        int maxPostings,
        VerificationOptions verification,
        int minSharedFingerprints,
        int minSharedSpinFingerprints)
    {
        WordSketch = wordSketch;
        SpinSketch = spinSketch;
        WordBanding = LshParameters.Optimize(lshThreshold, wordSketch.HashCount);
        SpinBanding = LshParameters.Optimize(spinLshThreshold, spinSketch.HashCount);
        MaxPostings = maxPostings;
        MinSharedFingerprints = minSharedFingerprints;
        MinSharedSpinFingerprints = minSharedSpinFingerprints;
        Gate = new CandidateGate(verification, minSharedFingerprints, minSharedSpinFingerprints);
    }

    /// <summary>Parameters of the word MinHash sketch.</summary>
    public MinHashParameters WordSketch { get; }

    /// <summary>The word LSH banding.</summary>
    public LshParameters WordBanding { get; }

    /// <summary>Parameters of the spin-skeleton MinHash sketch.</summary>
    public MinHashParameters SpinSketch { get; }

    /// <summary>The spin LSH banding.</summary>
    public LshParameters SpinBanding { get; }

    /// <summary>Passage fingerprints held by more documents than this are ignored.</summary>
    public int MaxPostings { get; }

    /// <summary>The gate's least count of shared word-passage fingerprints.</summary>
    public int MinSharedFingerprints { get; }

    /// <summary>The gate's least count of shared spin fingerprints.</summary>
    public int MinSharedSpinFingerprints { get; }

    /// <summary>The gate passage candidates go through.</summary>
    public CandidateGate Gate { get; }
}
