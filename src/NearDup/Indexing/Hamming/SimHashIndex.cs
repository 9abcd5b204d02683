using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using NearDup.Internal;
using NearDup.Sketches;

namespace NearDup.Indexing.Hamming;

/// <summary>
/// An in-memory index of 64-bit SimHash fingerprints under integer keys that finds, exactly, every key whose
/// fingerprint lies within a given Hamming distance of a query fingerprint.
/// </summary>
/// <remarks>
/// <para>
/// After Manku, Jain and Das Sarma, "Detecting near-duplicates for web crawling" (WWW 2007). The 64 bits are cut into
/// <see cref="Blocks"/> contiguous blocks b ≥ k + 1 (k = <see cref="MaxDistance"/>; block sizes differ by at most one
/// bit). Two fingerprints at distance d ≤ k differ in at most d blocks, so they agree exactly on at least b − k blocks.
/// The index keeps one table for every choice of b − k blocks, C(b, k) tables in all, keyed on the bits of the chosen
/// blocks; a query probes its own key in every table and keeps a hit only when its true popcount distance is within
/// the limit. There are no false negatives (pigeonhole) and no false positives (every hit is checked). A key that
/// agrees on several tables' blocks is reported once, from the first such table, so no set is needed to remove
/// duplicates.
/// </para>
/// <para>
/// Default layouts: k ≤ 2 uses b = k + 1 (k + 1 tables keyed on ⌊64/(k+1)⌋ or more bits);
/// k ≥ 3 uses b = k + 2 (C(k+2, 2) tables keyed on about 128/(k+2) bits): k = 3 gives Manku's 10 tables of 25–26 bits,
/// k = 4 gives 15 tables of 21–22 bits, k = 6 gives 28 tables of 16 bits (k = 7 and 8 scan instead, see below). The
/// trade-off: more blocks means more tables (memory and insert time grow with C(b, k)) but longer keys, so each probe
/// meets about n / 2^(key bits) random candidates instead of many more. With b = k + 1 and k = 4 at a million entries
/// each of 5 tables keyed on 12–13 bits yields about 150 candidates to check; with b = k + 2 each of 15 tables yields
/// about 0.5. Pass <c>blocks</c> to the constructor to choose otherwise. Where the keys would be so short that chasing
/// candidates costs more than reading every fingerprint (random candidates per query would exceed n/1024), the index
/// builds no tables and scans instead.
/// </para>
/// <para>
/// Cost: each table is a chained hash over flat arrays (a bucket head plus doubly linked next and previous slot
/// numbers, about 12 bytes per entry per table with up to 2× growth slack), plus 12 bytes per entry for the
/// fingerprint and key and a <see cref="Dictionary{TKey, TValue}"/> entry for the key map. <see cref="Add"/> and
/// <see cref="Remove"/> cost O(tables); a query costs O(tables + candidates), with candidates near zero for random
/// data under the default layouts. At a million random entries, a query with one true neighbour costs about twice as
/// much under k = 4 (15 tables, 229 bytes per entry) as under k = 3 (10 tables, 166 bytes), about forty times as much
/// under k = 6 (28 tables, 393 bytes), and about two hundred times as much under k = 7 and 8, which scan (40 bytes).
/// </para>
/// <para>
/// Thread safety: not thread-safe for writes. Any number of concurrent queries (and other reads) are safe as long as
/// no <see cref="Add"/> or <see cref="Remove"/> runs at the same time.
/// </para>
/// </remarks>
public sealed class SimHashIndex
{
    /// <summary>The largest supported <see cref="MaxDistance"/>.</summary>
    /// <remarks>Beyond 8 the table count or the candidate count grows too fast for this design to beat a linear scan.</remarks>
    public const int MaxSupportedDistance = 8;

    /// <summary>The largest supported number of blocks.</summary>
    internal const int MaxBlocks = 12;

