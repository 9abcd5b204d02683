using System.Collections.Generic;
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
    public static List<Segment> Side(string text, int start, int end, IReadOnlyList<AlignmentEdit> edits, bool sideA)
    {
        var ranges = new List<(int S, int E, SegmentStyle Style)>();
        foreach (AlignmentEdit e in edits)
        {
            int s = sideA ? e.AStart : e.BStart, t = sideA ? e.AEnd : e.BEnd;
            if (t <= s || s < start || t > end)
            {
                continue;
            }

            SegmentStyle style = e.Kind switch
            {
                EditKind.Substitution => SegmentStyle.Replaced,
                EditKind.SpellingEdit => SegmentStyle.Spelling,
                _ => SegmentStyle.Added,
            };
            ranges.Add((s, t, style));
        }

        ranges.Sort((x, y) => x.S.CompareTo(y.S));
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
