using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NearDup.Internal;

namespace NearDup.Sketches;

/// <summary>Selects passage fingerprints from a shingle sequence by winnowing (Schleimer, Wilkerson and Aiken 2003).</summary>
/// <remarks>
/// <para>
/// In every window of <c>w</c> consecutive shingle hashes the smallest is selected (the rightmost on ties), and each
/// selected position is kept once. Any passage of at least <c>w + k − 1</c> tokens that two documents share therefore
/// gives both at least one common fingerprint, wherever it stands and however small a share of either document it is;
/// about 2/(w+1) of all shingles are kept.
/// </para>
/// <para>
/// This is how NearDup finds contained excerpts. Whole-document Jaccard cannot see a 20% excerpt (J ≤ 0.2), and LSH
/// Ensemble (Zhu et al. 2016) answers containment of a whole query set, which fails for an excerpt embedded in a longer
/// unrelated text: there neither document is mostly inside the other, only a passage is shared. Windowed MinHash would
/// see that passage only where its windows happen to align with the excerpt's ends, and multiplies the index by the
/// number of windows. Winnowing guarantees detection above a passage length, costs one pass, and its fingerprints
/// index in an inverted list whose very common entries (shared boilerplate) can be capped.
/// </para>
/// <para>Thread safety: stateless, safe for concurrent use.</para>
/// </remarks>
public static class Winnowing
{
    /// <summary>Selects the fingerprints of <paramref name="shingles"/>.</summary>
    /// <param name="shingles">Shingle hashes in text order.</param>
    /// <param name="window">Window length w, at least 1.</param>
    /// <param name="destination">Receives the selected hashes, distinct, in the order first selected.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is less than 1.</exception>
    public static void Select(ReadOnlySpan<ulong> shingles, int window, List<ulong> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentNullException.ThrowIfNull(destination);
        if (shingles.IsEmpty)
        {
            return;
        }

        if (shingles.Length <= window)
        {
            destination.Add(MinOf(shingles));
            return;
        }

        // Every window's pick goes to a scratch array first (a repeat of the pick before it skipped), then the repeats
        // are removed in place with a probe table sized for the picks (about 2 / (w + 1) of the windows), not for the
        // windows: a long text's table was four slots a shingle, 32 bytes. (With a HashSet, even one reused per thread,
        // a 3 KB document's 5-gram fingerprints took 1.9 µs, with the probe table 1.35.)
        int windows = shingles.Length - window + 1;
        ulong[] rented = RentedArrays.Rent<ulong>(windows);
        try
        {
            Span<ulong> picks = rented.AsSpan(0, windows);
            int count = window is 4 or 8 && Vector256.IsHardwareAccelerated ? PicksVector(shingles, window, picks) : Picks(shingles, window, picks);
            destination.AddRange(picks[..KeepFirstOfEach(picks[..count])]);
        }
        finally
        {
            RentedArrays.Give(rented);
        }
    }

    /// <summary>As <see cref="Select(ReadOnlySpan{ulong}, int, List{ulong})"/>, always by the scalar path: the oracle
    /// the tests check the vector paths against.</summary>
    /// <param name="shingles">Shingle hashes in text order.</param>
    /// <param name="window">Window length w, at least 1.</param>
    /// <param name="destination">Receives the selected hashes, distinct, in the order first selected.</param>
    internal static void SelectScalar(ReadOnlySpan<ulong> shingles, int window, List<ulong> destination)
    {
        if (shingles.IsEmpty)
        {
            return;
        }

        if (shingles.Length <= window)
        {
            destination.Add(MinOf(shingles));
            return;
        }

        var seen = new DistinctHashes(WindowCount(shingles.Length, window));
        try
        {
            Select(shingles, window, ref seen, destination);
        }
        finally
        {
            seen.Dispose();
        }
    }

    /// <summary>
    /// The value each window picks, into <paramref name="picks"/> (one slot a window), a value equal to the one before
    /// it left out; returns how many it wrote. Windows of eight (the passage window) or four (the spin skeleton's),
    /// each one vector whose minimum is found without a branch. The picks are the distinct values of the sequence of
    /// window minima, in order (a window that picks a new position picks a new minimum or one already kept, so the tie
    /// rule of <see cref="Pick"/> changes nothing here): each minimum is written and kept (the write position advanced)
    /// when it differs from the previous window's.
    /// </summary>
    /// <remarks>The scalar path carries the previous minimum from window to window and rescans a window when it leaves;
    /// its comparisons, and whether a window picks a new position, are coin tosses a branch predictor loses.</remarks>
    private static int PicksVector(ReadOnlySpan<ulong> shingles, int window, Span<ulong> picks)
    {
        System.Diagnostics.Debug.Assert(window is 4 or 8 && shingles.Length > window, "a vector per window, at least two windows");
        int windows = shingles.Length - window + 1;
        ref ulong src = ref MemoryMarshal.GetReference(shingles);
        ref ulong pickRef = ref MemoryMarshal.GetReference(picks[..windows]);
        ulong last = pickRef = WindowMin(ref src, 0, window);
        int count = 1;
        for (int start = 1; start < windows; start++)
        {
            ulong min = WindowMin(ref src, start, window);
            Unsafe.Add(ref pickRef, count) = min;
            count += min != last ? 1 : 0;
            last = min;
        }

        return count;
    }

