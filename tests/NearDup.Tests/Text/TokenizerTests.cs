using System;
using System.Linq;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Text;

public class TokenizerTests
{
    private static ulong H(string normalized) => Tokenizer.HashNormalized(normalized);

    private static Token Single(string text)
    {
        Token[] tokens = Tokenizer.Tokenize(text);
        Assert.That(tokens, Has.Length.EqualTo(1), $"expected one token in \"{text}\"");
        return tokens[0];
    }

    private static string[] Slices(string text) =>
        Tokenizer.Tokenize(text).Select(t => text.Substring(t.Start, t.Length)).ToArray();

    /// <summary>The scalar oracle of the growing tokeniser: tokens written into an array as long as the text.</summary>
    private static Token[] IntoFullArray(string text)
    {
        var destination = new Token[text.Length];
        int count = Tokenizer.Tokenize(text, destination);
        return destination[..count];
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(20_000)]
    public void Tokenize_TextOfIdeographsThatOutgrowsTheFirstArray_GivesEveryToken(int words)
    {
        // One token per ideograph and per punctuation mark: four times the first guess of a token per four characters.
        var random = new Random(words);
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < words; i++)
        {
            builder.Append(random.Next(4) switch
            {
                0 => "東京",
                1 => "...",
                2 => " word ",
                _ => "éá!",
            });
        }

