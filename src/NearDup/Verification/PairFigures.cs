namespace NearDup.Verification;

/// <summary>Exact measurements of a document pair on their real shingle sets.</summary>
/// <param name="Jaccard">Exact Jaccard similarity of the shingle sets.</param>
/// <param name="ContainmentAInB">|A ∩ B| / |A| on shingle sets.</param>
/// <param name="ContainmentBInA">|A ∩ B| / |B| on shingle sets.</param>
/// <param name="CoverageA">Share of A's content tokens under the shared shingles of its shared passages.</param>
/// <param name="CoverageB">Share of B's content tokens under the shared shingles of its shared passages.</param>
/// <param name="LongestPassageShareA">Share of A's content tokens under the shared shingles of its longest shared passage.</param>
/// <param name="LongestPassageShareB">Share of B's content tokens under the shared shingles of its longest shared passage.</param>
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
    int SimHashDistance)
{
    /// <summary>As <see cref="CoverageA"/>, with each token weighed by how distinctive it is in the collection the pair
    /// comes from (1 for text only the pair holds, 1 / (1 + n) for text n other documents hold); equal to
    /// <see cref="CoverageA"/> when the pair is verified without a collection.</summary>
    public double DistinctiveCoverageA { get; init; } = CoverageA;

    /// <summary>As <see cref="DistinctiveCoverageA"/>, for B.</summary>
    public double DistinctiveCoverageB { get; init; } = CoverageB;

    /// <summary>As <see cref="LongestPassageShareA"/>, weighed as <see cref="DistinctiveCoverageA"/> is.</summary>
    public double DistinctiveLongestShareA { get; init; } = LongestPassageShareA;

    /// <summary>As <see cref="LongestPassageShareB"/>, weighed as <see cref="DistinctiveCoverageA"/> is.</summary>
    public double DistinctiveLongestShareB { get; init; } = LongestPassageShareB;

    /// <summary>A's whole weight in words: its word count, less what other documents of the collection hold too.</summary>
    internal double DistinctiveWordsA { get; init; } = double.PositiveInfinity;

    /// <summary>As <see cref="DistinctiveWordsA"/>, for B.</summary>
    internal double DistinctiveWordsB { get; init; } = double.PositiveInfinity;
}
