using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using NearDup.Internal;

namespace NearDup.Indexing.Lsh;

/// <summary>One band of a <see cref="MinHashLshIndex"/>: an ordered linear-probing table of (fingerprint, id) entries.</summary>
/// <remarks>
/// <para>
/// An entry is one <see cref="ulong"/>: the 32-bit band fingerprint in the high half and <c>id + 1</c> in the low half,
/// so 0 marks an empty slot and a fresh array is already empty. The home slot of fingerprint f in a table of capacity
/// c is <c>f·c / 2³²</c> (Lemire's multiply-shift range reduction), which is monotone in f. Insertion keeps the
/// non-empty entries sorted across the whole array, each at or after its home with no empty slot in between
/// ("ordered" or Robin Hood linear probing): find the first entry greater than the new one, shift the run up to the
/// next empty slot right by one (one <see cref="Array.Copy(Array, int, Array, int, int)"/>), write the entry.
/// A lookup starts at the home, skips smaller fingerprints and stops at the first greater one or an empty slot,
/// so a miss ends after about ½(1 + 1/(1 − α)) slots at load α instead of plain linear probing's ½(1 + 1/(1 − α)²).
/// </para>
/// <para>
/// Because entries are sorted and the home is monotone, growing is a single sequential pass: each entry goes to
/// max(new home, previous position + 1). That makes a small growth factor (<see cref="GrowthFactor"/>) cheap, which keeps
/// the load between <see cref="MaxLoad"/>/<see cref="GrowthFactor"/> and <see cref="MaxLoad"/>: 8 bytes per entry
/// at 0.72–0.9 load is 8.9–11.1 bytes per entry. Homes lie in [0, capacity); entries pushed past the last home spill
/// into a small slack region, and the very last slot is never written so that every scan ends on an empty slot without
/// a bounds test of its own. Filling the slack doubles it (the capacity stays).
/// </para>
/// <para>
/// Heavy fingerprints: many identical documents give one fingerprint thousands of entries, and a sorted run that
/// long would make every insert shift it (O(n²) over n copies). So a run stops at <see cref="HeavyRun"/> entries;
/// further ids with that fingerprint go to a per-table list in <see cref="Heavy"/>, which a lookup reads whenever
/// the table has any heavy fingerprint. The run and the list together hold every id of the fingerprint.
/// </para>
/// <para>Thread safety: not thread-safe for writes; concurrent reads without writes are safe.</para>
/// </remarks>
internal sealed class BandTable
{
    /// <summary>Load at which the table grows. Ordered probing keeps misses short up to here (≈ 5.5 slots at 0.9).</summary>
    internal const double MaxLoad = 0.9;

    /// <summary>Capacity multiplier of a growth; the load after growing is <see cref="MaxLoad"/> / this.</summary>
    internal const double GrowthFactor = 1.25;

    /// <summary>Longest run of one fingerprint kept in the slots; more ids go to <see cref="Heavy"/>.</summary>
    internal const int HeavyRun = 32;

    private const int MinCapacity = 16;

    // Homes loaded together before a group of inserts: enough misses in flight to hide most of one's latency.
    private const int TouchGroup = 8;

    private ulong[] _slots;
    private int _capacity;
    private int _limit;
    private int _slack;

    /// <summary>Creates an empty table sized for <paramref name="expected"/> entries without growing.</summary>
    public BandTable(int expected = 0)
    {
        _capacity = CapacityFor(expected);
        _slack = Slack(_capacity);
        _slots = new ulong[_capacity + _slack + 1];
        _limit = Limit(_capacity);
    }

    /// <summary>A table read from an image (see <see cref="ReadImage"/>).</summary>
    private BandTable(ulong[] slots, int capacity, int slack, int count, Dictionary<uint, List<int>>? heavy, int heavyCount)
    {
        _slots = slots;
        _capacity = capacity;
        _slack = slack;
        _limit = Limit(capacity);
        Count = count;
        Heavy = heavy;
        HeavyCount = heavyCount;
    }

    /// <summary>Ids beyond the first <see cref="HeavyRun"/> of a fingerprint; null while there are none.</summary>
    public Dictionary<uint, List<int>>? Heavy { get; private set; }

    /// <summary>The slots (entries and zeros); read-only to callers.</summary>
    public ulong[] Slots => _slots;

