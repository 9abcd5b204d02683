using System.Collections.Generic;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>A spun copy of an article that many outlets carry: the article's copies hold its skeleton with it, and
/// they make it no template's, so the spun copy is spun against each of them.</summary>
public class SyndicatedSpinTests
{
    private const int Outlets = 25;

    private static readonly DocumentAnalyzer Analyzer = new();

    /// <summary>The article as outlet <paramref name="i"/> carries it: its own masthead and footer around the same body.</summary>
    private static string Carried(int i) =>
        $"Outlet {i} news desk, edition {100 + (i * 37 % 900)}\n\n{SpinTexts.Harbour}\n\nRead more stories from outlet {i} every morning.";

    /// <summary>The outlets' copies, the spun copy and generated articles around them, analysed.</summary>
    private static List<AnalyzedDocument> Collection(int outlets)
    {
        var documents = Enumerable.Range(0, outlets).Select(i => Analyzer.Analyze($"outlet{i:00}", Carried(i))).ToList();
        documents.Add(Analyzer.Analyze("spun", Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 8 }).Text));
        documents.AddRange(new CorpusGenerator(new CorpusOptions(60, seed: 808, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
            .Generate()
            .Select((d, i) => Analyzer.Analyze($"news{i:00}", Encoding.UTF8.GetString(d.Utf8))));
        return documents;
    }

    private static IEnumerable<string> SpunAgainst(IReadOnlyList<PairVerdict> verdicts) =>
        verdicts.Where(v => v.Kind == MatchKind.Spun && (v.A == "spun" || v.B == "spun")).Select(v => v.A == "spun" ? v.B : v.A).Order();

    [Test]
    public void FindAllPairs_SpunCopyOfAnArticleOneOutletCarries_IsSpun()
    {
        IReadOnlyList<PairVerdict> verdicts = NearDupIndex.FindAllPairs(Collection(1));
        Assert.That(SpunAgainst(verdicts), Is.EqualTo(new[] { "outlet00" }));
    }

    [Test]
    public void FindAllPairs_SpunCopyOfAnArticleTwentyFiveOutletsCarry_IsSpunAgainstEveryCopy()
    {
        IReadOnlyList<PairVerdict> verdicts = NearDupIndex.FindAllPairs(Collection(Outlets));
        Assert.That(SpunAgainst(verdicts), Is.EqualTo(Enumerable.Range(0, Outlets).Select(i => $"outlet{i:00}")));
    }
}
