using System;
using System.Linq;
using NearDup.Shingles;
using NUnit.Framework;

namespace NearDup.Tests.Shingles;

public class ShinglerTests
{
    private static readonly ShingleSpec Word5 = new(ShingleUnit.Word, 5);

    [TestCase(0, 5, 0)]  // no tokens, no shingle
    [TestCase(1, 5, 1)]  // shorter than k: one shingle of everything
    [TestCase(4, 5, 1)]
    [TestCase(5, 5, 1)]  // exactly k
    [TestCase(6, 5, 2)]
    [TestCase(100, 5, 96)]
    [TestCase(100, 1, 100)]
    public void WordShingleCount_Examples(int tokens, int size, int expected) =>
        Assert.That(Shingler.WordShingleCount(tokens, size), Is.EqualTo(expected));

    [Test]
    public void Shingle_WordCount_MatchesWordShingleCount() =>
        Assert.That(Shingler.Shingle("one two three four five six seven eight", Word5), Has.Length.EqualTo(Shingler.WordShingleCount(8, 5)));

    [Test]
    public void Shingle_IdenticalTokenSequences_GiveEqualShingles() =>
        Assert.That(
            Shingler.Shingle("Alpha, beta gamma; DELTA epsilon zeta eta.", Word5),
            Is.EqualTo(Shingler.Shingle("alpha beta\n gamma delta — epsilon zeta eta", Word5)));

    [Test]
    public void Shingle_DifferentWordOrder_GivesDifferentShingles() =>
        Assert.That(
            Shingler.Shingle("alpha beta gamma delta epsilon", Word5),
            Is.Not.EqualTo(Shingler.Shingle("beta alpha gamma delta epsilon", Word5)));

    [Test]
    public void Shingle_DocumentShorterThanK_GivesOneShingle() =>
        Assert.That(Shingler.Shingle("just three words", Word5), Has.Length.EqualTo(1));

    [Test]
    public void Shingle_OnlyPunctuation_GivesNoShingle() =>
        Assert.That(Shingler.Shingle("... !!! ,,,", Word5), Is.Empty);

    [Test]
    public void Shingle_SharedRun_SharesExactlyTheShinglesInsideIt()
    {
        // "c d e f g" is the only 5-token run the two texts share.
        ulong[] a = Shingler.Shingle("a b c d e f g h", Word5);
        ulong[] b = Shingler.Shingle("x y c d e f g z", Word5);
        Assert.That(a.Intersect(b).Count(), Is.EqualTo(1));
    }

    [Test]
    public void WordShingles_ShingleI_StartsAtTokenI()
    {
        ulong[] tokens = [1, 2, 3, 4, 5, 6, 7];
        var all = new ulong[Shingler.WordShingleCount(tokens.Length, 3)];
        Shingler.WordShingles(tokens, 3, all);
        var tail = new ulong[1];
        Shingler.WordShingles(tokens.AsSpan(4, 3), 3, tail);
        Assert.That(all[4], Is.EqualTo(tail[0]));
    }

    [Test]
    public void WordShingles_DestinationTooShort_ThrowsArgumentException()
    {
        var destination = new ulong[2];
        Assert.That(() => Shingler.WordShingles(new ulong[] { 1, 2, 3, 4 }, 2, destination), Throws.ArgumentException);
    }

    [Test]
    public void CharacterShingles_IgnoreCaseAndWhitespace() =>
        Assert.That(Shingler.CharacterShingles("Ab  CD\nef", 3), Is.EqualTo(Shingler.CharacterShingles("abcdef", 3)));

    [Test]
    public void CharacterShingles_Count_IsLengthMinusKPlusOne() =>
        Assert.That(Shingler.CharacterShingles("abcdefgh", 3), Has.Length.EqualTo(6));

    [Test]
    public void CharacterShingles_Hash_IsGoldenXxHash3OfLittleEndianUtf16()
    {
        // Stored in sketches, so fixed on every machine: XxHash3 of the normalised characters' UTF-16 little-endian bytes
        // (recorded 2026-12-03 on x64; "Ab Cé" normalises to "abcé").
        byte[] littleEndian = new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes("abc");
        Assert.That(
            (Shingler.CharacterShingles("Ab Cé", 3), System.IO.Hashing.XxHash3.HashToUInt64(littleEndian, Shingler.ShingleHashSeed)),
            Is.EqualTo((new[] { 0x213A685A0714ED1FUL, 0x63B90F69AFEE9DD5UL }, 0x213A685A0714ED1FUL)));
    }
}