    /// <summary>The largest number of tables a layout may need.</summary>
    internal const int MaxTables = 256;

    private const int InitialCapacity = 16;

    private readonly ulong[] _blockMasks;     // per block: its bits
    private readonly ulong[] _tableMasks;     // per table: the bits of its chosen blocks
    private readonly int[] _tableBlocks;      // per table: bit j set when block j is chosen
    private readonly short[] _firstTable;      // per agreement mask over blocks: first table all of whose blocks agree
    private readonly int[][] _buckets;        // per table: bucket → first slot, or -1
    private readonly int[][] _next;           // per table: slot → next slot in its bucket, or -1
    private readonly int[][] _prev;           // per table: slot → previous slot in its bucket, or -1 at the head
    private readonly Dictionary<int, int> _slotOfKey = new();
    private ulong[] _fingerprints;
    private int[] _keys;
    private int _bucketShift;                 // 64 − log2(bucket count)
    private int _slotsUsed;                   // high-water mark of slots ever handed out
    private int _freeHead = -1;               // free slots, linked through _next[0]
    private readonly bool _scan;              // no tables: live entries are kept in slots 0..Count-1 and scanned

    /// <summary>Creates an empty index for distances up to <paramref name="maxDistance"/> with the default block layout.</summary>
    /// <param name="maxDistance">The largest Hamming distance queries may ask for, 0 to <see cref="MaxSupportedDistance"/>; default 3 (Manku 2007).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is negative or above <see cref="MaxSupportedDistance"/>.</exception>
    public SimHashIndex(int maxDistance = 3)
        : this(maxDistance, DefaultBlocks(maxDistance))
    {
    }

    /// <summary>Creates an empty index for distances up to <paramref name="maxDistance"/> with the 64 bits cut into <paramref name="blocks"/> blocks.</summary>
    /// <param name="maxDistance">The largest Hamming distance queries may ask for, 0 to <see cref="MaxSupportedDistance"/>.</param>
    /// <param name="blocks">
    /// Number of blocks b, from <c>maxDistance + 1</c> to 12, with C(b, maxDistance) ≤ 256 tables.
    /// More blocks: more tables and memory, fewer candidates per query.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, or the layout needs more than 256 tables.</exception>
    public SimHashIndex(int maxDistance, int blocks)
        : this(maxDistance, blocks, forceTables: false)
    {
    }

    /// <summary>As the public constructor; <paramref name="forceTables"/> builds tables even for layouts a scan beats, so tests reach them.</summary>
    internal SimHashIndex(int maxDistance, int blocks, bool forceTables)
    {
        Guard.InRange(maxDistance, 0, MaxSupportedDistance);
        Guard.InRange(blocks, maxDistance + 1, MaxBlocks);
        long tables = Combinations(blocks, maxDistance);
        if (tables > MaxTables)
        {
            throw new ArgumentOutOfRangeException(
                nameof(blocks), blocks, $"{blocks} blocks at distance {maxDistance} need {tables} tables; at most {MaxTables} are supported.");
        }

        MaxDistance = maxDistance;
        Blocks = blocks;
        _blockMasks = BuildBlockMasks(blocks);
        _tableBlocks = BuildTableBlocks(blocks, blocks - maxDistance);
        _tableMasks = new ulong[_tableBlocks.Length];
        for (int t = 0; t < _tableBlocks.Length; t++)
        {
            for (int j = 0; j < blocks; j++)
            {
                if ((_tableBlocks[t] & (1 << j)) != 0)
                {
                    _tableMasks[t] |= _blockMasks[j];
                }
            }
        }

        // Expected random candidates per query are n · Σ 2^−(key bits) over tables, each two dependent cache misses
        // (about 300 ns at a million entries) against well under 1 ns per entry for a sequential popcount scan, plus a
        // probe per table. Measured at a million entries, the tables stop winning near a share of 1/1024 per entry.
        double candidateShare = 0;
        foreach (ulong mask in _tableMasks)
        {
            candidateShare += Math.Pow(2, -BitOperations.PopCount(mask));
        }

        _scan = !forceTables && candidateShare > 1.0 / 1024;
        if (_scan)
        {
            _tableBlocks = [];
            _tableMasks = [];
        }

        _firstTable = BuildFirstTable(blocks, _tableBlocks);
        _fingerprints = new ulong[InitialCapacity];
        _keys = new int[InitialCapacity];
        _buckets = new int[_tableBlocks.Length][];
        _next = new int[_tableBlocks.Length][];
        _prev = new int[_tableBlocks.Length][];
        for (int t = 0; t < _tableBlocks.Length; t++)
        {
            _buckets[t] = NewFilled(InitialCapacity);
            _next[t] = new int[InitialCapacity];
            _prev[t] = new int[InitialCapacity];
        }

        _bucketShift = 64 - BitOperations.Log2((uint)InitialCapacity);
    }

