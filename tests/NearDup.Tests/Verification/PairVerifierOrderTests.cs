using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A scan, a query of a document the index holds and explain in the collection's context judge a pair in one
/// order, the smaller id first, and give the verdict in the order asked for: the same answer wherever it is asked.</summary>
public class PairVerifierOrderTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    /// <summary>An article, and a page that carries it whole with a heavily spun version of it after it. Judged page
    /// first, the article is aligned with its spin and looks like a frame filled again and again (no copy); judged
    /// article first, it is contained.</summary>
    private static (string Article, string Page) ArticleAndPage(int seed) =>
        (SpinTexts.Orchard, TestTexts.Embed(SpinTexts.Orchard, Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = 0.6, Seed = seed }).Text));

    /// <summary>An article and a page that quotes half of it: contained in either order.</summary>
    private static (AnalyzedDocument Article, AnalyzedDocument Page) Quoted() =>
        (Analyzer.Analyze("article", TestTexts.Lighthouse), Analyzer.Analyze("page", TestTexts.Embed(TestTexts.Sourdough, TestTexts.Excerpt(TestTexts.Lighthouse, 0.2, 0.5))));

    [Test]
    public void Verify_JudgedReversed_GivesTheVerdictOfTheOtherOrderTurnedBack()
    {
        var (a, b) = Quoted();
        PairVerdict turned = Verifier.Verify(a, b, null, judgeReversed: true)!, other = Verifier.Verify(b, a)!;
        PairFigures f = other.Figures, g = turned.Figures;
        Assert.That(
            (turned.A, turned.B, turned.Kind, turned.Score, g.CoverageA, g.CoverageB, g.DistinctiveCoverageA, g.DistinctiveCoverageB, g.ContainmentAInB),
            Is.EqualTo((other.B, other.A, other.Kind, other.Score, f.CoverageB, f.CoverageA, f.DistinctiveCoverageB, f.DistinctiveCoverageA, f.ContainmentBInA)));
    }

    [Test]
    public void Verify_JudgedReversed_ShowsThePassagesAndTheAlignmentOfTheOrderGiven()
    {
        var (a, b) = Quoted();
        PairVerdict turned = Verifier.Verify(a, b, null, judgeReversed: true)!;
        Verifier.Measure(a, b, out List<AlignedPassage> measured);
        SpinAlignment made = Verifier.Aligner.Align(a, b);
        Assert.That(turned.Passages, Is.EqualTo(measured));
        Assert.That(
            (turned.Alignment!.AlignedTokensA, turned.Alignment.CoverageA, turned.Alignment.Passages.Select(p => (p.AStart, p.BStart)).ToArray()),
            Is.EqualTo((made.AlignedTokensA, made.CoverageA, made.Passages.Select(p => (p.AStart, p.BStart)).ToArray())));
    }

    [Test]
    public void Verify_JudgedReversed_AsksTheCollectionAboutEachDocumentAsItIs()
    {
        // Only the article is one of the collection's documents: judged the other way round, it is still the one held.
        var (a, b) = Quoted();
        static void ThreeHolders(ReadOnlySpan<ulong> fingerprints, Span<int> counts, bool skeleton) => counts.Fill(3);
        var articleHeld = new CollectionRecurrence(ThreeHolders, Analyzer.Options, aHeld: true, bHeld: false);
        var pageSecondHeldFirst = new CollectionRecurrence(ThreeHolders, Analyzer.Options, aHeld: false, bHeld: true);
        PairFigures turned = Verifier.Verify(a, b, articleHeld, judgeReversed: true)!.Figures, other = Verifier.Verify(b, a, pageSecondHeldFirst)!.Figures;
        Assert.That((turned.DistinctiveCoverageA, turned.DistinctiveCoverageB), Is.EqualTo((other.DistinctiveCoverageB, other.DistinctiveCoverageA)));
    }

    [TestCase(8)]
    [TestCase(24)]
    public void Query_EachDocumentOfTheIndex_GivesTheScansVerdict(int seed)
    {
        var (article, page) = ArticleAndPage(seed);
        (string, string)[] documents = [("a-article", article), ("b-page", page)];
        PairVerdict scanned = NearDupIndex.FindAllPairs(documents.Select(d => Analyzer.Analyze(d.Item1, d.Item2)).ToList()).Single();
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch(documents);
        var answers = new[] { index.Query(article, "a-article").Single(v => v.A != v.B), index.Query(page, "b-page").Single(v => v.A != v.B) };
        Assert.That(
            answers.Select(v => (string.CompareOrdinal(v.A, v.B) < 0 ? (v.A, v.B) : (v.B, v.A), v.Kind, v.Score)),
            Is.All.EqualTo((("a-article", "b-page"), scanned.Kind, scanned.Score)));
        Assert.That(scanned.Kind, Is.EqualTo(MatchKind.Contained));
    }

    [Test]
    public void FindAllPairs_DocumentsGivenInAnotherOrder_JudgesThePairInTheOrderOfItsIds()
    {
        var (article, page) = ArticleAndPage(8);
        PairVerdict verdict = NearDupIndex.FindAllPairs([Analyzer.Analyze("b-page", page), Analyzer.Analyze("a-article", article)]).Single();
        Assert.That((verdict.Kind, string.CompareOrdinal(verdict.A, verdict.B) < 0 ? verdict.A : verdict.B), Is.EqualTo((MatchKind.Contained, "a-article")));
    }

    [Test]
    public void Compare_TwoDocumentsOfTheIndexTypedTheOtherWayRound_GivesTheScansVerdict()
    {
        var (article, page) = ArticleAndPage(8);
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch([("a-article", article), ("b-page", page)]);
        Assert.That(
            (index.Compare(page, article, "b-page", "a-article").Verdict?.Kind, index.Compare(page, article).Verdict?.Kind),
            Is.EqualTo(((MatchKind?)MatchKind.Contained, (MatchKind?)null)));
    }
}
