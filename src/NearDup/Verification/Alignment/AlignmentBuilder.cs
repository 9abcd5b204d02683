using System;
using System.Buffers;
using System.Collections.Generic;
using NearDup.Internal;
using NearDup.Text;

namespace NearDup.Verification.Alignment;

/// <summary>Accumulates passages, fills the gaps between seeds, and collects substitutions.</summary>
/// <remarks>
/// One per <see cref="SpinAligner.Align"/> call: <see cref="AddPassage"/> for each chain, best first, then
/// <see cref="Build"/> once, and <see cref="Release"/> in any case to give the pooled scratch back. Thread safety: not
/// thread-safe.
/// </remarks>
/// <param name="a">Document A.</param>
/// <param name="b">Document B.</param>
/// <param name="aligner">The aligner, for its passage minimums.</param>
/// <param name="functionA">Whether each A token is a function word.</param>
internal sealed class AlignmentBuilder(IVerifiableDocument a, IVerifiableDocument b, SpinAligner aligner, bool[] functionA)
{
    private readonly List<AlignedPassage> _passages = new();
    private readonly List<(int I0, int I1, int J0, int J1)> _spans = new();
    private readonly Dictionary<(string, string, bool), Occurrences> _subs = new();
    private readonly List<AlignmentEdit> _edits = new();
    private readonly int _lengthA = a.ContentTokens.Length, _lengthB = b.ContentTokens.Length;
    private bool[] _coveredA = RentCleared(a.ContentTokens.Length);
    private bool[] _coveredB = RentCleared(b.ContentTokens.Length);
    private bool[] _rewordedA = RentCleared(a.ContentTokens.Length);
    private bool[] _revisedA = RentCleared(a.ContentTokens.Length);
    private int _capitalsMarkNames = -1;
    private int _reworded, _revised;
    private GapOp[] _ops = RentedArrays.Rent<GapOp>(256);
    private int[] _gapStart = ArrayPool<int>.Shared.Rent(64);
    private int _opCount;
    private int _matched, _matchedContent, _substituted, _edited, _inserted, _deleted, _order;

