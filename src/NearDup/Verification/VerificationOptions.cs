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
    /// <param name="minSpinRate">Share of aligned words replaced by other words (not typos) from which a copy is spun. Default 0.03.</param>
    /// <param name="minSpinSubstitutions">Least number of replacements a spun pair shows. Default 3.</param>
    /// <param name="minSpunCoverage">Share of either document that aligned passages running in the same order in both must cover for spun. Default 0.25.</param>
    /// <param name="minSpunAlignedTokens">Least number of A's tokens inside aligned passages for spun. Default 40.</param>
    /// <param name="minSpunMatchRate">Least share of aligned words kept unchanged for spun; below it the alignment is chance. Default 0.45.</param>
    /// <param name="minSpunDensity">Least share of the stretch between the first and last ordered passage that passages fill, on both sides, for spun. Default 0.35.</param>
    /// <param name="minSpunContentMatchRate">Least share of aligned words other than function words kept unchanged for spun. Default 0.15.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public VerificationOptions(
        double nearDuplicateCoverage = 0.8,
        double containedCoverage = 0.8,
        double minPassageShare = 0.15,
        int minPassageShingles = 10,
        int passageGap = 0,
        double minSpinRate = 0.03,
        int minSpinSubstitutions = 3,
        double minSpunCoverage = 0.25,
        int minSpunAlignedTokens = 40,
        double minSpunMatchRate = 0.45,
        double minSpunContentMatchRate = 0.15,
        double minSpunDensity = 0.35)
    {
        Guard.InRange(minSpunDensity, 0.0, 1);
        MinSpunDensity = minSpunDensity;
        Guard.InRange(minSpunContentMatchRate, 0.0, 1);
        MinSpunContentMatchRate = minSpunContentMatchRate;
        Guard.InRange(minSpinRate, 0.0, 1);
        Guard.InRange(minSpinSubstitutions, 1, 100_000);
        Guard.InRange(minSpunCoverage, 0.01, 1);
        Guard.InRange(minSpunAlignedTokens, 1, 1_000_000);
        Guard.InRange(minSpunMatchRate, 0.0, 1);
        MinSpinRate = minSpinRate;
        MinSpinSubstitutions = minSpinSubstitutions;
        MinSpunCoverage = minSpunCoverage;
        MinSpunAlignedTokens = minSpunAlignedTokens;
        MinSpunMatchRate = minSpunMatchRate;
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

    /// <summary>Share of aligned words replaced by other words from which a copy is spun.</summary>
    /// <remarks>
    /// A spinner at its lightest setting changes about 5% of all words; a careful human edit of a copy changes a
    /// sentence or two, well under 3% of its words, and typos are excluded as spelling edits.
    /// </remarks>
    public double MinSpinRate { get; }

    /// <summary>Least number of replacements a spun pair shows.</summary>
    public int MinSpinSubstitutions { get; }

    /// <summary>Share of either document the aligned passages must cover for spun.</summary>
    public double MinSpunCoverage { get; }

    /// <summary>Least number of A tokens inside aligned passages for spun.</summary>
    public int MinSpunAlignedTokens { get; }

    /// <summary>Least share of the stretch from the first to the last ordered passage that the passages fill, for spun.</summary>
    /// <remarks>Half leaves room for a spinner that shuffles sentences inside paragraphs or drops some; scattered
    /// stock sentences shared by two unrelated texts fill far less.</remarks>
    public double MinSpunDensity { get; }

    /// <summary>Least share of aligned non-function words kept unchanged for spun.</summary>
    /// <remarks>Even a spinner that changes 40% of all words keeps a third or more of the other words (names, numbers,
    /// words without a synonym); two texts that share only a function-word pattern keep none of them.</remarks>
    public double MinSpunContentMatchRate { get; }

    /// <summary>Least share of aligned words kept unchanged for spun.</summary>
    /// <remarks>A spinner that changes 40% of words keeps 60%; two unrelated texts align only in short stretches of
    /// function words and shared names, far below half.</remarks>
    public double MinSpunMatchRate { get; }
}
