using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NearDup.Indexing.Lsh;

/// <summary>One band of a <see cref="MinHashLshIndex"/>: an ordered linear-probing table of (fingerprint, id) entries.</summary>
/// <remarks>
/// <para>
/// An entry is one <see cref="ulong"/>: the 32-bit band fingerprint in the high half and <c>id + 1</c> in the low half,
/// so 0 marks an empty slot and a fresh array is already empty. The home slot of fingerprint f in a table of capacity
/// c is <c>f·c / 2³²</c> (Lemire's multiply-shift range reduction), which is monotone in f. Insertion keeps the
/// non-empty entries sorted across the whole array, each at or after its home with no empty slot in between
/// ("ordered" or Robin Hood linear probing): find the first entry greater than the new one, shift the run up to the
/// next empty slot right by one (an <see cref="Array.Copy(Array, int, Array, int, int)"/> per page), write the entry.
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
/// Pages: the slots are one logical array stored as pages of <see cref="PageSlots"/> (128 KB, on the large object heap,
/// so a GC never copies them), the last one cut to length so a table holds no more than the flat array would. A
/// rewrite (growth, compaction, batch merge) reads the old pages in order and hands each page it has finished to the
/// pages it writes: a growth by 25% takes about 25% of the table in fresh memory instead of the whole new table.
/// That matters because first-touching fresh memory (a page fault per 4 KB) costs more than the rewrite itself on
/// the machines measured (benchmarks/README.md, "Batch inserts"). A slot costs one more indirection (page, then slot).
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

    /// <summary>log₂ of <see cref="PageSlots"/>.</summary>
    internal const int PageShift = 14;

    /// <summary>Slots per page (all pages but the last): 16,384 × 8 bytes, above the 85,000-byte large-object threshold.</summary>
    internal const int PageSlots = 1 << PageShift;

    private const int PageMask = PageSlots - 1;

    private const int MinCapacity = 16;

    // Homes loaded together before a group of inserts: enough misses in flight to hide most of one's latency.
    private const int TouchGroup = 8;

    private ulong[][] _pages;
    private int _length;
    private int _capacity;
    private int _limit;

    /// <summary>Creates an empty table sized for <paramref name="expected"/> entries without growing.</summary>
    public BandTable(int expected = 0)
    {
        _capacity = CapacityFor(expected);
        _length = _capacity + Slack(_capacity) + 1;
        _pages = new ulong[PageCount(_length)][];
        for (int i = 0; i < _pages.Length; i++)
        {
            _pages[i] = new ulong[Math.Min(PageSlots, _length - (i << PageShift))];
        }

        _limit = Limit(_capacity);
    }

    /// <summary>Ids beyond the first <see cref="HeavyRun"/> of a fingerprint; null while there are none.</summary>
    public Dictionary<uint, List<int>>? Heavy { get; private set; }

    /// <summary>Number of home slots.</summary>
    public int Capacity => _capacity;

    /// <summary>Number of slots: homes, slack and the last slot (always empty).</summary>
    public int Length => _length;

    /// <summary>Number of entries in the slots (not in <see cref="Heavy"/>), dead ones included.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the next insert would exceed <see cref="MaxLoad"/>.</summary>
    public bool IsFull => Count >= _limit;

    /// <summary>Bytes held by the pages and the array of pages.</summary>
    public long Bytes => (long)_length * sizeof(ulong) + (long)_pages.Length * IntPtr.Size;

    /// <summary>Number of ids in <see cref="Heavy"/>.</summary>
    public int HeavyCount { get; private set; }

    /// <summary>The slot at <paramref name="position"/> (an entry, or 0 if empty); position &lt; <see cref="Length"/>.</summary>
    public ulong this[int position]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _pages[position >> PageShift][position & PageMask];
    }

    /// <summary>The entry of <paramref name="fingerprint"/> and internal <paramref name="id"/>.</summary>
    public static ulong Entry(uint fingerprint, int id) => ((ulong)fingerprint << 32) | (uint)(id + 1);

    /// <summary>The internal id of a non-empty entry.</summary>
    public static int IdOf(ulong entry) => (int)(uint)entry - 1;

    /// <summary>The home slot of <paramref name="fingerprint"/> in a table of <paramref name="capacity"/> homes.</summary>
    public static int Home(uint fingerprint, int capacity) => (int)(((ulong)fingerprint * (uint)capacity) >> 32);

    /// <summary>
    /// The run of <paramref name="fingerprint"/>: its entries are the slots [Start, End); End is where a new entry of
    /// it goes (the first empty slot or greater fingerprint after its home).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (int Start, int End) Find(uint fingerprint)
    {
        ulong low = (ulong)fingerprint << 32, high = low | uint.MaxValue;
        int p = Home(fingerprint, _capacity), start = -1;

        // Page by page: the span ends where the page does, so the loop needs no other bounds test. The last slot of
        // the table is empty, so the scan ends.
        while (true)
        {
            ReadOnlySpan<ulong> slots = _pages[p >> PageShift].AsSpan(p & PageMask);
            for (int i = 0; i < slots.Length; i++)
            {
                ulong slot = slots[i];
                if (slot == 0 || slot > high)
                {
                    return (start < 0 ? p + i : start, p + i);
                }

                if (slot >= low && start < 0)
                {
                    start = p + i;
                }
            }

            p += slots.Length;
        }
    }

    /// <summary>The slot at the home of <paramref name="fingerprint"/>: loading it brings the line a lookup starts on into cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Peek(uint fingerprint) => this[Home(fingerprint, _capacity)];

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

    /// <summary>Grows by <see cref="GrowthFactor"/>.</summary>
    public void Grow() => Rewrite(NextCapacity(_capacity), remap: null, added: []);

    /// <summary>Makes room for <paramref name="extra"/> more entries, growing at most once.</summary>
    public void Reserve(int extra)
    {
        if (Count + (long)extra > _limit)
        {
            Rewrite(CapacityAfter(extra), remap: null, added: []);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InsertSorted(ReadOnlySpan<ulong> added, int reserve) =>
        Rewrite(Count + (long)reserve > _limit ? CapacityAfter(reserve) : _capacity, remap: null, added);

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
                any |= Peek(fingerprint);
            }

            KeepLoads(any);
            for (int i = 0; i < group.Length; i++)
            {
                Insert(group[i], ids[start + i]);
            }
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
                    Rewrite(_capacity, remap: null, added: [], slack: 2 * (_length - 1 - _capacity));
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
        foreach (ulong[] page in _pages)
        {
            foreach (ulong e in page)
            {
                kept += e != 0 && remap[IdOf(e)] >= 0 ? 1 : 0;
            }
        }

        int capacity = Math.Max(MinCapacity, (int)Math.Min(Array.MaxLength / 2, Math.Ceiling(kept * GrowthFactor / MaxLoad)));
        Rewrite(capacity, remap, added: []);
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
        // New ids go last in the run of their fingerprint, which holds at most HeavyRun of them.
        (int start, int p) = Find(fingerprint);
        if (p - start >= HeavyRun)
        {
            return InsertResult.Heavy;
        }

        if (this[p] != 0)
        {
            // The last slot is always empty, so an empty slot is found.
            int end = NextEmpty(p + 1);
            if (end >= _length - 1)
            {
                return InsertResult.NoRoom;
            }

            ShiftRight(p, end);
        }
        else if (p >= _length - 1)
        {
            return InsertResult.NoRoom;
        }

        _pages[p >> PageShift][p & PageMask] = Entry(fingerprint, id);
        return InsertResult.Done;
    }

    /// <summary>The first empty slot at or after <paramref name="p"/> (vectorised scan, page by page).</summary>
    private int NextEmpty(int p)
    {
        for (int page = p >> PageShift, offset = p & PageMask; ; page++, offset = 0)
        {
            int found = _pages[page].AsSpan(offset).IndexOf(0UL);
            if (found >= 0)
            {
                return (page << PageShift) + offset + found;
            }
        }
    }

    /// <summary>Moves slots [<paramref name="from"/>, <paramref name="end"/>) one to the right (slot end is empty).</summary>
    private void ShiftRight(int from, int end)
    {
        // Page by page from the top: within a page one copy; across a boundary, the last slot of the page below
        // becomes the first of the page above.
        for (int q = end; q > from;)
        {
            ulong[] page = _pages[q >> PageShift];
            int offset = q & PageMask;
            if (offset == 0)
            {
                page[0] = this[q - 1];
                q--;
                continue;
            }

            int start = Math.Max(from, q - offset);
            Array.Copy(page, start & PageMask, page, (start & PageMask) + 1, q - start);
            q = start;
        }
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
    /// Old pages are read in order, and each one read to its end is handed to the <see cref="SlotWriter"/>, which
    /// clears a page when it starts writing it and then stores only the entries. The slack past the last home starts at
    /// <paramref name="slack"/> (0: the default for the capacity) and doubles whenever an entry would reach the last
    /// slot, so the pass never starts over. An added entry whose fingerprint already has <see cref="HeavyRun"/> entries
    /// before it goes to <see cref="Heavy"/>, as in <see cref="TryInsert"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rewrite(int capacity, int[]? remap, ReadOnlySpan<ulong> added, int slack = 0)
    {
        const ulong End = ulong.MaxValue; // no entry has it, since id + 1 < 2³¹
        var writer = new SlotWriter(capacity, slack > 0 ? slack : Slack(capacity));
        int a = 0;
        ulong nextAdded = added.Length > 0 ? added[0] : End;
        int pageLength = Count > 0 ? PageSlots : 0; // an empty table has nothing to read: its pages are free at once
        foreach (ulong[] page in _pages)
        {
            for (int i = 0; i < Math.Min(pageLength, page.Length); i++)
            {
                ulong e = page[i];
                if (e == 0)
                {
                    continue;
                }

                if (remap is not null)
                {
                    int id = remap[IdOf(e)];
                    if (id < 0)
                    {
                        continue;
                    }

                    e = Entry((uint)(e >> 32), id);
                }

                for (; nextAdded < e; nextAdded = ++a < added.Length ? added[a] : End)
                {
                    PlaceAdded(ref writer, nextAdded);
                }

                writer.Place(e);
            }

            writer.Recycle(page);
        }

        for (; a < added.Length; a++)
        {
            PlaceAdded(ref writer, added[a]);
        }

        (_pages, _length, Count) = writer.Finish();
        _capacity = capacity;
        _limit = Limit(capacity);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PlaceAdded(ref SlotWriter writer, ulong entry)
    {
        if (!writer.TryPlaceAdded(entry))
        {
            AddHeavy((uint)(entry >> 32), IdOf(entry));
        }
    }

    private int CapacityAfter(int extra) => Math.Max(NextCapacity(_capacity), CapacityFor((int)Math.Min(Array.MaxLength, Count + (long)extra)));

    private static int PageCount(int length) => (int)(((long)length + PageMask) >> PageShift);

    private static int NextCapacity(int capacity) => (int)Math.Min(Array.MaxLength / 2, Math.Max(capacity + MinCapacity, (long)(capacity * GrowthFactor)));

    private static int CapacityFor(int expected) => (int)Math.Clamp(Math.Ceiling(expected / MaxLoad) + 1, MinCapacity, Array.MaxLength / 2);

    private static int Limit(int capacity) => (int)(capacity * MaxLoad);

    // Spill room past the last home: a cluster that starts near the top runs on past it. 0.4% of the table.
    private static int Slack(int capacity) => Math.Max(64, capacity >> 8);

    /// <summary>
    /// Places sorted entries into new pages for <see cref="Rewrite"/>: each at max(its home, previous position + 1).
    /// Pages are taken, cleared, as positions reach them: old pages the pass has finished reading first, then new
    /// arrays; the last page is cut to the table's length.
    /// </summary>
    private ref struct SlotWriter
    {
        private readonly int _capacity;
        private readonly Stack<ulong[]> _free = new();
        private int _slack;
        private ulong[][] _pages;
        private ulong[] _page = [];
        private int _index = -1;
        private int _pageStart;
        private int _pageEnd;
        private int _last = -1;
        private int _count;
        private uint _runFingerprint;
        private int _run;

        public SlotWriter(int capacity, int slack)
        {
            _capacity = capacity;
            _slack = slack;
            _pages = new ulong[PageCount(capacity + slack + 1)][];
        }

        /// <summary>Places an old entry (kept in the slots whatever its run).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Place(ulong entry)
        {
            uint fingerprint = (uint)(entry >> 32);
            _run = fingerprint == _runFingerprint ? _run + 1 : 1;
            _runFingerprint = fingerprint;
            int p = Math.Max(Home(fingerprint, _capacity), _last + 1);
            if (p >= _pageEnd)
            {
                Enter(p);
            }

            _page[p - _pageStart] = entry;
            _last = p;
            _count++;
        }

        /// <summary>Places an added entry, unless its fingerprint already has <see cref="HeavyRun"/> entries: then false.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryPlaceAdded(ulong entry)
        {
            // _run starts at 0, so a first entry of fingerprint 0 counts 1 like any other.
            if ((uint)(entry >> 32) == _runFingerprint && _run >= HeavyRun)
            {
                return false;
            }

            Place(entry);
            return true;
        }

        /// <summary>Hands over an old page read to its end (only full pages are reused).</summary>
        public readonly void Recycle(ulong[] page)
        {
            if (page.Length == PageSlots)
            {
                _free.Push(page);
            }
        }

        /// <summary>The pages, the length and the number of entries, once every entry is placed.</summary>
        public (ulong[][] Pages, int Length, int Count) Finish()
        {
            int length = _capacity + _slack + 1;
            PagesThrough(length - 1);
            return (_pages, length, _count);
        }

        /// <summary>Makes <paramref name="p"/> writable: more slack if it would be the last slot, then pages up to its own.</summary>
        private void Enter(int p)
        {
            if (p >= _capacity + _slack)
            {
                long slack = _slack;
                while (p >= _capacity + slack)
                {
                    slack *= 2;
                }

                slack = Math.Min(slack, Array.MaxLength - 1L - _capacity);
                if (p >= _capacity + slack)
                {
                    throw new InvalidOperationException($"a band table cannot hold {_count + 1} entries.");
                }

                _slack = (int)slack;
                Array.Resize(ref _pages, PageCount(_capacity + _slack + 1));
            }

            PagesThrough(p);
        }

        private void PagesThrough(int p)
        {
            int length = _capacity + _slack + 1;
            if (_index >= 0 && _page.Length < Math.Min(PageSlots, length - _pageStart))
            {
                // The last page was cut to the old length; the slack has grown past it.
                ulong[] longer = TakePage(Math.Min(PageSlots, length - _pageStart));
                _page.CopyTo(longer, 0);
                _pages[_index] = longer;
            }

            for (int index = _index + 1; index <= p >> PageShift; index++)
            {
                _pages[index] = TakePage(Math.Min(PageSlots, length - (index << PageShift)));
            }

            _index = p >> PageShift;
            _page = _pages[_index];
            _pageStart = _index << PageShift;

            // Never the last slot: reaching it goes through Enter, which adds slack, so it stays empty.
            _pageEnd = Math.Min(_pageStart + _page.Length, length - 1);
        }

        private readonly ulong[] TakePage(int length)
        {
            ulong[] page = length == PageSlots && _free.Count > 0 ? _free.Pop() : GC.AllocateUninitializedArray<ulong>(length);
            page.AsSpan().Clear();
            return page;
        }
    }
}
