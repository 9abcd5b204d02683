using System;
using System.Collections.Generic;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Text;

namespace NearDup.Analysis;

/// <summary>How documents are analysed: sketch parameters and passage fingerprinting.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class AnalysisOptions
{
    /// <summary>The default spin fingerprint: one-permutation MinHash-128 over skeleton 7-grams, with its own seed.</summary>
    /// <remarks>Seven elements: a skeleton 6-gram is shared by chance between unrelated English texts about three times
    /// as often (measured on our development texts), an 8-gram survives spinning less often.</remarks>
    public static MinHashParameters DefaultSpinSketch { get; } =
        new(MinHashFamily.OnePermutation, 128, MinHashParameters.DefaultSeed ^ 0x5350_494E, new ShingleSpec(ShingleUnit.Skeleton, 7));

    /// <summary>The defaults: one-permutation MinHash-128 over word 5-grams, SimHash over word bigrams, winnowing window 8.</summary>
    public static AnalysisOptions Default { get; } = new();

    /// <summary>Creates analysis options.</summary>
    /// <param name="minHash">MinHash parameters (their shingle spec is the document's shingle spec); default <see cref="MinHashParameters.Default"/>.</param>
    /// <param name="simHash">SimHash parameters; default <see cref="SimHashParameters.Default"/>.</param>
    /// <param name="winnowingWindow">Winnowing window w, 1 to 256; a shared passage of w + k − 1 tokens is always seen. Default 8.</param>
    /// <param name="spinSketch">MinHash parameters of the spin fingerprint (skeleton n-grams); default one-permutation, 128 hashes, skeleton 7-grams.</param>
    /// <param name="spinWinnowingWindow">Winnowing window over skeleton n-grams. Default 4.</param>
    /// <param name="functionWords">Function words that make the spin skeleton; default English.</param>
    /// <param name="foldConfusables">Whether look-alike letters of other scripts fold to the Latin letters they imitate
    /// (see <see cref="FoldConfusables"/>). Default true.</param>
    /// <param name="hashWholeTokens">Whether a word longer than 128 characters hashes all of its characters (see
    /// <see cref="HashWholeTokens"/>). Default true.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="winnowingWindow"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The MinHash shingles are not word shingles (character shingles are not supported by document analysis yet), or the spin sketch's are not skeleton shingles.</exception>
    public AnalysisOptions(
        MinHashParameters? minHash = null,
        SimHashParameters? simHash = null,
        int winnowingWindow = 8,
        MinHashParameters? spinSketch = null,
        int spinWinnowingWindow = 4,
        FunctionWords? functionWords = null,
        bool foldConfusables = true,
        bool hashWholeTokens = true)
    {
        FoldConfusables = foldConfusables;
        HashWholeTokens = hashWholeTokens;
        Guard.InRange(winnowingWindow, 1, 256);
        Guard.InRange(spinWinnowingWindow, 1, 256);
        SpinSketch = spinSketch ?? DefaultSpinSketch;
        if (SpinSketch.Shingles.Unit != ShingleUnit.Skeleton)
        {
            throw new ArgumentException($"the spin sketch must use skeleton shingles; got {SpinSketch.Shingles}.", nameof(spinSketch));
        }

        SpinWinnowingWindow = spinWinnowingWindow;
        FunctionWords = functionWords ?? FunctionWords.English;
        MinHash = minHash ?? MinHashParameters.Default;
        SimHash = simHash ?? SimHashParameters.Default;
        if (MinHash.Shingles.Unit != ShingleUnit.Word || SimHash.Features.Unit != ShingleUnit.Word)
        {
            throw new ArgumentException("document analysis shingles words; use Shingler.CharacterShingles directly for character shingles.", nameof(minHash));
        }

        WinnowingWindow = winnowingWindow;
    }

    /// <summary>These options with function words learned from a collection (<see cref="FunctionWordLearner"/>) beside
    /// <see cref="FunctionWords"/>: a document in another language than theirs is analysed with both (see
    /// <see cref="LearnedFunctionWords"/>); every other parameter the same.</summary>
    /// <param name="learned">The learned words; an empty set for none.</param>
    /// <returns>The options.</returns>
    public AnalysisOptions WithLearnedFunctionWords(FunctionWords learned)
    {
        ArgumentNullException.ThrowIfNull(learned);
        return new AnalysisOptions(MinHash, SimHash, WinnowingWindow, SpinSketch, SpinWinnowingWindow, FunctionWords, FoldConfusables, HashWholeTokens)
        {
            LearnedFunctionWords = learned.Count == 0 ? null : learned,
            CombinedFunctionWords = learned.Count == 0 ? null : FunctionWords.Union(learned),
        };
    }

    /// <summary>Function words learned from a collection (<see cref="FunctionWordLearner"/>), or null. A document whose
    /// running text <see cref="FunctionWords"/> do not cover (<see cref="FunctionWordLearner.IsUncovered"/>: another
    /// language's) is analysed with these and <see cref="FunctionWords"/> together, any other with
    /// <see cref="FunctionWords"/> alone; a pair is verified with both when either document is in another language,
    /// else with <see cref="FunctionWords"/> alone. So a word another language uses as a function word ("de", "die")
    /// changes nothing for documents in the known words' language, where it stands in names and addresses. A stored
    /// index keeps them in its options, as it keeps <see cref="FunctionWords"/>.</summary>
    public FunctionWords? LearnedFunctionWords { get; private init; }

    /// <summary><see cref="FunctionWords"/> and <see cref="LearnedFunctionWords"/> together, or null without learned ones.</summary>
    internal FunctionWords? CombinedFunctionWords { get; private init; }

    /// <summary>The function words a document is analysed and verified with: <see cref="FunctionWords"/>, and the
    /// learned ones too when the document's running text is in another language (see <see cref="LearnedFunctionWords"/>).</summary>
    /// <param name="text">The document's text.</param>
    /// <param name="tokens">Its tokens, all of them or its content tokens (the same answer).</param>
    /// <returns>The words.</returns>
    internal FunctionWords FunctionWordsOf(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens) =>
        CombinedFunctionWords is { } combined && FunctionWordLearner.IsUncovered(text, tokens, FunctionWords) ? combined : FunctionWords;

    /// <summary>MinHash parameters of the spin fingerprint.</summary>
    public MinHashParameters SpinSketch { get; }

    /// <summary>Winnowing window over skeleton n-grams.</summary>
    public int SpinWinnowingWindow { get; }

    /// <summary>Function words that make the spin skeleton.</summary>
    public FunctionWords FunctionWords { get; }

    /// <summary>Whether look-alike letters of other scripts (Cyrillic <c>а е о р с</c>, Greek <c>ο</c>, …) fold to the
    /// Latin letters they imitate before tokens are hashed, so that a copy whose letters were swapped for look-alikes is
    /// found as what it is (Unicode Technical Standard #39 skeletons, from ICU). Indexes created before this option
    /// existed open with it off, as they were built.</summary>
    public bool FoldConfusables { get; }

    /// <summary>Whether a word longer than 128 characters (a URL, a base64 blob, a long key) hashes all of its
    /// characters. Indexes created before this option existed open with it off, as they were built: there such a word
    /// hashes its first 128 characters and its length, so two that share those are one word.</summary>
    public bool HashWholeTokens { get; }

    /// <summary>MinHash parameters; <see cref="MinHashParameters.Shingles"/> is the document shingle spec.</summary>
    public MinHashParameters MinHash { get; }

    /// <summary>SimHash parameters.</summary>
    public SimHashParameters SimHash { get; }

    /// <summary>Winnowing window for passage fingerprints.</summary>
    public int WinnowingWindow { get; }

    /// <summary>Shingle size in words.</summary>
    public int ShingleSize => MinHash.Shingles.Size;

    /// <summary>
    /// Says how the parameters that decide stored and compared data (both MinHash sketches, SimHash, both winnowing
    /// windows, the folding of look-alike letters, the hashing of long words, the function words that make the spin
    /// skeleton) differ from <paramref name="other"/>'s, naming both values, or null when they agree. These options are
    /// the index's side (or the options a search was given), named by <paramref name="thisName"/>. Function words are
    /// compared as sets of token hashes, so a list made separately with the same words agrees.
    /// </summary>
    /// <param name="other">The other options.</param>
    /// <param name="otherName">How to introduce the other value: "requested", "document has".</param>
    /// <param name="thisName">What these options are named in the message: "index", "analysis".</param>
    /// <param name="learned">Whether the learned function words (<see cref="LearnedFunctionWords"/>) are compared too;
    /// false for one document's analysis, which they change only when it is in another language.</param>
    /// <returns>The differences joined by "; ", or null.</returns>
    internal string? Difference(AnalysisOptions other, string otherName, string thisName = "index", bool learned = true)
    {
        if (ReferenceEquals(this, other))
        {
            return null;
        }

        var problems = new List<string>();
        Compare(problems, "MinHash", MinHash, other.MinHash, otherName, thisName);
        Compare(problems, "spin sketch", SpinSketch, other.SpinSketch, otherName, thisName);
        if (!SimHash.Equals(other.SimHash))
        {
            problems.Add($"{thisName} has SimHash {SimHash}, {otherName} {other.SimHash}");
        }

        if (WinnowingWindow != other.WinnowingWindow)
        {
            problems.Add($"{thisName} has winnowing window {WinnowingWindow}, {otherName} {other.WinnowingWindow}");
        }

        if (SpinWinnowingWindow != other.SpinWinnowingWindow)
        {
            problems.Add($"{thisName} has spin winnowing window {SpinWinnowingWindow}, {otherName} {other.SpinWinnowingWindow}");
        }

        if (FoldConfusables != other.FoldConfusables)
        {
            problems.Add($"{thisName} {(FoldConfusables ? "folds" : "does not fold")} look-alike letters, {otherName} {(other.FoldConfusables ? "folding" : "no folding")}");
        }

        if (HashWholeTokens != other.HashWholeTokens)
        {
            problems.Add($"{thisName} {(HashWholeTokens ? "hashes long words whole" : "hashes the first 128 characters of long words")}, {otherName} {(other.HashWholeTokens ? "whole" : "the first 128 characters")}");
        }

        if (!FunctionWords.SetEquals(other.FunctionWords))
        {
            problems.Add($"{thisName} has function words {Describe(FunctionWords)}, {otherName} {Describe(other.FunctionWords, FunctionWords)}");
        }

        if (learned && !SameLearned(LearnedFunctionWords, other.LearnedFunctionWords))
        {
            problems.Add($"{thisName} has {DescribeLearned(LearnedFunctionWords)}, {otherName} {DescribeLearned(other.LearnedFunctionWords)}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Whether two sets of learned function words (or none) are the same.</summary>
    /// <param name="a">One set, or null for none.</param>
    /// <param name="b">The other, or null.</param>
    /// <returns>True when both are none or both hold the same words.</returns>
    internal static bool SameLearned(FunctionWords? a, FunctionWords? b) => a is null ? b is null : b is not null && a.SetEquals(b);

    private static string DescribeLearned(FunctionWords? learned) => learned is null ? "no learned function words" : $"{learned.Count} learned function words";

    private static void Compare(List<string> problems, string what, MinHashParameters index, MinHashParameters other, string otherName, string thisName)
    {
        if (!index.Equals(other))
        {
            problems.Add($"{thisName} has {what} {index}, {otherName} {other}");
        }
    }

    /// <summary>Names a function-word list for a mismatch message: only the words' hashes are known, not the words.</summary>
    /// <param name="words">The list to name.</param>
    /// <param name="index">The index's list when <paramref name="words"/> is the other side: when both are custom
    /// lists, says how many of the other's words the index's lacks.</param>
    private static string Describe(FunctionWords words, FunctionWords? index = null)
    {
        if (words.SetEquals(FunctionWords.English))
        {
            return $"English ({words.Count} words)";
        }

        string described = $"a custom list of {words.Count} words";
        return index is null || index.SetEquals(FunctionWords.English)
            ? described
            : $"{described} ({words.Count - HashSort.CountShared(index.SortedHashes, words.SortedHashes)} of them not in the index's)";
    }
}
