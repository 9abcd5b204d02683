using System;
using System.Collections.Generic;
using NearDup.Indexing.Lsh;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Indexing.Lsh;

public partial class MinHashLshIndexTests
{
    private static readonly MinHashParameters Parameters = MinHashParameters.Default;
    private static readonly MinHasher Hasher = new(Parameters);
    private static readonly LshParameters Banding = LshParameters.Optimize(0.5, Parameters.HashCount);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Query_NearIdenticalPair_IsReturned(int seed)
    {
        // J ≈ 0.9 with b, r tuned for 0.5: the collision probability is 1 − (1 − 0.9^r)^b, within 1e-6 of 1.
        var (a, b) = RandomSets.Pair(new Random(seed), 1000, 0.9, out _);
        var index = new MinHashLshIndex(Parameters, Banding);
        index.Add(42, Hasher.Sketch(a));
        var hits = new HashSet<int>();
        index.Query(Hasher.Sketch(b), hits);
        Assert.That(hits, Does.Contain(42));
    }

    [Test]
    public void Query_UnrelatedSets_MostlyNotReturned()
    {
        var random = new Random(17);
        var index = new MinHashLshIndex(Parameters, Banding);
        for (int key = 0; key < 100; key++)
        {
            index.Add(key, Hasher.Sketch(RandomSets.Distinct(random, 300)));
        }

        var hits = new HashSet<int>();
        index.Query(Hasher.Sketch(RandomSets.Distinct(random, 300)), hits);
        Assert.That(hits, Has.Count.LessThanOrEqualTo(5));
    }

    [Test]
    public void Query_ManyPairs_CandidateRateFollowsCollisionProbability()
    {
        // 100 pairs at J = 0.5: the share returned should be near P(0.5) = 1 − (1 − 0.5^r)^b.
        var index = new MinHashLshIndex(Parameters, Banding);
        var queries = new List<MinHashSketch>();
        for (int key = 0; key < 100; key++)
        {
            var (a, b) = RandomSets.Pair(new Random(1000 + key), 400, 0.5, out _);
            index.Add(key, Hasher.Sketch(a));
            queries.Add(Hasher.Sketch(b));
        }

        int found = 0;
        for (int key = 0; key < 100; key++)
        {
            var hits = new HashSet<int>();
            index.Query(queries[key], hits);
            found += hits.Contains(key) ? 1 : 0;
        }

        double p = Banding.CollisionProbability(0.5);
        Assert.That(found / 100.0, Is.EqualTo(p).Within(4 * Math.Sqrt(p * (1 - p) / 100) + 0.05));
    }

    [Test]
    public void Query_TwoKeysWithTheSameSet_ReturnsBoth()
    {
        ulong[] set = RandomSets.Distinct(new Random(5), 200);
        var index = new MinHashLshIndex(Parameters, Banding);
        index.Add(7, Hasher.Sketch(set));
        index.Add(8, Hasher.Sketch(set));
        index.Add(9, Hasher.Sketch(RandomSets.Distinct(new Random(6), 200)));
        var hits = new HashSet<int>();
        index.Query(Hasher.Sketch(set), hits);
        Assert.That(hits, Is.EquivalentTo(new[] { 7, 8 }));
    }

    [Test]
    public void Add_EmptySketch_CountedButNeverReturned()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        index.Add(1, Hasher.Sketch(ReadOnlySpan<ulong>.Empty));
        var hits = new HashSet<int>();
        index.Query(Hasher.Sketch(ReadOnlySpan<ulong>.Empty), hits);
        Assert.That((index.Count, hits.Count), Is.EqualTo((1, 0)));
    }

    [Test]
    public void Add_SketchWithOtherParameters_Throws()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        var other = new MinHasher(new MinHashParameters(MinHashFamily.OnePermutation, 128, 12345, ShingleSpec.Default));
        Assert.That(() => index.Add(1, other.Sketch(new ulong[] { 1, 2, 3 })), Throws.ArgumentException.With.Message.Contains("12345"));
    }

    [Test]
    public void Query_SketchWithOtherParameters_Throws()
    {
        var index = new MinHashLshIndex(Parameters, Banding);
        var other = new MinHasher(new MinHashParameters(MinHashFamily.KPermutation, 128, Parameters.Seed, ShingleSpec.Default));
        Assert.That(() => index.Query(other.Sketch(new ulong[] { 1, 2, 3 }), new HashSet<int>()), Throws.ArgumentException);
    }

    [Test]
    public void Constructor_BandingNeedsMoreHashesThanK_Throws() =>
        Assert.That(
            () => new MinHashLshIndex(Parameters, new LshParameters(13, 10)),
            Throws.ArgumentException.With.Message.Contains("130").And.Message.Contains("128"));

    [Test]
    public void Constructor_BandingUsingExactlyK_IsAccepted() =>
        Assert.That(new MinHashLshIndex(Parameters, new LshParameters(16, 8)).Banding.HashesUsed, Is.EqualTo(128));
}
