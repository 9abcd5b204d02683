using System;

namespace NearDup.Verification.Alignment;

/// <summary>Tells a spelling edit (a typo, a variant spelling) from a replaced word.</summary>
/// <remarks>
/// A substitution of one word by one word whose spellings are one or two Damerau–Levenshtein edits apart is a
/// spelling edit, not a replacement: a typo is not spinning. Words are compared as given, code unit by code unit; the
/// aligner passes normalised (lower-case) forms. Thread safety: static and stateless.
/// </remarks>
internal static class SpellingEdits
{
    /// <summary>Whether two words are one or two Damerau–Levenshtein edits apart (two only for words of 8+ letters).</summary>
    /// <param name="x">One word.</param>
    /// <param name="y">The other word.</param>
    /// <returns>
    /// True when the longer word has 3 or more letters and the words are at most one edit apart (two when the longer
    /// has 8 or more letters); equal words count. False whenever both words are shorter than 3.
    /// </returns>
    public static bool IsSpellingEdit(string x, string y)
    {
        int longest = Math.Max(x.Length, y.Length);
        if (longest < 3)
        {
            return false;
        }

        int allowed = longest >= 8 ? 2 : 1;
        if (Math.Abs(x.Length - y.Length) > allowed)
        {
            return false;
        }

        return DamerauLevenshtein(x, y) <= allowed;
    }

    /// <summary>
    /// The Damerau–Levenshtein distance in its restricted form (optimal string alignment): insertions, deletions,
    /// substitutions and transpositions of adjacent letters, no substring edited twice.
    /// </summary>
    /// <param name="x">One word.</param>
    /// <param name="y">The other word.</param>
    /// <returns>The least number of edits turning <paramref name="x"/> into <paramref name="y"/>.</returns>
    public static int DamerauLevenshtein(string x, string y)
    {
        // Three rolling rows (i - 2, i - 1, i) of the full table: the same recurrence, no table per call.
        int n = x.Length, m = y.Length;
        Span<int> rows = m < 256 ? stackalloc int[3 * (m + 1)] : new int[3 * (m + 1)];
        Span<int> before = rows[..(m + 1)], above = rows.Slice(m + 1, m + 1), current = rows.Slice(2 * (m + 1), m + 1);
        for (int j = 0; j <= m; j++)
        {
            above[j] = j;
        }

        for (int i = 1; i <= n; i++)
        {
            current[0] = i;
            for (int j = 1; j <= m; j++)
            {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(above[j] + 1, current[j - 1] + 1), above[j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                {
                    v = Math.Min(v, before[j - 2] + 1);
                }

                current[j] = v;
            }

            Span<int> oldest = before;
            before = above;
            above = current;
            current = oldest;
        }

        return above[m];
    }
}
