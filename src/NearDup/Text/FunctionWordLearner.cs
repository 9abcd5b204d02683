using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using NearDup.Analysis;
using NearDup.Internal;

namespace NearDup.Text;

/// <summary>Learns the function words of a collection's documents that a known list (by default English) does not
/// cover: the words that play the role of articles, pronouns and prepositions in another language, found as the words
/// its documents use most often throughout their running text.</summary>
/// <remarks>
/// <para>
/// Spun copies are found and told from edited ones through function words (<see cref="FunctionWords"/>): the spin
/// skeleton keeps them, and a substitution between two of them is grammar, not rewording. With the built-in English list
/// every word of a German, Dutch or Polish document counted as content: a copy whose articles and prepositions were
/// changed was a text of many replaced content words, and its skeleton was all wildcards.
/// </para>
/// <para>
/// <b>Running text.</b> Only runs of at least <see cref="MinRunWords"/> letter words with nothing but white space between
/// them count (<see cref="IsWordGap"/>: and no more than two spaces unless the line breaks, since wider gaps align a
/// table's columns; not numbers, and not the ideographs of a script written without spaces, which are
/// never function words in analysis). Markup, code, commands, addresses, tables and records break into shorter runs, so
/// that their frequent words (tag and attribute names, keywords, field names) are no language's function words.
/// </para>
/// <para>
/// <b>Which documents teach.</b> A document observed (<see cref="Observe(ReadOnlySpan{char})"/>) is <i>uncovered</i> when the known function
/// words are under <see cref="MaxKnownShare"/> of its running text's words (<see cref="IsUncovered"/>; English prose has
/// 40–50%, technical English a quarter or more, German or Polish prose a few percent, through words the languages share).
/// It teaches when it also has at least <see cref="MinDocumentWords"/> such words and no word takes more than
/// <see cref="MaxWordShare"/> of them (a table or a list written as text). Its <i>frequent</i> words are those at
/// least <see cref="MinFrequentShare"/> of its running text, twice at least, standing in at least
/// <see cref="MinQuarters"/> of its four quarters (a function word stands in every part of a text, a name or a term
/// often in one section).
/// </para>
/// <para>
/// <b>Which words are learned.</b> A word frequent in at least <see cref="MinFrequentDocuments"/> teaching documents and
/// in at least <see cref="MinFrequentDocumentShare"/> of those that use it, whose rate among the words of runs in the known
/// words' language (<see cref="MinKnownLanguageShare"/>, in documents the known words cover) is at most <see cref="MaxKnownLanguageRate"/> of its rate in
/// the teaching documents: a subject's words (a program's name, a field) stand in documents of both languages, another
/// language's function words in its own. At most <see cref="MaxLearned"/>, those frequent in the most documents first.
/// </para>
/// <para>
/// <b>Where they count.</b> The words learned count for a whole document or not at all
/// (<see cref="AnalysisOptions.WithLearnedFunctionWords"/>): a document mostly in the known words' language that holds a
/// passage in another is analysed without them, so that passage's spin fingerprints do not meet those of the same
/// passage standing alone in another document (its word fingerprints still do).
/// </para>
/// <para>
/// The outcome depends on the documents observed, not on their order or on how many threads observed them: counts
/// add, ties are broken by token hash, and a word's shown form is the ordinal least of the forms seen.
/// </para>
/// <para>Thread safety: both <c>Observe</c> overloads may be called from several threads at once; <see cref="Learn()"/>
/// after they have all returned.</para>
/// </remarks>
public sealed class FunctionWordLearner
{
    /// <summary>Fewest letter words in a row, nothing but white space between them (see <see cref="IsWordGap"/>), that
    /// count as running text; shorter runs are passed over.</summary>
    public const int MinRunWords = 6;

    /// <summary>A document in which the known function words are at least this share of its running text's words is
    /// covered by them.</summary>
    public const double MaxKnownShare = 0.15;

    /// <summary>Fewest words of running text a document needs to teach anything.</summary>
    public const int MinDocumentWords = 50;

    /// <summary>Most share of a teaching document's running text one word (not a known function word) may take: in prose
    /// the commonest word is a few percent of the words (English "the" about 6, French and Spanish "de" 5 to 7), in a
    /// table or a list written as text ("reserved reserved non-reserved …") a third or more.</summary>
    public const double MaxWordShare = 0.1;

    /// <summary>Least share of a teaching document's running text a word must take to be frequent in it.</summary>
    public const double MinFrequentShare = 0.005;

