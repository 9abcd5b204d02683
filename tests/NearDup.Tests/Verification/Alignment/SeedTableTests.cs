using System.Buffers;
using System.Linq;
using NearDup.Text;
using NearDup.Verification;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

public class SeedTableTests
{
    // Any distinct values do: the seed table compares hashes only.
    private const ulong The = 1, Old = 2, Harbour = 3, Quay = 4, Boats = 5;

    private static Token[] Tokens(params ulong[] hashes) =>
        [.. hashes.Select((h, k) => new Token(2 * k, 1, h, TokenKind.Word, IsCapitalized: false))];

    private static Seed[] FindSeeds(Token[] a, Token[] b, bool[] functionA)
    {
        // The smallest array the aligner starts with, so that longer results go through growing it.
        Seed[] rented = ArrayPool<Seed>.Shared.Rent(64);
        try
        {
            int count = SeedTable.FindSeeds(a, b, functionA, ref rented);
            return rented[..count];
        }
        finally
        {
            ArrayPool<Seed>.Shared.Return(rented);
        }
    }

    [Test]
    public void FindSeeds_ContentWord_SeedsEveryPositionInBInOrder()
    {
        Seed[] seeds = FindSeeds(Tokens(Harbour, Quay), Tokens(Quay, Harbour, Boats, Harbour), [false, false]);
        Seed[] expected = [new(0, 1, Chainer.SeedScore), new(0, 3, Chainer.SeedScore), new(1, 0, Chainer.SeedScore)];
        Assert.That(seeds, Is.EqualTo(expected));
    }

    [Test]
    public void FindSeeds_FunctionWordWithoutMatchingNeighbour_IsNoSeed()
    {
        Seed[] seeds = FindSeeds(Tokens(Old, The, Harbour), Tokens(Boats, The, Quay), [false, true, false]);
        Assert.That(seeds, Is.Empty);
    }

    [Test]
    public void FindSeeds_FunctionWordWithMatchingNeighbour_SeedsAtFunctionScore()
    {
        Seed[] seeds = FindSeeds(Tokens(Old, The, Harbour), Tokens(Old, The, Quay), [false, true, false]);
        Seed[] expected = [new(0, 0, Chainer.SeedScore), new(1, 1, Chainer.FunctionSeedScore)];
        Assert.That(seeds, Is.EqualTo(expected));
    }

    [Test]
    public void FindSeeds_KeyTooFrequentBeforeAnyKeyOnceInB_IsNoSeed()
    {
        // Nothing says where A lies in B yet (an excerpt, or a chunk of a stream at another offset): no band.
        // Every key of one, two or three harbours occurs more than MaxOccurrences times in B; A begins with a word B lacks.
        Token[] b = Tokens([.. Enumerable.Repeat(Harbour, 100)]);
        Token[] a = Tokens([Quay, .. Enumerable.Repeat(Harbour, 89)]);
        Assert.That(FindSeeds(a, b, new bool[a.Length]), Is.Empty);
    }

    [Test]
    public void FindSeeds_KeyTooFrequentAfterAWordOnceInB_SeedsAroundThatWordsDiagonal()
    {
        // B: 100 × harbour with quay at 60. A: quay and four harbours. A's quay is once in B (diagonal +60); A's last
        // harbour, too frequent even as three words (B's three harbours in a row end at 2–59 and 63–99), is expected at
        // 64 and seeds at the eight three-word ends nearest it.
        ulong[] hb = [.. Enumerable.Repeat(Harbour, 100)];
        hb[60] = Quay;
        Seed[] seeds = FindSeeds(Tokens(Quay, Harbour, Harbour, Harbour, Harbour), Tokens(hb), [false, false, false, false, false]);
        int[] atFour = [.. seeds.Where(s => s.I == 4).Select(s => s.J)];
        Assert.That(atFour, Is.EqualTo(new[] { 57, 58, 59, 63, 64, 65, 66, 67 }));
    }

