using System;
using System.Collections.Generic;
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
    public void Grow() => Relayout(NextCapacity(_capacity), Slack(NextCapacity(_capacity)), remap: null);

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
                    Relayout(_capacity, _slack * 2, remap: null);
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
        Relayout(capacity, Slack(capacity), remap);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Relayout(int capacity, int slack, int[]? remap)
    {
        while (true)
        {
            var target = new ulong[(long)capacity + slack + 1];
            int last = -1, count = 0;
            bool fits = true;
            foreach (ulong old in _slots)
            {
                if (old == 0)
                {
                    continue;
                }

                ulong e = old;
                if (remap is not null)
                {
                    int id = remap[IdOf(old)];
                    if (id < 0)
                    {
                        continue;
                    }

                    e = Entry((uint)(old >> 32), id);
                }

                int p = Math.Max(Home((uint)(e >> 32), capacity), last + 1);
                if (p >= target.Length - 1)
                {
                    fits = false;
                    break;
                }

                target[p] = e;
                last = p;
                count++;
            }

            if (fits)
            {
                _slots = target;
                _capacity = capacity;
                _limit = Limit(capacity);
                _slack = slack;
                Count = count;
                return;
            }

            slack *= 2;
        }
    }

    private static int NextCapacity(int capacity) => (int)Math.Min(Array.MaxLength / 2, Math.Max(capacity + MinCapacity, (long)(capacity * GrowthFactor)));

    private static int CapacityFor(int expected) => (int)Math.Clamp(Math.Ceiling(expected / MaxLoad) + 1, MinCapacity, Array.MaxLength / 2);

    private static int Limit(int capacity) => (int)(capacity * MaxLoad);

    // Spill room past the last home: a cluster that starts near the top runs on past it. 0.4% of the table.
    private static int Slack(int capacity) => Math.Max(64, capacity >> 8);
}
