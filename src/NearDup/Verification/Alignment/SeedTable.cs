using System;
using System.Buffers;
using System.Numerics;
using NearDup.Internal;
using NearDup.Sketches;
using NearDup.Text;

namespace NearDup.Verification.Alignment;

/// <summary>Finds the seeds of an alignment: the pairs of positions where A and B have the same token.</summary>
/// <remarks>
/// Any word other than a function word is a seed wherever it stands in both documents; a function word only where a
/// neighbour matches too (a lone "the" matches everywhere and anchors nothing). A word occurring more than
/// <see cref="SpinAligner.MaxOccurrences"/> times in B seeds through the words before it instead: where the same two
/// words (or, when those are frequent too, three) end at both positions. A long text repeats most of its words hundreds
/// of times, and without this it would keep no seed at all. A key frequent even as three words (a text that repeats
/// whole paragraphs dozens of times, a table's rows), or as one or two words near A's start, seeds only at its
/// <see cref="BandSeeds"/> occurrences nearest where the diagonal of the seeds before it expects it, and only once a
/// kept seed of a key occurring once in B has set that diagonal, or the two texts begin alike (see
/// <see cref="StartTogether"/>); otherwise one text may lie anywhere in the other (an excerpt, or a chunk of a stream
/// at another offset). The diagonal follows shifts of up to
/// <see cref="SpinAligner.MaxGap"/> tokens; where no later key occurs once, a longer insertion or deletion leaves the
/// band on a repeated passage's other copy. B's positions are looked up through pooled open-addressing
/// tables, the two- and three-word ones built only when a frequent word asks. Thread safety: static and stateless.
/// </remarks>
internal static class SeedTable
{
    /// <summary>Longest run of words a seed is keyed by.</summary>
    private const int MaxKeyWords = 3;

    /// <summary>How many of a too-frequent key's occurrences in B, those nearest its expected position, are seeds.</summary>
    internal const int BandSeeds = 8;