    /// <summary>Number of home slots.</summary>
    public int Capacity => _capacity;

    /// <summary>Number of entries in the slots (not in <see cref="Heavy"/>), dead ones included.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the next insert would exceed <see cref="MaxLoad"/>.</summary>
    public bool IsFull => Count >= _limit;

    /// <summary>Bytes held by the slot array.</summary>
    public long Bytes => (long)_slots.Length * sizeof(ulong);

    /// <summary>Number of ids in <see cref="Heavy"/>.</summary>
    public int HeavyCount { get; private set; }

    /// <summary>The entry of <paramref name="fingerprint"/> and internal <paramref name="id"/>.</summary>
    public static ulong Entry(uint fingerprint, int id) => ((ulong)fingerprint << 32) | (uint)(id + 1);

    /// <summary>The internal id of a non-empty entry.</summary>
    public static int IdOf(ulong entry) => (int)(uint)entry - 1;

    /// <summary>The home slot of <paramref name="fingerprint"/> in a table of <paramref name="capacity"/> homes.</summary>
    public static int Home(uint fingerprint, int capacity) => (int)(((ulong)fingerprint * (uint)capacity) >> 32);

    /// <summary>Grows by <see cref="GrowthFactor"/>.</summary>
    public void Grow()
    {
        ulong[]? spare = null;
        Rewrite(NextCapacity(_capacity), remap: null, added: [], ref spare);
    }

    /// <summary>Makes room for <paramref name="extra"/> more entries, growing at most once.</summary>
    public void Reserve(int extra)
    {
        ulong[]? spare = null;
        if (Count + (long)extra > _limit)
        {
            Rewrite(CapacityAfter(extra), remap: null, added: [], ref spare);
        }
    }

    /// <summary>
    /// Inserts a batch of entries in one sequential pass (a merge of the table with the batch), growing at most once:
    /// the result is the table the same entries would give inserted one by one with <see cref="Insert"/>.
    /// </summary>
    /// <param name="added">
    /// Entries (<see cref="Entry"/>) sorted ascending, each with an id greater than every id in the table, so that a
    /// new id goes after the old ones of its fingerprint as <see cref="Insert"/> puts it.
    /// </param>
    /// <param name="reserve">Entries to make room for, at least <paramref name="added"/>.Length: more if more will follow.</param>
    /// <param name="spare">
    /// An array the pass may write the table into instead of allocating (used if its length is right); on return, the
    /// array the table no longer uses, for the next table's pass. Threads pass their own.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InsertSorted(ReadOnlySpan<ulong> added, int reserve, ref ulong[]? spare) =>
        Rewrite(Count + (long)reserve > _limit ? CapacityAfter(reserve) : _capacity, remap: null, added, ref spare);

    /// <summary>
    /// Inserts <paramref name="fingerprints"/>[i] under <paramref name="ids"/>[i] one by one, in order, after growing
    /// at most once to hold <paramref name="reserve"/> more: cheaper than <see cref="InsertSorted"/> when the batch is
    /// small beside the table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InsertEach(ReadOnlySpan<uint> fingerprints, ReadOnlySpan<int> ids, int reserve)
    {
        Reserve(reserve);
        for (int start = 0; start < fingerprints.Length; start += TouchGroup)
        {
            ReadOnlySpan<uint> group = fingerprints.Slice(start, Math.Min(TouchGroup, fingerprints.Length - start));

            // As in MinHashLshIndex.Add: load the group's home slots together, then insert into cached lines.
            ulong any = 0;
            foreach (uint fingerprint in group)
            {
                any |= _slots[Home(fingerprint, _capacity)];
            }

            KeepLoads(any);
            for (int i = 0; i < group.Length; i++)
            {
                Insert(group[i], ids[start + i]);
            }
        }
    }

    /// <summary>
    /// Consumes the OR of loaded entries so the JIT keeps loads done only to bring lines into cache: an entry's low
    /// half is id + 1 ≤ 2³¹ − 1, so bit 31 of the OR is never set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void KeepLoads(ulong any)
    {
        if ((any & 0x8000_0000UL) != 0)
        {
            throw new UnreachableException();
        }
    }

