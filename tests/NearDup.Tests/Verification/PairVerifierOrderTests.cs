using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A verdict does not depend on which document of a pair is given first: a scan puts a pair in one order, a
/// query puts the indexed document first, explain puts the two as typed, and all three must say the same.</summary>
public class PairVerifierOrderTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    /// <summary>An article, and a page that carries it whole with a heavily spun version of it after it: a pair whose
    /// word alignment, made from either side, came out differently enough to change the verdict (contained one way,
    /// nothing the other: page first, the article is aligned with its spin and looks like a frame filled again and
    /// again) before the verifier judged every pair in one order. With seed 32 both orders give contained.</summary>
    private static (AnalyzedDocument Article, AnalyzedDocument Page) ArticleAndPage(string article, int seed)
    {
        string spun = Spinner.Default.Spin(article, new SpinOptions { Rate = 0.6, Seed = seed }).Text;
        return (Analyzer.Analyze("article", article), Analyzer.Analyze("page", TestTexts.Embed(article, spun)));
    }

    [TestCase(8)]
    [TestCase(24)]
    [TestCase(32)]
    public void Verify_AnArticleAndAPageCarryingItWithItsSpin_GivesOneKindAndScoreInEitherOrder(int seed)
    {
        var (article, page) = ArticleAndPage(SpinTexts.Orchard, seed);
        PairVerdict? forward = Verifier.Verify(article, page), backward = Verifier.Verify(page, article);
        Assert.That((backward?.Kind, backward?.Score), Is.EqualTo((forward?.Kind, forward?.Score)));
    }

    [Test]
    public void Verify_TheOtherOrder_SwapsTheIdsAndFigures()
    {
        var (article, page) = ArticleAndPage(SpinTexts.Orchard, 32);
        PairVerdict forward = Verifier.Verify(article, page)!, backward = Verifier.Verify(page, article)!;
        PairFigures f = forward.Figures, g = backward.Figures;
        Assert.That(
            (backward.A, backward.B, g.CoverageA, g.CoverageB, g.DistinctiveCoverageA, g.DistinctiveCoverageB, g.ContainmentAInB, g.Jaccard),
            Is.EqualTo((forward.B, forward.A, f.CoverageB, f.CoverageA, f.DistinctiveCoverageB, f.DistinctiveCoverageA, f.ContainmentBInA, f.Jaccard)));
    }

    [Test]
    public void Verify_EitherOrder_ShowsThePassagesMeasuredInTheOrderGiven()
    {
        var (article, page) = ArticleAndPage(SpinTexts.Orchard, 32);
        foreach (var (a, b) in new[] { (article, page), (page, article) })
        {
            Verifier.Measure(a, b, out var measured);
            Assert.That(Verifier.Verify(a, b)!.Passages, Is.EqualTo(measured));
        }
    }

    [Test]
    public void Verify_EitherOrder_ShowsAnAlignmentMadeInTheOrderGiven()
    {
        // The alignment a verdict shows counts A's words and places its passages in A and B as given.
        var (article, page) = ArticleAndPage(SpinTexts.Orchard, 32);
        foreach (var (a, b) in new[] { (article, page), (page, article) })
        {
            SpinAlignment shown = Verifier.Verify(a, b)!.Alignment!;
            SpinAlignment made = Verifier.Aligner.Align(a, b);
            Assert.That(
                (shown.AlignedTokensA, shown.CoverageA, shown.CoverageB, shown.Passages.Select(p => (p.AStart, p.BStart)).ToArray()),
                Is.EqualTo((made.AlignedTokensA, made.CoverageA, made.CoverageB, made.Passages.Select(p => (p.AStart, p.BStart)).ToArray())));
        }
    }

    [Test]
    public void Compare_OneDocumentIndexedAndTheOtherNot_GivesTheSameFiguresInEitherOrder()
    {
        // A query pairs an indexed document with one the index may not hold: whether each is one of the collection's
        // documents follows the document, not its place in the pair.
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        string article = SpinTexts.Orchard;
        index.AddBatch(new[] { ("article", article) }.Concat(Enumerable.Range(0, 3).Select(i => ($"quote{i}", TestTexts.Embed(TestTexts.BeesTwo, TestTexts.Excerpt(article, 0.2 * i, 0.3))))));
        string page = TestTexts.Embed(TestTexts.Lighthouse, TestTexts.Excerpt(article, 0.1, 0.5));
        PairExplanation forward = index.Compare(article, page, "article", null), backward = index.Compare(page, article, null, "article");
        Assert.That(
            (backward.Verdict?.Kind, backward.Figures.DistinctiveCoverageA, backward.Figures.DistinctiveCoverageB),
            Is.EqualTo((forward.Verdict?.Kind, forward.Figures.DistinctiveCoverageB, forward.Figures.DistinctiveCoverageA)));
        Assert.That(forward.Verdict?.Kind, Is.EqualTo(MatchKind.Contained));
    }
}
