using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>Spun copies made by <see cref="Spinner"/> through <see cref="PairVerifier"/> and <see cref="NearDupIndex.FindAllPairs"/>.</summary>
public class PairVerifierSpunTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    private static PairVerdict? Verify(string a, string b) => Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    private static readonly (string Name, string Text)[] Originals = [("harbour", SpinTexts.Harbour), ("orchard", SpinTexts.Orchard)];

    /// <summary>Spun copies: rates 10% to 50% with three seeds each, then cut, wrapped and function-word variants.</summary>
    private static IEnumerable<TestCaseData> SpunCopies()
    {
        var variants = new List<SpinOptions>();
        foreach (double rate in new[] { 0.10, 0.20, 0.30, 0.40, 0.50 })
        {
            foreach (int seed in new[] { 1, 2, 3 })
            {
                variants.Add(new SpinOptions { Rate = rate, Seed = seed });
            }
        }

        foreach (int seed in new[] { 4, 5 })
        {
            variants.Add(new SpinOptions { Rate = 0.20, Seed = seed, Keep = 0.6 });
            variants.Add(new SpinOptions { Rate = 0.40, Seed = seed, Keep = 0.6 });
            variants.Add(new SpinOptions { Rate = 0.25, Seed = seed, Chrome = true });
            variants.Add(new SpinOptions { Rate = 0.45, Seed = seed, Chrome = true });
            variants.Add(new SpinOptions { Rate = 0.25, Seed = seed, FunctionRate = 0.05 });
            variants.Add(new SpinOptions { Rate = 0.40, Seed = seed, FunctionRate = 0.05 });
        }

        foreach (var (name, text) in Originals)
        {
            foreach (SpinOptions options in variants)
            {
                yield return new TestCaseData(text, options).SetArgDisplayNames(name, options.ToString());
            }
        }
    }

    [TestCaseSource(nameof(SpunCopies))]
    public void Verify_SpunCopy_IsSpun(string original, SpinOptions options)
    {
        SpinResult spun = Spinner.Default.Spin(original, options);
        Assume.That(spun.ContentRate, Is.EqualTo(options.Rate).Within(0.02), "the table covers the requested rate");
        PairVerdict? verdict = Verify(original, spun.Text);
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.Spun), Describe(verdict));
    }

    [TestCaseSource(nameof(SpunCopies))]
    public void Scan_SpunCopyAmongOtherTexts_FindsOnlyTheSpunPair(string original, SpinOptions options)
    {
        // The spin candidates (skeleton LSH and skeleton fingerprints) must propose the pair: word shingles barely overlap.
        string spun = Spinner.Default.Spin(original, options).Text;
        AnalyzedDocument[] docs =
        [
            Analyzer.Analyze("original", original),
            Analyzer.Analyze("lighthouse", TestTexts.Lighthouse),
            Analyzer.Analyze("flood-report", SpinTexts.FloodReport),
            Analyzer.Analyze("spun", spun),
            Analyzer.Analyze("flood-opinion", SpinTexts.FloodOpinion),
        ];
        Assert.That(NearDupIndex.FindAllPairs(docs).Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("original", "spun", MatchKind.Spun) }));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Verify_LightlySpunPassageInsideOtherTextOnBothSides_IsARewordedExcerpt(int seed)
    {
        // The same passage, lightly reworded, a third of each text, with other text around it on both sides: an excerpt,
        // edited (contained), shown on its word alignment, not a spun copy of one text by the other.
        SpinResult spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.10, Seed = seed });
        string a = SpinTexts.FloodReport + "\n\n" + SpinTexts.Harbour + "\n\n" + TestTexts.Lighthouse;
        string b = TestTexts.Sourdough + "\n\n" + spun.Text + "\n\n" + SpinTexts.Orchard;
        PairVerdict? verdict = Verify(a, b);
        Assert.That((verdict?.Kind, verdict?.Reworded), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true)), Describe(verdict));
        Assert.That(verdict!.Passages, Is.EqualTo(verdict.Alignment!.Passages), "the evidence is the alignment's passages");
        Assert.That(Verify(SpinTexts.Harbour, spun.Text)?.Kind, Is.EqualTo(MatchKind.Spun), "the passage alone is spun");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Verify_ARewordedExcerptTheOtherWayRound_IsTheSameExcerptFromTheOtherSide(int seed)
    {
        SpinResult spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.10, Seed = seed });
        string a = SpinTexts.FloodReport + "\n\n" + SpinTexts.Harbour + "\n\n" + TestTexts.Lighthouse + "\n\n" + TestTexts.BeesOne;
        string b = TestTexts.Sourdough + "\n\n" + spun.Text + "\n\n" + SpinTexts.Orchard;
        PairVerdict? forward = Verify(a, b), backward = Verify(b, a);
        Assert.That(
            (forward?.Kind, forward?.Reworded, forward?.AInsideB, backward?.Kind, backward?.Reworded, backward?.AInsideB, backward?.Score),
            Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true, (bool?)false, (MatchKind?)MatchKind.Contained, (bool?)true, (bool?)true, forward?.Score)),
            "b, the shorter, is the more covered side: inside a");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Verify_AHeavilySpunPassageInsideOtherTextSharingAFooter_StaysSpun(int seed)
    {
        // Half the passage's words reworded leaves no verbatim run to speak of; the footer both texts end with is shared
        // 5-grams too, but outside the reworded passage, and does not make the spin an excerpt.
        const string Footer = "You are receiving this letter because you joined the harbour society's mailing list. To leave the list, "
            + "reply with the single word leave, or change your delivery settings on the society's members page, where you "
            + "can also choose a weekly digest instead of every message, read the archive of earlier letters and find the "
            + "names of the volunteers who keep the list running.";
        SpinResult spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.5, Seed = seed });
        string a = SpinTexts.FloodReport + "\n\n" + SpinTexts.Harbour + "\n\n" + TestTexts.Lighthouse + "\n\n" + Footer;
        string b = TestTexts.Sourdough + "\n\n" + spun.Text + "\n\n" + SpinTexts.Orchard + "\n\n" + Footer;
        PairVerdict? verdict = Verify(a, b);
        Assert.That((verdict?.Kind, verdict?.Reworded), Is.EqualTo(((MatchKind?)MatchKind.Spun, (bool?)false)), Describe(verdict));
    }

    [Test]
    public void Verify_SpunCopy_VerdictCarriesTheAlignmentAndItsPassages()
    {
        PairVerdict verdict = Verify(SpinTexts.Harbour, Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 7 }).Text)!;
        Assert.That(verdict.Passages, Is.EqualTo(verdict.Alignment?.Passages).And.Not.Empty);
    }

    [TestCase("harbour")]
    [TestCase("orchard")]
    public void Verify_UneditedCopy_IsExact(string name)
    {
        string text = Originals.Single(o => o.Name == name).Text;
        Assert.That(Verify(text, new string(text.AsSpan()))?.Kind, Is.EqualTo(MatchKind.Exact));
    }

    [Test]
    public void Verify_CopyWithThreeTypos_IsNearDuplicateNotSpun()
    {
        string typos = SpinTexts.Harbour.Replace("dangerous", "dangerus").Replace("Visitors", "Vistors").Replace("galleries", "galeries");
        Assume.That(typos, Is.Not.EqualTo(SpinTexts.Harbour));
        PairVerdict? verdict = Verify(SpinTexts.Harbour, typos);
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate), Describe(verdict));
    }

    [Test]
    public void Verify_CopyWithItsGrammarEdited_IsNearDuplicateNotSpun()
    {
        // An editor's changes: prepositions and conjunctions swapped for others, a contraction. 4% of the aligned words,
        // more than a spinner's lightest setting, but no content word replaced (spun when function words counted).
        string edited = SpinTexts.Harbour
            .Replace("from the winter", "against the winter").Replace("along the quay", "beside the quay")
            .Replace("depended on the catch", "depended upon the catch").Replace("for a whole year", "through a whole year")
            .Replace("waited on the stone", "waited upon the stone").Replace("within an hour", "inside an hour")
            .Replace("above the harbour", "over the harbour").Replace("into a wooden", "onto a wooden")
            .Replace("and with it came", "and along with it came").Replace("because the old", "since the old")
            .Replace("though mostly", "although mostly").Replace("did not miss the cold", "didn't miss the cold")
            .Replace("sails as they came", "sails when they came").Replace("children from the school", "children of the school")
            .Replace("Others said it would", "Others said that it would");
        Assume.That(edited.Split(' ').Length - SpinTexts.Harbour.Split(' ').Length, Is.EqualTo(1), "every edit made");
        PairVerdict? verdict = Verify(SpinTexts.Harbour, edited);
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate), Describe(verdict));
    }

    [Test]
    public void Verify_CopyWithThreeTypos_AlignmentShowsThreeSpellingEdits()
    {
        string typos = SpinTexts.Harbour.Replace("dangerous", "dangerus").Replace("Visitors", "Vistors").Replace("galleries", "galeries");
        SpinAlignment al = Verify(SpinTexts.Harbour, typos)!.Alignment!;
        Assert.That(al.Substitutions.Select(s => (s.From, s.To, s.IsEditLike)), Is.EquivalentTo(new[]
        {
            ("dangerous", "dangerus", true), ("visitors", "vistors", true), ("galleries", "galeries", true),
        }));
    }

    [Test]
    public void Verify_TwoTextsOnTheSameTopic_AreNotFlagged()
    {
        // Same town, river, mayor, street names and figures, and a shared phrase or two, but written separately.
        PairVerdict? verdict = Verify(SpinTexts.FloodReport, SpinTexts.FloodOpinion);
        Assert.That(verdict, Is.Null, Describe(verdict));
    }

    [Test]
    public void Verify_SameFunctionWordPatternWithDisjointContentWords_IsNotSpun()
    {
        // Sentence patterns of function words shared word for word, every other word different: what a template
        // produces, not a spinner, which always keeps some names, numbers and words it has no synonym for.
        string[] patterns =
        {
            "The {0} of the {1} was {2} by the {3} in {4}.",
            "It is not {0} that the {1} will {2} with {3} for the {4}.",
            "As {0} as the {1} had {2}, they {3} to the {4} and {0}.",
            "There were {0} and {1} from {2} which {3} into their {4}.",
        };
        string Text(string prefix)
        {
            var words = new System.Text.StringBuilder();
            for (int s = 0; s < 60; s++)
            {
                var w = new object[5];
                for (int k = 0; k < 5; k++)
                {
                    w[k] = $"{prefix}{(char)('a' + (s * 7 + k * 3) % 26)}{(char)('a' + (s * 5 + k) % 26)}";
                }

                words.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, patterns[s % patterns.Length], w)).Append(' ');
            }

            return words.ToString();
        }

        Assert.That(Verify(Text("qu"), Text("zo")), Is.Null);
    }

    [Test]
    public void Verify_SpunSentencesScatteredOutOfOrder_AreNotSpun()
    {
        // Every other sentence of a spun copy, in reverse order, inside a text of their own: shared stock sentences,
        // not a copy, because a spun copy keeps its source's order end to end.
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 5 }).Text;
        List<string> sentences = Spinner.Sentences(spun).SelectMany(p => p).ToList();
        List<string> filler = Spinner.Sentences(SpinTexts.Orchard).SelectMany(p => p).ToList();
        var mixed = new List<string>();
        for (int i = sentences.Count - 1, f = 0; i >= 0; i -= 2, f++)
        {
            mixed.Add(sentences[i]);
            mixed.Add(filler[f % filler.Count]);
            mixed.Add(filler[(f + 7) % filler.Count]);
        }

        Assert.That(Verify(SpinTexts.Harbour, string.Join(' ', mixed)), Is.Null.Or.Property(nameof(PairVerdict.Kind)).Not.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Verify_SpunSentencesInTheirOrder_AreSpun()
    {
        // The positive control of the test above: the same spun sentences, all of them, in their own order.
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 5 }).Text;
        string joined = string.Join(' ', Spinner.Sentences(spun).SelectMany(p => p));
        Assert.That(Verify(SpinTexts.Harbour, joined)?.Kind, Is.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Verify_TwoTextsOnTheSameTopicReversed_AreNotFlagged() =>
        Assert.That(Verify(SpinTexts.FloodOpinion, SpinTexts.FloodReport), Is.Null);

    [Test]
    public void Scan_TwoTextsOnTheSameTopic_AreNotFlagged()
    {
        AnalyzedDocument[] docs = [Analyzer.Analyze("report", SpinTexts.FloodReport), Analyzer.Analyze("opinion", SpinTexts.FloodOpinion)];
        Assert.That(NearDupIndex.FindAllPairs(docs), Is.Empty);
    }

    [Test]
    public void Verify_SpunCopiesOfDifferentTexts_AreNotFlagged()
    {
        string a = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 1 }).Text;
        string b = Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = 0.3, Seed = 1 }).Text;
        Assert.That(Verify(a, b), Is.Null);
    }

    [Test]
    public void IsSpun_AlignmentOfIdenticalTexts_IsFalse()
    {
        // Nothing replaced is not spinning, however well it aligns.
        SpinAlignment al = Verifier.Aligner.Align(Analyzer.Analyze("a", SpinTexts.Orchard), Analyzer.Analyze("b", SpinTexts.Orchard));
        Assert.That(Verifier.IsSpun(al), Is.False);
    }

    [Test]
    public void Explain_UnrelatedTexts_NullVerdictWithFiguresAndAlignment()
    {
        PairExplanation x = Verifier.Explain(Analyzer.Analyze("a", SpinTexts.Harbour), Analyzer.Analyze("b", SpinTexts.Orchard));
        Assert.That((x.Verdict, x.Alignment.Passages.Count, x.Figures.Jaccard), Is.EqualTo(((PairVerdict?)null, 0, 0.0)));
    }

    [Test]
    public void Explain_SpunCopy_VerdictAndAlignmentAgree()
    {
        string spun = Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = 0.35, Seed = 9 }).Text;
        PairExplanation x = Verifier.Explain(Analyzer.Analyze("a", SpinTexts.Orchard), Analyzer.Analyze("b", spun));
        Assert.That((x.Verdict?.Kind, ReferenceEquals(x.Verdict?.Alignment, x.Alignment)), Is.EqualTo(((MatchKind?)MatchKind.Spun, true)));
    }

    private static string Describe(PairVerdict? v) => v?.Alignment is { } al
        ? $"{v.Kind}: coverage {al.CoverageA:0.00}/{al.CoverageB:0.00}, match {al.MatchRate:0.00}, substituted {al.SubstitutionRate:0.000}, aligned {al.AlignedTokensA}"
        : v?.Kind.ToString() ?? "null";
}
