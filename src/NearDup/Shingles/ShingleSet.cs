using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NearDup.Internal;

namespace NearDup.Shingles;

/// <summary>The distinct shingle hashes of a document, sorted: what verification compares exactly.</summary>
/// <remarks>
/// Jaccard and containment here are exact on the hashed sets (a 64-bit hash collision among a few thousand shingles has
/// probability about 1e-13), unlike the sketch estimates. Cost: O(|A| + |B|) per comparison. Thread safety: immutable.
/// </remarks>
public sealed class ShingleSet
{
    private readonly ulong[] _hashes;

    private ShingleSet(ulong[] sortedDistinct) => _hashes = sortedDistinct;

    /// <summary>The empty set.</summary>
    public static ShingleSet Empty { get; } = new([]);

    /// <summary>The sorted distinct hashes.</summary>
    public ReadOnlySpan<ulong> Hashes => _hashes;

    /// <summary>Number of distinct shingles.</summary>
    public int Count => _hashes.Length;

    /// <summary>Builds a set from shingle hashes in any order, with repeats.</summary>
    /// <param name="hashes">Shingle hashes.</param>
    /// <returns>The set.</returns>
    public static ShingleSet From(ReadOnlySpan<ulong> hashes)
    {
        if (hashes.IsEmpty)
        {
            return Empty;
        }

        return new ShingleSet(HashSort.SortedDistinct(hashes));
    }

    /// <summary>Whether the set holds <paramref name="hash"/>.</summary>
    /// <param name="hash">A shingle hash.</param>
    /// <returns>True when present.</returns>
    public bool Contains(ulong hash) => Array.BinarySearch(_hashes, hash) >= 0;

    /// <summary>Number of shingles in both sets.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>|A ∩ B|.</returns>
    public int IntersectionCount(ShingleSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ReadOnlySpan<ulong> a = _hashes, b = other._hashes;
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            ulong x = a[i], y = b[j];
            if (x == y)
            {
                n++;
                i++;
                j++;
            }
            else if (x < y)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return n;
    }

    /// <summary>Exact Jaccard similarity |A ∩ B| / |A ∪ B|; 1 for two empty sets.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>A value in [0, 1].</returns>
    public double Jaccard(ShingleSet other)
    {
        int inter = IntersectionCount(other);
        int union = Count + other.Count - inter;
        return union == 0 ? 1.0 : (double)inter / union;
    }

    /// <summary>Exact containment of this set in <paramref name="other"/>: |A ∩ B| / |A|; 1 when this set is empty.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>A value in [0, 1].</returns>
    public double ContainmentIn(ShingleSet other)
    {
        int inter = IntersectionCount(other);
        return Count == 0 ? 1.0 : (double)inter / Count;
    }
}
