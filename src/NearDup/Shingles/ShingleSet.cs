using System;
using NearDup.Internal;

namespace NearDup.Shingles;

/// <summary>The distinct shingle hashes of a document, sorted: what verification compares exactly.</summary>
/// <remarks>
/// Jaccard and containment here are exact on the hashed sets (a 64-bit hash collision among a few thousand shingles has
/// probability about 1e-13), unlike the sketch estimates. Cost: O(|A| + |B|) per comparison. Thread safety: immutable (a set rented for one query, internally, is emptied when the query is done with it).
/// </remarks>
public sealed class ShingleSet
{
    // The distinct hashes ascending are the first _count entries of _hashes: the whole array, unless the set was made
    // by RentFrom, whose array comes from the shared pool and goes back to it on Release.
    private ulong[] _hashes;
    private int _count;
    private readonly bool _rented;

    private ShingleSet(ulong[] sortedDistinct, int count, bool rented)
    {
        _hashes = sortedDistinct;
        _count = count;
        _rented = rented;
    }

    /// <summary>The empty set.</summary>
    public static ShingleSet Empty { get; } = new([], 0, rented: false);

    /// <summary>The sorted distinct hashes.</summary>
    public ReadOnlySpan<ulong> Hashes => _hashes.AsSpan(0, _count);

    /// <summary>Number of distinct shingles.</summary>
    public int Count => _count;

    /// <summary>Builds a set from shingle hashes in any order, with repeats.</summary>
    /// <param name="hashes">Shingle hashes.</param>
    /// <returns>The set.</returns>
    public static ShingleSet From(ReadOnlySpan<ulong> hashes)
    {
        if (hashes.IsEmpty)
        {
            return Empty;
        }

        ulong[] sorted = HashSort.SortedDistinct(hashes);
        return new ShingleSet(sorted, sorted.Length, rented: false);
    }

    /// <summary>As <see cref="From"/>, into an array from the shared pool that <see cref="Release"/> gives back: for a
    /// set that lives only as long as one query (its owner releases it when the query is answered).</summary>
    /// <param name="hashes">Shingle hashes.</param>
    /// <returns>The set.</returns>
    internal static ShingleSet RentFrom(ReadOnlySpan<ulong> hashes)
    {
        if (hashes.IsEmpty)
        {
            return Empty;
        }

        ulong[] rented = RentedArrays.Copy(hashes);
        return new ShingleSet(rented, HashSort.SortDistinct(rented.AsSpan(0, hashes.Length)), rented: true);
    }

    /// <summary>Gives a set made by <see cref="RentFrom"/> its array back to the pool and leaves it empty; does nothing to
    /// other sets. The owner calls it once, when nothing reads the set any more.</summary>
    internal void Release()
    {
        if (_rented)
        {
            RentedArrays.Return(ref _hashes, ref _count);
        }
    }

    /// <summary>Whether the set holds <paramref name="hash"/>.</summary>
    /// <param name="hash">A shingle hash.</param>
    /// <returns>True when present.</returns>
    public bool Contains(ulong hash) => Hashes.BinarySearch(hash) >= 0;

    /// <summary>Number of shingles in both sets.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>|A ∩ B|.</returns>
    public int IntersectionCount(ShingleSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ReadOnlySpan<ulong> a = Hashes, b = other.Hashes;
        int i = 0, j = 0, n = 0;

        // A merge of two sorted hash lists: which side steps next is a coin toss the branch predictor loses, so the
        // steps are taken without a branch (each side steps when its hash is not the larger; both when equal).
        while (i < a.Length && j < b.Length)
        {
            ulong x = a[i], y = b[j];
            n += x == y ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
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
