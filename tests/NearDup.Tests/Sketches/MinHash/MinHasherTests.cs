using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Tests.Support;
using NearDup.VectorCheck;
using NUnit.Framework;

namespace NearDup.Tests.Sketches.MinHash;

public class MinHasherTests
{
    private static MinHasher Hasher(MinHashFamily family, int k, ulong seed = MinHashParameters.DefaultSeed) =>
        new(new MinHashParameters(family, k, seed, ShingleSpec.Default));

    public static IEnumerable<TestCaseData> AccuracyCases()
    {
        foreach (MinHashFamily family in new[] { MinHashFamily.KPermutation, MinHashFamily.OnePermutation })
        {
            foreach (int k in new[] { 64, 128, 256 })
            {
                foreach (double j in new[] { 0.1, 0.5, 0.9 })
                {
                    for (int seed = 1; seed <= 5; seed++)
                    {
                        yield return new TestCaseData(family, k, j, seed)
                            .SetName($"EstimateJaccard_{family}_k{k}_J{j}_seed{seed}_WithinFourSigma");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(AccuracyCases))]
    public void EstimateJaccard_RandomSets_WithinFourStandardErrors(MinHashFamily family, int k, double jaccard, int seed)
    {
        var random = new Random(seed);
        int size = random.Next(200, 2001);
        var (a, b) = RandomSets.Pair(random, size, jaccard, out double trueJ);
        MinHasher hasher = Hasher(family, k, (ulong)seed * 0x1234_5678_9ABCUL);
        double estimate = hasher.Sketch(a).EstimateJaccard(hasher.Sketch(b));

        // Standard error of the share of k agreeing positions: √(J(1−J)/k).
        double bound = 4 * Math.Sqrt(trueJ * (1 - trueJ) / k);
        Assert.That(estimate, Is.EqualTo(trueJ).Within(bound), $"|A|=|B|={size}, true J={trueJ:0.0000}");
    }

    public static IEnumerable<TestCaseData> UnbiasedCases()
    {
        foreach (int size in new[] { 20, 60, 1000 })
        {
            foreach (double j in new[] { 0.2, 0.5, 0.8 })
            {
                yield return new TestCaseData(size, j).SetName($"EstimateJaccard_OnePermutation_k128_size{size}_J{j}_MeanOver200SeedsIsTrueJ");
            }
        }
    }

    [TestCaseSource(nameof(UnbiasedCases))]
    public void EstimateJaccard_OnePermutationDensified_IsUnbiased(int size, double jaccard)
    {
        // One fixed pair of sets, 200 hash seeds: the mean estimate converges on the true J only if the estimator
        // (densification included, which fills most of the 128 bins when |A| = 20) is unbiased.
        const int k = 128, seeds = 200;
        var (a, b) = RandomSets.Pair(new Random(size * 31 + (int)(jaccard * 100)), size, jaccard, out double trueJ);
        double sum = 0;
        for (int seed = 0; seed < seeds; seed++)
        {
            MinHasher hasher = Hasher(MinHashFamily.OnePermutation, k, (ulong)seed + 1);
            sum += hasher.Sketch(a).EstimateJaccard(hasher.Sketch(b));
        }

        // 3 standard errors of a mean of 200 k-permutation-like estimates, plus 0.01 because for sets smaller than k
        // densified bins are correlated and the per-seed variance is larger than J(1−J)/k (about J(1−J)/|A ∪ B|).
        double bound = 3 * Math.Sqrt(trueJ * (1 - trueJ) / k) / Math.Sqrt(seeds) + 0.01;
        Assert.That(sum / seeds, Is.EqualTo(trueJ).Within(bound));
    }

    [TestCase(0.2)]
    [TestCase(0.5)]
    [TestCase(0.8)]
    public void EstimateJaccard_KPermutation_MeanOver100SeedsIsTrueJ(double jaccard)
    {
        // Multiply-shift hashing is universal but not exactly min-wise independent; a bias would show in the mean.
        const int k = 128, seeds = 100;
        var (a, b) = RandomSets.Pair(new Random(77), 300, jaccard, out double trueJ);
        double sum = 0;
        for (int seed = 0; seed < seeds; seed++)
        {
            MinHasher hasher = Hasher(MinHashFamily.KPermutation, k, (ulong)seed + 1);
            sum += hasher.Sketch(a).EstimateJaccard(hasher.Sketch(b));
        }

        Assert.That(sum / seeds, Is.EqualTo(trueJ).Within(3 * Math.Sqrt(trueJ * (1 - trueJ) / k) / Math.Sqrt(seeds) + 0.005));
    }

    public static IEnumerable<TestCaseData> VectorCases()
    {
        foreach ((int k, int n) in VectorOracle.KPermutationCases())
        {
            yield return new TestCaseData(k, n).SetName($"Compute_KPermutation_k{k}_n{n}_EqualsScalar");
        }
    }

    // These run the widest vector paths this machine accelerates; VectorFallbackTests runs the same comparisons in a
    // child process with the wider instruction sets switched off.
    [TestCaseSource(nameof(VectorCases))]
    public void Compute_KPermutation_EqualsComputeScalar(int k, int n)
    {
        (uint[] vector, uint[] scalar) = VectorOracle.KPermutation(k, n);
        Assert.That(vector, Is.EqualTo(scalar));
    }

    public static IEnumerable<TestCaseData> OnePermutationVectorCases()
    {
        foreach ((int n, int k) in VectorOracle.OnePermutationCases())
        {
            yield return new TestCaseData(n, k).SetName($"Compute_OnePermutation_n{n}_k{k}_EqualsScalar");
        }
    }

    [TestCaseSource(nameof(OnePermutationVectorCases))]
    public void Compute_OnePermutation_EqualsComputeScalar(int n, int k)
    {
        (uint[] vector, uint[] scalar) = VectorOracle.OnePermutation(n, k);
        Assert.That(vector, Is.EqualTo(scalar));
    }

    // A shingle whose value is EmptyValue must be nudged by the vector paths as by the scalar loop.
    [TestCaseSource(typeof(VectorOracle), nameof(VectorOracle.OnePermutationEmptyValueCases))]
    public void Compute_OnePermutation_ShingleValuedEmptyValue_EqualsComputeScalar(int n)
    {
        (uint[] vector, uint[] scalar, bool crafted) = VectorOracle.OnePermutationWithEmptyValue(n);
        Assert.That((crafted, vector), Is.EqualTo((true, scalar)));
    }

    [Test]
    public void Compute_DestinationShorterThanK_ThrowsArgumentException()
    {
        var destination = new uint[63];
        Assert.That(() => Hasher(MinHashFamily.KPermutation, 64).Compute(new ulong[] { 1 }, destination), Throws.ArgumentException);
    }

    [TestCase(MinHashFamily.KPermutation)]
    [TestCase(MinHashFamily.OnePermutation)]
    public void EstimateJaccard_IdenticalSets_ReturnsOne(MinHashFamily family)
    {
        ulong[] set = RandomSets.Distinct(new Random(11), 500);
        MinHasher hasher = Hasher(family, 128);
        ulong[] shuffled = set.Reverse().Concat(set.Take(50)).ToArray(); // same set: other order, with repeats
        Assert.That(hasher.Sketch(set).EstimateJaccard(hasher.Sketch(shuffled)), Is.EqualTo(1.0));
    }

    [TestCase(MinHashFamily.KPermutation)]
    [TestCase(MinHashFamily.OnePermutation)]
    public void EstimateJaccard_EmptyAndNonEmpty_ReturnsZero(MinHashFamily family)
    {
        MinHasher hasher = Hasher(family, 128);
        Assert.That(hasher.Sketch(ReadOnlySpan<ulong>.Empty).EstimateJaccard(hasher.Sketch(new ulong[] { 1, 2, 3 })), Is.Zero);
    }

    [Test]
    public void EstimateJaccard_TwoEmptySets_ReturnsOne()
    {
        MinHasher hasher = Hasher(MinHashFamily.OnePermutation, 64);
        Assert.That(hasher.Sketch(ReadOnlySpan<ulong>.Empty).EstimateJaccard(hasher.Sketch(ShingleSet.Empty)), Is.EqualTo(1.0));
    }

    [Test]
    public void EstimateJaccard_DisjointLargeSets_IsNearZero()
    {
        ulong[] both = RandomSets.Distinct(new Random(3), 2000);
        MinHasher hasher = Hasher(MinHashFamily.OnePermutation, 128);
        Assert.That(hasher.Sketch(both.AsSpan(0, 1000)).EstimateJaccard(hasher.Sketch(both.AsSpan(1000))), Is.LessThanOrEqualTo(1.0 / 128));
    }

    [Test]
    public void Sketch_RepeatedShingles_SetSizeCountsDistinct() =>
        Assert.That(Hasher(MinHashFamily.KPermutation, 16).Sketch(new ulong[] { 4, 4, 9, 1, 9 }).SetSize, Is.EqualTo(3));

    [TestCase(MinHashFamily.KPermutation)]
    [TestCase(MinHashFamily.OnePermutation)]
    public void Sketch_SameSeedTwice_GivesSameValues(MinHashFamily family)
    {
        ulong[] set = RandomSets.Distinct(new Random(21), 300);
        uint[] first = Hasher(family, 128, 99).Sketch(set).Values.ToArray();
        uint[] second = Hasher(family, 128, 99).Sketch(set).Values.ToArray();
        Assert.That(second, Is.EqualTo(first));
    }

    [TestCase(MinHashFamily.KPermutation)]
    [TestCase(MinHashFamily.OnePermutation)]
    public void Sketch_OtherSeed_GivesOtherValues(MinHashFamily family)
    {
        ulong[] set = RandomSets.Distinct(new Random(21), 300);
        Assert.That(Hasher(family, 128, 99).Sketch(set).Values.ToArray(), Is.Not.EqualTo(Hasher(family, 128, 100).Sketch(set).Values.ToArray()));
    }

    [Test]
    public void Sketch_ShingleSetOverload_EqualsSpanOverload()
    {
        ulong[] shingles = [7, 3, 3, 12, 99, 7];
        MinHasher hasher = Hasher(MinHashFamily.OnePermutation, 32);
        Assert.That(hasher.Sketch(ShingleSet.From(shingles)).Values.ToArray(), Is.EqualTo(hasher.Sketch(shingles).Values.ToArray()));
    }

    [Test]
    public void Sketch_OnePermutationSmallSet_FillsEveryBin()
    {
        // Densification: 5 shingles in 128 bins leave most bins empty before it; none after.
        MinHashSketch sketch = Hasher(MinHashFamily.OnePermutation, 128).Sketch(new ulong[] { 1, 2, 3, 4, 5 });
        Assert.That(sketch.Values.ToArray(), Has.None.EqualTo(MinHasher.EmptyValue));
    }

    [Test]
    public void Sketch_EmptySet_AllBinsEmpty() =>
        Assert.That(Hasher(MinHashFamily.OnePermutation, 16).Sketch(ReadOnlySpan<ulong>.Empty).Values.ToArray(), Is.All.EqualTo(MinHasher.EmptyValue));

    /// <summary>
    /// Golden values: guards the stored format. Sketches are persisted and compared across builds and machines, so the
    /// values of a fixed input under default parameters must never drift. If they change deliberately (new hash family
    /// or format version), update the constants and say why in the commit message.
    /// </summary>
    [Test]
    public void Sketch_DefaultParametersFixedText_MatchesRecordedGoldenValues()
    {
        const string text = "The quick brown fox jumps over the lazy dog while the farmer sleeps under the old oak tree.";
        ulong[] shingles = Shingler.Shingle(text, ShingleSpec.Default);
        MinHashSketch sketch = new MinHasher(MinHashParameters.Default).Sketch(shingles);
        Assert.That(sketch.Values.ToArray(), Is.EqualTo(Golden));
    }

    // Recorded 2026-11-22 from MinHashParameters.Default (OnePermutation, k=128, DefaultSeed, word-5) on the text above
    // (17 words, 13 shingles: most bins come from densification, so this also pins the densification hash).
    private static readonly uint[] Golden =
    [
        3790938178, 833904644, 3790938178, 2439102322, 7114649, 833904644, 3319757123, 833904644,
        2899610423, 4131140879, 1841783003, 3319757123, 3319757123, 3319757123, 1437820808, 3790938178,
        4117093767, 3790938178, 2899610423, 2899610423, 833904644, 1437820808, 7114649, 1155827835,
        3790938178, 833904644, 4117093767, 2899610423, 2899610423, 4131140879, 4117093767, 3790938178,
        1437820808, 1155827835, 7114649, 833904644, 7114649, 996211464, 4131140879, 2439102322,
        1437820808, 4117093767, 4117093767, 4144000018, 1155827835, 4131140879, 1841783003, 1437820808,
        3790938178, 1437820808, 1841783003, 4117093767, 1155827835, 2439102322, 4117093767, 1437820808,
        833904644, 996211464, 2439102322, 2439102322, 2439102322, 1437820808, 4144000018, 4144000018,
        996211464, 833904644, 1437820808, 4117093767, 833904644, 2899610423, 1841783003, 4131140879,
        996211464, 4117093767, 2439102322, 3319757123, 4131140879, 4131140879, 4117093767, 833904644,
        3790938178, 833904644, 1155827835, 7114649, 4117093767, 4144000018, 4144000018, 3790938178,
        3790938178, 996211464, 1155827835, 4117093767, 4144000018, 1155827835, 833904644, 2899610423,
        2899610423, 3319757123, 4144000018, 1155827835, 1437820808, 996211464, 996211464, 1437820808,
        996211464, 3319757123, 4117093767, 1155827835, 3790938178, 996211464, 3790938178, 3790938178,
        7114649, 3319757123, 1437820808, 3790938178, 2899610423, 996211464, 1155827835, 996211464,
        1437820808, 2899610423, 4117093767, 3790938178, 1155827835, 1841783003, 833904644, 7114649,
    ];
}
