using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace NearDup.Indexing.Passages;

/// <summary>An inverted index from winnowed passage fingerprints to the documents holding them.</summary>
/// <remarks>
/// <para>
/// A query counts, per indexed document, the fingerprints it shares with the query, and returns documents sharing at
/// least a minimum number. Fingerprints held by more than <see cref="MaxPostings"/> documents are boilerplate (a site's
/// footer, a stock phrase) and say nothing about which document is copied from which: queries skip them, so a query
/// costs at most MaxPostings per fingerprint and the index stays sub-quadratic.
/// </para>
/// <para>
/// Implementation note: almost every fingerprint is held by one document, so a posting list per fingerprint (a
/// <c>List&lt;int&gt;</c> and its array, ≈ 64 bytes) would cost more than the fingerprint. Postings are instead
/// circular singly linked lists in one flat array of (key, next) pairs: the table points at a list's last entry, whose
/// successor is the first, so appending keeps insertion order. The table is open-addressed (linear probing, Fibonacci
/// hashing, at most ¾ full), 12 bytes a slot; a fingerprint costs ≈ 16–32 bytes of table plus 8 bytes per document
/// that holds it, about half of a <c>Dictionary&lt;ulong, int&gt;</c> entry with its buckets. Each slot also counts
/// the documents holding its fingerprint, so a query recognises boilerplate in one read, and a fingerprint stops
/// collecting postings once it is boilerplate (MaxPostings + 1 kept): the stock phrases of a million documents cost a
/// few slots, not millions of postings.
/// </para>
/// <para>Thread safety: not thread-safe for writes; concurrent queries without writes are safe.</para>
/// </remarks>
public sealed class PassageIndex
{
    private const ulong Fibonacci = 0x9E37_79B9_7F4A_7C15;

    // A table slot holds the fingerprint's low 56 bits and, in the top 8, how many documents hold it (saturating at
    // 255), so a query skips boilerplate without walking its list. Two fingerprints equal in their low 56 bits share a
    // slot; among 10⁸ fingerprints that happens to about one pair in ten indexes, and costs a spurious shared count.
    private const int CountShift = 56;
    private const ulong FingerprintMask = (1UL << CountShift) - 1;
    private const int MaxCount = 255;
    private TableSlot[] _table = new TableSlot[64];
    private int _shift = 64 - 6;
    private int _used;
    private Posting[] _postings = new Posting[64];
    private ulong[] _isFirst = new ulong[1]; // one bit per entry: the first posting of its fingerprint
    private int _entries;