    /// <summary>Fewest quarters of a teaching document's running text a frequent word must stand in (or as many as it
    /// occurs, when that is fewer).</summary>
    public const int MinQuarters = 3;

    /// <summary>Fewest teaching documents a word must be frequent in to be learned.</summary>
    public const int MinFrequentDocuments = 5;

    /// <summary>Least share of the teaching documents using a word in which it must be frequent to be learned.</summary>
    public const double MinFrequentDocumentShare = 0.25;

    /// <summary>A run of a covered document's running text in which the known function words are at least this share of
    /// the words is in the known words' language (English running text has 40–50%; a German or French run, sharing a
    /// word such as "in" or "on", rarely a third).</summary>
    public const double MinKnownLanguageShare = 0.35;

    /// <summary>Most a word's rate among the words of runs in the known words' language may be, as a fraction of its rate
    /// among the words of the teaching documents, for it to be learned.</summary>
    public const double MaxKnownLanguageRate = 0.1;

    /// <summary>Most words learned.</summary>
    public const int MaxLearned = 200;

    private readonly FunctionWords _known;
    private readonly bool _foldConfusables;
    private readonly bool _hashWholeTokens;
    private readonly object _gate = new();
    private readonly Dictionary<ulong, WordCounts> _words = [];
    private readonly CountSketch _knownLanguageCounts = new();
    private int _observed;
    private int _teaching;
    private long _teachingWords;
    private long _knownLanguageWords;

    /// <summary>Creates a learner.</summary>
    /// <param name="options">The analysis the words are learned for: its function words are the known ones (kept, and
    /// not learned again), and texts are tokenised as it tokenises them; default <see cref="AnalysisOptions.Default"/>
    /// (English).</param>
    public FunctionWordLearner(AnalysisOptions? options = null)
    {
        options ??= AnalysisOptions.Default;
        _known = options.FunctionWords;
        _foldConfusables = options.FoldConfusables;
        _hashWholeTokens = options.HashWholeTokens;
    }

    /// <summary>The function words known before learning.</summary>
    public FunctionWords Known => _known;

    /// <summary>Observes one document.</summary>
    /// <param name="text">Its text.</param>
    /// <exception cref="ArgumentException"><paramref name="text"/> is longer than <see cref="Token.MaxOffset"/>
    /// characters.</exception>
    public void Observe(ReadOnlySpan<char> text)
    {
        int tokenCount = Tokenizer.TokenizePooled(text, _foldConfusables, _hashWholeTokens, out Token[] tokens);
        try
        {
            Observe(text, tokens.AsSpan(0, tokenCount));
        }
        finally
        {
            RentedArrays.Return(ref tokens, ref tokenCount);
        }
    }

    /// <summary>Observes one document already tokenised, for example an analysed one
    /// (<see cref="AnalyzedDocument.ContentTokens"/>), so that it is not tokenised again.</summary>
    /// <param name="text">Its text.</param>
    /// <param name="tokens">Its tokens under the analysis this learner was made for: all of them, or its content tokens
    /// only (the same outcome: what stands between two words is read from the text).</param>
    /// <exception cref="ArgumentException">A token ends past the text (tokens of another text).</exception>
    public void Observe(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens)
    {
        if (!tokens.IsEmpty && tokens[^1].End > text.Length)
        {
            throw new ArgumentException($"the last token ends at {tokens[^1].End}, past the text's {text.Length} characters: the tokens are another text's.", nameof(tokens));
        }

        // First the running text's size and known words, with nothing allocated: most documents are covered and only
        // count towards the known language's words.
        var (words, known) = RunningWords(text, tokens, _known);
        if (words == 0 || known >= MaxKnownShare * words)
        {
            CountKnownLanguage(text, tokens, covered: words > 0);
            return;
        }

        Teach(text, tokens, words, known);
    }

    /// <summary>How many of the tokens are <paramref name="known"/> function words.</summary>
    private static int CountKnown(ReadOnlySpan<Token> run, FunctionWords known)
    {
        int count = 0;
        foreach (ref readonly Token t in run)
        {
            count += known.Contains(t.Hash) ? 1 : 0;
        }

        return count;
    }

    /// <summary>The words of a text's running text (its runs of <see cref="MinRunWords"/> words or more) and how many of
    /// them are known function words.</summary>
    private static (long Words, long Known) RunningWords(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, FunctionWords known)
    {
        long words = 0, knownWords = 0;
        for (int start = 0; start < tokens.Length;)
        {
            int end = RunEnd(text, tokens, start);
            if (end - start >= MinRunWords)
            {
                words += end - start;
                knownWords += CountKnown(tokens[start..end], known);
            }

            start = Math.Max(end, start + 1);
        }

        return (words, knownWords);
    }

