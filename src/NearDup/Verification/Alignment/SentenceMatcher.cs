using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using NearDup.Shingles;
using NearDup.Text;

namespace NearDup.Verification.Alignment;

/// <summary>
/// Matches the sentences of two texts in order by the content words they share: the evidence of a rewrite that
/// restructured every sentence, which neither word n-grams nor a word alignment see.
/// </summary>
/// <remarks>
/// <para>
/// A fluent rewrite (an AI rewriter's, or a careful person's) reorders the clauses of each sentence, turns active into
/// passive, merges and splits sentences and changes most function words, but keeps the facts, names and numbers and the
/// order of the sentences. Each sentence therefore still shares several content words (as
/// <see cref="WordPairs.TryStem"/> stems them: their first five letters, or a number) with the sentence it rewrites,
/// wherever in the sentence they now stand. A sentence of one text matches a sentence of the other, or two neighbouring
/// sentences of it together (a sentence split in two), when they share at least <see cref="MinSharedWords"/> stems
/// weighing at least <see cref="MinSentenceOverlap"/> of each side's stems. The matches are chained in order by
/// dynamic programming (a longest common subsequence of sentences, weighted), to cover as much of the first text's
/// weight as possible; each direction is chained on its own.
/// </para>
/// <para>
/// Each stem weighs what its token weighs for the coverages (<see cref="TokenWeights"/>: by how many other documents of
/// the collection hold the text around it, 0 for markup), its heaviest occurrence in the sentence: sentences a template
/// or a family of pages repeats weigh little. Sentences end at <c>. ! ? ; :</c> or a blank line between two tokens.
/// </para>
/// <para>
/// Cost: a stem array per sentence and two tables of one byte per pair of sentences; texts whose sentence counts
/// multiply past <see cref="MaxCells"/> are not matched (a pair of 1,000-sentence texts is). A document's sentences and
/// stems do not depend on the other document, so they are made once while it lives (<see cref="StemmedText"/>, about
/// 20 bytes a stem, in a few flat arrays); only the weights are worked out per pair. A caller that needs a given
/// coverage passes it (<see cref="Requirement"/>), and a pair that cannot reach it is dropped before any sentence is
/// made or chained: on generated reference pages, where a document meets dozens of its family, matching took two
/// thirds of a scan before both.
/// </para>
/// <para>Thread safety: static; the cache of stemmed documents is safe for concurrent use.</para>
/// </remarks>
internal static class SentenceMatcher
{
    /// <summary>Least number of stems two sentences share to match.</summary>
    public const int MinSharedWords = 3;

    /// <summary>Least share of each sentence's stem weight the shared stems carry for the two to match (so that a short
    /// sentence does not match a long one it shares a few words with).</summary>
    public const double MinSentenceOverlap = 0.3;

    /// <summary>Most pairs of sentences a match considers (the product of the two texts' sentence counts).</summary>
    public const long MaxCells = 1_000_000;

