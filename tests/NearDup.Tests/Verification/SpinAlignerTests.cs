using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

public class SpinAlignerTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly SpinAligner Aligner = new();

    private static SpinAlignment Align(string a, string b) => Aligner.Align(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    private static IEnumerable<TestCaseData> SpunCopies()
    {
        foreach (double rate in new[] { 0.10, 0.25, 0.40 })
        {
            foreach (int seed in new[] { 1, 2 })
            {
                foreach (var (name, text) in new[] { ("harbour", SpinTexts.Harbour), ("orchard", SpinTexts.Orchard) })
                {
                    var options = new SpinOptions { Rate = rate, Seed = seed };
                    yield return new TestCaseData(text, options).SetArgDisplayNames(name, options.ToString());
                }
            }
        }
    }

    private static HashSet<(string, string)> Pairs(IEnumerable<Substitution> subs) => subs.Select(s => (s.From, s.To)).ToHashSet();

    [Test]
    public void Align_IdenticalTexts_MatchFullyWithNoSubstitutions()
    {
        SpinAlignment al = Align(SpinTexts.Harbour, SpinTexts.Harbour);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(al.MatchRate, Is.EqualTo(1.0));
            Assert.That(al.Substitutions, Is.Empty);
            Assert.That(al.Edits, Is.Empty);
            Assert.That(al.CoverageA, Is.EqualTo(1.0).Within(0.01));
            Assert.That(al.CoverageB, Is.EqualTo(1.0).Within(0.01));
        }
    }

    [TestCaseSource(nameof(SpunCopies))]
    public void Align_SpunCopy_CoversAtLeast80Percent(string text, SpinOptions options)
    {
        SpinResult spun = Spinner.Default.Spin(text, options);
        Assume.That(spun.ContentRate, Is.EqualTo(options.Rate).Within(0.02), "the table covers the requested rate");
        SpinAlignment al = Align(text, spun.Text);
        Assert.That((al.CoverageA, al.CoverageB), Is.EqualTo((1.0, 1.0)).Using<(double, double)>((x, y) => x.Item1 >= 0.8 && x.Item2 >= 0.8), $"coverage {al.CoverageA:0.00} / {al.CoverageB:0.00}");
    }

    [TestCaseSource(nameof(SpunCopies))]
    public void Align_SpunCopy_SubstitutionsHoldEveryIsolatedAppliedPair(string text, SpinOptions options)
    {
        // Neighbouring replacements merge into one phrase ("old wicks" → "ancient candles"), so only replacements with no
        // other within two words are sure to come back as the very pair the spinner applied.
        SpinResult spun = Spinner.Default.Spin(text, options);
        var isolated = spun.Isolated().Select(a => (a.From, a.To)).Distinct().ToList();
        Assume.That(isolated, Is.Not.Empty);
        Assert.That(Pairs(Align(text, spun.Text).Substitutions), Is.SupersetOf(isolated));
    }

    [TestCaseSource(nameof(SpunCopies))]
    public void Align_SpunCopy_SubstitutionsMostFrequentFirst(string text, SpinOptions options)
    {
        SpinAlignment al = Align(text, Spinner.Default.Spin(text, options).Text);
        Assert.That(al.Substitutions.Select(s => s.Count), Is.Ordered.Descending);
    }

    [Test]
    public void Align_ReplacementAppliedThreeTimes_RanksAboveOneAppliedOnce()
    {
        // "fishing" occurs three times in the text and "quay" once; rate 1 over this table replaces all of them.
        var spinner = new Spinner(new Dictionary<string, string> { ["quay"] = "dock", ["fishing"] = "angling" });
        SpinResult spun = spinner.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 1, Seed = 1 });
        Assume.That(spun.Applied.Count(a => a.From == "fishing"), Is.EqualTo(3));
        IReadOnlyList<Substitution> subs = Align(SpinTexts.Harbour, spun.Text).Substitutions;
        Assert.That(subs, Is.EqualTo(new[]
        {
            new Substitution("fishing", "angling", 3, false),
            new Substitution("quay", "dock", 1, false),
        }));
    }

    [Test]
    public void Align_MultiWordReplacement_IsOneSubstitutionOfTheWholePhrase()
    {
        string spun = new Spinner(new Dictionary<string, string> { ["centuries"] = "hundreds of years" })
            .Spin(SpinTexts.Harbour, new SpinOptions { Rate = 1, Seed = 1 }).Text;
        Assert.That(Align(SpinTexts.Harbour, spun).Substitutions, Is.EqualTo(new[] { new Substitution("centuries", "hundreds of years", 1, false) }));
    }

    private const string GovernmentText =
        SpinTexts.Harbour + "\n\nLast year the government promised a grant to repair the harbour wall before the winter storms return.";

    [Test]
    public void Align_Typo_IsOneSpellingEdit()
    {
        SpinAlignment al = Align(GovernmentText, GovernmentText.Replace("government", "goverment"));
        Assert.That(al.Substitutions, Is.EqualTo(new[] { new Substitution("government", "goverment", 1, true) }));
    }

    [Test]
    public void Align_Typo_NotCountedInSubstitutionRate()
    {
        SpinAlignment al = Align(GovernmentText, GovernmentText.Replace("government", "goverment"));
        Assert.That((al.SubstitutionRate, al.SubstitutedTokensA, al.EditedTokensA), Is.EqualTo((0.0, 0, 1)));
    }

    [Test]
    public void Align_TypoInsideSpunCopy_AddsNoSubstitutedToken()
    {
        string spun = Spinner.Default.Spin(GovernmentText, new SpinOptions { Rate = 0.25, Seed = 3 }).Text;
        Assume.That(spun, Does.Contain("government"));
        SpinAlignment clean = Align(GovernmentText, spun);
        SpinAlignment typo = Align(GovernmentText, spun.Replace("government", "goverment"));
        Assert.That((typo.SubstitutedTokensA, typo.EditedTokensA), Is.EqualTo((clean.SubstitutedTokensA, clean.EditedTokensA + 1)));
    }

    [Test]
    public void Align_Typo_EditRangesSliceTheMisspeltWord()
    {
        string b = GovernmentText.Replace("government", "goverment");
        AlignmentEdit edit = Align(GovernmentText, b).Edits.Single();
        Assert.That(
            (edit.Kind, GovernmentText[edit.AStart..edit.AEnd], b[edit.BStart..edit.BEnd]),
            Is.EqualTo((EditKind.SpellingEdit, "government", "goverment")));
    }

    [TestCase(0.25, 1)]
    [TestCase(0.40, 2)]
    public void Align_SpunCopy_EditRangesSliceTheReplacedWords(double rate, int seed)
    {
        SpinResult spun = Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = rate, Seed = seed });
        SpinAlignment al = Align(SpinTexts.Orchard, spun.Text);
        var sliced = al.Edits
            .Where(e => e.Kind == EditKind.Substitution)
            .Select(e => (SpinTexts.Orchard[e.AStart..e.AEnd].ToLowerInvariant(), spun.Text[e.BStart..e.BEnd].ToLowerInvariant()))
            .ToHashSet();
        Assert.That(sliced, Is.SupersetOf(spun.Isolated().Select(a => (a.From, a.To)).Distinct()));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Align_SpunAndReorderedWithinParagraphs_AlignsInSeveralPassages(int seed)
    {
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.25, Seed = seed, ReorderSentences = true }).Text;
        SpinAlignment al = Align(SpinTexts.Harbour, spun);
        Assert.That(
            (al.Passages.Count, al.CoverageA),
            Is.EqualTo((2, 0.75)).Using<(int, double)>((x, y) => x.Item1 >= y.Item1 && x.Item2 >= y.Item2),
            $"{al.Passages.Count} passages, coverage {al.CoverageA:0.00}");
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Align_SpunExcerptEmbeddedInAnotherText_AlignsToTheExcerptRanges(int seed)
    {
        // 40% of the original, from 30% to 70% of its words, spun, then set in the middle of another text.
        var words = System.Text.RegularExpressions.Regex.Matches(SpinTexts.Harbour, @"\S+");
        int first = (int)(words.Count * 0.3), last = first + (int)(words.Count * 0.4) - 1;
        int excerptStart = words[first].Index;
        string excerpt = SpinTexts.Harbour[excerptStart..(words[last].Index + words[last].Length)];
        string spunExcerpt = Spinner.Default.Spin(excerpt, new SpinOptions { Rate = 0.3, Seed = seed }).Text;
        string host = TestTexts.Embed(SpinTexts.Orchard, spunExcerpt);
        int embedStart = host.IndexOf(spunExcerpt, System.StringComparison.Ordinal);

        SpinAlignment al = Align(SpinTexts.Harbour, host);
        Assert.That(al.Passages, Is.Not.Empty);
        int aMin = al.Passages.Min(p => p.AStart), aMax = al.Passages.Max(p => p.AEnd);
        int bMin = al.Passages.Min(p => p.BStart), bMax = al.Passages.Max(p => p.BEnd);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(aMin, Is.InRange(excerptStart, excerptStart + 40), "A starts at the excerpt");
            Assert.That(aMax, Is.InRange(excerptStart + excerpt.Length - 40, excerptStart + excerpt.Length), "A ends at the excerpt");
            Assert.That(bMin, Is.InRange(embedStart, embedStart + 40), "B starts at the embedded copy");
            Assert.That(bMax, Is.InRange(embedStart + spunExcerpt.Length - 40, embedStart + spunExcerpt.Length), "B ends at the embedded copy");
        }
    }

    [Test]
    public void Align_UnrelatedTexts_NoPassage() =>
        Assert.That(Align(SpinTexts.Harbour, SpinTexts.Orchard).Passages, Is.Empty);
}
