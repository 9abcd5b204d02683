using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Hashing;
using NearDup.Indexing.Hamming;
using NearDup.Indexing.Lsh;
using NearDup.Sketches;
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
        ImageFingerprint = FingerprintOf(this);
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

    /// <summary>A hash of every value that shapes the candidate structures or their answers: both sketches' parameters
    /// and bandings, the boilerplate cap, the SimHash distance and block layout, the gate's thresholds and constants, the
    /// band tables' load and growth constants, and probes of the hash functions the structures place entries by. A
    /// candidate image is read only under settings with the same fingerprint (see
    /// <see cref="CandidateIndex.ReadImage"/>), so an image written under other options, or by a build that derived
    /// another banding or hashes otherwise, is rebuilt rather than misread.</summary>
    internal ulong ImageFingerprint { get; }

    private static ulong FingerprintOf(CandidateSettings s)
    {
        // Bump when a structure's in-memory layout changes without changing anything below.
        const ulong StructureLayout = 1;
        (double passageShare, double spinShare, int minPassages, int minSpin) = s.Gate.Thresholds;
        Span<uint> probe = [1, 2, 3, 4, 5, 6, 7, 8];
        var values = new List<ulong>
        {
            StructureLayout,
            (ulong)s.WordSketch.Family, (ulong)s.WordSketch.HashCount, s.WordSketch.Seed, (ulong)s.WordSketch.Shingles.Unit, (ulong)s.WordSketch.Shingles.Size,
            (ulong)s.WordBanding.Bands, (ulong)s.WordBanding.Rows,
            (ulong)s.SpinSketch.Family, (ulong)s.SpinSketch.HashCount, s.SpinSketch.Seed, (ulong)s.SpinSketch.Shingles.Unit, (ulong)s.SpinSketch.Shingles.Size,
            (ulong)s.SpinBanding.Bands, (ulong)s.SpinBanding.Rows,
            (ulong)s.MaxPostings,
            SimHashDistance, (ulong)SimHashIndex.DefaultBlocks(SimHashDistance),
            BitConverter.DoubleToUInt64Bits(passageShare), BitConverter.DoubleToUInt64Bits(spinShare), (ulong)minPassages, (ulong)minSpin,
            CandidateGate.MinSharedPairs, BitConverter.DoubleToUInt64Bits(CandidateGate.PairShare),
            BandTable.HeavyRun, BitConverter.DoubleToUInt64Bits(BandTable.MaxLoad), BitConverter.DoubleToUInt64Bits(BandTable.GrowthFactor),
            MinHashLshIndex.Fingerprint(probe, band: 1, rows: 4),
            Mixing.Mix64(1),
        };
        var bytes = new byte[values.Count * sizeof(ulong)];
        for (int i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), values[i]);
        }

        return XxHash64.HashToUInt64(bytes);
    }
}