    /// <summary>Matches the sentences of two texts both ways.</summary>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="weightsA">A's token weights.</param>
    /// <param name="weightsB">B's token weights.</param>
    /// <param name="functionWords">The function words, which carry no stem.</param>
    /// <param name="least">What the caller needs of a match, so that a pair that cannot reach it is not chained: null
    /// to match whatever the pair reaches.</param>
    /// <returns>The match, or null when either text has no sentence with a stem, the two have too many sentences, or
    /// (given <paramref name="least"/>) no chaining could reach it, or A's chain (B's, when only B is bounded as a whole:
    /// see <see cref="RequiredSides.B"/>) falls short of its coverage.</returns>
    public static SentenceMatch? Match(IVerifiableDocument a, IVerifiableDocument b, TokenWeights weightsA, TokenWeights weightsB, FunctionWords functionWords, Requirement? least = null)
    {
        StemmedText stemmedA = Stemmed(a, functionWords), stemmedB = Stemmed(b, functionWords);
        if (least is { } needs)
        {
            // The longer text of a pair whose shorter may be rewritten inside it is asked for a stretch its matches may
            // fill as densely as a whole rewrite fills its text. The sentences are asked of the side with more candidates:
            // a match counts the sentences of the side with more matched (see SentenceMatch.Matched), each a candidate.
            Requirement forA = needs with { Sentences = 0, Stretch = needs.Sides == RequiredSides.B };
            Requirement forB = needs with { Sentences = 0, Stretch = needs.Sides == RequiredSides.A };
            if (!MayReach(stemmedA, weightsA, stemmedB.Distinct, forA, out int candidatesA)
                || !MayReach(stemmedB, weightsB, stemmedA.Distinct, forB, out int candidatesB)
                || Math.Max(candidatesA, candidatesB) < needs.Sentences)
            {
                return null;
            }
        }

        Sentence[] sa = Weigh(stemmedA, weightsA);
        Sentence[] sb = Weigh(stemmedB, weightsB);
        if (sa.Length == 0 || sb.Length == 0 || (long)sa.Length * sb.Length > MaxCells)
        {
            return null;
        }

        // Each direction is chained on its own; a side the requirement bounds whose chain falls short ends the match
        // before the other direction is chained (a long text met by many short ones is chained once per pair, not twice).
        double totalA = Total(sa), totalB = Total(sb);
        double coveredA = 0, coveredB = 0;
        List<(int X, int YFirst, int YLast)>? forward = null, backward = null;
        if (least is { Sides: RequiredSides.B } byB)
        {
            backward = Chain(sb, sa, out coveredB);
            if (totalB <= 0 || coveredB / totalB < byB.Coverage)
            {
                return null;
            }
        }

        forward = Chain(sa, sb, out coveredA);
        if (least is { Sides: not RequiredSides.B } byA && (totalA <= 0 || coveredA / totalA < byA.Coverage))
        {
            return null;
        }

        backward ??= Chain(sb, sa, out coveredB);
        (double spanCoverageA, SentenceSpan spanA) = Span(sa, forward, coveredA);
        (double spanCoverageB, SentenceSpan spanB) = Span(sb, backward, coveredB);
        SentenceSpan reachB = Reach(sb, forward, sa.Length), reachA = Reach(sa, backward, sb.Length);
        var passages = new List<AlignedPassage>();
        ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;
        int k = 0;
        while (k < forward.Count)
        {
            // Consecutive matches of consecutive sentences make one passage.
            int end = k;
            while (end + 1 < forward.Count && forward[end + 1].X == forward[end].X + 1 && forward[end + 1].YFirst == forward[end].YLast + 1)
            {
                end++;
            }

            Sentence firstA = sa[forward[k].X], lastA = sa[forward[end].X], firstB = sb[forward[k].YFirst], lastB = sb[forward[end].YLast];
            passages.Add(new AlignedPassage(
                ta[firstA.FirstToken].Start,
                ta[lastA.EndToken - 1].End,
                tb[firstB.FirstToken].Start,
                tb[lastB.EndToken - 1].End,
                lastA.EndToken - firstA.FirstToken,
                lastB.EndToken - firstB.FirstToken));
            k = end + 1;
        }

        passages.Sort((x, y) => y.ATokens.CompareTo(x.ATokens));
        return new SentenceMatch(
            totalA > 0 ? coveredA / totalA : 0,
            totalB > 0 ? coveredB / totalB : 0,
            coveredA,
            coveredB,
            Math.Max(forward.Count, backward.Count),
            sa.Length,
            sb.Length,
            passages)
        {
            SpanCoverageA = spanCoverageA,
            SpanCoverageB = spanCoverageB,
            SpanA = spanA,
            SpanB = spanB,
            ReachA = reachA,
            ReachB = reachB,
        };
    }

    /// <summary>The stretch of Y a rewrite of the whole of X would fill, from a chain of X's sentences onto Y's: Y's
    /// sentences from the first the chain matched, less as many as X has before its first matched sentence, to the last,
    /// plus as many as X has after its last (a rewrite's first and last sentences, restructured past matching, still
    /// stand next to those that match), as content tokens.</summary>
    /// <param name="y">Y's sentences.</param>
    /// <param name="chain">The chain of X's sentences onto Y's, in order.</param>
    /// <param name="xCount">X's sentences.</param>
    /// <returns>The stretch; empty without a match.</returns>
    private static SentenceSpan Reach(Sentence[] y, List<(int X, int YFirst, int YLast)> chain, int xCount)
    {
        if (chain.Count == 0)
        {
            return default;
        }

        int first = Math.Max(0, chain[0].YFirst - chain[0].X);
        int last = Math.Min(y.Length - 1, chain[^1].YLast + (xCount - 1 - chain[^1].X));
        return new SentenceSpan(y[first].FirstToken, y[last].EndToken);
    }

    /// <summary>The stretch of X's sentences from the first a chain matched to the last, as content tokens, and the share
    /// of its weight the matched sentences carry: where a rewrite of a shorter text stands in a longer one, and how
    /// densely it fills that stretch.</summary>
    /// <param name="x">X's sentences.</param>
    /// <param name="chain">The chain of X's sentences onto the other text's, in order.</param>
    /// <param name="covered">The weight of X's matched sentences.</param>
    /// <returns>The coverage of the stretch (0 without a match) and the stretch (empty without a match).</returns>
    private static (double Coverage, SentenceSpan Span) Span(Sentence[] x, List<(int X, int YFirst, int YLast)> chain, double covered)
    {
        if (chain.Count == 0)
        {
            return (0, default);
        }

        int first = chain[0].X, last = chain[^1].X;
        double weight = 0;
        for (int i = first; i <= last; i++)
        {
            weight += x[i].Weight;
        }

        return (weight > 0 ? Math.Min(1, covered / weight) : 0, new SentenceSpan(x[first].FirstToken, x[last].EndToken));
    }

