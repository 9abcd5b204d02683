using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Sketches;
using NearDup.Text;
using NearDup.Verification.Alignment;

namespace NearDup.Verification;

/// <summary>Confirms a candidate pair on the real shingle sequences and classifies it.</summary>
/// <remarks>
/// <para>
/// Every shingle position of each document is marked when the other document holds its shingle. Marked positions closer
/// than the passage gap join into passages; passages with fewer shared shingles than the minimum are dropped (stock
/// phrases). Coverage is the share of content tokens that the kept passages' shared shingles cover: the words of a hole
/// inside a passage are not shared, so a text with a word changed every few words is not covered; and a text one document
/// repeats counts as shared only as often as the other holds it. Then: equal
/// normalised texts are <see cref="MatchKind.Exact"/>; a word alignment that shows ordinary words reworded all through
/// the text is <see cref="MatchKind.Spun"/> (see <see cref="IsSpun"/>); both coverages high is
/// <see cref="MatchKind.NearDuplicate"/>; one coverage high, or one passage a large share of either document, is
/// <see cref="MatchKind.Contained"/> (unless the word alignment covers both nearly whole with only fields replaced: then
/// <see cref="MatchKind.NearDuplicate"/>); anything else is no relation. Rules for trailers, templates and the
/// collection's recurring text set some of these verdicts aside (<see cref="Overruling"/>).
/// </para>
/// <para>Cost: O(n log n) in the two documents' shingle counts. Thread safety: immutable, safe for concurrent use.</para>
/// </remarks>
public sealed class PairVerifier
{
    /// <summary>How many times a content word must be replaced (or put in) for the rewordings that touch it to be the fill
    /// of one slot rather than rewordings.</summary>
    internal const int MinSlotUses = 3;

    /// <summary>How many words of each side a template's slot may be: a name, or a name of two words.</summary>
    private const int MaxSlotWords = 2;

    /// <summary>Least weight of the spin skeleton a pair shares for it to be the pair's own (see
    /// <see cref="IRecurrence.SkeletonWeights"/>): the skeleton of a spun copy and its original, or of the spun versions
    /// of one spam campaign, is held by fewer than about twenty other documents; a template's frame, by every page written
    /// from it.</summary>
    /// <remarks>A spun pair needs its median skeleton weight to reach this: most of the skeleton it shares must be its
    /// own, however many fingerprints a template's fill makes the pair's alone (generated pages of one family of 6 to 17,
    /// whose mean the fill lifts past 0.05). A contained pair whose mean weighs less is not a copy either: what it shares
    /// is a section the collection carries; the mean keeps an excerpt that holds some text of the pair's own beside a
    /// family's standard text.</remarks>
    internal const double MinSkeletonWeight = 0.05;

    /// <summary>Share of each document's words (markup not counted) that must come before what a pair shares, when
    /// all it shares runs to the end of both, for the shared text to be a trailer both carry (see
    /// <see cref="SharesOnlyATrailer"/>).</summary>
    internal const double MinTrailerLead = 0.3;

    /// <summary>Share of a document's distinctive text that what a pair shares must reach to be a copy of that document
    /// however few distinctive words it weighs (see <see cref="ClassifyWidelyHeld"/>).</summary>
    /// <remarks>A campaign's mailing is nearly all text that other mailings of it hold, so its whole distinctive weight can
    /// be under the <see cref="VerificationOptions.MinPassageShingles"/> words an excerpt must weigh: the floor, meant for a
    /// footer that is a large share of a short message, then forbade every copy of it.</remarks>
    internal const double WidelyHeldOwnShare = 0.5;

    /// <summary>Share of what a document shares that must lie after <see cref="MinTrailerLead"/> of its words for the
    /// shared text to be the document's trailer (see <see cref="IsTrailerOf"/>).</summary>
    internal const double MinTrailerShare = 0.8;

    /// <summary>Share of a document's words that may follow the shared text that is its trailer (a tracking code, a
    /// mailer's stamp after the opt-out text).</summary>
    internal const double MaxTrailerTail = 0.1;

    /// <summary>Longest verbatim run, in words, below which an excerpt may be a filled frame (see
    /// <see cref="IsFilledFrame"/>); a shorter text's limit is <see cref="MaxFrameRunShare"/> of it.</summary>
    internal const int MaxFrameRun = 25;

    /// <summary>Share of the shorter text that the longest verbatim run of a filled frame stays under.</summary>
    internal const double MaxFrameRunShare = 0.2;

    /// <summary>Substitutions per aligned word of A from which aligned text is a frame filled again and again: one
    /// every 20 words.</summary>
    internal const double MinFrameSubstitutionDensity = 0.05;

    /// <summary>Share of the word shingles inside a side's aligned passages that its document holds more than once, from
    /// which the aligned text is a pattern the document repeats (see <see cref="RepeatsItsFrame"/>), not a text spun.</summary>
    internal const double MinRepeatedFrameShare = 0.3;

    /// <summary>Letters of a word that name its slot.</summary>
    private const int SlotStem = 4;

    /// <summary>Share of the aligned text (in runs of 20 words, see <see cref="SpinAlignment.RewordingSpread"/>) in which
    /// a spun copy rewords something: a spinner or a rewriter changes words all through a text, two texts from one
    /// template only in their fields.</summary>
    /// <remarks>Measured against chance instead (the share as many rewordings placed at random would reach), it let more
    /// than twice as many template pairs of the real collections through, and kept no more of the development corpus's
    /// spun copies.</remarks>
    internal const double MinRewordingSpread = 0.5;

    /// <summary>Share of one of the two texts that a spun pair's aligned passages must cover (see
    /// <see cref="IsMostlyAligned"/>): below it on both sides, and mostly verbatim runs inside the passages (see
    /// <see cref="IsMostlyVerbatim"/>), the pair is a reworded excerpt, contained.</summary>
    /// <remarks>Readers of the real collections called a pair spun when the reworded text was most of at least one of the
    /// two; a passage of a quarter to two fifths of each, lightly edited, with text of its own around it on both sides
    /// (a campaign's ad in two different mailings, a section adapted between two manuals), they called contained.</remarks>
    internal const double MinSpunExcerptShare = 0.5;

    /// <summary>Share of a spun pair's aligned text, on one side, that shared word 5-grams must cover for a passage under
    /// <see cref="MinSpunExcerptShare"/> of either text to be an excerpt lightly edited (see
    /// <see cref="IsMostlyVerbatim"/>).</summary>
    /// <remarks>The copies readers of the real mixed collection called contained kept verbatim runs over 52–79% of their
    /// aligned text; a spinner replacing half the words leaves about a tenth.</remarks>
    internal const double MinExcerptVerbatimShare = 0.5;

    /// <summary>Least number of different words or phrases a spun pair's rewordings replace, and of different ones
    /// they put in: a spinner at its lightest setting changes one word in twenty, which in the 100 words of a short
    /// text is five different words; an edited copy or a page made into its twin's changes two or three, again and
    /// again.</summary>
    internal const int MinDistinctRewordings = 5;

    /// <summary>Least share of either document's distinctive text (see <see cref="PairFigures.DistinctiveCoverageA"/>)
    /// that a pair whose words make it a near-duplicate must share, unless what tells the two apart is fields rather than
    /// words (see <see cref="IsCollectionFrame"/>).</summary>
    /// <remarks>Two generated pages for different commands (the standard list flags around another resource's name),
    /// two licence files for different packages or two chunks that are all style sheet share more than four fifths of
    /// their words, nearly all of it text hundreds of documents hold: they share 8–28% of their distinctive text. A
    /// document twice, however many documents carry it, shares nearly all of its own text (0.4 and more among the near
    /// duplicates of the real mail, campaigns of up to 34 mailings included).</remarks>
    internal const double MinNearDuplicateDistinctiveShare = 0.3;

    /// <summary>Most other documents, beyond the copies of either document (see <see cref="FillHolders"/>), that may hold
    /// a shared word 5-gram for it to be the pair's own text (see <see cref="IsFamilyPair"/>): a page in three release
    /// tracks (alpha, beta, GA) shares its command's text with the third; a family's pages share their frame with every
    /// sibling, so a family of five pages or more is told from a copy.</summary>
    internal const int MaxOwnTextHolders = 2;

    /// <summary>Largest mean weight of a document's unshared words, against its shared words', for the document to be the
    /// other's text with text the collection holds widely added (a list footer on one mailing of a campaign): a near
    /// duplicate by distinctive text (see <see cref="IsOnlyWidelyHeldAdded"/>). Weights are 1 / (1 + holders), so the
    /// unshared text is held by about ten times as many documents as the shared. On the real mail, footers and sender
    /// tags added to a campaign's ad weigh 0.01–0.2 of it; the text of a reply's own against the message it quotes, and
    /// the edges of two overlapping chunks of one page, 0.25 and more. The same share tells a footer under a trailer
    /// (see <see cref="IsWidelyHeldAdded"/>).</summary>
    internal const double MaxAddedTextWeight = 0.1;

    /// <summary>Least number of times a name must be replaced for the pair to be two pages of a family (see
    /// <see cref="IsFamilyPair"/>): a generated page names what it describes in its title and again in its text.</summary>
    internal const int MinNameFills = 2;

    /// <summary>Largest share of either document its shared word 5-grams may cover for the pair to be judged by its
    /// sentences: a rewrite that restructured every sentence keeps almost none of them (on a development set of such
    /// rewrites, at most an eighth), while texts written from one template or sharing a section keep whole runs and are
    /// judged by them.</summary>
    internal const double MaxRewriteVerbatim = 0.25;

    /// <summary>Least share of each document's content-word weight that sentences matched in order must carry for a
    /// rewrite (see <see cref="SentenceMatcher"/>).</summary>
    internal const double MinRewriteCoverage = 0.5;

    /// <summary>Largest share of either document the word alignment may cover for the pair to be judged by its sentences
    /// (see <see cref="RewrittenBySentences"/>): the rewrites of a development set aligned 0.07–0.41 of their texts, two
    /// pages written from one template nearly all.</summary>
    internal const double MaxRewriteAligned = 0.5;

    /// <summary>Least share of the facts (names, numbers, codes, identifiers: see <see cref="FactStems"/>) of the text
    /// that has more of them which the other must share for a rewrite by sentences: a rewrite keeps what it says, two
    /// texts written to one pattern (reference pages of two commands, the acknowledgements of two releases) match
    /// sentence by sentence around other names and numbers.</summary>
    /// <remarks>Measured on the rewrites development set (30 passages, see benchmarks/README.md): standard rewrites share
    /// 0.73–1 of their facts, fluent ones a median of all of them (27 of 30 at least half), same-topic negatives a median
    /// 0.09 (1 of 30 half). Of 74 pairs a looser sentence rule flagged in four real collections (reference pages of one
    /// pattern, the acknowledgements of two releases, spam of one template), 20 share half.</remarks>
    internal const double MinRewriteFactShare = 0.5;

    /// <summary>Least share of each document's content-word weight that sentences matched in order must carry for a
    /// rewrite that keeps nearly all its facts (see <see cref="KeepsNearlyAllFacts"/>): a fluent rewrite replaces most
    /// of the words of every sentence, so its sentences share fewer content words than <see cref="MinRewriteCoverage"/>
    /// asks (on the rewrites development set, 0.38–0.49 for a third of the fluent ones), but it keeps its names and
    /// numbers in the same order, which two texts of one pattern (other fill) or on one topic (other facts) do not.</summary>
    internal const double MinRewriteCoverageWithFacts = 0.35;

    /// <summary>Least number of sentences matched for a rewrite that keeps nearly all its facts (see
    /// <see cref="KeepsNearlyAllFacts"/>): a fluent rewrite merges sentences and says each another way, so that only two
    /// of five may still share enough content words with the sentence they rewrite, while its names and numbers stand in
    /// the same order.</summary>
    internal const int MinRewriteSentencesWithFacts = 2;

    /// <summary>Least number of facts two texts must share for <see cref="KeepsNearlyAllFacts"/>: one or two names in
    /// common (the country a speech is about) are no evidence.</summary>
    internal const int MinKeptFacts = 3;

    /// <summary>Least share of the facts of the text that has more of them which the other must share for
    /// <see cref="KeepsNearlyAllFacts"/>.</summary>
    internal const double MinKeptFactShare = 0.8;

    /// <summary>Least number of sentences matched for a rewrite: a sentence or two in common say little.</summary>
    internal const int MinRewriteSentences = 3;

    /// <summary>How many times the shorter text's content tokens the longer must hold for a rewrite of the shorter to be
    /// judged inside a stretch of the longer (see <see cref="SentenceMatch.SpanCoverageA"/>): a rewrite embedded in
    /// other text, at least as much of it as the rewrite. Two texts of about one length are judged whole, so that the
    /// unmatched ends of one are not cut off to make a match.</summary>
    internal const double MinRewriteHostLength = 2.0;

    /// <summary>Largest share of the smaller text's distinct spin-skeleton n-grams (see <see cref="SpinSkeleton"/>) the
    /// two texts may share for a rewrite by sentences: a rewrite that restructured every sentence changes the order of
    /// its function words and punctuation, so it keeps almost none (the rewrites of a development set kept at most a
    /// twentieth), while pages written from one template keep their frame's skeleton with other words in it.</summary>
    internal const double MaxRewriteSkeletonShare = 0.05;

    /// <summary>Least share of the steps between a passage's shared shingles that run on in the other document's order
    /// (an occurrence of the next shingle shortly after the occurrence of the one before), for the passage to be shared
    /// text.</summary>
    /// <remarks>A passage one text took from the other runs in the same order in both: nearly every step does, and a
    /// hole (an edited word) moves both texts on by about as much. Two texts over a tiny vocabulary (streams of digits,
    /// a table of a few symbols) each hold nearly every 5-gram of it, so every position is "shared" and the positions
    /// join into one passage, while their occurrences in the other text lie about at random: almost no step runs on in
    /// order. A copied stretch of such a text still runs on in order, wherever in the other it lies.</remarks>
    internal const double MinOrderedShare = 0.5;

    /// <summary>Most occurrences of a shingle in the other document followed to find one after the previous shingle's
    /// (see <see cref="MinOrderedShare"/>): real text repeats a 5-gram a few times; a text over a few words may hold one
    /// thousands of times, and a step that needs more is taken as out of order.</summary>
    internal const int MaxOccurrencesFollowed = 64;

    /// <summary>Elements in a spin-skeleton n-gram, as analysis makes them by default.</summary>
    internal const int RewriteSkeletonGram = 7;

