using System;
using System.Text;

namespace NearDup.Text;

/// <summary>
/// Produces the normalised form of a whole text: the normalised tokens of <see cref="Tokenizer"/>, with punctuation,
/// joined by single spaces. Two texts are exact duplicates when their normalised forms are equal.
/// </summary>
/// <remarks>
/// This is the string form of the rules <see cref="Tokenizer"/> applies token by token (NFKC, lower case, invisible
/// characters dropped, quotes and dashes unified, any run of white space one space). The hot path never builds it; it
/// serves character shingles, display and tests. Thread safety: stateless, safe for concurrent use.
/// </remarks>
public static class TextNormalizer
{
    /// <summary>Returns the normalised form of <paramref name="text"/>.</summary>
    /// <param name="text">The original text.</param>
    /// <returns>Normalised tokens separated by single spaces; empty when the text has no token.</returns>
    public static string Normalize(ReadOnlySpan<char> text)
    {
        Token[] tokens = Tokenizer.Tokenize(text);
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Tokenizer.NormalizedForm(text, tokens[i]));
        }

        return builder.ToString();
    }
}