    /// <summary>The largest distance queries may ask for.</summary>
    public int MaxDistance { get; }

    /// <summary>Number of blocks the 64 bits are cut into.</summary>
    public int Blocks { get; }

    /// <summary>Number of tables built: C(<see cref="Blocks"/>, <see cref="MaxDistance"/>), or 0 when <see cref="UsesLinearScan"/>.</summary>
    internal int TableCount => _tableBlocks.Length;

    /// <summary>Per table, the bits of its chosen blocks: two fingerprints within <see cref="MaxDistance"/> agree on all
    /// the bits of at least one table's mask. A cluster backend keys its SimHash tables on them.</summary>
    internal ReadOnlySpan<ulong> TableMasks => _tableMasks;

    /// <summary>Whether the layout's keys are so short that the index keeps no tables and each query scans every fingerprint.</summary>
    /// <remarks>
    /// True when Σ over tables of 2^−(key bits) exceeds 1/1024, that is when random candidates per query would exceed
    /// n/1024: each costs dependent cache misses, so a sequential popcount scan of all n fingerprints is as fast or
    /// faster, and the tables would only cost memory. Among the default layouts k = 7 (36 tables of 14–15 bits) and
    /// k = 8 (45 tables of 12–13 bits) scan; b = k + 1 layouts scan from k = 5. The scan is exact too.
    /// </remarks>
    internal bool UsesLinearScan => _scan;

    /// <summary>Number of fingerprints in the index.</summary>
    public int Count => _slotOfKey.Count;

    /// <summary>The default number of blocks for <paramref name="maxDistance"/>: k + 1 for k ≤ 2, k + 2 above.</summary>
    /// <param name="maxDistance">The largest distance, 0 to <see cref="MaxSupportedDistance"/>.</param>
    /// <returns>The number of blocks the parameterless layout uses.</returns>
    /// <remarks>
    /// With k + 1 blocks each table key has about 64/(k+1) bits, too few from k = 3 on to keep random candidates rare
    /// at a million entries; k + 2 blocks give keys of about 128/(k+2) bits for C(k+2, 2) tables.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is negative or above <see cref="MaxSupportedDistance"/>.</exception>
    internal static int DefaultBlocks(int maxDistance)
    {
        Guard.InRange(maxDistance, 0, MaxSupportedDistance);
        return maxDistance <= 2 ? maxDistance + 1 : maxDistance + 2;
    }

    /// <summary>Whether <paramref name="key"/> is in the index.</summary>
    /// <param name="key">A key.</param>
    /// <returns>True when present.</returns>
    public bool Contains(int key) => _slotOfKey.ContainsKey(key);

    /// <summary>Gets the fingerprint stored under <paramref name="key"/>.</summary>
    /// <param name="key">A key.</param>
    /// <param name="fingerprint">The fingerprint, or 0 when absent.</param>
    /// <returns>True when present.</returns>
    public bool TryGetFingerprint(int key, out ulong fingerprint)
    {
        if (_slotOfKey.TryGetValue(key, out int slot))
        {
            fingerprint = _fingerprints[slot];
            return true;
        }

        fingerprint = 0;
        return false;
    }

