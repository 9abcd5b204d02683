using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using NearDup.Analysis;
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
/// <para>
/// A document's picks and their holder counts do not depend on the other document of a pair: they are computed once per
/// document and kept, weakly, as long as the document and this object live (a scan makes one object for all its pairs,
/// an index query one per query), so a pair costs one merge of two sorted lists besides the weights themselves. The
/// counts are those of the collection when a document was first weighed.
/// </para>
/// <para>Thread safety: safe for concurrent use if <c>holders</c> is.</para>
/// </remarks>
/// <param name="holders">Counts, for a batch of fingerprints, how many documents of the collection hold each (one call per
/// document weighed, so a remote collection answers in one round trip for each).</param>
/// <param name="analysis">How the collection's documents were analysed: the winnowing windows its word-passage and
/// spin-skeleton fingerprints were picked with, its function words and skeleton gram size.</param>
/// <param name="aHeld">Whether document A is one of the collection's documents (then it counts among the holders of its
/// own fingerprints, and is not another holder).</param>
/// <param name="bHeld">Whether document B is.</param>
/// <param name="countsAreLocal">Whether <paramref name="holders"/> counts in this process, without a round trip to a
/// server (see <see cref="IRecurrence.CountsAreLocal"/>).</param>
internal sealed class CollectionRecurrence(HolderCounter holders, AnalysisOptions analysis, bool aHeld, bool bHeld, bool countsAreLocal = true) : IRecurrence
{
    /// <inheritdoc/>
    public bool CountsAreLocal { get; } = countsAreLocal;

    private readonly int window = analysis.WinnowingWindow;

    /// <summary>Each document's picks and their holder counts, computed once per document while it lives.</summary>
    private readonly ConditionalWeakTable<IVerifiableDocument, Picked> _picked = new();

    private ConditionalWeakTable<IVerifiableDocument, Picked>.CreateValueCallback? _pick;

    /// <summary><see cref="Pick"/> as the table's callback, made once.</summary>
    private ConditionalWeakTable<IVerifiableDocument, Picked>.CreateValueCallback PickCallback => _pick ??= Pick;