    // The run of tokens matched one for one since the last edit of the passage being committed, and the longest so far.
    private int _run, _longestRun;

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
        ArrayPool<bool>.Shared.Return(_rewordedA);
        ArrayPool<bool>.Shared.Return(_revisedA);
        RentedArrays.Give(_ops);
        ArrayPool<int>.Shared.Return(_gapStart);
        _coveredA = _coveredB = _rewordedA = _revisedA = [];
        _ops = [];
        _gapStart = [];
    }

    /// <summary>Fills the gaps of a chain and commits each stretch of it that no overlong run cuts and that is long enough.</summary>
    /// <param name="chain">The chain's seeds, in order.</param>
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
                    cut |= !op.IsMatch && Math.Max(op.LenA, op.LenB) > SpinAligner.MaxReplacement;
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
        _run = 0;
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
        _longestRun = Math.Max(_longestRun, ++_run);
        if (_coveredA[i])
        {
            return; // an earlier passage aligned this token of A already, with another repeat of B's text: matched once
        }

        _matched++;
        if (!functionA[i])
        {
            _matchedContent++;
        }
    }

    /// <summary>The alignment of the passages added so far.</summary>
    /// <returns>The alignment.</returns>
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
        foreach (var ((from, to, _), o) in _subs)
        {
            subs.Add((new Substitution(from, to, o.Count, o.Edit, o.Class) { AlsoReworded = o.AlsoReworded }, o.First));
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
            Math.Min(densityA, densityB),
            _reworded,
            Spread(_rewordedA))
        {
            LongestMatchRun = _longestRun,
            RevisedTokensA = _revised,
            RevisionSpread = Spread(_revisedA),
        };
    }

    /// <summary>The share of runs of 20 of A's aligned tokens in which a marked token (a rewording, or a rewording or
    /// a grammar change) starts (a last run shorter than half a run is left out).</summary>
    private double Spread(bool[] marked)
    {
        const int Window = 20;
        int runs = 0, withRewording = 0, inRun = 0;
        bool reworded = false;
        for (int i = 0; i < _lengthA; i++)
        {
            if (!_coveredA[i])
            {
                continue;
            }

            reworded |= marked[i];
            if (++inRun == Window)
            {
                runs++;
                withRewording += reworded ? 1 : 0;
                inRun = 0;
                reworded = false;
            }
        }

        if (inRun >= Window / 2)
        {
            runs++;
            withRewording += reworded ? 1 : 0;
        }

        return runs == 0 ? 0 : (double)withRewording / runs;
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

        Span<int> table = stackalloc int[(SpinAligner.MaxGap + SpinAligner.MaxSkew + 1) * (SpinAligner.MaxGap + 1)];
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

        _run = 0;

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

        // A change of an alphabetical list's members (see SubstitutionClassifier.IsListMembership) is a name's fill where
        // it stands, and counted apart: the same words replaced in the prose around the list stay what they are there.
        // The same letters split differently (Mac Gregor → MacGregor) stay hyphenation wherever they stand.
        bool inList = !edit && !SubstitutionClassifier.IsHyphenation(from, to)
            && SubstitutionClassifier.IsListMembership(a.Text, ta.Slice(i, lenA), b.Text, tb.Slice(j, lenB));
        var key = (from, to, inList);
        if (_subs.TryGetValue(key, out Occurrences known))
        {
            known.Count++;

            // A word replaced by a word is a name's fill when any of its occurrences stands in an identifier or reads as
            // a name (CMAKE_Fortran_COMPILER / CMAKE_RC_COMPILER, and ``Fortran`` / ``RC`` in the prose around it): a
            // text's names are its fill wherever they stand, and no rewriter rewords inside an identifier. What the
            // occurrences before this one counted as rewordings is taken back.
            if (!edit && !inList && known.Class == SubstitutionClass.Rewording
                && Classify(ta.Slice(i, lenA), tb.Slice(j, lenB), from, to) is var named && named is SubstitutionClass.Identifier or SubstitutionClass.Name)
            {
                Tally(known.Class, known.FirstA, lenA, -1);
                if (known.Count > 2)
                {
                    Tally(known.Class, known.SecondA, lenA, -1);
                }

                known.Class = named;
                known.AlsoReworded = true;
            }
        }
        else
        {
            SubstitutionClass kind = inList ? SubstitutionClass.Name : Classify(ta.Slice(i, lenA), tb.Slice(j, lenB), from, to);
            known = new Occurrences { Count = 1, Edit = edit, First = _order++, Class = kind, FirstA = i };
        }

        known.SecondA = known.Count == 2 ? i : known.SecondA;
        _subs[key] = known;

        // A rewording counts twice at most: a slot filled the same way many times is one fill.
        if (!edit && known.Count <= 2)
        {
            Tally(known.Class, i, lenA, +1);
        }
    }

    /// <summary>Counts one occurrence of a substitution of the class <paramref name="kind"/>, of <paramref name="lenA"/>
    /// of A's tokens from <paramref name="i"/>, as a rewording and a revision (a rewording) or as a revision only (a
    /// grammar change); <paramref name="sign"/> −1 takes the count back.</summary>
    private void Tally(SubstitutionClass kind, int i, int lenA, int sign)
    {
        if (kind == SubstitutionClass.Rewording)
        {
            _reworded += sign * lenA;
            _rewordedA[i] = sign > 0;
        }

        if (kind is SubstitutionClass.Rewording or SubstitutionClass.Grammar)
        {
            _revised += sign * lenA;
            _revisedA[i] = sign > 0;
        }
    }

    /// <summary>What the builder knows of one substitution (a pair of A's and B's words).</summary>
    private struct Occurrences
    {
        /// <summary>How often it occurs.</summary>
        public int Count;

        /// <summary>Whether it is a spelling edit.</summary>
        public bool Edit;

        /// <summary>When it first occurred, among the substitutions.</summary>
        public int First;

        /// <summary>Its class (see <see cref="SubstitutionClassifier"/>).</summary>
        public SubstitutionClass Class;

        /// <summary>Whether its first occurrences read as a rewording before one stood in an identifier or read as a
        /// name (see <see cref="Substitution.AlsoReworded"/>).</summary>
        public bool AlsoReworded;

        /// <summary>A's token where its first occurrence starts.</summary>
        public int FirstA;

        /// <summary>A's token where its second occurrence starts (the two counted as rewordings at most).</summary>
        public int SecondA;
    }

    private SubstitutionClass Classify(ReadOnlySpan<Token> fromA, ReadOnlySpan<Token> toB, string from, string to)
    {
        if (_capitalsMarkNames < 0)
        {
            bool marks = SubstitutionClassifier.CapitalsMarkNames(a.Text, a.ContentTokens) && SubstitutionClassifier.CapitalsMarkNames(b.Text, b.ContentTokens);
            _capitalsMarkNames = marks ? 1 : 0;
        }

        return SubstitutionClassifier.Classify(a.Text, fromA, b.Text, toB, from, to, _capitalsMarkNames == 1, aligner.FunctionWords);
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
