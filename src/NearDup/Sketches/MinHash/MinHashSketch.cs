using System;

namespace NearDup.Sketches.MinHash;

/// <summary>A MinHash sketch: k 32-bit minimum values with the parameters that made them and the size of the set.</summary>
/// <remarks>
/// <para>
/// The Jaccard estimate is the share of positions where two sketches agree; its standard error is √(J(1−J)/k).
/// The containment estimate combines it with the two set sizes (|A ∩ B| = J(|A|+|B|)/(1+J)). Both are estimates for
/// choosing candidates: a verdict must be confirmed on the real shingle sets.
/// </para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
public sealed class MinHashSketch
{
    private readonly uint[] _values;

    /// <summary>Creates a sketch from values already computed (for example read back from storage).</summary>
    /// <param name="parameters">The parameters the values were made under.</param>
    /// <param name="values">Exactly <see cref="MinHashParameters.HashCount"/> values; the array is copied.</param>
    /// <param name="setSize">Number of distinct shingles of the sketched set.</param>
    /// <exception cref="ArgumentException">The number of values differs from the parameters' hash count.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="setSize"/> is negative.</exception>
    public MinHashSketch(MinHashParameters parameters, ReadOnlySpan<uint> values, int setSize)
        : this(parameters, values.ToArray(), setSize)
    {
    }

    internal MinHashSketch(MinHashParameters parameters, uint[] values, int setSize)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(setSize);
        if (values.Length != parameters.HashCount)
        {
            throw new ArgumentException($"sketch has {values.Length} values, parameters say {parameters.HashCount}.", nameof(values));
        }

        Parameters = parameters;
        _values = values;
        SetSize = setSize;
    }

    /// <summary>The parameters the sketch was made under.</summary>
    public MinHashParameters Parameters { get; }

    /// <summary>The k minimum values.</summary>
    public ReadOnlySpan<uint> Values => _values;

    /// <summary>Number of distinct shingles in the sketched set.</summary>
    public int SetSize { get; }

    /// <summary>Whether the sketched set was empty.</summary>
    public bool IsEmpty => SetSize == 0;

    /// <summary>Estimates the Jaccard similarity with <paramref name="other"/>.</summary>
    /// <param name="other">A sketch made under the same parameters.</param>
    /// <returns>The share of agreeing positions; 1 when both sets are empty, 0 when exactly one is.</returns>
    /// <exception cref="ArgumentException">The sketches were made under different parameters.</exception>
    public double EstimateJaccard(MinHashSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Parameters.EnsureCompatible(other.Parameters, nameof(other));
        if (IsEmpty || other.IsEmpty)
        {
            return IsEmpty && other.IsEmpty ? 1.0 : 0.0;
        }

        ReadOnlySpan<uint> a = _values, b = other._values;
        int equal = 0;
        for (int i = 0; i < a.Length; i++)
        {
            equal += a[i] == b[i] ? 1 : 0;
        }

        return (double)equal / a.Length;
    }

    /// <summary>Estimates the containment of this set in <paramref name="other"/>'s: |A ∩ B| / |A|.</summary>
    /// <param name="other">A sketch made under the same parameters.</param>
    /// <returns>An estimate in [0, 1].</returns>
    /// <exception cref="ArgumentException">The sketches were made under different parameters.</exception>
    public double EstimateContainmentIn(MinHashSketch other)
    {
        double j = EstimateJaccard(other);
        if (IsEmpty)
        {
            return 1.0;
        }

        double intersection = j * (SetSize + other.SetSize) / (1 + j);
        return Math.Clamp(intersection / SetSize, 0.0, 1.0);
    }
}
