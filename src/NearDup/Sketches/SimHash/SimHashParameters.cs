using System;
using NearDup.Shingles;

namespace NearDup.Sketches.SimHash;

/// <summary>What decides a SimHash fingerprint: the seed that re-keys feature hashes and the features (shingles).</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class SimHashParameters : IEquatable<SimHashParameters>
{
    /// <summary>The default seed.</summary>
    public const ulong DefaultSeed = 0x5EED_51_4E_44_55_50UL;

    /// <summary>Default: word unigram features weighted by their count, default seed.</summary>
    /// <remarks>Unigrams rather than 5-grams: one edit then changes one feature instead of five, so Hamming distance
    /// grows slowly and smoothly with the amount of editing, which is what a Hamming-distance threshold needs.</remarks>
    public static SimHashParameters Default { get; } = new(DefaultSeed, new ShingleSpec(ShingleUnit.Word, 1));

    /// <summary>Creates SimHash parameters.</summary>
    /// <param name="seed">Seed that re-keys feature hashes.</param>
    /// <param name="features">The shingles used as features.</param>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    public SimHashParameters(ulong seed, ShingleSpec features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Seed = seed;
        Features = features;
    }

    /// <summary>Seed that re-keys feature hashes.</summary>
    public ulong Seed { get; }

    /// <summary>The shingles used as features.</summary>
    public ShingleSpec Features { get; }

    /// <inheritdoc/>
    public bool Equals(SimHashParameters? other) => other is not null && other.Seed == Seed && other.Features.Equals(Features);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SimHashParameters);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Seed, Features);

    /// <summary>A label such as <c>seed=… word-1</c>.</summary>
    /// <returns>The label.</returns>
    public override string ToString() => $"seed={Seed} {Features}";
}
