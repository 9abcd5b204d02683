using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NearDup.Internal;
using NearDup.Sketches.MinHash;

namespace NearDup.Indexing.Lsh;

/// <summary>An in-memory MinHash LSH banding index over integer keys.</summary>
/// <remarks>
/// <para>
/// Each sketch is cut into <see cref="LshParameters.Bands"/> bands of <see cref="LshParameters.Rows"/> values; each band
/// is hashed (XxHash3 of the band's values, seeded with the band number, folded to a 32-bit fingerprint). A query
/// returns every key that has the same fingerprint in at least one band: candidates, not verdicts, to be confirmed on
/// the real shingle sets (Broder 1997; Indyk and Motwani 1998). Two different band values that collide on the 32-bit
/// fingerprint (one chance in 2³² per pair and band, so about bands × N / 2³² extra candidates per query: 0.6% at
/// 25 bands and 1,000,000 documents) only add a candidate, which that check removes anyway; no true candidate is lost.
/// </para>
/// <para>
/// Memory: per band one ordered linear-probing table of 8-byte (fingerprint, id) entries kept at 72–90% load, so about
/// 9–11 bytes per band per document (≈ 250 bytes at 25 bands), plus 4 bytes for the id → key array and, when keys
/// are non-negative and roughly dense, 4–6 bytes for the key → id array. The index keeps no sketch. Tables grow by
/// 25% in one sequential pass, one band at a time, so a growth needs 1/<c>bands</c> of the index as scratch.
/// A band value shared by more than 32 documents (exact copies) keeps the extra ids in a plain list, so inserting n
/// copies stays O(n).
/// </para>
/// <para>
/// Removal: <see cref="Remove"/> forgets the key at once and marks its internal id dead; its band entries stay as
/// tombstones that queries skip. When dead ids make up a quarter of all ids (and at least 1,024), the removal that
/// crosses the line rebuilds every table without them, in O(entries). Re-adding a removed key gets a fresh internal id,
/// so the old sketch's tombstones never answer for it.
/// </para>
/// <para>
/// Empty sketches (of an empty set: every value <see cref="MinHasher.EmptyValue"/>) are counted and keyed but have no
/// band to share, so they are never returned; exact-duplicate detection handles empty texts.
/// </para>
/// <para>Thread safety: not thread-safe for writes; concurrent queries without writes are safe (a query writes nothing).</para>
/// </remarks>
public sealed class MinHashLshIndex
{
    // Rebuild when dead ids reach this share of all ids (and at least MinDeadForCompaction): tombstones then cost
    // at most a third more memory and scan time than the live entries.
    private const int DeadShareForCompaction = 4;
    private const int MinDeadForCompaction = 1024;
    private const int StackBands = 256;

    // Batches of fewer entries (sketches × bands) are inserted on the calling thread: starting workers costs more.
    private const int ParallelEntries = 1 << 14;

    // A band merges a batch into its table (sort, then one pass over the table) when the batch has at least
    // 1/MergeShare of the table's entries; a smaller batch is inserted entry by entry, each a random access, which
    // beats rewriting the whole table for it.
    private const int MergeShare = 16;

    private readonly BandTable[] _tables;
    private readonly KeyDirectory _directory = new();
    private int[] _keyOf;
    private ulong[] _dead;
    private int _ids;
    private int _deadIds;

    /// <summary>Creates an empty index.</summary>
    /// <param name="parameters">Sketch parameters every added or queried sketch must have.</param>
    /// <param name="banding">The banding; its b·r must not exceed the sketch's hash count.</param>
    /// <exception cref="ArgumentException">The banding needs more hashes than the sketches have.</exception>
    public MinHashLshIndex(MinHashParameters parameters, LshParameters banding)
        : this(parameters, banding, capacity: 0)
    {
    }

