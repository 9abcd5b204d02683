using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Verification;
using NearDup.VectorCheck;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

public class ChainerTests
{
    private const int MinSeeds = 5;
    private const int MinTokens = 12;

    /// <summary>Seeds (i, i + offset) for i in [from, from + count): one run copied along a diagonal.</summary>
    private static IEnumerable<Seed> Diagonal(int from, int count, int offset = 0)
    {
        for (int i = from; i < from + count; i++)
        {
            yield return new Seed(i, i + offset, Chainer.SeedScore);
        }
    }

    private static (int Chains, Seed[] Chained, int[] Bounds) Chain(Seed[] seeds)
    {
        var chained = new Seed[seeds.Length];
        var bounds = new int[2 * (seeds.Length / MinSeeds + 1)];
        int chains = Chainer.Chain(seeds, chained, bounds, MinSeeds, MinTokens);
        return (chains, chained, bounds);
    }

    private static int[] Rank(params int[] best)
    {
        int[] order = new int[best.Length], scratch = new int[best.Length];
        Chainer.RankByScore(best, order, scratch);
        return order;
    }

    [Test]
    public void RankByScore_EqualScores_KeepIndexOrder()
    {
        Assert.That(Rank(10, 30, 10, 30, 20), Is.EqualTo(new[] { 1, 3, 4, 0, 2 }));
    }

    [Test]
    public void RankByScore_ScoresMoreThan255Apart_SortsOnBothBytes()
    {
        // 300 and 256 differ only above the low byte, 299 and 300 only in it: a second pass is needed.
        Assert.That(Rank(0, 300, 256, 299, 1), Is.EqualTo(new[] { 1, 3, 2, 4, 0 }));
    }

    [Test]
    public void Chain_DiagonalSeeds_MakeOneChainOfAll()
    {
        Seed[] seeds = [.. Diagonal(0, 12)];
        var (chains, chained, bounds) = Chain(seeds);
        Assert.That((chains, bounds[0], bounds[1], chained), Is.EqualTo((1, 0, 12, seeds)));
    }

    [Test]
    public void Chain_ChainSpanningTooFewTokens_IsDropped()
    {
        Seed[] seeds = [.. Diagonal(0, MinTokens - 1)];
        Assert.That(Chain(seeds).Chains, Is.Zero);
    }

    [Test]
    public void Chain_RunsFurtherApartThanMaxGap_MakeTwoChainsEarlierFirst()
    {
        // Equal scores: the tie goes to the chain whose last seed comes first.
        int second = 12 + SpinAligner.MaxGap + SpinAligner.MaxSkew + 1;
        Seed[] seeds = [.. Diagonal(0, 12), .. Diagonal(second, 12)];
        var (chains, _, bounds) = Chain(seeds);
        Assert.That((chains, bounds[0], bounds[1], bounds[2], bounds[3]), Is.EqualTo((2, 0, 12, 12, 12)));
    }

    [Test]
    public void Chain_SecondCopyInBOfTheSameAText_IsDropped()
    {
        // B holds A's paragraph twice (at 0 and at 20): the second chain re-covers A's tokens 0–11 and adds nothing.
        // Seeds ordered by I, then J, as the seed table writes them.
        var seeds = new List<Seed>();
        for (int i = 0; i < 12; i++)
        {
            seeds.Add(new Seed(i, i, Chainer.SeedScore));
            seeds.Add(new Seed(i, i + 20, Chainer.SeedScore));
        }

        var (chains, chained, _) = Chain([.. seeds]);
        Assert.That((chains, chained[0].J), Is.EqualTo((1, 0)));
    }

    /// <summary>Score counts and spreads: fewer apart than there are seeds (the counting pass), just as many apart, and
    /// far more (the radix passes, one to four of them); seeds fixed.</summary>
    private static readonly (int Count, int Spread, int Seed)[] Rankings =
    [
        (1, 1, 1), (2, 1, 2), (2, 2, 3), (10, 3, 4), (10, 10, 5), (10, 11, 6), (300, 100, 7), (300, 300, 8),
        (300, 299, 9), (1000, 70_000, 10), (1000, 20_000_000, 11), (5000, 4999, 12),
    ];

    [TestCaseSource(nameof(Rankings))]
    public void RankByScore_RandomScores_OrderAsAStableSortByDescendingScore((int Count, int Spread, int Seed) c)
    {
        var random = new Random(c.Seed);
        int[] best = [.. Enumerable.Range(0, c.Count).Select(_ => random.Next(c.Spread) - (c.Spread / 3))];
        int[] expected = [.. Enumerable.Range(0, c.Count).OrderByDescending(i => best[i]).ThenBy(i => i)];
        Assert.That(Rank(best), Is.EqualTo(expected));
    }

    [Test]
    public void Chain_TooShortChainRankedFirst_LeavesTheNextChainWholeAtTheStart()
    {
        // Four dense seeds score 200 and rank first but are too few; five seeds five tokens apart score 50 + 4 · 34 = 186
        // and make the one chain, written from the start of the output in order.
        Seed[] spaced = [.. Enumerable.Range(0, 5).Select(k => new Seed(100 + (5 * k), 200 + (5 * k), Chainer.SeedScore))];
        Seed[] seeds = [.. Diagonal(0, 4), .. spaced];
        var (chains, chained, bounds) = Chain(seeds);
        Assert.Multiple(() =>
        {
            Assert.That((chains, bounds[0], bounds[1]), Is.EqualTo((1, 0, 5)));
            Assert.That(chained.Take(5), Is.EqualTo(spaced));
        });
    }

    [TestCaseSource(typeof(VectorOracle), nameof(VectorOracle.ChainLinkCases))]
    public void Link_RandomSeedsSparseAndDenseRows_SameScoresAndPredecessorsAsTheScalarScan((int Rows, int MaxPerRow, int Seed) c)
    {
        (int[] vector, int[] scalar) = VectorOracle.LinkOf(VectorOracle.RandomSeeds(c.Rows, c.MaxPerRow, c.Seed));
        Assert.That(vector, Is.EqualTo(scalar));
    }

    private static (int[] Best, int[] Prev) Linked(Seed[] seeds)
    {
        int[] seedI = [.. seeds.Select(s => s.I)], seedJ = [.. seeds.Select(s => s.J)];
        int[] best = new int[seeds.Length], prev = new int[seeds.Length];
        Chainer.Link(seedI, seedJ, seeds, best, prev);
        return (best, prev);
    }

    [Test]
    public void Link_NoSeeds_WritesNothing()
    {
        Assert.That(Linked([]), Is.EqualTo((Array.Empty<int>(), Array.Empty<int>())));
    }

    [Test]
    public void Link_RowOfManySeeds_PicksTheDiagonalPredecessorNotTheFirstOfTheRow()
    {
        // Row 0 holds twenty seeds (a word B repeats); the seed (1, 11) extends only (0, 10), the eleventh of them, which
        // the vector path meets in its second vector.
        Seed[] seeds = [.. Enumerable.Range(0, 20).Select(j => new Seed(0, j, Chainer.SeedScore)), new Seed(1, 11, Chainer.SeedScore)];
        var (best, prev) = Linked(seeds);
        Assert.That((best[^1], prev[^1]), Is.EqualTo((2 * Chainer.SeedScore, 10)));
    }
}
