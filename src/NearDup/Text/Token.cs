using System.Runtime.InteropServices;

namespace NearDup.Text;

/// <summary>
/// One token of a text: where it stands in the original text, the 64-bit hash of its normalised form, and its kind.
/// </summary>
/// <param name="Start">Offset of the token's first UTF-16 code unit in the original (not normalised) text.</param>
/// <param name="Length">Number of UTF-16 code units the token spans in the original text (ignorable characters inside it included).</param>
/// <param name="Hash">XxHash3 of the token's normalised form (NFKC, lower case) with <see cref="Tokenizer.TokenHashSeed"/>; equal forms give equal hashes on every machine.</param>
/// <param name="Kind">What the token stands for.</param>
/// <param name="IsCapitalized">Whether the token's first character is upper case in the original text (a hint for proper names).</param>
/// <remarks>Thread safety: immutable.</remarks>
[StructLayout(LayoutKind.Auto)]
public readonly record struct Token(int Start, int Length, ulong Hash, TokenKind Kind, bool IsCapitalized)
{
    /// <summary>Offset one past the token's last UTF-16 code unit in the original text.</summary>
    public int End => Start + Length;

    /// <summary>Whether word shingles use this token (everything but punctuation).</summary>
    public bool IsContent => Kind != TokenKind.Punctuation;
}
