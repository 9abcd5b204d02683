using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

public class PairVerifierTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = new(Analyzer.Options.ShingleSize);

    private static PairVerdict? Verify(string a, string b) => Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    [Test]
    public void Verify_VerbatimCopy_IsExact() =>
        Assert.That(Verify(TestTexts.Lighthouse, TestTexts.Lighthouse)?.Kind, Is.EqualTo(MatchKind.Exact));

    [Test]
    public void Verify_RecasedAndRespacedCopy_IsExact()
    {
        string copy = TestTexts.Lighthouse.ToUpperInvariant().Replace(" ", "   ").Replace("\n\n", "\r\n \r\n\t");
        Assert.That(Verify(TestTexts.Lighthouse, copy)?.Kind, Is.EqualTo(MatchKind.Exact));
    }

    [Test]
    public void Verify_ExactCopy_ScoresOne() =>
        Assert.That(Verify(TestTexts.Sourdough, TestTexts.Sourdough)!.Score, Is.EqualTo(1.0));

    [Test]
    public void Verify_CopyWithFiveWordsChanged_IsNearDuplicate()
    {
        string edited = TestTexts.ReplaceWords(TestTexts.Lighthouse, 30, 80, 130, 180, 230);
        Assert.That(Verify(TestTexts.Lighthouse, edited)?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void Verify_CopyWithOnePunctuationChange_IsNotExact()
    {
        // Punctuation is part of the normalised text, so a changed comma is a near-duplicate, not an exact copy.
        string edited = TestTexts.Lighthouse.Replace("Keepers trimmed wicks", "Keepers; trimmed wicks");
        Assert.That(Verify(TestTexts.Lighthouse, edited)?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void Verify_ThirtyPercentExcerptAsA_IsContainedWithAInsideB()
    {
        PairVerdict? verdict = Verify(TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3), TestTexts.Lighthouse);
        Assert.That((verdict?.Kind, verdict?.AInsideB), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true)));
    }

    [Test]
    public void Verify_ThirtyPercentExcerptAsB_IsContainedWithBInsideA()
    {
        PairVerdict? verdict = Verify(TestTexts.Lighthouse, TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3));
        Assert.That((verdict?.Kind, verdict?.AInsideB), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)false)));
    }

    [Test]
    public void Verify_ExcerptEmbeddedInUnrelatedText_IsContained()
    {
        string host = TestTexts.Embed(TestTexts.Sourdough, TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3));
        Assert.That(Verify(TestTexts.Lighthouse, host)?.Kind, Is.EqualTo(MatchKind.Contained));
    }

    [Test]
    public void Verify_ExcerptEmbeddedInUnrelatedText_PassageQuotesTheExcerpt()
    {
        string excerpt = TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3);
        string host = TestTexts.Embed(TestTexts.Sourdough, excerpt);
        PairVerdict verdict = Verify(host, TestTexts.Lighthouse)!;
        AlignedPassage p = verdict.Passages[0];
        Assert.That(host[p.AStart..p.AEnd], Is.EqualTo(excerpt));
    }

    [Test]
    public void Verify_UnrelatedTextsOnTheSameTopic_IsNull() =>
        Assert.That(Verify(TestTexts.BeesOne, TestTexts.BeesTwo), Is.Null);

    [Test]
    public void Verify_UnrelatedTextsOnDifferentTopics_IsNull() =>
        Assert.That(Verify(TestTexts.Lighthouse, TestTexts.Sourdough), Is.Null);

    [Test]
    public void Measure_VerbatimCopy_JaccardAndCoverageAreOne()
    {
        PairFigures f = Verifier.Measure(Analyzer.Analyze("a", TestTexts.BeesOne), Analyzer.Analyze("b", TestTexts.BeesOne), out _);
        Assert.That((f.Jaccard, f.CoverageA, f.CoverageB, f.SimHashDistance), Is.EqualTo((1.0, 1.0, 1.0, 0)));
    }

    [Test]
    public void Measure_Excerpt_ContainmentOfExcerptIsOne()
    {
        string excerpt = TestTexts.Excerpt(TestTexts.Sourdough, 0.2, 0.3);
        PairFigures f = Verifier.Measure(Analyzer.Analyze("a", excerpt), Analyzer.Analyze("b", TestTexts.Sourdough), out _);
        Assert.That(f.ContainmentAInB, Is.EqualTo(1.0));
    }
}