    /// <summary>What a caller needs of a match: both coverages at least <see cref="Coverage"/> (or, as
    /// <see cref="Sides"/> says, the shorter text's and a stretch of the longer's), and at least
    /// <see cref="Sentences"/> sentences matched (<see cref="SentenceMatch.Matched"/>).</summary>
    /// <param name="Coverage">The least coverage of each side.</param>
    /// <param name="Sentences">The least number of sentences matched (see <see cref="SentenceMatch.Matched"/>):
    /// <see cref="Match"/> asks it of the side with more sentences that may match,
    /// <see cref="MayReach(Sentence[], ulong[], Requirement)"/> of X's.</param>
    /// <param name="Sides">Which sides must reach <see cref="Coverage"/> as a whole: both, or only the shorter text of a
    /// pair whose rewrite may stand inside a stretch of the longer (see <see cref="SentenceMatch.SpanCoverageA"/>), of
    /// which <see cref="Match"/> then asks a stretch (see <see cref="Stretch"/>).</param>
    /// <param name="Stretch">For the side a bound is asked of (see <see cref="MayReach(Sentence[], ulong[], Requirement)"/>):
    /// whether <see cref="Coverage"/> is asked of a stretch of its sentences holding at least <see cref="Weight"/> of
    /// matched weight, rather than of the whole text (the longer text of a pair whose shorter may be rewritten inside it).</param>
    /// <param name="Weight">With <see cref="Stretch"/>: the least weight the matched sentences of the stretch carry.</param>
    internal readonly record struct Requirement(double Coverage, int Sentences, RequiredSides Sides = RequiredSides.Both, bool Stretch = false, double Weight = 0);

    /// <summary>Which sides of a pair a <see cref="Requirement"/> asks its coverage of.</summary>
    internal enum RequiredSides
    {
        /// <summary>Both texts.</summary>
        Both,

        /// <summary>Text A only.</summary>
        A,

        /// <summary>Text B only.</summary>
        B,
    }

    /// <summary>Whether chaining X's sentences onto Y's could reach <paramref name="least"/>: an upper bound, without the
    /// chaining (the oracle of <see cref="MayReach(StemmedText, TokenWeights, ulong[], Requirement)"/>, which works it out
    /// without making the sentences). A sentence of X matches a sentence of Y, or two together, only when it shares at least
    /// <see cref="MinSharedWords"/> stems with them carrying <see cref="MinSentenceOverlap"/> of its weight; what Y holds
    /// anywhere is a superset of what any of its sentences holds, so the sentences of X that pass the same test against
    /// all of Y's stems weigh at least what any chain covers (a sum of nonnegative terms only grows, also in floating
    /// point), and are at least as many as it matches.</summary>
    /// <param name="x">The sentences whose weight would be covered.</param>
    /// <param name="y">The stems of the text they would match, distinct and ascending (those of every sentence, kept or
    /// not: a superset of what any of them holds).</param>
    /// <param name="least">The requirement.</param>
    /// <returns>False when no chaining reaches it.</returns>
    internal static bool MayReach(Sentence[] x, ulong[] y, Requirement least)
    {
        double total = Total(x), bound = 0;
        int sentences = 0;
        var stretch = new StretchBound(least, x.Length);
        try
        {
            foreach (Sentence s in x)
            {
                int shared = 0;
                double weight = 0;
                ReadOnlySpan<ulong> stems = s.Stems.Span;
                for (int k = 0; k < stems.Length; k++)
                {
                    if (((ReadOnlySpan<ulong>)y).BinarySearch(stems[k]) >= 0)
                    {
                        shared++;
                        weight += s.Weights[k];
                    }
                }

                bool candidate = shared >= MinSharedWords && weight >= MinSentenceOverlap * s.Weight;
                if (candidate)
                {
                    bound += s.Weight;
                    sentences++;
                }

                stretch.Add(s.Weight, candidate);
            }

            return sentences >= least.Sentences && total > 0 && (least.Stretch ? stretch.Reached : bound / total >= least.Coverage);
        }
        finally
        {
            stretch.Release();
        }
    }

    /// <summary>Whether some stretch of sentences, given one by one in text order, holds candidate sentences (those that
    /// may match) carrying at least <see cref="Requirement.Weight"/> and <see cref="Requirement.Coverage"/> of the
    /// stretch's weight: a bound on a match that must fill a stretch (<see cref="Requirement.Stretch"/>), since the
    /// matched sentences are candidates and the stretch from the first to the last of them is such a stretch.</summary>
    /// <remarks>Each sentence adds w(1 − c) to a running sum when a candidate and −cw otherwise, so that a stretch is
    /// dense enough when its sum is at least 0; the candidates' weight runs beside it. A stretch ending at a sentence
    /// reaches the weight when it starts at or before the last point whose candidates' weight lies that much behind, so
    /// the least sum up to that point is all a new end needs: one pass, O(n). Its two arrays come from the pool (see
    /// <see cref="Release"/>), none when no stretch is asked. A tolerance of a millionth of the weight keeps floating
    /// point from refusing a stretch that exactly reaches it.</remarks>
    internal struct StretchBound
    {
        private readonly double _coverage, _weight;
        private readonly double[]? _sums, _candidates;
        private int _count, _behind;
        private double _sum, _candidate, _least;

        public StretchBound(Requirement least, int capacity)
        {
            (_coverage, _weight) = (least.Coverage, least.Weight);
            _sums = least.Stretch ? ArrayPool<double>.Shared.Rent(capacity + 1) : null;
            _candidates = least.Stretch ? ArrayPool<double>.Shared.Rent(capacity + 1) : null;
            _least = double.PositiveInfinity;
        }

