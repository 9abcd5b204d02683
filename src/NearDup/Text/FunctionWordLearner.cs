using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
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
/// them count (<see cref="IsWordGap"/>; not numbers, and not the ideographs of a script written without spaces, which are
/// never function words in analysis). Markup, code, commands, addresses, tables and records break into shorter runs, so
/// that their frequent words (tag and attribute names, keywords, field names) are no language's function words.
/// </para>
/// <para>
/// <b>Which documents teach.</b> A document observed (<see cref="Observe"/>) is <i>uncovered</i> when the known function
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
/// in at least <see cref="MinFrequentShare"/> of those that use it, whose rate among the words of runs in the known
/// words' language (<see cref="MinKnownLanguageShare"/>, in documents the known words cover) is at most <see cref="MaxKnownLanguageRate"/> of its rate in
/// the teaching documents: a subject's words (a program's name, a field) stand in documents of both languages, another
/// language's function words in its own. At most <see cref="MaxLearned"/>, those frequent in the most documents first.
/// </para>
/// <para>
/// The outcome depends on the documents observed, not on their order or on how many threads observed them: counts
/// add, ties are broken by token hash, and a word's shown form is the ordinal least of the forms seen.
/// </para>
/// <para>Thread safety: <see cref="Observe"/> may be called from several threads at once; <see cref="Learn()"/> after
/// they have all returned.</para>
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
    private readonly Dictionary<ulong, long> _knownLanguageCounts = [];
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
        var counts = new Dictionary<ulong, (int Count, int First, int Quarters)>();
        var knownLanguage = new Dictionary<ulong, int>();
        var running = new List<(ulong Hash, int Position)>();
        (ulong Hash, string Form)[] frequent = [];
        int words = 0, known = 0, knownLanguageWords = 0;
        bool teaching;
        try
        {
            ReadOnlySpan<Token> all = tokens.AsSpan(0, tokenCount);
            for (int start = 0; start < all.Length;)
            {
                int end = RunEnd(text, all, start);
                if (end - start >= MinRunWords)
                {
                    int runKnown = 0;
                    for (int i = start; i < end; i++)
                    {
                        if (_known.Contains(all[i].Hash))
                        {
                            runKnown++;
                        }
                        else
                        {
                            ulong hash = all[i].Hash;
                            counts[hash] = counts.TryGetValue(hash, out var c) ? c with { Count = c.Count + 1 } : (1, i, 0);
                            running.Add((hash, words + i - start));
                        }
                    }

                    if (runKnown >= MinKnownLanguageShare * (end - start))
                    {
                        // A run in the known words' language: its other words are that language's too.
                        knownLanguageWords += end - start;
                        for (int i = start; i < end; i++)
                        {
                            if (!_known.Contains(all[i].Hash))
                            {
                                knownLanguage[all[i].Hash] = knownLanguage.GetValueOrDefault(all[i].Hash) + 1;
                            }
                        }
                    }

                    words += end - start;
                    known += runKnown;
                }

                start = Math.Max(end, start + 1);
            }

            teaching = words >= MinDocumentWords && known < MaxKnownShare * words && counts.Values.All(c => c.Count <= MaxWordShare * words);
            if (teaching)
            {
                // The quarters of the running text each word stands in.
                foreach (var (hash, position) in running)
                {
                    var c = counts[hash];
                    counts[hash] = c with { Quarters = c.Quarters | (1 << (int)(4L * position / words)) };
                }

                var ranked = counts
                    .Where(kv => kv.Value.Count >= 2 && kv.Value.Count >= MinFrequentShare * words
                        && BitOperations.PopCount((uint)kv.Value.Quarters) >= Math.Min(MinQuarters, kv.Value.Count))
                    .ToArray();
                frequent = new (ulong, string)[ranked.Length];
                for (int i = 0; i < ranked.Length; i++)
                {
                    frequent[i] = (ranked[i].Key, Tokenizer.NormalizedForm(text, all[ranked[i].Value.First], _hashWholeTokens));
                }
            }
        }
        finally
        {
            RentedArrays.Return(ref tokens, ref tokenCount);
        }

        lock (_gate)
        {
            _observed++;
            if (known >= MaxKnownShare * words)
            {
                // Only a covered document's runs speak for the known words' language: in another language's text a
                // short run can hold its share of words the languages share ("in", "an", "so") by chance.
                _knownLanguageWords += knownLanguageWords;
                foreach (var (hash, n) in knownLanguage)
                {
                    _knownLanguageCounts[hash] = _knownLanguageCounts.GetValueOrDefault(hash) + n;
                }
            }

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
                    && (double)_knownLanguageCounts.GetValueOrDefault(kv.Key) * _teachingWords <= MaxKnownLanguageRate * kv.Value.Occurrences * _knownLanguageWords)
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
        long words = 0, knownWords = 0;
        for (int start = 0; start < tokens.Length;)
        {
            int end = RunEnd(text, tokens, start);
            if (end - start >= MinRunWords)
            {
                words += end - start;
                for (int i = start; i < end; i++)
                {
                    knownWords += known.Contains(tokens[i].Hash) ? 1 : 0;
                }
            }

            start = Math.Max(end, start + 1);
        }

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
