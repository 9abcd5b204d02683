using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// Function words decide the spin skeleton and so every stored spin fingerprint: the index records its list, reopens
/// with it, and refuses options and analysed documents with another list. German texts with a German list, because
/// there the list matters most: under the English list their skeletons share no fingerprint with the German ones.
/// </summary>
public partial class NearDupIndexTests
{
    private static IndexOptions German => new(new AnalysisOptions(functionWords: GermanTexts.FunctionWordList));

    /// <summary>
    /// <see cref="German"/> with the word candidates switched off (an LSH threshold no spun copy reaches, more shared
    /// passages than a document has, and the spun copy's SimHash is 17 bits away): only the spin fingerprints, which
    /// the function words decide, can propose the spun copy.
    /// </summary>
    private static IndexOptions GermanSpinOnly => new(German.Analysis, lshThreshold: 0.99, minSharedFingerprints: 1000);

    /// <summary>The German list made again from its words, in another order: equal as a set, not the same object.</summary>
    private static FunctionWords GermanAgain => new(GermanTexts.FunctionWordSpellings.Reverse());

    [Test]
    public void Reopen_IndexCreatedWithCustomFunctionWords_HasTheSameFunctionWords()
    {
        NearDupIndex.Create(Directory, German).Dispose();
        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        FunctionWords words = reopened.Options.Analysis.FunctionWords;
        Assert.That((words.SetEquals(GermanTexts.FunctionWordList), words.Count), Is.EqualTo((true, GermanTexts.FunctionWordList.Count)));
    }

    [Test]
    public void Reopen_IndexCreatedWithCustomFunctionWords_MatchesASpunCopyAddedAfterReopeningToTheOriginalAddedBefore()
    {
        using (NearDupIndex index = NearDupIndex.Create(Directory, GermanSpinOnly))
        {
            index.Add("mill", GermanTexts.Mill);
        }

        // The copy and the query are analysed under the reopened options, the original under the created ones: an
        // index that reopened with English function words finds the copy (exact) but not the original.
        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        reopened.Add("copy", GermanTexts.MillSpun);
        Assert.That(
            reopened.Query(GermanTexts.MillSpun, "query").Select(v => (v.A, v.Kind)),
            Is.EqualTo(new[] { ("copy", MatchKind.Exact), ("mill", MatchKind.Spun) }));
    }

    [Test]
    public void Open_RequestedOtherFunctionWords_ThrowsNamingBothLists()
    {
        NearDupIndex.Create(Directory, German).Dispose();
        Assert.That(
            () => NearDupIndex.Open(Directory, IndexOptions.Default),
            Throws.TypeOf<NearDupFormatException>()
                .With.Message.Contains($"index has function words a custom list of {GermanTexts.FunctionWordList.Count} words")
                .And.Message.Contains($"requested English ({FunctionWords.English.Count} words)"));
    }

    [Test]
    public void Open_RequestedTheSameCustomListMadeSeparately_Opens()
    {
        NearDupIndex.Create(Directory, German).Dispose();
        Assert.That(() => NearDupIndex.Open(Directory, new IndexOptions(new AnalysisOptions(functionWords: GermanAgain))).Dispose(), Throws.Nothing);
    }

    [Test]
    public void AddBatch_DocumentAnalysedWithOtherFunctionWords_ThrowsNamingTheDocumentAndBothLists()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        Assert.That(
            () => index.AddBatch(GoodThen(new DocumentAnalyzer(German.Analysis).Analyze("mill", GermanTexts.Mill))),
            Throws.ArgumentException
                .With.Message.Contains("'mill'")
                .And.Message.Contains($"index has function words English ({FunctionWords.English.Count} words)")
                .And.Message.Contains($"document has a custom list of {GermanTexts.FunctionWordList.Count} words"));
    }

    [Test]
    public void AddBatch_DocumentAnalysedWithOtherFunctionWords_WritesNothing_AlsoAfterReopen() =>
        AssertBatchIsRefusedAndWritesNothing(new DocumentAnalyzer(German.Analysis).Analyze("mill", GermanTexts.Mill));

    [Test]
    public void AddBatch_AfterReopen_DocumentAnalysedWithTheSameCustomListMadeSeparately_IsAccepted()
    {
        NearDupIndex.Create(Directory, German).Dispose();
        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        AnalyzedDocument mill = new DocumentAnalyzer(new AnalysisOptions(functionWords: GermanAgain)).Analyze("mill", GermanTexts.Mill);
        Assert.That(reopened.AddBatch([mill]), Is.EqualTo(1));
    }
}