        /// <summary>Gives the bound's arrays back to the pool (when a stretch was asked); the bound is not used after.</summary>
        public readonly void Release()
        {
            if (_sums is not null)
            {
                ArrayPool<double>.Shared.Return(_sums);
            }

            if (_candidates is not null)
            {
                ArrayPool<double>.Shared.Return(_candidates);
            }
        }

        /// <summary>Whether a stretch so far reaches the requirement.</summary>
        public bool Reached { get; private set; }

        /// <summary>Adds the next sentence.</summary>
        public void Add(double weight, bool candidate)
        {
            if (_sums is null || _candidates is null || weight <= 0)
            {
                return;
            }

            _sums[_count] = _sum;
            _candidates[_count] = _candidate;
            _count++;
            _sum += candidate ? weight * (1 - _coverage) : -_coverage * weight;
            _candidate += candidate ? weight : 0;
            while (_behind < _count && _candidates[_behind] <= _candidate - _weight + (1e-6 * Math.Max(1, _candidate)))
            {
                _least = Math.Min(_least, _sums[_behind]);
                _behind++;
            }

            Reached |= candidate && _least <= _sum + (1e-6 * Math.Max(1, _candidate));
        }
    }

    /// <summary>A sentence: its tokens [<see cref="FirstToken"/>, <see cref="EndToken"/>), its distinct stems ascending
    /// with the weight of each, and their total.</summary>
    internal sealed record Sentence(int FirstToken, int EndToken, ReadOnlyMemory<ulong> Stems, double[] Weights, double Weight);

    /// <summary>Cuts a text into sentences with at least one stem of weight above zero.</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its content tokens.</param>
    /// <param name="weights">Their weights.</param>
    /// <param name="functionWords">The function words.</param>
    /// <returns>The sentences, in text order.</returns>
    internal static Sentence[] Sentences(string text, ReadOnlySpan<Token> tokens, TokenWeights weights, FunctionWords functionWords) =>
        Weigh(Stem(text, tokens, functionWords), weights);

    /// <summary>A document's sentences and their stems, from the cache while the document lives (see
    /// <see cref="StemmedText"/>).</summary>
    private static StemmedText Stemmed(IVerifiableDocument document, FunctionWords functionWords)
    {
        if (Stemmings.TryGetValue(document, out StemmedText? kept) && ReferenceEquals(kept.FunctionWords, functionWords))
        {
            return kept;
        }

        StemmedText made = Stem(document.Text, document.ContentTokens, functionWords);
        Stemmings.AddOrUpdate(document, made);
        return made;
    }

    /// <summary>Each document's sentences and stems, made once while it lives: a document of a scan meets several others,
    /// and stemming its text again for each was most of what a match cost on long texts.</summary>
    private static readonly ConditionalWeakTable<IVerifiableDocument, StemmedText> Stemmings = new();

    /// <summary>Cuts a text into sentences and stems their content words: what does not depend on the other text of a
    /// pair or on the weights.</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its content tokens.</param>
    /// <param name="functionWords">The function words, which carry no stem.</param>
    /// <returns>The text's sentences that hold a stem.</returns>
    internal static StemmedText Stem(string text, ReadOnlySpan<Token> tokens, FunctionWords functionWords)
    {
        var firsts = new List<int>();
        var ends = new List<int>();
        var keyStarts = new List<int> { 0 };
        var keys = new List<ulong>();
        var occurrenceStarts = new List<int> { 0 };
        var occurrences = new List<int>();
        var stems = new List<(ulong Stem, int Token)>();
        int first = 0;
        for (int t = 0; t <= tokens.Length; t++)
        {
            if (t == tokens.Length || (t > first && EndsSentence(text.AsSpan(tokens[t - 1].End, tokens[t].Start - tokens[t - 1].End))))
            {
                if (stems.Count > 0)
                {
                    // The sentence's stems distinct and ascending, each with the tokens it stands at.
                    stems.Sort();
                    for (int k = 0; k < stems.Count; k++)
                    {
                        if (k > 0 && stems[k].Stem != stems[k - 1].Stem)
                        {
                            occurrenceStarts.Add(occurrences.Count);
                        }

                        if (k == 0 || stems[k].Stem != stems[k - 1].Stem)
                        {
                            keys.Add(stems[k].Stem);
                        }

                        occurrences.Add(stems[k].Token);
                    }

                    occurrenceStarts.Add(occurrences.Count);
                    keyStarts.Add(keys.Count);
                    firsts.Add(first);
                    ends.Add(t);
                }

                stems.Clear();
                first = t;
                if (t == tokens.Length)
                {
                    break;
                }
            }

            if (WordPairs.TryStem(text, tokens[t], functionWords, foldConfusables: true, out ulong stem))
            {
                stems.Add((stem, t));
            }
        }

        // How many of the text's sentences hold each stem (see Weigh): each key is distinct within its sentence.
        var spread = new Dictionary<ulong, int>();
        foreach (ulong key in keys)
        {
            spread[key] = spread.GetValueOrDefault(key) + 1;
        }

        int[] spreads = new int[keys.Count];
        for (int k = 0; k < spreads.Length; k++)
        {
            spreads[k] = spread[keys[k]];
        }

        ulong[] distinct = [.. spread.Keys];
        Array.Sort(distinct);
        return new StemmedText(functionWords, [.. firsts], [.. ends], [.. keyStarts], [.. keys], [.. occurrenceStarts], [.. occurrences], spreads, distinct);
    }

