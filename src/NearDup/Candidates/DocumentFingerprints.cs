using System.Collections.Generic;
using NearDup.Analysis;
using NearDup.Sketches.MinHash;

namespace NearDup.Candidates;

/// <summary>What the candidate structures index of one document, and what a lookup reads of a query: its exact hash,
/// SimHash, both MinHash sketches, both sets of winnowed fingerprints and its word-pair fingerprints.</summary>
/// <param name="ExactHash">Hash of the normalised text.</param>
/// <param name="SimHash">The SimHash fingerprint.</param>
/// <param name="MinHash">The word MinHash sketch.</param>
/// <param name="SpinSketch">The spin-skeleton MinHash sketch.</param>
/// <param name="Passages">The distinct winnowed word-passage fingerprints.</param>
/// <param name="SpinPassages">The distinct winnowed spin-skeleton fingerprints.</param>
/// <param name="Pairs">The distinct kept word-pair fingerprints.</param>
/// <remarks>Thread safety: immutable (the arrays are shared, not copied, and nobody writes them).</remarks>
internal readonly record struct DocumentFingerprints(
    ulong ExactHash,
    ulong SimHash,
    MinHashSketch MinHash,
    MinHashSketch SpinSketch,
    ulong[] Passages,
    ulong[] SpinPassages,
    ulong[] Pairs)
{
    /// <summary>The fingerprints of an analysed document (its arrays, not copies).</summary>
    /// <param name="document">The document.</param>
    /// <returns>Its fingerprints.</returns>
    public static DocumentFingerprints Of(AnalyzedDocument document) =>
        new(
            document.ExactHash,
            document.SimHash,
            document.MinHash,
            document.SpinSketch,
            AsArray(document.PassageFingerprints),
            AsArray(document.SpinFingerprints),
            AsArray(document.PairFingerprints));

    private static ulong[] AsArray(IReadOnlyList<ulong> values) => values as ulong[] ?? [.. values];
}
