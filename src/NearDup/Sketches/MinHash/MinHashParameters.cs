using System;
using NearDup.Internal;
using NearDup.Shingles;

namespace NearDup.Sketches.MinHash;

/// <summary>Everything that decides a MinHash sketch's values: family, number of hashes, seed and shingle specification.</summary>
/// <remarks>
/// Two sketches can be compared only when their parameters are equal; <see cref="EnsureCompatible"/> says which differ.
/// Thread safety: immutable.
/// </remarks>
public sealed class MinHashParameters : IEquatable<MinHashParameters>
{
    /// <summary>The default seed, fixed so that sketches made anywhere with default options agree.</summary>
    public const ulong DefaultSeed = 0x5EED_0F_4E_44_55_50UL;

    /// <summary>Default parameters: one-permutation hashing, 128 hashes, <see cref="DefaultSeed"/>, word 5-grams.</summary>
    public static MinHashParameters Default { get; } = new(MinHashFamily.OnePermutation, 128, DefaultSeed, ShingleSpec.Default);

    /// <summary>Creates MinHash parameters.</summary>
    /// <param name="family">How minimums are drawn.</param>
    /// <param name="hashCount">Number of values in a sketch (k), 1 to 4096.</param>
    /// <param name="seed">Seed of the hash functions.</param>
    /// <param name="shingles">How documents are shingled.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hashCount"/> is out of range or <paramref name="family"/> undefined.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="shingles"/> is null.</exception>
    public MinHashParameters(MinHashFamily family, int hashCount, ulong seed, ShingleSpec shingles)
    {
        if (!Enum.IsDefined(family))
        {
            throw new ArgumentOutOfRangeException(nameof(family), family, "unknown MinHash family.");
        }

        Guard.InRange(hashCount, 1, 4096);
        ArgumentNullException.ThrowIfNull(shingles);
        Family = family;
        HashCount = hashCount;
        Seed = seed;
        Shingles = shingles;
    }

    /// <summary>How minimums are drawn.</summary>
    public MinHashFamily Family { get; }

    /// <summary>Number of values in a sketch.</summary>
    public int HashCount { get; }

    /// <summary>Seed of the hash functions.</summary>
    public ulong Seed { get; }

    /// <summary>How documents are shingled.</summary>
    public ShingleSpec Shingles { get; }

    /// <summary>Throws when <paramref name="other"/> differs, naming what differs and both values.</summary>
    /// <param name="other">The other sketch's parameters.</param>
    /// <param name="paramName">The argument to name in the exception.</param>
    /// <exception cref="ArgumentException">The parameters differ.</exception>
    public void EnsureCompatible(MinHashParameters other, string paramName)
    {
        ArgumentNullException.ThrowIfNull(other);
        string? problem =
            other.Family != Family ? $"sketch family is {other.Family}, expected {Family}"
            : other.HashCount != HashCount ? $"sketch has {other.HashCount} hashes, expected {HashCount}"
            : other.Seed != Seed ? $"sketch seed is {other.Seed}, expected {Seed}"
            : !other.Shingles.Equals(Shingles) ? $"sketch shingles are {other.Shingles}, expected {Shingles}"
            : null;
        if (problem is not null)
        {
            throw new ArgumentException($"Mismatched sketch parameters: {problem}.", paramName);
        }
    }

    /// <inheritdoc/>
    public bool Equals(MinHashParameters? other) =>
        other is not null && other.Family == Family && other.HashCount == HashCount && other.Seed == Seed && other.Shingles.Equals(Shingles);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MinHashParameters);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Family, HashCount, Seed, Shingles);

    /// <summary>A label such as <c>OnePermutation k=128 seed=… word-5</c>.</summary>
    /// <returns>The label.</returns>
    public override string ToString() => $"{Family} k={HashCount} seed={Seed} {Shingles}";
}