    /// <summary>Weighs a text's stemmed sentences: each stem weighs its heaviest occurrence in the sentence, divided by
    /// the number of the text's sentences it stands in (a word that sentence after sentence uses says what the text is
    /// about, not which sentence this is, and two texts on one subject share it in every sentence; the names, numbers and
    /// other words a sentence alone uses are what a rewrite of it keeps). Sentences whose stems all weigh nothing (markup)
    /// are left out, and do not count in the division.</summary>
    /// <param name="text">The stemmed sentences.</param>
    /// <param name="weights">The token weights.</param>
    /// <returns>The sentences with a stem of weight above zero, in text order.</returns>
    internal static Sentence[] Weigh(StemmedText text, TokenWeights weights)
    {
        int count = text.SentenceFirst.Length;
        double[] divided = new double[text.Keys.Length];
        double[] totals = new double[count];
        WeighInto(text, weights, divided, totals);
        var result = new List<Sentence>(count);
        for (int i = 0; i < count; i++)
        {
            if (totals[i] > 0)
            {
                int from = text.KeyStart[i], length = text.KeyStart[i + 1] - from;
                result.Add(new Sentence(text.SentenceFirst[i], text.SentenceEnd[i], text.Keys.AsMemory(from, length), divided.AsSpan(from, length).ToArray(), totals[i]));
            }
        }

        return [.. result];
    }

    /// <summary>The arithmetic of <see cref="Weigh"/>, into the caller's arrays: each key's weight, divided by its spread,
    /// and each sentence's total (0 or less for a sentence left out).</summary>
    /// <param name="text">The stemmed sentences.</param>
    /// <param name="weights">The token weights.</param>
    /// <param name="divided">Receives one weight per key of <paramref name="text"/>.</param>
    /// <param name="totals">Receives one total per sentence.</param>
    private static void WeighInto(StemmedText text, TokenWeights weights, Span<double> divided, Span<double> totals)
    {
        int count = text.SentenceFirst.Length;
        bool allKept = true;
        for (int i = 0; i < count; i++)
        {
            double total = 0;
            for (int k = text.KeyStart[i]; k < text.KeyStart[i + 1]; k++)
            {
                double most = 0;
                for (int o = text.OccurrenceStart[k]; o < text.OccurrenceStart[k + 1]; o++)
                {
                    int t = text.Occurrences[o];
                    most = o == text.OccurrenceStart[k] ? weights.Between(t, t + 1) : Math.Max(most, weights.Between(t, t + 1));
                }

                divided[k] = most;
                total += most;
            }

            totals[i] = total > 0 ? 1 : -1;
            allKept &= total > 0;
        }

        // The division counts the sentences that are kept: those of the stemming unless some weigh nothing.
        Dictionary<ulong, int>? spread = null;
        if (!allKept)
        {
            spread = [];
            for (int i = 0; i < count; i++)
            {
                for (int k = text.KeyStart[i]; totals[i] > 0 && k < text.KeyStart[i + 1]; k++)
                {
                    spread[text.Keys[k]] = spread.GetValueOrDefault(text.Keys[k]) + 1;
                }
            }
        }

        for (int i = 0; i < count; i++)
        {
            if (totals[i] <= 0)
            {
                continue;
            }

            double total = 0;
            for (int k = text.KeyStart[i]; k < text.KeyStart[i + 1]; k++)
            {
                divided[k] /= spread is null ? text.Spread[k] : spread[text.Keys[k]];
                total += divided[k];
            }

            totals[i] = total;
        }
    }

    /// <summary>What <see cref="MayReach(Sentence[], ulong[], Requirement)"/> says of X's weighed sentences, worked out from X's stemming and weights
    /// without making them: a pair that cannot reach the requirement costs no allocation.</summary>
    /// <param name="x">X's stemmed sentences.</param>
    /// <param name="weights">X's token weights.</param>
    /// <param name="y">Y's stems, distinct and ascending.</param>
    /// <param name="least">The requirement.</param>
    /// <returns>The same as <see cref="MayReach(Sentence[], ulong[], Requirement)"/> on <c>Weigh(x, weights)</c>.</returns>
    internal static bool MayReach(StemmedText x, TokenWeights weights, ulong[] y, Requirement least) => MayReach(x, weights, y, least, out _);