    /// <inheritdoc/>
    /// <remarks>The fingerprints shared are B's that A holds, each once, in B's order (the order the weights are summed
    /// in): A's held as a sorted distinct list in pooled arrays, each entry taken when B first meets it. What
    /// <see cref="SkeletonWeightsScalar"/> computes with a set, without allocating but for the holders' answer.</remarks>
    public SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        IReadOnlyList<ulong> ofA = SkeletonFingerprints(a), ofB = SkeletonFingerprints(b);
        ulong[] sortedA = ArrayPool<ulong>.Shared.Rent(Math.Max(1, ofA.Count));
        bool[] taken = ArrayPool<bool>.Shared.Rent(Math.Max(1, ofA.Count));
        ulong[] shared = ArrayPool<ulong>.Shared.Rent(Math.Max(1, Math.Min(ofA.Count, ofB.Count)));
        try
        {
            int distinct = SortedDistinct(ofA, sortedA);
            Span<bool> isTaken = taken.AsSpan(0, distinct);
            isTaken.Clear();
            ReadOnlySpan<ulong> inA = sortedA.AsSpan(0, distinct);
            int count = 0;
            for (int k = 0; k < ofB.Count; k++)
            {
                int at = inA.BinarySearch(ofB[k]);
                if (at >= 0 && !isTaken[at])
                {
                    isTaken[at] = true;
                    shared[count++] = ofB[k];
                }
            }

            return count == 0 ? Verification.SkeletonWeights.Own : Weights(shared.AsSpan(0, count), copies);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(sortedA);
            ArrayPool<bool>.Shared.Return(taken);
            ArrayPool<ulong>.Shared.Return(shared);
        }
    }

    /// <summary>The oracle of <see cref="SkeletonWeights"/>: the shared fingerprints found with a set.</summary>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="copies">As for <see cref="SkeletonWeights"/>.</param>
    /// <returns>The weights.</returns>
    internal SkeletonWeights SkeletonWeightsScalar(IVerifiableDocument a, IVerifiableDocument b, int copies)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        HashSet<ulong> ofA = [.. SkeletonFingerprints(a)];
        var shared = new List<ulong>();
        foreach (ulong f in SkeletonFingerprints(b))
        {
            if (ofA.Remove(f))
            {
                shared.Add(f);
            }
        }

        return shared.Count == 0 ? Verification.SkeletonWeights.Own : Weights(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shared), copies);
    }

    /// <summary>Writes the distinct fingerprints of <paramref name="fingerprints"/> into <paramref name="sorted"/>,
    /// ascending, and returns how many there are.</summary>
    private static int SortedDistinct(IReadOnlyList<ulong> fingerprints, ulong[] sorted)
    {
        for (int k = 0; k < fingerprints.Count; k++)
        {
            sorted[k] = fingerprints[k];
        }

        Span<ulong> all = sorted.AsSpan(0, fingerprints.Count);
        all.Sort();
        int count = all.IsEmpty ? 0 : 1;
        for (int k = 1; k < all.Length; k++)
        {
            if (all[k] != all[count - 1])
            {
                all[count++] = all[k];
            }
        }

        return count;
    }

    /// <summary>The mean and the median of the shared skeleton fingerprints' weights, summed in the order given.</summary>
    private SkeletonWeights Weights(ReadOnlySpan<ulong> shared, int copies)
    {
        int[] counts = new int[shared.Length];
        holders(shared, counts, skeleton: true);
        double[] weights = new double[counts.Length];
        double sum = 0;
        for (int k = 0; k < counts.Length; k++)
        {
            int others = counts[k] - (aHeld ? 1 : 0) - (bHeld ? 1 : 0) - copies;
            weights[k] = 1.0 / (1 + Math.Max(0, others));
            sum += weights[k];
        }

        // The median, the upper one of an even count: a pair whose shared skeleton is half its own is not a template's.
        Array.Sort(weights);
        return new SkeletonWeights(sum / weights.Length, weights[weights.Length / 2]);
    }

    /// <summary>A document's winnowed spin-skeleton fingerprints: an analysed document's own, or made again from the
    /// text as analysis makes them.</summary>
    private IReadOnlyList<ulong> SkeletonFingerprints(IVerifiableDocument document) =>
        document is AnalyzedDocument analysed ? analysed.SpinFingerprints : DocumentAnalyzer.SkeletonFingerprints(document.Text, analysis);

    /// <inheritdoc/>
    public void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB) => WeighPair(a, b, weightsA, weightsB, frame: false);

    /// <inheritdoc/>
    public void WeighFrame(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB) => WeighPair(a, b, weightsA, weightsB, frame: true);

    private void WeighPair(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB, bool frame)
    {
        Picked pa = _picked.GetValue(a, PickCallback), pb = _picked.GetValue(b, PickCallback);

        // Which of each document's picked fingerprints the other picked too: one merge of the two sorted lists.
        bool[] inB = ArrayPool<bool>.Shared.Rent(Math.Max(1, pa.Distinct.Length));
        bool[] inA = ArrayPool<bool>.Shared.Rent(Math.Max(1, pb.Distinct.Length));
        try
        {
            Span<bool> aInB = inB.AsSpan(0, pa.Distinct.Length), bInA = inA.AsSpan(0, pb.Distinct.Length);
            aInB.Clear();
            bInA.Clear();
            // Without a branch on which side steps (a coin toss for hashes): an entry is marked when it meets its equal,
            // and each side steps when its hash is not the larger.
            ReadOnlySpan<ulong> distinctA = pa.Distinct, distinctB = pb.Distinct;
            for (int i = 0, j = 0; i < distinctA.Length && j < distinctB.Length;)
            {
                ulong x = distinctA[i], y = distinctB[j];
                bool equal = x == y;
                aInB[i] |= equal;
                bInA[j] |= equal;
                i += x <= y ? 1 : 0;
                j += y <= x ? 1 : 0;
            }

            Fill(a.Shingles.Length, pa, aHeld, bHeld, aInB, weightsA, frame);
            Fill(b.Shingles.Length, pb, bHeld, aHeld, bInA, weightsB, frame);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(inB);
            ArrayPool<bool>.Shared.Return(inA);
        }
    }

    /// <summary>The oracle of <see cref="Weigh"/>: the same weights computed for the pair alone, nothing kept: each
    /// document's windows picked, the holders of both documents' picked fingerprints counted in one call, and each
    /// position weighed from them.</summary>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="weightsA">Receives A's weights, one per shingle position.</param>
    /// <param name="weightsB">Receives B's.</param>
    /// <param name="frame">Whether to weigh as <see cref="WeighFrame"/> does.</param>
    internal void WeighDirect(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB, bool frame = false)
    {
        ulong[] pickedA = PickedFingerprints(a.Shingles), pickedB = PickedFingerprints(b.Shingles);
        var setA = new HashSet<ulong>(pickedA);
        var setB = new HashSet<ulong>(pickedB);
        ulong[] union = [.. setA.Union(setB)];
        int[] counts = new int[union.Length];
        holders(union, counts, skeleton: false);
        var held = new Dictionary<ulong, int>();
        for (int i = 0; i < union.Length; i++)
        {
            held[union[i]] = counts[i];
        }

        FillDirect(pickedA, aHeld, bHeld, setB, weightsA[..a.Shingles.Length]);
        FillDirect(pickedB, bHeld, aHeld, setA, weightsB[..b.Shingles.Length]);

        ulong[] PickedFingerprints(ReadOnlySpan<ulong> shingles)
        {
            if (shingles.IsEmpty)
            {
                return [];
            }

            int[] picks = new int[shingles.Length];
            int windows = Winnowing.PickPerWindow(shingles, window, picks);
            ulong[] picked = new ulong[windows];
            for (int w = 0; w < windows; w++)
            {
                picked[w] = shingles[picks[w]];
            }

            return picked;
        }

        void FillDirect(ulong[] picked, bool isHeld, bool otherHeld, HashSet<ulong> otherPicked, Span<double> weights)
        {
            double WindowWeight(int w)
            {
                int others = held[picked[w]] - (isHeld ? 1 : 0) - (otherHeld && otherPicked.Contains(picked[w]) ? 1 : 0);
                return 1.0 / (1 + Math.Max(0, others));
            }

            for (int p = 0; p < weights.Length; p++)
            {
                if (picked.Length == 0)
                {
                    weights[p] = 1;
                    continue;
                }

                int own = Math.Min(p, picked.Length - 1);
                double weight = WindowWeight(own);
                if (frame)
                {
                    for (int w = Math.Max(0, own - window); w <= Math.Min(picked.Length - 1, own + window); w++)
                    {
                        if (otherPicked.Contains(picked[w]))
                        {
                            weight = Math.Min(weight, WindowWeight(w));
                        }
                    }
                }

                weights[p] = weight;
            }
        }
    }

    /// <summary>What a document's weights are made of, whatever the other document of the pair: the fingerprint each
    /// window picks, as an entry of the document's distinct picked fingerprints (ascending), and how many documents of the
    /// collection hold each. Computed once per document (a document of a scan meets about four others) and kept while the
    /// document lives.</summary>
    private sealed class Picked(int windows, ulong[] distinct, int[] holders, int[] windowEntry)
    {
        public int Windows { get; } = windows;

        public ulong[] Distinct { get; } = distinct;

        public int[] Holders { get; } = holders;

        public int[] WindowEntry { get; } = windowEntry;
    }

    private Picked Pick(IVerifiableDocument document)
    {
        ReadOnlySpan<ulong> shingles = document.Shingles;
        if (shingles.IsEmpty)
        {
            return new Picked(0, [], [], []);
        }

        int[] picks = ArrayPool<int>.Shared.Rent(shingles.Length);
        ulong[] sorted = ArrayPool<ulong>.Shared.Rent(shingles.Length);
        try
        {
            // Each window's pick sorted with its window (picks are positions, reused as the windows' numbers), so each
            // window learns its entry among the distinct fingerprints as they are counted, without a search per window.
            int windows = Winnowing.PickPerWindow(shingles, window, picks);
            Span<ulong> keys = sorted.AsSpan(0, windows);
            Span<int> windowOf = picks.AsSpan(0, windows);
            for (int w = 0; w < windows; w++)
            {
                keys[w] = shingles[windowOf[w]];
                windowOf[w] = w;
            }

            keys.Sort(windowOf);
            int[] entries = new int[windows];
            int count = 0;
            ulong previous = 0;
            for (int k = 0; k < windows; k++)
            {
                if (k == 0 || keys[k] != previous)
                {
                    previous = keys[k];
                    keys[count++] = previous;
                }

                entries[windowOf[k]] = count - 1;
            }

            ulong[] distinct = keys[..count].ToArray();
            int[] held = new int[count];
            holders(distinct, held, skeleton: false);
            return new Picked(windows, distinct, held, entries);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(picks);
            ArrayPool<ulong>.Shared.Return(sorted);
        }
    }

    /// <summary>Weighs one document's shingle positions: each takes its window's weight (the last window's past it); for
    /// a frame (see <see cref="WeighFrame"/>), the least of that and the weights of the windows at most a window away
    /// whose picks both documents picked.</summary>
    /// <remarks>Consecutive windows mostly pick the same fingerprint, so a weight is worked out once for each run of
    /// windows that pick one entry (the same expression, so the same bits).</remarks>
    private void Fill(int positions, Picked picked, bool held, bool otherHeld, ReadOnlySpan<bool> otherPicked, Span<double> weights, bool frame)
    {
        double weight = 1;
        int last = -1;
        ReadOnlySpan<int> windowEntry = picked.WindowEntry, holders = picked.Holders;
        for (int p = 0; p < positions; p++)
        {
            if (p < picked.Windows && windowEntry[p] != last)
            {
                int entry = last = windowEntry[p];
                int others = holders[entry] - (held ? 1 : 0) - (otherHeld && otherPicked[entry] ? 1 : 0);
                weight = 1.0 / (1 + Math.Max(0, others));
            }

            weights[p] = weight;
        }

        if (!frame || picked.Windows == 0)
        {
            return;
        }

        // The windows' weights as filled above (window w's is position w's), where both picked the window's fingerprint;
        // 1, which no minimum takes, where not.
        int windows = picked.Windows;
        double[] rented = ArrayPool<double>.Shared.Rent(windows);
        try
        {
            Span<double> shared = rented.AsSpan(0, windows);
            for (int w = 0; w < windows; w++)
            {
                shared[w] = otherPicked[windowEntry[w]] ? weights[w] : 1;
            }

            for (int p = 0; p < positions; p++)
            {
                int own = Math.Min(p, windows - 1);
                double least = weights[p];
                int end = Math.Min(windows - 1, own + window);
                for (int w = Math.Max(0, own - window); w <= end; w++)
                {
                    least = Math.Min(least, shared[w]);
                }

                weights[p] = least;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}