    /// <summary>Counts the other words of a covered document's runs in the known words' language (at least
    /// <see cref="MinKnownLanguageShare"/> known): only a covered document's runs speak for that language, since in
    /// another language's text a short run can hold its share of words the two share ("in", "an", "so") by chance.</summary>
    private void CountKnownLanguage(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, bool covered)
    {
        long runWords = 0;
        if (covered)
        {
            for (int start = 0; start < tokens.Length;)
            {
                int end = RunEnd(text, tokens, start);
                ReadOnlySpan<Token> run = tokens[start..end];
                if (run.Length >= MinRunWords && CountKnown(run, _known) >= MinKnownLanguageShare * run.Length)
                {
                    runWords += run.Length;
                    foreach (ref readonly Token t in run)
                    {
                        if (!_known.Contains(t.Hash))
                        {
                            _knownLanguageCounts.Add(t.Hash);
                        }
                    }
                }

                start = Math.Max(end, start + 1);
            }
        }

        lock (_gate)
        {
            _observed++;
            _knownLanguageWords += runWords;
        }
    }

    /// <summary>What an uncovered document teaches, if it teaches (see the remarks): its words, how often, and which are
    /// frequent in it.</summary>
    private void Teach(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, long words, long known)
    {
        var counts = new Dictionary<ulong, (int Count, int First, int Quarters)>();
        long position = 0;
        for (int start = 0; start < tokens.Length;)
        {
            int end = RunEnd(text, tokens, start);
            if (end - start >= MinRunWords)
            {
                for (int i = start; i < end; i++, position++)
                {
                    ulong hash = tokens[i].Hash;
                    if (!_known.Contains(hash))
                    {
                        // The quarters of the running text each word stands in.
                        int quarter = 1 << (int)(4 * position / words);
                        counts[hash] = counts.TryGetValue(hash, out var c) ? (c.Count + 1, c.First, c.Quarters | quarter) : (1, i, quarter);
                    }
                }
            }

            start = Math.Max(end, start + 1);
        }

        bool teaching = words >= MinDocumentWords && counts.Values.All(c => c.Count <= MaxWordShare * words);
        var frequent = new List<(ulong Hash, string Form)>();
        if (teaching)
        {
            foreach (var (hash, c) in counts)
            {
                if (c.Count >= 2 && c.Count >= MinFrequentShare * words && BitOperations.PopCount((uint)c.Quarters) >= Math.Min(MinQuarters, c.Count))
                {
                    frequent.Add((hash, Tokenizer.NormalizedForm(text, tokens[c.First], _hashWholeTokens)));
                }
            }
        }

        lock (_gate)
        {
            _observed++;
            if (!teaching)
            {
                return;
            }

            _teaching++;
            _teachingWords += words;
            foreach (var (hash, c) in counts)
            {
                WordCounts w = _words.GetValueOrDefault(hash);
                _words[hash] = w with { Documents = w.Documents + 1, Occurrences = w.Occurrences + c.Count };
            }

            foreach (var (hash, form) in frequent)
            {
                WordCounts w = _words[hash];
                _words[hash] = w with { FrequentIn = w.FrequentIn + 1, Form = w.Form is null || string.CompareOrdinal(form, w.Form) < 0 ? form : w.Form };
            }
        }
    }

    /// <summary>The words learned from the documents observed so far.</summary>
    /// <returns>The outcome.</returns>
    public FunctionWordLearning Learn()
    {
        lock (_gate)
        {
            var learned = _words
                .Where(kv => kv.Value.FrequentIn >= MinFrequentDocuments && kv.Value.FrequentIn >= MinFrequentDocumentShare * kv.Value.Documents
                    && (double)_knownLanguageCounts.Estimate(kv.Key) * _teachingWords <= MaxKnownLanguageRate * kv.Value.Occurrences * _knownLanguageWords)
                .OrderByDescending(kv => kv.Value.FrequentIn).ThenBy(kv => kv.Key)
                .Take(MaxLearned)
                .ToArray();
            ulong[] hashes = [.. learned.Select(kv => kv.Key)];
            Array.Sort(hashes);
            return new FunctionWordLearning(FunctionWords.FromSortedHashes(hashes), [.. learned.Select(kv => kv.Value.Form!)], _observed, _teaching);
        }
    }

