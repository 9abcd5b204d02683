using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A rewrite that restructured every sentence keeps neither word 5-grams nor a word order to align, only its
/// sentences' content words in order: it is spun by its sentences, and texts that only look like that are not.</summary>
public class PairVerifierRewriteTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    private static readonly AnalyzedDocument Report = Analyzer.Analyze("report", SpinTexts.FloodReport);
    private static readonly AnalyzedDocument Rewrite = Analyzer.Analyze("rewrite", SpinTexts.FloodReportRestructured);

    /// <summary>Two short catalogue texts written from one template: a name and a river in every sentence, so that no
    /// word 5-gram survives, but every other word in its place.</summary>
    private const string TemplateA =
        "Falcon pumps lift Avon water uphill. Falcon engineers tested Avon rivers. Every Falcon valve resists Avon silt. " +
        "Falcon owners praise Avon performance. Order Falcon kits from Avon dealers today.";

    private const string TemplateB =
        "Heron pumps lift Tamar water uphill. Heron engineers tested Tamar rivers. Every Heron valve resists Tamar silt. " +
        "Heron owners praise Tamar performance. Order Heron kits from Tamar dealers today.";

    /// <summary>Weighs every position of both documents as text <c>others</c> other documents hold too.</summary>
    private sealed class HeldBy(int others) : IRecurrence
    {
        public bool CountsAreLocal => true;

        public SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b, int copies) => new(1, 1);

        public void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB)
        {
            weightsA.Fill(1.0 / (1 + others));
            weightsB.Fill(1.0 / (1 + others));
        }
    }

    [Test]
    public void Verify_ARestructuredRewrite_IsSpunBySentencesWithoutAWordAlignment()
    {
        PairVerdict v = Verifier.Verify(Report, Rewrite)!;
        Assert.That((v.Kind, v.BySentences, v.Alignment, v.Passages.Count >= 3), Is.EqualTo((MatchKind.Spun, true, (SpinAlignment?)null, true)));
    }

    [Test]
    public void Verify_ARestructuredRewriteEitherWayRound_GivesTheSameKindAndScore()
    {
        PairVerdict forward = Verifier.Verify(Report, Rewrite)!, backward = Verifier.Verify(Rewrite, Report)!;
        Assert.That((backward.Kind, backward.Score, backward.BySentences), Is.EqualTo((forward.Kind, forward.Score, forward.BySentences)));
    }

    [Test]
    public void Verify_JudgedReversed_GivesTheOtherOrdersSentencePassagesSideBySideTurned()
    {
        PairVerdict turned = Verifier.Verify(Report, Rewrite, null, judgeReversed: true)!, other = Verifier.Verify(Rewrite, Report)!;
        Assert.That(
            turned.Passages.Select(p => (p.AStart, p.AEnd, p.BStart, p.BEnd)),
            Is.EqualTo(other.Passages.Select(p => (p.BStart, p.BEnd, p.AStart, p.AEnd))));
    }

    [Test]
    public void Verify_TheRewriteWithItsSentencesInReverseOrder_IsNotACopy()
    {
        string reversed = string.Join(" ", SpinTexts.FloodReportRestructured.Replace("\n\n", " ", StringComparison.Ordinal).Split(". ").Reverse());
        Assert.That(Verifier.Verify(Report, Analyzer.Analyze("reversed", reversed)), Is.Null);
    }

    [Test]
    public void Verify_AnOpinionOnTheSameFlood_IsNotACopy() =>
        Assert.That(Verifier.Verify(Report, Analyzer.Analyze("opinion", SpinTexts.FloodOpinion)), Is.Null);

    [Test]
    public void Verify_ARestructuredRewriteOfTextFiftyOtherDocumentsHold_IsNotACopy() =>
        Assert.That(Verifier.Verify(Report, Rewrite, new HeldBy(50)), Is.Null);

    [Test]
    public void Verify_ARestructuredRewriteOfTextTwoOtherDocumentsHold_IsStillSpun() =>
        Assert.That(Verifier.Verify(Report, Rewrite, new HeldBy(2))?.Kind, Is.EqualTo(MatchKind.Spun));

    [Test]
    public void Verify_TwoTextsOfOneTemplateWhoseSentencesMatch_AreNotRewrittenBySentences()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", TemplateA), b = Analyzer.Analyze("b", TemplateB);
        SentenceMatch match = SentenceMatcher.Match(a, b, default, default, FunctionWords.English)!;
        Assert.That((match.CoverageA >= PairVerifier.MinRewriteCoverage, Verifier.Verify(a, b)), Is.EqualTo((true, (PairVerdict?)null)));
    }

    /// <summary><see cref="SpinTexts.FloodReportRestructured"/> about another flood: the same sentences around other
    /// places, names, dates and figures, as two reports written to one pattern are.</summary>
    private static string AnotherFlood() =>
        new[]
        {
            ("Wend", "Lune"), ("Ellersby", "Thornwick"), ("27 October", "14 March"), ("1953", "1968"), ("2.4", "1.7"),
            ("900", "450"), ("Garth Lane", "Quarry Road"), ("340", "120"), ("Tamsin Roe", "Peter Hale"),
            ("Environment Agency", "Water Board"), ("Mill Street", "Bank Row"), ("12 million", "5 million"), ("Monday", "Friday"),
            ("Thursday", "Tuesday"),
        }.Aggregate(SpinTexts.FloodReportRestructured, (text, r) => text.Replace(r.Item1, r.Item2, StringComparison.Ordinal));

    [Test]
    public void Verify_TheRestructuredReportOfAnotherFloodWhoseSentencesMatch_IsNotACopy()
    {
        AnalyzedDocument other = Analyzer.Analyze("other", AnotherFlood());
        SentenceMatch match = SentenceMatcher.Match(Report, other, default, default, FunctionWords.English)!;
        Assert.That((Verifier.IsRewrittenBySentences(match), PairVerifier.KeepsItsFacts(Verifier.Facts(Report), Verifier.Facts(other)), Verifier.Verify(Report, other)), Is.EqualTo((true, false, (PairVerdict?)null)));
    }

    [Test]
    public void Verify_ARewriteWhoseSentencesShareFewWordsButThatKeepsItsFacts_IsSpunBySentences()
    {
        AnalyzedDocument reworded = Analyzer.Analyze("reworded", SpinTexts.FloodReportReworded);
        SentenceMatch match = SentenceMatcher.Match(Report, reworded, default, default, FunctionWords.English)!;
        Assert.That(Math.Min(match.CoverageA, match.CoverageB), Is.InRange(PairVerifier.MinRewriteCoverageWithFacts, PairVerifier.MinRewriteCoverage), "the sentences match less than a rewrite needs without its facts");
        PairVerdict? verdict = Verifier.Verify(Report, reworded);
        Assert.That((verdict?.Kind, verdict?.BySentences), Is.EqualTo(((MatchKind?)MatchKind.Spun, (bool?)true)));
    }

    [Test]
    public void Verify_TheSameRewriteWithHalfItsFactsChanged_IsNotACopy()
    {
        // Other figures and names, as a report of another flood written to one pattern would have: the sentences still
        // match as much, but the facts no longer vouch for them.
        string other = new[] { ("2.4", "1.9"), ("900", "600"), ("340", "210"), ("Garth Lane", "Quarry Road"), ("Tamsin Roe", "Peter Hale"), ("12 million", "4 million") }
            .Aggregate(SpinTexts.FloodReportReworded, (text, r) => text.Replace(r.Item1, r.Item2, StringComparison.Ordinal));
        Assert.That(Verifier.Verify(Report, Analyzer.Analyze("other", other)), Is.Null);
    }

    /// <summary>A sentence match of <paramref name="matched"/> sentences covering <paramref name="coverage"/> of each
    /// text, with weight and tokens enough for a rewrite.</summary>
    private static SentenceMatch MatchOf(int matched, double coverage) =>
        new(coverage, coverage, 30, 30, matched, 6, 6, [new AlignedPassage(0, 400, 0, 400, 60, 60)]);

    private static readonly ulong[] FiveFacts = [1, 2, 3, 4, 5];

    [Test]
    public void IsRewriteKeepingItsFacts_TwoSentencesCoveringFourTenthsWithEveryFactKept_IsARewrite() =>
        Assert.That(Verifier.IsRewriteKeepingItsFacts(MatchOf(2, 0.4), FiveFacts, FiveFacts), Is.True);

    [Test]
    public void IsRewriteKeepingItsFacts_TwoSentencesCoveringFourTenthsWithThreeFactsOfFiveKept_IsNot() =>
        Assert.That(Verifier.IsRewriteKeepingItsFacts(MatchOf(2, 0.4), FiveFacts, [1, 2, 3, 8, 9]), Is.False);

    [Test]
    public void IsRewriteKeepingItsFacts_ThreeSentencesCoveringHalfWithThreeFactsOfFiveKept_IsARewrite() =>
        Assert.That(Verifier.IsRewriteKeepingItsFacts(MatchOf(3, 0.5), FiveFacts, [1, 2, 3, 8, 9]), Is.True);

    [Test]
    public void IsRewriteKeepingItsFacts_OneSentenceWithEveryFactKept_IsNot() =>
        Assert.That(Verifier.IsRewriteKeepingItsFacts(MatchOf(1, 0.6), FiveFacts, FiveFacts), Is.False);

    [Test]
    public void IsRewriteKeepingItsFacts_SentencesCoveringAThirdWithEveryFactKept_IsNot() =>
        Assert.That(Verifier.IsRewriteKeepingItsFacts(MatchOf(4, 0.33), FiveFacts, FiveFacts), Is.False);

    [Test]
    public void IsRewriteKeepingItsFacts_ManySentencesButTwoFactsOfFiveKept_IsNot() =>
        Assert.That(Verifier.IsRewriteKeepingItsFacts(MatchOf(5, 0.9), FiveFacts, [1, 2, 7, 8, 9]), Is.False);

    [Test]
    public void KeepsNearlyAllFacts_TwoSharedOfTwo_IsTooFewToTell() =>
        Assert.That(PairVerifier.KeepsNearlyAllFacts([1UL, 2UL], [1UL, 2UL]), Is.False);

    [Test]
    public void KeepsNearlyAllFacts_FourSharedOfFive_Holds() =>
        Assert.That(PairVerifier.KeepsNearlyAllFacts([1UL, 2UL, 3UL, 4UL, 5UL], [1UL, 2UL, 3UL, 4UL, 9UL]), Is.True);

    [Test]
    public void KeepsNearlyAllFacts_ThreeSharedOfFive_DoesNot() =>
        Assert.That(PairVerifier.KeepsNearlyAllFacts([1UL, 2UL, 3UL, 4UL, 5UL], [1UL, 2UL, 3UL, 8UL, 9UL]), Is.False);

    [Test]
    public void KeepsItsFacts_ARestructuredRewrite_KeepsThem() =>
        Assert.That(PairVerifier.KeepsItsFacts(Verifier.Facts(Report), Verifier.Facts(Rewrite)), Is.True);

    [Test]
    public void Verify_ARewriteOfThreeShortSentences_IsTooShortToTellFromTwoTextsOfOnePattern() =>
        Assert.That(
            Verifier.Verify(
                Analyzer.Analyze("a", "Heavy rain closed the village school on Monday. Buses stopped running at noon. Worried parents collected their children early."),
                Analyzer.Analyze("b", "On Monday the village school was closed by heavy rain. At noon the buses stopped running. Children were collected early by their worried parents.")),
            Is.Null);

    [Test]
    public void SkeletonShare_ARestructuredRewrite_KeepsUnderATwentiethOfTheReportsSkeleton() =>
        Assert.That(Verifier.SkeletonShare(Report, Rewrite), Is.LessThan(PairVerifier.MaxRewriteSkeletonShare));

    [Test]
    public void SkeletonShare_TwoTextsOfOneFrameWithOtherWordsInIt_KeepHalfTheirSkeleton() =>
        Assert.That(
            Verifier.SkeletonShare(
                Analyzer.Analyze("a", "Use the pump to lift water from the river. Check the filter before each use. Clean the hose after every season, and store the motor in a dry place."),
                Analyzer.Analyze("b", "Use the saw to cut boards from the stack. Check the blade before each use. Oil the chain after every season, and store the handle in a dry place.")),
            Is.GreaterThanOrEqualTo(0.5));

    [Test]
    public void Explain_ARestructuredRewrite_GivesEachSidesCoverageByItsSentences()
    {
        SentenceMatch match = SentenceMatcher.Match(Report, Rewrite, default, default, FunctionWords.English)!;
        SpinAlignment shown = Verifier.Explain(Report, Rewrite).Alignment;
        Assert.That((shown.CoverageA, shown.CoverageB), Is.EqualTo((match.CoverageA, match.CoverageB)));
    }

    [Test]
    public void Verify_JudgedReversed_GivesEachSidesCoverageByItsSentencesTurned()
    {
        PairVerdict turned = Verifier.Verify(Report, Rewrite, null, judgeReversed: true)!, other = Verifier.Verify(Rewrite, Report)!;
        Assert.That(turned.SentenceCoverage, Is.EqualTo((other.SentenceCoverage.B, other.SentenceCoverage.A)));
    }

    [Test]
    public void Explain_ARestructuredRewrite_ShowsTheMatchedSentencesAsItsPassages()
    {
        PairExplanation x = Verifier.Explain(Report, Rewrite);
        Assert.That((x.Alignment.Passages, x.Alignment.Substitutions.Count), Is.EqualTo((x.Verdict!.Passages, 0)));
    }
}
