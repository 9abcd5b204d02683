using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NearDup.Internal;

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
/// Implementation note: almost every fingerprint is held by one document (93% of the 66 million word fingerprints of
/// a million generated documents), so a posting list per fingerprint (a <c>List&lt;int&gt;</c> and its array, ≈ 64
/// bytes) would cost more than the fingerprint. The table is open-addressed (linear probing, Fibonacci hashing, at most
/// ¾ full), 12 bytes a slot, and a slot whose fingerprint one document holds keeps that document's key itself: no
/// posting, and a query reads one place, not two. Fingerprints held by two or more documents have circular singly
/// linked lists in one flat array of (key, next) pairs: the slot points at a list's last entry, whose successor is the
/// first, so appending keeps insertion order. A fingerprint costs ≈ 16–32 bytes of table, plus 8 bytes per document
/// that holds it when it is held by more than one. Each slot also counts the documents holding its fingerprint, so a
/// query recognises boilerplate in one read, and a fingerprint stops collecting postings once it is boilerplate
/// (MaxPostings + 1 kept): the stock phrases of a million documents cost a few slots, not millions of postings.
/// </para>
/// <para>
/// Appending scatters a fingerprint's postings over the whole array, one entry per document that added it, so a query
/// walking a list of ten paid ten dependent cache misses. Packing lays every list out in consecutive entries
/// (lists in the order they were made, each in insertion order, so nothing a caller sees changes but speed); it runs by
/// itself whenever the postings added since the last pack are as many as those packed, which costs amortised O(1) per
/// posting (the library's bulk loads pack once, at their end).
/// </para>
/// <para>
/// An index read from a structure image may keep its table and postings where they lie in a read-only memory map of
/// the snapshot (<see cref="ReadImage"/> with a map) instead of copying them: at a million documents that is 3 GB of
/// arrays an open no longer fills. What is added afterwards goes to this index's own arrays, an overlay, and a lookup
/// merges the two as the one index they make would answer: a fingerprint is boilerplate when both together hold it
/// more than <see cref="MaxPostings"/> times, and the keys come base first, then overlay, as they were added. The
/// adds are kept too, so that writing the index (a compaction) replays them on a copy of the base and writes the
/// same bytes as the index held in arrays; the compaction then maps the new image and drops the overlay
/// (<see cref="Remap"/>).
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

    // Below this many unpacked postings the whole array sits in the processor's caches and packing buys nothing.
    private const int MinEntriesToPack = 1 << 16;

    // Lists Pack measures side by side: most lists hold one entry, so a group needs many to keep a few dozen walking.
    private const int PackLanes = 256;
    private TableSlot[] _table = new TableSlot[64];
    private int _shift = 64 - 6;
    private int _used;
    private Posting[] _postings = new Posting[64];
    private ulong[] _isFirst = new ulong[1]; // one bit per entry: the first posting of its fingerprint
    private int _entries;
    private int _packed; // entries laid out list by list by the last Pack

    // An index read in place from a mapped image: the image's table and postings, read-only; the arrays above are then
    // the overlay of what was added since, and _since those adds and packs in order, so that the index the two make
    // together can be built again exactly (Materialize) when it must be written or walked whole.
    private MappedBase? _base;
    private List<Change>? _since;
    private Layout? _written; // where the last WriteImage put the arrays, for Remap

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

    /// <summary>Postings stored: the entries of the lists of fingerprints held by two or more documents (for tests and
    /// measurements; a fingerprint held by one document keeps its key in its table slot).</summary>
    /// <remarks>Of an index read in place from a mapped image, builds the whole index in memory first.</remarks>
    internal int Entries => Materialize()._entries;

    /// <summary>Postings laid out list by list by the last <see cref="Pack"/> (for tests and measurements).</summary>
    /// <remarks>Of an index read in place from a mapped image, builds the whole index in memory first.</remarks>
    internal int Packed => Materialize()._packed;

    /// <summary>Adds a document's fingerprints.</summary>
    /// <param name="key">The caller's key for the document, 0 or more.</param>
    /// <param name="fingerprints">Its distinct fingerprints.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="key"/> is negative.</exception>
    public void Add(int key, IEnumerable<ulong> fingerprints) => Add(key, fingerprints, packWhenDue: true);

    /// <summary>Adds a document's fingerprints, packing first when due only if <paramref name="packWhenDue"/> (a bulk
    /// load turns it off and calls <see cref="Pack"/> once at its end).</summary>
    /// <param name="key">The caller's key for the document, 0 or more.</param>
    /// <param name="fingerprints">Its distinct fingerprints.</param>
    /// <param name="packWhenDue">Whether to pack when the unpacked postings have reached the packed ones.</param>
    internal void Add(int key, IEnumerable<ulong> fingerprints, bool packWhenDue)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        Add(key, fingerprints as ulong[] ?? [.. fingerprints], packWhenDue);
    }

    /// <summary>As <see cref="Add(int, IEnumerable{ulong}, bool)"/> from a span: no enumerator, two interface calls a
    /// fingerprint fewer (a fifth of opening a million documents went to adding their passages).</summary>
    /// <param name="key">The caller's key for the document, 0 or more.</param>
    /// <param name="fingerprints">Its distinct fingerprints.</param>
    /// <param name="packWhenDue">Whether to pack when the unpacked postings have reached the packed ones.</param>
    internal void Add(int key, ReadOnlySpan<ulong> fingerprints, bool packWhenDue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        _since?.Add(new Change(key, fingerprints.ToArray(), packWhenDue));
        if (packWhenDue && _entries - _packed >= Math.Max(_packed, MinEntriesToPack))
        {
            Pack();
        }

        Touch(fingerprints);
        foreach (ulong f in fingerprints)
        {
            if (_entries + 2 > _postings.Length)
            {
                FreshArrays.Grow(ref _postings, _postings.Length * 2);
                FreshArrays.Grow(ref _isFirst, (_postings.Length + 63) / 64);
            }

            if ((_used + 1) * 4L > _table.Length * 3L)
            {
                Grow();
            }

            int slot = Slot(f);
            ref TableSlot held = ref _table[slot];
            if (held.Fingerprint == 0)
            {
                held.Fingerprint = (f & FingerprintMask) | (1UL << CountShift);
                held.Value = key; // held by one document: its key, no posting
                _used++;
                continue;
            }

            int postings = (int)(held.Fingerprint >> CountShift);
            if (postings < MaxCount)
            {
                held.Fingerprint += 1UL << CountShift;
            }

            if (postings > MaxPostings)
            {
                continue; // boilerplate already: queries skip it, so its postings are not kept
            }

            if (postings == 1)
            {
                // The second holder: the list starts as two consecutive entries, the first holder's then this one's.
                int first = _entries;
                _entries += 2;
                _postings[first] = new Posting { Key = held.Value, Next = first + 1 };
                _postings[first + 1] = new Posting { Key = key, Next = first };
                _isFirst[first >> 6] |= 1UL << first;
                held.Value = first + 1;
                continue;
            }

            int entry = _entries++;
            _postings[entry].Key = key;
            int last = held.Value;
            _postings[entry].Next = _postings[last].Next; // the new last entry points at the first
            _postings[last].Next = entry;
            held.Value = entry;
        }
    }

    /// <summary>Reads the home slot of every fingerprint and the last posting of its list, as the inserts that follow
    /// will: independent loads the processor overlaps, where each insert alone waits for two cache misses in turn.</summary>
    /// <param name="fingerprints">The fingerprints about to be added.</param>
    private void Touch(ReadOnlySpan<ulong> fingerprints)
    {
        TableSlot[] table = _table;
        Posting[] postings = _postings;
        int any = 0;
        foreach (ulong f in fingerprints)
        {
            // Branch-free: a branch on the slot just loaded would be mispredicted for every new fingerprint, and the
            // loads issued past a mispredicted branch are discarded. A slot without a list (empty, or one holder) reads
            // entry 0 instead.
            ref TableSlot home = ref table[Home(f)];
            any |= postings[home.Value & HasList(home.Fingerprint)].Next;
        }

        // Keeps the JIT from dropping the loads: entries are below 2³¹, so the OR is never negative.
        if (any < 0)
        {
            throw new UnreachableException();
        }
    }

    /// <summary>Counts shared fingerprints per indexed document.</summary>
    /// <param name="fingerprints">The query's distinct fingerprints.</param>
    /// <param name="counts">Receives (key, shared count) for every document sharing at least one non-boilerplate fingerprint.</param>
    public void CountShared(IEnumerable<ulong> fingerprints, Dictionary<int, int> counts)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        ArgumentNullException.ThrowIfNull(counts);
        CountShared(fingerprints as ulong[] ?? [.. fingerprints], counts, aboveKey: -1);
    }

    /// <summary>As <see cref="CountShared(IEnumerable{ulong}, Dictionary{int, int})"/>, counting only documents whose
    /// key is above <paramref name="aboveKey"/> (an all-pairs enumeration looks each pair up from its smaller key).</summary>
    /// <param name="query">The query's distinct fingerprints.</param>
    /// <param name="counts">Receives (key, shared count) for every document above <paramref name="aboveKey"/> sharing
    /// at least one non-boilerplate fingerprint.</param>
    /// <param name="aboveKey">Documents with this key or a smaller one are not counted; −1 counts every document.</param>
    internal void CountShared(ulong[] query, Dictionary<int, int> counts, int aboveKey)
    {
        if (_base is null)
        {
            CountShared(Own, MaxPostings, query, counts, aboveKey);
            return;
        }

        using MappedImage.Lease lease = _base.Image.Acquire();
        if (_used != 0)
        {
            CountMerged(_base.View(lease), Own, query, counts, aboveKey);
        }
        else if (_base.Image.PendingChecks is null)
        {
            // Every block checked (the steady state once the background check is done): the lookup is compiled without
            // any check, as over the index's own arrays.
            CountShared(_base.Unchecked(lease), MaxPostings, query, counts, aboveKey);
        }
        else
        {
            CountShared(_base.View(lease), MaxPostings, query, counts, aboveKey);
        }
    }

    /// <summary>The lookup of <see cref="CountShared(ulong[], Dictionary{int, int}, int)"/> over one table.</summary>
    /// <remarks>Generic over the check made before each element is read, so that the JIT compiles a copy with no check at
    /// all for the index's own arrays and a fully checked mapped image (<see cref="Unchecked"/>): a check left in the
    /// loops, even one whose null test always fails, kept its calls there and the lookup's state on the stack around them
    /// (a 616-byte frame against 104 without; the whole-kind lookup at a million documents 0.94× the time, see
    /// benchmarks/README.md, "Queries at 1,000,000 documents").</remarks>
    private static void CountShared<TCheck>(View<TCheck> view, int maxPostings, ulong[] query, Dictionary<int, int> counts, int aboveKey)
        where TCheck : struct, IElementCheck
    {
        // Three passes, so that a cold index costs a few overlapped memory round trips per query rather than two
        // dependent ones per fingerprint. The first reads every fingerprint's home slot: independent loads that the
        // processor overlaps. An empty home slot means the fingerprint is absent. The second finds the others' slots (in
        // cache now), takes the key of a fingerprint held by one document from its slot, drops boilerplate and reads
        // both ends of each list: again independent loads. A list Pack laid out and nothing was appended to since (its
        // last entry is below the packed mark) is the run of entries ending at its last, as long as the slot's count
        // (exact below MaxCount, and a list that is not boilerplate keeps every posting), so its first entry's address
        // is known at once; another list's first entry is its last's successor. The third walks the lists from cache.
        // Reading the first entries in the third pass instead cost a cache miss per list that straddles two lines (most
        // lists are a few entries), each waited for in turn: every list's end is a mispredicted branch, which discards
        // the loads issued past it (in-process A/B at 1M: 22.0 → 20.0 µs median).
        int packed = view.Packed;
        int touched = 0;
        int[] rented = ArrayPool<int>.Shared.Rent(query.Length * 2);
        try
        {
            // lasts[i]: 0 when the fingerprint adds nothing, −1 when one document holds it (its key in firsts[i]), else
            // its list's last entry + 1 (and the first entry in firsts[i]).
            Span<int> lasts = rented.AsSpan(0, query.Length);
            Span<int> firsts = rented.AsSpan(query.Length, query.Length);
            for (int i = 0; i < query.Length; i++)
            {
                lasts[i] = view.SlotAt(view.Home(query[i])).Fingerprint == 0 ? 0 : 1;
            }

            for (int i = 0; i < query.Length; i++)
            {
                if (lasts[i] == 0)
                {
                    continue;
                }

                int slot = view.Slot(query[i]);
                ulong held = view.SlotAt(slot).Fingerprint;
                int count = (int)(held >> CountShift);
                if (count == 1)
                {
                    lasts[i] = -1;
                    firsts[i] = view.SlotAt(slot).Value;
                    continue;
                }

                int last = view.SlotAt(slot).Value;
                if (held == 0 || view.IsBoilerplate(slot, last, maxPostings))
                {
                    lasts[i] = 0;
                    continue;
                }

                lasts[i] = last + 1;
                if (last < packed && count < MaxCount)
                {
                    int first = last + 1 - count;
                    firsts[i] = first;
                    touched |= view.PostingAt(first).Key | view.PostingAt(last).Key;
                }
                else
                {
                    firsts[i] = view.PostingAt(last).Next;
                }
            }

            // Keeps the JIT from dropping the loads: keys are not negative, so neither is their OR.
            if (touched < 0)
            {
                throw new UnreachableException();
            }

            for (int i = 0; i < query.Length; i++)
            {
                if (lasts[i] <= 0)
                {
                    if (lasts[i] < 0 && firsts[i] > aboveKey)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(counts, firsts[i], out _)++;
                    }

                    continue;
                }

                int last = lasts[i] - 1;
                int entry = firsts[i];
                while (true)
                {
                    int key = view.PostingAt(entry).Key;
                    if (key > aboveKey)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
                    }

                    if (entry == last)
                    {
                        break;
                    }

                    entry = view.PostingAt(entry).Next;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>How many documents were added with a fingerprint (up to 255; removed documents still count until the
    /// index is rebuilt).</summary>
    /// <param name="f">The fingerprint.</param>
    /// <returns>The count; 0 when no document holds it.</returns>
    internal int Holders(ulong f)
    {
        if (_base is null)
        {
            return Own.Holders(f);
        }

        using MappedImage.Lease lease = _base.Image.Acquire();
        return Math.Min(MaxCount, _base.View(lease).Holders(f) + Own.Holders(f));
    }

    /// <summary>As <see cref="Holders(ulong)"/> for a batch: one lease on a mapped image for all of them.</summary>
    /// <param name="fingerprints">The fingerprints.</param>
    /// <param name="counts">Receives one count per fingerprint.</param>
    internal void Holders(ReadOnlySpan<ulong> fingerprints, Span<int> counts)
    {
        if (_base is null)
        {
            for (int i = 0; i < fingerprints.Length; i++)
            {
                counts[i] = Own.Holders(fingerprints[i]);
            }

            return;
        }

        using MappedImage.Lease lease = _base.Image.Acquire();
        View<BlockCheck> mapped = _base.View(lease);
        for (int i = 0; i < fingerprints.Length; i++)
        {
            counts[i] = Math.Min(MaxCount, mapped.Holders(fingerprints[i]) + Own.Holders(fingerprints[i]));
        }
    }

    /// <summary>The slot holding <paramref name="f"/>, or the empty slot where it would go.</summary>
    private int Slot(ulong f) => Own.Slot(f);

    /// <summary>Lays every fingerprint's postings out in consecutive entries, so that a query reads a list in one or two
    /// cache lines instead of one cache miss per document.</summary>
    /// <remarks>Answers do not change: each list keeps its order, and the lists theirs. Cost, linear in the postings:
    /// two walks over the postings (the second from cache), one pass over the table, and a second postings array while
    /// it runs. Called by <see cref="Add(int, IEnumerable{ulong})"/> whenever the postings added since the last pack are
    /// as many as those packed; call it once after a bulk load.</remarks>
    internal void Pack()
    {
        // Nothing added since a packed base: a pack of the whole would do nothing, so nothing is kept to replay.
        if (_base is not null && (_since!.Count > 0 || _base.At.Packed != _base.At.Entries))
        {
            _since!.Add(new Change(-1, null, PackWhenDue: false));
        }

        if (_packed == _entries)
        {
            return;
        }

        Posting[] packed = FreshArrays.Zeroed<Posting>(_postings.Length);
        ulong[] isFirst = FreshArrays.Zeroed<ulong>(_isFirst.Length);
        Posting[] postings = _postings;

        // Lists are measured PackLanes at a time, one step of each in turn, so that their cache misses overlap (one
        // list at a time, each step waited for the last); the lengths fix where each list goes, and a second walk, from
        // cache, copies them. Lists keep the order of their first entries, and so does the packed array.
        Span<int> firsts = stackalloc int[PackLanes];
        Span<int> cursors = stackalloc int[PackLanes];
        Span<int> starts = stackalloc int[PackLanes];
        Span<int> active = stackalloc int[PackLanes];
        int next = 0;
        int scan = 0;
        while (true)
        {
            int lanes = 0;
            for (; scan < _entries && lanes < PackLanes; scan++)
            {
                if ((_isFirst[scan >> 6] & (1UL << scan)) != 0)
                {
                    firsts[lanes++] = scan;
                }
            }

            if (lanes == 0)
            {
                break;
            }

            // Measure: each lane counts its list's entries into starts[], the unfinished lanes stepping together (most
            // lists hold one entry and finish at once, so the lanes still walking are kept in active[]).
            firsts[..lanes].CopyTo(cursors);
            starts[..lanes].Fill(1);
            int walking = lanes;
            for (int j = 0; j < lanes; j++)
            {
                active[j] = j;
            }

            while (walking > 0)
            {
                int still = 0;
                for (int a = 0; a < walking; a++)
                {
                    int j = active[a];
                    int after = postings[cursors[j]].Next;
                    if (after != firsts[j])
                    {
                        cursors[j] = after;
                        starts[j]++;
                        active[still++] = j;
                    }
                }

                walking = still;
            }

            for (int j = 0; j < lanes; j++)
            {
                int length = starts[j];
                starts[j] = next;
                isFirst[next >> 6] |= 1UL << next;
                next += length;
            }

            // Copy: lane j writes its list from starts[j] on (its entries are in cache from measuring), and leaves its
            // old last entry mapping the table to the new last.
            for (int j = 0; j < lanes; j++)
            {
                int entry = firsts[j];
                int at = starts[j];
                while (true)
                {
                    packed[at].Key = postings[entry].Key;
                    int after = postings[entry].Next;
                    if (after == firsts[j])
                    {
                        packed[at].Next = starts[j];
                        postings[entry].Key = at;
                        break;
                    }

                    packed[at].Next = at + 1;
                    at++;
                    entry = after;
                }
            }
        }

        TableSlot[] table = _table;
        for (int slot = 0; slot < table.Length; slot++)
        {
            if ((table[slot].Fingerprint >> CountShift) >= 2)
            {
                table[slot].Value = _postings[table[slot].Value].Key;
            }
        }

        _postings = packed;
        _isFirst = isFirst;
        _packed = _entries;
    }

    /// <summary>The entries of <paramref name="f"/>'s postings list, first to last (for tests of the layout).</summary>
    /// <param name="f">A fingerprint.</param>
    /// <returns>Entry indexes in list order; empty when the fingerprint is absent or held by one document (no list).</returns>
    internal List<int> EntriesOf(ulong f)
    {
        if (_base is not null)
        {
            return Materialize().EntriesOf(f);
        }

        var entries = new List<int>();
        ref TableSlot held = ref _table[Slot(f)];
        if ((held.Fingerprint >> CountShift) >= 2)
        {
            int last = held.Value, entry = last;
            do
            {
                entry = _postings[entry].Next;
                entries.Add(entry);
            }
            while (entry != last);
        }

        return entries;
    }

    private void Grow()
    {
        TableSlot[] old = _table;
        _table = FreshArrays.WrittenThrough<TableSlot>(old.Length * 2); // probed before written
        _shift--;
        foreach (TableSlot held in old)
        {
            if (held.Fingerprint != 0)
            {
                _table[Slot(held.Fingerprint)] = held;
            }
        }
    }

    /// <summary>The slot where <paramref name="f"/>'s probe starts (Fibonacci hashing of its low 56 bits).</summary>
    private int Home(ulong f) => (int)(((f & FingerprintMask) * Fibonacci) >> _shift);

    /// <summary>−1 (all bits set) when a slot's fingerprint, given with its count, has a list (two or more holders), else 0.</summary>
    private static int HasList(ulong fingerprint) => -(int)((uint)(1 - (int)(fingerprint >> CountShift)) >> 31);

    /// <summary>Visits every pair of documents that share at least <paramref name="minShared"/> non-boilerplate fingerprints.</summary>
    /// <param name="minShared">Least number of shared fingerprints, at least 1.</param>
    /// <returns>Pairs (smaller key, larger key) with their shared count.</returns>
    public Dictionary<(int A, int B), int> SharedPairs(int minShared)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minShared, 1);
        if (_base is not null)
        {
            return Materialize().SharedPairs(minShared);
        }

        var counts = new Dictionary<(int, int), int>();
        // Fingerprints in the order they gained their second holder (when each list's first two entries were made),
        // postings in the order they were added: the pairs come out in the same order whatever the table's layout.
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

    /// <summary>Writes the index's exact state to an image: the slot count in use, the postings in use and packed, the
    /// table as it lies in memory (12-byte slots), the postings array's capacity and its entries in use, and the
    /// first-posting bits of those.</summary>
    /// <param name="writer">The image.</param>
    /// <remarks>An index read in place from a mapped image writes the mapped bytes as they are when nothing was added
    /// since; otherwise it is built whole in memory first (<see cref="Materialize"/>), for the time of the write.</remarks>
    internal void WriteImage(ImageWriter writer)
    {
        if (_base is null)
        {
            _written = WriteFields(writer, _used, _entries, _packed, _postings.Length, _shift, _table, _postings.AsSpan(0, _entries), _isFirst);
        }
        else if (_since!.Count == 0)
        {
            _base.EnsureWhole();
            using MappedImage.Lease lease = _base.Image.Acquire();
            View<BlockCheck> mapped = _base.View(lease);
            _written = WriteFields(writer, _base.At.Used, _base.At.Entries, _base.At.Packed, _base.At.Capacity, _base.At.Shift, mapped.Table, mapped.Postings, _base.IsFirst(lease));
        }
        else
        {
            PassageIndex whole = Materialize();
            whole.WriteImage(writer);
            _written = whole._written;
        }
    }

    /// <summary>Writes the fields of <see cref="WriteImage(ImageWriter)"/>.</summary>
    /// <returns>Where the arrays went, from the writer's start.</returns>
    private static Layout WriteFields(ImageWriter writer, int used, int entries, int packed, int capacity, int shift, ReadOnlySpan<TableSlot> table, ReadOnlySpan<Posting> postings, ReadOnlySpan<ulong> isFirst)
    {
        writer.I32(used);
        writer.I32(entries);
        writer.I32(packed);
        writer.I32(capacity);
        writer.Array(table);
        long tableAt = writer.Offset - ((long)table.Length * Unsafe.SizeOf<TableSlot>());
        writer.Array(postings);
        long postingsAt = writer.Offset - ((long)postings.Length * Unsafe.SizeOf<Posting>());
        int words = (entries + 63) >> 6;
        writer.Array(isFirst[..words]);
        return new Layout(tableAt, table.Length, shift, used, postingsAt, entries, packed, capacity, writer.Offset - (words * 8L));
    }

    /// <summary>Folds the index into the image <see cref="WriteImage"/> last wrote: from now on its table and postings
    /// are read in place from <paramref name="image"/>, and the arrays it held (everything, or the overlay and the
    /// adds kept to replay) are dropped. For right after a compaction wrote the image, before anything is added.</summary>
    /// <param name="image">The new snapshot's image, mapped; owned by the caller, who disposes it after this index.</param>
    /// <param name="offset">Where the writer <see cref="WriteImage"/> wrote with started in the image.</param>
    /// <exception cref="InvalidOperationException">Nothing was written since the last fold.</exception>
    internal void Remap(MappedImage image, long offset)
    {
        Layout written = _written ?? throw new InvalidOperationException("the passage index was not written since it was last folded into an image.");
        _base = new MappedBase(image, written.Moved(offset));
        _since = [];
        _written = null;
        _table = new TableSlot[64];
        _shift = 64 - 6;
        _used = 0;
        _postings = new Posting[64];
        _isFirst = new ulong[1];
        _entries = 0;
        _packed = 0;
    }

    /// <summary>Reads an index written by <see cref="WriteImage"/> with the same <paramref name="maxPostings"/>.</summary>
    /// <param name="maxPostings">The boilerplate cap.</param>
    /// <param name="reader">The image.</param>
    /// <param name="what">The index's name in errors ("word passages").</param>
    /// <param name="keyLimit">Every key must lie in [0, this).</param>
    /// <param name="mapped">The image mapped, when the reader's offsets are offsets into it: then the table, the
    /// postings and the first-posting bits are used where they lie in the map (read-only; what is added later goes to
    /// an overlay in memory), their bytes only passed through the reader (which checksums them) and not checked element
    /// by element; null to read them into arrays.</param>
    /// <returns>The index, in the state it was written in.</returns>
    /// <remarks>Checks the table's and the postings' sizes (powers of two, within the load limit), and in one pass each
    /// that every slot's key lies in [0, <paramref name="keyLimit"/>) or its list end among the postings, that the slots
    /// in use are as many as said, and that every posting's key is in range and its successor among the postings. Not
    /// checked: that each list is one cycle through its last entry (a damaged successor could make a list walk loop);
    /// the checksum around the image is what catches such damage.</remarks>
    /// <exception cref="Storage.NearDupFormatException">The image is damaged or inconsistent.</exception>
    internal static PassageIndex ReadImage(int maxPostings, ImageReader reader, string what, int keyLimit, MappedImage? mapped = null)
    {
        long at = reader.Offset;
        int used = reader.Int($"{what} slots used", 0, Array.MaxLength);
        int entries = reader.Int($"{what} postings", 0, Array.MaxLength);
        int packed = reader.Int($"{what} postings packed", 0, entries);
        int capacity = reader.Int($"{what} postings capacity", 64, Array.MaxLength);
        if (!BitOperations.IsPow2(capacity) || capacity < entries)
        {
            throw reader.Invalid($"{what} postings capacity", at + 12, $"is {capacity}, expected a power of two of at least {Math.Max(64, entries)}");
        }

        if (mapped is not null)
        {
            return ReadMapped(maxPostings, reader, what, mapped, used, entries, packed, capacity);
        }

        TableSlot[] table = reader.Array<TableSlot>($"{what} table", 64, Array.MaxLength);
        long tableAt = reader.LastArrayOffset;
        CheckTableLength(reader, what, table.Length, used, tableAt);

        int found = 0;
        for (int slot = 0; slot < table.Length; slot++)
        {
            ulong held = table[slot].Fingerprint;
            int value = table[slot].Value;
            int count = (int)(held >> CountShift);
            bool ok = held == 0 ? value == 0 : count == 1 ? (uint)value < (uint)keyLimit : count >= 2 && (uint)value < (uint)entries;
            if (!ok)
            {
                throw reader.InvalidElement($"{what} table", tableAt, slot, Unsafe.SizeOf<TableSlot>(), $"holds {held:x16} with {value}, expected an empty slot, a key below {keyLimit} or a list end below {entries}");
            }

            found += held != 0 ? 1 : 0;
        }

        if (found != used)
        {
            throw reader.Invalid($"{what} slots used", at, $"is {used}, but the table holds {found} fingerprints");
        }

        Posting[] postings = reader.Array<Posting>($"{what} postings", entries, entries, capacity);
        long postingsAt = reader.LastArrayOffset;
        for (int entry = 0; entry < entries; entry++)
        {
            if ((uint)postings[entry].Key >= (uint)keyLimit || (uint)postings[entry].Next >= (uint)entries)
            {
                throw reader.InvalidElement($"{what} postings", postingsAt, entry, Unsafe.SizeOf<Posting>(), $"holds key {postings[entry].Key} and successor {postings[entry].Next}, expected a key below {keyLimit} and a successor below {entries}");
            }
        }

        int words = (entries + 63) >> 6;
        ulong[] isFirst = reader.Array<ulong>($"{what} first postings", words, words, (capacity + 63) >> 6);
        return new PassageIndex(maxPostings)
        {
            _table = table,
            _shift = 64 - BitOperations.Log2((uint)table.Length),
            _used = used,
            _postings = postings,
            _isFirst = isFirst,
            _entries = entries,
            _packed = packed,
        };
    }

    /// <summary>The rest of <see cref="ReadImage"/> for an index used in place from a mapped image: the arrays' counts
    /// are checked as for one read into arrays, their elements only passed through the reader.</summary>
    private static PassageIndex ReadMapped(int maxPostings, ImageReader reader, string what, MappedImage mapped, int used, int entries, int packed, int capacity)
    {
        int slots = reader.Skip<TableSlot>($"{what} table", 64, Array.MaxLength);
        long tableAt = reader.LastArrayOffset;
        CheckTableLength(reader, what, slots, used, tableAt);
        reader.Skip<Posting>($"{what} postings", entries, entries);
        long postingsAt = reader.LastArrayOffset;
        int words = (entries + 63) >> 6;
        reader.Skip<ulong>($"{what} first postings", words, words);
        var layout = new Layout(tableAt, slots, 64 - BitOperations.Log2((uint)slots), used, postingsAt, entries, packed, capacity, reader.LastArrayOffset);
        return new PassageIndex(maxPostings) { _base = new MappedBase(mapped, layout), _since = [] };
    }

    private static void CheckTableLength(ImageReader reader, string what, int slots, int used, long tableAt)
    {
        if (!BitOperations.IsPow2(slots) || used * 4L > slots * 3L)
        {
            throw reader.Invalid($"{what} table count", tableAt - 8, $"is {slots}, expected a power of two at least 4/3 of the {used} slots used");
        }
    }

    /// <summary>Whether the index reads its table and postings in place from a mapped image (for tests).</summary>
    internal bool IsMapped => _base is not null;

    /// <summary>Adds and packs kept since the mapped image to replay (for tests; 0 when not mapped).</summary>
    internal int ChangesSinceImage => _since?.Count ?? 0;

    /// <summary>The index's own arrays as a <see cref="View{TCheck}"/> (of an index read from a mapped image, the overlay).</summary>
    private View<Unchecked> Own => new(_table, _postings, _shift, _packed, default);

    /// <summary>Counts shared fingerprints over a mapped base and the overlay added since, as the one index they make
    /// together would: a fingerprint is boilerplate when both together hold it more than <see cref="MaxPostings"/>
    /// times, and the keys of each fingerprint are counted in the order they were added (the base's, then the
    /// overlay's), so that the counts come out in the same order too.</summary>
    /// <remarks>One fingerprint after the other, without the three passes of the plain lookup: the overlay is small and
    /// folded into the base by the next compaction.</remarks>
    private void CountMerged(View<BlockCheck> mapped, View<Unchecked> overlay, ulong[] query, Dictionary<int, int> counts, int aboveKey)
    {
        foreach (ulong f in query)
        {
            int inBase = mapped.Slot(f), inOverlay = overlay.Slot(f);
            int holders = mapped.Weight(inBase, MaxPostings) + overlay.Weight(inOverlay, MaxPostings);
            if (holders == 0 || holders > MaxPostings)
            {
                continue;
            }

            mapped.CountKeys(inBase, counts, aboveKey);
            overlay.CountKeys(inOverlay, counts, aboveKey);
        }
    }

    /// <summary>This index, or, for one read in place from a mapped image, the same index built whole in memory: the
    /// base copied into arrays, then every add and pack since replayed in order, which gives the bytes the index would
    /// hold had it been read into arrays.</summary>
    /// <returns>An index in memory; a new one each call when mapped.</returns>
    private PassageIndex Materialize()
    {
        if (_base is null)
        {
            return this;
        }

        var whole = new PassageIndex(MaxPostings);
        _base.EnsureWhole();
        using (MappedImage.Lease lease = _base.Image.Acquire())
        {
            View<BlockCheck> mapped = _base.View(lease);
            whole._table = mapped.Table.ToArray();
            whole._shift = _base.At.Shift;
            whole._used = _base.At.Used;
            whole._postings = new Posting[_base.At.Capacity];
            mapped.Postings.CopyTo(whole._postings);
            whole._isFirst = new ulong[(_base.At.Capacity + 63) >> 6];
            _base.IsFirst(lease).CopyTo(whole._isFirst);
            whole._entries = _base.At.Entries;
            whole._packed = _base.At.Packed;
        }

        foreach (Change change in _since!)
        {
            if (change.Fingerprints is null)
            {
                whole.Pack();
            }
            else
            {
                whole.Add(change.Key, change.Fingerprints, change.PackWhenDue);
            }
        }

        return whole;
    }

    /// <summary>One change to an index read from a mapped image: an add, or (with no fingerprints) a pack.</summary>
    /// <param name="Key">The document's key (−1 for a pack).</param>
    /// <param name="Fingerprints">Its fingerprints, or null for a pack.</param>
    /// <param name="PackWhenDue">The add's argument.</param>
    private readonly record struct Change(int Key, ulong[]? Fingerprints, bool PackWhenDue);

    /// <summary>Where an image holds an index's arrays, and the counts that go with them.</summary>
    /// <param name="TableAt">The table's first slot, in bytes from the image's start.</param>
    /// <param name="Slots">The table's length.</param>
    /// <param name="Shift">The table's Fibonacci shift.</param>
    /// <param name="Used">Slots in use.</param>
    /// <param name="PostingsAt">The first posting.</param>
    /// <param name="Entries">Postings in use (all the image holds).</param>
    /// <param name="Packed">Postings packed.</param>
    /// <param name="Capacity">The postings array's capacity when it was written (written again as it was).</param>
    /// <param name="IsFirstAt">The first word of the first-posting bits.</param>
    private sealed record Layout(long TableAt, int Slots, int Shift, int Used, long PostingsAt, int Entries, int Packed, int Capacity, long IsFirstAt)
    {
        /// <summary>The same layout with every offset moved by <paramref name="offset"/> bytes (from the start of the
        /// writer that wrote it to the start of the image around it).</summary>
        public Layout Moved(long offset) => this with { TableAt = TableAt + offset, PostingsAt = PostingsAt + offset, IsFirstAt = IsFirstAt + offset };
    }

    /// <summary>An index's arrays in a mapped image.</summary>
    /// <param name="Image">The map (owned by whoever read the image, disposed with the index).</param>
    /// <param name="At">Where the arrays lie in it.</param>
    private sealed record MappedBase(MappedImage Image, Layout At)
    {
        /// <summary>The table and postings, for as long as <paramref name="lease"/> is held.</summary>
        public View<BlockCheck> View(in MappedImage.Lease lease) =>
            new(lease.Span<TableSlot>(At.TableAt, At.Slots), lease.Span<Posting>(At.PostingsAt, At.Entries), At.Shift, At.Packed, new BlockCheck(Image, At.TableAt, At.PostingsAt));

        /// <summary>The table and postings read without checks, for as long as <paramref name="lease"/> is held: only for
        /// when the image has no checks pending (<see cref="MappedImage.PendingChecks"/> null), which stays so once it is.</summary>
        public View<Unchecked> Unchecked(in MappedImage.Lease lease) =>
            new(lease.Span<TableSlot>(At.TableAt, At.Slots), lease.Span<Posting>(At.PostingsAt, At.Entries), At.Shift, At.Packed, default);

        /// <summary>Checks every block of the index's arrays that was not checked yet, for a reader of the whole (a copy or
        /// a write): damage is an error, never copied into another image under fresh checksums.</summary>
        /// <exception cref="Storage.NearDupFormatException">A block does not match its checksum.</exception>
        public void EnsureWhole()
        {
            Image.EnsureRange(At.TableAt, (long)At.Slots * Unsafe.SizeOf<TableSlot>());
            Image.EnsureRange(At.PostingsAt, (long)At.Entries * Unsafe.SizeOf<Posting>());
            Image.EnsureRange(At.IsFirstAt, ((At.Entries + 63L) >> 6) * 8);
        }

        /// <summary>The first-posting bits, for as long as <paramref name="lease"/> is held.</summary>
        public ReadOnlySpan<ulong> IsFirst(in MappedImage.Lease lease) => lease.Span<ulong>(At.IsFirstAt, (At.Entries + 63) >> 6);
    }

    /// <summary>What a <see cref="View{TCheck}"/> does before an element of its arrays is used.</summary>
    private interface IElementCheck
    {
        /// <summary>Called before table slot <paramref name="slot"/> is read.</summary>
        void Slot(int slot);

        /// <summary>Called before posting <paramref name="entry"/> is read.</summary>
        void Posting(int entry);
    }

    /// <summary>No check: the index's own arrays, or a mapped image with every block checked. Empty, so the JIT drops it.</summary>
    private readonly struct Unchecked : IElementCheck
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Slot(int slot)
        {
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Posting(int entry)
        {
        }
    }

    /// <summary>Checks the mapped image's block an element lies in the first time it is read (<see cref="ImageBlocks"/>;
    /// version 4 images) before its bytes are used: a damaged block is an error naming the file, the part and the
    /// offset, never a wrong count or a walk through garbage. With nothing left to check when it was made (an image
    /// checked whole at open, or every block checked) the check is one null test.</summary>
    private readonly struct BlockCheck : IElementCheck
    {
        private readonly MappedImage? _image;
        private readonly ImageBlocks? _blocks;
        private readonly long _tableAt;
        private readonly long _postingsAt;

        /// <summary>The checks of an index's arrays at <paramref name="tableAt"/> and <paramref name="postingsAt"/> in
        /// <paramref name="image"/>, made while the image has checks pending.</summary>
        public BlockCheck(MappedImage image, long tableAt, long postingsAt)
        {
            _blocks = image.PendingChecks;
            _image = _blocks is null ? null : image;
            _tableAt = tableAt;
            _postingsAt = postingsAt;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Slot(int slot)
        {
            if (_blocks is not null)
            {
                _image!.Ensure(_blocks, _tableAt + ((long)slot * Unsafe.SizeOf<TableSlot>()), Unsafe.SizeOf<TableSlot>());
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Posting(int entry)
        {
            if (_blocks is not null)
            {
                _image!.Ensure(_blocks, _postingsAt + ((long)entry * Unsafe.SizeOf<Posting>()), Unsafe.SizeOf<Posting>());
            }
        }
    }

    /// <summary>A table and its postings, read-only: an index's own arrays, or a mapped image's.</summary>
    /// <typeparam name="TCheck">What is done before each element is read (<see cref="Unchecked"/>, <see cref="BlockCheck"/>).</typeparam>
    /// <remarks>Every element is read through <see cref="SlotAt"/> and <see cref="PostingAt"/>, which make the check first.</remarks>
    private readonly ref struct View<TCheck>
        where TCheck : struct, IElementCheck
    {
        private readonly ReadOnlySpan<TableSlot> _table;
        private readonly ReadOnlySpan<Posting> _postings;
        private readonly TCheck _check;
        public readonly int Shift;
        public readonly int Packed;

        public View(ReadOnlySpan<TableSlot> table, ReadOnlySpan<Posting> postings, int shift, int packed, TCheck check)
        {
            _table = table;
            _postings = postings;
            Shift = shift;
            Packed = packed;
            _check = check;
        }

        /// <summary>The table's slot count.</summary>
        public int Slots => _table.Length;

        /// <summary>The table (for copying whole; check the range first).</summary>
        public ReadOnlySpan<TableSlot> Table => _table;

        /// <summary>The postings (for copying whole; check the range first).</summary>
        public ReadOnlySpan<Posting> Postings => _postings;

        /// <summary>Table slot <paramref name="slot"/>, checked first.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref readonly TableSlot SlotAt(int slot)
        {
            ref readonly TableSlot held = ref _table[slot];
            _check.Slot(slot);
            return ref held;
        }

        /// <summary>Posting <paramref name="entry"/>, checked first.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref readonly Posting PostingAt(int entry)
        {
            ref readonly Posting posting = ref _postings[entry];
            _check.Posting(entry);
            return ref posting;
        }

        /// <summary>The slot where <paramref name="f"/>'s probe starts (Fibonacci hashing of its low 56 bits).</summary>
        public int Home(ulong f) => (int)(((f & FingerprintMask) * Fibonacci) >> Shift);

        /// <summary>The slot holding <paramref name="f"/>, or the empty slot where it would go.</summary>
        public int Slot(ulong f)
        {
            int mask = _table.Length - 1;
            ulong bits = f & FingerprintMask;
            int slot = Home(f);
            ulong held;
            while ((held = SlotAt(slot).Fingerprint) != 0 && (held & FingerprintMask) != bits)
            {
                slot = (slot + 1) & mask;
            }

            return slot;
        }

        /// <summary>How many documents were added with <paramref name="f"/> (saturating at 255); 0 for none.</summary>
        public int Holders(ulong f)
        {
            ulong held = SlotAt(Slot(f)).Fingerprint;
            return held == 0 ? 0 : (int)(held >> CountShift);
        }

        /// <summary>Whether the fingerprint in <paramref name="slot"/>, whose list ends at <paramref name="last"/>, is
        /// held by more than <paramref name="maxPostings"/> documents: read from its count, or (when the count has
        /// saturated at a value not above it) by walking its list.</summary>
        public bool IsBoilerplate(int slot, int last, int maxPostings)
        {
            int postings = (int)(SlotAt(slot).Fingerprint >> CountShift);
            return postings > maxPostings || (postings == MaxCount && LongerThan(last, maxPostings));
        }

        /// <summary>How many documents hold the fingerprint in <paramref name="slot"/>, up to
        /// <paramref name="maxPostings"/> + 1 (which says "boilerplate"): its count while exact, else its list's length.</summary>
        public int Weight(int slot, int maxPostings)
        {
            ulong held = SlotAt(slot).Fingerprint;
            int count = (int)(held >> CountShift);
            if (count < MaxCount)
            {
                return Math.Min(count, maxPostings + 1);
            }

            return IsBoilerplate(slot, SlotAt(slot).Value, maxPostings) ? maxPostings + 1 : Walk(SlotAt(slot).Value);
        }

        /// <summary>Counts, in list order, the keys holding the fingerprint in <paramref name="slot"/>.</summary>
        public void CountKeys(int slot, Dictionary<int, int> counts, int aboveKey)
        {
            ulong held = SlotAt(slot).Fingerprint;
            int value = SlotAt(slot).Value;
            if (held >> CountShift == 1)
            {
                if (value > aboveKey)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, value, out _)++;
                }

                return;
            }

            if (held == 0)
            {
                return;
            }

            int entry = value;
            do
            {
                entry = PostingAt(entry).Next;
                int key = PostingAt(entry).Key;
                if (key > aboveKey)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
                }
            }
            while (entry != value);
        }

        /// <summary>Whether the list ending at <paramref name="last"/> holds more than <paramref name="limit"/> entries
        /// (walks at most limit + 1).</summary>
        private bool LongerThan(int last, int limit)
        {
            int n = 0;
            int entry = last;
            do
            {
                entry = PostingAt(entry).Next;
                if (++n > limit)
                {
                    return true;
                }
            }
            while (entry != last);
            return false;
        }

        /// <summary>The length of the list ending at <paramref name="last"/>.</summary>
        private int Walk(int last)
        {
            int n = 0;
            int entry = last;
            do
            {
                entry = PostingAt(entry).Next;
                n++;
            }
            while (entry != last);
            return n;
        }
    }

    /// <summary>A table slot: the fingerprint's low 56 bits with its holder count in the top 8 (all zero for an empty
    /// slot: a held fingerprint counts at least one), and the key of its one holder or, with two or more, its list's
    /// last entry; side by side in 12 bytes so that a probe usually reads one cache line, not two.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct TableSlot
    {
        public ulong Fingerprint;
        public int Value;
    }

    /// <summary>A posting: the document's key and the next entry of its fingerprint's circular list, side by side so
    /// that a step along a list reads one cache line.</summary>
    private struct Posting
    {
        public int Key;
        public int Next;
    }
}
