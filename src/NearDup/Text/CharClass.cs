using System.Globalization;
using System.Runtime.CompilerServices;

namespace NearDup.Text;

/// <summary>How the tokenizer treats a code point.</summary>
internal enum CharClass : byte
{
    /// <summary>Ends a token and is dropped: white space of any kind, controls, symbols.</summary>
    Separator,

    /// <summary>Invisible and dropped without ending a word: zero-width characters, soft hyphen, BOM, variation selectors.</summary>
    Ignorable,

    /// <summary>A letter of a space-separated script.</summary>
    Letter,

    /// <summary>A digit or other numeric character.</summary>
    Digit,

    /// <summary>A combining mark: continues the token before it.</summary>
    Mark,

    /// <summary>A character of a script written without spaces; each is a token of its own.</summary>
    Segmented,

    /// <summary>An apostrophe: inside a word between letters it is part of the word, elsewhere punctuation.</summary>
    Apostrophe,

    /// <summary>Punctuation.</summary>
    Punctuation,
}

/// <summary>Classifies code points for <see cref="Tokenizer"/>; ASCII through a table, the rest through Unicode categories.</summary>
internal static class CharClassifier
{
    private static readonly CharClass[] Ascii = BuildAscii();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CharClass Classify(int codePoint) =>
        codePoint < 128 ? Ascii[codePoint] : ClassifyNonAscii(codePoint);

    private static CharClass[] BuildAscii()
    {
        var table = new CharClass[128];
        for (int c = 0; c < 128; c++)
        {
            table[c] = c switch
            {
                >= 'a' and <= 'z' or >= 'A' and <= 'Z' => CharClass.Letter,
                >= '0' and <= '9' => CharClass.Digit,
                '\'' => CharClass.Apostrophe,
                '!' or '"' or '#' or '%' or '&' or '(' or ')' or '*' or ',' or '-' or '.' or '/' or ':' or ';' or '?' or '@'
                    or '[' or '\\' or ']' or '_' or '{' or '}' => CharClass.Punctuation,
                _ => CharClass.Separator,
            };
        }

        return table;
    }

    private static CharClass ClassifyNonAscii(int cp)
    {
        switch (cp)
        {
            case 0x00AD: // soft hyphen
            case 0x034F: // combining grapheme joiner
            case 0x180E: // Mongolian vowel separator
            case >= 0x200B and <= 0x200D: // zero-width space, non-joiner, joiner
            case >= 0x2060 and <= 0x2064: // word joiner and invisible operators
            case 0xFEFF: // BOM / zero-width no-break space
            case >= 0xFE00 and <= 0xFE0F: // variation selectors
                return CharClass.Ignorable;
            case >= 0x1160 and <= 0x11FF: // Hangul medial vowels and final consonants: with the leading consonant before
            case >= 0xD7B0 and <= 0xD7FF: // them they form one syllable, which NFKC composes when they stay one token
                return CharClass.Mark;
            case 0x2212: // minus sign: a dash to readers, unified with '-'
                return CharClass.Punctuation;
            case 0x2019: // right single quotation mark, the usual typographic apostrophe
            case 0x02BC: // modifier letter apostrophe
            case 0xFF07: // fullwidth apostrophe
                return CharClass.Apostrophe;
        }

        if (IsSegmentedScript(cp))
        {
            // Combining marks of these scripts (Thai vowel signs, the kana dakuten U+3099) continue the character before
            // them, as NormalizeSingle expects; classed Segmented they became tokens of their own and broke NFKC equality.
            return CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark ? CharClass.Mark : CharClass.Segmented;
        }

        return CharUnicodeInfo.GetUnicodeCategory(cp) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => CharClass.Mark,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharClass.Digit,
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => CharClass.Punctuation,
            UnicodeCategory.Format => CharClass.Ignorable,
            _ => CharClass.Separator,
        };
    }

    /// <summary>Scripts written without spaces between words, where every character is a token.</summary>
    /// <remarks>
    /// Hangul is space-separated, but Korean words carry particles (학교에, 학교를), so character tokens
    /// (and character-bigram shingles) match far better than whole words; Lucene's CJK analyzer makes the same choice.
    /// </remarks>
    internal static bool IsSegmentedScript(int cp) => cp switch
    {
        >= 0x0E00 and <= 0x0EFF => true,   // Thai, Lao
        >= 0x1000 and <= 0x109F => true,   // Myanmar
        >= 0x1100 and <= 0x11FF => true,   // Hangul Jamo
        >= 0x1780 and <= 0x17FF => true,   // Khmer
        >= 0x2E80 and <= 0x2FDF => true,   // CJK radicals, Kangxi radicals
        >= 0x3040 and <= 0x30FF => true,   // Hiragana, Katakana
        >= 0x3100 and <= 0x31FF => true,   // Bopomofo, Hangul compatibility Jamo, Kanbun, Katakana extension
        >= 0x3400 and <= 0x4DBF => true,   // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
        >= 0xA960 and <= 0xA97F => true,   // Hangul Jamo extended A
        >= 0xAC00 and <= 0xD7FF => true,   // Hangul syllables, Jamo extended B
        >= 0xF900 and <= 0xFAFF => true,   // CJK compatibility ideographs
        >= 0xFF66 and <= 0xFFDC => true,   // half-width Katakana and Hangul
        >= 0x20000 and <= 0x3134F => true, // CJK extensions B–G
        _ => false,
    };
}
