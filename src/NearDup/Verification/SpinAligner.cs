using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using NearDup.Internal;
using NearDup.Text;
using NearDup.Verification.Alignment;

namespace NearDup.Verification;

/// <summary>Aligns two documents word by word to find passages copied in order with words replaced.</summary>
/// <remarks>
/// <para>
/// The alignment is built the way sequence aligners in biology are (seed, chain, fill). Seeds are positions where both
/// documents have the same token: any word other than a function word, or a function word whose neighbour matches too
/// (a lone "the" matches everywhere and anchors nothing). Words occurring very often in B are not seeds. Seeds are
/// chained by dynamic programming into order-preserving chains in which consecutive seeds are at most
/// <see cref="MaxGap"/> tokens apart in both documents and their offsets differ by at most <see cref="MaxSkew"/>
/// tokens, so that a replaced phrase may be longer or shorter than the original. Chains are taken best first, so
/// passages may stand anywhere and in any order in either document (reordered paragraphs, an excerpt inside another
/// text, site chrome around a copy). Between consecutive seeds a small longest-common-subsequence alignment matches the
/// remaining equal tokens; what is left over are substitutions (A words replaced by B words), insertions and
/// deletions.
/// </para>
/// <para>
/// A substitution of one word by one word whose spellings are one or two edits apart (Damerau–Levenshtein) is a
/// spelling edit, not a replacement: a typo is not spinning.
/// </para>
/// <para>Cost: about O(s·g) for s seeds and gap g, typically well under a millisecond for two 3 KB documents.
/// Thread safety: immutable, safe for concurrent use.</para>
/// </remarks>
public sealed class SpinAligner
{
    /// <summary>Largest distance, in tokens, between consecutive seeds of a chain.</summary>
    public const int MaxGap = 10;

    /// <summary>Largest difference between the two documents' distances across one gap.</summary>
    public const int MaxSkew = 4;

    /// <summary>Longest run of unmatched tokens, on either side, that counts as one replacement; a longer run cuts the passage.</summary>
    /// <remarks>Spinners replace a word or a short phrase ("people dead" → "population lifeless"); eleven unrelated words
    /// between two shared names are not a replacement but two texts that happen to mention the same things.</remarks>
    public const int MaxReplacement = 5;

    /// <summary>Tokens occurring more often than this in B are not seeds.</summary>
    public const int MaxOccurrences = 48;

