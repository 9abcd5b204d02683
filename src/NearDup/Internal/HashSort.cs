using System;
using System.Buffers;
using System.Numerics;

namespace NearDup.Internal;

/// <summary>Sorts 64-bit hashes ascending in expected linear time: one counting pass on the top bits into about one
/// bucket per value, then an insertion sort of each bucket.</summary>
/// <remarks>
/// <para>
/// Shingle and skeleton hashes are uniform over 64 bits, so a bucket holds one or two values on average and the whole
/// sort is three passes over the values. Analysis sorts a few hundred hashes twice per document (the shingle set, the
/// count of distinct skeleton n-grams); a comparison sort there, mostly mispredicted branches, took a third of an
/// analysis.
/// </para>
/// <para>
/// The result is the same array a comparison sort gives (ascending order is unique). Values that are not uniform
/// (crafted collisions in the top bits) only make some buckets large: a bucket of more than
/// <see cref="MaxInsertionSort"/> values is sorted by <see cref="MemoryExtensions.Sort{T}(Span{T})"/>, so the worst case stays
/// O(n log n).
/// </para>
/// <para>Thread safety: static and stateless; concurrent calls on different spans are safe.</para>
/// </remarks>
internal static class HashSort
{
    // Below this the comparison sort is as fast, and needs no scratch.
    private const int BucketFrom = 64;

    // A bucket longer than this goes to the comparison sort (expected bucket size is under 2).
    private const int MaxInsertionSort = 16;

    /// <summary>Sorts <paramref name="values"/> ascending.</summary>
    /// <param name="values">The values; sorted in place.</param>
    /// <param name="spread">The values are uniform below 2^64 / <paramref name="spread"/> (1: over all 64 bits); the
    /// buckets are spread over that range, so that sampled hashes (kept when below a bound) still fill them evenly.</param>
    public static void Sort(Span<ulong> values, uint spread = 1)
    {
        int n = values.Length;
        if (n < BucketFrom)
        {
            values.Sort();
            return;
        }

        int bits = BitOperations.Log2((uint)n); // 2^bits buckets: between n / 2 and n
        int buckets = 1 << bits;

        // Bucket of v: the high word of v × buckets × spread, monotone in v (so buckets in order sort the values), and
        // below buckets for every v under 2^64 / spread. With spread 1 it is v's top bits.
        ulong scale = (ulong)buckets * spread;
        int[] rentedStarts = ArrayPool<int>.Shared.Rent(buckets);
        ulong[] rentedScratch = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            Span<int> starts = rentedStarts.AsSpan(0, buckets);
            Span<ulong> scratch = rentedScratch.AsSpan(0, n);
            starts.Clear();
            int largest = 0;
            foreach (ulong v in values)
            {
                largest = Math.Max(largest, ++starts[Bucket(v, scale, buckets)]);
            }

            Offsets.FromCounts(starts);

            // Scatter in order; starts[b] then ends where bucket b ends, i.e. where bucket b + 1 starts.
            foreach (ulong v in values)
            {
                scratch[starts[Bucket(v, scale, buckets)]++] = v;
            }

            if (largest <= MaxInsertionSort)
            {
                // Every value is now at most a bucket's length from its place, so one insertion sort over the whole
                // array finishes in about n steps: a call and a loop per bucket (most hold one value or none) cost
                // twice as much.
                InsertionSort(scratch);
                scratch.CopyTo(values);
                return;
            }

            int from = 0;
            for (int b = 0; b < buckets; b++)
            {
                int to = starts[b];
                Span<ulong> bucket = scratch[from..to];
                if (bucket.Length > MaxInsertionSort)
                {
                    bucket.Sort();
                }
                else
                {
                    InsertionSort(bucket);
                }

                from = to;
            }

            scratch.CopyTo(values);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rentedStarts);
            ArrayPool<ulong>.Shared.Return(rentedScratch);
        }
    }

    /// <summary>Sorts a copy of <paramref name="values"/> and removes repeats.</summary>
    /// <param name="values">The values, in any order, with repeats.</param>
    /// <returns>The distinct values ascending, in a new array of exactly their number.</returns>
    public static ulong[] SortedDistinct(ReadOnlySpan<ulong> values)
    {
        if (values.IsEmpty)
        {
            return [];
        }

        ulong[] rented = ArrayPool<ulong>.Shared.Rent(values.Length);
        try
        {
            Span<ulong> copy = rented.AsSpan(0, values.Length);
            values.CopyTo(copy);
            return copy[..SortDistinct(copy)].ToArray();
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>The values of two ascending lists of distinct values, each once, ascending.</summary>
    /// <param name="a">One list, ascending, distinct.</param>
    /// <param name="b">The other.</param>
    /// <returns>Their union, in a new array of exactly its size.</returns>
    public static ulong[] UnionDistinct(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var union = new ulong[a.Length + b.Length - CountShared(a, b)];
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length)
        {
            ulong x = a[i], y = b[j];
            if (x <= y)
            {
                union[k++] = x;
                i++;
                j += x == y ? 1 : 0;
            }
            else
            {
                union[k++] = y;
                j++;
            }
        }

        a[i..].CopyTo(union.AsSpan(k));
        b[j..].CopyTo(union.AsSpan(k + a.Length - i));
        return union;
    }

    /// <summary>How many values two ascending lists of distinct values share.</summary>
    /// <param name="a">One list, ascending, distinct.</param>
    /// <param name="b">The other.</param>
    /// <returns>The number of values in both.</returns>
    public static int CountShared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int shared = 0;
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }

    /// <summary>Sorts <paramref name="values"/> in place and moves the distinct values to its start.</summary>
    /// <param name="values">The values; on return its first (returned) count entries are the distinct values ascending.</param>
    /// <param name="spread">As for <see cref="Sort"/>.</param>
    /// <returns>The number of distinct values.</returns>
    public static int SortDistinct(Span<ulong> values, uint spread = 1)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        Sort(values, spread);
        int n = 1;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] != values[n - 1])
            {
                values[n++] = values[i];
            }
        }

        return n;
    }

    /// <summary>The bucket of <paramref name="value"/>: the high word of value × scale, clamped to the last bucket for a
    /// value above the range the caller declared (only its sort slows; the order stays right, since the map is monotone).</summary>
    private static int Bucket(ulong value, ulong scale, int buckets) =>
        (int)Math.Min(Math.BigMul(value, scale, out _), (ulong)(buckets - 1));

    private static void InsertionSort(Span<ulong> bucket)
    {
        for (int i = 1; i < bucket.Length; i++)
        {
            ulong v = bucket[i];
            int j = i - 1;
            while (j >= 0 && bucket[j] > v)
            {
                bucket[j + 1] = bucket[j];
                j--;
            }

            bucket[j + 1] = v;
        }
    }
}