    /// <summary>Adds <paramref name="fingerprint"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The caller's key; must not already be in the index.</param>
    /// <param name="fingerprint">The 64-bit SimHash fingerprint.</param>
    /// <remarks>Cost: O(tables) amortised; growth rehashes every table. Not thread-safe.</remarks>
    /// <exception cref="ArgumentException"><paramref name="key"/> is already in the index.</exception>
    public void Add(int key, ulong fingerprint)
    {
        if (_slotOfKey.ContainsKey(key))
        {
            ThrowDuplicate(key);
        }

        int slot;
        if (_freeHead >= 0 && !_scan)
        {
            slot = _freeHead;
            _freeHead = _next[0][slot];
        }
        else
        {
            if (_slotsUsed == _keys.Length)
            {
                Grow();
            }

            slot = _slotsUsed++;
        }

        _slotOfKey.Add(key, slot);
        _keys[slot] = key;
        _fingerprints[slot] = fingerprint;
        for (int t = 0; t < _tableMasks.Length; t++)
        {
            Link(t, slot, fingerprint);
        }
    }

    /// <summary>Removes <paramref name="key"/> and its fingerprint.</summary>
    /// <param name="key">A key.</param>
    /// <returns>True when the key was present.</returns>
    /// <remarks>Cost: O(tables); the slot is reused by a later <see cref="Add"/>. Not thread-safe.</remarks>
    public bool Remove(int key)
    {
        if (!_slotOfKey.Remove(key, out int slot))
        {
            return false;
        }

        if (_scan)
        {
            // No table refers to slots, so the last entry moves into the hole and the scan range stays dense.
            int last = --_slotsUsed;
            if (slot != last)
            {
                _keys[slot] = _keys[last];
                _fingerprints[slot] = _fingerprints[last];
                _slotOfKey[_keys[slot]] = slot;
            }

            return true;
        }

        ulong fingerprint = _fingerprints[slot];
        for (int t = 0; t < _tableMasks.Length; t++)
        {
            int prev = _prev[t][slot];
            int next = _next[t][slot];
            if (prev >= 0)
            {
                _next[t][prev] = next;
            }
            else
            {
                _buckets[t][Bucket(fingerprint & _tableMasks[t])] = next;
            }

            if (next >= 0)
            {
                _prev[t][next] = prev;
            }
        }

        _next[0][slot] = _freeHead;
        _freeHead = slot;
        return true;
    }

    /// <summary>Adds to <paramref name="results"/> every key whose fingerprint is within <paramref name="maxDistance"/> of <paramref name="fingerprint"/>, with its distance.</summary>
    /// <param name="fingerprint">The query fingerprint.</param>
    /// <param name="maxDistance">The largest distance to report, 0 to <see cref="MaxDistance"/>.</param>
    /// <param name="results">Receives each matching key once, in no particular order.</param>
    /// <remarks>
    /// Exact: no key within the distance is missed and none beyond it is reported. A stored copy of the query itself
    /// is reported at distance 0. Cost: O(tables + candidates), no allocation besides what
    /// <paramref name="results"/> does. Safe to call concurrently with other queries, not with writes.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is negative or above <see cref="MaxDistance"/>.</exception>
    public void Query(ulong fingerprint, int maxDistance, ICollection<(int Key, int Distance)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        CheckDistance(maxDistance);
        QueryCore(fingerprint, maxDistance, results);
    }

