using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary><see cref="NearDupIndex.AddBatch(IEnumerable{AnalyzedDocument})"/>: documents analysed elsewhere.</summary>
public partial class NearDupIndexTests
{
    private static readonly DocumentAnalyzer IndexAnalyzer = new(IndexOptions.Default.Analysis);

    private static List<AnalyzedDocument> AnalysedOriginals(DocumentAnalyzer analyzer) =>
        Originals.Append(Single).Select(o => analyzer.Analyze(o.Id, o.Text)).ToList();

    private static IndexOptions WithMinHashSize(int hashCount) =>
        new(new AnalysisOptions(new MinHashParameters(MinHashFamily.OnePermutation, hashCount, MinHashParameters.DefaultSeed, new ShingleSpec(ShingleUnit.Word, 5))));

    /// <summary>A batch of one document analysed as the index analyses, then <paramref name="mismatched"/>.</summary>
    private static AnalyzedDocument[] GoodThen(AnalyzedDocument mismatched) => [IndexAnalyzer.Analyze("good", TestTexts.Lighthouse), mismatched];

    /// <summary>Asserts that a new default index refuses <see cref="GoodThen"/> and stores nothing of it, also after reopening.</summary>
    private void AssertBatchIsRefusedAndWritesNothing(AnalyzedDocument mismatched)
    {
        using (NearDupIndex index = NearDupIndex.Create(Directory))
        {
            Assert.That(() => index.AddBatch(GoodThen(mismatched)), Throws.ArgumentException);
            Assert.That((index.Count, index.Statistics().LogBatches), Is.EqualTo((0, 0L)));
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Count, Is.Zero);
    }

    [Test]
    public void AddBatch_AnalysedDocuments_GiveEveryVerdictWithTheEvidenceOfAddingTheTexts()
    {
        using NearDupIndex fromTexts = Filled(NearDupIndex.Create(Directory));
        using NearDupIndex fromAnalysed = NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)));
        Assert.That(fromAnalysed.AddBatch(AnalysedOriginals(IndexAnalyzer)), Is.EqualTo(AllIds.Count));
        Assert.That(Evidence(fromAnalysed), Is.EqualTo(Evidence(fromTexts)).And.Not.Empty);
    }

    [Test]
    public void AddBatch_AnalysedDocuments_SurviveReopenWithIdenticalEvidence()
    {
        List<string> expected;
        using (NearDupIndex fromTexts = Filled(NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)))))
        {
            expected = Evidence(fromTexts);
        }

        using (NearDupIndex index = NearDupIndex.Create(Directory))
        {
            index.AddBatch(AnalysedOriginals(IndexAnalyzer));
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, Evidence(reopened)), Is.EqualTo((AllIds.Count, expected)));
    }

    [Test]
    public void AddBatch_AnalysedUnderEqualButSeparatelyMadeOptions_IsAccepted()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        var analyzer = new DocumentAnalyzer(new AnalysisOptions());
        Assert.That(index.AddBatch(AnalysedOriginals(analyzer)), Is.EqualTo(AllIds.Count));
    }

    [Test]
    public void AddBatch_DocumentAnalysedWithAnotherSketchSize_ThrowsNamingTheDocumentAndBothSizes()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        var batch = new List<AnalyzedDocument>
        {
            IndexAnalyzer.Analyze("good", TestTexts.Lighthouse),
            new DocumentAnalyzer(WithMinHashSize(64).Analysis).Analyze("small", TestTexts.Sourdough),
        };
        Assert.That(
            () => index.AddBatch(batch),
            Throws.ArgumentException.With.Message.Contains("'small'").And.Message.Contains("k=128").And.Message.Contains("k=64"));
    }

    [Test]
    public void AddBatch_DocumentAnalysedWithAnotherSketchSize_WritesNothing_AlsoAfterReopen() =>
        AssertBatchIsRefusedAndWritesNothing(new DocumentAnalyzer(WithMinHashSize(64).Analysis).Analyze("small", TestTexts.Sourdough));

    [Test]
    public void AddBatch_DocumentAnalysedWithAnotherWinnowingWindow_ThrowsNamingBothWindows()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        AnalyzedDocument wide = new DocumentAnalyzer(new AnalysisOptions(winnowingWindow: 12)).Analyze("wide", TestTexts.Lighthouse);
        Assert.That(
            () => index.AddBatch([wide]),
            Throws.ArgumentException.With.Message.Contains("'wide'").And.Message.Contains("winnowing window 8").And.Message.Contains("document has 12"));
    }

    [Test]
    public void AddBatch_AnalysedDocumentWithAnIndexedId_AddsNoneOfTheBatch()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        index.Add("lighthouse", TestTexts.Lighthouse);
        var batch = new[] { IndexAnalyzer.Analyze("sourdough", TestTexts.Sourdough), IndexAnalyzer.Analyze("lighthouse", TestTexts.Lighthouse) };
        Assert.That(() => index.AddBatch(batch), Throws.ArgumentException.With.Message.Contains("'lighthouse' is already indexed"));
        Assert.That((index.Count, index.Contains("sourdough")), Is.EqualTo((1, false)));
    }

    [Test]
    public void AddBatch_AnalysedDocumentsRepeatingAnId_IsRejectedAndAddsNothing()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        var batch = new[] { IndexAnalyzer.Analyze("twice", TestTexts.Lighthouse), IndexAnalyzer.Analyze("twice", TestTexts.Sourdough) };
        Assert.That(() => index.AddBatch(batch), Throws.ArgumentException.With.Message.Contains("occurs twice"));
        Assert.That(index.Count, Is.Zero);
    }

    [Test]
    public void AddBatch_NullAnalysedDocument_IsRejectedAndAddsNothing()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        var batch = new[] { IndexAnalyzer.Analyze("good", TestTexts.Lighthouse), null! };
        Assert.That(() => index.AddBatch(batch), Throws.ArgumentException.With.Message.Contains("document 1 of the batch is null"));
        Assert.That(index.Count, Is.Zero);
    }
}