    /// <summary>Creates an empty index.</summary>
    /// <param name="maxPostings">Fingerprints held by more documents than this are ignored by queries; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPostings"/> is less than 2.</exception>
    public PassageIndex(int maxPostings = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPostings, 2);
        MaxPostings = maxPostings;
    }

    /// <summary>Fingerprints held by more documents than this are ignored by queries.</summary>
    public int MaxPostings { get; }

    /// <summary>Postings stored (for tests and measurements).</summary>
    internal int Entries => _entries;

    /// <summary>Adds a document's fingerprints.</summary>
    /// <param name="key">The caller's key for the document.</param>
    /// <param name="fingerprints">Its distinct fingerprints.</param>
    public void Add(int key, IEnumerable<ulong> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        foreach (ulong f in fingerprints)
        {
            if (_entries == _postings.Length)
            {
                Array.Resize(ref _postings, _postings.Length * 2);
                Array.Resize(ref _isFirst, (_postings.Length + 63) / 64);
            }

            if ((_used + 1) * 4L > _table.Length * 3L)
            {
                Grow();
            }

            int slot = Slot(f);
            ref TableSlot held = ref _table[slot];
            if (held.LastPlusOne != 0)
            {
                int postings = (int)(held.Fingerprint >> CountShift);
                if (postings < MaxCount)
                {
                    held.Fingerprint += 1UL << CountShift;
                }

                if (postings > MaxPostings)
                {
                    continue; // boilerplate already: queries skip it, so its postings are not kept
                }

                int entry = _entries++;
                _postings[entry].Key = key;
                int last = held.LastPlusOne - 1;
                _postings[entry].Next = _postings[last].Next; // the new last entry points at the first
                _postings[last].Next = entry;
                held.LastPlusOne = entry + 1;
            }
            else
            {
                int entry = _entries++;
                _postings[entry].Key = key;
                held.Fingerprint = (f & FingerprintMask) | (1UL << CountShift);
                _used++;
                _postings[entry].Next = entry;
                _isFirst[entry >> 6] |= 1UL << entry;
                held.LastPlusOne = entry + 1;
            }
        }
    }

    /// <summary>Counts shared fingerprints per indexed document.</summary>
    /// <param name="fingerprints">The query's distinct fingerprints.</param>
    /// <param name="counts">Receives (key, shared count) for every document sharing at least one non-boilerplate fingerprint.</param>
    public void CountShared(IEnumerable<ulong> fingerprints, Dictionary<int, int> counts)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        ArgumentNullException.ThrowIfNull(counts);
        // Two passes. The first reads every fingerprint's home slot: independent loads that the processor overlaps, so
        // a cold index pays about one memory round trip per query rather than one per fingerprint. An empty home slot
        // means the fingerprint is absent; the second pass skips those without probing and finds the others' slots in
        // cache.
        ulong[] query = fingerprints as ulong[] ?? [.. fingerprints];
        TableSlot[] table = _table;
        int[] rented = ArrayPool<int>.Shared.Rent(query.Length);
        try
        {
            Span<int> homeHeads = rented.AsSpan(0, query.Length);
            for (int i = 0; i < query.Length; i++)
            {
                homeHeads[i] = table[Home(query[i])].LastPlusOne;
            }

            for (int i = 0; i < query.Length; i++)
            {
                if (homeHeads[i] != 0)
                {
                    Count(query[i], counts);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>Adds one to the count of every document holding <paramref name="f"/>, unless it is absent or boilerplate.</summary>
    private void Count(ulong f, Dictionary<int, int> counts)
    {
        int slot = Slot(f);
        int found = _table[slot].LastPlusOne;
        if (found == 0 || IsBoilerplate(slot, found - 1))
        {
            return;
        }

        int last = found - 1;
        int entry = last;
        do
        {
            entry = _postings[entry].Next;
            ref int c = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, _postings[entry].Key, out _);
            c++;
        }
        while (entry != last);
    }

    /// <summary>The slot holding <paramref name="f"/>, or the empty slot where it would go.</summary>
    private int Slot(ulong f)
    {
        TableSlot[] table = _table;
        int mask = table.Length - 1;
        ulong bits = f & FingerprintMask;
        int slot = Home(f);
        while (table[slot].LastPlusOne != 0 && (table[slot].Fingerprint & FingerprintMask) != bits)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        TableSlot[] old = _table;
        _table = new TableSlot[old.Length * 2];
        _shift--;
        foreach (TableSlot held in old)
        {
            if (held.LastPlusOne != 0)
            {
                _table[Slot(held.Fingerprint)] = held;
            }
        }
    }

    /// <summary>The slot where <paramref name="f"/>'s probe starts (Fibonacci hashing of its low 56 bits).</summary>
    private int Home(ulong f) => (int)(((f & FingerprintMask) * Fibonacci) >> _shift);

    /// <summary>Whether the fingerprint in <paramref name="slot"/>, whose list ends at <paramref name="last"/>, is held by more
    /// than <see cref="MaxPostings"/> documents: read from its count, or (when the count has saturated at a value not above
    /// MaxPostings) by walking its list.</summary>
    private bool IsBoilerplate(int slot, int last)
    {
        int postings = (int)(_table[slot].Fingerprint >> CountShift);
        return postings > MaxPostings || (postings == MaxCount && LongerThan(last, MaxPostings));
    }

    /// <summary>Whether the list ending at <paramref name="last"/> holds more than <paramref name="limit"/> entries (walks at most limit + 1).</summary>
    private bool LongerThan(int last, int limit)
    {
        int n = 0;
        int entry = last;
        do
        {
            entry = _postings[entry].Next;
            if (++n > limit)
            {
                return true;
            }
        }
        while (entry != last);
        return false;
    }

    /// <summary>Visits every pair of documents that share at least <paramref name="minShared"/> non-boilerplate fingerprints.</summary>
    /// <param name="minShared">Least number of shared fingerprints, at least 1.</param>
    /// <returns>Pairs (smaller key, larger key) with their shared count.</returns>
    public Dictionary<(int A, int B), int> SharedPairs(int minShared)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minShared, 1);
        var counts = new Dictionary<(int, int), int>();
        // Fingerprints in the order they were first added (each list starts at its first entry), postings in the order
        // they were added: the pairs come out in the same order whatever the table's layout.
        var list = new List<int>();
        for (int first = 0; first < _entries; first++)
        {
            if ((_isFirst[first >> 6] & (1UL << first)) == 0 || _postings[first].Next == first)
            {
                continue;
            }

            list.Clear();
            int entry = first;
            do
            {
                list.Add(_postings[entry].Key);
                entry = _postings[entry].Next;
            }
            while (entry != first && list.Count <= MaxPostings);

            if (list.Count > MaxPostings)
            {
                continue;
            }

            for (int i = 0; i < list.Count; i++)
            {
                for (int j = i + 1; j < list.Count; j++)
                {
                    int a = list[i], b = list[j];
                    if (a == b)
                    {
                        continue;
                    }

                    var key = a < b ? (a, b) : (b, a);
                    ref int c = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
                    c++;
                }
            }
        }

        var result = new Dictionary<(int, int), int>();
        foreach (var (pair, c) in counts)
        {
            if (c >= minShared)
            {
                result.Add(pair, c);
            }
        }

        return result;
    }

    /// <summary>A table slot: the fingerprint's low 56 bits with its holder count in the top 8, and its list's last
    /// entry + 1 (0 for an empty slot), side by side in 12 bytes so that a probe usually reads one cache line, not two.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct TableSlot
    {
        public ulong Fingerprint;
        public int LastPlusOne;
    }

    /// <summary>A posting: the document's key and the next entry of its fingerprint's circular list, side by side so
    /// that a step along a list reads one cache line.</summary>
    private struct Posting
    {
        public int Key;
        public int Next;
    }
}
