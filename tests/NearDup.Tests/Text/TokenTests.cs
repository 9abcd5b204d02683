using System;
using System.Runtime.CompilerServices;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Text;

public class TokenTests
{
    [TestCase(TokenKind.Word, true)]
    [TestCase(TokenKind.Number, false)]
    [TestCase(TokenKind.Ideograph, true)]
    [TestCase(TokenKind.Punctuation, false)]
    public void Constructor_PartsAtTheirLimits_AreReadBackUnchanged(TokenKind kind, bool capitalized)
    {
        var token = new Token(Token.MaxOffset, Token.MaxOffset, ulong.MaxValue, kind, capitalized);
        Assert.That(
            (token.Start, token.Length, token.Hash, token.Kind, token.IsCapitalized, token.IsContent),
            Is.EqualTo((Token.MaxOffset, Token.MaxOffset, ulong.MaxValue, kind, capitalized, kind != TokenKind.Punctuation)));
    }

    [Test]
    public void Constructor_SmallParts_AreReadBackUnchanged()
    {
        var token = new Token(0, 0, 0, TokenKind.Word, IsCapitalized: false);
        Assert.That((token.Start, token.Length, token.Hash, token.Kind, token.IsCapitalized, token.End), Is.EqualTo((0, 0, 0UL, TokenKind.Word, false, 0)));
    }

    [Test]
    public void End_IsStartPlusLength() => Assert.That(new Token(1_000_000, 17, 5, TokenKind.Number, false).End, Is.EqualTo(1_000_017));

    [TestCase(-1, 3)]
    [TestCase(3, -1)]
    [TestCase(Token.MaxOffset + 1, 3)]
    [TestCase(3, Token.MaxOffset + 1)]
    [TestCase(int.MinValue, 0)]
    public void Constructor_OffsetOutOfRange_Throws(int start, int length) =>
        Assert.That(() => new Token(start, length, 1, TokenKind.Word, false), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Constructor_UnknownKind_Throws() =>
        Assert.That(() => new Token(0, 1, 1, (TokenKind)4, false), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Kind"));

    [TestCase(0, 0, TokenKind.Word, false)]
    [TestCase(Token.MaxOffset, Token.MaxOffset, TokenKind.Punctuation, true)]
    [TestCase(12, Token.MaxOffset, TokenKind.Number, true)]
    [TestCase(Token.MaxOffset, 3, TokenKind.Ideograph, false)]
    public void OfString_IsTheTokenTheConstructorMakes(int start, int length, TokenKind kind, bool capitalized) =>
        Assert.That(Token.OfString(start, length, 0xFEED_BEEFUL, kind, capitalized), Is.EqualTo(new Token(start, length, 0xFEED_BEEFUL, kind, capitalized)));

    [Test]
    public void With_EachPart_ChangesThatPartOnly()
    {
        var token = new Token(10, 4, 77, TokenKind.Word, true);
        Assert.That(
            new[] { token with { Start = 11 }, token with { Length = 5 }, token with { Hash = 78 }, token with { Kind = TokenKind.Number }, token with { IsCapitalized = false } },
            Is.EqualTo(new[]
            {
                new Token(11, 4, 77, TokenKind.Word, true), new Token(10, 5, 77, TokenKind.Word, true), new Token(10, 4, 78, TokenKind.Word, true),
                new Token(10, 4, 77, TokenKind.Number, true), new Token(10, 4, 77, TokenKind.Word, false),
            }));
    }

    [Test]
    public void With_OffsetOutOfRange_Throws() =>
        Assert.That(() => new Token(10, 4, 77, TokenKind.Word, true) with { Start = -1 }, Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Start"));

    [Test]
    public void With_UnknownKind_Throws() =>
        Assert.That(() => new Token(10, 4, 77, TokenKind.Word, true) with { Kind = (TokenKind)5 }, Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Kind"));

    // "ab cd, ef": tokens start at 0, 3, 5 (the comma) and 7.
    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(3, 1)]
    [TestCase(4, 2)]
    [TestCase(6, 3)]
    [TestCase(7, 3)]
    [TestCase(8, 4)]
    [TestCase(100, 4)]
    public void FirstTokenAtOrAfter_AnOffset_IsTheIndexOfTheFirstTokenStartingThereOrLater(int offset, int index) =>
        Assert.That(Tokenizer.FirstTokenAtOrAfter(Tokenizer.Tokenize("ab cd, ef"), offset), Is.EqualTo(index));

    [Test]
    public void FirstTokenAtOrAfter_NoTokens_IsZero() => Assert.That(Tokenizer.FirstTokenAtOrAfter([], 5), Is.Zero);

    [Test]
    public void Token_TakesSixteenBytes() => Assert.That(Unsafe.SizeOf<Token>(), Is.EqualTo(16));

    [Test]
    public void Deconstruct_GivesThePartsInTheConstructorsOrder()
    {
        var (start, length, hash, kind, capitalized) = new Token(7, 3, 99, TokenKind.Ideograph, true);
        Assert.That((start, length, hash, kind, capitalized), Is.EqualTo((7, 3, 99UL, TokenKind.Ideograph, true)));
    }

    [Test]
    public void Equals_SameParts_AreEqualAndHashAlike()
    {
        var a = new Token(4, 2, 42, TokenKind.Word, true);
        var b = new Token(4, 2, 42, TokenKind.Word, true);
        Assert.That((a == b, a.GetHashCode() == b.GetHashCode()), Is.EqualTo((true, true)));
    }

    [TestCase(5, 2, 42UL, TokenKind.Word, true)]
    [TestCase(4, 3, 42UL, TokenKind.Word, true)]
    [TestCase(4, 2, 43UL, TokenKind.Word, true)]
    [TestCase(4, 2, 42UL, TokenKind.Number, true)]
    [TestCase(4, 2, 42UL, TokenKind.Word, false)]
    public void Equals_AnyPartDiffering_AreNotEqual(int start, int length, ulong hash, TokenKind kind, bool capitalized) =>
        Assert.That(new Token(4, 2, 42, TokenKind.Word, true), Is.Not.EqualTo(new Token(start, length, hash, kind, capitalized)));
}