    /// <summary>As <see cref="MayReach(StemmedText, TokenWeights, ulong[], Requirement)"/>, also giving how many of X's
    /// sentences may match: at least as many as any chain matches.</summary>
    /// <param name="x">X's stemmed sentences.</param>
    /// <param name="weights">X's token weights.</param>
    /// <param name="y">Y's stems, distinct and ascending.</param>
    /// <param name="least">The requirement.</param>
    /// <param name="candidates">Receives the number of X's sentences that may match.</param>
    /// <returns>The same as the overload without the count.</returns>
    internal static bool MayReach(StemmedText x, TokenWeights weights, ulong[] y, Requirement least, out int candidates)
    {
        candidates = 0;
        int count = x.SentenceFirst.Length;
        double[] divided = ArrayPool<double>.Shared.Rent(Math.Max(1, x.Keys.Length));
        double[] totals = ArrayPool<double>.Shared.Rent(Math.Max(1, count));
        var stretch = new StretchBound(least, count);
        try
        {
            WeighInto(x, weights, divided, totals);
            double total = 0, bound = 0;
            int sentences = 0;
            for (int i = 0; i < count; i++)
            {
                if (totals[i] <= 0)
                {
                    continue;
                }

                total += totals[i];
                int shared = 0;
                double weight = 0;
                for (int k = x.KeyStart[i]; k < x.KeyStart[i + 1]; k++)
                {
                    if (((ReadOnlySpan<ulong>)y).BinarySearch(x.Keys[k]) >= 0)
                    {
                        shared++;
                        weight += divided[k];
                    }
                }

                bool candidate = shared >= MinSharedWords && weight >= MinSentenceOverlap * totals[i];
                if (candidate)
                {
                    bound += totals[i];
                    sentences++;
                }

                stretch.Add(totals[i], candidate);
            }

            candidates = sentences;
            return sentences >= least.Sentences && total > 0 && (least.Stretch ? stretch.Reached : bound / total >= least.Coverage);
        }
        finally
        {
            stretch.Release();
            ArrayPool<double>.Shared.Return(divided);
            ArrayPool<double>.Shared.Return(totals);
        }
    }

    /// <summary>Whether the text between two tokens ends a sentence.</summary>
    internal static bool EndsSentence(ReadOnlySpan<char> between)
    {
        if (between.IndexOfAny(".!?;:") >= 0 || between.IndexOfAny('\u3002', '\uFF01', '\uFF1F') >= 0)
        {
            return true;
        }

        int newline = between.IndexOf('\n');
        return newline >= 0 && between[(newline + 1)..].IndexOf('\n') >= 0;
    }

    /// <summary>The oracle of <see cref="Sentences"/>: the sentences stemmed and weighed in one pass over the tokens, with
    /// nothing kept between calls (the code the stemming cache replaced; the tests compare the two).</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its content tokens.</param>
    /// <param name="weights">Their weights.</param>
    /// <param name="functionWords">The function words.</param>
    /// <returns>The sentences, in text order.</returns>
    internal static Sentence[] SentencesScalar(string text, ReadOnlySpan<Token> tokens, TokenWeights weights, FunctionWords functionWords)
    {
        var result = new List<Sentence>();
        var stems = new List<(ulong Stem, double Weight)>();
        int first = 0;
        for (int t = 0; t <= tokens.Length; t++)
        {
            if (t == tokens.Length || (t > first && EndsSentence(text.AsSpan(tokens[t - 1].End, tokens[t].Start - tokens[t - 1].End))))
            {
                if (BuildScalar(first, t, stems) is { } sentence)
                {
                    result.Add(sentence);
                }

                stems.Clear();
                first = t;
                if (t == tokens.Length)
                {
                    break;
                }
            }

            if (WordPairs.TryStem(text, tokens[t], functionWords, foldConfusables: true, out ulong stem))
            {
                stems.Add((stem, weights.Between(t, t + 1)));
            }
        }

        return SpreadScalar(result);
    }

    /// <summary>Divides each stem's weight by the number of the text's sentences it stands in: a word that sentence after
    /// sentence uses says what the text is about, not which sentence this is, and two texts on one subject share it in
    /// every sentence; the names, numbers and other words a sentence alone uses are what a rewrite of it keeps.</summary>
    private static Sentence[] SpreadScalar(List<Sentence> sentences)
    {
        var spread = new Dictionary<ulong, int>();
        foreach (Sentence s in sentences)
        {
            foreach (ulong stem in s.Stems.Span)
            {
                spread[stem] = spread.GetValueOrDefault(stem) + 1;
            }
        }

        var result = new List<Sentence>(sentences.Count);
        foreach (Sentence s in sentences)
        {
            double[] weights = new double[s.Weights.Length];
            double total = 0;
            for (int k = 0; k < weights.Length; k++)
            {
                weights[k] = s.Weights[k] / spread[s.Stems.Span[k]];
                total += weights[k];
            }

            if (total > 0)
            {
                result.Add(s with { Weights = weights, Weight = total });
            }
        }

        return [.. result];
    }

    private static Sentence? BuildScalar(int first, int end, List<(ulong Stem, double Weight)> stems)
    {
        if (stems.Count == 0)
        {
            return null;
        }

        stems.Sort((x, y) => x.Stem.CompareTo(y.Stem));
        var keys = new List<ulong>(stems.Count);
        var weights = new List<double>(stems.Count);
        foreach ((ulong stem, double weight) in stems)
        {
            if (keys.Count > 0 && keys[^1] == stem)
            {
                weights[^1] = Math.Max(weights[^1], weight); // a stem twice weighs its heaviest occurrence
            }
            else
            {
                keys.Add(stem);
                weights.Add(weight);
            }
        }

        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        return total > 0 ? new Sentence(first, end, keys.ToArray(), [.. weights], total) : null;
    }

