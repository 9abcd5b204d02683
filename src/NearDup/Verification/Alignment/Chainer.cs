using System;
using System.Buffers;
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

            // Predecessors of seed t lie in the rows (A positions) it - MaxGap - MaxSkew to it - 1: from windowStart up
            // to rowStart, the first seed of t's own row, so 1 <= di <= MaxGap + MaxSkew holds without a test.
            int windowStart = 0, rowStart = 0;
            for (int t = 0; t < n; t++)
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

                // The running best stays in a local and ties keep the first (lowest) predecessor. Unsigned compares
                // fold 1 <= dj <= MaxGap and |di - dj| <= MaxSkew.
                for (int s = windowStart; s < rowStart; s++)
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

                best[t] = bestT;
                prev[t] = prevT;
            }

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

                int length = 0;
                for (int t = end; t >= 0 && !isUsed[t]; t = prev[t])
                {
                    isUsed[t] = true;
                    chained[written + length++] = seeds[t];
                }

                Span<Seed> chain = chained.AsSpan(written, length);
                chain.Reverse();
                if (chain.Length < minPassageSeeds || chain[^1].I - chain[0].I + 1 < minPassageTokens)
                {
                    continue;
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

    /// <summary>Writes the seed indexes into <paramref name="order"/> by chain score, highest first, equal scores by
    /// index: a stable least-significant-digit radix sort of the indexes on the score, 8 bits a pass (two passes for
    /// scores up to 65,535 apart), instead of a comparison sort's log₂ n mispredicted levels.</summary>
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
