using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Shingles;
using NearDup.Sketches.SimHash;
using NearDup.Tests.Support;
using NearDup.VectorCheck;
using NUnit.Framework;

namespace NearDup.Tests.Sketches.SimHash;

public class SimHasherTests
{
    private static readonly SimHasher Hasher = new(SimHashParameters.Default);

    public static IEnumerable<TestCaseData> ParityCases()
    {
        foreach ((int n, int seed) in VectorOracle.SimHashCases())
        {
            yield return new TestCaseData(n, seed).SetName($"{{m}}_n{n}_seed{seed}");
        }
    }

    // These run the widest vector paths this machine accelerates; VectorFallbackTests runs the same comparisons in a
    // child process with the wider instruction sets switched off.
    [TestCaseSource(nameof(ParityCases))]
    public void Compute_WeightedRandomFeatures_EqualsComputeScalar(int n, int seed)
    {
        (ulong vector, ulong scalar) = VectorOracle.SimHashWeighted(n, seed);
        Assert.That(vector, Is.EqualTo(scalar));
    }

    [TestCaseSource(nameof(ParityCases))]
    public void Compute_UnweightedRandomFeatures_EqualsComputeScalar(int n, int seed)
    {
        (ulong vector, ulong scalar) = VectorOracle.SimHashUnweighted(n, seed);
        Assert.That(vector, Is.EqualTo(scalar));
    }

    // One feature more times than a byte counter of the unweighted vector paths holds between two flushes.
    [TestCaseSource(typeof(VectorOracle), nameof(VectorOracle.SimHashRepeatCases))]
    public void Compute_OneFeatureRepeatedPastAByteCounter_EqualsComputeScalar(int repeats)
    {
        (ulong vector, ulong scalar) = VectorOracle.SimHashRepeated(repeats);
        Assert.That(vector, Is.EqualTo(scalar));
    }

    [Test]
    public void Compute_AllWeightsOne_EqualsUnweighted()
    {
        ulong[] features = RandomSets.Distinct(new Random(4), 50);
        Assert.That(Hasher.Compute(features, Enumerable.Repeat(1, 50).ToArray()), Is.EqualTo(Hasher.Compute(features)));
    }

    [Test]
    public void Compute_RepeatedFeature_EqualsDoubledWeight()
    {
        ulong[] features = RandomSets.Distinct(new Random(8), 20);
        ulong[] repeated = features.Append(features[0]).ToArray();
        int[] weights = Enumerable.Repeat(1, 20).ToArray();
        weights[0] = 2;
        Assert.That(Hasher.Compute(repeated), Is.EqualTo(Hasher.Compute(features, weights)));
    }

    [Test]
    public void Compute_NoFeatures_IsZero() =>
        Assert.That(Hasher.Compute(ReadOnlySpan<ulong>.Empty), Is.Zero);

    [Test]
    public void Compute_WeightsLengthMismatch_ThrowsArgumentException() =>
        Assert.That(
            () => Hasher.Compute(new ulong[] { 1, 2, 3 }, new[] { 1, 1 }),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("weights"));

    [Test]
    public void ComputeScalar_WeightsLengthMismatch_ThrowsArgumentException() =>
        Assert.That(() => Hasher.ComputeScalar(new ulong[] { 1, 2, 3 }, new[] { 1, 1, 1, 1 }), Throws.ArgumentException);

    [Test]
    public void Distance_IsSymmetric()
    {
        var random = new Random(12);
        for (int i = 0; i < 100; i++)
        {
            ulong a = (ulong)random.NextInt64(), b = (ulong)random.NextInt64();
            Assert.That(SimHasher.Distance(a, b), Is.EqualTo(SimHasher.Distance(b, a)));
        }
    }

    [Test]
    public void Distance_IdenticalFeatures_IsZero()
    {
        ulong[] features = RandomSets.Distinct(new Random(2), 300);
        ulong reordered = Hasher.Compute(features.Reverse().ToArray());
        Assert.That(SimHasher.Distance(Hasher.Compute(features), reordered), Is.Zero);
    }

    [TestCase(0UL, ulong.MaxValue, 64)]
    [TestCase(0b1011UL, 0b0001UL, 2)]
    [TestCase(0x8000_0000_0000_0000UL, 0UL, 1)]
    public void Distance_Examples(ulong a, ulong b, int expected) =>
        Assert.That(SimHasher.Distance(a, b), Is.EqualTo(expected));

    private static readonly double[] EditedShares = [0, 0.05, 0.10, 0.20, 0.40, 0.80];

    /// <summary>Mean Hamming distance over 20 seeds between 1000 random features and a copy with a share replaced.</summary>
    private static double MeanDistance(double share)
    {
        const int n = 1000, seeds = 20;
        double sum = 0;
        for (int seed = 1; seed <= seeds; seed++)
        {
            var random = new Random(seed);
            ulong[] both = RandomSets.Distinct(random, 2 * n);
            ulong[] original = both[..n];
            ulong[] edited = (ulong[])original.Clone();
            int replace = (int)Math.Round(share * n);
            for (int i = 0; i < replace; i++)
            {
                edited[i] = both[n + i];
            }

            sum += SimHasher.Distance(Hasher.Compute(original), Hasher.Compute(edited));
        }

        return sum / seeds;
    }

    [Test]
    public void Distance_MoreEditedFeatures_NeverSmallerOnAverage()
    {
        double[] means = EditedShares.Select(MeanDistance).ToArray();
        Assert.That(means, Is.Ordered.Ascending, string.Join(", ", means.Select(m => m.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [TestCase(0.05)]
    [TestCase(0.20)]
    [TestCase(0.80)]
    public void Distance_EditedShare_MatchesAngleBetweenFeatureVectors(double share)
    {
        // Charikar: P(bit differs) = θ/π, with cos θ = (1 − share) for equal-size unweighted feature sets.
        // The mean of 20 distances has a standard error near √(64·¼)/√20 ≈ 0.9 bits; 3.5 bits leaves room for
        // the sign-of-a-sum approximation at n = 1000.
        double expected = 64 * Math.Acos(1 - share) / Math.PI;
        Assert.That(MeanDistance(share), Is.EqualTo(expected).Within(3.5));
    }

    [Test]
    public void Distance_UnrelatedFeatures_IsAboutHalfTheBits() =>
        Assert.That(MeanDistance(1.0), Is.EqualTo(32).Within(8));

    [Test]
    public void Compute_OtherSeed_GivesOtherFingerprint()
    {
        ulong[] features = RandomSets.Distinct(new Random(6), 100);
        var other = new SimHasher(new SimHashParameters(7, new ShingleSpec(ShingleUnit.Word, 1)));
        Assert.That(other.Compute(features), Is.Not.EqualTo(Hasher.Compute(features)));
    }
}