    /// <summary>Creates an aligner.</summary>
    /// <param name="functionWords">Function words of the documents' language; null for English.</param>
    /// <param name="minPassageTokens">Least number of A tokens a passage must span. Default 12.</param>
    /// <param name="minPassageSeeds">Least number of seeds a passage must have. Default 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A minimum is less than 1.</exception>
    public SpinAligner(FunctionWords? functionWords = null, int minPassageTokens = 12, int minPassageSeeds = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minPassageTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPassageSeeds, 1);
        FunctionWords = functionWords ?? FunctionWords.English;
        MinPassageTokens = minPassageTokens;
        MinPassageSeeds = minPassageSeeds;
    }

    /// <summary>The function words.</summary>
    public FunctionWords FunctionWords { get; }

    /// <summary>Least number of A tokens a passage spans.</summary>
    public int MinPassageTokens { get; }

    /// <summary>Least number of seeds a passage has.</summary>
    public int MinPassageSeeds { get; }

    /// <summary>Aligns two documents.</summary>
    /// <param name="a">Document A (by convention the original).</param>
    /// <param name="b">Document B.</param>
    /// <returns>The alignment (possibly with no passage).</returns>
    public SpinAlignment Align(IVerifiableDocument a, IVerifiableDocument b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;

        // Every candidate pair is aligned (a spun one twice), so all scratch is pooled: seeds, the chain scores and the
        // chains themselves live in rented arrays, and only the alignment returned is allocated.
        Seed[] seeds = ArrayPool<Seed>.Shared.Rent(Math.Max(64, 2 * ta.Length));
        Seed[]? chained = null;
        int[]? chainBounds = null;

        // Which A tokens are function words, looked up once: seeding, match counting and the totals all ask.
        bool[] functionA = ArrayPool<bool>.Shared.Rent(Math.Max(1, ta.Length));
        for (int i = 0; i < ta.Length; i++)
        {
            functionA[i] = FunctionWords.Contains(ta[i].Hash);
        }

        var builder = new AlignmentBuilder(a, b, this, functionA);
        try
        {
            int n = SeedTable.FindSeeds(ta, tb, functionA, ref seeds);
            chained = ArrayPool<Seed>.Shared.Rent(Math.Max(1, n));
            chainBounds = ArrayPool<int>.Shared.Rent(Math.Max(2, 2 * (n / MinPassageSeeds + 1)));
            int chains = Chainer.Chain(seeds.AsSpan(0, n), chained, chainBounds, MinPassageSeeds, MinPassageTokens);
            for (int c = 0; c < chains; c++)
            {
                builder.AddPassage(chained.AsSpan(chainBounds[2 * c], chainBounds[2 * c + 1]));
            }

            return builder.Build();
        }
        finally
        {
            builder.Release();
            ArrayPool<bool>.Shared.Return(functionA);
            ArrayPool<Seed>.Shared.Return(seeds);
            if (chained is not null)
            {
                ArrayPool<Seed>.Shared.Return(chained);
            }

            if (chainBounds is not null)
            {
                ArrayPool<int>.Shared.Return(chainBounds);
            }
        }
    }

    /// <summary>Accumulates passages, fills the gaps between seeds, and collects substitutions.</summary>
    private sealed class AlignmentBuilder(IVerifiableDocument a, IVerifiableDocument b, SpinAligner aligner, bool[] functionA)
    {
        private readonly List<AlignedPassage> _passages = new();
        private readonly List<(int I0, int I1, int J0, int J1)> _spans = new();
        private readonly Dictionary<(string, string), (int Count, bool Edit, int First)> _subs = new();
        private readonly List<AlignmentEdit> _edits = new();
        private readonly int _lengthA = a.ContentTokens.Length, _lengthB = b.ContentTokens.Length;
        private bool[] _coveredA = RentCleared(a.ContentTokens.Length);
        private bool[] _coveredB = RentCleared(b.ContentTokens.Length);
        private GapOp[] _ops = ArrayPool<GapOp>.Shared.Rent(256);
        private int[] _gapStart = ArrayPool<int>.Shared.Rent(64);
        private int _opCount;
        private int _matched, _matchedContent, _substituted, _edited, _inserted, _deleted, _order;

        /// <summary>One step of a filled gap: a matched token pair (Length 0 runs) or an unmatched run.</summary>
        private readonly record struct GapOp(int I, int LenA, int J, int LenB, bool IsMatch);

        private static bool[] RentCleared(int length)
        {
            bool[] flags = ArrayPool<bool>.Shared.Rent(length);
            flags.AsSpan(0, length).Clear();
            return flags;
        }

        /// <summary>Returns the pooled scratch; the builder is not used afterwards.</summary>
        public void Release()
        {
            ArrayPool<bool>.Shared.Return(_coveredA);
            ArrayPool<bool>.Shared.Return(_coveredB);
            ArrayPool<GapOp>.Shared.Return(_ops);
            ArrayPool<int>.Shared.Return(_gapStart);
            _coveredA = _coveredB = [];
            _ops = [];
            _gapStart = [];
        }

        public void AddPassage(ReadOnlySpan<Seed> chain)
        {
            // Fill every gap first; a gap holding an unmatched run longer than MaxReplacement is not a replacement but
            // unrelated text between two chance matches, so the chain is cut there. The gaps' steps go one after the
            // other into one pooled buffer; gap k holds steps [_gapStart[k], _gapStart[k + 1]).
            if (_gapStart.Length < chain.Length + 1)
            {
                ArrayPool<int>.Shared.Return(_gapStart);
                _gapStart = ArrayPool<int>.Shared.Rent(chain.Length + 1);
            }

            _opCount = 0;
            int segmentStart = 0;
            for (int k = 0; k < chain.Length; k++)
            {
                bool cut = false;
                _gapStart[k] = _opCount;
                if (k + 1 < chain.Length)
                {
                    FillGap(chain[k].I + 1, chain[k + 1].I, chain[k].J + 1, chain[k + 1].J);
                    for (int o = _gapStart[k]; o < _opCount; o++)
                    {
                        GapOp op = _ops[o];
                        cut |= !op.IsMatch && Math.Max(op.LenA, op.LenB) > MaxReplacement;
                    }
                }

                _gapStart[k + 1] = _opCount;
                if (cut || k + 1 == chain.Length)
                {
                    Commit(chain, segmentStart, k);
                    segmentStart = k + 1;
                }
            }
        }

        private void Commit(ReadOnlySpan<Seed> chain, int first, int last)
        {
            int i0 = chain[first].I, i1 = chain[last].I, j0 = chain[first].J, j1 = chain[last].J;
            if (last - first + 1 < aligner.MinPassageSeeds || i1 - i0 + 1 < aligner.MinPassageTokens)
            {
                return;
            }

            ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;
            for (int k = first; k <= last; k++)
            {
                CountMatch(chain[k].I);
                if (k < last)
                {
                    for (int o = _gapStart[k]; o < _gapStart[k + 1]; o++)
                    {
                        GapOp op = _ops[o];
                        if (op.IsMatch)
                        {
                            CountMatch(op.I);
                        }
                        else
                        {
                            Flush(op.I, op.LenA, op.J, op.LenB);
                        }
                    }
                }
            }

            _coveredA.AsSpan(i0, i1 - i0 + 1).Fill(true);
            _coveredB.AsSpan(j0, j1 - j0 + 1).Fill(true);
            _passages.Add(new AlignedPassage(ta[i0].Start, ta[i1].End, tb[j0].Start, tb[j1].End, i1 - i0 + 1, j1 - j0 + 1));
            _spans.Add((i0, i1, j0, j1));
        }

        /// <summary>
        /// The heaviest chain of passages that runs forward in both documents: the A and B tokens it covers, and how densely
        /// it fills the stretch of each document from its first passage to its last.
        /// </summary>
        private (int A, int B, double DensityA, double DensityB) OrderedChain()
        {
            var spans = new List<(int I0, int I1, int J0, int J1)>(_spans);
            if (spans.Count == 0)
            {
                return (0, 0, 0, 0);
            }

            spans.Sort((x, y) => x.I0.CompareTo(y.I0));
            var bestA = new int[spans.Count];
            var bestB = new int[spans.Count];
            var first = new int[spans.Count];
            int top = 0;
            for (int p = 0; p < spans.Count; p++)
            {
                int ownA = spans[p].I1 - spans[p].I0 + 1, ownB = spans[p].J1 - spans[p].J0 + 1;
                bestA[p] = ownA;
                bestB[p] = ownB;
                first[p] = p;
                for (int q = 0; q < p; q++)
                {
                    if (spans[q].I1 < spans[p].I0 && spans[q].J1 < spans[p].J0 && bestA[q] + ownA > bestA[p])
                    {
                        bestA[p] = bestA[q] + ownA;
                        bestB[p] = bestB[q] + ownB;
                        first[p] = first[q];
                    }
                }

                if (bestA[p] > bestA[top])
                {
                    top = p;
                }
            }

            var (i0, _, j0, _) = spans[first[top]];
            var (_, i1, _, j1) = spans[top];
            return (bestA[top], bestB[top], (double)bestA[top] / (i1 - i0 + 1), (double)bestB[top] / (j1 - j0 + 1));
        }

        private void CountMatch(int i)
        {
            _matched++;
            if (!functionA[i])
            {
                _matchedContent++;
            }
        }

        public SpinAlignment Build()
        {
            int alignedA = Count(_coveredA.AsSpan(0, _lengthA)), alignedB = Count(_coveredB.AsSpan(0, _lengthB));
            int alignedContentA = 0;
            for (int i = 0; i < _lengthA; i++)
            {
                if (_coveredA[i] && !functionA[i])
                {
                    alignedContentA++;
                }
            }

            _passages.Sort((x, y) => y.ATokens.CompareTo(x.ATokens));
            var subs = new List<(Substitution S, int First)>(_subs.Count);
            foreach (var ((from, to), (count, edit, first)) in _subs)
            {
                subs.Add((new Substitution(from, to, count, edit), first));
            }

            subs.Sort((x, y) => x.S.Count != y.S.Count ? y.S.Count.CompareTo(x.S.Count) : x.First.CompareTo(y.First));
            var list = new List<Substitution>(subs.Count);
            foreach (var (s, _) in subs)
            {
                list.Add(s);
            }

            _edits.Sort((x, y) => x.AStart != y.AStart ? x.AStart.CompareTo(y.AStart) : x.BStart.CompareTo(y.BStart));
            var (orderedA, orderedB, densityA, densityB) = OrderedChain();
            return new SpinAlignment(
                _passages,
                list,
                _edits,
                _lengthA == 0 ? 0 : (double)alignedA / _lengthA,
                _lengthB == 0 ? 0 : (double)alignedB / _lengthB,
                alignedA,
                _matched,
                _substituted,
                _edited,
                _inserted,
                _deleted,
                alignedContentA,
                _matchedContent,
                _lengthA == 0 ? 0 : (double)orderedA / _lengthA,
                _lengthB == 0 ? 0 : (double)orderedB / _lengthB,
                Math.Min(densityA, densityB));
        }

        private static int Count(ReadOnlySpan<bool> flags)
        {
            int n = 0;
            foreach (bool f in flags)
            {
                n += f ? 1 : 0;
            }

            return n;
        }

        /// <summary>
        /// LCS of A[ia..ib) and B[ja..jb): appends the matched pairs and the unmatched runs between them, in order, to
        /// the step buffer.
        /// </summary>
        private void FillGap(int ia, int ib, int ja, int jb)
        {
            ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;
            int n = ib - ia, m = jb - ja;
            if (n == 0 && m == 0)
            {
                return;
            }

            // At most one step per token on either side plus a closing run.
            while (_ops.Length < _opCount + n + m + 1)
            {
                RentedArrays.Grow(ref _ops, _opCount);
            }

            Span<int> table = stackalloc int[(MaxGap + MaxSkew + 1) * (MaxGap + 1)];
            int width = m + 1;
            table[..((n + 1) * width)].Clear();
            for (int x = n - 1; x >= 0; x--)
            {
                for (int y = m - 1; y >= 0; y--)
                {
                    table[x * width + y] = ta[ia + x].Hash == tb[ja + y].Hash
                        ? table[(x + 1) * width + y + 1] + 1
                        : Math.Max(table[(x + 1) * width + y], table[x * width + y + 1]);
                }
            }

            int px = 0, py = 0, runA = 0, runB = 0;
            while (px < n || py < m)
            {
                if (px < n && py < m && ta[ia + px].Hash == tb[ja + py].Hash && table[px * width + py] == table[(px + 1) * width + py + 1] + 1)
                {
                    AddRun(ia + px - runA, runA, ja + py - runB, runB);
                    runA = runB = 0;
                    _ops[_opCount++] = new GapOp(ia + px, 0, ja + py, 0, true);
                    px++;
                    py++;
                }
                else if (py < m && (px == n || table[px * width + py + 1] >= table[(px + 1) * width + py]))
                {
                    runB++;
                    py++;
                }
                else
                {
                    runA++;
                    px++;
                }
            }

            AddRun(ia + n - runA, runA, ja + m - runB, runB);
        }

        private void AddRun(int i, int lenA, int j, int lenB)
        {
            if (lenA > 0 || lenB > 0)
            {
                _ops[_opCount++] = new GapOp(i, lenA, j, lenB, false);
            }
        }

        private void Flush(int i, int lenA, int j, int lenB)
        {
            if (lenA == 0 && lenB == 0)
            {
                return;
            }

            ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;
            int aStart = lenA > 0 ? ta[i].Start : (i > 0 ? ta[i - 1].End : 0);
            int aEnd = lenA > 0 ? ta[i + lenA - 1].End : aStart;
            int bStart = lenB > 0 ? tb[j].Start : (j > 0 ? tb[j - 1].End : 0);
            int bEnd = lenB > 0 ? tb[j + lenB - 1].End : bStart;
            if (lenA == 0)
            {
                _inserted += lenB;
                _edits.Add(new AlignmentEdit(EditKind.Insertion, aStart, aEnd, bStart, bEnd));
                return;
            }

            if (lenB == 0)
            {
                _deleted += lenA;
                _edits.Add(new AlignmentEdit(EditKind.Deletion, aStart, aEnd, bStart, bEnd));
                return;
            }

            string from = Words(a.Text, a.ContentTokens.Slice(i, lenA));
            string to = Words(b.Text, b.ContentTokens.Slice(j, lenB));
            bool edit = lenA == 1 && lenB == 1 && SpellingEdits.IsSpellingEdit(from, to);
            _edits.Add(new AlignmentEdit(edit ? EditKind.SpellingEdit : EditKind.Substitution, aStart, aEnd, bStart, bEnd));
            if (edit)
            {
                _edited += lenA;
            }
            else
            {
                _substituted += lenA;
            }

            var key = (from, to);
            _subs[key] = _subs.TryGetValue(key, out var old) ? (old.Count + 1, old.Edit, old.First) : (1, edit, _order++);
        }

        private static string Words(string text, ReadOnlySpan<Token> tokens)
        {
            if (tokens.Length == 1)
            {
                return Tokenizer.NormalizedForm(text, tokens[0]);
            }

            var parts = new string[tokens.Length];
            for (int k = 0; k < tokens.Length; k++)
            {
                parts[k] = Tokenizer.NormalizedForm(text, tokens[k]);
            }

            return string.Join(' ', parts);
        }
    }
}