    /// <summary>Every key whose fingerprint is within <paramref name="maxDistance"/> of <paramref name="fingerprint"/>, sorted by distance, then key.</summary>
    /// <param name="fingerprint">The query fingerprint.</param>
    /// <param name="maxDistance">The largest distance to report, 0 to <see cref="MaxDistance"/>.</param>
    /// <returns>A new list of (key, distance) pairs, nearest first.</returns>
    /// <remarks>
    /// As <see cref="Query(ulong, int, ICollection{ValueTuple{int, int}})"/> plus a list and a sort. Safe to call
    /// concurrently with other queries, not with writes.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is negative or above <see cref="MaxDistance"/>.</exception>
    public List<(int Key, int Distance)> Query(ulong fingerprint, int maxDistance)
    {
        CheckDistance(maxDistance);
        var results = new List<(int Key, int Distance)>();
        QueryCore(fingerprint, maxDistance, results);
        results.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Key.CompareTo(b.Key));
        return results;
    }

    /// <summary>Every key whose fingerprint is within <see cref="MaxDistance"/> of <paramref name="fingerprint"/>, sorted by distance, then key.</summary>
    /// <param name="fingerprint">The query fingerprint.</param>
    /// <returns>A new list of (key, distance) pairs, nearest first.</returns>
    /// <remarks>Same as <see cref="Query(ulong, int)"/> at <see cref="MaxDistance"/>.</remarks>
    public List<(int Key, int Distance)> Query(ulong fingerprint) => Query(fingerprint, MaxDistance);

    private void QueryCore(ulong fingerprint, int maxDistance, ICollection<(int Key, int Distance)> results)
    {
        ulong[] fingerprints = _fingerprints;
        if (_scan)
        {
            // A local span lets the JIT drop bounds checks and keep the loop in registers.
            ReadOnlySpan<ulong> live = fingerprints.AsSpan(0, _slotsUsed);
            for (int slot = 0; slot < live.Length; slot++)
            {
                int distance = BitOperations.PopCount(fingerprint ^ live[slot]);
                if (distance <= maxDistance)
                {
                    results.Add((_keys[slot], distance));
                }
            }

            return;
        }

        for (int t = 0; t < _tableMasks.Length; t++)
        {
            int[] next = _next[t];
            for (int slot = _buckets[t][Bucket(fingerprint & _tableMasks[t])]; slot >= 0; slot = next[slot])
            {
                ulong diff = fingerprint ^ fingerprints[slot];
                int distance = BitOperations.PopCount(diff);

                // Buckets are hashed, so a bucket can hold entries that disagree on this table's blocks; the first-table
                // check rejects those and also reports each key once, from the first table whose blocks all agree.
                if (distance <= maxDistance && _firstTable[AgreeingBlocks(diff)] == t)
                {
                    results.Add((_keys[slot], distance));
                }
            }
        }
    }

    /// <summary>Writes the index's exact state to an image: layout (distance, blocks, whether it scans), slot capacity,
    /// slots handed out, the free-list head, the fingerprints and keys of the slots handed out (free ones included), and
    /// per table its bucket heads (all of them) and the next and previous links of the slots handed out.</summary>
    /// <param name="writer">The image.</param>
    /// <remarks>The key → slot dictionary is not written: <see cref="ReadImage"/> rebuilds it from the live slots.</remarks>
    internal void WriteImage(ImageWriter writer)
    {
        writer.I32(MaxDistance);
        writer.I32(Blocks);
        writer.I32(_scan ? 1 : 0);
        writer.I32(_keys.Length);
        writer.I32(_slotsUsed);
        writer.I32(_freeHead);
        writer.Array<ulong>(_fingerprints.AsSpan(0, _slotsUsed));
        writer.Array<int>(_keys.AsSpan(0, _slotsUsed));
        for (int t = 0; t < _buckets.Length; t++)
        {
            writer.Array<int>(_buckets[t]);
            writer.Array<int>(_next[t].AsSpan(0, _slotsUsed));
            writer.Array<int>(_prev[t].AsSpan(0, _slotsUsed));
        }
    }

    /// <summary>Reads an index written by <see cref="WriteImage"/> of an index made with the default layout for
    /// <paramref name="maxDistance"/>.</summary>
    /// <param name="maxDistance">The distance the index was made for.</param>
    /// <param name="reader">The image.</param>
    /// <param name="what">The index's name in errors.</param>
    /// <param name="keyLimit">Every live key must lie in [0, this).</param>
    /// <returns>The index, in the state it was written in.</returns>
    /// <remarks>Checks the layout against the default one, the capacity (a power of two) against the slots handed out,
    /// every bucket head and link against the slots handed out, and every live key against
    /// <paramref name="keyLimit"/>; walks the free list (bounded, so a cycle is an error), then rebuilds the key → slot
    /// dictionary from the live slots, which rejects a key held twice: O(live keys), the one per-document step.</remarks>
    /// <exception cref="Storage.NearDupFormatException">The image is damaged or inconsistent.</exception>
    internal static SimHashIndex ReadImage(int maxDistance, ImageReader reader, string what, int keyLimit)
    {
        var index = new SimHashIndex(maxDistance);
        reader.Int($"{what} distance", maxDistance, maxDistance);
        reader.Int($"{what} blocks", index.Blocks, index.Blocks);
        reader.Int($"{what} scans", index._scan ? 1 : 0, index._scan ? 1 : 0);
        long capacityAt = reader.Offset;
        int capacity = reader.Int($"{what} capacity", InitialCapacity, Array.MaxLength);
        int used = reader.Int($"{what} slots used", 0, capacity);
        int freeHead = reader.Int($"{what} free head", -1, index._scan ? -1 : used - 1);
        if (!BitOperations.IsPow2(capacity))
        {
            throw reader.Invalid($"{what} capacity", capacityAt, $"is {capacity}, expected a power of two");
        }

        index._fingerprints = reader.Array<ulong>($"{what} fingerprints", used, used, capacity);
        index._keys = reader.Array<int>($"{what} keys", used, used, capacity);
        long keysAt = reader.LastArrayOffset;
        for (int t = 0; t < index._buckets.Length; t++)
        {
            index._buckets[t] = ReadLinks(reader, $"{what} table {t} buckets", capacity, capacity, used);
            index._next[t] = ReadLinks(reader, $"{what} table {t} next", used, capacity, used);
            index._prev[t] = ReadLinks(reader, $"{what} table {t} previous", used, capacity, used);
        }

        index._bucketShift = 64 - BitOperations.Log2((uint)capacity);
        index._slotsUsed = used;
        index._freeHead = freeHead;

        // Free slots are linked through the first table's next links; marking them bounds the walk by the slots.
        var free = new bool[used];
        int[]? links = index._next.Length > 0 ? index._next[0] : null;
        for (int slot = freeHead; slot >= 0; slot = links![slot])
        {
            if (free[slot])
            {
                throw reader.Invalid($"{what} free head", capacityAt + 8, $"starts a free list that runs into a cycle at slot {slot}");
            }

            free[slot] = true;
        }

        index._slotOfKey.EnsureCapacity(used);
        for (int slot = 0; slot < used; slot++)
        {
            if (!free[slot] && ((uint)index._keys[slot] >= (uint)keyLimit || !index._slotOfKey.TryAdd(index._keys[slot], slot)))
            {
                throw reader.InvalidElement($"{what} keys", keysAt, slot, sizeof(int), $"is {index._keys[slot]}, expected a key below {keyLimit} held by no other slot");
            }
        }

        return index;
    }

    /// <summary>Reads one array of slot links (−1 or a slot handed out) into an array of <paramref name="capacity"/>
    /// elements.</summary>
    private static int[] ReadLinks(ImageReader reader, string what, int count, int capacity, int used)
    {
        int[] links = reader.Array<int>(what, count, count, capacity);
        long at = reader.LastArrayOffset;
        for (int i = 0; i < count; i++)
        {
            if (links[i] < -1 || links[i] >= used)
            {
                throw reader.InvalidElement(what, at, i, sizeof(int), $"is {links[i]}, expected -1..{used - 1}");
            }
        }

        return links;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(ulong keyBits) => (int)(Mixing.Mix64(keyBits) >> _bucketShift);

    private int AgreeingBlocks(ulong diff)
    {
        int agree = 0;
        for (int j = 0; j < _blockMasks.Length; j++)
        {
            if ((diff & _blockMasks[j]) == 0)
            {
                agree |= 1 << j;
            }
        }

        return agree;
    }

    private void Link(int table, int slot, ulong fingerprint)
    {
        ref int head = ref _buckets[table][Bucket(fingerprint & _tableMasks[table])];
        _next[table][slot] = head;
        _prev[table][slot] = -1;
        if (head >= 0)
        {
            _prev[table][head] = slot;
        }

        head = slot;
    }

    private void Grow()
    {
        int capacity = _keys.Length * 2;
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _fingerprints, capacity);

        // Bucket count follows capacity so chains stay about one long; every live slot is relinked under the new hash.
        // Free slots only exist below _slotsUsed when the index is not full, and Grow runs only when it is full.
        _bucketShift = 64 - BitOperations.Log2((uint)capacity);
        for (int t = 0; t < _tableMasks.Length; t++)
        {
            _buckets[t] = NewFilled(capacity);
            _next[t] = new int[capacity];
            _prev[t] = new int[capacity];
            for (int slot = 0; slot < _slotsUsed; slot++)
            {
                Link(t, slot, _fingerprints[slot]);
            }
        }
    }

    private void CheckDistance(int maxDistance)
    {
        if ((uint)maxDistance > (uint)MaxDistance)
        {
            ThrowDistance(maxDistance, MaxDistance);
        }
    }

    [DoesNotReturn]
    private static void ThrowDistance(int maxDistance, int configured) =>
        throw new ArgumentOutOfRangeException(
            nameof(maxDistance), maxDistance, $"maxDistance must be between 0 and {configured} (the index was built for distance {configured}); got {maxDistance}.");

    [DoesNotReturn]
    private static void ThrowDuplicate(int key) =>
        throw new ArgumentException($"Key {key} is already in the index; remove it first to replace its fingerprint.", nameof(key));

    private static int[] NewFilled(int length)
    {
        var array = new int[length];
        Array.Fill(array, -1);
        return array;
    }

    private static ulong[] BuildBlockMasks(int blocks)
    {
        // Contiguous blocks from bit 0; the first 64 mod b blocks get one extra bit.
        var masks = new ulong[blocks];
        int start = 0;
        for (int j = 0; j < blocks; j++)
        {
            int width = (64 / blocks) + (j < 64 % blocks ? 1 : 0);
            masks[j] = (width == 64 ? ulong.MaxValue : ((1UL << width) - 1)) << start;
            start += width;
        }

        return masks;
    }

    private static int[] BuildTableBlocks(int blocks, int chosen)
    {
        // Every subset of `chosen` blocks, in increasing order of its mask.
        var tables = new List<int>();
        for (int mask = 0; mask < 1 << blocks; mask++)
        {
            if (BitOperations.PopCount((uint)mask) == chosen)
            {
                tables.Add(mask);
            }
        }

        return tables.ToArray();
    }

    private static short[] BuildFirstTable(int blocks, int[] tableBlocks)
    {
        // For each set of agreeing blocks, the first table whose blocks are all among them, or -1 when the set is too
        // small for any table (then the distance exceeds the limit and the hit is already rejected).
        var first = new short[1 << blocks];
        for (int agree = 0; agree < first.Length; agree++)
        {
            short found = -1;
            for (int t = 0; t < tableBlocks.Length; t++)
            {
                if ((tableBlocks[t] & ~agree) == 0)
                {
                    found = (short)t;
                    break;
                }
            }

            first[agree] = found;
        }

        return first;
    }

    private static long Combinations(int n, int k)
    {
        long result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