    /// <summary>Creates a verifier.</summary>
    /// <param name="shingleSize">The shingle size (words) the documents were shingled with.</param>
    /// <param name="options">Thresholds; null for <see cref="VerificationOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shingleSize"/> is less than 1.</exception>
    /// <param name="aligner">The word aligner for spun copies; null for an English one.</param>
    /// <param name="winnowingWindow">The winnowing window of the documents' passage fingerprints (see
    /// <see cref="Analysis.AnalysisOptions.WinnowingWindow"/>), whose picks the collection's weights are of; at least 1.
    /// It matters only where a verification weighs text by the collection (an index's or a scan's verifier, made with
    /// the index's window).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="winnowingWindow"/> is less than 1.</exception>
    public PairVerifier(int shingleSize, VerificationOptions? options = null, SpinAligner? aligner = null, int winnowingWindow = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shingleSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(winnowingWindow, 1);
        ShingleSize = shingleSize;
        Options = options ?? VerificationOptions.Default;
        Aligner = aligner ?? new SpinAligner();
        WinnowingWindow = winnowingWindow;
    }

    /// <summary>The winnowing window of the documents' passage fingerprints: a position's collection weight is that of
    /// the fingerprint its window picks.</summary>
    public int WinnowingWindow { get; }

    /// <summary>The word aligner used to recognise spun copies.</summary>
    public SpinAligner Aligner { get; }

    /// <summary>Shingle size in words.</summary>
    public int ShingleSize { get; }

    /// <summary>The thresholds.</summary>
    public VerificationOptions Options { get; }

    /// <summary>Verifies a pair.</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <returns>The verdict, or null when the pair is not a copy of any kind.</returns>
    public PairVerdict? Verify(IVerifiableDocument a, IVerifiableDocument b) => Verify(a, b, null);

    /// <summary>Verifies a pair drawn from a collection: text that other documents of the collection hold too counts
    /// less towards the coverages, the more documents hold it (see <see cref="IRecurrence"/>).</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <param name="recurrence">How the collection holds the pair's text, or null to weigh all text alike.</param>
    /// <returns>The verdict, or null when the pair is not a copy of any kind.</returns>
    internal PairVerdict? Verify(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence) => Verify(a, b, recurrence, judgeReversed: false, out _);

    /// <summary>As <see cref="Verify(IVerifiableDocument, IVerifiableDocument, IRecurrence?)"/>, judging the pair with
    /// <paramref name="b"/> as the first document when <paramref name="judgeReversed"/> and turning the verdict back to
    /// the order given (see <see cref="JudgedReversed"/>).</summary>
    /// <param name="a">First document, as the verdict gives it.</param>
    /// <param name="b">Second document.</param>
    /// <param name="recurrence">How the collection holds the pair's text, or null.</param>
    /// <param name="judgeReversed">Whether to judge the pair the other way round.</param>
    /// <returns>The verdict, or null when the pair is not a copy of any kind.</returns>
    internal PairVerdict? Verify(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence, bool judgeReversed) => Verify(a, b, recurrence, judgeReversed, out _);

    /// <summary>Whether a pair of two documents of one collection is judged with the second first. The rules read an
    /// alignment of one document onto the other, and an alignment depends on which side is A (its seeds and chains, its
    /// passages, the words of A it counts), so a verdict would depend on the order a caller gives the pair in: a scan
    /// gives it in key order, a query gives the indexed document first, explain gives the files as typed. So a scan, a
    /// query of a document the index holds and explain in the collection's context all judge the document with the
    /// smaller id (ordinal) first, as a scan of a folder meets them, and a query the collection does not hold is judged
    /// after the indexed document, the original, as given.</summary>
    /// <param name="first">The id of the document the verdict gives first.</param>
    /// <param name="second">The id of the other.</param>
    /// <returns>True when the second comes first.</returns>
    /// <remarks>An order the texts decide (their exact hashes, or the shorter first) was tried: on the pairs it changed,
    /// readers judged most of what it unflagged on mail and mixed copies (7 of 9, and 8 of 8 for the shorter first). A
    /// folder's ids are mostly in the order its documents were written, a mail archive's certainly, and the rules were
    /// made with the original as A.</remarks>
    internal static bool JudgedReversed(string first, string second) => string.CompareOrdinal(first, second) > 0;

    /// <summary>As <see cref="Verify(IVerifiableDocument, IVerifiableDocument, IRecurrence?)"/>, saying which rule set a
    /// copy aside when one did.</summary>
    private PairVerdict? Verify(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence, bool judgeReversed, out Overruling overruling)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        PairVerdict? verdict = judgeReversed
            ? Reversed(VerifyPair(b, a, recurrence is null ? null : new ReversedRecurrence(recurrence), out overruling), a, b)
            : VerifyPair(a, b, recurrence, out overruling);
        if (verdict is not null)
        {
            verdict.TextA = a.Text;
            verdict.TextB = b.Text;
        }

