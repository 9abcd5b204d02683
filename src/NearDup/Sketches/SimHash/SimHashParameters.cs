using System;
using NearDup.Shingles;

namespace NearDup.Sketches.SimHash;

/// <summary>What decides a SimHash fingerprint: the seed that re-keys feature hashes and the features (shingles).</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class SimHashParameters : IEquatable<SimHashParameters>
{
    /// <summary>The default seed.</summary>
    public const ulong DefaultSeed = 0x5EED_51_4E_44_55_50UL;

    /// <summary>Default: word bigram features weighted by their count, default seed.</summary>
    /// <remarks>
    /// Bigrams rather than 5-grams: one edit changes two features instead of five, so Hamming distance grows slowly
    /// with the amount of editing. Bigrams rather than unigrams: unigram counts are dominated by function words, so
    /// unrelated documents in one register land close together. Measured on 5,000 generated news-style documents
    /// (12.5 million pairs, <c>simhash-probe</c> in the benchmarks): within 3 bits, unigrams put 63,695 pairs (0.5%:
    /// thousands of neighbours per query in a million-document index), bigrams 25; the median near-duplicate is 2 bits
    /// away with unigrams and 4 with bigrams, which is why SimHash is one candidate source among several, not the only one.
    /// </remarks>
    public static SimHashParameters Default { get; } = new(DefaultSeed, new ShingleSpec(ShingleUnit.Word, 2));

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
