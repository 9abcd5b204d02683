using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>A copy rewritten sentence by sentence (a fluent rewrite) is a spun copy of its original; another text on the
/// same subject, sharing its names and numbers but not its sentences, is not a copy.</summary>
public class RewriteTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    private static IReadOnlyList<PairVerdict> Scan(params (string Id, string Text)[] documents) =>
        NearDupIndex.FindAllPairs(documents.Select(d => Analyzer.Analyze(d.Id, d.Text)).ToList());

    [Test]
    public void FindAllPairs_AFluentRewriteBesideASameTopicOpinion_IsTheOnlyPairAndSpun()
    {
        IReadOnlyList<PairVerdict> pairs = Scan(
            ("report", SpinTexts.FloodReport),
            ("rewrite", SpinTexts.FloodReportFluent),
            ("opinion", SpinTexts.FloodOpinion),
            ("harbour", SpinTexts.Harbour),
            ("orchard", SpinTexts.Orchard));
        Assert.That(pairs.Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("report", "rewrite", MatchKind.Spun) }));
    }

    [Test]
    public void FindAllPairs_AFluentRewriteInsideALongerTextBesideASameTopicOpinion_IsTheOnlyPairAndSpun()
    {
        IReadOnlyList<PairVerdict> pairs = Scan(
            ("blog", SpinTexts.Harbour + "\n\n" + SpinTexts.FloodReportRestructured + "\n\n" + SpinTexts.Orchard),
            ("opinion", SpinTexts.FloodOpinion),
            ("report", SpinTexts.FloodReport));
        Assert.That(pairs.Select(v => (v.A, v.B, v.Kind, v.RewriteAInsideB)), Is.EqualTo(new[] { ("blog", "report", MatchKind.Spun, (bool?)false) }));
    }

    [Test]
    public void FindAllPairs_TheFluentRewriteAndTheSameTopicOpinion_AreNotCopies() =>
        Assert.That(Scan(("rewrite", SpinTexts.FloodReportFluent), ("opinion", SpinTexts.FloodOpinion)), Is.Empty);
}
