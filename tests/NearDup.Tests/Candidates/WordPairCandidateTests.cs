using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Candidates;

/// <summary>The word-pair source of the candidate index: it proposes a rewrite that no other source proposes, for a spun
/// verdict only, and nothing when spun copies are not looked for.</summary>
public class WordPairCandidateTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    /// <summary>The report with the words of every sentence in reverse order: no word n-gram, no skeleton n-gram and no
    /// passage of it is left, while every two nearby words are still near each other. Only the word pairs see it.</summary>
    private static readonly string Reversed = string.Join(
        " ",
        SpinTexts.FloodReport.Split(". ").Select(sentence => string.Join(" ", sentence.Split(' ').Reverse()) + "."));

    private static DocumentFingerprints Of(string id, string text) => DocumentFingerprints.Of(Analyzer.Analyze(id, text));

    private static CandidateIndex IndexOf(params string[] texts)
    {
        var index = new CandidateIndex(IndexOptions.Default.CandidateSettings);
        foreach (string text in texts)
        {
            index.Add(Of("doc", text));
        }

        return index;
    }

    [Test]
    public void Lookup_SentencesSaidBackwards_AreProposedByTheWordPairsAloneForSpunOnly()
    {
        CandidateIndex index = IndexOf(SpinTexts.Harbour, SpinTexts.FloodReport, SpinTexts.Orchard);
        var keys = new List<int>();
        int any = index.Lookup(Of("reversed", Reversed), CopyKinds.All, keys);
        Assert.That((keys, any), Is.EqualTo((new List<int> { 1 }, 0)));
    }

    [Test]
    public void Lookup_SentencesSaidBackwardsWithoutSpunAmongTheKinds_ProposeNothing()
    {
        CandidateIndex index = IndexOf(SpinTexts.Harbour, SpinTexts.FloodReport);
        var keys = new List<int>();
        int any = index.Lookup(Of("reversed", Reversed), CopyKinds.Exact | CopyKinds.NearDuplicate | CopyKinds.Contained, keys);
        Assert.That((keys.Count, any), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Lookup_AnExactCopy_ComesFirstForAnyVerdict()
    {
        CandidateIndex index = IndexOf(SpinTexts.FloodReport, SpinTexts.Harbour);
        var keys = new List<int>();
        int any = index.Lookup(Of("copy", SpinTexts.FloodReport), CopyKinds.All, keys);
        Assert.That((keys, any), Is.EqualTo((new List<int> { 0 }, 1)));
    }

    [Test]
    public void AllPairs_MarksThePairOnlyTheWordPairsProposedAsSpunOnly()
    {
        DocumentFingerprints[] documents = [Of("report", SpinTexts.FloodReport), Of("harbour", SpinTexts.Harbour), Of("copy", SpinTexts.Harbour), Of("reversed", Reversed)];
        var index = new CandidateIndex(IndexOptions.Default.CandidateSettings);
        index.AddRange(documents, bulk: false);
        Assert.That(
            index.AllPairs(CopyKinds.All, documents, threads: 1, progress: null, CancellationToken.None).OrderBy(p => p.A).ToArray(),
            Is.EqualTo(new[] { (0, 3, true), (1, 2, false) }));
    }

    [TestCase(MatchKind.Spun, false, true)]
    [TestCase(MatchKind.Contained, true, true)]
    [TestCase(MatchKind.Contained, false, false)]
    [TestCase(MatchKind.NearDuplicate, false, false)]
    public void Reports_OnACandidateOnlyTheWordPairsProposed_ASpunVerdictOrARewordedExcerptOnly(MatchKind kind, bool reworded, bool reported)
    {
        var figures = new PairFigures(0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 20);
        var verdict = new PairVerdict("a", "b", kind, 0.3, figures, []) { Reworded = reworded };
        Assert.That((CandidateIndex.Reports(verdict, wordPairsOnly: true), CandidateIndex.Reports(verdict, wordPairsOnly: false)), Is.EqualTo((reported, true)));
    }
}
