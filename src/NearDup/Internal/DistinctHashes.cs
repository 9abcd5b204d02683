using System;
using System.Numerics;

namespace NearDup.Internal;

/// <summary>A set of 64-bit hashes for one pass over a sequence: which hashes were seen already, and how many distinct
/// ones there are. Open addressing with linear probing in an array from the shared pool (see <see cref="RentedArrays"/>: a very long text's table is left to the collector), at most a quarter full (half, where the
/// caller asks).</summary>
/// <remarks>
/// <para>
/// Analysis asks this twice per document: winnowing keeps each picked hash once (it held a thread's
/// <c>HashSet&lt;ulong&gt;</c>), and the spin sketch needs the number of distinct skeleton n-grams (it sorted a copy of
/// them: the spin sketch took 7.0 µs of a 3 KB document's 72 µs analysis, 4.1 µs counting here). The hashes are uniform, nearly all distinct, so a probe mostly ends at its home slot
/// and the "new hash" branch is predictable; a quarter full rather than half, analysis measured 1–2% faster (the
/// larger table costs only clearing it).
/// </para>
/// <para>0 marks an empty slot; whether 0 itself was added is kept aside. Thread safety: not thread-safe; one per pass,
/// disposed when the pass ends (which gives the array back).</para>
/// </remarks>
internal ref struct DistinctHashes
{
    private ulong[] _slots;
    private readonly int _shift;
    private readonly int _mask;
    private bool _hasZero;

    /// <summary>The most hashes a set made by <see cref="Sized"/> keeps a quarter full: past them (the skeleton grams of
    /// a text of about 400 KB, the winnowing picks of one of about 1.7 MB), half full, as the table would be the largest
    /// array of an analysis.</summary>
    public const int MaxQuarterFull = 1 << 16;

    /// <summary>Makes an empty set for at most <paramref name="maxCount"/> hashes.</summary>
    /// <param name="maxCount">The most hashes that will be added; more would fill the table.</param>
    public DistinctHashes(int maxCount)
        : this(maxCount, slotsPerItem: 4)
    {
    }

    /// <summary>Makes an empty set for at most <paramref name="maxCount"/> hashes, with
    /// <paramref name="slotsPerItem"/> slots for each (4, a quarter full at most, unless memory matters more).</summary>
    /// <param name="maxCount">The most hashes that will be added; more would fill the table.</param>
    /// <param name="slotsPerItem">Slots per hash, 2 or more.</param>
    public DistinctHashes(int maxCount, int slotsPerItem)
    {
        System.Diagnostics.Debug.Assert(slotsPerItem >= 2, "at most half full");
        long slots = Math.Max(16L, (long)slotsPerItem * maxCount);
        if (slots > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, $"A set holds at most {(1 << 30) / slotsPerItem:N0} hashes with {slotsPerItem} slots each.");
        }

        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)slots);
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _mask = capacity - 1;
        _slots = RentedArrays.Rent<ulong>(capacity);
        _slots.AsSpan(0, capacity).Clear();
        _hasZero = false;
    }

    /// <summary>Makes an empty set for at most <paramref name="maxCount"/> hashes: a quarter full at most, or half for
    /// more than <see cref="MaxQuarterFull"/>.</summary>
    /// <param name="maxCount">The most hashes that will be added; more would fill the table.</param>
    /// <returns>The set.</returns>
    public static DistinctHashes Sized(int maxCount) => new(maxCount, maxCount <= MaxQuarterFull ? 4 : 2);

    /// <summary>Number of slots of the table (a power of two).</summary>
    public readonly int Capacity => _mask + 1;

    /// <summary>Adds <paramref name="hash"/>.</summary>
    /// <param name="hash">Any 64-bit value.</param>
    /// <returns>True when it was not in the set before.</returns>
    public bool Add(ulong hash)
    {
        if (hash == 0)
        {
            bool added = !_hasZero;
            _hasZero = true;
            return added;
        }

        ulong[] slots = _slots;
        for (int i = FibonacciHashing.Home(hash, _shift); ; i = (i + 1) & _mask)
        {
            ulong slot = slots[i];
            if (slot == 0)
            {
                slots[i] = hash;
                return true;
            }

            if (slot == hash)
            {
                return false;
            }
        }
    }

    /// <summary>Gives the table back to the pool; the set is unusable afterwards.</summary>
    public void Dispose()
    {
        if (_slots is not null)
        {
            RentedArrays.Give(_slots);
            _slots = null!;
        }
    }

    /// <summary>The number of distinct values in <paramref name="values"/>.</summary>
    /// <param name="values">Hashes in any order, with repeats.</param>
    /// <returns>How many distinct ones.</returns>
    public static int Count(ReadOnlySpan<ulong> values)
    {
        if (values.Length <= 1)
        {
            return values.Length;
        }

        var set = Sized(values.Length);
        try
        {
            int distinct = 0;
            foreach (ulong v in values)
            {
                distinct += set.Add(v) ? 1 : 0;
            }

            return distinct;
        }
        finally
        {
            set.Dispose();
        }
    }
}