    [Test]
    public void FindSeeds_FunctionWordOnceInBWithoutItsNeighbours_AnchorsNothing()
    {
        // B: 100 × harbour with "the" at 90. A's "the" is once in B but its neighbours differ there: no seed, and no
        // diagonal +90 for A's token 4, whose key is too frequent: without a diagonal it seeds nowhere.
        ulong[] hb = [.. Enumerable.Repeat(Harbour, 100)];
        hb[90] = The;
        Seed[] seeds = FindSeeds(Tokens(The, Boats, Harbour, Harbour, Harbour), Tokens(hb), [true, false, false, false, false]);
        Assert.That(seeds, Is.Empty);
    }

    [Test]
    public void FindSeeds_KeyTooFrequentInTwoTextsThatBeginAlike_BandsFromTheirStarts()
    {
        // No key occurs once, but both begin with the same eight harbours: the diagonal starts at 0, and A's token 10
        // (three-word ends 2–99 in B) seeds at the eight ends nearest 10.
        Token[] a = Tokens([.. Enumerable.Repeat(Harbour, 90)]);
        Token[] b = Tokens([.. Enumerable.Repeat(Harbour, 100)]);
        Assert.That(FindSeeds(a, b, new bool[a.Length]).Where(s => s.I == 10).Select(s => s.J), Is.EqualTo(Enumerable.Range(6, SeedTable.BandSeeds)));
    }

    [TestCase(8, 8, 0, true, TestName = "StartTogether_SameEightTokensAndLength_IsTrue")]
    [TestCase(8, 8, 7, false, TestName = "StartTogether_TheEighthTokenDiffers_IsFalse")]
    [TestCase(8, 11, 0, false, TestName = "StartTogether_TheShorterUnderFourFifthsOfTheLonger_IsFalse")]
    [TestCase(7, 7, 0, false, TestName = "StartTogether_FewerThanEightTokens_IsFalse")]
    public void StartTogether_AsksTheFirstTokensAndTheLengths(int lengthA, int lengthB, int differsAt, bool expected)
    {
        ulong[] a = [.. Enumerable.Range(0, lengthA).Select(k => 100UL + (ulong)k)];
        ulong[] b = [.. Enumerable.Range(0, lengthB).Select(k => 100UL + (ulong)k)];
        if (differsAt > 0)
        {
            b[differsAt] = Quay;
        }

        Assert.That(SeedTable.StartTogether(Tokens(a), Tokens(b)), Is.EqualTo(expected));
    }

    [Test]
    public void Nearest_BetweenTwoPositions_IsTheNearerAndTheEarlierOnATie()
    {
        int[] positions = [2, 10, 20];
        int[] found = [SeedTable.Nearest(positions, 0), SeedTable.Nearest(positions, 6), SeedTable.Nearest(positions, 7), SeedTable.Nearest(positions, 15), SeedTable.Nearest(positions, 99)];
        Assert.That(found, Is.EqualTo(new[] { 0, 0, 1, 1, 2 }));
    }

    [Test]
    public void FindSeeds_WordExactlyMaxOccurrencesInB_SeedsEachOne()
    {
        Token[] b = Tokens([.. Enumerable.Repeat(Harbour, SpinAligner.MaxOccurrences)]);
        Assert.That(FindSeeds(Tokens(Harbour), b, [false]), Has.Length.EqualTo(SpinAligner.MaxOccurrences));
    }

    [Test]
    public void FindSeeds_MoreSeedsThanTheArrayHolds_GrowsItKeepingOrder()
    {
        // 4 × 40 = 160 seeds into an array of 64: two doublings.
        Token[] a = Tokens(Harbour, Harbour, Harbour, Harbour);
        Token[] b = Tokens([.. Enumerable.Repeat(Harbour, 40)]);
        Seed[] seeds = FindSeeds(a, b, [false, false, false, false]);
        Seed[] expected = [.. Enumerable.Range(0, 160).Select(k => new Seed(k / 40, k % 40, Chainer.SeedScore))];
        Assert.That(seeds, Is.EqualTo(expected));
    }
}
