using System;
using System.Collections.Generic;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>One row of an aligned passage as the HTML report lays it out: a stretch of A beside the stretch of B
/// aligned with it, both as [start, end) UTF-16 ranges of the original texts.</summary>
internal readonly record struct PassageRow(int AStart, int AEnd, int BStart, int BEnd);

/// <summary>Cuts an aligned passage into rows that start level: each row of A begins with the word the alignment pairs
/// with the first word of the same row of B.</summary>
/// <remarks>Two cells of one table row start at the same height, but a long passage drifts apart inside them: a spun B
/// is longer or shorter than A, and the two files break their lines in other places, so by the end of a long cell B's
/// words stand lines below the A words they align with. Cut at paragraph ends, and at sentence ends into rows of a few
/// sentences, the two sides drift no more than a row's worth. The cuts come from the alignment itself: outside its
/// edits, the content words of a passage pair one to one, in order, and every edit lies between two such pairs, so a
/// cut just before a paired word is the same place in both texts.</remarks>
internal static class PassageRows
{
    /// <summary>A row is cut at the first sentence end (or line break) after this many characters of A.</summary>
    public const int SentenceRow = 200;

    /// <summary>A row that reaches this many characters of A without a sentence end is cut between any two words.</summary>
    public const int LongestRow = 700;

    /// <summary>The rows of <paramref name="passage"/>, shown from <paramref name="shownA"/> in A and
    /// <paramref name="shownB"/> in B (the passage with its clinging punctuation, <see cref="PassageMarkup.Shown"/>).</summary>
    /// <param name="textA">Text of A.</param>
    /// <param name="tokensA">A's content tokens, as the verifier analysed it.</param>
    /// <param name="textB">Text of B.</param>
    /// <param name="tokensB">B's content tokens.</param>
    /// <param name="passage">The passage.</param>
    /// <param name="editsA">A's side of every edit of the alignment.</param>
    /// <param name="editsB">B's side of every edit.</param>
    /// <param name="shownA">The stretch of A to show.</param>
    /// <param name="shownB">The stretch of B to show.</param>
    /// <returns>The rows, in order; one row (the whole passage) when the words do not pair up as expected.</returns>
    public static List<PassageRow> Split(
        string textA, ReadOnlySpan<Token> tokensA, string textB, ReadOnlySpan<Token> tokensB, AlignedPassage passage,
        EditRanges editsA, EditRanges editsB, (int Start, int End) shownA, (int Start, int End) shownB)
    {
        ArgumentNullException.ThrowIfNull(editsA);
        ArgumentNullException.ThrowIfNull(editsB);
        List<int> pairedA = Paired(tokensA, passage.AStart, passage.AEnd, editsA, (passage.BStart, passage.BEnd));
        List<int> pairedB = Paired(tokensB, passage.BStart, passage.BEnd, editsB, (passage.AStart, passage.AEnd));
        var rows = new List<PassageRow>();
        if (pairedA.Count != pairedB.Count)
        {
            // Not the one-to-one pairing the aligner makes (the texts were analysed under other options): no cuts.
            rows.Add(new PassageRow(shownA.Start, shownA.End, shownB.Start, shownB.End));
            return rows;
        }

        int rowA = shownA.Start, rowB = shownB.Start;
        for (int k = 1; k < pairedA.Count; k++)
        {
            // A cut just before the k-th pair of words: whatever lies between it and the pair before (an edit's words
            // on either side, punctuation, white space) goes to the row above on both sides.
            int i = pairedA[k], j = pairedB[k];
            int gapA = tokensA[i - 1].End, gapB = tokensB[j - 1].End;
            ReadOnlySpan<char> betweenA = textA.AsSpan(gapA, tokensA[i].Start - gapA);
            ReadOnlySpan<char> betweenB = textB.AsSpan(gapB, tokensB[j].Start - gapB);
            int length = gapA - rowA;
            bool cut = EndsParagraph(betweenA) || EndsParagraph(betweenB) || (length >= SentenceRow && EndsSentence(betweenA)) || length >= LongestRow;
            if (cut)
            {
                int cutA = gapA + Cut(betweenA), cutB = gapB + Cut(betweenB);
                rows.Add(Trimmed(textA, rowA, cutA, textB, rowB, cutB));
                (rowA, rowB) = (cutA, cutB);
            }
        }

        rows.Add(Trimmed(textA, rowA, shownA.End, textB, rowB, shownB.End));
        return rows;
    }

    /// <summary>The indices of the content tokens inside [<paramref name="start"/>, <paramref name="end"/>) that no
    /// edit of the passage covers (its edits: those inside <paramref name="other"/> on the other side): the words the
    /// alignment pairs, in order.</summary>
    private static List<int> Paired(ReadOnlySpan<Token> tokens, int start, int end, EditRanges edits, (int Start, int End) other)
    {
        var paired = new List<int>();
        int first = Tokenizer.FirstTokenAtOrAfter(tokens, start);

        // One sweep, as the tokens and the sorted edits both run forward: a token is edited when the furthest end of
        // the passage's own edits starting at or before it reaches its end. Its own edits lie inside it on both sides
        // (another passage overlapping it on this side has edits elsewhere on the other), so the sweep starts at it.
        int next = edits.FirstStartingAtOrAfter(start), reach = int.MinValue;
        for (int t = first; t < tokens.Length && tokens[t].End <= end; t++)
        {
            for (; next < edits.Count && edits[next].Start <= tokens[t].Start; next++)
            {
                reach = edits.IsWithinOnTheOtherSide(next, other) ? Math.Max(reach, edits[next].End) : reach;
            }

            if (reach < tokens[t].End)
            {
                paired.Add(t);
            }
        }

        return paired;
    }

    /// <summary>Whether the text between two words holds a blank line: a paragraph ends there, and a row always ends
    /// with it (else one side's blank line pushes the rest of its row a line down).</summary>
    private static bool EndsParagraph(ReadOnlySpan<char> between)
    {
        int first = between.IndexOf('\n');
        return first >= 0 && between[(first + 1)..].Contains('\n');
    }

    /// <summary>Whether the text between two words ends a sentence or a line.</summary>
    private static bool EndsSentence(ReadOnlySpan<char> between) => between.IndexOfAny(".!?;…。！？\n") >= 0;

    /// <summary>Where to cut the text between two words: where its last run of white space begins, so that the
    /// punctuation closing the first word's sentence stays with it ("dead. The", "dead ." "dead.\" \"The") and an
    /// opening quote goes with the second; at its end when it holds no white space ("。").</summary>
    private static int Cut(ReadOnlySpan<char> between)
    {
        int at = between.Length;
        while (at > 0 && !char.IsWhiteSpace(between[at - 1]))
        {
            at--;
        }

        if (at == 0)
        {
            return between.Length;
        }

        while (at > 0 && char.IsWhiteSpace(between[at - 1]))
        {
            at--;
        }

        return at;
    }

    /// <summary>A row without the white space at its edges on either side.</summary>
    private static PassageRow Trimmed(string textA, int startA, int endA, string textB, int startB, int endB)
    {
        var (a0, a1) = Trim(textA, startA, endA);
        var (b0, b1) = Trim(textB, startB, endB);
        return new PassageRow(a0, a1, b0, b1);

        static (int, int) Trim(string text, int start, int end)
        {
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            return (start, end);
        }
    }
}
