using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NearDup.Internal;

namespace NearDup.Verification.Alignment;

/// <summary>Chains seeds into order-preserving chains by dynamic programming and keeps the best that do not overlap.</summary>
/// <remarks>
/// Consecutive seeds of a chain are at most <see cref="SpinAligner.MaxGap"/> tokens apart in both documents and their
/// offsets differ by at most <see cref="SpinAligner.MaxSkew"/>. Chains are taken best first; a chain that mostly lies
/// inside one already kept, in A or in B, is dropped. All scratch is pooled. Thread safety: static and stateless.
/// </remarks>
internal static class Chainer
{
    // Chain scores in whole units, so that equal chains score exactly equal and ties resolve by position alone: a seed
    // scores 50 (a function-word seed half that), and each token skipped across a gap costs 4, i.e. weights 1, 0.5 and
    // 0.08 per seed, function seed and skipped token.

    /// <summary>What a seed adds to a chain.</summary>
    public const int SeedScore = 50;

    /// <summary>What a function-word seed adds to a chain (a seed only because a neighbour matches too).</summary>
    public const int FunctionSeedScore = 25;

    private const int GapPenalty = 4;

    /// <summary>
    /// Chains the seeds; writes each kept chain's seeds, in order, into <paramref name="chained"/> and its start and
    /// length into <paramref name="bounds"/>, best chain first.
    /// </summary>
    /// <param name="seeds">The seeds, ordered by I, then J.</param>
    /// <param name="chained">Receives the kept chains' seeds; at least as long as <paramref name="seeds"/>.</param>
    /// <param name="bounds">Receives each kept chain's start in <paramref name="chained"/> and length, two entries a
    /// chain; room for <paramref name="seeds"/>.Length / <paramref name="minPassageSeeds"/> + 1 chains.</param>
    /// <param name="minPassageSeeds">Least number of seeds a kept chain has.</param>
    /// <param name="minPassageTokens">Least number of A tokens a kept chain spans.</param>
    /// <returns>The number of chains.</returns>
    public static int Chain(ReadOnlySpan<Seed> seeds, Seed[] chained, int[] bounds, int minPassageSeeds, int minPassageTokens)
    {
        int n = seeds.Length;
        int[] ints = ArrayPool<int>.Shared.Rent(Math.Max(1, 4 * n));
        bool[] used = ArrayPool<bool>.Shared.Rent(Math.Max(1, n));
        try
        {
            // The window scan reads only the seeds' positions, kept in their own arrays; most candidates fail on them.
            Span<int> prev = ints.AsSpan(0, n);
            Span<int> seedI = ints.AsSpan(n, n), seedJ = ints.AsSpan(2 * n, n), best = ints.AsSpan(3 * n, n);
            for (int t = 0; t < n; t++)
            {
                seedI[t] = seeds[t].I;
                seedJ[t] = seeds[t].J;
            }

            Link(seedI, seedJ, seeds, best, prev);

            // Chain ends best first, ties by position (the positions' arrays are free now).
            Span<int> order = seedI;
            RankByScore(best, order, seedJ);

            Span<bool> isUsed = used.AsSpan(0, n);
            isUsed.Clear();
            int chains = 0, written = 0;
            foreach (int end in order)
            {
                if (isUsed[end])
                {
                    continue;
                }

                // Walk the chain back to its first unused seed, then copy it only if it is long enough: most chain ends
                // of a pair that is no copy are a seed or two.
                int length = 0, first = end;
                for (int t = end; t >= 0 && !isUsed[t]; t = prev[t])
                {
                    isUsed[t] = true;
                    first = t;
                    length++;
                }

                if (length < minPassageSeeds || seeds[end].I - seeds[first].I + 1 < minPassageTokens)
                {
                    continue;
                }

                Span<Seed> chain = chained.AsSpan(written, length);
                for (int k = length - 1, t = end; k >= 0; k--, t = prev[t])
                {
                    chain[k] = seeds[t];
                }

                // A chain that mostly re-covers text already aligned (repeated paragraphs) adds nothing.
                if (Overlaps(chained, bounds, chains, chain[0].I, chain[^1].I, inB: false)
                    || Overlaps(chained, bounds, chains, chain[0].J, chain[^1].J, inB: true))
                {
                    continue;
                }

                bounds[2 * chains] = written;
                bounds[2 * chains + 1] = length;
                chains++;
                written += length;
            }

            return chains;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ints);
            ArrayPool<bool>.Shared.Return(used);
        }
    }

    /// <summary>
    /// The dynamic programme: each seed's best chain score ending at it (<paramref name="best"/>) and the seed before it
    /// in that chain (<paramref name="prev"/>, -1 for none), the same as <see cref="LinkScalar"/> computes them.
    /// </summary>
    /// <remarks>
    /// Every seed is tested against every seed of the MaxGap + MaxSkew rows above its own (about 28 in a scan of real
    /// text, two seeds a row), and which of them may precede it is a coin toss the branch predictor loses: that scan was
    /// two thirds of an alignment. Where <see cref="Vector256"/> is accelerated, eight candidates are tested and scored
    /// at once without a branch, each lane keeping its best and the first index that reached it, and the lanes' best,
    /// ties to the lowest index, is the scalar scan's answer. The last vector may reach past the window (its lanes there
    /// are masked off); only a window that ends within eight seeds of the arrays' end leaves a few seeds to the scalar
    /// test, after the vectors, as the scalar scan takes them.
    /// </remarks>
    /// <param name="seedI">The seeds' A positions, ascending.</param>
    /// <param name="seedJ">Their B positions, ascending within a row.</param>
    /// <param name="seeds">The seeds (for their scores).</param>
    /// <param name="best">Receives each seed's best chain score.</param>
    /// <param name="prev">Receives each seed's predecessor.</param>
    internal static void Link(ReadOnlySpan<int> seedI, ReadOnlySpan<int> seedJ, ReadOnlySpan<Seed> seeds, Span<int> best, Span<int> prev)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            LinkScalar(seedI, seedJ, seeds, best, prev);
            return;
        }

        int windowStart = 0, rowStart = 0;
        Vector256<int> lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        Vector256<uint> maxGap = Vector256.Create((uint)SpinAligner.MaxGap);
        Vector256<uint> skewSpan = Vector256.Create((uint)(2 * SpinAligner.MaxSkew));
        Vector256<int> none = Vector256.Create(int.MinValue);
        for (int t = 0; t < seedI.Length; t++)
        {
            int it = seedI[t], jt = seedJ[t];
            if (it != seedI[rowStart])
            {
                rowStart = t;
            }

            int score = seeds[t].Score;
            while (seedI[windowStart] < it - SpinAligner.MaxGap - SpinAligner.MaxSkew)
            {
                windowStart++;
            }

            Vector256<int> vi = Vector256.Create(it), vj = Vector256.Create(jt);
            Vector256<int> top = none, topIndex = Vector256.Create(-1);
            // Lanes past the window (s + lane >= rowStart) are masked off, so the last vector may overhang it while the
            // arrays last; only a window that ends within eight seeds of the arrays' end leaves a scalar tail.
            Vector256<int> end = Vector256.Create(rowStart);
            int s = windowStart;
            for (; s < rowStart && s + Vector256<int>.Count <= seedI.Length; s += Vector256<int>.Count)
            {
                Vector256<int> index = lanes + Vector256.Create(s);
                Vector256<int> di = vi - Vector256.Create(seedI.Slice(s, Vector256<int>.Count));
                Vector256<int> dj = vj - Vector256.Create(seedJ.Slice(s, Vector256<int>.Count));
                Vector256<int> fits = (Vector256.LessThan((dj - Vector256<int>.One).AsUInt32(), maxGap)
                    & Vector256.LessThanOrEqual((di - dj + Vector256.Create(SpinAligner.MaxSkew)).AsUInt32(), skewSpan)).AsInt32()
                    & Vector256.LessThan(index, end);
                Vector256<int> extended = Vector256.Create(best.Slice(s, Vector256<int>.Count)) + Vector256.Create(score + GapPenalty)
                    - Vector256.Create(GapPenalty) * Vector256.Max(di, dj);
                extended = Vector256.ConditionalSelect(fits, extended, none);
                Vector256<int> better = Vector256.GreaterThan(extended, top);
                top = Vector256.ConditionalSelect(better, extended, top);
                topIndex = Vector256.ConditionalSelect(better, index, topIndex);
            }

            // The lanes' best, ties to the first index; then the rest of the window in order, as the scalar scan. Most
            // seeds of a pair that is no copy have no predecessor at all (every lane still holds none): nothing to reduce.
            int bestT = score, prevT = -1;
            if (!Vector256.EqualsAll(top, none))
            {
                int most = MaxAcross(top);
                if (most > bestT)
                {
                    // Lanes that did not reach the best offer int.MaxValue, so the least index left is the first that did.
                    Vector256<int> reached = Vector256.Equals(top, Vector256.Create(most));
                    (bestT, prevT) = (most, MinAcross(Vector256.ConditionalSelect(reached, topIndex, Vector256.Create(int.MaxValue))));
                }
            }

            Scan(seedI, seedJ, best, it, jt, score, s, rowStart, ref bestT, ref prevT);
            best[t] = bestT;
            prev[t] = prevT;
        }
    }

    /// <summary>The largest of the eight lanes: three rounds of swapping halves, quarters and neighbours, each lane keeping
    /// the larger, after which every lane holds the largest (no element extracted one by one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MaxAcross(Vector256<int> v)
    {
        v = Vector256.Max(v, Vector256.Shuffle(v, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3)));
        v = Vector256.Max(v, Vector256.Shuffle(v, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5)));
        return Vector256.Max(v, Vector256.Shuffle(v, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6))).ToScalar();
    }

    /// <summary>The least of the eight lanes, as <see cref="MaxAcross"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MinAcross(Vector256<int> v)
    {
        v = Vector256.Min(v, Vector256.Shuffle(v, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3)));
        v = Vector256.Min(v, Vector256.Shuffle(v, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5)));
        return Vector256.Min(v, Vector256.Shuffle(v, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6))).ToScalar();
    }

    /// <summary>The oracle of <see cref="Link"/>: every seed of the MaxGap + MaxSkew rows above a seed tested in turn.</summary>
    /// <param name="seedI">The seeds' A positions, ascending.</param>
    /// <param name="seedJ">Their B positions, ascending within a row.</param>
    /// <param name="seeds">The seeds (for their scores).</param>
    /// <param name="best">Receives each seed's best chain score.</param>
    /// <param name="prev">Receives each seed's predecessor.</param>
    internal static void LinkScalar(ReadOnlySpan<int> seedI, ReadOnlySpan<int> seedJ, ReadOnlySpan<Seed> seeds, Span<int> best, Span<int> prev)
    {
        // Predecessors of seed t lie in the rows (A positions) it - MaxGap - MaxSkew to it - 1: from windowStart up to
        // rowStart, the first seed of t's own row, so 1 <= di <= MaxGap + MaxSkew holds without a test.
        int windowStart = 0, rowStart = 0;
        for (int t = 0; t < seedI.Length; t++)
        {
            int it = seedI[t], jt = seedJ[t];
            if (it != seedI[rowStart])
            {
                rowStart = t;
            }

            int score = seeds[t].Score;
            int bestT = score;
            int prevT = -1;
            while (seedI[windowStart] < it - SpinAligner.MaxGap - SpinAligner.MaxSkew)
            {
                windowStart++;
            }

            Scan(seedI, seedJ, best, it, jt, score, windowStart, rowStart, ref bestT, ref prevT);
            best[t] = bestT;
            prev[t] = prevT;
        }
    }

    /// <summary>Tests seeds <paramref name="from"/> to <paramref name="to"/> - 1 in turn as predecessors of the seed at
    /// (<paramref name="it"/>, <paramref name="jt"/>), keeping the best chain score in <paramref name="bestT"/> and its
    /// seed in <paramref name="prevT"/>; ties keep the first (lowest) predecessor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scan(ReadOnlySpan<int> seedI, ReadOnlySpan<int> seedJ, ReadOnlySpan<int> best, int it, int jt, int score, int from, int to, ref int bestT, ref int prevT)
    {
        // Unsigned compares fold 1 <= dj <= MaxGap and |di - dj| <= MaxSkew.
        for (int s = from; s < to; s++)
        {
            int di = it - seedI[s], dj = jt - seedJ[s];
            if ((uint)(dj - 1) >= SpinAligner.MaxGap || (uint)(di - dj + SpinAligner.MaxSkew) > 2 * SpinAligner.MaxSkew)
            {
                continue;
            }

            int extended = best[s] + score - GapPenalty * (Math.Max(di, dj) - 1);
            if (extended > bestT)
            {
                bestT = extended;
                prevT = s;
            }
        }
    }

    /// <summary>Writes the seed indexes into <paramref name="order"/> by chain score, highest first, equal scores by
    /// index: a stable least-significant-digit radix sort of the indexes on the score, 8 bits a pass (two passes for
    /// scores up to 65,535 apart), instead of a comparison sort's log₂ n mispredicted levels. When the scores lie fewer
    /// apart than there are seeds (most pairs that are no copy: short chains only), one stable counting pass over
    /// every score instead, counted in <paramref name="scratch"/>: the same order.</summary>
    /// <param name="best">Each seed's best chain score.</param>
    /// <param name="order">Receives the indexes; as long as <paramref name="best"/>.</param>
    /// <param name="scratch">Scratch as long as <paramref name="best"/>.</param>
    public static void RankByScore(ReadOnlySpan<int> best, Span<int> order, Span<int> scratch)
    {
        if (best.IsEmpty)
        {
            return;
        }

        int max = int.MinValue, min = int.MaxValue;
        foreach (int b in best)
        {
            max = Math.Max(max, b);
            min = Math.Min(min, b);
        }

        if ((long)max - min < best.Length)
        {
            // The key max - score is 0 for the best chain: ascending keys are descending scores, equal keys by index.
            Span<int> perKey = scratch[..(max - min + 1)];
            perKey.Clear();
            foreach (int b in best)
            {
                perKey[max - b]++;
            }

            Offsets.FromCounts(perKey);
            for (int i = 0; i < best.Length; i++)
            {
                order[perKey[max - best[i]]++] = i;
            }

            return;
        }

        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // The key max - score is 0 for the best chain: ascending keys are descending scores.
        Span<int> counts = stackalloc int[256];
        for (int shift = 0; shift < 32 && (uint)(max - min) >> shift != 0; shift += 8)
        {
            counts.Clear();
            foreach (int index in order)
            {
                counts[((max - best[index]) >> shift) & 0xFF]++;
            }

            Offsets.FromCounts(counts);
            foreach (int index in order)
            {
                scratch[counts[((max - best[index]) >> shift) & 0xFF]++] = index;
            }

            scratch.CopyTo(order);
        }
    }

    /// <summary>Whether more than half of [start, end] lies inside one kept chain's span of A (or of B).</summary>
    private static bool Overlaps(Seed[] chained, int[] bounds, int chains, int start, int end, bool inB)
    {
        for (int c = 0; c < chains; c++)
        {
            Seed first = chained[bounds[2 * c]], last = chained[bounds[2 * c] + bounds[2 * c + 1] - 1];
            int s = inB ? first.J : first.I, e = inB ? last.J : last.I;
            int overlap = Math.Min(e, end) - Math.Max(s, start) + 1;
            if (overlap > (end - start + 1) / 2)
            {
                return true;
            }
        }

        return false;
    }
}
