using System;
using System.IO;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Analysis;

/// <summary>
/// Function words learned from a collection (<see cref="AnalysisOptions.WithLearnedFunctionWords"/>) count in the
/// documents of the other language only: a document the known words cover is analysed and verified as without them.
/// </summary>
public class LearnedFunctionWordsTests
{
    private static readonly AnalysisOptions Learned = AnalysisOptions.Default.WithLearnedFunctionWords(InventedLanguage.FunctionWordList);

    // Every invented function word as a word in English prose: "the report by ek and ul", "sen of the ...".
    private const string EnglishWithInventedWords =
        "The report by ek and ul was sent to the office of vo in the spring, and it said that sen and ir had gone to the " +
        "harbour with og, pa and ju. The letter from eth to ub was kept in the archive of wa and yo for many years.";

    [Test]
    public void Analyze_EnglishDocument_SameFingerprintsWithLearnedWordsAsWithout()
    {
        AnalyzedDocument with = new DocumentAnalyzer(Learned).Analyze("en", EnglishWithInventedWords);
        AnalyzedDocument without = new DocumentAnalyzer(AnalysisOptions.Default).Analyze("en", EnglishWithInventedWords);
        Assert.That(
            (with.SpinFingerprints.ToArray(), with.PairFingerprints.ToArray(), with.SpinSketch.Values.ToArray()),
            Is.EqualTo((without.SpinFingerprints.ToArray(), without.PairFingerprints.ToArray(), without.SpinSketch.Values.ToArray())));
    }

    [Test]
    public void Analyze_OtherLanguageDocument_AnalysedAsWithBothListsTogether()
    {
        string text = InventedLanguage.Document(new Random(1));
        var both = new AnalysisOptions(functionWords: FunctionWords.English.Union(InventedLanguage.FunctionWordList));
        AnalyzedDocument learned = new DocumentAnalyzer(Learned).Analyze("x", text);
        AnalyzedDocument union = new DocumentAnalyzer(both).Analyze("x", text);
        Assert.That(
            (learned.SpinFingerprints.ToArray(), learned.PairFingerprints.ToArray()),
            Is.EqualTo((union.SpinFingerprints.ToArray(), union.PairFingerprints.ToArray())));
    }

    [Test]
    public void Analyze_OtherLanguageDocument_SkeletonDiffersFromEnglishOnly()
    {
        // The control of the test above: the learned words do change such a document's skeleton.
        string text = InventedLanguage.Document(new Random(1));
        Assert.That(
            new DocumentAnalyzer(Learned).Analyze("x", text).SpinFingerprints.ToArray(),
            Is.Not.EqualTo(new DocumentAnalyzer(AnalysisOptions.Default).Analyze("x", text).SpinFingerprints.ToArray()));
    }

