namespace NearDup.Verification;

/// <summary>Exact measurements of a document pair on their real shingle sets.</summary>
/// <param name="Jaccard">Exact Jaccard similarity of the shingle sets.</param>
/// <param name="ContainmentAInB">|A ∩ B| / |A| on shingle sets.</param>
/// <param name="ContainmentBInA">|A ∩ B| / |B| on shingle sets.</param>
/// <param name="CoverageA">Share of A's content tokens inside shared passages.</param>
/// <param name="CoverageB">Share of B's content tokens inside shared passages.</param>
/// <param name="LongestPassageShareA">Share of A's content tokens in its longest shared passage.</param>
/// <param name="LongestPassageShareB">Share of B's content tokens in its longest shared passage.</param>
/// <param name="SimHashDistance">Hamming distance of the SimHash fingerprints.</param>
/// <remarks>Thread safety: immutable.</remarks>
public readonly record struct PairFigures(
    double Jaccard,
    double ContainmentAInB,
    double ContainmentBInA,
    double CoverageA,
    double CoverageB,
    double LongestPassageShareA,
    double LongestPassageShareB,
    int SimHashDistance);
