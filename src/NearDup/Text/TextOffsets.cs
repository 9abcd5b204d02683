using System;
using System.Text;

namespace NearDup.Text;

/// <summary>
/// Turns the UTF-16 offsets NearDup reports (what .NET and JavaScript strings index) into Unicode code points (what
/// Python and Rust's <c>chars</c> index) and UTF-8 bytes (what a byte slice of the file indexes).
/// </summary>
/// <remarks>Cost: one pass over the text before the offset. Thread safety: stateless.</remarks>
public static class TextOffsets
{
    /// <summary>The number of code points before <paramref name="utf16"/>: a surrogate pair (an emoji, a rare CJK
    /// character) counts once; a lone surrogate counts as one.</summary>
    /// <param name="text">The text.</param>
    /// <param name="utf16">An offset in UTF-16 code units, 0 to the text's length.</param>
    /// <returns>The offset in code points.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="utf16"/> is outside the text.</exception>
    public static int CodePoints(ReadOnlySpan<char> text, int utf16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(utf16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utf16, text.Length);
        // Vectorised: jump from one low surrogate to the next (text without any is one scan).
        int pairs = 0;
        for (int at = 0; at < utf16;)
        {
            int k = text[at..utf16].IndexOfAnyInRange('\uDC00', '\uDFFF');
            if (k < 0)
            {
                break;
            }

            at += k;
            if (at > 0 && char.IsHighSurrogate(text[at - 1]))
            {
                pairs++;
            }

            at++;
        }

        return utf16 - pairs;
    }

    /// <summary>The number of UTF-8 bytes before <paramref name="utf16"/>, as the text is written to a file (a lone
    /// surrogate as the 3 bytes of U+FFFD).</summary>
    /// <param name="text">The text.</param>
    /// <param name="utf16">An offset in UTF-16 code units, 0 to the text's length.</param>
    /// <returns>The offset in bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="utf16"/> is outside the text.</exception>
    public static int Utf8Bytes(ReadOnlySpan<char> text, int utf16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(utf16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utf16, text.Length);
        return Encoding.UTF8.GetByteCount(text[..utf16]);
    }
}
