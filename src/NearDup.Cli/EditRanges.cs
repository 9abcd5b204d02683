using System;
using System.Collections.Generic;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>One side's non-empty edit ranges of an alignment, sorted by start once, so that each passage and each row
/// of a long pair finds its own edits by a binary search instead of sorting or sweeping all of them again.</summary>
/// <remarks>Ranges with the same start keep the alignment's order of its edits, as the sweeps this replaced did. Each
/// range remembers the edit's range on the other side, so that where two passages overlap on this side each shows its
/// own edits only. Thread safety: immutable once made.</remarks>
internal sealed class EditRanges
{
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly EditKind[] _kinds;

    // The other side's range of each edit: which passage an edit belongs to, where passages overlap on this side.
    private readonly int[] _otherStarts;
    private readonly int[] _otherEnds;

    private EditRanges(int[] starts, int[] ends, EditKind[] kinds, int[] otherStarts, int[] otherEnds)
    {
        _starts = starts;
        _ends = ends;
        _kinds = kinds;
        _otherStarts = otherStarts;
        _otherEnds = otherEnds;
    }

    /// <summary>How many ranges there are.</summary>
    public int Count => _starts.Length;

    /// <summary>The ranges of one side of <paramref name="edits"/> that hold text (an insertion holds none on the side
    /// it inserts nothing into), ordered by start, then by their order in <paramref name="edits"/>.</summary>
    /// <param name="edits">The alignment's edits.</param>
    /// <param name="sideA">A's ranges, or B's.</param>
    /// <returns>The ranges.</returns>
    public static EditRanges Of(IReadOnlyList<AlignmentEdit> edits, bool sideA)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var ranges = new List<(int Start, int Order, int End, EditKind Kind, int OtherStart, int OtherEnd)>(edits.Count);
        for (int k = 0; k < edits.Count; k++)
        {
            AlignmentEdit e = edits[k];
            (int s, int t, int os, int ot) = sideA ? (e.AStart, e.AEnd, e.BStart, e.BEnd) : (e.BStart, e.BEnd, e.AStart, e.AEnd);
            if (t > s)
            {
                ranges.Add((s, k, t, e.Kind, os, ot));
            }
        }

        ranges.Sort(); // by start, then order: unique, so the same whatever the sort
        var starts = new int[ranges.Count];
        var ends = new int[ranges.Count];
        var kinds = new EditKind[ranges.Count];
        var otherStarts = new int[ranges.Count];
        var otherEnds = new int[ranges.Count];
        for (int k = 0; k < ranges.Count; k++)
        {
            (starts[k], _, ends[k], kinds[k], otherStarts[k], otherEnds[k]) = ranges[k];
        }

        return new EditRanges(starts, ends, kinds, otherStarts, otherEnds);
    }

    /// <summary>The range at <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>Its start, end and the kind of its edit.</returns>
    public (int Start, int End, EditKind Kind) this[int index] => (_starts[index], _ends[index], _kinds[index]);

    /// <summary>Whether the edit at <paramref name="index"/> lies, on the other side, inside [<paramref name="other"/>.Start,
    /// <paramref name="other"/>.End]: the edit of a passage whose other side is that range, not of another passage that
    /// overlaps it on this side.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <param name="other">The passage's (or row's) range on the other side.</param>
    /// <returns>True when it does.</returns>
    public bool IsWithinOnTheOtherSide(int index, (int Start, int End) other) => _otherStarts[index] >= other.Start && _otherEnds[index] <= other.End;

    /// <summary>The index of the first range starting at or after <paramref name="position"/> (<see cref="Count"/> when
    /// none does).</summary>
    /// <param name="position">A UTF-16 offset in the side's text.</param>
    /// <returns>The index, 0 to <see cref="Count"/>.</returns>
    public int FirstStartingAtOrAfter(int position)
    {
        int lo = 0, hi = _starts.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_starts[mid] < position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
