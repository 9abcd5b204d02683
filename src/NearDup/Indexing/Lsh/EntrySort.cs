using System;
using System.Runtime.CompilerServices;
using NearDup.Internal;

namespace NearDup.Indexing.Lsh;

/// <summary>Sorts band-table entries of a batch by fingerprint: a stable least-significant-digit radix sort.</summary>
/// <remarks>
/// <para>
/// A batch's entries are made in id order, so sorting them stably on the fingerprint (the high half) alone leaves
/// equal fingerprints in id order: the same order as sorting the whole 64-bit entries, at the cost of three linear
/// passes of 11 bits (2,048 buckets, whose counts fit in L1) instead of a comparison sort's log₂ n levels.
/// </para>
/// <para>Thread safety: static and stateless; concurrent calls on different spans are safe.</para>
/// </remarks>
internal static class EntrySort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;

    // Below this a comparison sort beats three counting passes over 2,048 buckets.
    private const int RadixFrom = 2048;

    /// <summary>
    /// Sorts <paramref name="items"/>, whose entries of equal high half are already in ascending order of their low
    /// half, into ascending order, using <paramref name="buffer"/> (at least as long) as scratch.
    /// </summary>
    /// <returns>The span that holds the sorted entries: <paramref name="items"/> or the start of <paramref name="buffer"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Span<ulong> Sort(Span<ulong> items, Span<ulong> buffer)
    {
        if (items.Length < RadixFrom)
        {
            items.Sort();
            return items;
        }

        buffer = buffer[..items.Length];
        Span<int> counts = stackalloc int[3 * Buckets];
        counts.Clear();
        foreach (ulong e in items)
        {
            counts[(int)(e >> 32) & (Buckets - 1)]++;
            counts[Buckets + ((int)(e >> (32 + DigitBits)) & (Buckets - 1))]++;
            counts[2 * Buckets + (int)(e >> (32 + 2 * DigitBits))]++;
        }

        Pass(items, buffer, counts[..Buckets], 32);
        Pass(buffer, items, counts.Slice(Buckets, Buckets), 32 + DigitBits);
        Pass(items, buffer, counts.Slice(2 * Buckets, Buckets), 32 + 2 * DigitBits);
        return buffer;
    }

    /// <summary>One stable counting pass on the digit at <paramref name="shift"/>; turns <paramref name="counts"/> into offsets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass(ReadOnlySpan<ulong> from, Span<ulong> to, Span<int> counts, int shift)
    {
        Offsets.FromCounts(counts);

        foreach (ulong e in from)
        {
            to[counts[(int)(e >> shift) & (Buckets - 1)]++] = e;
        }
    }
}