    [Test]
    public void Compare_CopyWithItsFunctionWordsEdited_IsANearDuplicateWithLearnedWords()
    {
        var (original, edited) = EditedPair();
        using NearDupIndex index = NearDupIndex.CreateInMemory(new IndexOptions(Learned));
        Assert.That(index.Compare(original, edited).Verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void Compare_CopyWithItsFunctionWordsEdited_IsNoCopyWithEnglishOnly()
    {
        // The control: to the English list every changed function word is a replaced content word, and a text with
        // one word in seven replaced and no skeleton is no copy at all.
        var (original, edited) = EditedPair();
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        Assert.That(index.Compare(original, edited).Verdict, Is.Null);
    }

    [Test]
    public void Compare_EnglishPairWhoseNamesAreLearnedWords_ExplainedAsWithout()
    {
        // Names swapped for other names that happen to be another language's function words: in English text they stay
        // names, and the pair is verified by the verifier without the learned words.
        string copy = EnglishWithInventedWords.Replace("ek and ul", "ul and ek").Replace("by vo", "by sen").Replace("og, pa and ju", "pa, og and wa");
        using NearDupIndex with = NearDupIndex.CreateInMemory(new IndexOptions(Learned));
        using NearDupIndex without = NearDupIndex.CreateInMemory();
        PairExplanation a = with.Compare(EnglishWithInventedWords, copy), b = without.Compare(EnglishWithInventedWords, copy);
        Assert.That(
            (a.Verdict?.Kind, a.Figures, a.Alignment.RewordedTokensA, a.Alignment.Substitutions.Select(x => x.Class)),
            Is.EqualTo((b.Verdict?.Kind, b.Figures, b.Alignment.RewordedTokensA, b.Alignment.Substitutions.Select(x => x.Class))));
    }

    [Test]
    public void AddBatch_OtherLanguageDocumentAnalysedWithoutTheLearnedWords_ThrowsAndAddsNothing()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory(new IndexOptions(Learned));
        AnalyzedDocument english = new DocumentAnalyzer(AnalysisOptions.Default).Analyze("en", EnglishWithInventedWords);
        AnalyzedDocument other = new DocumentAnalyzer(AnalysisOptions.Default).Analyze("x", InventedLanguage.Document(new Random(4)));
        Assert.That(() => index.AddBatch([english, other]), Throws.ArgumentException.With.Message.Contains("document 'x' is in another language"));
        Assert.That(index.Count, Is.Zero);
    }

    [Test]
    public void AddBatch_EnglishDocumentAnalysedWithoutTheLearnedWords_IsAdded()
    {
        // Its analysis is the same with or without them.
        using NearDupIndex index = NearDupIndex.CreateInMemory(new IndexOptions(Learned));
        index.AddBatch([new DocumentAnalyzer(AnalysisOptions.Default).Analyze("en", EnglishWithInventedWords)]);
        Assert.That(index.Count, Is.EqualTo(1));
    }

    [Test]
    public void FindAllPairs_OtherLanguageDocumentAnalysedWithOtherLearnedWords_Throws()
    {
        AnalyzedDocument other = new DocumentAnalyzer(Learned).Analyze("x", InventedLanguage.Document(new Random(4)));
        Assert.That(() => NearDupIndex.FindAllPairs([other], IndexOptions.Default), Throws.ArgumentException.With.Message.Contains("was analysed with 12 learned function words"));
    }

    [Test]
    public void WithLearnedFunctionWords_EmptySet_LeavesNoLearnedWords() =>
        Assert.That(AnalysisOptions.Default.WithLearnedFunctionWords(FunctionWords.FromText(string.Empty)).LearnedFunctionWords, Is.Null);

    [Test]
    public void WithLearnedFunctionWords_KeepsEveryOtherOption()
    {
        var options = new AnalysisOptions(winnowingWindow: 6, foldConfusables: false, functionWords: GermanTexts.FunctionWordList);
        AnalysisOptions learned = options.WithLearnedFunctionWords(InventedLanguage.FunctionWordList);
        Assert.That(
            (learned.WinnowingWindow, learned.FoldConfusables, learned.HashWholeTokens, learned.MinHash, learned.SimHash, learned.SpinSketch, learned.SpinWinnowingWindow, learned.FunctionWords, learned.LearnedFunctionWords!.Count),
            Is.EqualTo((6, false, true, options.MinHash, options.SimHash, options.SpinSketch, options.SpinWinnowingWindow, options.FunctionWords, 12)));
    }

    [Test]
    public void Open_IndexCreatedWithLearnedWords_KeepsThemAndFindsTheEditedCopy() =>
        Assert.That(ReopenAndQuery(compact: false), Is.EqualTo(((bool?)true, new[] { ("original", MatchKind.NearDuplicate) })));

    [Test]
    public void Compact_IndexWithLearnedWords_KeepsThem() =>
        Assert.That(ReopenAndQuery(compact: true), Is.EqualTo(((bool?)true, new[] { ("original", MatchKind.NearDuplicate) })));

    /// <summary>Creates an index on disk with <see cref="Learned"/>, adds the original of <see cref="EditedPair"/>
    /// (compacting when asked), reopens it, and gives whether it kept the learned words and what the edited copy's query
    /// finds.</summary>
    private static (bool? Kept, (string A, MatchKind Kind)[] Found) ReopenAndQuery(bool compact)
    {
        string directory = Path.Combine(Path.GetTempPath(), "neardup-learned-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (original, edited) = EditedPair();
            using (NearDupIndex created = NearDupIndex.Create(directory, new IndexOptions(Learned)))
            {
                created.Add("original", original);
                if (compact)
                {
                    created.Compact();
                }
            }

            using NearDupIndex reopened = NearDupIndex.Open(directory);
            return (reopened.Options.Analysis.LearnedFunctionWords?.SetEquals(InventedLanguage.FunctionWordList), [.. reopened.Query(edited, "edited").Select(v => (v.A, v.Kind))]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Open_RequestedWithoutTheStoredLearnedWords_ThrowsNamingThem()
    {
        string directory = Path.Combine(Path.GetTempPath(), "neardup-learned-" + Guid.NewGuid().ToString("N"));
        try
        {
            NearDupIndex.Create(directory, new IndexOptions(Learned)).Dispose();
            Assert.That(() => NearDupIndex.Open(directory, IndexOptions.Default), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("12 learned function words, requested no learned function words"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (string Original, string Edited) EditedPair()
    {
        string original = InventedLanguage.Document(new Random(2), words: 300);
        return (original, InventedLanguage.Edited(original, new Random(3), 0.3));
    }
}
