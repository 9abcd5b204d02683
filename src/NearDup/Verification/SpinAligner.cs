using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NearDup.Text;

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

    private const double FunctionSeedWeight = 0.5;
    private const double GapPenalty = 0.08;

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
        List<Seed> seeds = FindSeeds(ta, tb);
        List<List<Seed>> chains = Chain(seeds);
        var builder = new AlignmentBuilder(a, b, this);
        foreach (List<Seed> chain in chains)
        {
            builder.AddPassage(chain);
        }

        return builder.Build();
    }

    private readonly record struct Seed(int I, int J, double Weight);

    private List<Seed> FindSeeds(ReadOnlySpan<Token> ta, ReadOnlySpan<Token> tb)
    {
        // B's positions per token hash, as runs in one flat array (a counting sort by slot) rather than a List per
        // distinct token: the same positions in the same ascending order, without an allocation per distinct token.
        // Every candidate pair is aligned, so this runs hundreds of thousands of times per scan.
        var slots = new Dictionary<ulong, int>(tb.Length);
        int[] rented = ArrayPool<int>.Shared.Rent(3 * tb.Length + 1);
        Span<int> slotOf = rented.AsSpan(0, tb.Length);
        Span<int> start = rented.AsSpan(tb.Length, tb.Length + 1);
        Span<int> positions = rented.AsSpan(2 * tb.Length + 1, tb.Length);
        try
        {
            int slotCount = 0;
            start.Clear();
            for (int j = 0; j < tb.Length; j++)
            {
                ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, tb[j].Hash, out bool exists);
                if (!exists)
                {
                    slot = slotCount++;
                }

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

            var seeds = new List<Seed>();
            for (int i = 0; i < ta.Length; i++)
            {
                ulong h = ta[i].Hash;
                if (!slots.TryGetValue(h, out int slot))
                {
                    continue;
                }

                int from = slot == 0 ? 0 : start[slot - 1], to = start[slot];
                if (to - from > MaxOccurrences)
                {
                    continue;
                }

                bool function = FunctionWords.Contains(h);
                foreach (int j in positions[from..to])
                {
                    if (function)
                    {
                        bool next = i + 1 < ta.Length && j + 1 < tb.Length && ta[i + 1].Hash == tb[j + 1].Hash;
                        bool prev = i > 0 && j > 0 && ta[i - 1].Hash == tb[j - 1].Hash;
                        if (!next && !prev)
                        {
                            continue;
                        }

                        seeds.Add(new Seed(i, j, FunctionSeedWeight));
                    }
                    else
                    {
                        seeds.Add(new Seed(i, j, 1.0));
                    }
                }
            }

            return seeds; // already ordered by I, then J
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private List<List<Seed>> Chain(List<Seed> seeds)
    {
        int n = seeds.Count;
        var best = new double[n];
        var prev = new int[n];
        int windowStart = 0;
        for (int t = 0; t < n; t++)
        {
            Seed st = seeds[t];
            best[t] = st.Weight;
            prev[t] = -1;
            while (seeds[windowStart].I < st.I - MaxGap - MaxSkew)
            {
                windowStart++;
            }

            for (int s = windowStart; s < t; s++)
            {
                Seed ss = seeds[s];
                int di = st.I - ss.I, dj = st.J - ss.J;
                if (di <= 0 || dj <= 0 || dj > MaxGap || Math.Abs(di - dj) > MaxSkew)
                {
                    continue;
                }

                double score = best[s] + st.Weight - GapPenalty * (Math.Max(di, dj) - 1);
                if (score > best[t])
                {
                    best[t] = score;
                    prev[t] = s;
                }
            }
        }

        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => best[y].CompareTo(best[x]));
        var used = new bool[n];
        var chains = new List<List<Seed>>();
        var takenA = new List<(int Start, int End)>();
        var takenB = new List<(int Start, int End)>();
        foreach (int end in order)
        {
            if (used[end])
            {
                continue;
            }

            var chain = new List<Seed>();
            for (int t = end; t >= 0 && !used[t]; t = prev[t])
            {
                used[t] = true;
                chain.Add(seeds[t]);
            }

            chain.Reverse();
            if (chain.Count < MinPassageSeeds || chain[^1].I - chain[0].I + 1 < MinPassageTokens)
            {
                continue;
            }

            // A chain that mostly re-covers text already aligned (repeated paragraphs) adds nothing.
            if (Overlaps(takenA, chain[0].I, chain[^1].I) || Overlaps(takenB, chain[0].J, chain[^1].J))
            {
                continue;
            }

            takenA.Add((chain[0].I, chain[^1].I));
            takenB.Add((chain[0].J, chain[^1].J));
            chains.Add(chain);
        }

        return chains;
    }

    private static bool Overlaps(List<(int Start, int End)> taken, int start, int end)
    {
        foreach (var (s, e) in taken)
        {
            int overlap = Math.Min(e, end) - Math.Max(s, start) + 1;
            if (overlap > (end - start + 1) / 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Accumulates passages, fills the gaps between seeds, and collects substitutions.</summary>
    private sealed class AlignmentBuilder(IVerifiableDocument a, IVerifiableDocument b, SpinAligner aligner)
    {
        private readonly List<AlignedPassage> _passages = new();
        private readonly Dictionary<(string, string), (int Count, bool Edit, int First)> _subs = new();
        private readonly List<AlignmentEdit> _edits = new();
        private readonly bool[] _coveredA = new bool[a.ContentTokens.Length];
        private readonly bool[] _coveredB = new bool[b.ContentTokens.Length];
        private int _matched, _matchedContent, _substituted, _edited, _inserted, _deleted, _order;

        /// <summary>One step of a filled gap: a matched token pair (Length 0 runs) or an unmatched run.</summary>
        private readonly record struct GapOp(int I, int LenA, int J, int LenB, bool IsMatch);

        public void AddPassage(List<Seed> chain)
        {
            // Fill every gap first; a gap holding an unmatched run longer than MaxReplacement is not a replacement but
            // unrelated text between two chance matches, so the chain is cut there.
            var gaps = new List<GapOp>[chain.Count];
            int segmentStart = 0;
            for (int k = 0; k < chain.Count; k++)
            {
                bool cut = false;
                if (k + 1 < chain.Count)
                {
                    gaps[k] = FillGap(chain[k].I + 1, chain[k + 1].I, chain[k].J + 1, chain[k + 1].J);
                    foreach (GapOp op in gaps[k])
                    {
                        cut |= !op.IsMatch && Math.Max(op.LenA, op.LenB) > MaxReplacement;
                    }
                }

                if (cut || k + 1 == chain.Count)
                {
                    Commit(chain, gaps, segmentStart, k);
                    segmentStart = k + 1;
                }
            }
        }

        private void Commit(List<Seed> chain, List<GapOp>[] gaps, int first, int last)
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
                    foreach (GapOp op in gaps[k])
                    {
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

            for (int i = i0; i <= i1; i++)
            {
                _coveredA[i] = true;
            }

            for (int j = j0; j <= j1; j++)
            {
                _coveredB[j] = true;
            }

            _passages.Add(new AlignedPassage(ta[i0].Start, ta[i1].End, tb[j0].Start, tb[j1].End, i1 - i0 + 1, j1 - j0 + 1));
        }

        private void CountMatch(int i)
        {
            _matched++;
            if (!aligner.FunctionWords.Contains(a.ContentTokens[i].Hash))
            {
                _matchedContent++;
            }
        }

        public SpinAlignment Build()
        {
            int alignedA = Count(_coveredA), alignedB = Count(_coveredB);
            int alignedContentA = 0;
            ReadOnlySpan<Token> tokensA = a.ContentTokens;
            for (int i = 0; i < _coveredA.Length; i++)
            {
                if (_coveredA[i] && !aligner.FunctionWords.Contains(tokensA[i].Hash))
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
            return new SpinAlignment(
                _passages,
                list,
                _edits,
                _coveredA.Length == 0 ? 0 : (double)alignedA / _coveredA.Length,
                _coveredB.Length == 0 ? 0 : (double)alignedB / _coveredB.Length,
                alignedA,
                _matched,
                _substituted,
                _edited,
                _inserted,
                _deleted,
                alignedContentA,
                _matchedContent);
        }

        private static int Count(bool[] flags)
        {
            int n = 0;
            foreach (bool f in flags)
            {
                n += f ? 1 : 0;
            }

            return n;
        }

        /// <summary>LCS of A[ia..ib) and B[ja..jb): matched pairs and the unmatched runs between them, in order.</summary>
        private List<GapOp> FillGap(int ia, int ib, int ja, int jb)
        {
            ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;
            var ops = new List<GapOp>();
            int n = ib - ia, m = jb - ja;
            if (n == 0 && m == 0)
            {
                return ops;
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
                    AddRun(ops, ia + px - runA, runA, ja + py - runB, runB);
                    runA = runB = 0;
                    ops.Add(new GapOp(ia + px, 0, ja + py, 0, true));
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

            AddRun(ops, ia + n - runA, runA, ja + m - runB, runB);
            return ops;
        }

        private static void AddRun(List<GapOp> ops, int i, int lenA, int j, int lenB)
        {
            if (lenA > 0 || lenB > 0)
            {
                ops.Add(new GapOp(i, lenA, j, lenB, false));
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
            bool edit = lenA == 1 && lenB == 1 && IsSpellingEdit(from, to);
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

    /// <summary>Whether two words are one or two Damerau–Levenshtein edits apart (two only for words of 8+ letters).</summary>
    internal static bool IsSpellingEdit(string x, string y)
    {
        int longest = Math.Max(x.Length, y.Length);
        if (longest < 3)
        {
            return false;
        }

        int allowed = longest >= 8 ? 2 : 1;
        if (Math.Abs(x.Length - y.Length) > allowed)
        {
            return false;
        }

        return DamerauLevenshtein(x, y) <= allowed;
    }

    private static int DamerauLevenshtein(string x, string y)
    {
        int n = x.Length, m = y.Length;
        var d = new int[n + 1, m + 1];
        for (int i = 0; i <= n; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= m; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= m; j++)
            {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }

                d[i, j] = v;
            }
        }

        return d[n, m];
    }
}
