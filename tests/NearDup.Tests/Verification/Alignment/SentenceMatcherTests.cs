using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification.Alignment;
using NUnit.Framework;

namespace NearDup.Tests.Verification.Alignment;

/// <summary>Sentences matched in order by the content words they share, the evidence of a rewrite that restructured
/// every sentence.</summary>
public class SentenceMatcherTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    private static SentenceMatcher.Sentence[] SentencesOf(string text)
    {
        var doc = Analyzer.Analyze("a", text);
        return SentenceMatcher.Sentences(doc.Text, doc.ContentTokens, default, FunctionWords.English);
    }

    private static SentenceMatch? Match(string a, string b) =>
        SentenceMatcher.Match(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b), default, default, FunctionWords.English);

    /// <summary>The text's sentences in the opposite order.</summary>
    private static string Reversed(string text) =>
        string.Join(" ", text.Replace("\n\n", " ", StringComparison.Ordinal).Split(". ").Select(s => s.TrimEnd('.')).Reverse().Select(s => s + "."));

    [TestCase(". ", true)]
    [TestCase("! ", true)]
    [TestCase("? ", true)]
    [TestCase("; ", true)]
    [TestCase(": ", true)]
    [TestCase("\n\n", true)]
    [TestCase(" \n \n", true)]
    [TestCase("\u3002", true)]
    [TestCase(", ", false)]
    [TestCase(" ", false)]
    [TestCase("\n", false)]
    [TestCase(" - ", false)]
    public void EndsSentence_TheTextBetweenTwoTokens_EndsASentenceAtStopsAndBlankLines(string between, bool ends) =>
        Assert.That(SentenceMatcher.EndsSentence(between), Is.EqualTo(ends));

    [Test]
    public void Sentences_ATextOfThreeSentencesOneOfFunctionWordsOnly_GivesTheTwoWithContentWords()
    {
        const string text = "The harbour froze in January. It was so. Fishing boats stayed in port for six weeks.";
        var doc = Analyzer.Analyze("a", text);
        SentenceMatcher.Sentence[] sentences = SentenceMatcher.Sentences(doc.Text, doc.ContentTokens, default, FunctionWords.English);
        Assert.That(
            sentences.Select(s => (doc.Text[doc.ContentTokens[s.FirstToken].Start..doc.ContentTokens[s.EndToken - 1].End], s.Stems.Length, s.Weight)),
            Is.EqualTo(new[] { ("The harbour froze in January", 3, 3.0), ("Fishing boats stayed in port for six weeks", 6, 6.0) }));
    }

    [Test]
    public void Sentences_AWordInEachOfThreeSentences_WeighsAThirdInEach()
    {
        SentenceMatcher.Sentence[] sentences = SentencesOf("Trains haul coal. Trains employ drivers. Trains burn diesel.");
        Assert.That(sentences.Select(s => Math.Round(s.Weight, 3)), Is.EqualTo(new[] { 2.333, 2.333, 2.333 }));
    }

    [Test]
    public void Sentences_AStemTwiceInASentence_CountsOnce()
    {
        SentenceMatcher.Sentence[] sentences = SentencesOf("Rivers feed rivers and rivers feed lakes.");
        Assert.That((sentences.Length, sentences[0].Stems.Length, sentences[0].Weight), Is.EqualTo((1, 3, 3.0)));
    }

    [Test]
    public void Match_AReportAndItsRestructuredRewrite_CoverAllOfTheReportAndNearlyNineTenthsOfTheRewriteInOrder()
    {
        SentenceMatch match = Match(SpinTexts.FloodReport, SpinTexts.FloodReportRestructured)!;
        Assert.That((Math.Round(match.CoverageA, 2), Math.Round(match.CoverageB, 2), match.Matched), Is.EqualTo((1.0, 0.87, 10)));
    }

    [Test]
    public void Match_TheRewriteWithItsSentencesInReverseOrder_CoversUnderAThird()
    {
        SentenceMatch match = Match(SpinTexts.FloodReport, Reversed(SpinTexts.FloodReportRestructured))!;
        Assert.That(Math.Min(match.CoverageA, match.CoverageB), Is.LessThan(1.0 / 3));
    }

    [Test]
    public void Match_AnOpinionOnTheSameFlood_CoversUnderAHalf()
    {
        SentenceMatch match = Match(SpinTexts.FloodReport, SpinTexts.FloodOpinion)!;
        Assert.That(Math.Min(match.CoverageA, match.CoverageB), Is.LessThan(0.5));
    }

    [Test]
    public void Match_ASentenceSplitInTwo_MatchesBothHalvesTogether()
    {
        SentenceMatch match = Match(
            "The mayor opened the new library on Tuesday and thanked the builders who finished it early.",
            "On Tuesday the new library was opened by the mayor. She thanked its builders for finishing early.")!;
        Assert.That((match.CoverageA, match.Matched, match.Passages.Count), Is.EqualTo((1.0, 1, 1)));
    }

    [Test]
    public void Match_Passages_AreRunsOfConsecutiveMatchedSentencesWithTheirTokenCounts()
    {
        var a = Analyzer.Analyze("a", SpinTexts.FloodReport);
        var b = Analyzer.Analyze("b", SpinTexts.FloodReportRestructured);
        SentenceMatch match = SentenceMatcher.Match(a, b, default, default, FunctionWords.English)!;
        Assert.Multiple(() =>
        {
            Assert.That(match.Passages.Select(p => p.ATokens), Is.Ordered.Descending);
            Assert.That(match.Passages.Sum(p => p.ATokens), Is.LessThanOrEqualTo(a.ContentTokens.Length));
            Assert.That(a.Text[match.Passages[0].AStart..match.Passages[0].AEnd], Does.StartWith("Residents of Mill Street told reporters"));
            Assert.That(b.Text[match.Passages[0].BStart..match.Passages[0].BEnd], Does.StartWith("that, Mill Street householders told the press"));
        });
    }

    [Test]
    public void Matches_AShortSentenceWhoseFourWordsAreAFifthOfALongOne_DoesNot()
    {
        SentenceMatcher.Sentence[] s = SentencesOf("Ellersby council repairs schools. On Monday the Ellersby council met the insurers, the engineers, the teachers and the shopkeepers of the lower town to plan repairs to schools, roads, bridges, drains and the railway embankment before winter.");
        Assert.That((s.Length, SentenceMatcher.Matches(s[0], s[1])), Is.EqualTo((2, false)));
    }

    [Test]
    public void Matches_TwoSentencesSharingTwoWords_DoNot()
    {
        SentenceMatcher.Sentence[] s = SentencesOf("Heavy rain flooded Ellersby. Ellersby stayed flooded all week.");
        Assert.That(SentenceMatcher.Matches(s[0], s[1]), Is.False);
    }

    [Test]
    public void Matches_TwoSentencesSharingThreeOfFourWords_Do()
    {
        SentenceMatcher.Sentence[] s = SentencesOf("Heavy rain flooded Ellersby. Ellersby was flooded by heavy storms.");
        Assert.That(SentenceMatcher.Matches(s[0], s[1]), Is.True);
    }

    [Test]
    public void Match_ATextWithoutAContentWord_IsNull() =>
        Assert.That(Match("It is what it is.", SpinTexts.FloodReport), Is.Null);
}
