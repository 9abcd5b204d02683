using System;
using System.Collections.Generic;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>One side's non-empty edit ranges of an alignment, sorted by start once, so that each passage and each row
/// of a long pair finds its own edits by a binary search instead of sorting or sweeping all of them again.</summary>
/// <remarks>Ranges with the same start keep the alignment's order of its edits, as the sweeps this replaced did. Thread
/// safety: immutable once made.</remarks>
internal sealed class EditRanges
{
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly EditKind[] _kinds;

    // The furthest end of the edits up to each index, for a sweep that starts in the middle.
    private readonly int[] _reach;

    private EditRanges(int[] starts, int[] ends, EditKind[] kinds)
    {
        _starts = starts;
        _ends = ends;
        _kinds = kinds;
        _reach = new int[ends.Length];
        int most = int.MinValue;
        for (int k = 0; k < ends.Length; k++)
        {
            most = Math.Max(most, ends[k]);
            _reach[k] = most;
        }
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
        var ranges = new List<(int Start, int Order, int End, EditKind Kind)>(edits.Count);
        for (int k = 0; k < edits.Count; k++)
        {
            AlignmentEdit e = edits[k];
            (int s, int t) = sideA ? (e.AStart, e.AEnd) : (e.BStart, e.BEnd);
            if (t > s)
            {
                ranges.Add((s, k, t, e.Kind));
            }
        }

        ranges.Sort(); // by start, then order: unique, so the same whatever the sort
        var starts = new int[ranges.Count];
        var ends = new int[ranges.Count];
        var kinds = new EditKind[ranges.Count];
        for (int k = 0; k < ranges.Count; k++)
        {
            (starts[k], _, ends[k], kinds[k]) = ranges[k];
        }

        return new EditRanges(starts, ends, kinds);
    }

    /// <summary>The range at <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>Its start, end and the kind of its edit.</returns>
    public (int Start, int End, EditKind Kind) this[int index] => (_starts[index], _ends[index], _kinds[index]);

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

    /// <summary>The furthest end of the ranges before <paramref name="index"/> (<see cref="int.MinValue"/> for none).</summary>
    /// <param name="index">0 to <see cref="Count"/>.</param>
    /// <returns>The end.</returns>
    public int ReachBefore(int index) => index == 0 ? int.MinValue : _reach[index - 1];
}
