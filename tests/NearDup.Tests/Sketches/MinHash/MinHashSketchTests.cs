using System;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NUnit.Framework;

namespace NearDup.Tests.Sketches.MinHash;

public class MinHashSketchTests
{
    private static readonly ulong[] Set = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    private static MinHashSketch Sketch(MinHashFamily family = MinHashFamily.OnePermutation, int k = 64, ulong seed = 1, ShingleSpec? spec = null) =>
        new MinHasher(new MinHashParameters(family, k, seed, spec ?? ShingleSpec.Default)).Sketch(Set);

    [Test]
    public void EstimateJaccard_OtherSeed_ThrowsNamingBothSeeds()
    {
        MinHashSketch a = Sketch(seed: 111), b = Sketch(seed: 222);
        Assert.That(() => a.EstimateJaccard(b), Throws.ArgumentException.With.Message.Contains("222").And.Message.Contains("111"));
    }

    [Test]
    public void EstimateJaccard_OtherHashCount_ThrowsNamingBothCounts()
    {
        MinHashSketch a = Sketch(k: 64), b = Sketch(k: 128);
        Assert.That(() => a.EstimateJaccard(b), Throws.ArgumentException.With.Message.Contains("64").And.Message.Contains("128"));
    }

    [Test]
    public void EstimateJaccard_OtherFamily_ThrowsNamingBothFamilies()
    {
        MinHashSketch a = Sketch(MinHashFamily.OnePermutation), b = Sketch(MinHashFamily.KPermutation);
        Assert.That(
            () => a.EstimateJaccard(b),
            Throws.ArgumentException.With.Message.Contains(nameof(MinHashFamily.OnePermutation)).And.Message.Contains(nameof(MinHashFamily.KPermutation)));
    }

    [Test]
    public void EstimateJaccard_OtherShingles_ThrowsNamingBothSpecs()
    {
        MinHashSketch a = Sketch(spec: new ShingleSpec(ShingleUnit.Word, 5)), b = Sketch(spec: new ShingleSpec(ShingleUnit.Character, 7));
        Assert.That(() => a.EstimateJaccard(b), Throws.ArgumentException.With.Message.Contains("word-5").And.Message.Contains("char-7"));
    }

    [Test]
    public void EstimateContainmentIn_OtherSeed_Throws() =>
        Assert.That(() => Sketch(seed: 1).EstimateContainmentIn(Sketch(seed: 2)), Throws.ArgumentException);

    [Test]
    public void Constructor_WrongNumberOfValues_Throws() =>
        Assert.That(() => new MinHashSketch(MinHashParameters.Default, new uint[64], 10), Throws.ArgumentException);

    [Test]
    public void Constructor_FromStoredValues_EstimatesLikeTheOriginal()
    {
        MinHashSketch original = Sketch();
        var restored = new MinHashSketch(original.Parameters, original.Values, original.SetSize);
        Assert.That(restored.EstimateJaccard(original), Is.EqualTo(1.0));
    }

    [Test]
    public void EstimateContainmentIn_SubsetOfLargerSet_IsNearOne()
    {
        var hasher = new MinHasher(new MinHashParameters(MinHashFamily.KPermutation, 256, 5, ShingleSpec.Default));
        var big = new ulong[1000];
        for (int i = 0; i < big.Length; i++)
        {
            big[i] = (ulong)i * 0x9E37_79B9_7F4A_7C15UL + 17;
        }

        // |A| = 250 inside |B| = 1000: J = 0.25, containment 1; the estimate combines J with the set sizes.
        // The lower bound is that formula at J − 4σ.
        double c = hasher.Sketch(big.AsSpan(0, 250)).EstimateContainmentIn(hasher.Sketch(big));
        double low = 0.25 - 4 * Math.Sqrt(0.25 * 0.75 / 256);
        double lowContainment = low * (250 + 1000) / (1 + low) / 250;
        Assert.That(c, Is.InRange(lowContainment, 1.0));
    }

    [Test]
    public void Parameters_HashCountOutOfRange_Throws() =>
        Assert.That(() => new MinHashParameters(MinHashFamily.KPermutation, 0, 1, ShingleSpec.Default), Throws.TypeOf<ArgumentOutOfRangeException>());
}