    /// <summary>Writes the seeds into <paramref name="seeds"/> (growing it), ordered by I, then J.</summary>
    /// <param name="ta">A's content tokens.</param>
    /// <param name="tb">B's content tokens.</param>
    /// <param name="functionA">Whether each A token is a function word.</param>
    /// <param name="seeds">A rented array receiving the seeds; replaced by a larger one (the old one returned) when full.</param>
    /// <returns>The number of seeds.</returns>
    public static int FindSeeds(ReadOnlySpan<Token> ta, ReadOnlySpan<Token> tb, ReadOnlySpan<bool> functionA, ref Seed[] seeds)
    {
        ulong[] keysA = ArrayPool<ulong>.Shared.Rent(Math.Max(1, ta.Length));
        ulong[] keysB = ArrayPool<ulong>.Shared.Rent(Math.Max(1, tb.Length));
        var tables = new PositionTable[MaxKeyWords];
        try
        {
            Keys(ta, 1, keysA);
            Keys(tb, 1, keysB);
            tables[0] = new PositionTable(keysB.AsSpan(0, tb.Length));
            int count = 0;

            // Where B's position for an A position is expected, as j − i, once a kept seed whose key (of one, two or three
            // words) occurs once in B has said where the two texts' diagonal runs; the band's near picks then follow it.
            long diagonal = 0;

            // Two versions of one text that begin with the same words run side by side from their starts: that is a
            // diagonal to follow before any key occurring once says so (a repeating table or log has none).
            bool anchored = StartTogether(ta, tb);

            for (int i = 0; i < ta.Length; i++)
            {
                ReadOnlySpan<int> at = tables[0].Positions(keysA[i]);
                if (at.IsEmpty)
                {
                    continue;
                }

                bool function = functionA[i];
                bool widened = false;
                for (int words = 2; at.Length > SpinAligner.MaxOccurrences && words <= MaxKeyWords; words++)
                {
                    if (i < words - 1)
                    {
                        break; // too near A's start for a longer key: the band below
                    }

                    if (tables[words - 1].IsEmpty)
                    {
                        Keys(tb, words, keysB);
                        tables[words - 1] = new PositionTable(keysB.AsSpan(0, tb.Length));
                    }

                    at = tables[words - 1].Positions(Key(ta, i, words));
                    widened = true;
                }

                // The B position that sets the diagonal when this token seeds there: a key occurring once, or the band's
                // nearest occurrence.
                int anchorJ = at.Length == 1 ? at[0] : -1;
                if (at.Length > SpinAligner.MaxOccurrences && !anchored)
                {
                    continue; // no diagonal to follow yet: one text may lie anywhere in the other, at any offset
                }

                if (at.Length > SpinAligner.MaxOccurrences)
                {
                    // Too frequent even as three words (a text that repeats whole paragraphs, a table's rows), or as one
                    // or two near A's start: only the occurrences nearest the diagonal the seeds before it follow are
                    // seeds, so that the two texts still align along it rather than not at all. The diagonal follows a
                    // near occurrence (a word put in or left out shifts it), not a far one: a repeated passage's next copy
                    // is as near as its last when this one was edited.
                    long expected = i + diagonal;
                    int near = Nearest(at, expected);
                    int from = Math.Clamp(near - (BandSeeds / 2), 0, at.Length - BandSeeds);
                    anchorJ = Math.Abs(at[near] - expected) <= SpinAligner.MaxGap ? at[near] : -1;
                    at = at.Slice(from, BandSeeds);
                }

                bool hasNext = i + 1 < ta.Length, hasPrev = i > 0;
                ulong nextA = hasNext ? ta[i + 1].Hash : 0, prevA = hasPrev ? ta[i - 1].Hash : 0;
                foreach (int j in at)
                {
                    int score = Chainer.SeedScore;
                    if (function)
                    {
                        // A seed keyed by two or three words has its neighbour matched already.
                        bool next = hasNext && j + 1 < tb.Length && tb[j + 1].Hash == nextA;
                        bool prev = widened || (hasPrev && j > 0 && tb[j - 1].Hash == prevA);
                        if (!next && !prev)
                        {
                            continue;
                        }

                        score = Chainer.FunctionSeedScore;
                    }

                    if (count == seeds.Length)
                    {
                        RentedArrays.Grow(ref seeds, count);
                    }

                    seeds[count++] = new Seed(i, j, score);
                    if (j == anchorJ)
                    {
                        // Only a seed kept anchors: a function word whose neighbours differ anchors nothing.
                        diagonal = j - i;
                        anchored = true;
                    }
                }
            }

            return count; // already ordered by I, then J
        }
        finally
        {
            foreach (PositionTable table in tables)
            {
                table.Release();
            }

            ArrayPool<ulong>.Shared.Return(keysA);
            ArrayPool<ulong>.Shared.Return(keysB);
        }
    }

    /// <summary>How many leading tokens two texts must share, and the least share of the longer text's length the shorter
    /// must have, for their diagonal to start at 0 (see <see cref="StartTogether"/>).</summary>
    internal const int SameStartTokens = 8;

    /// <summary>See <see cref="SameStartTokens"/>.</summary>
    internal const double MinSameStartLengthShare = 0.8;