    /// <summary>Creates an empty index sized for <paramref name="capacity"/> documents.</summary>
    /// <param name="parameters">Sketch parameters every added or queried sketch must have.</param>
    /// <param name="banding">The banding; its b·r must not exceed the sketch's hash count.</param>
    /// <param name="capacity">Documents the index will hold; it grows past this as needed.</param>
    /// <remarks>
    /// Sizing up front skips the growths (each rewrites a band table into a new array) and puts the tables at 90% load
    /// when <paramref name="capacity"/> documents are in: ≈ 8.9 bytes per band per document.
    /// </remarks>
    /// <exception cref="ArgumentException">The banding needs more hashes than the sketches have.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public MinHashLshIndex(MinHashParameters parameters, LshParameters banding, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(banding);
        if (banding.HashesUsed > parameters.HashCount)
        {
            throw new ArgumentException($"banding {banding} uses {banding.HashesUsed} hashes; sketches have {parameters.HashCount}.", nameof(banding));
        }

        Parameters = parameters;
        Banding = banding;
        _keyOf = new int[Math.Max(16, capacity)];
        _dead = new ulong[(_keyOf.Length + 63) >> 6];
        _tables = new BandTable[banding.Bands];
        for (int i = 0; i < _tables.Length; i++)
        {
            _tables[i] = new BandTable(capacity);
        }
    }

    /// <summary>An index read from an image (see <see cref="ReadImage"/>).</summary>
    private MinHashLshIndex(MinHashParameters parameters, LshParameters banding, BandTable[] tables, KeyDirectory directory, int[] keyOf, ulong[] dead, int ids, int deadIds)
    {
        Parameters = parameters;
        Banding = banding;
        _tables = tables;
        _directory = directory;
        _keyOf = keyOf;
        _dead = dead;
        _ids = ids;
        _deadIds = deadIds;
    }

    /// <summary>Sketch parameters of the index.</summary>
    public MinHashParameters Parameters { get; }

    /// <summary>The banding.</summary>
    public LshParameters Banding { get; }

    /// <summary>Number of keys in the index: added and not removed.</summary>
    public int Count => _directory.Count;

    /// <summary>
    /// Fingerprints computed at once by <see cref="AddRange(ReadOnlySpan{int}, ReadOnlySpan{uint})"/>: a batch of more
    /// sketches × bands goes in chunks. Bounds the scratch at 64 MB; tests lower it to reach the chunked path.
    /// </summary>
    internal int MaxChunkFingerprints { get; init; } = 1 << 24;

    /// <summary>Bytes held by the index's arrays (band tables, id → key and dense key → id arrays), for measurements.</summary>
    internal long ArrayBytes
    {
        get
        {
            long bytes = (long)_keyOf.Length * sizeof(int) + (long)_dead.Length * sizeof(ulong) + _directory.DenseBytes;
            foreach (BandTable table in _tables)
            {
                bytes += table.Bytes + table.HeavyCount * sizeof(int);
            }

            return bytes;
        }
    }

    /// <summary>Adds a sketch under <paramref name="key"/>.</summary>
    /// <param name="key">The caller's key for the document; any value not already in the index.</param>
    /// <param name="sketch">Its sketch.</param>
    /// <exception cref="ArgumentException">
    /// The sketch was made under other parameters, or <paramref name="key"/> is already in the index (remove it first).
    /// </exception>
    /// <exception cref="InvalidOperationException">The index has handed out <see cref="Array.MaxLength"/> internal ids since its last rebuild.</exception>
    public void Add(int key, MinHashSketch sketch)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        Parameters.EnsureCompatible(sketch.Parameters, nameof(sketch));
        EnsureAbsent(key);
        AddCore(key, sketch.Values, indexed: !sketch.IsEmpty);
    }

    /// <summary>Adds the raw values of a sketch (for example read back from storage) under <paramref name="key"/>.</summary>
    /// <param name="key">The caller's key for the document; any value not already in the index.</param>
    /// <param name="values">
    /// The <see cref="MinHashParameters.HashCount"/> values of a sketch made under <see cref="Parameters"/> (the
    /// parameters cannot be checked here: that is the caller's promise). All <see cref="MinHasher.EmptyValue"/> means an
    /// empty set: counted, never returned.
    /// </param>
    /// <remarks>Saves the <see cref="MinHashSketch"/> allocation for callers that keep sketches in their own buffers.</remarks>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> has another length than the hash count, or <paramref name="key"/> is already in the index.
    /// </exception>
    /// <exception cref="InvalidOperationException">The index has handed out <see cref="Array.MaxLength"/> internal ids since its last rebuild.</exception>
    public void Add(int key, ReadOnlySpan<uint> values)
    {
        EnsureLength(values, nameof(values));
        EnsureAbsent(key);
        AddCore(key, values, indexed: !IsEmptySet(values));
    }

    /// <summary>Adds a batch of sketches, given as raw values, using every core.</summary>
    /// <param name="keys">The caller's keys: distinct, none already in the index.</param>
    /// <param name="values">
    /// The sketches' values, row-major: <paramref name="keys"/>.Length × <see cref="MinHashParameters.HashCount"/>
    /// values, those of <c>keys[i]</c> starting at <c>i × HashCount</c>, each made under <see cref="Parameters"/> (the
    /// caller's promise, as for <see cref="Add(int, ReadOnlySpan{uint})"/>). A row of
    /// <see cref="MinHasher.EmptyValue"/> only is an empty set: counted, never returned.
    /// </param>
    /// <remarks>
    /// <para>
    /// Afterwards the index answers every query exactly as if the sketches had been added one by one, in order, with
    /// <see cref="Add(int, ReadOnlySpan{uint})"/>. All arguments are checked before anything changes: a rejected batch
    /// adds nothing.
    /// </para>
    /// <para>
    /// Cost: the band fingerprints are computed on the calling thread (one pass over <paramref name="values"/>), then
    /// the bands are shared among the cores: band tables are independent, so each thread owns whole bands and takes no
    /// lock. A band whose table is small beside the batch sorts the batch's entries (radix sort) and merges them into
    /// the table in one sequential pass; a band whose table is more than 16 times the batch takes the entries one by
    /// one. Either way a table grows at most once per call. Scratch, rented from <see cref="ArrayPool{T}.Shared"/> so
    /// that batch after batch reuses it: 4 bytes per sketch and band for the fingerprints (a batch of more than 2²⁴
    /// goes in chunks of that many), 16 bytes per sketch per core for the sort, and one band table per core.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> does not hold <see cref="MinHashParameters.HashCount"/> values per key, a key appears
    /// twice in <paramref name="keys"/>, or a key is already in the index.
    /// </exception>
    /// <exception cref="InvalidOperationException">The batch would take the index past <see cref="Array.MaxLength"/> internal ids since its last rebuild.</exception>
    public void AddRange(ReadOnlySpan<int> keys, ReadOnlySpan<uint> values)
    {
        int hashes = Parameters.HashCount;
        if (values.Length != (long)keys.Length * hashes)
        {
            throw new ArgumentException($"values has {values.Length} values; {keys.Length} keys × {hashes} hashes need {(long)keys.Length * hashes}.", nameof(values));
        }

        AddRangeCore(keys, new ValueRows(values, hashes));
    }

    /// <summary>Adds a batch of sketches using every core.</summary>
    /// <param name="keys">The caller's keys: distinct, none already in the index.</param>
    /// <param name="sketches">The sketch of each key, at the same position, made under <see cref="Parameters"/>.</param>
    /// <remarks>
    /// As <see cref="AddRange(ReadOnlySpan{int}, ReadOnlySpan{uint})"/>, without copying the sketches into one array:
    /// the index answers exactly as if each had been added with <see cref="Add(int, MinHashSketch)"/>, in order, and a
    /// rejected batch adds nothing.
    /// </remarks>
    /// <exception cref="ArgumentNullException">A sketch is null.</exception>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a sketch was made under other parameters, a key appears twice in <paramref name="keys"/>,
    /// or a key is already in the index.
    /// </exception>
    /// <exception cref="InvalidOperationException">The batch would take the index past <see cref="Array.MaxLength"/> internal ids since its last rebuild.</exception>
    public void AddRange(ReadOnlySpan<int> keys, ReadOnlySpan<MinHashSketch> sketches)
    {
        if (sketches.Length != keys.Length)
        {
            throw new ArgumentException($"{sketches.Length} sketches for {keys.Length} keys.", nameof(sketches));
        }

        for (int i = 0; i < sketches.Length; i++)
        {
            if (sketches[i] is null)
            {
                throw new ArgumentNullException(nameof(sketches), $"sketch {i} is null.");
            }

            Parameters.EnsureCompatible(sketches[i].Parameters, nameof(sketches));
        }

        AddRangeCore(keys, new SketchRows(sketches));
    }

    /// <summary>Removes <paramref name="key"/>; later queries never return it (until it is added again).</summary>
    /// <param name="key">The caller's key.</param>
    /// <returns>Whether the key was in the index.</returns>
    /// <remarks>
    /// O(1), except the removal that makes dead ids a quarter of all ids (and at least 1,024), which rebuilds every band
    /// table without them: O(entries), so amortised O(bands) per removal.
    /// </remarks>
    public bool Remove(int key)
    {
        if (!_directory.Remove(key, out int id))
        {
            return false;
        }

        _dead[id >> 6] |= 1UL << id;
        _deadIds++;
        if (_deadIds >= MinDeadForCompaction && _deadIds * (long)DeadShareForCompaction >= _ids)
        {
            Compact();
        }

        return true;
    }

    /// <summary>Adds to <paramref name="results"/> every key that shares a band with <paramref name="sketch"/>.</summary>
    /// <param name="sketch">The query sketch.</param>
    /// <param name="results">Receives candidate keys (each once).</param>
    /// <exception cref="ArgumentException">The sketch was made under other parameters.</exception>
    public void Query(MinHashSketch sketch, ISet<int> results)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        ArgumentNullException.ThrowIfNull(results);
        Parameters.EnsureCompatible(sketch.Parameters, nameof(sketch));
        if (!sketch.IsEmpty)
        {
            QueryCore(sketch.Values, results);
        }
    }

    /// <summary>Adds to <paramref name="results"/> every key that shares a band with the sketch of <paramref name="values"/>.</summary>
    /// <param name="values">The <see cref="MinHashParameters.HashCount"/> values of a sketch made under <see cref="Parameters"/>.</param>
    /// <param name="results">Receives candidate keys (each once).</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> has another length than the hash count.</exception>
    public void Query(ReadOnlySpan<uint> values, ISet<int> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        EnsureLength(values, nameof(values));
        if (!IsEmptySet(values))
        {
            QueryCore(values, results);
        }
    }

    private void AddRangeCore<TRows>(ReadOnlySpan<int> keys, TRows rows)
        where TRows : IRows, allows ref struct
    {
        if (keys.IsEmpty)
        {
            return;
        }

        // Rented before anything changes, so that running out of memory leaves the index as it was. Pooled: batch
        // after batch, fresh memory costs page faults that take longer than the inserts.
        int bands = _tables.Length, chunk = Math.Min(keys.Length, Math.Max(1, MaxChunkFingerprints / bands));
        uint[] fingerprints = ArrayPool<uint>.Shared.Rent(chunk * bands);
        int[] ids = ArrayPool<int>.Shared.Rent(chunk);
        try
        {
            int first = _ids;
            AddKeys(keys);
            Span<uint> row = bands <= StackBands ? stackalloc uint[bands] : new uint[bands];
            for (int start = 0; start < keys.Length; start += chunk)
            {
                int count = 0;
                for (int i = start; i < Math.Min(keys.Length, start + chunk); i++)
                {
                    if (rows.IsEmpty(i))
                    {
                        continue;
                    }

                    // Band-major, so each band's worker reads its fingerprints in one run.
                    Fingerprints(rows.Row(i), row);
                    for (int band = 0; band < bands; band++)
                    {
                        fingerprints[band * chunk + count] = row[band];
                    }

                    ids[count++] = first + i;
                }

                // Room for the rest of the batch, not just this chunk: the tables grow once per call.
                InsertBatch(fingerprints, chunk, ids, count, reserve: keys.Length - start);
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(fingerprints);
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>Gives the keys the next ids, in order; throws, leaving the index as it was, on a key present or repeated.</summary>
    private void AddKeys(ReadOnlySpan<int> keys)
    {
        EnsureIdRoom(keys.Length);
        int first = _ids;
        for (int i = 0; i < keys.Length; i++)
        {
            if (_directory.TryGet(keys[i], out int id))
            {
                for (int j = 0; j < i; j++)
                {
                    _directory.Remove(keys[j], out _);
                }

                throw new ArgumentException(
                    id >= first
                        ? $"key {keys[i]} appears twice in the batch, at {id - first} and {i}; nothing was added."
                        : $"key {keys[i]} (at {i}) is already in the index; remove it first to replace its sketch. Nothing was added.",
                    nameof(keys));
            }

            _directory.Add(keys[i], first + i);
        }

        keys.CopyTo(_keyOf.AsSpan(first));
        _ids += keys.Length;
    }

    /// <summary>
    /// Inserts <paramref name="count"/> entries per band (fingerprints band-major with <paramref name="stride"/>),
    /// growing each table, if needed, to hold <paramref name="reserve"/> ≥ <paramref name="count"/> more.
    /// </summary>
    private void InsertBatch(uint[] fingerprints, int stride, int[] ids, int count, int reserve)
    {
        if (count == 0)
        {
            return;
        }

        if ((long)count * _tables.Length < ParallelEntries)
        {
            using var scratch = new BandScratch();
            for (int band = 0; band < _tables.Length; band++)
            {
                InsertBand(band, fingerprints, stride, ids, count, reserve, scratch);
            }

            return;
        }

        Parallelism.For(_tables.Length, static () => new BandScratch(), (band, scratch) => InsertBand(band, fingerprints, stride, ids, count, reserve, scratch));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InsertBand(int band, uint[] fingerprints, int stride, int[] ids, int count, int reserve, BandScratch scratch)
    {
        BandTable table = _tables[band];
        ReadOnlySpan<uint> mine = fingerprints.AsSpan(band * stride, count);
        if ((long)count * MergeShare < table.Count)
        {
            table.InsertEach(mine, ids.AsSpan(0, count), reserve);
            return;
        }

        scratch.EnsureLength(count);
        Span<ulong> entries = scratch.Entries.AsSpan(0, count);
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = BandTable.Entry(mine[i], ids[i]);
        }

        table.InsertSorted(EntrySort.Sort(entries, scratch.Buffer), reserve, ref scratch.Spare);
    }

    /// <summary>The 32-bit fingerprint of band <paramref name="band"/>: XxHash3 seeded with the band, halves XORed.</summary>
    /// <remarks>Hashes the values in machine byte order: fingerprints are stored only in candidate images, which are
    /// little-endian only and read only under a settings fingerprint that covers a probe of this function.</remarks>
    internal static uint Fingerprint(ReadOnlySpan<uint> values, int band, int rows)
    {
        ReadOnlySpan<uint> slice = values.Slice(band * rows, rows);
        ulong hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(slice), band);
        return (uint)hash ^ (uint)(hash >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddCore(int key, ReadOnlySpan<uint> values, bool indexed)
    {
        int id = NewId(key);
        _directory.Add(key, id);
        if (!indexed)
        {
            return;
        }

        int bands = _tables.Length;
        Span<uint> fingerprints = bands <= StackBands ? stackalloc uint[bands] : new uint[bands];
        Fingerprints(values, fingerprints);

        for (int band = 0; band < bands; band++)
        {
            BandTable table = _tables[band];
            if (table.IsFull)
            {
                table.Grow();
            }
        }

        // Each insert starts with a cache miss at a random home slot. Loading all the homes first, in a loop with no
        // dependency between its loads, lets the CPU wait for them together instead of one after another (a software
        // prefetch without unsafe code); the inserts then find their lines in cache.
        Touch(fingerprints);
        for (int band = 0; band < bands; band++)
        {
            _tables[band].Insert(fingerprints[band], id);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Touch(ReadOnlySpan<uint> fingerprints)
    {
        ulong any = 0;
        for (int band = 0; band < fingerprints.Length; band++)
        {
            BandTable table = _tables[band];
            any |= table.Slots[BandTable.Home(fingerprints[band], table.Capacity)];
        }

        // The test only keeps the JIT from dropping the loads: an entry's low half is id + 1 ≤ 2³¹ − 1, so bit 31
        // of the OR is never set.
        if ((any & 0x8000_0000UL) != 0)
        {
            throw new UnreachableException();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void QueryCore(ReadOnlySpan<uint> values, ISet<int> results)
    {
        int bands = _tables.Length;
        Span<uint> fingerprints = bands <= StackBands ? stackalloc uint[bands] : new uint[bands];
        Fingerprints(values, fingerprints);
        Touch(fingerprints);

        bool anyDead = _deadIds != 0;
        for (int band = 0; band < bands; band++)
        {
            uint fingerprint = fingerprints[band];
            BandTable table = _tables[band];
            ulong[] slots = table.Slots;
            ulong low = (ulong)fingerprint << 32, high = low | uint.MaxValue;

            // Sorted run from the home: skip smaller fingerprints, collect equal ones, stop at a greater one or an
            // empty slot (the array always ends with one).
            for (int p = BandTable.Home(fingerprint, table.Capacity); ; p++)
            {
                ulong entry = slots[p];
                if (entry == 0 || entry > high)
                {
                    break;
                }

                if (entry >= low)
                {
                    Collect(BandTable.IdOf(entry), anyDead, results);
                }
            }

            if (table.Heavy is { } heavy && heavy.TryGetValue(fingerprint, out List<int>? more))
            {
                foreach (int id in more)
                {
                    Collect(id, anyDead, results);
                }
            }
        }
    }

    private void Collect(int id, bool anyDead, ISet<int> results)
    {
        if (!anyDead || (_dead[id >> 6] & (1UL << id)) == 0)
        {
            results.Add(_keyOf[id]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fingerprints(ReadOnlySpan<uint> values, Span<uint> fingerprints)
    {
        int rows = Banding.Rows;
        for (int band = 0; band < fingerprints.Length; band++)
        {
            fingerprints[band] = Fingerprint(values, band, rows);
        }
    }

    private int NewId(int key)
    {
        EnsureIdRoom(1);
        _keyOf[_ids] = key;
        return _ids++;
    }

    private void EnsureIdRoom(int extra)
    {
        long needed = (long)_ids + extra;
        if (needed <= _keyOf.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"the index holds {_ids} ids; {extra} more would pass the maximum of {Array.MaxLength}.");
        }

        int size = (int)Math.Min(Array.MaxLength, Math.Max(needed, _keyOf.Length + (_keyOf.Length >> 1)));
        Array.Resize(ref _keyOf, size);
        Array.Resize(ref _dead, (size + 63) >> 6);
    }

    private void Compact()
    {
        var remap = new int[_ids];
        int live = 0;
        for (int id = 0; id < _ids; id++)
        {
            remap[id] = (_dead[id >> 6] & (1UL << id)) != 0 ? -1 : live++;
        }

        foreach (BandTable table in _tables)
        {
            table.Compact(remap);
        }

        var keyOf = new int[Math.Max(16, live + (live >> 2))];
        for (int id = 0; id < _ids; id++)
        {
            if (remap[id] >= 0)
            {
                keyOf[remap[id]] = _keyOf[id];
            }
        }

        _directory.Renumber(remap);
        _keyOf = keyOf;
        _dead = new ulong[(keyOf.Length + 63) >> 6];
        _ids = live;
        _deadIds = 0;
    }

    private void EnsureLength(ReadOnlySpan<uint> values, string paramName)
    {
        if (values.Length != Parameters.HashCount)
        {
            throw new ArgumentException($"sketch has {values.Length} values, index expects {Parameters.HashCount}.", paramName);
        }
    }

    private void EnsureAbsent(int key)
    {
        if (_directory.Contains(key))
        {
            throw new ArgumentException($"key {key} is already in the index; remove it first to replace its sketch.", nameof(key));
        }
    }

    private static bool IsEmptySet(ReadOnlySpan<uint> values) => !values.ContainsAnyExcept(MinHasher.EmptyValue);

    /// <summary>Writes the index's exact state to an image: band count, ids handed out, dead ids, the id → key array
    /// (its capacity, then the ids handed out), the dead-id bits of those ids, the key directory and every band table.</summary>
    /// <param name="writer">The image.</param>
    /// <remarks>The band tables hold band fingerprints (<see cref="Fingerprint"/>), which are in machine byte order and
    /// depend on XxHash3: an image is only read under the same <c>CandidateSettings</c> fingerprint, which covers a probe
    /// of <see cref="Fingerprint"/>.</remarks>
    internal void WriteImage(ImageWriter writer)
    {
        writer.I32(_tables.Length);
        writer.I32(_ids);
        writer.I32(_deadIds);
        writer.I32(_keyOf.Length);
        writer.Array<int>(_keyOf.AsSpan(0, _ids));
        writer.Array<ulong>(_dead.AsSpan(0, (_ids + 63) >> 6));
        _directory.WriteImage(writer);
        foreach (BandTable table in _tables)
        {
            table.WriteImage(writer);
        }
    }

    /// <summary>Reads an index written by <see cref="WriteImage"/> under the same parameters and banding.</summary>
    /// <param name="parameters">The sketch parameters.</param>
    /// <param name="banding">The banding.</param>
    /// <param name="reader">The image.</param>
    /// <param name="what">The index's name in errors ("word LSH").</param>
    /// <param name="keyLimit">Every key must lie in [0, this): the caller's keys index its own arrays.</param>
    /// <returns>The index, in the state it was written in.</returns>
    /// <remarks>Checks the band count against the banding, the counts and capacities against each other, every key
    /// against <paramref name="keyLimit"/>, that the dead bits count the dead ids, the directory against the id → key
    /// array (see <see cref="KeyDirectory.ReadImage"/>) and each table (see <see cref="BandTable.ReadImage"/>).</remarks>
    /// <exception cref="Storage.NearDupFormatException">The image is damaged or inconsistent.</exception>
    internal static MinHashLshIndex ReadImage(MinHashParameters parameters, LshParameters banding, ImageReader reader, string what, int keyLimit)
    {
        reader.Int($"{what} band count", banding.Bands, banding.Bands);
        int ids = reader.Int($"{what} ids", 0, Array.MaxLength);
        long deadAt = reader.Offset;
        int deadIds = reader.Int($"{what} dead ids", 0, ids);
        int capacity = reader.Int($"{what} id capacity", Math.Max(16, ids), Array.MaxLength);
        int[] keyOf = reader.Array<int>($"{what} keys", ids, ids, capacity);
        long keysAt = reader.LastArrayOffset;
        for (int id = 0; id < ids; id++)
        {
            if ((uint)keyOf[id] >= (uint)keyLimit)
            {
                throw reader.InvalidElement($"{what} keys", keysAt, id, sizeof(int), $"is {keyOf[id]}, expected 0..{keyLimit - 1}");
            }
        }

        int words = (ids + 63) >> 6;
        ulong[] dead = reader.Array<ulong>($"{what} dead bits", words, words, (capacity + 63) >> 6);
        long bitsAt = reader.LastArrayOffset;
        long set = 0;
        foreach (ulong word in dead)
        {
            set += BitOperations.PopCount(word);
        }

        if (words > 0 && (dead[words - 1] & ~(ulong.MaxValue >> (-ids & 63))) != 0)
        {
            throw reader.InvalidElement($"{what} dead bits", bitsAt, words - 1, sizeof(ulong), $"marks an id at or above {ids}");
        }

        if (set != deadIds)
        {
            throw reader.Invalid($"{what} dead ids", deadAt, $"is {deadIds}, but {set} ids are marked dead");
        }

        KeyDirectory directory = KeyDirectory.ReadImage(reader, $"{what} directory", keyOf.AsSpan(0, ids), dead);
        if (directory.Count != ids - deadIds)
        {
            throw reader.Invalid($"{what} dead ids", deadAt, $"is {deadIds} of {ids} ids, but {directory.Count} keys are live");
        }

        var tables = new BandTable[banding.Bands];
        for (int band = 0; band < tables.Length; band++)
        {
            tables[band] = BandTable.ReadImage(reader, $"{what} band {band}", ids);
        }

        return new MinHashLshIndex(parameters, banding, tables, directory, keyOf, dead, ids, deadIds);
    }

    /// <summary>The sketches of a batch, whatever holds them.</summary>
    private interface IRows
    {
        /// <summary>The values of sketch <paramref name="i"/>.</summary>
        ReadOnlySpan<uint> Row(int i);

        /// <summary>Whether sketch <paramref name="i"/> is of an empty set.</summary>
        bool IsEmpty(int i);
    }

    /// <summary>Sketches as rows of one array of values.</summary>
    private readonly ref struct ValueRows(ReadOnlySpan<uint> values, int hashes) : IRows
    {
        private readonly ReadOnlySpan<uint> _values = values;

        public ReadOnlySpan<uint> Row(int i) => _values.Slice(i * hashes, hashes);

        public bool IsEmpty(int i) => IsEmptySet(Row(i));
    }

    /// <summary>Sketch objects.</summary>
    private readonly ref struct SketchRows(ReadOnlySpan<MinHashSketch> sketches) : IRows
    {
        private readonly ReadOnlySpan<MinHashSketch> _sketches = sketches;

        public ReadOnlySpan<uint> Row(int i) => _sketches[i].Values;

        public bool IsEmpty(int i) => _sketches[i].IsEmpty;
    }

    /// <summary>One worker's buffers for <see cref="InsertBand"/>, reused across the bands it takes; pooled.</summary>
    private sealed class BandScratch : IDisposable
    {
        /// <summary>The slot array the last band's table let go, for the next band's table (see <see cref="BandTable.InsertSorted"/>).</summary>
        public ulong[]? Spare;

        /// <summary>A band's entries.</summary>
        public ulong[] Entries { get; private set; } = [];

        /// <summary>The radix sort's other buffer.</summary>
        public ulong[] Buffer { get; private set; } = [];

        /// <summary>Makes both buffers hold at least <paramref name="count"/> entries.</summary>
        public void EnsureLength(int count)
        {
            if (Entries.Length < count)
            {
                Dispose();
                Entries = ArrayPool<ulong>.Shared.Rent(count);
                Buffer = ArrayPool<ulong>.Shared.Rent(count);
            }
        }

        /// <summary>Returns the buffers to the pool.</summary>
        public void Dispose()
        {
            if (Entries.Length > 0)
            {
                ArrayPool<ulong>.Shared.Return(Entries);
                ArrayPool<ulong>.Shared.Return(Buffer);
                Entries = Buffer = [];
            }
        }
    }
}