    /// <summary>Learns the function words of a collection that <paramref name="options"/>' do not cover.</summary>
    /// <param name="texts">The collection's texts.</param>
    /// <param name="options">The analysis the words are learned for (see the constructor); default
    /// <see cref="AnalysisOptions.Default"/>.</param>
    /// <returns>The outcome.</returns>
    public static FunctionWordLearning Learn(IEnumerable<string> texts, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var learner = new FunctionWordLearner(options);
        foreach (string text in texts)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(texts));
            learner.Observe(text);
        }

        return learner.Learn();
    }

    /// <summary>Whether a text's running text is not covered by <paramref name="known"/>: it has at least one run of
    /// <see cref="MinRunWords"/> words, and the known words are under <see cref="MaxKnownShare"/> of its runs' words.
    /// A text that is data, markup or code only (no run) is covered: nothing tells its language.</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its tokens, all of them or its content tokens only (the same answer: what stands between two
    /// words is read from the text).</param>
    /// <param name="known">The known function words.</param>
    /// <returns>True when the text is in another language than the known words'.</returns>
    public static bool IsUncovered(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, FunctionWords known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var (words, knownWords) = RunningWords(text, tokens, known);
        return words > 0 && knownWords < MaxKnownShare * words;
    }

    /// <summary>Whether what stands between two words is a gap of running text: white space only, and, unless it breaks
    /// the line, at most two characters (wider gaps align the columns of a table).</summary>
    /// <param name="gap">The characters between the two words.</param>
    /// <returns>True for running text's gap.</returns>
    internal static bool IsWordGap(ReadOnlySpan<char> gap)
    {
        bool lineBreak = false;
        foreach (char c in gap)
        {
            if (!char.IsWhiteSpace(c))
            {
                return false;
            }

            lineBreak |= c is '\n' or '\r';
        }

        return gap.Length > 0 && (lineBreak || gap.Length <= 2);
    }

    /// <summary>The end (exclusive) of the run of running text starting at <paramref name="start"/>: the letter words
    /// that follow it with only a word gap between each two; <paramref name="start"/> itself when it is no letter word.</summary>
    private static int RunEnd(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int start)
    {
        if (tokens[start].Kind != TokenKind.Word)
        {
            return start;
        }

        int end = start + 1;
        while (end < tokens.Length && tokens[end].Kind == TokenKind.Word && IsWordGap(text[tokens[end - 1].End..tokens[end].Start]))
        {
            end++;
        }

        return end;
    }

    /// <summary>How often each word stands in the known language's runs, as a count-min sketch: two rows of counters, a
    /// word counted in one counter of each (chosen by two parts of its token hash) and estimated as the lesser, never
    /// under its count. Counters are added to from many threads at once without a lock; sums do not depend on the order.
    /// A collision only raises an estimate, so it can only keep a word from being learned.</summary>
    private sealed class CountSketch
    {
        private const int Bits = 20;
        private readonly int[] _first = new int[1 << Bits];
        private readonly int[] _second = new int[1 << Bits];

        public void Add(ulong hash)
        {
            Interlocked.Increment(ref _first[(int)(hash & ((1UL << Bits) - 1))]);
            Interlocked.Increment(ref _second[(int)((hash >> 32) & ((1UL << Bits) - 1))]);
        }

        public long Estimate(ulong hash) =>
            Math.Min((uint)_first[(int)(hash & ((1UL << Bits) - 1))], (uint)_second[(int)((hash >> 32) & ((1UL << Bits) - 1))]);
    }

    /// <summary>What the teaching documents say about one word not known: how many use it, in how many it is frequent,
    /// how often it stands in them, and its least normalised form among those frequent.</summary>
    private readonly record struct WordCounts(int Documents, int FrequentIn, long Occurrences, string? Form);
}

/// <summary>The function words learned from a collection (<see cref="FunctionWordLearner"/>).</summary>
/// <param name="Learned">The words learned (not the known ones); empty when the known words cover the collection. Give
/// them to <see cref="AnalysisOptions.WithLearnedFunctionWords"/>.</param>
/// <param name="Words">The same words, normalised, those frequent in the most documents first.</param>
/// <param name="Documents">Documents observed.</param>
/// <param name="Teaching">Documents observed that the known words did not cover and that taught.</param>
public sealed record FunctionWordLearning(FunctionWords Learned, IReadOnlyList<string> Words, int Documents, int Teaching);