        string text = builder.ToString();
        Assert.That(Tokenizer.Tokenize(text), Is.EqualTo(IntoFullArray(text)));
    }

    [TestCase(512)]
    [TestCase(513)]
    public void Tokenize_TokensFillingTheFirstArray_GivesEveryToken(int marks)
    {
        // 1,792 characters make a first array of 1792 / 4 + 64 = 512 tokens (a power of two, so the pool's array is
        // exactly that long): 512 one-character tokens fill it, 513 make it grow at the last one.
        string text = new string('!', marks) + new string(' ', 1792 - marks);
        Token[] tokens = Tokenizer.Tokenize(text);
        Assert.Multiple(() =>
        {
            Assert.That(tokens, Has.Length.EqualTo(marks));
            Assert.That(tokens, Is.EqualTo(IntoFullArray(text)));
        });
    }

    [Test]
    public void Tokenize_Offsets_SliceTheOriginalText()
    {
        // Mixed scripts, a BOM, a ligature, inner apostrophe, numbers and punctuation: every slice is the source token.
        const string text = "\uFEFFThe ﬁrst  café, don\u2019t\u00A0stop: 1,000 × 3.5 東京!";
        Assert.That(
            Slices(text),
            Is.EqualTo(new[] { "The", "ﬁrst", "café", ",", "don\u2019t", "stop", ":", "1,000", "3.5", "東", "京", "!" }));
    }

    [Test]
    public void Tokenize_WordWithZeroWidthSpace_SliceSpansTheInvisibleCharacter()
    {
        const string text = "ab hel\u200Blo cd";
        Token token = Tokenizer.Tokenize(text)[1];
        Assert.That(text.Substring(token.Start, token.Length), Is.EqualTo("hel\u200Blo"));
    }

    [Test]
    public void Tokenize_FullwidthLetters_HashLikeAscii() =>
        Assert.That(Single("ＡＢＣ").Hash, Is.EqualTo(H("abc")));

    [Test]
    public void Tokenize_Ligature_HashesLikeItsLetters() =>
        Assert.That(Single("ﬁ").Hash, Is.EqualTo(H("fi")));

    [Test]
    public void Tokenize_LigatureInsideWord_HashesLikePlainWord() =>
        Assert.That(Single("ﬁne").Hash, Is.EqualTo(Single("fine").Hash));

    [TestCase("HELLO", "hello")]
    [TestCase("Hello", "hello")]
    [TestCase("ÉCOLE", "école")]
    [TestCase("ΣΟΦΟΣ", "σοφοσ")] // final sigma folds to sigma
    [TestCase("σοφος", "σοφοσ")]
    public void Tokenize_UpperCase_HashesLikeLowerCase(string text, string lower) =>
        Assert.That(Single(text).Hash, Is.EqualTo(Single(lower).Hash));

    [TestCase("hel\u200Blo", TestName = "Tokenize_ZeroWidthSpaceInsideWord_DoesNotSplitIt")]
    [TestCase("hel\u200Dlo", TestName = "Tokenize_ZeroWidthJoinerInsideWord_DoesNotSplitIt")]
    [TestCase("hel\u00ADlo", TestName = "Tokenize_SoftHyphenInsideWord_DoesNotSplitIt")]
    [TestCase("hel\u2060lo", TestName = "Tokenize_WordJoinerInsideWord_DoesNotSplitIt")]
    public void Tokenize_InvisibleCharacterInsideWord_HashesLikePlainWord(string text) =>
        Assert.That(Single(text).Hash, Is.EqualTo(H("hello")));

    [Test]
    public void Tokenize_LeadingBom_IsIgnored()
    {
        Token token = Single("\uFEFFhello");
        Assert.That((token.Hash, token.Start), Is.EqualTo((H("hello"), 1)));
    }

    [TestCase("hello\u00A0world", TestName = "Tokenize_NoBreakSpace_SeparatesTokens")]
    [TestCase("hello\u3000world", TestName = "Tokenize_IdeographicSpace_SeparatesTokens")]
    [TestCase("hello\u2009world", TestName = "Tokenize_ThinSpace_SeparatesTokens")]
    [TestCase("hello\r\n\tworld", TestName = "Tokenize_LineBreakAndTab_SeparateTokens")]
    public void Tokenize_Whitespace_SeparatesTokens(string text) =>
        Assert.That(Tokenizer.Tokenize(text).Select(t => t.Hash), Is.EqualTo(new[] { H("hello"), H("world") }));

    [TestCase("don\u2019t", TestName = "Tokenize_RightSingleQuoteApostrophe_HashesLikeAsciiApostrophe")]
    [TestCase("don\u02BCt", TestName = "Tokenize_ModifierLetterApostrophe_HashesLikeAsciiApostrophe")]
    [TestCase("don\uFF07t", TestName = "Tokenize_FullwidthApostrophe_HashesLikeAsciiApostrophe")]
    public void Tokenize_TypographicApostrophe_HashesLikeAsciiApostrophe(string text) =>
        Assert.That(Single(text).Hash, Is.EqualTo(Single("don't").Hash));

    [Test]
    public void Tokenize_ApostropheBetweenLetters_StaysInsideWord() =>
        Assert.That(Single("don't").Hash, Is.EqualTo(H("don't")));

    [TestCase("\u201C", "\"")]
    [TestCase("\u201D", "\"")]
    [TestCase("\u00AB", "\"")]
    [TestCase("\u2018", "'")]
    [TestCase("\u2013", "-")] // en dash
    [TestCase("\u2014", "-")] // em dash
    [TestCase("\uFF0D", "-")] // fullwidth hyphen-minus
    public void Tokenize_TypographicQuoteOrDash_HashesLikeAsciiForm(string typographic, string ascii)
    {
        Token token = Single(typographic);
        Assert.That((token.Hash, token.Kind), Is.EqualTo((H(ascii), TokenKind.Punctuation)));
    }

    [TestCase("1,000")]
    [TestCase("3.5")]
    [TestCase("1,234,567.89")]
    public void Tokenize_NumberWithInnerSeparators_IsOneNumberToken(string text)
    {
        Token token = Single(text);
        Assert.That((token.Kind, token.Hash, token.Length), Is.EqualTo((TokenKind.Number, H(text), text.Length)));
    }

    [Test]
    public void Tokenize_TrailingPeriodAfterNumber_IsPunctuation() =>
        Assert.That(
            Tokenizer.Tokenize("in 1999.").Select(t => t.Kind),
            Is.EqualTo(new[] { TokenKind.Word, TokenKind.Number, TokenKind.Punctuation }));

    [TestCase("我们学习中文", TestName = "Tokenize_Chinese_OneIdeographTokenPerCharacter")]
    [TestCase("ひらがな", TestName = "Tokenize_Hiragana_OneIdeographTokenPerCharacter")]
    [TestCase("カタカナ", TestName = "Tokenize_Katakana_OneIdeographTokenPerCharacter")]
    [TestCase("학교에서", TestName = "Tokenize_Hangul_OneIdeographTokenPerSyllable")]
    [TestCase("กขคง", TestName = "Tokenize_ThaiConsonants_OneIdeographTokenPerCharacter")]
    public void Tokenize_UnsegmentedScript_OneIdeographTokenPerCharacter(string text)
    {
        Token[] tokens = Tokenizer.Tokenize(text);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tokens.Select(t => text.Substring(t.Start, t.Length)), Is.EqualTo(text.Select(c => c.ToString())));
            Assert.That(tokens.Select(t => t.Kind), Is.All.EqualTo(TokenKind.Ideograph));
        }
    }

    [Test]
    public void Tokenize_ThaiVowelSign_StaysWithItsConsonant()
    {
        // "กี" is ก (U+0E01) with the combining vowel sign ี (U+0E35): one character, one token.
        Token token = Single("\u0E01\u0E35");
        Assert.That((token.Kind, token.Hash), Is.EqualTo((TokenKind.Ideograph, H("\u0E01\u0E35"))));
    }

    [Test]
    public void Tokenize_ThaiWord_OneTokenPerConsonantWithItsMarks() =>
        Assert.That(Slices("\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35"), Is.EqualTo(new[] { "\u0E2A", "\u0E27\u0E31", "\u0E2A", "\u0E14\u0E35" })); // สวัสดี

    [Test]
    public void Tokenize_DecomposedKana_HashesLikePrecomposed() =>
        Assert.That(Single("\u304B\u3099").Hash, Is.EqualTo(Single("\u304C").Hash)); // か + combining dakuten = が under NFKC

    [Test]
    public void Tokenize_DecomposedHangul_HashesLikeComposedSyllables() =>
        Assert.That(
            Tokenizer.Tokenize("한국어 학교".Normalize(System.Text.NormalizationForm.FormD)).Select(t => t.Hash),
            Is.EqualTo(Tokenizer.Tokenize("한국어 학교").Select(t => t.Hash))); // jamo vowels and finals join their syllable

    [Test]
    public void Tokenize_MinusSign_IsAHyphenPunctuationToken() =>
        Assert.That(Tokenizer.Tokenize("5 − 3")[1].Hash, Is.EqualTo(H("-")));

    [Test]
    public void Tokenize_IdeographOutsideBmp_IsOneTokenOfTwoCodeUnits() =>
        Assert.That(Slices("\U00020000\U00020001"), Is.EqualTo(new[] { "\U00020000", "\U00020001" })); // CJK extension B

    [Test]
    public void Tokenize_IdeographHash_IsHashOfTheCharacter() =>
        Assert.That(Tokenizer.Tokenize("中文").Select(t => t.Hash), Is.EqualTo(new[] { H("中"), H("文") }));

    [Test]
    public void Tokenize_ChineseMixedWithLatin_SplitsAtScriptBoundary() =>
        Assert.That(Slices("用NearDup去重"), Is.EqualTo(new[] { "用", "NearDup", "去", "重" }));

    [Test]
    public void Tokenize_Punctuation_IsPunctuationKind() =>
        Assert.That(
            Tokenizer.Tokenize("Hello, world! (yes)").Select(t => t.Kind),
            Is.EqualTo(new[]
            {
                TokenKind.Word, TokenKind.Punctuation, TokenKind.Word, TokenKind.Punctuation,
                TokenKind.Punctuation, TokenKind.Word, TokenKind.Punctuation,
            }));

    [Test]
    public void Tokenize_Symbols_AreDropped() =>
        Assert.That(Slices("a + b = c $ 5"), Is.EqualTo(new[] { "a", "b", "c", "5" }));

    [Test]
    public void Tokenize_CapitalizedWord_IsMarkedCapitalized() =>
        Assert.That(Tokenizer.Tokenize("Paris is big").Select(t => t.IsCapitalized), Is.EqualTo(new[] { true, false, false }));

    [Test]
    public void Tokenize_Empty_ReturnsNoTokens() =>
        Assert.That(Tokenizer.Tokenize(string.Empty), Is.Empty);

    [Test]
    public void Tokenize_DestinationShorterThanText_ThrowsArgumentException()
    {
        var destination = new Token[2];
        Assert.That(
            () => Tokenizer.Tokenize("abc", destination),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("destination"));
    }

    [Test]
    public void Tokenize_DestinationExactlyTextLength_Succeeds()
    {
        var destination = new Token[5];
        Assert.That(Tokenizer.Tokenize("a b c", destination), Is.EqualTo(3));
    }

    [Test]
    public void Tokenize_SpanOverload_MatchesArrayOverload()
    {
        const string text = "One, two; THREE — four’s 5.5 五";
        var destination = new Token[text.Length];
        int n = Tokenizer.Tokenize(text, destination);
        Assert.That(destination.Take(n), Is.EqualTo(Tokenizer.Tokenize(text)));
    }

    [Test]
    public void NormalizedForm_OfEachToken_HashesToTheTokenHash()
    {
        const string text = "ＡＢＣ ﬁne Don\u2019t 1,000 — 東京 hel\u00ADlo";
        Token[] tokens = Tokenizer.Tokenize(text);
        Assert.That(tokens.Select(t => H(Tokenizer.NormalizedForm(text, t))), Is.EqualTo(tokens.Select(t => t.Hash)));
    }

    [Test]
    public void Tokenize_VeryLongToken_DiffersFromItsTruncation()
    {
        string a = new('a', 200), b = new('a', 201);
        Assert.That(Single(a).Hash, Is.Not.EqualTo(Single(b).Hash));
    }

    [Test]
    public void Tokenize_LongTokensSharingTheirFirst128Characters_HashApart()
    {
        // Two keys of one length that differ only at their end: before whole hashing, one word.
        string stem = new('k', 300);
        Assert.That(Single(stem + "x").Hash, Is.Not.EqualTo(Single(stem + "y").Hash));
    }

    [TestCase(129)]
    [TestCase(1000)]
    [TestCase(100_000)]
    public void Tokenize_LongAsciiToken_HashIsTheHashOfItsWholeLowerCaseForm(int length)
    {
        string word = string.Concat(Enumerable.Range(0, length).Select(i => (char)('A' + (i * 7 % 26))));
        Assert.That(Single(word).Hash, Is.EqualTo(H(word.ToLowerInvariant())));
    }

    [Test]
    public void Tokenize_TokenOfExactly128Characters_HashIsTheHashOfItsForm()
    {
        string word = new('q', 128);
        Assert.That(Single(word).Hash, Is.EqualTo(H(word)));
    }

    [Test]
    public void Tokenize_LongNonAsciiToken_HashesItsWholeNfkcLowerCaseFormWhetherComposedOrNot()
    {
        string composed = string.Concat(Enumerable.Repeat("\u00C9t\u00E9", 60));   // "Été" × 60, 180 characters
        string decomposed = composed.Normalize(System.Text.NormalizationForm.FormD); // 300 characters
        string form = composed.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant();
        Assert.That((Single(composed).Hash, Single(decomposed).Hash), Is.EqualTo((H(form), H(form))));
    }

    [Test]
    public void NormalizedForm_OfALongToken_IsTheWholeForm()
    {
        string text = "see " + new string('Z', 500) + " here";
        Token[] tokens = Tokenizer.Tokenize(text);
        Assert.That((Tokenizer.NormalizedForm(text, tokens[1]), tokens[2].Start), Is.EqualTo((new string('z', 500), 505)));
    }

    [Test]
    public void Tokenize_WithoutWholeHashing_KeepsTheFirst128CharactersAndTheLengthAsIndexesBeforeOptionsVersion4()
    {
        string stem = new('k', 300);
        var tokens = new Token[302];
        Tokenizer.Tokenize(stem + "x", tokens, foldConfusables: true, hashWholeTokens: false);
        ulong x = tokens[0].Hash;
        Tokenizer.Tokenize(stem + "y", tokens, foldConfusables: true, hashWholeTokens: false);
        Assert.That((tokens[0].Hash, x), Is.EqualTo((x, H(new string('k', 128)) ^ unchecked(301UL * 0x9E37_79B9_7F4A_7C15UL))));
    }

    /// <summary>
    /// Golden token hashes: they are stored (in sketches, shingle hashes and function-word lists), so they must be the
    /// same on every machine and build. Each is XxHash3 of the normalised form's UTF-16 little-endian bytes, written
    /// out here with an explicit encoder, so a big-endian machine hashing its native char order would fail.
    /// Recorded 2026-12-03 on x64.
    /// </summary>
    [TestCase("crocus", "crocus", 0x7DF62EC82188236CUL, TestName = "Tokenize_AsciiWord_HashIsGoldenAndLittleEndian")] // the ASCII fast path
    [TestCase("Café", "café", 0x7EA702145CACD5FFUL, TestName = "Tokenize_NonAsciiWord_HashIsGoldenAndLittleEndian")] // the general word path
    [TestCase("中", "中", 0xA4CA9706DF37F02FUL, TestName = "Tokenize_Ideograph_HashIsGoldenAndLittleEndian")] // one token per character
    public void Tokenize_TokenHash_IsXxHash3OfLittleEndianUtf16(string text, string normalized, ulong golden)
    {
        byte[] littleEndian = new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes(normalized);
        ulong expected = System.IO.Hashing.XxHash3.HashToUInt64(littleEndian, Tokenizer.TokenHashSeed);
        Assert.That(
            (Single(text).Hash, H(normalized), expected),
            Is.EqualTo((golden, golden, golden)));
    }
}