    private static double Total(Sentence[] sentences)
    {
        double total = 0;
        foreach (Sentence s in sentences)
        {
            total += s.Weight;
        }

        return total;
    }

    /// <summary>Sentence <paramref name="y"/> of Y and the one after it taken together, stems merged (the heavier weight
    /// of a stem in both).</summary>
    private static Sentence Joined(Sentence y, Sentence next)
    {
        ReadOnlySpan<ulong> first = y.Stems.Span, second = next.Stems.Span;
        var keys = new List<ulong>(first.Length + second.Length);
        var weights = new List<double>(keys.Capacity);
        int i = 0, j = 0;
        while (i < first.Length || j < second.Length)
        {
            if (j == second.Length || (i < first.Length && first[i] < second[j]))
            {
                keys.Add(first[i]);
                weights.Add(y.Weights[i++]);
            }
            else if (i == first.Length || second[j] < first[i])
            {
                keys.Add(second[j]);
                weights.Add(next.Weights[j++]);
            }
            else
            {
                keys.Add(first[i]);
                weights.Add(Math.Max(y.Weights[i++], next.Weights[j++]));
            }
        }

        return new Sentence(y.FirstToken, next.EndToken, keys.ToArray(), [.. weights], y.Weight + next.Weight);
    }

    /// <summary>Whether two sentences share enough stems, weighing enough of either.</summary>
    internal static bool Matches(Sentence x, Sentence y)
    {
        int i = 0, j = 0, shared = 0;
        double inX = 0, inY = 0;
        ReadOnlySpan<ulong> xs = x.Stems.Span, ys = y.Stems.Span;
        while (i < xs.Length && j < ys.Length)
        {
            if (xs[i] < ys[j])
            {
                i++;
            }
            else if (ys[j] < xs[i])
            {
                j++;
            }
            else
            {
                shared++;
                inX += x.Weights[i++];
                inY += y.Weights[j++];
            }
        }

        return shared >= MinSharedWords && inX >= MinSentenceOverlap * x.Weight && inY >= MinSentenceOverlap * y.Weight;
    }

    /// <summary>Chains X's sentences onto Y's in order, covering as much of X's weight as possible.</summary>
    /// <param name="x">The sentences whose weight is covered.</param>
    /// <param name="y">The sentences they are matched to.</param>
    /// <param name="covered">Receives the weight covered.</param>
    /// <returns>The chained matches, in order: X's sentence and the first and last of Y's it matched.</returns>
    private static List<(int X, int YFirst, int YLast)> Chain(Sentence[] x, Sentence[] y, out double covered)
    {
        int nx = x.Length, ny = y.Length, width = ny + 1;
        var joined = new Sentence?[Math.Max(0, ny - 1)];

        // Which of Y's sentences hold each stem: a sentence of X is tested only against those sharing enough stems with it
        // (two neighbours together share at most the sum of what each shares).
        var holders = new Dictionary<ulong, List<int>>();
        for (int j = 0; j < ny; j++)
        {
            foreach (ulong stem in y[j].Stems.Span)
            {
                if (!holders.TryGetValue(stem, out List<int>? list))
                {
                    holders[stem] = list = [];
                }

                list.Add(j);
            }
        }

        // best[i, j]: the most weight of x[0..i) that matches of y[0..j) cover; how[i, j] says which step reached it.
        double[] best = ArrayPool<double>.Shared.Rent((nx + 1) * width);
        byte[] how = ArrayPool<byte>.Shared.Rent((nx + 1) * width);
        int[] shared = ArrayPool<int>.Shared.Rent(width);
        try
        {
            Array.Clear(best, 0, (nx + 1) * width);
            Array.Clear(how, 0, (nx + 1) * width);
            for (int i = 1; i <= nx; i++)
            {
                Sentence s = x[i - 1];
                Array.Clear(shared, 0, width);
                foreach (ulong stem in s.Stems.Span)
                {
                    if (holders.TryGetValue(stem, out List<int>? list))
                    {
                        foreach (int j in list)
                        {
                            shared[j + 1]++;
                        }
                    }
                }

                for (int j = 1; j <= ny; j++)
                {
                    int at = (i * width) + j;
                    double value = best[at - width];
                    byte step = SkipX;
                    if (best[at - 1] > value)
                    {
                        (value, step) = (best[at - 1], SkipY);
                    }

                    double diagonal = best[at - width - 1] + s.Weight;
                    if (diagonal > value && shared[j] >= MinSharedWords && Matches(s, y[j - 1]))
                    {
                        (value, step) = (diagonal, One);
                    }

                    if (j >= 2)
                    {
                        double split = best[at - width - 2] + s.Weight;
                        if (split > value && shared[j - 1] + shared[j] >= MinSharedWords && Matches(s, joined[j - 2] ??= Joined(y[j - 2], y[j - 1])))
                        {
                            (value, step) = (split, Two);
                        }
                    }

                    best[at] = value;
                    how[at] = step;
                }
            }

            covered = best[(nx * width) + ny];
            var matches = new List<(int X, int YFirst, int YLast)>();
            int ti = nx, tj = ny;
            while (ti > 0 && tj > 0)
            {
                switch (how[(ti * width) + tj])
                {
                    case One:
                        matches.Add((ti - 1, tj - 1, tj - 1));
                        ti--;
                        tj--;
                        break;
                    case Two:
                        matches.Add((ti - 1, tj - 2, tj - 1));
                        ti--;
                        tj -= 2;
                        break;
                    case SkipY:
                        tj--;
                        break;
                    default:
                        ti--;
                        break;
                }
            }

            matches.Reverse();
            return matches;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(best);
            ArrayPool<byte>.Shared.Return(how);
            ArrayPool<int>.Shared.Return(shared);
        }
    }

