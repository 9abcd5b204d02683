using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
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

    /// <summary>Weights for a text's tokens: each shingle position weighs a seeded value in (0, 1], and every eleventh token
    /// is markup (weight 0) when <paramref name="markup"/>, so that some sentences may weigh nothing.</summary>
    private static TokenWeights SeededWeights(AnalyzedDocument doc, int seed, bool markup)
    {
        var random = new Random(seed);
        TokenWeights weights = TokenWeights.Rent(doc.Shingles.Length, doc.ContentTokens.Length);
        foreach (ref double w in weights.Shingles)
        {
            w = 1.0 / (1 + random.Next(0, 40));
        }

        bool[] masked = new bool[doc.ContentTokens.Length];
        for (int t = 0; t < masked.Length; t++)
        {
            masked[t] = markup && (t % 11 == 3 || random.Next(0, 4) == 0);
        }

        weights.Sum(masked);
        return weights;
    }

    [TestCase(1, false)]
    [TestCase(2, false)]
    [TestCase(3, true)]
    [TestCase(4, true)]
    public void Sentences_StemmedOnceThenWeighed_AreThoseOfTheOnePassOracle(int seed, bool markup)
    {
        foreach (string text in new[] { SpinTexts.FloodReport, SpinTexts.FloodReportRestructured, SpinTexts.FloodOpinion, "One. Two words here: three; and four!" })
        {
            AnalyzedDocument doc = Analyzer.Analyze("a", text);
            TokenWeights weights = SeededWeights(doc, seed, markup);
            try
            {
                SentenceMatcher.Sentence[] fast = SentenceMatcher.Sentences(doc.Text, doc.ContentTokens, weights, FunctionWords.English);
                SentenceMatcher.Sentence[] oracle = SentenceMatcher.SentencesScalar(doc.Text, doc.ContentTokens, weights, FunctionWords.English);
                Assert.That(
                    fast.Select(x => (x.FirstToken, x.EndToken, x.Weight, string.Join(",", x.Stems.ToArray()), string.Join(",", x.Weights))),
                    Is.EqualTo(oracle.Select(x => (x.FirstToken, x.EndToken, x.Weight, string.Join(",", x.Stems.ToArray()), string.Join(",", x.Weights)))));
            }
            finally
            {
                weights.Release();
            }
        }
    }

    [Test]
    public void Sentences_WithASentenceAllMarkup_DivideByTheSentencesKept_AsTheOracleDoes()
    {
        const string text = "Heavy rain fell on Ellersby. Rain soaked Ellersby again. Rain left Ellersby at last.";
        AnalyzedDocument doc = Analyzer.Analyze("a", text);
        TokenWeights weights = TokenWeights.Rent(doc.Shingles.Length, doc.ContentTokens.Length);
        try
        {
            weights.Shingles.Fill(1);
            int second = text.IndexOf("Rain soaked", StringComparison.Ordinal), third = text.IndexOf("Rain left", StringComparison.Ordinal);
            weights.Sum([.. doc.ContentTokens.ToArray().Select(t => t.Start >= second && t.Start < third)]);
            SentenceMatcher.Sentence[] fast = SentenceMatcher.Sentences(doc.Text, doc.ContentTokens, weights, FunctionWords.English);
            SentenceMatcher.Sentence[] oracle = SentenceMatcher.SentencesScalar(doc.Text, doc.ContentTokens, weights, FunctionWords.English);
            Assert.That(
                (fast.Length, string.Join(" | ", fast.Select(x => (x.FirstToken, x.Weight, string.Join(",", x.Weights))))),
                Is.EqualTo((2, string.Join(" | ", oracle.Select(x => (x.FirstToken, x.Weight, string.Join(",", x.Weights)))))));
        }
        finally
        {
            weights.Release();
        }
    }

    [TestCase(1, false)]
    [TestCase(2, true)]
    [TestCase(3, true)]
    public void MayReach_FromTheStemmingAndWeights_SaysWhatTheWeighedSentencesSay(int seed, bool markup)
    {
        var answers = new System.Collections.Generic.List<bool>();
        foreach ((string ta, string tb) in RequirementPairs)
        {
            AnalyzedDocument a = Analyzer.Analyze("a", ta), b = Analyzer.Analyze("b", tb);
            TokenWeights weights = SeededWeights(a, seed, markup);
            try
            {
                StemmedText stemmed = SentenceMatcher.Stem(a.Text, a.ContentTokens, FunctionWords.English);
                ulong[] other = SentenceMatcher.Stem(b.Text, b.ContentTokens, FunctionWords.English).Distinct;
                foreach (var need in new SentenceMatcher.Requirement[] { new(0.2, 1), new(0.5, 3), new(0.8, 2), new(0.35, 0, Stretch: true, Weight: 10), new(0.5, 0, Stretch: true, Weight: 2), new(0.9, 0, Stretch: true) })
                {
                    bool oracle = SentenceMatcher.MayReach(SentenceMatcher.Weigh(stemmed, weights), other, need);
                    Assert.That(SentenceMatcher.MayReach(stemmed, weights, other, need), Is.EqualTo(oracle));
                    answers.Add(oracle);
                }
            }
            finally
            {
                weights.Release();
            }
        }

        Assert.That(answers, Does.Contain(true).And.Contain(false));
    }

    [Test]
    public void Match_ADocumentMatchedTwice_GivesTheSameMatchFromItsKeptStemming()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", SpinTexts.FloodReport), b = Analyzer.Analyze("b", SpinTexts.FloodReportRestructured);
        SentenceMatch first = SentenceMatcher.Match(a, b, default, default, FunctionWords.English)!, again = SentenceMatcher.Match(a, b, default, default, FunctionWords.English)!;
        Assert.That((again.CoverageA, again.CoverageB, again.Matched, again.Passages), Is.EqualTo((first.CoverageA, first.CoverageB, first.Matched, first.Passages)));
    }

    [Test]
    public void Match_OfADocumentStemmedWithOtherFunctionWords_StemsItAgain()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", SpinTexts.FloodReport), b = Analyzer.Analyze("b", SpinTexts.FloodReportRestructured);
        SentenceMatch english = SentenceMatcher.Match(a, b, default, default, FunctionWords.English)!;
        var heavy = new FunctionWords(["river", "water", "flood", "council", "volunteers", "residents", "embankment", "rain", "hills", "market"]);
        SentenceMatch other = SentenceMatcher.Match(a, b, default, default, heavy)!;
        Assert.That(other.CoveredA, Is.Not.EqualTo(english.CoveredA));
    }

    private static readonly (string A, string B)[] RequirementPairs =
    [
        (SpinTexts.FloodReport, SpinTexts.FloodReportRestructured),
        (SpinTexts.FloodReport, SpinTexts.FloodReportFluent),
        (SpinTexts.FloodReport, SpinTexts.FloodOpinion),
        (SpinTexts.FloodOpinion, SpinTexts.FloodReportRestructured),
        ("Falcon pumps lift Avon water uphill. Falcon engineers tested Avon rivers. Every Falcon valve resists Avon silt.", "Heron pumps lift Tamar water uphill. Heron engineers tested Tamar rivers. Every Heron valve resists Tamar silt."),
    ];

    [TestCase(0.3, 1)]
    [TestCase(0.5, 3)]
    [TestCase(0.7, 3)]
    [TestCase(0.8, 2)]
    public void Match_WithARequirement_IsTheFullMatchWhenThatReachesIt_AndNullOtherwise(double coverage, int sentences)
    {
        var need = new SentenceMatcher.Requirement(coverage, sentences);
        var outcomes = new System.Collections.Generic.List<bool>();
        foreach ((string ta, string tb) in RequirementPairs)
        {
            AnalyzedDocument a = Analyzer.Analyze("a", ta), b = Analyzer.Analyze("b", tb);
            SentenceMatch full = SentenceMatcher.Match(a, b, default, default, FunctionWords.English)!;
            SentenceMatch? bounded = SentenceMatcher.Match(a, b, default, default, FunctionWords.English, need);
            bool reaches = Math.Min(full.CoverageA, full.CoverageB) >= coverage && full.Matched >= sentences;
            outcomes.Add(reaches);
            Assert.That(
                bounded is null ? (object)"dropped" : (bounded.CoverageA, bounded.CoverageB, bounded.Matched),
                reaches ? Is.EqualTo((full.CoverageA, full.CoverageB, full.Matched)) : Is.EqualTo("dropped").Or.EqualTo((full.CoverageA, full.CoverageB, full.Matched)));
        }

        Assert.That(outcomes, Does.Contain(true).And.Contain(false));
    }

    [Test]
    public void MayReach_ACatalogueTextAgainstTheFloodReport_CannotReachHalfOfIt_AndTheMatchIsDropped()
    {
        AnalyzedDocument report = Analyzer.Analyze("a", SpinTexts.FloodReport);
        AnalyzedDocument catalogue = Analyzer.Analyze("b", "Falcon pumps lift river water uphill after heavy rain. Falcon engineers tested the pumps in three days of flood. Every Falcon valve resists silt and water.");
        StemmedText stemmed = SentenceMatcher.Stem(report.Text, report.ContentTokens, FunctionWords.English);
        ulong[] stems = SentenceMatcher.Stem(catalogue.Text, catalogue.ContentTokens, FunctionWords.English).Distinct;
        Assert.That(
            (SentenceMatcher.MayReach(stemmed, default, stems, new(0.5, 3)), SentenceMatcher.Match(report, catalogue, default, default, FunctionWords.English, new(0.5, 3))),
            Is.EqualTo((false, (SentenceMatch?)null)));
    }

    /// <summary>The flood report's restructured rewrite between two texts on other subjects, about a quarter of the whole.</summary>
    private static readonly string Embedded = SpinTexts.Harbour + "\n\n" + SpinTexts.FloodReportRestructured + "\n\n" + SpinTexts.Orchard;

    /// <summary>Whether <paramref name="longer"/>'s sentences may match the flood report's as <paramref name="need"/> asks.</summary>
    private static bool MayReachTheReport(string longer, SentenceMatcher.Requirement need)
    {
        AnalyzedDocument host = Analyzer.Analyze("a", longer), report = Analyzer.Analyze("b", SpinTexts.FloodReport);
        StemmedText stemmed = SentenceMatcher.Stem(host.Text, host.ContentTokens, FunctionWords.English);
        return SentenceMatcher.MayReach(stemmed, default, SentenceMatcher.Stem(report.Text, report.ContentTokens, FunctionWords.English).Distinct, need);
    }

    [Test]
    public void MayReach_ALongerTextHoldingARewrite_ReachesAStretchButNotItsWhole() =>
        Assert.That(
            (MayReachTheReport(Embedded, new(0.5, 0, Stretch: true, Weight: 10)), MayReachTheReport(Embedded, new(0.5, 0))),
            Is.EqualTo((true, false)));

    [Test]
    public void MayReach_AStretchAskedMoreWeightThanTheRewriteCarries_IsNotReached() =>
        Assert.That(MayReachTheReport(Embedded, new(0.5, 0, Stretch: true, Weight: 1e6)), Is.False);

    /// <summary>The stretch bound's one pass against every stretch tried (the oracle): some stretch ending at a candidate
    /// sentence whose candidates carry the weight asked and the coverage asked of its weight.</summary>
    private static bool AnyStretch(double[] weights, bool[] candidates, double coverage, double least)
    {
        for (int end = 0; end < weights.Length; end++)
        {
            if (!candidates[end])
            {
                continue;
            }

            double total = 0, candidate = 0;
            for (int start = end; start >= 0; start--)
            {
                total += weights[start];
                candidate += candidates[start] ? weights[start] : 0;
                if (candidate >= least && candidate >= coverage * total)
                {
                    return true;
                }
            }
        }

        return false;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void StretchBound_OnSeededSentences_SaysWhatTryingEveryStretchSays(int seed)
    {
        var random = new Random(seed);
        int reached = 0, cases = 0;
        for (int round = 0; round < 400; round++)
        {
            int n = random.Next(1, 40);
            double[] weights = [.. Enumerable.Range(0, n).Select(_ => 0.1 + (random.NextDouble() * 6))];
            double share = 0.1 + (random.NextDouble() * 0.6);
            bool[] candidates = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() < share)];
            foreach (double coverage in new[] { 0.35, 0.5, 0.8 })
            {
                foreach (double least in new[] { 0.0, 3.0, 10.0 })
                {
                    var bound = new SentenceMatcher.StretchBound(new SentenceMatcher.Requirement(coverage, 0, Stretch: true, Weight: least), n);
                    for (int i = 0; i < n; i++)
                    {
                        bound.Add(weights[i], candidates[i]);
                    }

                    bool oracle = AnyStretch(weights, candidates, coverage, least), says = bound.Reached;
                    bound.Release();
                    Assert.That(says, Is.EqualTo(oracle), $"round {round}, coverage {coverage}, least {least}");
                    reached += oracle ? 1 : 0;
                    cases++;
                }
            }
        }

        Assert.That(reached, Is.InRange(cases / 10, cases - (cases / 10)));
    }
}