    /// <summary>Inserts an id under a fingerprint; the table must not be <see cref="IsFull"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Insert(uint fingerprint, int id)
    {
        while (true)
        {
            switch (TryInsert(fingerprint, id))
            {
                case InsertResult.Done:
                    Count++;
                    return;
                case InsertResult.Heavy:
                    AddHeavy(fingerprint, id);
                    return;
                default:
                    // The slack past the last home is full: rare, a long cluster at the top of the table.
                    ulong[]? spare = null;
                    Rewrite(_capacity, remap: null, added: [], ref spare, _slack * 2);
                    break;
            }
        }
    }

    /// <summary>
    /// Rewrites the table keeping only entries whose id maps to a non-negative value of <paramref name="remap"/>,
    /// renumbered to it (remap must be increasing over kept ids so entries stay sorted), at a capacity that puts the
    /// load back at <see cref="MaxLoad"/> / <see cref="GrowthFactor"/>.
    /// </summary>
    public void Compact(int[] remap)
    {
        int kept = 0;
        foreach (ulong e in _slots)
        {
            kept += e != 0 && remap[IdOf(e)] >= 0 ? 1 : 0;
        }

        int capacity = Math.Max(MinCapacity, (int)Math.Min(Array.MaxLength / 2, Math.Ceiling(kept * GrowthFactor / MaxLoad)));
        ulong[]? spare = null;
        Rewrite(capacity, remap, added: [], ref spare);
        if (Heavy is null)
        {
            return;
        }

        var heavy = new Dictionary<uint, List<int>>();
        int heavyCount = 0;
        foreach (KeyValuePair<uint, List<int>> pair in Heavy)
        {
            var ids = new List<int>();
            foreach (int id in pair.Value)
            {
                if (remap[id] >= 0)
                {
                    ids.Add(remap[id]);
                }
            }

            if (ids.Count > 0)
            {
                heavy.Add(pair.Key, ids);
                heavyCount += ids.Count;
            }
        }

        Heavy = heavy.Count > 0 ? heavy : null;
        HeavyCount = heavyCount;
    }

    private enum InsertResult
    {
        Done,
        Heavy,
        NoRoom,
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private InsertResult TryInsert(uint fingerprint, int id)
    {
        ulong[] s = _slots;
        ulong low = (ulong)fingerprint << 32, high = low | uint.MaxValue;
        int p = Home(fingerprint, _capacity);
        while (s[p] != 0 && s[p] < low)
        {
            p++;
        }

        // Go past the run of this fingerprint (new ids go last), but not past HeavyRun entries.
        for (int run = 0; s[p] != 0 && s[p] <= high; p++)
        {
            if (++run >= HeavyRun)
            {
                return InsertResult.Heavy;
            }
        }

        if (s[p] != 0)
        {
            // The last slot is always empty, so IndexOf finds one (vectorised scan for the end of the cluster).
            int end = p + 1 + s.AsSpan(p + 1).IndexOf(0UL);
            if (end >= s.Length - 1)
            {
                return InsertResult.NoRoom;
            }

            Array.Copy(s, p, s, p + 1, end - p);
        }
        else if (p >= s.Length - 1)
        {
            return InsertResult.NoRoom;
        }

        s[p] = Entry(fingerprint, id);
        return InsertResult.Done;
    }

    private void AddHeavy(uint fingerprint, int id)
    {
        Heavy ??= new Dictionary<uint, List<int>>();
        if (!Heavy.TryGetValue(fingerprint, out List<int>? ids))
        {
            Heavy.Add(fingerprint, ids = new List<int>());
        }

        ids.Add(id);
        HeavyCount++;
    }