        return verdict;
    }

    /// <summary>A collection's recurrence asked about a pair the other way round: what it says of B as the first document
    /// is what it says of the pair's first document as given (whether each is one of the collection's documents is a
    /// fact about that document, not about its place in the pair).</summary>
    private sealed class ReversedRecurrence(IRecurrence given) : IRecurrence
    {
        public bool CountsAreLocal => given.CountsAreLocal;

        public void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB) => given.Weigh(b, a, weightsB, weightsA);

        public void WeighFrame(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB) => given.WeighFrame(b, a, weightsB, weightsA);

        public SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b, int copies) => given.SkeletonWeights(b, a, copies);
    }

    /// <summary>A verdict reached with the documents the other way round, turned to the order given: the ids and the
    /// figures swap sides, and the evidence shown is made in the order given, as it would have been without the turn
    /// (the passages are found from A's side, and a word alignment counts A's words); the kind and the score are the
    /// verdict's.</summary>
    private PairVerdict? Reversed(PairVerdict? verdict, IVerifiableDocument a, IVerifiableDocument b)
    {
        if (verdict is null)
        {
            return null;
        }

        PairFigures f = verdict.Figures;
        var figures = new PairFigures(f.Jaccard, f.ContainmentBInA, f.ContainmentAInB, f.CoverageB, f.CoverageA, f.LongestPassageShareB, f.LongestPassageShareA, f.SimHashDistance)
        {
            DistinctiveCoverageA = f.DistinctiveCoverageB,
            DistinctiveCoverageB = f.DistinctiveCoverageA,
            DistinctiveLongestShareA = f.DistinctiveLongestShareB,
            DistinctiveLongestShareB = f.DistinctiveLongestShareA,
            DistinctiveWordsA = f.DistinctiveWordsB,
            DistinctiveWordsB = f.DistinctiveWordsA,
        };
        SpinAlignment? alignment = verdict.Alignment is null ? null : Aligner.Align(a, b);
        IReadOnlyList<AlignedPassage> passages;
        if (verdict.BySentences)
        {
            passages = Swapped(verdict.Passages); // matched sentences are matched both ways
        }
        else if ((verdict.Kind == MatchKind.Spun || verdict.Reworded) && alignment is not null)
        {
            passages = alignment.Passages; // a spun verdict, or a reworded excerpt, shows its alignment's passages
        }
        else
        {
            Measure(a, b, null, out List<AlignedPassage> shared); // the stretches of shared word 5-grams, from A's side
            passages = shared;
        }

        return new PairVerdict(a.Id, b.Id, verdict.Kind, verdict.Score, figures, passages, alignment)
        {
            BySentences = verdict.BySentences,
            SentenceCoverage = (verdict.SentenceCoverage.B, verdict.SentenceCoverage.A),
            RewriteAInsideB = !verdict.RewriteAInsideB,
            Reworded = verdict.Reworded,
            WidelyHeld = verdict.WidelyHeld,
            ByDistinctiveText = verdict.ByDistinctiveText,
        };
    }

    private static List<AlignedPassage> Swapped(IReadOnlyList<AlignedPassage> passages)
    {
        var swapped = new List<AlignedPassage>(passages.Count);
        foreach (AlignedPassage p in passages)
        {
            swapped.Add(new AlignedPassage(p.BStart, p.BEnd, p.AStart, p.AEnd, p.BTokens, p.ATokens));
        }

        return swapped;
    }

    private PairVerdict? VerifyPair(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence, out Overruling overruling)
    {
        overruling = Overruling.None;
        if (a.ContentTokens.IsEmpty || b.ContentTokens.IsEmpty)
        {
            return null; // a text without a word (white space, punctuation, symbols) holds nothing to copy
        }

        TokenWeights weightsA = default, weightsB = default;
        try
        {
            Weigh(a, b, recurrence, ref weightsA, ref weightsB);
            PairFigures figures = Measure(a, b, weightsA, weightsB, out List<AlignedPassage> passages);
            if (a.ExactHash == b.ExactHash && a.ContentTokens.Length == b.ContentTokens.Length && a.ShingleSet.Count == b.ShingleSet.Count)
            {
                return new PairVerdict(a.Id, b.Id, MatchKind.Exact, 1.0, figures, passages);
            }

            // What two documents share only at their ends, after text of their own in both, is a trailer both carry (a
            // signature, a footer, a disclaimer, a list's trailer), however few other documents carry it: no copy.
            PairVerdict? byShingles = Classify(a.Id, b.Id, figures, passages, byCollection: recurrence is not null);

            // Said when nothing else makes the pair a copy: what it shares is a copy's share of its text, but the
            // collection holds it too.
            overruling = byShingles is null && recurrence is not null && IsCopyByUnweightedShares(figures) ? Overruling.RecurringText : Overruling.None;
            if (byShingles is not null && SharesOnlyATrailer(a, b, passages, recurrence is not null ? (weightsA, weightsB) : null))
            {
                byShingles = null;
                overruling = Overruling.Trailer;
            }

            // Whether the two are in different languages (see Languages): a translation aligns word for word as a spin or
            // an edited copy does, or its sentences match as a rewrite's do, but it is neither. Asked only of a pair whose
            // alignment would make it one of those, or whose sentences would make it spun; whether the alignment did is
            // kept for the explanation.
            bool? otherLanguages = null;
            bool InOtherLanguages() => otherLanguages ??= Languages.Differ(a.ContentTokens, b.ContentTokens, Aligner.FunctionWords);
            bool alignedAcrossLanguages = false;

            // A pair nothing else makes a copy may still be a rewrite that restructured every sentence (see
            // IsRewrittenBySentences); a rule that set a copy aside does not hold against that verdict.
            PairVerdict? Rewritten(ref Overruling setAside, SpinAlignment? aligned = null)
            {
                PairVerdict? rewritten = RewrittenBySentences(a, b, figures, weightsA, weightsB, aligned);
                bool translated = rewritten is not null && InOtherLanguages();
                rewritten = translated ? null : rewritten;

                // The verdicts of the word alignment (below) and of the sentences outrank the rules that set a copy aside,
                // so when only the languages kept one from the pair, that is what is said.
                setAside = rewritten is not null ? Overruling.None
                    : translated || alignedAcrossLanguages ? Overruling.OtherLanguage
                    : setAside;
                return rewritten;
            }

            // Whether the skeleton the pair shares is its own rather than the collection's (see MinSkeletonWeight); asked
            // at most once, and only by a rule that needs it.
            SkeletonWeights? skeleton = null;
            SkeletonWeights Skeleton() => skeleton ??= recurrence?.SkeletonWeights(a, b, copies: 0) ?? SkeletonWeights.Own;

            // The same for a spun copy, with the holders that are copies of the pair's own text not counted: the skeleton
            // a spun copy shares with an article 25 outlets carry is the article's, not a template's. A section or a
            // template's frame stays the collection's however many copies of either document there are (a licence that
            // ten packages carry, each in twenty copies, is a licence many documents carry).
            // Without copies (most pairs) it is the same weights, asked once.
            SkeletonWeights? ownSkeleton = null;
            SkeletonWeights SpinSkeleton() => ownSkeleton ??= recurrence is not null && CopiesOfOwnText(weightsA, weightsB) is > 0 and int copies
                ? recurrence.SkeletonWeights(a, b, copies)
                : Skeleton();
            bool SharesOwnSkeleton() => Skeleton().Mean >= MinSkeletonWeight;

            // What many other documents hold weighs little, but when it is most of one document's own text, that document
            // is in the other: a campaign's mailing inside another mailing of it (unless the alignment says otherwise
            // below). Asked only of a pair its recurring text alone keeps from being a copy, whose skeleton is its own (one
            // whose skeleton is the collection's shares a section of the collection, and stays no copy as before).
            Overruling withoutWidelyHeld = overruling;
            PairVerdict? widelyHeld = byShingles is null && overruling == Overruling.RecurringText && SharesOwnSkeleton()
                ? ClassifyWidelyHeld(a, b, figures, passages)
                : null;
            if (widelyHeld is not null)
            {
                byShingles = widelyHeld;
                overruling = Overruling.None;
            }

            // Verdicts the alignment could not change are given before aligning, where counting holders costs no round
            // trip. Spun needs a skeleton of its own (below), so when the skeleton the pair shares is the collection's,
            // a pair its shingles do not make a copy stays none (most such pairs in real collections: the word pairs
            // propose every pair that shares a few rare word pairs), and a contained one is set aside as a section of
            // the collection, as the rule below does after the alignment.
            if (recurrence is { CountsAreLocal: true } && byShingles is null or { Kind: MatchKind.Contained } && SpinSkeleton().Median < MinSkeletonWeight)
            {
                if (byShingles is null)
                {
                    return Rewritten(ref overruling);
                }

                if (!SharesOwnSkeleton())
                {
                    overruling = Overruling.CollectionSection;
                    return null;
                }
            }

            SpinAlignment alignment = Aligner.Align(a, b);

            // A widely held text that is most of a document is its copy, but not when it is a trailer of either (a message
            // that is nothing but a mailer's opt-out text, which the other carries at its end after an ad of its own), nor
            // when the two differ in names or identifiers (pages generated from one template, each nearly all frame).
            if (widelyHeld is not null && ReferenceEquals(byShingles, widelyHeld)
                && (FillsNamesOrIdentifiers(alignment) || IsTrailerOf(a, passages, sideA: true) || IsTrailerOf(b, passages, sideA: false)))
            {
                byShingles = null;
                overruling = withoutWidelyHeld;
            }

            // Nearly all their words are the same, but nearly all of that is text the collection carries, and what each
            // has of its own is other words: two pages a generator wrote for different things (the standard flags of
            // every list command around another resource's name), one licence for two packages. Not a document twice;
            // what else they share is judged as for any other pair. A campaign mailed many times, each mailing with its
            // own ids or names, differs in fields and stays a near-duplicate.
            if (byShingles is { Kind: MatchKind.NearDuplicate } && IsCollectionFrame(figures, alignment))
            {
                byShingles = Classify(a.Id, b.Id, figures, passages, nearDuplicate: false);
                overruling = byShingles is null ? Overruling.CollectionFrame : overruling;
            }

            // Two pages of one family that differ in the name of what they describe (CMAKE_CXX_STANDARD_REQUIRED /
            // CMAKE_HIP_STANDARD_REQUIRED, two commands' list pages): nearly all their words are the same, but every
            // passage they share other pages of the family hold too, and the fill, the one thing each has of its own,
            // differs. Not a copy. A campaign's mailings differ in addresses, codes and numbers, not names; one page
            // in two release tracks, or a document and its copies, share text only they hold. The same when one page
            // has text of its own besides (the other then contained in it): what they share is still the frame.
            if (recurrence is not null && (byShingles is { Kind: MatchKind.NearDuplicate } || (byShingles is { Kind: MatchKind.Contained } && SharesOwnSkeleton()))
                && IsFamilyPair(a, b, alignment, weightsA, weightsB))
            {
                byShingles = null;
                overruling = Overruling.TemplateSlotFill;
            }

            // Two pages of one family that share their family's frame with each page's name in it (a tool suite's footer
            // naming the command, a library's pages with the function's name in every section): a window that reaches
            // from the frame into the name picks the page's own fingerprint, and the frame's edges weighed as the pair's
            // own text. Weighed as a frame, what they share is the collection's, and they are no copy. Both contained
            // rules are asked only of a pair whose skeleton is its own: one whose skeleton is the collection's is a
            // section of the collection (below), whether or not its counts were asked before aligning.
            if (recurrence is not null && byShingles is { Kind: MatchKind.Contained } && SharesOwnSkeleton() && IsNameFilled(alignment, a.Text, b.Text)
                && ClassifyAsFrame(a, b, recurrence) is null)
            {
                byShingles = null;
                overruling = Overruling.TemplateSlotFill;
            }

            // Spun outranks the shingle verdicts only on its own evidence: ordinary words reworded all through the text
            // (IsSpun), over distinctive text (a reworded opt-out paragraph or signature that many documents carry is
            // not a spun copy). A pair whose words are nearly all equal (fewer than MinSpinRate reworded) or whose
            // changes are the fields of a template stays what its shared word sequences say. Spun must hold both ways:
            // the seeds and chains depend on which side is A, and a verdict must not.
            // An edited copy has the shape of a spun one, but its rewordings are grammar (a preposition for another, a
            // contraction written out: see SubstitutionClass.Grammar), which editors change as readily as spinners, or a
            // few different words swapped again and again (see MinDistinctRewordings): it is the copy the alignment
            // shows, whole or in part, not a spin. A translation, whose words align as either's do, is neither: the pair is
            // judged on what its word sequences share (an untranslated paragraph both carry), as if its words did not align.
            SpinAlignment? reverse = null;
            bool alignsAsCopy = IsSpunShape(alignment, withGrammar: true)
                && SpunShare(a, b, alignment, weightsA, weightsB, figures) >= Options.MinSpunCoverage
                && SpinSkeleton().Median >= MinSkeletonWeight
                && !RepeatsItsFrame(a, alignment, sideA: true)
                && !RepeatsItsFrame(b, alignment, sideA: false)
                && IsSpunShape(reverse = Aligner.Align(b, a), withGrammar: true);
            alignedAcrossLanguages = alignsAsCopy && InOtherLanguages();
            if (alignsAsCopy && !alignedAcrossLanguages && reverse is not null)
            {
                Overruling setAside = overruling;
                overruling = Overruling.None;
                // The alignment depends on which side is A, and so does how it splits replaced phrases: the pair is
                // spun when either side's rewordings are many different ones.
                bool spun = IsSpunShape(alignment, withGrammar: false)
                    && IsSpunShape(reverse, withGrammar: false)
                    && Math.Max(DistinctRewordings(alignment), DistinctRewordings(reverse)) >= MinDistinctRewordings
                    && !FactsOutweighWords(alignment)
                    && !FactsOutweighWords(reverse);

                // A reworded passage that is less than half of either text and mostly verbatim runs, lightly edited (a
                // campaign's ad inside two different mailings, a section adapted from one manual into another), is an
                // excerpt, edited: contained, on the alignment's passages. A passage reworded all through stays spun,
                // whatever else the two texts share; so does a rewrite whose word sequences are all broken (a fluent
                // rewrite, whose restructured sentences align in part only).
                if (spun && !IsMostlyAligned(alignment) && !IsMostlyAligned(reverse) && IsMostlyVerbatim(passages, alignment))
                {
                    return new PairVerdict(a.Id, b.Id, MatchKind.Contained, byShingles is { Kind: MatchKind.Contained } ? byShingles.Score : Math.Max(alignment.OrderedCoverageA, alignment.OrderedCoverageB), figures, alignment.Passages, alignment)
                    {
                        Reworded = true,
                    };
                }

                if (spun)
                {
                    return new PairVerdict(a.Id, b.Id, MatchKind.Spun, Math.Max(alignment.OrderedCoverageA, alignment.OrderedCoverageB), figures, alignment.Passages, alignment);
                }

                // Not spun, it is an edited copy: the copy the alignment shows. That does not undo a rule above that set the
                // shingles' verdict aside as a trailer both carry, a template's fill or the collection's frame (the trailer
                // rule, the family rule, the name-filled frame rule, the collection-frame rule): a footer, or the pages of
                // one family, line up word for word as well as an edited copy does.
                if (setAside is Overruling.Trailer or Overruling.TemplateSlotFill or Overruling.CollectionFrame)
                {
                    overruling = setAside;
                    return null;
                }

                // And a pair the shingles never made a copy, whose alignment puts another name in, is asked what the
                // name-filled frame rule asks of a contained pair: weighed as a frame, is what the alignment holds still
                // an excerpt's share? Two pages of one family adapted from one pattern (get-widget / update-widget) are
                // not; a paragraph two documents alone carry, a product's name swapped, is.
                if (byShingles is null && recurrence is not null && IsNameFilled(alignment, a.Text, b.Text) && IsAlignedFrame(a, b, alignment, recurrence))
                {
                    overruling = Overruling.TemplateSlotFill;
                    return null;
                }

                if (IsAlignedWhole(alignment, anyRewording: true))
                {
                    return new PairVerdict(a.Id, b.Id, MatchKind.NearDuplicate, Math.Min(alignment.CoverageA, alignment.CoverageB), figures, passages, alignment);
                }

                return new PairVerdict(a.Id, b.Id, MatchKind.Contained, byShingles is { Kind: MatchKind.Contained } ? byShingles.Score : Math.Max(alignment.OrderedCoverageA, alignment.OrderedCoverageB), figures, passages, alignment)
                {
                    WidelyHeld = byShingles?.WidelyHeld ?? false,
                };
            }

            // What a contained pair shares is the collection's when its skeleton is: a standard section (how to report a
            // bug, an opt-out notice with its form, a newsletter's frame) that every document of a family carries, with
            // the family's other recurring text around it, weighs enough to pass for an excerpt, but it is the family's,
            // not copied from one document into the other. A passage a few documents share (a campaign's ad, an excerpt
            // quoted twice) keeps its weight. Near-duplicates and exact copies are judged on their own words.
            if (byShingles is { Kind: MatchKind.Contained } && !SharesOwnSkeleton())
            {
                overruling = Overruling.CollectionSection;
                return null;
            }

            // Two lists or entries written from one pattern with other values all through (module upgrades "from version
            // a to b", download URLs per release, config entries): their shared 5-grams chain into one long passage
            // across the fills, but no verbatim run in it is longer than a few words, and a word in every twenty is
            // replaced. A copied excerpt holds a run of its own words; edited copies keep runs between their edits.
            if (byShingles is { Kind: MatchKind.Contained } && IsFilledFrame(a, b, alignment))
            {
                overruling = Overruling.FilledFrame;
                return null;
            }

            // Two texts written from one template share its frame and differ in one slot filled again and again (DROP
            // CAST / DROP TRANSFORM, perlfunc's sysread / syswrite): not a copy of each other, however much frame they
            // share, unless the fill is copied too.
            if (byShingles is not null && IsSlotFill(alignment, 2 * MinSlotUses))
            {
                overruling = Overruling.SlotFill;
                return null;
            }

            // The same when the slot holds a name or an identifier (approve / reject in two generated command pages) and
            // most of the skeleton the pair shares is the collection's (its median weight: the fill makes a few
            // fingerprints the pair's own, which lift the mean): a template's frame, which many documents carry. A
            // paragraph reused by two documents alone with a product's name swapped stays a copy; so does one document
            // for two releases, whose slot holds version numbers, which fill no name slot.
            if (byShingles is not null && IsSlotFill(alignment, 2 * MinSlotUses, anyClass: true) && Skeleton().Median < MinSkeletonWeight)
            {
                overruling = Overruling.TemplateSlotFill;
                return null;
            }

            // Both documents aligned nearly whole, with few words replaced and none reworded (a command page in two
            // release tracks, "alpha" for "beta" all through; an alias page; a spam mailed again under another name):
            // the replaced fields break so many 5-grams that the shingles see only an excerpt, but the words say
            // near-duplicate.
            if (byShingles is { Kind: MatchKind.Contained } && IsAlignedWhole(alignment))
            {
                return new PairVerdict(a.Id, b.Id, MatchKind.NearDuplicate, Math.Min(alignment.CoverageA, alignment.CoverageB), figures, passages, alignment);
            }

            return byShingles is null
                ? Rewritten(ref overruling, alignment)
                : new PairVerdict(a.Id, b.Id, byShingles.Kind, byShingles.Score, figures, passages, alignment) { WidelyHeld = byShingles.WidelyHeld, ByDistinctiveText = byShingles.ByDistinctiveText };
        }
        finally
        {
            weightsA.Release();
            weightsB.Release();
        }
    }

    /// <summary>Whether the shared word 5-grams inside an alignment's passages cover at least
    /// <see cref="MinExcerptVerbatimShare"/> of the aligned text on one side, in characters: an excerpt lightly edited,
    /// mostly verbatim runs, rather than a passage reworded all through (which a footer both texts also carry, aligned
    /// whole, does not make verbatim).</summary>
    /// <param name="shared">The stretches of shared 5-grams, from A's side (as the pair's figures are measured).</param>
    /// <param name="alignment">The alignment.</param>
    /// <returns>True when the runs reach the share of the aligned text of A or of B.</returns>
    internal static bool IsMostlyVerbatim(IReadOnlyList<AlignedPassage> shared, SpinAlignment alignment)
    {
        long insideA = 0, insideB = 0, alignedA = 0, alignedB = 0;
        foreach (AlignedPassage aligned in alignment.Passages)
        {
            alignedA += aligned.AEnd - aligned.AStart;
            alignedB += aligned.BEnd - aligned.BStart;
            foreach (AlignedPassage run in shared)
            {
                insideA += Math.Max(0, Math.Min(run.AEnd, aligned.AEnd) - Math.Max(run.AStart, aligned.AStart));
                insideB += Math.Max(0, Math.Min(run.BEnd, aligned.BEnd) - Math.Max(run.BStart, aligned.BStart));
            }
        }

        return (alignedA > 0 && insideA >= MinExcerptVerbatimShare * alignedA) || (alignedB > 0 && insideB >= MinExcerptVerbatimShare * alignedB);
    }

    /// <summary>Whether an alignment covers at least <see cref="MinSpunExcerptShare"/> of one of the two texts.</summary>
    private static bool IsMostlyAligned(SpinAlignment alignment) =>
        Math.Max(alignment.CoverageA, alignment.CoverageB) >= MinSpunExcerptShare;

    /// <summary>A spun verdict for a pair nothing else made a copy, when its sentences match in order (see
    /// <see cref="IsRewrittenBySentences"/>); null otherwise.</summary>
    /// <remarks>Two texts written from one template match sentence by sentence too, with other names in every sentence,
    /// which break their word 5-grams; but their words still align in order, the frame's words kept and the fill's
    /// replaced, and the word alignment's rules judge them. A rewrite that restructured every sentence does not align:
    /// its sentences are judged only when the word alignment covers less than <see cref="MaxRewriteAligned"/> of either
    /// text.</remarks>
    private PairVerdict? RewrittenBySentences(IVerifiableDocument a, IVerifiableDocument b, PairFigures figures, TokenWeights weightsA, TokenWeights weightsB, SpinAlignment? alignment)
    {
        // A text may be rewritten inside a stretch of the other only when the other is at least twice as long; then only
        // the shorter text's whole coverage is bounded before matching.
        bool mayBeInsideB = b.ContentTokens.Length >= MinRewriteHostLength * a.ContentTokens.Length;
        bool mayBeInsideA = a.ContentTokens.Length >= MinRewriteHostLength * b.ContentTokens.Length;
        SentenceMatcher.RequiredSides sides = mayBeInsideB ? SentenceMatcher.RequiredSides.A : mayBeInsideA ? SentenceMatcher.RequiredSides.B : SentenceMatcher.RequiredSides.Both;
        if (figures.CoverageA >= MaxRewriteVerbatim || figures.CoverageB >= MaxRewriteVerbatim
            || SentenceMatcher.Match(a, b, weightsA, weightsB, Aligner.FunctionWords, new(MinRewriteCoverageWithFacts, MinRewriteSentencesWithFacts, sides, Weight: Options.MinPassageShingles)) is not { } match)
        {
            return null;
        }

        // The whole of both texts; else the whole of one inside a stretch of the other (a rewrite embedded in a longer
        // text, whose sentences must fill the stretch as densely as a whole rewrite fills its text, and whose facts are
        // those of the stretch the whole rewrite would fill: see SentenceMatch.ReachB). The facts are worked out only for
        // the few pairs whose sentences match at all: most pairs of a collection stop at the match's bound above.
        SentenceMatch? rewrite = null;
        bool? aInsideB = null;
        ulong[]? factsA = null, factsB = null;
        if (IsRewrittenBySentences(match, MinRewriteCoverageWithFacts, MinRewriteSentencesWithFacts)
            && IsRewriteKeepingItsFacts(match, factsA = Facts(a), factsB = Facts(b)))
        {
            rewrite = match;
        }
        else if (mayBeInsideB
            && match with { CoverageB = match.SpanCoverageB } is var insideB
            && IsRewrittenBySentences(insideB, MinRewriteCoverageWithFacts, MinRewriteSentencesWithFacts)
            && IsRewriteKeepingItsFacts(insideB, factsA ??= Facts(a), StretchFacts(b, match.SpanB, match.ReachB, factsA)))
        {
            (rewrite, aInsideB) = (insideB, true);
        }
        else if (mayBeInsideA
            && match with { CoverageA = match.SpanCoverageA } is var insideA
            && IsRewrittenBySentences(insideA, MinRewriteCoverageWithFacts, MinRewriteSentencesWithFacts)
            && IsRewriteKeepingItsFacts(insideA, StretchFacts(a, match.SpanA, match.ReachA, factsB ??= Facts(b)), factsB))
        {
            (rewrite, aInsideB) = (insideA, false);
        }

        if (rewrite is null)
        {
            return null;
        }

        alignment ??= Aligner.Align(a, b);
        return alignment.CoverageA >= MaxRewriteAligned || alignment.CoverageB >= MaxRewriteAligned || SkeletonShare(a, b) >= MaxRewriteSkeletonShare
            ? null
            : new PairVerdict(a.Id, b.Id, MatchKind.Spun, Math.Min(rewrite.CoverageA, rewrite.CoverageB), figures, match.Passages)
            {
                BySentences = true,
                SentenceCoverage = (match.CoverageA, match.CoverageB),
                RewriteAInsideB = aInsideB,
            };
    }

    /// <summary>The facts of a rewrite standing inside a longer text: those of the stretch its matched sentences fill,
    /// and those of the other text found in the stretch the whole rewrite would fill (a rewrite's opening and closing
    /// sentences, restructured past matching, keep their facts next to the matched ones: see
    /// <see cref="SentenceMatch.ReachB"/>), but not the longer text's other facts there, which a stretch widened by a
    /// count of sentences may take in.</summary>
    /// <param name="host">The longer text.</param>
    /// <param name="span">The stretch its matched sentences fill.</param>
    /// <param name="reach">The stretch the whole rewrite would fill.</param>
    /// <param name="other">The shorter text's facts, distinct and ascending.</param>
    /// <returns>The facts, distinct and ascending.</returns>
    internal ulong[] StretchFacts(IVerifiableDocument host, SentenceSpan span, SentenceSpan reach, ulong[] other)
    {
        ulong[] matched = Facts(host, span), near = Facts(host, reach);
        var kept = new List<ulong>(matched);
        foreach (ulong f in near)
        {
            if (Array.BinarySearch(other, f) >= 0)
            {
                kept.Add(f);
            }
        }

        return HashSort.SortedDistinct(CollectionsMarshal.AsSpan(kept));
    }

    /// <summary>A document's fact stems (<see cref="FactStems.Of"/>), of the whole text or of a stretch of its content
    /// tokens.</summary>
    internal ulong[] Facts(IVerifiableDocument document, SentenceSpan? span = null) => span is { } s
        ? FactStems.Of(document.Text, document.ContentTokens[s.FirstToken..s.EndToken], Aligner.FunctionWords)
        : FactStems.Of(document.Text, document.ContentTokens, Aligner.FunctionWords);

    /// <summary>Whether two texts matched by their sentences share at least <see cref="MinRewriteFactShare"/> of their
    /// facts (see <see cref="FactStems"/>, <see cref="Facts"/>): a rewrite keeps its names, numbers and codes, two texts
    /// of one pattern differ in them.</summary>
    /// <param name="a">One text's fact stems, distinct and ascending (<see cref="FactStems.Of"/>).</param>
    /// <param name="b">The other's.</param>
    /// <returns>True when the facts are kept, or neither text has any.</returns>
    internal static bool KeepsItsFacts(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) => FactStems.Shared(a, b) >= MinRewriteFactShare;

    /// <summary>Whether a sentence match and the two texts' facts make a rewrite: the facts kept
    /// (<see cref="KeepsItsFacts(ReadOnlySpan{ulong}, ReadOnlySpan{ulong})"/>), and the sentences matched as <see cref="IsRewrittenBySentences"/> asks, with
    /// <see cref="MinRewriteCoverageWithFacts"/> and <see cref="MinRewriteSentencesWithFacts"/> when the texts keep
    /// nearly all their facts (<see cref="KeepsNearlyAllFacts"/>), <see cref="MinRewriteCoverage"/> and
    /// <see cref="MinRewriteSentences"/> otherwise.</summary>
    /// <param name="match">The sentence match.</param>
    /// <param name="factsA">A's fact stems, distinct and ascending (<see cref="FactStems.Of"/>).</param>
    /// <param name="factsB">B's.</param>
    /// <returns>True for a rewrite.</returns>
    internal bool IsRewriteKeepingItsFacts(SentenceMatch match, ReadOnlySpan<ulong> factsA, ReadOnlySpan<ulong> factsB) =>
        KeepsItsFacts(factsA, factsB)
        && (KeepsNearlyAllFacts(factsA, factsB)
            ? IsRewrittenBySentences(match, MinRewriteCoverageWithFacts, MinRewriteSentencesWithFacts)
            : IsRewrittenBySentences(match));

    /// <summary>Whether two texts share at least <see cref="MinKeptFacts"/> facts and at least
    /// <see cref="MinKeptFactShare"/> of the facts of the text that has more: then their sentences need match only
    /// <see cref="MinRewriteCoverageWithFacts"/> of their weight, in <see cref="MinRewriteSentencesWithFacts"/> sentences,
    /// for a rewrite.</summary>
    /// <param name="a">One text's fact stems, distinct and ascending (<see cref="FactStems.Of"/>).</param>
    /// <param name="b">The other's.</param>
    /// <returns>True when nearly all the facts are kept.</returns>
    internal static bool KeepsNearlyAllFacts(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int shared = HashSort.CountShared(a, b);
        return shared >= MinKeptFacts && shared >= MinKeptFactShare * Math.Max(a.Length, b.Length);
    }

    /// <summary>The share of the smaller text's distinct spin-skeleton n-grams (of <see cref="RewriteSkeletonGram"/>
    /// elements, as analysis makes them by default) the other text has too.</summary>
    internal double SkeletonShare(IVerifiableDocument a, IVerifiableDocument b)
    {
        HashSet<ulong> ofA = SkeletonGrams(a.Text), ofB = SkeletonGrams(b.Text);
        if (ofA.Count == 0 || ofB.Count == 0)
        {
            return 0;
        }

        int shared = 0;
        foreach (ulong g in ofA.Count <= ofB.Count ? ofA : ofB)
        {
            shared += (ofA.Count <= ofB.Count ? ofB : ofA).Contains(g) ? 1 : 0;
        }

        return (double)shared / Math.Min(ofA.Count, ofB.Count);
    }

    private HashSet<ulong> SkeletonGrams(string text)
    {
        Token[] tokens = Tokenizer.Tokenize(text);
        ulong[] grams = RentedArrays.Rent<ulong>(Math.Max(1, tokens.Length));
        try
        {
            return [.. grams.AsSpan(0, SpinSkeleton.Grams(tokens, Aligner.FunctionWords, RewriteSkeletonGram, grams))];
        }
        finally
        {
            RentedArrays.Give(grams);
        }
    }

    /// <summary>Whether two texts' sentences, matched in order by their content words, make one a rewrite of the other:
    /// at least <see cref="MinRewriteSentences"/> sentences matched, carrying at least <see cref="MinRewriteCoverage"/>
    /// of each text's content-word weight and at least <see cref="VerificationOptions.MinPassageShingles"/> words of
    /// weight on each side (what many documents of the collection hold weighs little, so a family's sentences do not add
    /// up to a rewrite), and holding at least <see cref="VerificationOptions.MinSpunAlignedTokens"/> tokens on each side,
    /// as a spun alignment must: a few short sentences in the same order are two texts written to one pattern as
    /// often as a rewrite.</summary>
    /// <remarks>For a pair nothing else made a copy and whose shared word 5-grams cover less than
    /// <see cref="MaxRewriteVerbatim"/> of either text: a fluent rewrite (an AI rewriter's) restructures every sentence,
    /// keeping its facts and their order, so that neither the 5-grams nor a word alignment see it.</remarks>
    /// <param name="match">The sentence match.</param>
    /// <param name="coverage">The least coverage of each side: <see cref="MinRewriteCoverage"/>, or
    /// <see cref="MinRewriteCoverageWithFacts"/> for texts that keep nearly all their facts.</param>
    /// <param name="sentences">The least number of sentences matched (<see cref="SentenceMatch.Matched"/>):
    /// <see cref="MinRewriteSentences"/>, or <see cref="MinRewriteSentencesWithFacts"/> for texts that keep nearly all
    /// their facts.</param>
    /// <returns>True for a rewrite.</returns>
    internal bool IsRewrittenBySentences(SentenceMatch match, double coverage = MinRewriteCoverage, int sentences = MinRewriteSentences) =>
        match.Matched >= sentences
        && Math.Min(match.CoverageA, match.CoverageB) >= coverage
        && Math.Min(match.CoveredA, match.CoveredB) >= Options.MinPassageShingles
        && Math.Min(match.Passages.Sum(p => p.ATokens), match.Passages.Sum(p => p.BTokens)) >= Options.MinSpunAlignedTokens;

    /// <summary>How many other documents of the collection are copies of one of the pair's texts: the holders of the
    /// most distinctive tenth of the side whose text recurs more (the tenth of its shingle positions that fewest other
    /// documents hold, from the collection's weights 1 / (1 + n)).</summary>
    /// <remarks>An article that 25 outlets carry is held whole by 25 other documents, its most distinctive words as
    /// much as its frame: those holders are its copies, and the skeleton it shares with a spun copy of it is no
    /// template's (see <see cref="IRecurrence.SkeletonWeights"/>). A page written from a template holds text of its own
    /// (its fill) that only its own copies hold, so the frame it shares with its siblings still counts them all. Counted
    /// up to <see cref="MaxCopies"/>. 0 without weights.</remarks>
    internal static int CopiesOfOwnText(TokenWeights a, TokenWeights b) => Math.Max(CopiesOfOwnText(a.Shingles), CopiesOfOwnText(b.Shingles));

    /// <summary>The most copies <see cref="CopiesOfOwnText(TokenWeights, TokenWeights)"/> counts.</summary>
    internal const int MaxCopies = 255;

    /// <summary>The least n such that a tenth of the positions have at most n other holders (weights 1 / (1 + n)).</summary>
    internal static int CopiesOfOwnText(ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty)
        {
            return 0;
        }

        Span<int> positions = stackalloc int[MaxCopies + 1];
        positions.Clear();
        foreach (double w in weights)
        {
            positions[OtherHolders(w)]++;
        }

        int tenth = (weights.Length + 9) / 10, seen = 0;
        for (int n = 0; n < MaxCopies; n++)
        {
            seen += positions[n];
            if (seen >= tenth)
            {
                return n;
            }
        }

        return MaxCopies;
    }

    /// <summary>Whether an alignment covers both documents as a near-duplicate's shingles would: at least
    /// <see cref="VerificationOptions.NearDuplicateCoverage"/> of each aligned, at most the rest of the aligned words
    /// replaced, and fewer reworded than <see cref="VerificationOptions.MinSpinRate"/> (the replaced words are fields:
    /// names, identifiers, numbers, URLs).</summary>
    /// <param name="alignment">The pair's alignment.</param>
    /// <param name="anyRewording">Whether the rewordings may reach <see cref="VerificationOptions.MinSpinRate"/>: for a
    /// pair already found not spun, whose rewordings are edits (see <see cref="DistinctRewordings"/>).</param>
    private bool IsAlignedWhole(SpinAlignment alignment, bool anyRewording = false) =>
        alignment.CoverageA >= Options.NearDuplicateCoverage
        && alignment.CoverageB >= Options.NearDuplicateCoverage
        && alignment.SubstitutionRate <= 1 - Options.NearDuplicateCoverage
        && (anyRewording || alignment.RewordingRate < Options.MinSpinRate);

    /// <summary>Whether the aligned text of a pair is a frame filled with other values all through: its longest verbatim
    /// run (<see cref="SpinAlignment.LongestMatchRun"/>) is shorter than
    /// <see cref="MaxFrameRun"/> words and than <see cref="MaxFrameRunShare"/> of the shorter document, and it has at
    /// least one substitution in every 1 / <see cref="MinFrameSubstitutionDensity"/> aligned words of A.</summary>
    private static bool IsFilledFrame(IVerifiableDocument a, IVerifiableDocument b, SpinAlignment alignment)
    {
        if (alignment.AlignedTokensA == 0)
        {
            return false;
        }

        int substitutions = 0;
        foreach (Substitution s in alignment.Substitutions)
        {
            substitutions += s.Count;
        }

        int shorter = Math.Min(a.ContentTokens.Length, b.ContentTokens.Length);
        return substitutions >= MinFrameSubstitutionDensity * alignment.AlignedTokensA
            && alignment.LongestMatchRun < Math.Min(MaxFrameRun, MaxFrameRunShare * shorter);
    }

    /// <summary>Contained, marked <see cref="PairVerdict.WidelyHeld"/>, when what the pair shares is at least
    /// <see cref="WidelyHeldOwnShare"/> of a document's distinctive text, however few distinctive words it weighs, as long
    /// as it holds <see cref="VerificationOptions.MinPassageShingles"/> of the document's words (a few words are no excerpt
    /// however little else the document says); null otherwise. The score is the larger such share. When it is nearly all
    /// of both documents' distinctive text, and what either has besides is held far more widely still (see
    /// <see cref="IsOnlyWidelyHeldAdded"/>), a near-duplicate by distinctive text instead
    /// (<see cref="PairVerdict.ByDistinctiveText"/>), as <see cref="Classify"/> judges text fewer documents hold.</summary>
    private PairVerdict? ClassifyWidelyHeld(IVerifiableDocument a, IVerifiableDocument b, PairFigures f, List<AlignedPassage> passages)
    {
        double share = Math.Max(Share(f.DistinctiveCoverageA, f.CoverageA, a), Share(f.DistinctiveCoverageB, f.CoverageB, b));
        if (share <= 0)
        {
            return null;
        }

        // Nearly all of both documents' own text, and what either has besides held far more widely (a campaign's mailing
        // twice, one with a tracking table or another sender's footer): a near-duplicate, as Classify judges text fewer
        // documents hold.
        if (f.DistinctiveCoverageA >= Options.NearDuplicateCoverage && f.DistinctiveCoverageB >= Options.NearDuplicateCoverage
            && IsOnlyWidelyHeldAdded(f.CoverageA, f.DistinctiveCoverageA) && IsOnlyWidelyHeldAdded(f.CoverageB, f.DistinctiveCoverageB))
        {
            return new PairVerdict(a.Id, b.Id, MatchKind.NearDuplicate, Math.Min(f.DistinctiveCoverageA, f.DistinctiveCoverageB), f, passages) { ByDistinctiveText = true };
        }

        return new PairVerdict(a.Id, b.Id, MatchKind.Contained, share, f, passages) { WidelyHeld = true };

        double Share(double distinctive, double plain, IVerifiableDocument document) =>
            distinctive >= WidelyHeldOwnShare && plain * document.ContentTokens.Length >= Options.MinPassageShingles ? distinctive : 0;
    }

    /// <summary>Whether an alignment replaces a name or an identifier, as pages generated from one template do: any
    /// substitution of either class (a name slot, <see cref="IsNameFilled"/>, is made of such substitutions).</summary>
    /// <remarks>Mailings of a campaign whose tracking codes align as identifiers are set aside too: sparing identifiers
    /// with a digit in them kept 12 more mailings of one campaign and let in 4 newsletter style sheets whose class names
    /// are numbered (benchmarks/README.md).</remarks>
    private static bool FillsNamesOrIdentifiers(SpinAlignment alignment)
    {
        foreach (Substitution s in alignment.Substitutions)
        {
            if (s.Class is SubstitutionClass.Name or SubstitutionClass.Identifier)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The passages' character ranges on one side, in order of their starts (then of their ends).</summary>
    /// <param name="passages">The passages.</param>
    /// <param name="sideA">Whether the ranges are A's.</param>
    private static (int Start, int End)[] SortedRanges(IReadOnlyList<AlignedPassage> passages, bool sideA)
    {
        var ranges = new (int Start, int End)[passages.Count];
        for (int i = 0; i < ranges.Length; i++)
        {
            AlignedPassage p = passages[i];
            ranges[i] = sideA ? (p.AStart, p.AEnd) : (p.BStart, p.BEnd);
        }

        Array.Sort(ranges);
        return ranges;
    }

    /// <summary>Which of a document's words (its content tokens that are not markup) the pair's shared passages cover,
    /// in text order: one sweep, as in AlignedShare, of the passages' ranges in order of their starts and the tokens in
    /// text order. What <see cref="IsTrailerOf"/> and <see cref="SharesOnlyATrailer"/> measure.</summary>
    /// <param name="document">The document.</param>
    /// <param name="passages">The pair's shared passages.</param>
    /// <param name="sideA">Whether the document is the pair's A.</param>
    /// <returns>One flag per word.</returns>
    private static bool[] CoveredWords(IVerifiableDocument document, List<AlignedPassage> passages, bool sideA) =>
        CoveredWords(document, passages, sideA, out _);

    /// <summary>As <see cref="CoveredWords(IVerifiableDocument, List{AlignedPassage}, bool)"/>, with the content token
    /// each word is.</summary>
    /// <param name="document">The document.</param>
    /// <param name="passages">The pair's shared passages.</param>
    /// <param name="sideA">Whether the document is the pair's A.</param>
    /// <param name="tokenOf">For each word, the index of its content token.</param>
    /// <returns>One flag per word.</returns>
    private static bool[] CoveredWords(IVerifiableDocument document, List<AlignedPassage> passages, bool sideA, out int[] tokenOf)
    {
        ReadOnlySpan<Token> tokens = document.ContentTokens;
        bool[]? markup = Markup.Mask(document.Text, tokens);
        (int Start, int End)[] ranges = SortedRanges(passages, sideA);
        var covered = new List<bool>(tokens.Length);
        var words = new List<int>(tokens.Length);
        int next = 0, reach = 0;
        for (int t = 0; t < tokens.Length; t++)
        {
            while (next < ranges.Length && ranges[next].Start <= tokens[t].Start)
            {
                reach = Math.Max(reach, ranges[next].End);
                next++;
            }

            if (markup is null || !markup[t])
            {
                covered.Add(reach >= tokens[t].End);
                words.Add(t);
            }
        }

        tokenOf = [.. words];
        return [.. covered];
    }

    /// <summary>Whether what a document shares is its trailer: at least <see cref="MinTrailerShare"/> of its shared words lie
    /// after <see cref="MinTrailerLead"/> of its words, and at most <see cref="MaxTrailerTail"/> of its words follow the last
    /// of them. Markup does not count as words (a table's tag before an ad is no text of the document's own).</summary>
    /// <remarks>Asked of both documents: a mailing whose ad follows a headline of its own of an eighth of its words or more
    /// (four fifths of the ad then lie after the first 30%) is its own trailer by this measure, and stays no copy. Asked
    /// of the containing document only, with what follows weighed by the collection, it let in mailers' opt-out texts
    /// and lost replies that quote a message at their end before the list's footer (benchmarks/README.md).</remarks>
    /// <param name="document">The document.</param>
    /// <param name="passages">The pair's shared passages.</param>
    /// <param name="sideA">Whether the document is the pair's A.</param>
    internal static bool IsTrailerOf(IVerifiableDocument document, List<AlignedPassage> passages, bool sideA)
    {
        if (passages.Count == 0)
        {
            return false;
        }

        bool[] covered = CoveredWords(document, passages, sideA);
        int words = covered.Length;
        double lead = MinTrailerLead * words;
        int shared = 0, late = 0, lastShared = -1;
        for (int word = 0; word < words; word++)
        {
            if (covered[word])
            {
                shared++;
                late += word >= lead ? 1 : 0;
                lastShared = word;
            }
        }

        return shared > 0 && late >= MinTrailerShare * shared && words - 1 - lastShared <= MaxTrailerTail * words;
    }

    /// <summary>Whether every word a pair shares lies at the end of both documents, after at least
    /// <see cref="MinTrailerLead"/> of each: the shape of a signature, a footer or a disclaimer two messages carry, not
    /// of a copy. A reply that quotes a message whole, an excerpt a document begins with or carries in its middle, and a
    /// copy that makes up most of either document all have another shape. Markup does not count as words, as in
    /// <see cref="IsTrailerOf"/>: two mailings that open with the same HTML head and close with different tags share
    /// a trailer all the same; nor do words standing in addresses after the shared text (a mailer's <c>mailto:</c> line
    /// or link under its opt-out notice: see <see cref="StandsInAddress"/>), which are the trailer's, not text of the
    /// document's own; nor, with a collection, text after it that the collection holds far more widely than the trailer
    /// (a list's footer under a mailer's notice on one of two mailings: see <see cref="IsWidelyHeldAdded"/>).</summary>
    private static bool SharesOnlyATrailer(IVerifiableDocument a, IVerifiableDocument b, List<AlignedPassage> passages, (TokenWeights A, TokenWeights B)? byCollection)
    {
        if (passages.Count == 0)
        {
            return false;
        }

        return EndsInShared(a, passages, sideA: true, byCollection?.A) && EndsInShared(b, passages, sideA: false, byCollection?.B);

        // The document's words (markup left out) after the last the passages cover stand in addresses only, or are text
        // the collection holds widely (see IsWidelyHeldAdded), and at least MinTrailerLead of its words come before the
        // first they cover. Passages start and end on token edges (see Pair), so on plain text with no address after the
        // shared text this is the test as first written: no token after the passages' last end, and that share of
        // tokens before their first start.
        static bool EndsInShared(IVerifiableDocument document, List<AlignedPassage> passages, bool sideA, TokenWeights? weights)
        {
            bool[] covered = CoveredWords(document, passages, sideA, out int[] tokenOf);
            int first = Array.IndexOf(covered, true);
            if (first < 0 || first < MinTrailerLead * covered.Length)
            {
                return false;
            }

            ReadOnlySpan<Token> tokens = document.ContentTokens;
            int last = Array.LastIndexOf(covered, true);
            double tailWeight = 0;
            int tailWords = 0;
            for (int word = last + 1; word < covered.Length; word++)
            {
                Token token = tokens[tokenOf[word]];
                if (!StandsInAddress(document.Text, token.Start, token.End))
                {
                    if (weights is not { } w)
                    {
                        return false;
                    }

                    tailWeight += w.Between(tokenOf[word], tokenOf[word] + 1);
                    tailWords++;
                }
            }

            return tailWords == 0 || IsWidelyHeldAdded(weights!.Value.Between(tokenOf[first], tokenOf[last] + 1) / (last - first + 1), tailWeight / tailWords);
        }
    }

    /// <summary>Whether text a document has besides what a pair shares is text the collection holds far more widely: its
    /// words weigh on average at most <see cref="MaxAddedTextWeight"/> of the shared words'. Asked of a copy's added
    /// text (see <see cref="IsOnlyWidelyHeldAdded"/>) and of the text after a trailer (a mailing list's footer under a
    /// mailer's opt-out notice on one of two mailings, addresses left out; see <see cref="SharesOnlyATrailer"/>), with a
    /// collection's weights only (markup alone weighs nothing without one). Two chunks of a stream of messages that end
    /// in the same ad, one going on into the next message, go on into text of their own, which weighs as much as the ad
    /// or more.</summary>
    /// <param name="shared">The mean weight of the shared words.</param>
    /// <param name="added">The mean weight of the other words.</param>
    /// <returns>True when the added text is that widely held.</returns>
    internal static bool IsWidelyHeldAdded(double shared, double added) => shared > 0 && added <= MaxAddedTextWeight * shared;

    /// <summary>Whether the aligned text of one side is mostly a pattern its own document repeats: at least
    /// <see cref="MinRepeatedFrameShare"/> of the word shingles inside the alignment's passages occur more than once in the
    /// document. Reference entries written from one pattern (psql's "Lists X. If pattern is specified, only X whose names
    /// match the pattern are listed", one conversion table after another) repeat their frame within each page, and the
    /// aligner pairs one page's entries with the other's, their different subjects looking like rewordings; a spun or
    /// rewritten copy aligns sentences that each stand once.</summary>
    private static bool RepeatsItsFrame(IVerifiableDocument document, SpinAlignment alignment, bool sideA)
    {
        ReadOnlySpan<ulong> shingles = document.Shingles;
        ReadOnlySpan<Token> tokens = document.ContentTokens;
        if (shingles.IsEmpty || alignment.Passages.Count == 0)
        {
            return false;
        }

        (int Start, int End)[] ranges = SortedRanges(alignment.Passages, sideA);
        var seen = new Dictionary<ulong, int>(shingles.Length);
        foreach (ulong shingle in shingles)
        {
            seen[shingle] = seen.GetValueOrDefault(shingle) + 1;
        }

        // Shingle p spans content tokens p .. p + size - 1; it is inside when one passage holds its first and last token.
        int size = tokens.Length - shingles.Length + 1;
        int inside = 0, repeated = 0, next = 0, reach = int.MinValue;
        for (int p = 0; p < shingles.Length; p++)
        {
            for (; next < ranges.Length && ranges[next].Start <= tokens[p].Start; next++)
            {
                reach = Math.Max(reach, ranges[next].End);
            }

            if (reach >= tokens[p + size - 1].End)
            {
                inside++;
                repeated += seen[shingles[p]] > 1 ? 1 : 0;
            }
        }

        return inside > 0 && repeated >= MinRepeatedFrameShare * inside;
    }

    /// <summary>A share of a document's distinctive text, or 0 when that share weighs fewer than
    /// <paramref name="minWords"/> words: a footer many documents carry can be a large share of a short message's weight
    /// and still weigh a few words, and two pages generated from one template align all through, but almost all they
    /// align is the frame hundreds of pages carry.</summary>
    private static double ShareIfWeighty(double share, double distinctiveWords, double minWords) =>
        share * distinctiveWords >= minWords ? share : 0;

    /// <summary>Share of a document's weight inside the alignment's passages: what the alignment covers of its distinctive
    /// text (its share of all text when there are no weights).</summary>
    /// <remarks>One sweep: the passages' ranges on this side in order of their starts, and the tokens, which are in text
    /// order. A token is inside a passage exactly when the furthest end of the ranges starting at or before it reaches
    /// its end.</remarks>
    private static double AlignedShare(IVerifiableDocument document, SpinAlignment alignment, TokenWeights weights, bool sideA)
    {
        ReadOnlySpan<Token> tokens = document.ContentTokens;
        double total = weights.Total(tokens.Length);
        if (total <= 0)
        {
            return 0;
        }

        (int Start, int End)[] ranges = SortedRanges(alignment.Passages, sideA);
        double inside = 0;
        int next = 0, reach = int.MinValue;
        for (int t = 0; t < tokens.Length; t++)
        {
            for (; next < ranges.Length && ranges[next].Start <= tokens[t].Start; next++)
            {
                reach = Math.Max(reach, ranges[next].End);
            }

            if (reach >= tokens[t].End)
            {
                inside += weights.Between(t, t + 1);
            }
        }

        return inside / total;
    }

    /// <summary>Whether an alignment fills a name slot: it replaces a name at least <see cref="MinNameFills"/> times
    /// (see <see cref="NameFills"/>, a name also standing in a link counting), whatever words it replaces besides.</summary>
    /// <remarks>Asking for more names than words, as the family rule does, kept 129 more contained flags on the real
    /// collections, 18 of the 20 that readers had read not copies: a page's own wording differs from its sibling's
    /// besides the name.</remarks>
    private static bool IsNameFilled(SpinAlignment alignment, string textA, string textB) =>
        NameFills(alignment, textA, textB, namesInAddresses: true).Names > 0;

    /// <summary>How many times <see cref="VerificationOptions.MinPassageShingles"/> distinctive words a shared share must
    /// weigh in <see cref="ClassifyAsFrame"/>: two pages of one family that say one more short thing alike (a sentence
    /// of a dozen words, an option's help line) share it as siblings do, not as an excerpt.</summary>
    /// <remarks>Asked of every pair (10 → 20 words), readers called 98 of 135 read mail removals and 33 of 52 mixed ones
    /// copies (replies quoting a question, short ads); asked of name-filled pairs only, 20 of 22 read removals were not
    /// copies, and no judged pair moved (benchmarks/README.md).</remarks>
    internal const double FrameExcerptFloorFactor = 2;

    /// <summary>The verdict of a pair's shared word sequences with its text weighed as a frame (see
    /// <see cref="IRecurrence.WeighFrame"/>), a shared share weighing at least <see cref="FrameExcerptFloorFactor"/>
    /// times the usual distinctive words.</summary>
    private PairVerdict? ClassifyAsFrame(IVerifiableDocument a, IVerifiableDocument b, IRecurrence recurrence) =>
        WeighedAsFrame(a, b, recurrence, (figures, passages, _, _) => Classify(a.Id, b.Id, figures, passages, floorFactor: FrameExcerptFloorFactor));

    /// <summary>Whether what an alignment holds, with the pair's text weighed as a frame (see
    /// <see cref="IRecurrence.WeighFrame"/>), falls short of the share of a document's distinctive text the spun test asks
    /// (<see cref="VerificationOptions.MinSpunCoverage"/>, over at least <see cref="VerificationOptions.MinSpunAlignedTokens"/>
    /// distinctive words): the alignment's counterpart of <see cref="ClassifyAsFrame"/> finding no copy.</summary>
    private bool IsAlignedFrame(IVerifiableDocument a, IVerifiableDocument b, SpinAlignment alignment, IRecurrence recurrence) =>
        WeighedAsFrame(a, b, recurrence, (figures, _, weightsA, weightsB) => SpunShare(a, b, alignment, weightsA, weightsB, figures) < Options.MinSpunCoverage);

    /// <summary>The larger of the two documents' shares of distinctive text inside an alignment's passages, each counting
    /// only when it weighs <see cref="VerificationOptions.MinSpunAlignedTokens"/> distinctive words: what the spun test
    /// asks to reach <see cref="VerificationOptions.MinSpunCoverage"/>.</summary>
    private double SpunShare(IVerifiableDocument a, IVerifiableDocument b, SpinAlignment alignment, TokenWeights weightsA, TokenWeights weightsB, PairFigures figures) =>
        Math.Max(
            ShareIfWeighty(AlignedShare(a, alignment, weightsA, sideA: true), figures.DistinctiveWordsA, Options.MinSpunAlignedTokens),
            ShareIfWeighty(AlignedShare(b, alignment, weightsB, sideA: false), figures.DistinctiveWordsB, Options.MinSpunAlignedTokens));

    /// <summary>What <paramref name="judge"/> makes of a pair with its text weighed as a frame (see
    /// <see cref="IRecurrence.WeighFrame"/>): the pair's figures and shared passages so weighed, and the weights, which
    /// are given back when it returns.</summary>
    private T WeighedAsFrame<T>(IVerifiableDocument a, IVerifiableDocument b, IRecurrence recurrence, Func<PairFigures, List<AlignedPassage>, TokenWeights, TokenWeights, T> judge)
    {
        TokenWeights weightsA = default, weightsB = default;
        try
        {
            Weigh(a, b, recurrence, ref weightsA, ref weightsB, frame: true);
            PairFigures figures = Measure(a, b, weightsA, weightsB, out List<AlignedPassage> passages);
            return judge(figures, passages, weightsA, weightsB);
        }
        finally
        {
            weightsA.Release();
            weightsB.Release();
        }
    }

    /// <summary>Rents and fills the token weights of a pair: by the collection (as a frame when <paramref name="frame"/>),
    /// and markup weighing nothing (nothing to rent without a collection and without markup).</summary>
    private static void Weigh(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence, ref TokenWeights weightsA, ref TokenWeights weightsB, bool frame = false)
    {
        bool[]? markupA = Markup.Mask(a.Text, a.ContentTokens), markupB = Markup.Mask(b.Text, b.ContentTokens);
        if (recurrence is null && markupA is null && markupB is null)
        {
            return;
        }

        weightsA = TokenWeights.Rent(a.Shingles.Length, a.ContentTokens.Length);
        weightsB = TokenWeights.Rent(b.Shingles.Length, b.ContentTokens.Length);
        if (recurrence is null)
        {
            weightsA.Shingles.Fill(1);
            weightsB.Shingles.Fill(1);
        }
        else
        {
            if (frame)
            {
                recurrence.WeighFrame(a, b, weightsA.Shingles, weightsB.Shingles);
            }
            else
            {
                recurrence.Weigh(a, b, weightsA.Shingles, weightsB.Shingles);
            }
        }

        weightsA.Sum(markupA);
        weightsB.Sum(markupB);
    }

    /// <summary>Whether an alignment shows a spun copy: long, mostly kept, in order, with ordinary words reworded all
    /// through it.</summary>
    /// <remarks>Only rewordings count (<see cref="SubstitutionClass.Rewording"/>), each replacement at most twice: the
    /// numbers, names, addresses and identifiers two texts from one template vary, and one slot filled the same way many
    /// times, are not spinning. The rewordings must reach <see cref="VerificationOptions.MinSpinRate"/> of the aligned
    /// words (so a pair whose words are nearly all equal is never spun), stand all through the aligned text, not in a
    /// corner of it, and replace at least <see cref="MinDistinctRewordings"/> different words or phrases. Grammar
    /// (<see cref="SubstitutionClass.Grammar"/>) is not rewording, and the fields it replaces (numbers, identifiers,
    /// names) must be fewer than the words it rewords.</remarks>
    /// <param name="alignment">A word alignment.</param>
    /// <returns>True for spun.</returns>
    public bool IsSpun(SpinAlignment alignment) =>
        IsSpunShape(alignment, withGrammar: false) && DistinctRewordings(alignment) >= MinDistinctRewordings && !FactsOutweighWords(alignment);

    /// <summary>How many different words or phrases an alignment's rewordings replace, or put in, whichever is fewer.</summary>
    /// <remarks>A spin replaces many different words; a copy edited in a few places, or a page for one thing made into
    /// a page for its twin (<c>rcc</c> → <c>uic</c>, <c>qrc</c> → <c>ui</c>), replaces a few, however short the text
    /// makes their rate (see <see cref="MinDistinctRewordings"/>).</remarks>
    private static int DistinctRewordings(SpinAlignment alignment)
    {
        var from = new HashSet<string>(StringComparer.Ordinal);
        var to = new HashSet<string>(StringComparer.Ordinal);
        foreach (Substitution s in alignment.Substitutions)
        {
            if (!s.IsEditLike && s.Class == SubstitutionClass.Rewording)
            {
                from.Add(s.From);
                to.Add(s.To);
            }
        }

        return Math.Min(from.Count, to.Count);
    }

    /// <summary>Whether an alignment shows a spun copy (see <see cref="IsSpun"/>), or, with
    /// <paramref name="withGrammar"/>, would show one if grammar changes (<see cref="SubstitutionClass.Grammar"/>) counted
    /// as rewordings: an edited copy's shape.</summary>
    private bool IsSpunShape(SpinAlignment alignment, bool withGrammar)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        VerificationOptions o = Options;
        // Rewordings only (not the fill of a template's fields), each counted twice at most.
        int replacements = 0;
        foreach (Substitution s in alignment.Substitutions)
        {
            bool counts = !s.IsEditLike && (s.Class == SubstitutionClass.Rewording || (withGrammar && s.Class == SubstitutionClass.Grammar));
            replacements += counts ? Math.Min(s.Count, 2) : 0;
        }

        return alignment.AlignedTokensA >= o.MinSpunAlignedTokens
            && Math.Max(alignment.OrderedCoverageA, alignment.OrderedCoverageB) >= o.MinSpunCoverage
            && alignment.MatchRate >= o.MinSpunMatchRate
            && alignment.ContentMatchRate >= o.MinSpunContentMatchRate
            && alignment.OrderedDensity >= o.MinSpunDensity
            && (withGrammar ? alignment.RevisionRate : alignment.RewordingRate) >= o.MinSpinRate
            && (withGrammar ? alignment.RevisionSpread : alignment.RewordingSpread) >= MinRewordingSpread
            && replacements >= o.MinSpinSubstitutions
            && !IsSlotFill(alignment, 1); // last: it reads every substitution's words, the figures above reject most pairs
    }

    /// <summary>Whether a pair whose words make it a near-duplicate shares less than
    /// <see cref="MinNearDuplicateDistinctiveShare"/> of either document's distinctive text, and its alignment does not
    /// replace more fields (numbers, identifiers, names) than words (rewordings, function words, other text): the
    /// collection's frame around other content, not one document twice. A campaign's mailings, each with its own codes
    /// and numbers, differ in fields.</summary>
    /// <remarks>Without a collection every word weighs 1, the distinctive coverages are the coverages, and this never
    /// holds.</remarks>
    private static bool IsCollectionFrame(PairFigures figures, SpinAlignment alignment)
    {
        if (Math.Max(figures.DistinctiveCoverageA, figures.DistinctiveCoverageB) >= MinNearDuplicateDistinctiveShare)
        {
            return false;
        }

        (int fields, int words) = CountChanges(alignment, otherTextIsWords: true);
        return fields <= words;
    }

    /// <summary>Whether a pair is two pages of one family: its alignment replaces more names than words (see
    /// <see cref="NameFills"/>), and it shares no text of its own: on neither side do
    /// <see cref="VerificationOptions.MinPassageShingles"/> shared word 5-grams, whose windows pick fingerprints both
    /// pages hold (see <see cref="OwnShared"/>), have at most <see cref="MaxOwnTextHolders"/> other holders beyond the
    /// copies of either document (see <see cref="FillHolders"/>).</summary>
    /// <remarks>What a family's pages share, every sibling holds; what a document shares with its copy (a campaign's
    /// next mailing, the same page under an alias or in another release track) only the copies hold.</remarks>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="alignment">The pair's word alignment.</param>
    /// <param name="weightsA">A's weights by the collection.</param>
    /// <param name="weightsB">B's weights by the collection.</param>
    /// <returns>True for two pages of one family.</returns>
    private bool IsFamilyPair(IVerifiableDocument a, IVerifiableDocument b, SpinAlignment alignment, TokenWeights weightsA, TokenWeights weightsB)
    {
        (int names, int words) = NameFills(alignment, a.Text, b.Text);
        if (names == 0 || names <= words)
        {
            return false;
        }

        int copies = Math.Max(FillHolders(a.Shingles, weightsA.Shingles, b.ShingleSet), FillHolders(b.Shingles, weightsB.Shingles, a.ShingleSet));
        double least = 1.0 / (1 + copies + MaxOwnTextHolders);
        return FewOwnShared(a.Shingles, weightsA.Shingles, b.ShingleSet, least) && FewOwnShared(b.Shingles, weightsB.Shingles, a.ShingleSet, least);

        // Every position the windows' picks count is one the positions alone count, so the picks are asked only when
        // the positions alone hold enough (most pairs that reach here do not).
        bool FewOwnShared(ReadOnlySpan<ulong> shingles, ReadOnlySpan<double> weights, ShingleSet other, double least) =>
            OwnShared(shingles, weights, other, least, window: 1) < Options.MinPassageShingles
            || OwnShared(shingles, weights, other, least, WinnowingWindow) < Options.MinPassageShingles;
    }

    /// <summary>How many other documents hold a document's fill: the fewest holders of its shingle positions the other
    /// document does not hold (0 when there are none). Those holders are copies of the document itself, fill and all;
    /// a sibling page of its family holds its frame but not its name.</summary>
    /// <remarks>A position weighs as the fingerprint its winnowing window picks (see <see cref="IRecurrence.Weigh"/>),
    /// which around a short fill is often a fingerprint of the frame: the fewest holders, not the typical, are the
    /// fill's own.</remarks>
    /// <param name="shingles">The document's shingle hashes, one per position.</param>
    /// <param name="weights">Its weights per position, 1 / (1 + holders).</param>
    /// <param name="other">The other document's shingles.</param>
    /// <returns>The fewest holders.</returns>
    internal static int FillHolders(ReadOnlySpan<ulong> shingles, ReadOnlySpan<double> weights, ShingleSet other)
    {
        double most = 0;
        int n = Math.Min(shingles.Length, weights.Length);
        for (int i = 0; i < n; i++)
        {
            most = !other.Contains(shingles[i]) ? Math.Max(most, weights[i]) : most;
        }

        return most > 0 ? OtherHolders(most) : 0;
    }

    /// <summary>The other holders a weight 1 / (1 + n) stands for, n rounded and at most <see cref="MaxCopies"/> (no
    /// weight, as many).</summary>
    private static int OtherHolders(double weight)
    {
        double others = weight > 0 ? (1 / weight) - 1 : MaxCopies;
        return others >= MaxCopies ? MaxCopies : (int)Math.Round(others);
    }

    /// <summary>How many of a document's shingle positions the other document holds, whose window picks a fingerprint the
    /// other document holds too, and that weigh at least <paramref name="least"/>.</summary>
    /// <remarks>A position weighs as the fingerprint its window picks. In a short page of a template whose fill comes
    /// every few words, a window over the shared frame often picks a shingle that spans the fill, held by this page
    /// alone: the frame's position then weighs as the page's own text, though every sibling holds the frame. Only a
    /// window whose pick both documents hold says how widely the text they share is held.</remarks>
    /// <param name="shingles">The document's shingle hashes, one per position.</param>
    /// <param name="weights">Its weights per position.</param>
    /// <param name="other">The other document's shingles.</param>
    /// <param name="least">The least weight.</param>
    /// <param name="window">The winnowing window the weights' fingerprints were picked with.</param>
    /// <returns>The count.</returns>
    internal static int OwnShared(ReadOnlySpan<ulong> shingles, ReadOnlySpan<double> weights, ShingleSet other, double least, int window)
    {
        int n = Math.Min(shingles.Length, weights.Length);
        if (n == 0)
        {
            return 0;
        }

        if (window == 1)
        {
            // A window of one picks its own position.
            int own = 0;
            for (int i = 0; i < n; i++)
            {
                own += weights[i] >= least * (1 - 1e-9) && other.Contains(shingles[i]) ? 1 : 0;
            }

            return own;
        }

        int[] picks = ArrayPool<int>.Shared.Rent(shingles.Length);
        try
        {
            int windows = Winnowing.PickPerWindow(shingles, window, picks);
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                // Positions past the last window weigh as the last window's pick (see IRecurrence.Weigh).
                ulong picked = shingles[picks[Math.Min(i, windows - 1)]];
                count += weights[i] >= least * (1 - 1e-9) && other.Contains(shingles[i]) && other.Contains(picked) ? 1 : 0;
            }

            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(picks);
        }
    }

    /// <summary>How many names an alignment replaces, and how many words: a name is the fill of an identifier or name
    /// substitution whose two sides are letters only (<c>cxx</c> → <c>hip</c>, <c>create</c> → <c>update</c> in a
    /// command's name) and stand in no address (or, with <paramref name="namesInAddresses"/>, not only in addresses),
    /// and whose fill on one side is replaced at least
    /// <see cref="MinNameFills"/> times in all, in one form or several (<c>adsp root</c> → <c>cmake build type</c> in a
    /// title, <c>adsp root</c> → <c>build type</c> after the prefix both names have); words are the
    /// rewordings, grammar and other text. Counted as neither: a name replaced once (a title after a name in a chain
    /// letter's next version, a command line's argument), numbers (versions, dates, prices), codes that mix letters and
    /// digits (a mailing's reference), addresses (a campaign's links, each mailing's own site) and spelling edits.</summary>
    /// <param name="alignment">The alignment.</param>
    /// <param name="textA">A's original text.</param>
    /// <param name="textB">B's original text.</param>
    /// <param name="namesInAddresses">Whether a fill that also stands in an address counts as a name where it stands
    /// outside one too (a command's name in its page's text and in the link to its full documentation); a fill that
    /// stands only in addresses (each mailing's own site) never counts.</param>
    /// <returns>The two counts, each substitution counted as often as it occurs.</returns>
    internal static (int Names, int Words) NameFills(SpinAlignment alignment, string textA, string textB, bool namesInAddresses = false)
    {
        // A slot's fill may be replaced in more than one form, the alignment splitting the words around it apart
        // (adsp root → cmake build type in a title, adsp root → build type after a kept prefix): each side's fills count
        // together.
        var fills = new List<Substitution>();
        var fromCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var toCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        int names = 0, words = 0;
        foreach (Substitution s in alignment.Substitutions)
        {
            if (s.IsEditLike || s.Class == SubstitutionClass.Number)
            {
                continue;
            }

            if (s.Class is not (SubstitutionClass.Identifier or SubstitutionClass.Name))
            {
                words += s.Count;
            }
            else if (IsLettersOnly(s.From) && IsLettersOnly(s.To) && !IsInAddress(textA, s.From, namesInAddresses) && !IsInAddress(textB, s.To, namesInAddresses))
            {
                fills.Add(s);
                fromCounts[s.From] = fromCounts.GetValueOrDefault(s.From) + s.Count;
                toCounts[s.To] = toCounts.GetValueOrDefault(s.To) + s.Count;
            }
        }

        foreach (Substitution s in fills)
        {
            names += Math.Max(fromCounts[s.From], toCounts[s.To]) >= MinNameFills ? s.Count : 0;
        }

        return (names, words);

        static bool IsLettersOnly(string side)
        {
            foreach (char c in side)
            {
                if (!char.IsLetter(c) && c != ' ')
                {
                    return false;
                }
            }

            return side.Length > 0;
        }
    }

    /// <summary>Whether the first word of a substitution's side stands, somewhere in the text, in a run of non-space
    /// characters that holds <c>://</c>, <c>www.</c> or <c>@</c>: a URL, a host or an e-mail address.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="side">The side, normalised and space-separated.</param>
    /// <returns>True when it does.</returns>
    internal static bool IsInAddress(string text, string side) => IsInAddress(text, side, onlyThere: false);

    /// <summary>As <see cref="IsInAddress(string, string)"/>, or, when <paramref name="onlyThere"/>, whether the side's
    /// first word occurs in the text and every occurrence stands in an address.</summary>
    /// <param name="text">The text the side comes from.</param>
    /// <param name="side">One side of a substitution.</param>
    /// <param name="onlyThere">Whether every occurrence must stand in an address.</param>
    /// <returns>The answer.</returns>
    internal static bool IsInAddress(string text, string side, bool onlyThere)
    {
        int space = side.IndexOf(' ', StringComparison.Ordinal);
        string first = space < 0 ? side : side[..space];
        if (first.Length == 0)
        {
            return false;
        }

        bool seen = false;
        for (int at = text.IndexOf(first, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(first, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            ReadOnlySpan<char> run = SubstitutionClassifier.RunAround(text, at, at + first.Length);
            bool inAddress = HasAddressMark(run);
            if (inAddress != onlyThere)
            {
                return !onlyThere;
            }

            seen = true;
        }

        return onlyThere && seen;
    }

    /// <summary>Whether a run of characters holds what marks an address: <c>://</c> (a URL), <c>www.</c> (a host) or
    /// <c>@</c> (an e-mail address).</summary>
    /// <param name="run">The run.</param>
    /// <returns>True when it does.</returns>
    private static bool HasAddressMark(ReadOnlySpan<char> run) =>
        run.Contains("://", StringComparison.Ordinal) || run.Contains("www.", StringComparison.OrdinalIgnoreCase) || run.Contains('@');

    /// <summary>Most characters <see cref="StandsInAddress"/> looks at around a token: a longer run is no address it
    /// accepts (and a blob without breaks is not scanned once per token).</summary>
    internal const int MaxAddressLength = 2_000;

    /// <summary>Whether the text at <paramref name="start"/>..<paramref name="end"/> stands in an address: the stretch
    /// around it of ASCII characters an address may hold (no white space, quotes, brackets, angle brackets, commas or
    /// semicolons, which part an address from the words glued to it) holds <c>://</c>, <c>www.</c> or <c>@</c> (a URL,
    /// a <c>www.</c> host, an e-mail address) or begins with <c>mailto:</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">Where the token starts.</param>
    /// <param name="end">Where it ends.</param>
    /// <returns>True when it does; false also for a stretch over <see cref="MaxAddressLength"/> characters.</returns>
    internal static bool StandsInAddress(string text, int start, int end)
    {
        while (start > 0 && end - start <= MaxAddressLength && IsAddressChar(text[start - 1]))
        {
            start--;
        }

        while (end < text.Length && end - start <= MaxAddressLength && IsAddressChar(text[end]))
        {
            end++;
        }

        if (end - start > MaxAddressLength)
        {
            return false;
        }

        ReadOnlySpan<char> piece = text.AsSpan(start, end - start);
        return HasAddressMark(piece) || piece.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

        static bool IsAddressChar(char c) => c is > ' ' and < (char)127 and not ('<' or '>' or '"' or '\'' or '(' or ')' or '[' or ']' or '{' or '}' or ',' or ';');
    }

    /// <summary>Whether the fields an alignment replaces (numbers, identifiers, names) are at least as many as the words it
    /// rewords (ordinary and function words): two texts about different things written to one pattern (two years' reports
    /// with their figures, two notices listing different items, pages for different commands), or one text with its
    /// facts changed. A spinner or a rewriter changes words and keeps the facts.</summary>
    private static bool FactsOutweighWords(SpinAlignment alignment)
    {
        (int fields, int words) = CountChanges(alignment, otherTextIsWords: false);
        return fields > 0 && fields >= words;
    }

    /// <summary>How many fields (numbers, identifiers, names) and how many words (rewordings and function words, and
    /// other text when <paramref name="otherTextIsWords"/>) an alignment replaces, each substitution counted as often as
    /// it occurs; spelling edits and line-end hyphenation count as neither.</summary>
    private static (int Fields, int Words) CountChanges(SpinAlignment alignment, bool otherTextIsWords)
    {
        int fields = 0, words = 0;
        foreach (Substitution s in alignment.Substitutions)
        {
            if (s.IsEditLike)
            {
                continue;
            }

            switch (s.Class)
            {
                case SubstitutionClass.Number:
                case SubstitutionClass.Identifier:
                case SubstitutionClass.Name:
                    fields += s.Count;
                    break;
                case SubstitutionClass.Rewording:
                case SubstitutionClass.Grammar:
                    words += s.Count;
                    break;
                case SubstitutionClass.OtherText when otherTextIsWords:
                    words += s.Count;
                    break;
            }
        }

        return (fields, words);
    }

    /// <summary>Whether most of the rewordings replace one or two content words again and again, or put them in again and
    /// again: an entity's name in two pages written from one pattern (<c>cast</c> → <c>transform</c> in "DROP CAST" and
    /// "DROP TRANSFORM"), not a spinner, which replaces many words, each a few times (or, in a long text, many times, but
    /// no one or two of them most of the rewordings). A word replaced in prose and in a name too counts as a rewording
    /// here (see <see cref="Substitution.AlsoReworded"/>): a command's verb filled in its prose and its name is one slot.</summary>
    /// <param name="alignment">The pair's alignment.</param>
    /// <param name="minFills">How many rewordings must fill a slot: a few swaps in a long copy are not a frame.</param>
    /// <param name="anyClass">Whether names, identifiers and the other field classes count as fills too, not only
    /// rewordings; numbers then do not count at all (a version or a date changed all through is one document for two
    /// releases, not a template's name slot).</param>
    private bool IsSlotFill(SpinAlignment alignment, int minFills, bool anyClass = false)
    {
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        int total = 0;
        foreach (Substitution s in alignment.Substitutions)
        {
            if (IsNotAFill(s, anyClass))
            {
                continue;
            }

            total += s.Count;
            foreach (string word in ContentWords(s.From))
            {
                uses["a " + word] = uses.GetValueOrDefault("a " + word) + s.Count;
            }

            foreach (string word in ContentWords(s.To))
            {
                uses["b " + word] = uses.GetValueOrDefault("b " + word) + s.Count;
            }
        }

        // The slot: the words of each side used most often, if used often enough.
        var slotWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (string side in (string[])["a ", "b "])
        {
            slotWords.UnionWith(uses
                .Where(u => u.Key.StartsWith(side, StringComparison.Ordinal) && u.Value >= MinSlotUses)
                .OrderByDescending(u => u.Value)
                .ThenBy(u => u.Key, StringComparer.Ordinal)
                .Take(MaxSlotWords)
                .Select(u => u.Key));
        }

        int slot = 0;
        foreach (Substitution s in alignment.Substitutions)
        {
            if (IsNotAFill(s, anyClass))
            {
                continue;
            }

            bool filled = ContentWords(s.From).Any(w => slotWords.Contains("a " + w)) || ContentWords(s.To).Any(w => slotWords.Contains("b " + w));
            slot += filled ? s.Count : 0;
        }

        return slot >= minFills && 2 * slot >= total;
    }

    /// <summary>Whether a substitution is left out of <see cref="IsSlotFill"/>'s count: a number when any class counts, a
    /// field when only rewordings count, a word split or joined differently (a line-end hyphen of one rendering,
    /// <c>re quired</c> → <c>required</c>: the layout, neither a fill nor a word), and a small spelling edit unless it is
    /// a name's variant (see <see cref="IsVariantFill"/>).</summary>
    internal static bool IsNotAFill(Substitution s, bool anyClass) =>
        s.Class == SubstitutionClass.Hyphenation
        || (s.IsEditLike && !IsVariantFill(s))
        || (anyClass ? s.Class == SubstitutionClass.Number : s.Class != SubstitutionClass.Rewording && !s.AlsoReworded);

    /// <summary>Whether a small spelling edit fills a template's slot as a different word would: made at least
    /// <see cref="MinSlotUses"/> times, letters only on both sides, and the two sides begin with different letters
    /// (<c>getwchar</c> → <c>putwchar</c> seven times in two pages of one pattern). A typo or an inflection keeps a word's
    /// first letters (<c>mails</c> → <c>mail</c>, <c>guidlines</c> → <c>guidelines</c>), and a date or a version is no
    /// name (<c>20th</c> → <c>28th</c> in a mailing sent again).</summary>
    internal static bool IsVariantFill(Substitution s) =>
        s.IsEditLike && s.Count >= MinSlotUses
        && s.From.Length > 0 && s.To.Length > 0 && s.From[0] != s.To[0]
        && s.From.All(char.IsLetter) && s.To.All(char.IsLetter);

    /// <summary>The words of a substitution side that are not function words, each cut to its first
    /// <see cref="SlotStem"/> letters: a slot's name comes in variants (<c>acos</c>, <c>acosf</c>, <c>acosl</c>;
    /// <c>keyring</c>, <c>keyrings</c>) that fill it together.</summary>
    private IEnumerable<string> ContentWords(string side)
    {
        foreach (string whole in side.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // A lone letter is the tail of a contraction or possessive split off by its apostrophe ("it s"), not a name.
            Token[] tokens = Tokenizer.Tokenize(whole);
            if (tokens.Length != 1 || (tokens[0].Length > 1 && !Aligner.FunctionWords.Contains(tokens[0].Hash)))
            {
                yield return whole.Length > SlotStem ? whole[..SlotStem] : whole;
            }
        }
    }

    /// <summary>Verifies a pair and returns the verdict with the measurements and the alignment behind it.</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <returns>The explanation; its verdict is null when the pair is not a copy.</returns>
    public PairExplanation Explain(IVerifiableDocument a, IVerifiableDocument b) => Explain(a, b, null);

    /// <summary>As <see cref="Explain(IVerifiableDocument, IVerifiableDocument)"/> for a pair drawn from a collection.</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <param name="recurrence">How the collection holds the pair's text, or null to weigh all text alike.</param>
    /// <returns>The explanation; its verdict is null when the pair is not a copy.</returns>
    internal PairExplanation Explain(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence) => Explain(a, b, recurrence, judgeReversed: false);

    /// <summary>As <see cref="Explain(IVerifiableDocument, IVerifiableDocument, IRecurrence?)"/>, judging the pair the
    /// other way round when <paramref name="judgeReversed"/> (see <see cref="JudgedReversed"/>); the figures and the
    /// alignment shown are in the order given.</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <param name="recurrence">How the collection holds the pair's text, or null to weigh all text alike.</param>
    /// <param name="judgeReversed">Whether to judge the pair with <paramref name="b"/> first.</param>
    /// <returns>The explanation; its verdict is null when the pair is not a copy.</returns>
    internal PairExplanation Explain(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence, bool judgeReversed)
    {
        PairVerdict? verdict = Verify(a, b, recurrence, judgeReversed, out Overruling overruling);
        PairFigures figures = verdict?.Figures ?? Measure(a, b, recurrence, out _);
        SpinAlignment alignment = verdict is { BySentences: true } rewrite
            ? SpinAlignment.OfSentences(rewrite.Passages, rewrite.SentenceCoverage.A, rewrite.SentenceCoverage.B)
            : verdict?.Alignment ?? Aligner.Align(a, b);
        return new PairExplanation(verdict, figures, alignment)
        {
            Overruled = overruling,
            PassageHolders = recurrence is null ? null : PassageHolders(a, b, recurrence, alignment.Passages),
            LanguageWords = overruling == Overruling.OtherLanguage ? Languages.Telling(a, b, Aligner.FunctionWords) : ([], []),
        };
    }

    /// <summary>For each passage, the median number of other documents holding the word 5-grams of A it spans (see
    /// <see cref="PairExplanation.PassageHolders"/>).</summary>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="recurrence">How the collection holds the pair's text.</param>
    /// <param name="passages">The passages, with A's character ranges.</param>
    /// <returns>One count per passage.</returns>
    internal int[] PassageHolders(IVerifiableDocument a, IVerifiableDocument b, IRecurrence recurrence, IReadOnlyList<AlignedPassage> passages)
    {
        double[] weightsA = new double[a.Shingles.Length], weightsB = new double[b.Shingles.Length];
        recurrence.Weigh(a, b, weightsA, weightsB);
        ReadOnlySpan<Token> tokens = a.ContentTokens;
        int[] holders = new int[passages.Count];
        for (int k = 0; k < passages.Count; k++)
        {
            // The tokens of A inside the passage, and the shingles that start at them and end inside it (at least the
            // first, for a passage shorter than a shingle).
            int first = Tokenizer.FirstTokenAtOrAfter(tokens, passages[k].AStart);
            int end = Tokenizer.FirstTokenAtOrAfter(tokens, passages[k].AEnd);
            int from = Math.Min(first, weightsA.Length - 1), to = Math.Min(Math.Max(end - ShingleSize + 1, first + 1), weightsA.Length);
            if (from < 0 || to <= from)
            {
                continue;
            }

            int[] others = new int[to - from];
            for (int p = from; p < to; p++)
            {
                others[p - from] = (int)Math.Round((1 / weightsA[p]) - 1);
            }

            Array.Sort(others);
            holders[k] = others[others.Length / 2];
        }

        return holders;
    }

    /// <summary>Measures a pair without classifying it.</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <param name="passages">Receives the aligned passages, longest first.</param>
    /// <returns>The figures.</returns>
    public PairFigures Measure(IVerifiableDocument a, IVerifiableDocument b, out List<AlignedPassage> passages) => Measure(a, b, null, out passages);

    /// <summary>As <see cref="Measure(IVerifiableDocument, IVerifiableDocument, out List{AlignedPassage})"/>, with the
    /// coverages weighed by how the collection holds the pair's text.</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <param name="recurrence">How the collection holds the pair's text, or null to weigh all text alike.</param>
    /// <param name="passages">Receives the aligned passages, longest first.</param>
    /// <returns>The figures.</returns>
    internal PairFigures Measure(IVerifiableDocument a, IVerifiableDocument b, IRecurrence? recurrence, out List<AlignedPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        TokenWeights weightsA = default, weightsB = default;
        try
        {
            Weigh(a, b, recurrence, ref weightsA, ref weightsB);
            return Measure(a, b, weightsA, weightsB, out passages);
        }
        finally
        {
            weightsA.Release();
            weightsB.Release();
        }
    }

    private PairFigures Measure(IVerifiableDocument a, IVerifiableDocument b, TokenWeights weightsA, TokenWeights weightsB, out List<AlignedPassage> passages)
    {
        int intersection = a.ShingleSet.IntersectionCount(b.ShingleSet);
        int union = a.ShingleSet.Count + b.ShingleSet.Count - intersection;
        double jaccard = union == 0 ? 1 : (double)intersection / union;
        double cab = a.ShingleSet.Count == 0 ? 1 : (double)intersection / a.ShingleSet.Count;
        double cba = b.ShingleSet.Count == 0 ? 1 : (double)intersection / b.ShingleSet.Count;
        double coverA, coverB, longestA, longestB, distinctA, distinctB, distinctLongestA, distinctLongestB;

        // One pooled open-addressing table answers every question of the pass: whether B holds each A shingle and A each B
        // shingle, where each shingle first occurs in B, and how many occurrences the two share as multisets.
        var table = new ShingleTable(a.Shingles, b.Shingles);
        try
        {
            List<Segment> segA = Segments(a.Shingles, b.ShingleSet.Count, table, ShingleTable.InB, weightsA);
            List<Segment> segB = Segments(b.Shingles, a.ShingleSet.Count, table, ShingleTable.InA, weightsB);
            coverA = Coverage(segA, a.ContentTokens.Length, weighted: false, out longestA);
            coverB = Coverage(segB, b.ContentTokens.Length, weighted: false, out longestB);
            distinctA = Coverage(segA, weightsA.Total(a.ContentTokens.Length), weighted: true, out distinctLongestA);
            distinctB = Coverage(segB, weightsB.Total(b.ContentTokens.Length), weighted: true, out distinctLongestB);

            // A document that repeats a text shares each repeat only as often as the other holds it: a licence one file
            // carries four times and another once covers a quarter of the first, not all of it. The marks above count a
            // position whenever the other holds its shingle at all; the coverages keep the share of those positions the
            // other holds as often.
            (double multisetA, double multisetB) = table.MultisetShares();
            (coverA, distinctA) = (coverA * multisetA, distinctA * multisetA);
            (coverB, distinctB) = (coverB * multisetB, distinctB * multisetB);
            passages = Pair(a, b, segA, table);
        }
        finally
        {
            table.Release();
        }

        var figures = new PairFigures(jaccard, cab, cba, coverA, coverB, longestA, longestB, BitOperations.PopCount(a.SimHash ^ b.SimHash))
        {
            DistinctiveCoverageA = distinctA,
            DistinctiveCoverageB = distinctB,
            DistinctiveLongestShareA = distinctLongestA,
            DistinctiveWordsA = weightsA.Total(a.ContentTokens.Length),
            DistinctiveWordsB = weightsB.Total(b.ContentTokens.Length),
            DistinctiveLongestShareB = distinctLongestB,
        };
        return figures;
    }

    /// <summary>The verdict a pair's shared word sequences give: near-duplicate (when <paramref name="nearDuplicate"/>)
    /// or contained, a share counting only when it weighs <paramref name="floorFactor"/> times
    /// <see cref="VerificationOptions.MinPassageShingles"/> distinctive words; null for none.</summary>
    private PairVerdict? Classify(string a, string b, PairFigures f, List<AlignedPassage> passages, bool nearDuplicate = true, double floorFactor = 1, bool byCollection = false)
    {
        VerificationOptions o = Options;
        if (nearDuplicate && f.CoverageA >= o.NearDuplicateCoverage && f.CoverageB >= o.NearDuplicateCoverage)
        {
            return new PairVerdict(a, b, MatchKind.NearDuplicate, Math.Min(f.CoverageA, f.CoverageB), f, passages);
        }

        // The same text with text the collection holds widely put in (a list's footer and a sender's tag added to a
        // campaign's mailing): nearly all of both documents' own text is shared, and what one has besides is text many
        // more documents hold than hold what the two share. A near-duplicate, not one inside the other.
        // Only by a collection's weights: without one, markup alone weighs nothing, and tags are no text others hold.
        double minShared = floorFactor * o.MinPassageShingles;
        if (nearDuplicate && byCollection
            && ShareIfWeighty(f.DistinctiveCoverageA, f.DistinctiveWordsA, minShared) >= o.NearDuplicateCoverage
            && ShareIfWeighty(f.DistinctiveCoverageB, f.DistinctiveWordsB, minShared) >= o.NearDuplicateCoverage
            && IsOnlyWidelyHeldAdded(f.CoverageA, f.DistinctiveCoverageA) && IsOnlyWidelyHeldAdded(f.CoverageB, f.DistinctiveCoverageB))
        {
            return new PairVerdict(a, b, MatchKind.NearDuplicate, Math.Min(f.DistinctiveCoverageA, f.DistinctiveCoverageB), f, passages) { ByDistinctiveText = true };
        }

        // Containment is judged on distinctive text: what other documents of the collection hold too counts less (see
        // IRecurrence), so a footer, a signature or a template's frame does not make one document part of another. What
        // a document shares must also weigh enough distinctive words by itself: a chunk that is all "Reporting Bugs"
        // boilerplate is wholly inside another, but what it shares weighs a few words, and a footer eight notes carry can
        // be a fifth of a short note's weight and still weigh seven.
        double minWords = floorFactor * o.MinPassageShingles;
        double cover = Math.Max(
            ShareIfWeighty(f.DistinctiveCoverageA, f.DistinctiveWordsA, minWords),
            ShareIfWeighty(f.DistinctiveCoverageB, f.DistinctiveWordsB, minWords));
        if (cover >= o.ContainedCoverage)
        {
            return new PairVerdict(a, b, MatchKind.Contained, cover, f, passages);
        }

        // One passage makes a contained excerpt when it is a large enough share of a document's distinctive text.
        double longest = Math.Max(
            ShareIfWeighty(f.DistinctiveLongestShareA, f.DistinctiveWordsA, minWords),
            ShareIfWeighty(f.DistinctiveLongestShareB, f.DistinctiveWordsB, minWords));
        if (longest >= o.MinPassageShare)
        {
            return new PairVerdict(a, b, MatchKind.Contained, longest, f, passages);
        }

        return null;
    }

    /// <summary>Whether what a document does not share is, word for word, text held widely enough to leave the document a
    /// near-duplicate by its distinctive text (see <see cref="Classify"/>): its share of the words, every word weighing
    /// alike, is a near-duplicate's already, or its unshared words weigh on average at most
    /// <see cref="MaxAddedTextWeight"/> of what its shared words weigh.</summary>
    /// <param name="coverage">The document's share of words the other holds, every word weighing alike.</param>
    /// <param name="distinctiveCoverage">The same, weighed by the collection.</param>
    /// <returns>True when the document is the shared text and widely held text only.</returns>
    private bool IsOnlyWidelyHeldAdded(double coverage, double distinctiveCoverage)
    {
        if (coverage >= Options.NearDuplicateCoverage)
        {
            return true;
        }

        // Mean weight of an unshared word against that of a shared word: (1 − d) / (1 − c) against d / c.
        return coverage > 0 && IsWidelyHeldAdded(distinctiveCoverage / coverage, (1 - distinctiveCoverage) / (1 - coverage));
    }

    /// <summary>Whether a pair's shares, every word weighing alike, make it a copy by <see cref="Classify"/>'s
    /// thresholds: either coverage reaching <see cref="VerificationOptions.ContainedCoverage"/>, or a passage
    /// <see cref="VerificationOptions.MinPassageShare"/> of a document.</summary>
    private bool IsCopyByUnweightedShares(PairFigures f) =>
        Math.Max(f.CoverageA, f.CoverageB) >= Options.ContainedCoverage
        || Math.Max(f.LongestPassageShareA, f.LongestPassageShareB) >= Options.MinPassageShare;

    private int Gap => Options.PassageGap > 0 ? Options.PassageGap : 2 * ShingleSize;

    /// <summary>A run of shingle positions held by the other document, joined across holes up to the gap, with the tokens
    /// its shared shingles really cover (a hole's tokens are in the run, not in what it covers) and their weight.</summary>
    private readonly record struct Segment(int Start, int End, int Marked, int Tokens, double Weight);

    /// <summary>The runs of shingle positions held by the other document, those with too few shared shingles dropped, and
    /// those whose shared shingles do not run on in the other document's order (see <see cref="MinOrderedShare"/>).</summary>
    private List<Segment> Segments(ReadOnlySpan<ulong> shingles, int otherCount, ShingleTable table, byte other, TokenWeights weights)
    {
        var result = new List<Segment>();
        int minMarked = Math.Min(Options.MinPassageShingles, Math.Max(1, Math.Min(shingles.Length, otherCount)));
        int start = -1, last = -1, marked = 0, tokens = 0, coverEnd = 0, ordered = 0, lastInOther = -1;
        double weight = 0;
        for (int i = 0; i < shingles.Length; i++)
        {
            int inOther = table.FirstIn(shingles[i], other);
            if (inOther < 0)
            {
                continue;
            }

            if (start >= 0 && i - last <= Gap + 1)
            {
                // In order: the other document holds this shingle after where it held the one before, no further on than
                // this step plus a hole's worth of words put in. Its occurrences are followed from the first (a few at
                // most in real text); the run goes on from the one found after the previous, in order or not.
                int after = inOther, walked = 0;
                while (after >= 0 && after <= lastInOther && walked++ < MaxOccurrencesFollowed)
                {
                    after = table.NextIn(after, other);
                }

                bool inOrder = after > lastInOther && after - lastInOther <= i - last + Gap;
                ordered += inOrder ? 1 : 0;
                last = i;
                lastInOther = after > lastInOther ? after : inOther;
                marked++;
                int from = Math.Max(coverEnd, i);
                tokens += i + ShingleSize - from;
                weight += weights.Between(from, i + ShingleSize);
                coverEnd = i + ShingleSize;
                continue;
            }

            if (start >= 0 && marked >= minMarked && IsInOrder(ordered, marked))
            {
                result.Add(new Segment(start, last, marked, tokens, weight));
            }

            start = last = i;
            lastInOther = inOther;
            marked = 1;
            ordered = 0;
            tokens = ShingleSize;
            weight = weights.Between(i, i + ShingleSize);
            coverEnd = i + ShingleSize;
        }

        if (start >= 0 && marked >= minMarked && IsInOrder(ordered, marked))
        {
            result.Add(new Segment(start, last, marked, tokens, weight));
        }

        return result;
    }

    /// <summary>Whether a run of <paramref name="marked"/> shared positions, <paramref name="ordered"/> of whose steps go
    /// on in the other document's order, is shared text rather than shingles found all over the other.</summary>
    private static bool IsInOrder(int ordered, int marked) => marked <= 1 || ordered >= MinOrderedShare * (marked - 1);

    /// <summary>Share of a document (by tokens, or by weight) the runs' shared shingles cover, and the largest share one
    /// run covers.</summary>
    private static double Coverage(List<Segment> segments, double total, bool weighted, out double longestShare)
    {
        longestShare = 0;
        if (total <= 0)
        {
            return 0;
        }

        double covered = 0;
        foreach (Segment segment in segments)
        {
            double run = weighted ? segment.Weight : segment.Tokens;
            covered += run;
            longestShare = Math.Max(longestShare, Math.Min(1.0, run / total));
        }

        return Math.Min(1.0, covered / total);
    }

    /// <summary>Finds, for each passage of A, the range of B its shared shingles occupy.</summary>
    private List<AlignedPassage> Pair(IVerifiableDocument a, IVerifiableDocument b, List<Segment> segA, ShingleTable table)
    {
        var passages = new List<AlignedPassage>(segA.Count);
        if (segA.Count == 0)
        {
            return passages;
        }

        ReadOnlySpan<ulong> sa = a.Shingles;
        ReadOnlySpan<Token> ta = a.ContentTokens, tb = b.ContentTokens;
        foreach (var (start, end, _, _, _) in segA)
        {
            int bMin = int.MaxValue, bMax = -1;
            for (int i = start; i <= end; i++)
            {
                int p = table.FirstIn(sa[i], ShingleTable.InB);
                if (p >= 0)
                {
                    bMin = Math.Min(bMin, p);
                    bMax = Math.Max(bMax, p);
                }
            }

            int aLastToken = Math.Min(ta.Length - 1, end + ShingleSize - 1);
            int bLastToken = Math.Min(tb.Length - 1, bMax + ShingleSize - 1);
            passages.Add(new AlignedPassage(
                ta[start].Start, ta[aLastToken].End, tb[bMin].Start, tb[bLastToken].End,
                aLastToken - start + 1, bLastToken - bMin + 1));
        }

        passages.Sort((x, y) => y.ATokens.CompareTo(x.ATokens));
        return passages;
    }
}
