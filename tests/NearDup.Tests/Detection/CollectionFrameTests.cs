using System.Collections.Generic;
using System.Linq;
using System.Text;
using NearDup.Benchmarks.Corpus;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>Two documents whose words are nearly all the same are still not a copy when nearly all of those words are
/// text the whole collection carries and what each has of its own is other words (pages a generator wrote for
/// different things); a campaign whose mailings differ only in their ids stays near-duplicates, however many
/// mailings there are.</summary>
public class CollectionFrameTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    /// <summary><paramref name="count"/> generated reference pages: a title of twenty words of its own, the long standard
    /// section every page carries, and a closing line of twenty more words of its own.</summary>
    private static List<string> Pages(int count) =>
        new CorpusGenerator(new CorpusOptions(count, seed: 616, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
            .Generate()
            .Select(d => TestTexts.Words(Encoding.UTF8.GetString(d.Utf8)))
            .Select(w => string.Join(' ', w.Take(20)) + "\n\n" + TestTexts.Lighthouse + "\n\n" + string.Join(' ', w.Skip(20).Take(20)))
            .ToList();

    private static PairExplanation CompareInCollection(IReadOnlyList<string> texts, int a, int b)
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch(texts.Select((t, i) => ($"doc{i:000}", t)));
        return index.Compare(texts[a], texts[b], $"doc{a:000}", $"doc{b:000}");
    }

    [Test]
    public void Verify_TwoGeneratedPagesWithoutTheirCollection_AreNearDuplicates()
    {
        // Precondition: the standard section is more than four fifths of each page's words.
        List<string> pages = Pages(2);
        PairVerdict? verdict = IndexOptions.Default.CreateVerifier().Verify(Analyzer.Analyze("a", pages[0]), Analyzer.Analyze("b", pages[1]));
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void Compare_TwoOfSixtyGeneratedPagesSharingTheStandardSection_AreNotACopy()
    {
        // Held by sixty, the section weighs a sixtieth of its words: about a quarter of each page's distinctive text,
        // and what tells the pages apart is words, not fields.
        PairExplanation x = CompareInCollection(Pages(60), 4, 17);
        Assert.That(x.Verdict, Is.Null);
    }

    /// <summary>One mailing of a campaign: the first half of an article, then the mailing's own order details, all of them codes
    /// and numbers.</summary>
    private static string Mailing(int i) =>
        string.Join("\n\n", SpinTexts.Orchard.Split("\n\n").Take(2)) + "\n\n" + string.Join('\n',
            $"Reference: R{i:000}K{(i * 7) % 1000:000}",
            $"Customer: Q{(i * 13) % 1000:000}Z{i % 10}",
            $"Order: {4000 + (i * 37 % 1000)}",
            $"Account: {90000 + (i * 311 % 10000)}",
            $"Branch: B{10 + (i % 89)}",
            $"Sent: {1 + (i % 28)}/{1 + (i % 12)}/2002",
            $"Batch: {700 + (i * 3 % 300)}",
            $"Voucher: V{i * 17 % 1000:000}X{i % 7}",
            $"Items: {i % 9 + 1} of {i % 5 + 10}, lots {i * 19 % 1000:000} {i * 23 % 1000:000} {i * 29 % 1000:000} {i * 31 % 1000:000}",
            $"Codes: A{i * 41 % 1000:000}B {i * 43 % 1000:000}C{i % 3} D{i * 47 % 1000:000} E{i * 53 % 1000:000}F{i % 4}");

    [Test]
    public void Compare_TwoOfTwoHundredMailingsDifferingOnlyInTheirCodes_AreNearDuplicates()
    {
        // Held by two hundred, the article weighs less than a tenth of each mailing's distinctive text (the shingles
        // around its own codes weigh the rest), but what tells the mailings apart is fields: one text twice.
        List<string> mailings = Enumerable.Range(0, 200).Select(Mailing).ToList();
        PairExplanation x = CompareInCollection(mailings, 3, 141);
        Assert.That(
            (x.Verdict?.Kind, x.Figures.DistinctiveCoverageA < PairVerifier.MinNearDuplicateDistinctiveShare),
            Is.EqualTo(((MatchKind?)MatchKind.NearDuplicate, true)));
    }
    private static readonly string[] Names = ["kappa", "lambda", "sigma", "omega", "delta", "gamma", "theta", "zeta", "iota", "rho", "tau", "chi"];

    /// <summary>A reference page of one template: the name of what it describes in an identifier at its head and twice in
    /// its text, around a frame every page carries (the test article), and <paramref name="own"/> text after it.</summary>
    private static string TemplatePage(string name, string own = "")
    {
        string id = $"CFG_{name.ToUpperInvariant()}_MODE";
        string[] paragraphs = TestTexts.Lighthouse.Split("\n\n");
        return $"{id}\n\nThe {id} setting. " + paragraphs[0] + $"\n\nSee {id} for the default. " + string.Join("\n\n", paragraphs.Skip(1)) + own;
    }

    /// <summary>A short page of one template, marked up, with the name of what it describes every few words (a
    /// per-language setting's page): many windows of its passage fingerprints pick a shingle over the name.</summary>
    private static string ShortTemplatePage(string name)
    {
        string up = name.ToUpperInvariant();
        return $"{up}FLAGS\n-------\n\n.. include:: SETTING.txt\n\nAdd default switches to be used when building ``{name}`` sources.\n\n"
            + $".. |CFG_LANG_SWITCHES| replace:: :setting:`CFG_{up}_SWITCHES <CFG_<LANG>_SWITCHES>`\n.. |LANG| replace:: ``{name}``\n"
            + $".. include:: LANG_SWITCHES.txt\n\nSee also :setting:`CFG_{up}_SWITCHES_INIT <CFG_<LANG>_SWITCHES_INIT>`.\n";
    }

    /// <summary>The two templates: pages with their name in a few places (every passage the pair shares, the other pages
    /// hold too), and short pages with the name every few words (a window over the frame often picks a shingle across
    /// the name, which only its page holds, so the pair's own text is measured on the windows whose picks both hold).</summary>
    private static IEnumerable<TestCaseData> Templates()
    {
        yield return new TestCaseData((System.Func<string, string>)(n => TemplatePage(n))).SetArgDisplayNames("pages with the name in a few places");
        yield return new TestCaseData((System.Func<string, string>)ShortTemplatePage).SetArgDisplayNames("short pages with the name every few words");
    }

    [TestCaseSource(nameof(Templates))]
    public void Verify_TwoPagesOfOneTemplateWithoutTheirCollection_AreNearDuplicates(System.Func<string, string> page)
    {
        // Precondition for the test below: alone, the frame makes two pages near-duplicates.
        PairVerdict? verdict = IndexOptions.Default.CreateVerifier().Verify(Analyzer.Analyze("a", page("kappa")), Analyzer.Analyze("b", page("lambda")));
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [TestCaseSource(nameof(Templates))]
    public void Compare_TwoOfTwelvePagesOfOneTemplateDifferingInTheName_AreNotACopy(System.Func<string, string> page)
    {
        PairExplanation x = CompareInCollection(Names.Select(page).ToList(), 2, 7);
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.TemplateSlotFill)));
    }

    [Test]
    public void Compare_APageAndItsCopyUnderAnotherNameAmongTheTemplatesPages_StayNearDuplicates()
    {
        // The page holds a paragraph of its own, and the copy carries it under another name: the pair shares text no
        // other page holds, so the name changed is an edit of one document, not two pages of the family.
        string own = "\n\n" + RandomText.Of(new System.Random(5), 60);
        List<string> pages = Names.Select(n => TemplatePage(n)).Append(TemplatePage("kappa", own)).Append(TemplatePage("psi", own)).ToList();
        PairExplanation x = CompareInCollection(pages, 12, 13);
        Assert.That(x.Verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void Compare_AShortPageWithAParagraphOfItsOwnAndAnotherOfItsFamilyOfEight_AreNotACopy()
    {
        // Its paragraph of its own makes the page too long for a near-duplicate of the other: the other is contained in
        // it, but by the family's frame alone. Held by six others, the frame weighs a seventh of its words in both, and
        // nearly all of both pages is the frame, so weighed even as a frame the other page's share of it is a copy's.
        List<string> pages = Names.Take(7).Select(ShortTemplatePage).Append(ShortTemplatePage("psi") + "\n\n" + RandomText.Of(new System.Random(7), 60)).ToList();
        PairExplanation x = CompareInCollection(pages, 7, 5);
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.TemplateSlotFill)));
    }

    [Test]
    public void Compare_TwoOfTwelveShortPagesSharingASentenceBesidesTheFrame_AreNotACopy()
    {
        // Two siblings say one more thing alike (a dozen words only they hold), and one has a paragraph of its own besides:
        // by their frame they are a family's pages, and a dozen words of their own are too little to make the shorter an
        // excerpt of the longer.
        string sentence = "\n\n" + RandomText.Of(new System.Random(11), 12);
        List<string> pages = Names.Select(ShortTemplatePage).ToList();
        pages[2] += sentence;
        pages[7] += sentence + "\n\n" + RandomText.Of(new System.Random(13), 60);
        PairExplanation x = CompareInCollection(pages, 2, 7);
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.TemplateSlotFill)));
    }

    [Test]
    public void Compare_APageAndAnotherPageHoldingItsOwnParagraphUnderAnotherName_StayContained()
    {
        // The second page carries the first's paragraph of its own, and more text of its own: the pair shares text no
        // other page holds, the first inside the second.
        string own = "\n\n" + RandomText.Of(new System.Random(5), 60);
        string more = "\n\n" + RandomText.Of(new System.Random(9), 150);
        List<string> pages = Names.Select(n => TemplatePage(n)).Append(TemplatePage("kappa", own)).Append(TemplatePage("psi", own + more)).ToList();
        PairExplanation x = CompareInCollection(pages, 12, 13);
        Assert.That(x.Verdict?.Kind, Is.EqualTo(MatchKind.Contained));
    }

    [Test]
    public void Compare_TwoOfTwelveMailingsDifferingInTheirLinks_StayNearDuplicates()
    {
        // Each mailing of the campaign links its own site: the fill is an address, not the name of what a page describes.
        List<string> mailings = Names.Select(n => TestTexts.Lighthouse + $"\n\nOrder now at http://www.{n}shop.com/offer before Friday.").ToList();
        PairExplanation x = CompareInCollection(mailings, 2, 7);
        Assert.That(x.Verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }
}