    /// <summary>
    /// Writes the table at <paramref name="capacity"/> homes in one sequential pass: the old entries (renumbered
    /// through <paramref name="remap"/> if given, dropping those mapped to −1) merged with <paramref name="added"/>,
    /// each at max(its home, previous position + 1). Growth, compaction and batch inserts are all this pass.
    /// </summary>
    /// <remarks>
    /// The target is the old array itself when the table is empty and keeps its size (nothing to read), else
    /// <paramref name="spare"/> when its length fits, else a new uninitialised array: every slot is written (entries
    /// and the zeros between them), so neither a recycled nor a fresh array needs clearing first. An added entry whose
    /// fingerprint already has <see cref="HeavyRun"/> entries before it goes to <see cref="Heavy"/>, as in
    /// <see cref="TryInsert"/>; those are applied only once the pass has fitted, since a pass that runs out of slack
    /// starts again with twice as much.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rewrite(int capacity, int[]? remap, ReadOnlySpan<ulong> added, ref ulong[]? spare, int slack = 0)
    {
        ulong[] old = _slots;
        slack = slack > 0 ? slack : capacity == _capacity ? _slack : Slack(capacity);
        while (true)
        {
            int length = (int)Math.Min(Array.MaxLength, (long)capacity + slack + 1);
            ulong[] target = Count == 0 && old.Length == length ? old
                : spare is not null && spare.Length == length ? spare
                : FreshArrays.Uninitialised<ulong>(length);
            if (TryWrite(old, Count == 0 ? old.Length : 0, target, capacity, remap, added, out int count, out List<ulong>? heavy))
            {
                _slots = target;
                _capacity = capacity;
                _limit = Limit(capacity);
                _slack = slack;
                Count = count;
                foreach (ulong e in heavy ?? [])
                {
                    AddHeavy((uint)(e >> 32), IdOf(e));
                }

                if (!ReferenceEquals(target, old))
                {
                    spare = old;
                }

                return;
            }

            if (length == Array.MaxLength)
            {
                throw new InvalidOperationException($"a band table cannot hold {Count + added.Length} entries.");
            }

            slack *= 2;
        }
    }

    /// <summary>The merge of <see cref="Rewrite"/>; false if an entry would land on the last slot (slack too small).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryWrite(ulong[] old, int from, ulong[] target, int capacity, int[]? remap, ReadOnlySpan<ulong> added, out int count, out List<ulong>? heavy)
    {
        // ulong.MaxValue ends each stream: no entry has it, since id + 1 < 2³¹.
        const ulong End = ulong.MaxValue;
        int o = from, a = 0, last = -1, run = 0;
        ulong nextOld = NextOld(old, ref o, remap);
        ulong nextAdded = added.Length > 0 ? added[0] : End;
        uint runFingerprint = 0;
        count = 0;
        heavy = null;
        while (true)
        {
            ulong e;
            bool isAdded = nextAdded < nextOld;
            if (isAdded)
            {
                e = nextAdded;
                nextAdded = ++a < added.Length ? added[a] : End;
            }
            else if (nextOld != End)
            {
                e = nextOld;
                nextOld = NextOld(old, ref o, remap);
            }
            else
            {
                break;
            }

            uint fingerprint = (uint)(e >> 32);
            run = count > 0 && fingerprint == runFingerprint ? run + 1 : 1;
            runFingerprint = fingerprint;
            if (isAdded && run > HeavyRun)
            {
                (heavy ??= []).Add(e);
                run--;
                continue;
            }

            int p = Math.Max(Home(fingerprint, capacity), last + 1);
            if (p >= target.Length - 1)
            {
                return false;
            }

            while (++last < p)
            {
                target[last] = 0;
            }

            target[p] = e;
            count++;
        }

        target.AsSpan(last + 1).Clear();
        return true;
    }

    /// <summary>The next entry of the old slots from <paramref name="o"/>, renumbered; <see cref="ulong.MaxValue"/> at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NextOld(ulong[] old, ref int o, int[]? remap)
    {
        while (o < old.Length)
        {
            ulong e = old[o++];
            if (e == 0)
            {
                continue;
            }

            if (remap is null)
            {
                return e;
            }

            int id = remap[IdOf(e)];
            if (id >= 0)
            {
                return Entry((uint)(e >> 32), id);
            }
        }

        return ulong.MaxValue;
    }

    private int CapacityAfter(int extra) => Math.Max(NextCapacity(_capacity), CapacityFor((int)Math.Min(Array.MaxLength, Count + (long)extra)));

    private static int NextCapacity(int capacity) => (int)Math.Min(Array.MaxLength / 2, Math.Max(capacity + MinCapacity, (long)(capacity * GrowthFactor)));

    private static int CapacityFor(int expected) => (int)Math.Clamp(Math.Ceiling(expected / MaxLoad) + 1, MinCapacity, Array.MaxLength / 2);

    private static int Limit(int capacity) => (int)(capacity * MaxLoad);

