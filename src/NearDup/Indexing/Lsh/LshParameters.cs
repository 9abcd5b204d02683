using System;
using MathNet.Numerics;
using NearDup.Internal;

namespace NearDup.Indexing.Lsh;

/// <summary>The banding of a MinHash LSH index: <see cref="Bands"/> bands of <see cref="Rows"/> values each.</summary>
/// <remarks>
/// <para>
/// Two sets of Jaccard similarity s share at least one band with probability P(s) = 1 − (1 − s^r)^b, an S-curve whose
/// steepest point sits near (1/b)^(1/r). <see cref="Optimize"/> picks (b, r) with b·r ≤ k that minimises the weighted
/// false-positive area ∫₀ᵗ P(s) ds plus the false-negative area ∫ₜ¹ 1 − P(s) ds, integrated numerically with
/// MathNet.Numerics (the same criterion as datasketch's MinHashLSH, computed here with adaptive quadrature).
/// </para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
public sealed class LshParameters : IEquatable<LshParameters>
{
    /// <summary>Creates a banding.</summary>
    /// <param name="bands">Number of bands, at least 1.</param>
    /// <param name="rows">Sketch values per band, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is less than 1.</exception>
    public LshParameters(int bands, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        Bands = bands;
        Rows = rows;
    }

    /// <summary>Number of bands.</summary>
    public int Bands { get; }

    /// <summary>Sketch values per band.</summary>
    public int Rows { get; }

    /// <summary>Sketch values used: <c>Bands × Rows</c>.</summary>
    public int HashesUsed => Bands * Rows;

    /// <summary>Probability that two sets of Jaccard similarity <paramref name="similarity"/> collide in at least one band.</summary>
    /// <param name="similarity">Jaccard similarity in [0, 1].</param>
    /// <returns>1 − (1 − s^r)^b.</returns>
    public double CollisionProbability(double similarity) => CollisionProbability(similarity, Bands, Rows);

    /// <summary>The weighted false-positive plus false-negative area of this banding at <paramref name="threshold"/>.</summary>
    /// <param name="threshold">Jaccard threshold in (0, 1).</param>
    /// <param name="falsePositiveWeight">Weight of the false-positive area.</param>
    /// <param name="falseNegativeWeight">Weight of the false-negative area.</param>
    /// <returns>The weighted error area.</returns>
    public double ErrorArea(double threshold, double falsePositiveWeight = 0.5, double falseNegativeWeight = 0.5) =>
        falsePositiveWeight * FalsePositiveArea(threshold, Bands, Rows) + falseNegativeWeight * FalseNegativeArea(threshold, Bands, Rows);

    /// <summary>Chooses the banding with the least weighted error area for a threshold.</summary>
    /// <param name="threshold">Jaccard similarity above which pairs should become candidates, in (0, 1).</param>
    /// <param name="hashCount">Number of values in the sketches (b·r ≤ this).</param>
    /// <param name="falsePositiveWeight">Weight of the false-positive area (default 0.5).</param>
    /// <param name="falseNegativeWeight">Weight of the false-negative area (default 0.5); raise it to miss less.</param>
    /// <returns>The optimal banding.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or the weights do not sum to 1.</exception>
    public static LshParameters Optimize(double threshold, int hashCount, double falsePositiveWeight = 0.5, double falseNegativeWeight = 0.5)
    {
        Guard.InRange(threshold, 1e-6, 1 - 1e-6);
        Guard.InRange(hashCount, 1, 4096);
        Guard.InRange(falsePositiveWeight, 0, 1);
        Guard.InRange(falseNegativeWeight, 0, 1);
        if (Math.Abs(falsePositiveWeight + falseNegativeWeight - 1) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(falseNegativeWeight), falseNegativeWeight,
                $"falsePositiveWeight + falseNegativeWeight must be 1; got {falsePositiveWeight} + {falseNegativeWeight}.");
        }

        return OptimizedCache.GetOrAdd((threshold, hashCount, falsePositiveWeight), static key => Search(key.Threshold, key.HashCount, key.FalsePositiveWeight, 1 - key.FalsePositiveWeight));
    }

    /// <summary>Optimisations already done: the search integrates thousands of curves, and indexes open with the same few settings.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(double Threshold, int HashCount, double FalsePositiveWeight), LshParameters> OptimizedCache = new();

    private static LshParameters Search(double threshold, int hashCount, double falsePositiveWeight, double falseNegativeWeight)
    {
        double best = double.MaxValue;
        int bestB = 1, bestR = 1;
        for (int b = 1; b <= hashCount; b++)
        {
            for (int r = 1; b * r <= hashCount; r++)
            {
                double error = falsePositiveWeight * FalsePositiveArea(threshold, b, r)
                    + falseNegativeWeight * FalseNegativeArea(threshold, b, r);
                if (error < best - 1e-15)
                {
                    best = error;
                    bestB = b;
                    bestR = r;
                }
            }
        }

        return new LshParameters(bestB, bestR);
    }

    private static double CollisionProbability(double s, int b, int r) => 1.0 - Math.Pow(1.0 - Math.Pow(s, r), b);

    private static double FalsePositiveArea(double t, int b, int r) =>
        Integrate.OnClosedInterval(s => CollisionProbability(s, b, r), 0.0, t, 1e-10);

    private static double FalseNegativeArea(double t, int b, int r) =>
        Integrate.OnClosedInterval(s => 1.0 - CollisionProbability(s, b, r), t, 1.0, 1e-10);

    /// <inheritdoc/>
    public bool Equals(LshParameters? other) => other is not null && other.Bands == Bands && other.Rows == Rows;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LshParameters);

    /// <inheritdoc/>
    public override int GetHashCode() => (Bands << 16) ^ Rows;

    /// <summary>A label such as <c>b=9 r=13</c>.</summary>
    /// <returns>The label.</returns>
    public override string ToString() => $"b={Bands} r={Rows}";
}
