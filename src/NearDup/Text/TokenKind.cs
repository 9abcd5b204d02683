namespace NearDup.Text;

/// <summary>What a <see cref="Token"/> stands for.</summary>
public enum TokenKind : byte
{
    /// <summary>A run of letters (and combining marks) in a space-separated script, possibly with inner apostrophes.</summary>
    Word = 0,

    /// <summary>A run of digits, possibly with inner separators such as <c>1,000</c> or <c>3.5</c>.</summary>
    Number = 1,

    /// <summary>A single character of a script written without spaces (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar).</summary>
    Ideograph = 2,

    /// <summary>A single punctuation character (kept for sentence structure; word shingles skip it).</summary>
    Punctuation = 3,
}
