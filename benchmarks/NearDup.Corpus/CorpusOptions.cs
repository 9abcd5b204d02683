using System;

namespace NearDup.Benchmarks.Corpus;

/// <summary>What <see cref="CorpusGenerator"/> makes: how many documents, from which seed, and how many planted copies.</summary>
/// <remarks>Rates are the share of all documents that are copies of each kind; the rest are originals. Thread safety: immutable.</remarks>
internal sealed class CorpusOptions
{
    public CorpusOptions(int count, ulong seed = 42, double exactRate = 0.01, double nearDuplicateRate = 0.02, double containedRate = 0.02, double spunRate = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        foreach (double r in (ReadOnlySpan<double>)[exactRate, nearDuplicateRate, containedRate, spunRate])
        {
            if (!(r >= 0 && r <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(exactRate), r, "rates must be within 0..1.");
            }
        }

        if (exactRate + nearDuplicateRate + containedRate + spunRate > 0.9)
        {
            throw new ArgumentException("copy rates add up to more than 0.9; leave room for originals.", nameof(exactRate));
        }

        Count = count;
        Seed = seed;
        ExactRate = exactRate;
        NearDuplicateRate = nearDuplicateRate;
        ContainedRate = containedRate;
        SpunRate = spunRate;
    }

    public int Count { get; }

    public ulong Seed { get; }

    public double ExactRate { get; }

    public double NearDuplicateRate { get; }

    public double ContainedRate { get; }

    public double SpunRate { get; }
}
