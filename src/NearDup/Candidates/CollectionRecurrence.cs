using System;
using System.Buffers;
using System.Collections.Generic;
using NearDup.Analysis;
using NearDup.Internal;
using NearDup.Sketches;
using NearDup.Verification;

namespace NearDup.Candidates;

/// <summary>
/// Weighs a pair's text by how many other documents of the collection hold it, from the word-passage fingerprints the
/// candidate index keeps: every shingle position takes the weight of the fingerprint its winnowing window picks, 1 /
/// (1 + n) for n documents besides the pair.
/// </summary>
/// <remarks>
/// <para>
/// Text that only the pair holds weighs 1, so a pair from a collection of two is verified as without a collection. A
/// mailing-list footer, a signature or a licence that thirty documents carry weighs 1/29 in each of them: it can no
/// longer make two documents copies by itself, while the same text as the whole of two documents (a campaign mailed
/// twice) still does, since coverage is a share of each document's own weight. No count is a cut-off: the weight falls
/// smoothly as the collection gains holders.
/// </para>
/// <para>Thread safety: safe for concurrent use if <c>holders</c> is.</para>
/// </remarks>
/// <param name="holders">Counts, for a batch of fingerprints, how many documents of the collection hold each (one call per
/// pair, so a remote collection answers in one round trip).</param>
/// <param name="analysis">How the collection's documents were analysed: the winnowing windows its word-passage and
/// spin-skeleton fingerprints were picked with, its function words and skeleton gram size.</param>
/// <param name="aHeld">Whether document A is one of the collection's documents (then it counts among the holders of its
/// own fingerprints, and is not another holder).</param>
/// <param name="bHeld">Whether document B is.</param>
internal sealed class CollectionRecurrence(HolderCounter holders, AnalysisOptions analysis, bool aHeld, bool bHeld) : IRecurrence
{
    private readonly int window = analysis.WinnowingWindow;

    /// <inheritdoc/>
    public double SkeletonWeight(IVerifiableDocument a, IVerifiableDocument b)
    {
        HashSet<ulong> ofA = [.. SkeletonFingerprints(a)];
        var shared = new List<ulong>();
        foreach (ulong f in SkeletonFingerprints(b))
        {
            if (ofA.Remove(f))
            {
                shared.Add(f);
            }
        }

        if (shared.Count == 0)
        {
            return 1;
        }

        int[] counts = new int[shared.Count];
        holders(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shared), counts, skeleton: true);
        double sum = 0;
        foreach (int held in counts)
        {
            int others = held - (aHeld ? 1 : 0) - (bHeld ? 1 : 0);
            sum += 1.0 / (1 + Math.Max(0, others));
        }

        return sum / shared.Count;
    }

    /// <summary>A document's winnowed spin-skeleton fingerprints: an analysed document's own, or made again from the
    /// text as analysis makes them.</summary>
    private IReadOnlyList<ulong> SkeletonFingerprints(IVerifiableDocument document) =>
        document is AnalyzedDocument analysed ? analysed.SpinFingerprints : DocumentAnalyzer.SkeletonFingerprints(document.Text, analysis);

    /// <inheritdoc/>
    public void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB)
    {
        ReadOnlySpan<ulong> sa = a.Shingles, sb = b.Shingles;
        int[] picksA = ArrayPool<int>.Shared.Rent(Math.Max(1, sa.Length));
        int[] picksB = ArrayPool<int>.Shared.Rent(Math.Max(1, sb.Length));
        HashSet<ulong> pickedA = ThreadScratch<HashSet<ulong>>.Take();
        HashSet<ulong> pickedB = new();
        try
        {
            pickedA.Clear();
            int windowsA = Picks(sa, picksA, pickedA);
            int windowsB = Picks(sb, picksB, pickedB);

            // One count per distinct fingerprint of either document, asked for in one batch.
            var distinct = new List<ulong>(pickedA.Count + pickedB.Count);
            distinct.AddRange(pickedA);
            foreach (ulong f in pickedB)
            {
                if (!pickedA.Contains(f))
                {
                    distinct.Add(f);
                }
            }

            int[] counts = ArrayPool<int>.Shared.Rent(Math.Max(1, distinct.Count));
            try
            {
                holders(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(distinct), counts.AsSpan(0, distinct.Count), skeleton: false);
                var held = new Dictionary<ulong, int>(distinct.Count);
                for (int i = 0; i < distinct.Count; i++)
                {
                    held[distinct[i]] = counts[i];
                }

                Fill(sa, picksA, windowsA, aHeld, bHeld, pickedB, held, weightsA);
                Fill(sb, picksB, windowsB, bHeld, aHeld, pickedA, held, weightsB);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(counts);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(picksA);
            ArrayPool<int>.Shared.Return(picksB);
            ThreadScratch<HashSet<ulong>>.Return(pickedA, keep: pickedA.Count <= 16_384);
        }
    }

    private int Picks(ReadOnlySpan<ulong> shingles, int[] picks, HashSet<ulong> picked)
    {
        if (shingles.IsEmpty)
        {
            return 0;
        }

        int windows = Winnowing.PickPerWindow(shingles, window, picks);
        for (int w = 0; w < windows; w++)
        {
            picked.Add(shingles[picks[w]]);
        }

        return windows;
    }

    /// <summary>Weighs one document's shingle positions: each takes its window's weight (the last window's past it).</summary>
    private static void Fill(ReadOnlySpan<ulong> shingles, int[] picks, int windows, bool held, bool otherHeld, HashSet<ulong> otherPicked, Dictionary<ulong, int> holders, Span<double> weights)
    {
        double weight = 1;
        for (int p = 0; p < shingles.Length; p++)
        {
            if (p < windows)
            {
                ulong f = shingles[picks[p]];
                int others = holders[f] - (held ? 1 : 0) - (otherHeld && otherPicked.Contains(f) ? 1 : 0);
                weight = 1.0 / (1 + Math.Max(0, others));
            }

            weights[p] = weight;
        }
    }
}
