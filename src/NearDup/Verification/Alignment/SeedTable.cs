using System;
using System.Buffers;
using System.Numerics;
using NearDup.Internal;
using NearDup.Text;

namespace NearDup.Verification.Alignment;

/// <summary>Finds the seeds of an alignment: the pairs of positions where A and B have the same token.</summary>
/// <remarks>
/// Any word other than a function word is a seed wherever it stands in both documents; a function word only where a
/// neighbour matches too (a lone "the" matches everywhere and anchors nothing). Words occurring more than
/// <see cref="SpinAligner.MaxOccurrences"/> times in B are not seeds. B's positions are looked up through a pooled
/// open-addressing table. Thread safety: static and stateless.
/// </remarks>
internal static class SeedTable
{
    /// <summary>Writes the seeds into <paramref name="seeds"/> (growing it), ordered by I, then J.</summary>
    /// <param name="ta">A's content tokens.</param>
    /// <param name="tb">B's content tokens.</param>
    /// <param name="functionA">Whether each A token is a function word.</param>
    /// <param name="seeds">A rented array receiving the seeds; replaced by a larger one (the old one returned) when full.</param>
    /// <returns>The number of seeds.</returns>
    public static int FindSeeds(ReadOnlySpan<Token> ta, ReadOnlySpan<Token> tb, ReadOnlySpan<bool> functionA, ref Seed[] seeds)
    {
        // B's positions per token hash, as runs in one flat array (a counting sort by slot) rather than a List per
        // distinct token: the same positions in the same ascending order, without an allocation per distinct token.
        // Slots are numbered in order of first appearance in B. The hash → slot map is a pooled open-addressing table
        // (linear probing, at most half full) rather than a Dictionary: every candidate pair is aligned, so this runs
        // hundreds of thousands of times per scan.
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * tb.Length));
        int shift = 64 - BitOperations.Log2((uint)capacity);
        int mask = capacity - 1;
        ulong[] keys = ArrayPool<ulong>.Shared.Rent(capacity);
        int[] rented = ArrayPool<int>.Shared.Rent(capacity + 3 * tb.Length + 1);
        Span<int> table = rented.AsSpan(0, capacity);
        Span<int> slotOf = rented.AsSpan(capacity, tb.Length);
        Span<int> start = rented.AsSpan(capacity + tb.Length, tb.Length + 1);
        Span<int> positions = rented.AsSpan(capacity + 2 * tb.Length + 1, tb.Length);
        try
        {
            table.Fill(-1);
            int slotCount = 0;
            start.Clear();
            for (int j = 0; j < tb.Length; j++)
            {
                ulong h = tb[j].Hash;
                int at = FibonacciHashing.Home(h, shift);
                while (table[at] >= 0 && keys[at] != h)
                {
                    at = (at + 1) & mask;
                }

                if (table[at] < 0)
                {
                    keys[at] = h;
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

            for (int j = 0; j < tb.Length; j++)
            {
                positions[start[slotOf[j]]++] = j; // start[s] ends at the end of run s, which is the start of run s + 1
            }

            int count = 0;
            for (int i = 0; i < ta.Length; i++)
            {
                ulong h = ta[i].Hash;
                int at = FibonacciHashing.Home(h, shift);
                while (table[at] >= 0 && keys[at] != h)
                {
                    at = (at + 1) & mask;
                }

                int slot = table[at];
                if (slot < 0)
                {
                    continue;
                }

                int from = slot == 0 ? 0 : start[slot - 1], to = start[slot];
                if (to - from > SpinAligner.MaxOccurrences)
                {
                    continue;
                }

                bool function = functionA[i];
                bool hasNext = i + 1 < ta.Length, hasPrev = i > 0;
                ulong nextA = hasNext ? ta[i + 1].Hash : 0, prevA = hasPrev ? ta[i - 1].Hash : 0;
                foreach (int j in positions[from..to])
                {
                    int score = Chainer.SeedScore;
                    if (function)
                    {
                        bool next = hasNext && j + 1 < tb.Length && tb[j + 1].Hash == nextA;
                        bool prev = hasPrev && j > 0 && tb[j - 1].Hash == prevA;
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
                }
            }

            return count; // already ordered by I, then J
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(rented);
        }
    }
}