    private const byte SkipX = 0;
    private const byte SkipY = 1;
    private const byte One = 2;
    private const byte Two = 3;
}

/// <summary>A text's sentences and their stems, before weighing (see <see cref="SentenceMatcher.Stem"/>): what a
/// match of it with any other text shares. Flat arrays, about 20 bytes a stem: sentence i holds the tokens
/// [<c>SentenceFirst[i]</c>, <c>SentenceEnd[i]</c>) and the distinct stems <c>Keys[KeyStart[i]..KeyStart[i + 1]]</c>,
/// ascending; key k stands at the tokens <c>Occurrences[OccurrenceStart[k]..OccurrenceStart[k + 1]]</c>, ascending, and
/// <c>Spread[k]</c> of the text's sentences hold it.</summary>
/// <param name="FunctionWords">The function words it was stemmed with.</param>
/// <param name="SentenceFirst">Each sentence's first content token (sentences that hold a stem, in text order).</param>
/// <param name="SentenceEnd">One past each sentence's last.</param>
/// <param name="KeyStart">Where each sentence's keys start, and their end.</param>
/// <param name="Keys">The sentences' distinct stems.</param>
/// <param name="OccurrenceStart">Where each key's tokens start, and their end.</param>
/// <param name="Occurrences">The tokens of the keys.</param>
/// <param name="Spread">For each key, the number of the text's sentences holding its stem.</param>
/// <param name="Distinct">Every stem of the text, distinct and ascending.</param>
internal sealed record StemmedText(
    FunctionWords FunctionWords,
    int[] SentenceFirst,
    int[] SentenceEnd,
    int[] KeyStart,
    ulong[] Keys,
    int[] OccurrenceStart,
    int[] Occurrences,
    int[] Spread,
    ulong[] Distinct);

/// <summary>Two texts' sentences matched in order (see <see cref="SentenceMatcher"/>).</summary>
/// <param name="CoverageA">Share of A's stem weight in sentences matched to B's, in order.</param>
/// <param name="CoverageB">The same for B onto A.</param>
/// <param name="CoveredA">A's stem weight matched.</param>
/// <param name="CoveredB">B's stem weight matched.</param>
/// <param name="Matched">The sentences matched of the side with more matched: A's in the chain of A onto B, or B's in the
/// chain of B onto A (one sentence of one text may match two of the other's together, so the two counts differ, and a
/// count of one side's would make a verdict depend on which text is A).</param>
/// <param name="SentencesA">A's sentences (those with a stem).</param>
/// <param name="SentencesB">B's.</param>
/// <param name="Passages">Runs of consecutive matched sentences, as passages, longest first.</param>
internal sealed record SentenceMatch(double CoverageA, double CoverageB, double CoveredA, double CoveredB, int Matched, int SentencesA, int SentencesB, IReadOnlyList<AlignedPassage> Passages)
{
    /// <summary>The share of the weight of A's sentences from the first matched to the last (<see cref="SpanA"/>) that
    /// the matched ones carry: <see cref="CoverageA"/> measured on the stretch of A that holds the match rather than on
    /// the whole of A.</summary>
    public double SpanCoverageA { get; init; }

    /// <summary>The same for B.</summary>
    public double SpanCoverageB { get; init; }

    /// <summary>A's content tokens from its first matched sentence to the end of its last.</summary>
    public SentenceSpan SpanA { get; init; }

    /// <summary>The same for B.</summary>
    public SentenceSpan SpanB { get; init; }

    /// <summary>The stretch of A a rewrite of the whole of B would fill: A's sentences from the first to the last that the
    /// chain of B onto A matched, widened by as many as B has (among its sentences with weight) before its first matched
    /// sentence and after its last; where the facts of a rewrite of B inside A are. Made from the other chain than
    /// <see cref="SpanA"/>, so it need not hold all of it.</summary>
    public SentenceSpan ReachA { get; init; }

    /// <summary>The same of B, for a rewrite of A inside B.</summary>
    public SentenceSpan ReachB { get; init; }
}

/// <summary>A stretch of a text's content tokens, [<see cref="FirstToken"/>, <see cref="EndToken"/>).</summary>
/// <param name="FirstToken">The first token.</param>
/// <param name="EndToken">One past the last token.</param>
internal readonly record struct SentenceSpan(int FirstToken, int EndToken);