    /// <summary>Whether two texts of about one length begin with the same <see cref="SameStartTokens"/> tokens: two
    /// versions of one text, whose diagonal starts at 0. Chunks of one stream at other offsets, or an excerpt, begin
    /// differently.</summary>
    internal static bool StartTogether(ReadOnlySpan<Token> ta, ReadOnlySpan<Token> tb)
    {
        if (ta.Length < SameStartTokens || tb.Length < SameStartTokens
            || MinSameStartLengthShare * Math.Max(ta.Length, tb.Length) > Math.Min(ta.Length, tb.Length))
        {
            return false;
        }

        for (int k = 0; k < SameStartTokens; k++)
        {
            if (ta[k].Hash != tb[k].Hash)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index in <paramref name="positions"/> (ascending, distinct, not empty) of the position nearest
    /// <paramref name="expected"/>, the earlier of two as near.</summary>
    internal static int Nearest(ReadOnlySpan<int> positions, long expected)
    {
        // The positions are distinct: a hit is the nearest; otherwise the first after, or the one before it.
        int at = positions.BinarySearch((int)Math.Clamp(expected, int.MinValue, int.MaxValue));
        if (at >= 0)
        {
            return at;
        }

        int lo = ~at;
        return lo == positions.Length || (lo > 0 && expected - positions[lo - 1] <= positions[lo] - expected) ? lo - 1 : lo;
    }

    /// <summary>Writes, for each token, the key of the <paramref name="words"/> tokens ending at it (0 where fewer
    /// precede it: no key of a text is 0 but by a one-in-2^64 chance, which at worst adds a seed).</summary>
    private static void Keys(ReadOnlySpan<Token> tokens, int words, Span<ulong> keys)
    {
        for (int i = 0; i < tokens.Length; i++)
        {
            keys[i] = i < words - 1 ? 0 : Key(tokens, i, words);
        }
    }

    /// <summary>The key of the <paramref name="words"/> tokens ending at <paramref name="i"/>: the token's own hash for
    /// one word.</summary>
    private static ulong Key(ReadOnlySpan<Token> tokens, int i, int words)
    {
        ulong key = tokens[i].Hash;
        for (int w = 1; w < words; w++)
        {
            key = Mixing.Mix64(key ^ BitOperations.RotateLeft(tokens[i - w].Hash, 17 * w));
        }

        return key;
    }

    /// <summary>B's positions per key, as runs in one flat array (a counting sort by slot) rather than a List per
    /// distinct key: the same positions in ascending order, without an allocation per distinct key. The key → slot map
    /// is a pooled open-addressing table (linear probing, at most half full) rather than a Dictionary: every candidate
    /// pair is aligned, so this runs hundreds of thousands of times per scan.</summary>
    private struct PositionTable
    {
        private ulong[]? _keys;
        private int[]? _rented;
        private int _capacity;
        private int _length;
        private int _shift;

        public PositionTable(ReadOnlySpan<ulong> keysB)
        {
            _length = keysB.Length;
            _capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * keysB.Length));
            _shift = 64 - BitOperations.Log2((uint)_capacity);
            int mask = _capacity - 1;
            _keys = ArrayPool<ulong>.Shared.Rent(_capacity);
            _rented = ArrayPool<int>.Shared.Rent(_capacity + (3 * _length) + 1);
            Span<int> table = _rented.AsSpan(0, _capacity);
            Span<int> slotOf = _rented.AsSpan(_capacity, _length);
            Span<int> start = _rented.AsSpan(_capacity + _length, _length + 1);
            Span<int> positions = _rented.AsSpan(_capacity + (2 * _length) + 1, _length);
            table.Fill(-1);
            int slotCount = 0;
            start.Clear();
            for (int j = 0; j < keysB.Length; j++)
            {
                ulong h = keysB[j];
                int at = FibonacciHashing.Home(h, _shift);
                while (table[at] >= 0 && _keys[at] != h)
                {
                    at = (at + 1) & mask;
                }

                if (table[at] < 0)
                {
                    _keys[at] = h;
                    table[at] = slotCount++;
                }

                int slot = table[at];
                slotOf[j] = slot;
                start[slot + 1]++;
            }

            for (int k = 0; k < slotCount; k++)
            {
                start[k + 1] += start[k];
            }

            for (int j = 0; j < keysB.Length; j++)
            {
                positions[start[slotOf[j]]++] = j; // start[s] ends at the end of run s, which is the start of run s + 1
            }
        }

        /// <summary>Whether the table was never built.</summary>
        public readonly bool IsEmpty => _rented is null;

        /// <summary>B's positions holding <paramref name="key"/>, ascending.</summary>
        public readonly ReadOnlySpan<int> Positions(ulong key)
        {
            int mask = _capacity - 1;
            int at = FibonacciHashing.Home(key, _shift);
            while (_rented![at] >= 0 && _keys![at] != key)
            {
                at = (at + 1) & mask;
            }

            int slot = _rented[at];
            if (slot < 0)
            {
                return default;
            }

            Span<int> start = _rented.AsSpan(_capacity + _length, _length + 1);
            int from = slot == 0 ? 0 : start[slot - 1], to = start[slot];
            return _rented.AsSpan(_capacity + (2 * _length) + 1 + from, to - from);
        }

        /// <summary>Gives the arrays back.</summary>
        public void Release()
        {
            if (_rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(_keys!);
                ArrayPool<int>.Shared.Return(_rented);
                _keys = null;
                _rented = null;
            }
        }
    }
}
