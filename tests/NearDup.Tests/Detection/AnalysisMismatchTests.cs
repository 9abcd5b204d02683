using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>Documents analysed under other parameters than the index's or the options' (here without folding look-alike
/// letters) are refused by every entry point that takes analysed documents, as <c>AddBatch</c> refuses them, instead of
/// silently matching nothing.</summary>
public class AnalysisMismatchTests
{
    private static readonly DocumentAnalyzer NoFolding = new(new AnalysisOptions(foldConfusables: false));

    /// <summary>The lighthouse text with Latin o, a and e in Cyrillic look-alikes: a near-duplicate when folded.</summary>
    private static readonly string LookAlike = TestTexts.Lighthouse.Replace('o', '\u043E').Replace('a', '\u0430').Replace('e', '\u0435');

    [Test]
    public void Query_ADocumentAnalysedWithoutFolding_IsRefusedNamingTheDifference()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("lighthouse", TestTexts.Lighthouse);
        Assert.That(
            () => index.Query(NoFolding.Analyze("q", LookAlike)),
            Throws.ArgumentException.With.Message.StartsWith("document 'q' was analysed under other parameters than the index: index folds look-alike letters, document has no folding."));
    }

    [Test]
    public void Query_TheSameTextAnalysedByTheIndex_IsANearDuplicate()
    {
        // The control: the look-alike copy is found when analysed as the index analyses.
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("lighthouse", TestTexts.Lighthouse);
        Assert.That(index.Query(index.Analyzer.Analyze("q", LookAlike)).Select(v => v.Kind), Is.EqualTo(new[] { NearDup.Verification.MatchKind.NearDuplicate }));
    }

    [Test]
    public void FindAllPairs_DocumentsAnalysedWithoutFolding_AreRefused() =>
        Assert.That(
            () => NearDupIndex.FindAllPairs([NoFolding.Analyze("a", TestTexts.Lighthouse), NoFolding.Analyze("b", LookAlike)]),
            Throws.ArgumentException.With.Message.StartsWith("document 'a' was analysed under other parameters than the options given: analysis folds look-alike letters, document has no folding."));

    [Test]
    public void FindGroups_DocumentsAnalysedWithoutFolding_AreRefused() =>
        Assert.That(
            () => NearDupIndex.FindGroups([NoFolding.Analyze("a", TestTexts.Lighthouse), NoFolding.Analyze("b", LookAlike)]),
            Throws.ArgumentException.With.Message.Contains("was analysed under other parameters than the options given"));

    [Test]
    public void FindRecurringPassages_DocumentsAnalysedWithoutFolding_AreRefused() =>
        Assert.That(
            () => NearDupIndex.FindRecurringPassages([NoFolding.Analyze("a", TestTexts.Lighthouse), NoFolding.Analyze("b", LookAlike)]),
            Throws.ArgumentException.With.Message.Contains("was analysed under other parameters than the options given"));

    [Test]
    public void FindAllPairs_DocumentsAnalysedWithOptionsEqualToThoseGiven_AreAccepted() =>
        Assert.That(
            NearDupIndex.FindAllPairs([NoFolding.Analyze("a", TestTexts.Lighthouse), NoFolding.Analyze("b", TestTexts.Lighthouse)], new IndexOptions(analysis: new AnalysisOptions(foldConfusables: false))).Select(v => v.Kind),
            Is.EqualTo(new[] { NearDup.Verification.MatchKind.Exact }));

    [Test]
    public void Query_ADocumentAnalysedByAnotherAnalyzerWithEqualOptions_IsAccepted()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory(new IndexOptions(analysis: new AnalysisOptions(foldConfusables: false)));
        index.Add("lighthouse", TestTexts.Lighthouse);
        Assert.That(index.Query(NoFolding.Analyze("q", TestTexts.Lighthouse)).Select(v => v.Kind), Is.EqualTo(new[] { NearDup.Verification.MatchKind.Exact }));
    }
}