    /// <summary>The least of the <paramref name="window"/> (4 or 8) hashes from <paramref name="start"/>, by halving
    /// vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong WindowMin(ref ulong src, int start, int window)
    {
        Vector256<ulong> four = Vector256.LoadUnsafe(ref src, (nuint)start);
        if (window == Vector512<ulong>.Count)
        {
            four = Vector256.Min(four, Vector256.LoadUnsafe(ref src, (nuint)(start + Vector256<ulong>.Count)));
        }

        Vector128<ulong> two = Vector128.Min(four.GetLower(), four.GetUpper());
        return Vector128.Min(two, Vector128.Shuffle(two, Vector128.Create(1UL, 0UL))).ToScalar();
    }

    /// <summary>Moves the first occurrence of each value of <paramref name="picks"/> to its start, in order, and returns
    /// how many there are.</summary>
    private static int KeepFirstOfEach(Span<ulong> picks)
    {
        var seen = DistinctHashes.Sized(picks.Length);
        try
        {
            int kept = 0;
            foreach (ulong pick in picks)
            {
                if (seen.Add(pick))
                {
                    picks[kept++] = pick;
                }
            }

            return kept;
        }
        finally
        {
            seen.Dispose();
        }
    }

    /// <summary>The value at each position a window picks, into <paramref name="picks"/> (one slot a window), a position
    /// picked by the window before left out. Returns how many it wrote.</summary>
    private static int Picks(ReadOnlySpan<ulong> shingles, int window, Span<ulong> picks)
    {
        int count = 0;
        int lastPicked = -1;
        for (int start = 0; start + window <= shingles.Length; start++)
        {
            int pick = Pick(shingles, window, start, lastPicked);
            if (pick != lastPicked)
            {
                picks[count++] = shingles[pick];
                lastPicked = pick;
            }
        }

        return count;
    }

    private static void Select(ReadOnlySpan<ulong> shingles, int window, ref DistinctHashes seen, List<ulong> destination)
    {
        int lastPicked = -1;
        for (int start = 0; start + window <= shingles.Length; start++)
        {
            int pick = Pick(shingles, window, start, lastPicked);
            if (pick != lastPicked)
            {
                if (seen.Add(shingles[pick]))
                {
                    destination.Add(shingles[pick]);
                }

                lastPicked = pick;
            }
        }
    }

    /// <summary>The position the window starting at <paramref name="start"/> picks: its smallest hash, the rightmost on
    /// ties, given the previous window's pick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pick(ReadOnlySpan<ulong> shingles, int window, int start, int lastPicked)
    {
        if (lastPicked >= start)
        {
            // The previous minimum is still inside; only the new element can displace it.
            int incoming = start + window - 1;
            return shingles[incoming] <= shingles[lastPicked] ? incoming : lastPicked;
        }

        int pick = start;
        for (int i = start + 1; i < start + window; i++)
        {
            if (shingles[i] <= shingles[pick])
            {
                pick = i;
            }
        }

        return pick;
    }

    /// <summary>The position each window picks: the same choice as <see cref="Select(ReadOnlySpan{ulong}, int, System.Collections.Generic.List{ulong})"/> makes, kept per window instead of
    /// per distinct hash, so that every shingle position can be tied to the fingerprint of the window starting there.</summary>
    /// <param name="shingles">Shingle hashes in text order, at least one.</param>
    /// <param name="window">Window length w, at least 1.</param>
    /// <param name="picks">Receives, for each window start, the position it picks; at least <see cref="WindowCount"/> long.</param>
    /// <returns>The number of windows.</returns>
    internal static int PickPerWindow(ReadOnlySpan<ulong> shingles, int window, Span<int> picks)
    {
        int windows = WindowCount(shingles.Length, window);
        if (shingles.Length <= window)
        {
            picks[0] = Pick(shingles, shingles.Length, 0, lastPicked: -1);
            return windows;
        }

        int lastPicked = -1;
        for (int start = 0; start < windows; start++)
        {
            lastPicked = picks[start] = Pick(shingles, window, start, lastPicked);
        }

        return windows;
    }

    /// <summary>How many windows <see cref="PickPerWindow"/> fills: one when the shingles fit in a window.</summary>
    /// <param name="shingles">Number of shingles, at least one.</param>
    /// <param name="window">Window length.</param>
    /// <returns>The count.</returns>
    internal static int WindowCount(int shingles, int window) => shingles <= window ? 1 : shingles - window + 1;

    private static ulong MinOf(ReadOnlySpan<ulong> values)
    {
        ulong min = values[0];
        foreach (ulong v in values)
        {
            min = Math.Min(min, v);
        }

        return min;
    }
}
