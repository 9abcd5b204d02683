using System;
using NearDup.Internal;

namespace NearDup.Verification;

/// <summary>Thresholds that turn pair measurements into verdicts.</summary>
/// <remarks>
/// Coverage is the share of a document's content tokens that lie in passages it shares with the other document, where
/// a passage is a run of shared shingles with holes no longer than <see cref="PassageGap"/> shingles (one edited word
/// removes k shingles, so a typo leaves a hole of k). Thread safety: immutable.
/// </remarks>
public sealed class VerificationOptions
{
    /// <summary>The defaults.</summary>
    public static VerificationOptions Default { get; } = new();

    /// <summary>Creates verification options.</summary>
    /// <param name="nearDuplicateCoverage">Both documents covered at least this much: near-duplicate. Default 0.8.</param>
    /// <param name="containedCoverage">One document covered at least this much (and the other less than <paramref name="nearDuplicateCoverage"/>): contained. Default 0.8.</param>
    /// <param name="minPassageShare">A single passage of at least this share of either document: contained excerpt. Default 0.15.</param>
    /// <param name="minPassageShingles">Shared shingles a passage needs to count at all; keeps stock phrases out. Default 10.</param>
    /// <param name="passageGap">Longest hole, in shingles, inside a passage; 0 for the shingle size times 2. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public VerificationOptions(
        double nearDuplicateCoverage = 0.8,
        double containedCoverage = 0.8,
        double minPassageShare = 0.15,
        int minPassageShingles = 10,
        int passageGap = 0)
    {
        Guard.InRange(nearDuplicateCoverage, 0.01, 1);
        Guard.InRange(containedCoverage, 0.01, 1);
        Guard.InRange(minPassageShare, 0.01, 1);
        Guard.InRange(minPassageShingles, 1, 100_000);
        Guard.InRange(passageGap, 0, 1000);
        NearDuplicateCoverage = nearDuplicateCoverage;
        ContainedCoverage = containedCoverage;
        MinPassageShare = minPassageShare;
        MinPassageShingles = minPassageShingles;
        PassageGap = passageGap;
    }

    /// <summary>Both documents covered at least this much: near-duplicate.</summary>
    public double NearDuplicateCoverage { get; }

    /// <summary>One document covered at least this much: contained.</summary>
    public double ContainedCoverage { get; }

    /// <summary>One passage of at least this share of either document: contained excerpt.</summary>
    public double MinPassageShare { get; }

    /// <summary>Shared shingles a passage needs.</summary>
    public int MinPassageShingles { get; }

    /// <summary>Longest hole inside a passage, in shingles; 0 means twice the shingle size.</summary>
    public int PassageGap { get; }
}
