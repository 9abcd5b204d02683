using System;
using System.Collections.Generic;
using System.Globalization;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>How a stretch of passage text is shown.</summary>
internal enum SegmentStyle
{
    /// <summary>Kept unchanged.</summary>
    Same,

    /// <summary>Replaced by other words.</summary>
    Replaced,

    /// <summary>A spelling edit.</summary>
    Spelling,

    /// <summary>Added or dropped.</summary>
    Added,
}

/// <summary>A stretch of one side of a passage with its style.</summary>
internal readonly record struct Segment(string Text, SegmentStyle Style);

/// <summary>Cuts a passage of each text into styled segments from the alignment's edits.</summary>
internal static class PassageMarkup
{
    /// <summary>The stretch of <paramref name="text"/> to show for the passage range [<paramref name="start"/>,
    /// <paramref name="end"/>): the range with the punctuation that clings to its ends (the full stop after its last
    /// word, a closing quote or bracket, an opening one before its first word).</summary>
    /// <remarks>A passage runs from the first to the last word the alignment pairs, because punctuation is no content
    /// token and aligns with nothing; so its range stops before the full stop that ends it. The range stays what the
    /// verifier measured and what the JSON output gives (moving it would move every offset a scan reports); only what
    /// is shown takes the punctuation back. A run of punctuation is taken only when white space (or the text's edge)
    /// lies beyond it, so that "and/or" or "3.5" is not cut into, or when it is the wide punctuation of a script
    /// written without spaces ("。", "」").</remarks>
    public static (int Start, int End) Shown(string text, int start, int end)
    {
        int after = end;
        while (after < text.Length && Closes(text[after]))
        {
            after++;
        }

        int before = start;
        while (before > 0 && Opens(text[before - 1]))
        {
            before--;
        }

        return (
            before == 0 || char.IsWhiteSpace(text[before - 1]) || (before < start && IsWide(text[before])) ? before : start,
            after == text.Length || char.IsWhiteSpace(text[after]) || (after > end && IsWide(text[after - 1])) ? after : end);

        static bool IsWide(char c) => c >= '\u3000';

        static bool Closes(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.InitialQuotePunctuation;

        static bool Opens(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation;
    }

    /// <summary>The stretch [<paramref name="start"/>, <paramref name="end"/>) of one side's text cut into segments: the
    /// side's edit ranges that lie wholly inside it (and inside <paramref name="other"/> on the other side) styled by
    /// their kind, the text between them kept.</summary>
    /// <param name="text">The side's text.</param>
    /// <param name="start">Start of the stretch.</param>
    /// <param name="end">End of the stretch.</param>
    /// <param name="edits">The side's edit ranges.</param>
    /// <param name="other">The stretch's counterpart on the other side: only edits lying inside it are marked (where two
    /// passages overlap on this side, each shows its own).</param>
    /// <returns>The segments, in order.</returns>
    public static List<Segment> Side(string text, int start, int end, EditRanges edits, (int Start, int End) other)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var ranges = new List<(int S, int E, SegmentStyle Style)>();
        for (int k = edits.FirstStartingAtOrAfter(start); k < edits.Count && edits[k].Start < end; k++)
        {
            (int s, int t, EditKind kind) = edits[k];
            if (t > end || !edits.IsWithinOnTheOtherSide(k, other))
            {
                continue;
            }

            SegmentStyle style = kind switch
            {
                EditKind.Substitution => SegmentStyle.Replaced,
                EditKind.SpellingEdit => SegmentStyle.Spelling,
                _ => SegmentStyle.Added,
            };
            ranges.Add((s, t, style));
        }

        var segments = new List<Segment>();
        int at = start;
        foreach (var (s, t, style) in ranges)
        {
            if (s < at)
            {
                continue;
            }

            if (s > at)
            {
                segments.Add(new Segment(text[at..s], SegmentStyle.Same));
            }

            segments.Add(new Segment(text[s..t], style));
            at = t;
        }

        if (at < end)
        {
            segments.Add(new Segment(text[at..end], SegmentStyle.Same));
        }

        return segments;
    }
}
