using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A rewrite that restructured every sentence, standing inside a longer text (a blog post that carries a
/// rewritten news report between its own paragraphs): its sentences cover the rewritten text whole and fill the stretch
/// of the longer text that holds them, which the rest of that text does not share.</summary>
public class PairVerifierEmbeddedRewriteTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    private static readonly AnalyzedDocument Report = Analyzer.Analyze("report", SpinTexts.FloodReport);

    /// <summary>Two texts on other subjects around <paramref name="inner"/>, which is then about a quarter of the whole.</summary>
    private static string Around(string inner) => SpinTexts.Harbour + "\n\n" + inner + "\n\n" + SpinTexts.Orchard;

    private static readonly AnalyzedDocument Host = Analyzer.Analyze("host", Around(SpinTexts.FloodReportRestructured));

    [Test]
    public void Verify_ARestructuredRewriteInsideALongerText_IsSpunBySentencesWithTheReportInsideIt()
    {
        PairVerdict? v = Verifier.Verify(Report, Host);
        Assert.That((v?.Kind, v?.BySentences, v?.RewriteAInsideB), Is.EqualTo((MatchKind.Spun, true, true)));
    }

    [Test]
    public void Verify_TheLongerTextFirst_SaysTheReportIsInsideIt()
    {
        PairVerdict? v = Verifier.Verify(Host, Report);
        Assert.That((v?.Kind, v?.RewriteAInsideB), Is.EqualTo((MatchKind.Spun, false)));
    }

    [Test]
    public void Verify_ARestructuredRewriteInsideALongerText_ScoresAlikeEitherWayRound() =>
        Assert.That(Verifier.Verify(Host, Report)!.Score, Is.EqualTo(Verifier.Verify(Report, Host)!.Score));

    [Test]
    public void Verify_JudgedReversed_TurnsWhichSideIsInside()
    {
        PairVerdict turned = Verifier.Verify(Report, Host, null, judgeReversed: true)!;
        Assert.That((turned.Kind, turned.RewriteAInsideB), Is.EqualTo((MatchKind.Spun, true)));
    }

    [Test]
    public void Verify_ARewriteCoveringBothTextsWhole_IsInsideNeither() =>
        Assert.That(Verifier.Verify(Report, Analyzer.Analyze("rewrite", SpinTexts.FloodReportRestructured))!.RewriteAInsideB, Is.Null);

    [Test]
    public void Verify_TheRewriteMatchedAgainstTheWholeLongerText_FallsShortOfAWholeRewrite()
    {
        // Without the stretch, the longer text's coverage is the rewrite's share of it: under what a rewrite needs.
        SentenceMatch match = SentenceMatcher.Match(Report, Host, default, default, Verifier.Aligner.FunctionWords)!;
        Assert.That((match.CoverageB < PairVerifier.MinRewriteCoverageWithFacts, match.SpanCoverageB >= PairVerifier.MinRewriteCoverage), Is.EqualTo((true, true)));
    }

    [Test]
    public void Match_TheStretchOfTheLongerText_LiesInsideTheRewrittenPart()
    {
        int start = SpinTexts.Harbour.Length, end = start + 2 + SpinTexts.FloodReportRestructured.Length + 2;
        SentenceMatch match = SentenceMatcher.Match(Report, Host, default, default, Verifier.Aligner.FunctionWords)!;
        SentenceSpan span = match.SpanB;
        Assert.That((Host.ContentTokens[span.FirstToken].Start >= start, Host.ContentTokens[span.EndToken - 1].End <= end), Is.EqualTo((true, true)));
    }

    [Test]
    public void Match_TheStretchAWholeRewriteWouldFill_TakesInTheSentencesBeforeTheFirstMatchedOne()
    {
        // The report opens with a sentence its rewrite renders past matching: the rewrite's own opening still stands just
        // before the first matched sentence, and its facts belong to the rewrite, not to the text around it.
        const string Opening = "Quiet gardens bloom beside the old mill every spring. ";
        const string RewrittenOpening = "Bright kites drift above the windy dunes each autumn. ";
        AnalyzedDocument report = Analyzer.Analyze("report", Opening + SpinTexts.FloodReport);
        string text = SpinTexts.Harbour + "\n\n" + RewrittenOpening + SpinTexts.FloodReportRestructured + "\n\n" + SpinTexts.Orchard;
        AnalyzedDocument host = Analyzer.Analyze("host", text);
        SentenceMatch match = SentenceMatcher.Match(report, host, default, default, Verifier.Aligner.FunctionWords)!;
        int opening = text.IndexOf(RewrittenOpening, StringComparison.Ordinal), rewrite = opening + RewrittenOpening.Length;
        Assert.That(
            (host.ContentTokens[match.ReachB.FirstToken].Start, host.ContentTokens[match.SpanB.FirstToken].Start >= rewrite),
            Is.EqualTo((opening, true)));
    }

    /// <summary>The report with two opening sentences, the first holding two facts, inside a longer text whose rewrite of
    /// the opening is one sentence that matches nothing and keeps one of the facts; the sentence before it, which a
    /// stretch widened by two sentences takes in, holds facts of the longer text's own.</summary>
    private static (AnalyzedDocument Report, AnalyzedDocument Host, SentenceMatch Match) OpeningFacts()
    {
        AnalyzedDocument report = Analyzer.Analyze("report", "Quiet gardens bloom beside Marlow mill every spring since 1911. Old cedar benches line its gravel paths. " + SpinTexts.FloodReport);
        string text = SpinTexts.Harbour + "\n\nKestrel Odunsi sailed to Valparaiso in 1887. Since 1911 bright kites drift above windy dunes. "
            + SpinTexts.FloodReportRestructured + "\n\n" + SpinTexts.Orchard;
        AnalyzedDocument host = Analyzer.Analyze("host", text);
        return (report, host, SentenceMatcher.Match(report, host, default, default, Verifier.Aligner.FunctionWords)!);
    }

    private static ulong[] FactsOf(string text) => FactStems.Of(text, Analyzer.Analyze("t", text).ContentTokens, Verifier.Aligner.FunctionWords);

    [Test]
    public void StretchFacts_KeepTheShorterTextsFactFromTheRewritesUnmatchedOpening()
    {
        var (report, host, match) = OpeningFacts();
        ulong year = FactsOf("in 1911")[0];
        ulong[] facts = Verifier.StretchFacts(host, match.SpanB, match.ReachB, Verifier.Facts(report));
        Assert.That((facts.Contains(year), Verifier.Facts(host, match.SpanB).Contains(year)), Is.EqualTo((true, false)));
    }

    [Test]
    public void StretchFacts_LeaveOutTheLongerTextsOwnFactsBesideTheRewrite()
    {
        var (report, host, match) = OpeningFacts();
        ulong[] own = FactsOf("Kestrel Odunsi sailed to Valparaiso in 1887."), facts = Verifier.StretchFacts(host, match.SpanB, match.ReachB, Verifier.Facts(report));
        Assert.That(own.Where(f => facts.Contains(f)), Is.Empty);
    }

    /// <summary>A short text whose last two sentences are one sentence in its rewrite: the shorter text has a single
    /// sentence that matches alone, the longer text two matched sentences.</summary>
    private const string LibraryOpening =
        "Mayor Tamsin Roe opened the new Garth Lane library in Ellersby on 12 March 2024 with councillors, teachers, pupils and volunteers watching, " +
        "while a brass band from Penrith played marches and children from St Aidan school read poems aloud to the crowd. " +
        "Oak shelves carry 9000 books. Members borrow 45 laptops.";

    private const string LibraryOpeningRewritten =
        "With councillors, teachers, pupils and volunteers watching, and children from St Aidan school reading poems aloud as a brass band from Penrith " +
        "played marches to the crowd, the new library on Garth Lane in Ellersby was opened by Mayor Tamsin Roe on 12 March 2024. " +
        "Its collection of 9000 books sits next to 45 laptops.";

    [Test]
    public void Verify_ALongerTextFirstWhoseSentenceMatchesTwoOfTheShortersTogether_IsSpunWithTheShorterInsideIt()
    {
        PairVerdict? v = Verifier.Verify(Analyzer.Analyze("host", Around(LibraryOpeningRewritten)), Analyzer.Analyze("short", LibraryOpening));
        Assert.That((v?.Kind, v?.RewriteAInsideB), Is.EqualTo((MatchKind.Spun, false)));
    }

    [Test]
    public void Verify_ARewriteWhoseSentencesMergeTwoOfTheOriginals_IsSpunWhicheverTextIsA()
    {
        // Counting only A's matched sentences, the shorter text given first has one: the verdict followed the order.
        AnalyzedDocument host = Analyzer.Analyze("host", Around(LibraryOpeningRewritten)), shorter = Analyzer.Analyze("short", LibraryOpening);
        PairVerdict? forward = Verifier.Verify(shorter, host), backward = Verifier.Verify(host, shorter);
        Assert.That((forward?.Kind, forward?.RewriteAInsideB, backward?.Kind, backward?.RewriteAInsideB), Is.EqualTo((MatchKind.Spun, true, MatchKind.Spun, false)));
    }

    [Test]
    public void Match_TheStretchAWholeRewriteWouldFill_TakesInTheSentencesAfterTheLastMatchedOne()
    {
        const string Closing = " Quiet gardens bloom beside the old mill every spring.";
        const string RewrittenClosing = " Bright kites drift above the windy dunes each autumn.";
        AnalyzedDocument report = Analyzer.Analyze("report", SpinTexts.FloodReport + Closing);
        string text = SpinTexts.Harbour + "\n\n" + SpinTexts.FloodReportRestructured + RewrittenClosing + "\n\n" + SpinTexts.Orchard;
        AnalyzedDocument host = Analyzer.Analyze("host", text);
        SentenceMatch match = SentenceMatcher.Match(report, host, default, default, Verifier.Aligner.FunctionWords)!;
        int closingEnd = text.IndexOf(RewrittenClosing, StringComparison.Ordinal) + RewrittenClosing.Length;
        Assert.That(
            (host.ContentTokens[match.ReachB.EndToken - 1].End, host.ContentTokens[match.SpanB.EndToken - 1].End < closingEnd - RewrittenClosing.Length + 1),
            Is.EqualTo((closingEnd - 1, true)));
    }

    [Test]
    public void Verify_AnOpinionOnTheSameFloodInsideALongerText_IsNotACopy() =>
        Assert.That(Verifier.Verify(Report, Analyzer.Analyze("opinion", Around(SpinTexts.FloodOpinion))), Is.Null);

    [Test]
    public void Verify_TheRewriteWithItsSentencesInReverseOrderInsideALongerText_IsNotACopy()
    {
        string reversed = string.Join(" ", SpinTexts.FloodReportRestructured.Replace("\n\n", " ", StringComparison.Ordinal).Split(". ").Reverse());
        Assert.That(Verifier.Verify(Report, Analyzer.Analyze("reversed", Around(reversed))), Is.Null);
    }

    [Test]
    public void Verify_TheRewritesSentencesScatteredThroughALongerText_AreNotACopy()
    {
        // Each rewritten sentence between two of the other texts' sentences: in order, but filling a third of the stretch.
        string[] rewrite = SpinTexts.FloodReportRestructured.Replace("\n\n", " ", StringComparison.Ordinal).Split(". ");
        string[] other = (SpinTexts.Harbour + " " + SpinTexts.Orchard).Split(". ");
        string scattered = string.Join(". ", rewrite.SelectMany((s, i) => new[] { other[(2 * i) % other.Length], other[((2 * i) + 1) % other.Length], s }));
        Assert.That(Verifier.Verify(Report, Analyzer.Analyze("scattered", scattered)), Is.Null);
    }
}