    // Spill room past the last home: a cluster that starts near the top runs on past it. 0.4% of the table.
    private static int Slack(int capacity) => Math.Max(64, capacity >> 8);

    /// <summary>Writes the table's exact state to an image: capacity, slack, counts, the slot array as it lies in memory
    /// (entries, zeros and the growth slack), and the heavy ids as entries (<see cref="Entry"/>) grouped by fingerprint
    /// in the order <see cref="Heavy"/> enumerates them, each group in list order.</summary>
    /// <param name="writer">The image.</param>
    internal void WriteImage(ImageWriter writer)
    {
        writer.I32(_capacity);
        writer.I32(_slack);
        writer.I32(Count);
        writer.I32(HeavyCount);
        writer.Array<ulong>(_slots);
        var heavy = new ulong[HeavyCount];
        int at = 0;
        foreach (KeyValuePair<uint, List<int>> pair in Heavy ?? [])
        {
            foreach (int id in pair.Value)
            {
                heavy[at++] = Entry(pair.Key, id);
            }
        }

        writer.Array<ulong>(heavy);
    }

    /// <summary>Reads a table written by <see cref="WriteImage"/>.</summary>
    /// <param name="reader">The image.</param>
    /// <param name="what">The table's name in errors ("word LSH band 3").</param>
    /// <param name="ids">The index's internal ids handed out: every id in the table must be below.</param>
    /// <returns>The table, in the state it was written in.</returns>
    /// <remarks>Checks the capacity, the slack and the slot array's length against each other, that the last slot is
    /// empty (every probe ends on it), and in one pass over the slots that the entries are sorted, as many as the count
    /// and of ids below <paramref name="ids"/>; the heavy ids likewise. Not checked: that each entry lies at or after its
    /// home (a misplaced one is only missed by lookups).</remarks>
    /// <exception cref="Storage.NearDupFormatException">The image is damaged or inconsistent.</exception>
    internal static BandTable ReadImage(ImageReader reader, string what, int ids)
    {
        long at = reader.Offset;
        int capacity = reader.Int($"{what} capacity", MinCapacity, Array.MaxLength / 2);
        int slack = reader.Int($"{what} slack", 1, Array.MaxLength);
        int count = reader.Int($"{what} count", 0, Array.MaxLength);
        int heavyCount = reader.Int($"{what} heavy count", 0, Array.MaxLength);
        long length = Math.Min(Array.MaxLength, (long)capacity + slack + 1);
        ulong[] slots = reader.Array<ulong>($"{what} slots", length, length);
        long slotsAt = reader.LastArrayOffset;
        if (slots[^1] != 0)
        {
            throw reader.InvalidElement($"{what} slots", slotsAt, slots.Length - 1, sizeof(ulong), "is not empty (the last slot must be)");
        }

        int found = 0;
        ulong previous = 0;
        for (int p = 0; p < slots.Length; p++)
        {
            ulong e = slots[p];
            if (e == 0)
            {
                continue;
            }

            if (e <= previous || (uint)e - 1 >= (uint)ids)
            {
                throw reader.InvalidElement($"{what} slots", slotsAt, p, sizeof(ulong), e <= previous ? "is out of order" : $"holds id {IdOf(e)}, expected below {ids}");
            }

            previous = e;
            found++;
        }

        if (found != count)
        {
            throw reader.Invalid($"{what} count", at + 8, $"is {count}, but the slots hold {found} entries");
        }

        ulong[] heavyEntries = reader.Array<ulong>($"{what} heavy ids", heavyCount, heavyCount);
        long heavyAt = reader.LastArrayOffset;
        Dictionary<uint, List<int>>? heavy = heavyCount > 0 ? new() : null;
        for (int i = 0; i < heavyEntries.Length; i++)
        {
            ulong e = heavyEntries[i];
            if ((uint)e - 1 >= (uint)ids)
            {
                throw reader.InvalidElement($"{what} heavy ids", heavyAt, i, sizeof(ulong), $"holds id {IdOf(e)}, expected below {ids}");
            }

            uint fingerprint = (uint)(e >> 32);
            if (!heavy!.TryGetValue(fingerprint, out List<int>? list))
            {
                heavy.Add(fingerprint, list = new List<int>());
            }

            list.Add(IdOf(e));
        }

        return new BandTable(slots, capacity, slack, count, heavy, heavyCount);
    }
}
