using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>Markup (tags, comments, style elements, CSS rules) is the frame of a page: found exactly, and weighing nothing
/// in what one document holds of another, while the prose between the tags weighs as in plain text.</summary>
public class MarkupTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = new(Analyzer.Options.ShingleSize);

    private static (int Start, int End)[] Spans(string text) => [.. Markup.Spans(text)];

    [Test]
    public void Spans_ATagWithAttributes_IsOneSpanFromItsLessThanToItsGreaterThan()
    {
        const string text = "Hello <font face=\"Verdana, Arial\" size=2>world</font>.";
        int open = text.IndexOf('<'), close = text.IndexOf('>') + 1, end = text.LastIndexOf('<');
        Assert.That(Spans(text), Is.EqualTo(new[] { (open, close), (end, text.Length - 1) }));
    }

    [Test]
    public void Spans_LessThanAndGreaterThanSignsInProse_AreNoMarkup() =>
        Assert.That(Spans("If a < b and b > c, then a < c; 3 <= 4 and x<5 > 2."), Is.Empty);

    [TestCase("Write to Ann Ellory <ann.ellory@example.org> or the list <harbour-list@example.org>.")]
    [TestCase("See <https://example.org/harbour> for the timetable.")]
    [TestCase("git fetch <remote> <refspec> fetches from CMAKE_<LANG>_FLAGS.")]
    [TestCase("Call C<sv_setiv> with I<sv> and see L<perlapi>; B<p> is bold.")]
    public void Spans_AddressesPlaceholdersAndPodCodesInAngleBrackets_AreNoMarkup(string text) =>
        Assert.That(Spans(text), Is.Empty);

    [Test]
    public void Spans_AnXmlNameWithANamespacePrefix_IsATag() =>
        Assert.That(Spans("One<o:p></o:p> two"), Is.EqualTo(new[] { (3, 8), (8, 14) }));

    [Test]
    public void Spans_AComment_IsOneSpan()
    {
        const string text = "Top <!-- promotion start: <b>ignored</b> --> bottom";
        Assert.That(Spans(text), Is.EqualTo(new[] { (4, text.IndexOf("-->") + 3) }));
    }

    [Test]
    public void Spans_AnUnclosedComment_IsNoMarkup() =>
        Assert.That(Spans("Top <!-- the rest is prose with no end"), Is.Empty);

    [Test]
    public void Spans_ManyUnclosedCommentsThenAnEnd_IsOneCommentFromTheFirstOpeningWithinReachOfTheEnd()
    {
        // 50,000 openings (200,000 characters) and one end: only an opening at most MaxBlockLength before the end makes a
        // comment, and the text is read once, not once per opening.
        string text = string.Concat(Enumerable.Repeat("<!--", 50_000)) + "-->";
        int end = text.Length - 3;
        int first = end - Markup.MaxBlockLength;
        first += (4 - (first % 4)) % 4;
        Assert.That(Spans(text), Is.EqualTo(new[] { (first, text.Length) }));
    }

    [Test]
    public void Spans_AStyleElement_CoversItsContentUpToItsClosingTag()
    {
        const string text = "<STYLE type=\"text/css\"> p { margin: 0 } a:hover { color: red } </style> Read on.";
        Assert.That(Spans(text), Is.EqualTo(new[] { (0, text.IndexOf("</style>") + 8) }));
    }

    [Test]
    public void Spans_ACssRule_CoversItsSelectorAndItsBlock()
    {
        const string text = "Intro. .a2248-footer_pdf{color:#000000;font-size:xx-small;font-weight:bold} Pass it on.";
        Assert.That(Spans(text), Is.EqualTo(new[] { (7, text.IndexOf('}') + 1) }));
    }

    [Test]
    public void Spans_ACssRuleWithASelectorList_CoversEverySelectorOfTheList()
    {
        // A chunk of a style element cut before its opening tag starts with such a list: every selector of it is markup.
        const string text = ".g-menu_link:hover, .g-issue_title:hover,\n .g-letter_date:hover{color:#FF0000;font-size:xx-small} Pass it on.";
        Assert.That(Spans(text), Is.EqualTo(new[] { (0, text.IndexOf('}') + 1) }));
    }

    [TestCase("We said so, .x{color:#000000;font-size:xx-small} Pass it on.", ".x{")]
    [TestCase("Best regards,\n.ExternalClass{width:100%;line-height:100%} Pass it on.", ".ExternalClass{")]
    [TestCase("We bought apples, pears, plums, .x{color:#000000;font-size:xx-small} Pass it on.", ".x{")]
    public void Spans_ProseEndingInACommaBeforeARule_StaysProse(string text, string rule) =>
        Assert.That(Spans(text), Is.EqualTo(new[] { (text.IndexOf(rule, System.StringComparison.Ordinal), text.IndexOf('}') + 1) }));

    [TestCase(".a ,.b{color:#000000;font-size:xx-small} Pass it on.")]
    [TestCase("td, th,\n  .cell:hover{color:#000000;font-size:xx-small} Pass it on.")]
    public void Spans_ASelectorListSpacedAnyWay_IsMarkupWhole(string text) =>
        Assert.That(Spans(text), Is.EqualTo(new[] { (0, text.IndexOf('}') + 1) }));

    [TestCase("The set {apples, pears} and the note {see: the appendix; page two} stay prose.")]
    [TestCase("\"name\": \"Build {{imagebuilder:buildDate}}\", {\"key\": 1}")]
    [TestCase("a map {colour:red} with one member")]
    public void Spans_BracesAroundProsePlaceholdersAndJson_AreNoMarkup(string text) =>
        Assert.That(Spans(text), Is.Empty);

    [Test]
    public void Mask_TextWithoutMarkup_IsNull()
    {
        AnalyzedDocument d = Analyzer.Analyze("d", TestTexts.Lighthouse);
        Assert.That(Markup.Mask(d.Text, d.ContentTokens), Is.Null);
    }

    [Test]
    public void Mask_WordsInsideTags_AreMarkupAndWordsBetweenThem_AreNot()
    {
        AnalyzedDocument d = Analyzer.Analyze("d", "<b>Rates</b> have <i class=\"big\">fallen</i> again");
        bool[]? mask = Markup.Mask(d.Text, d.ContentTokens);
        string[] words = [.. d.ContentTokens.ToArray().Select(t => d.Text[t.Start..t.End])];
        Assert.That(
            words.Where((w, i) => mask![i] is false),
            Is.EqualTo(new[] { "Rates", "have", "fallen", "again" }));
    }

    /// <summary>An HTML newsletter's frame, written for these tests: a style sheet, a header table and a sign-up table,
    /// around an issue's article. The frame has about as many words as the article.</summary>
    private static string Issue(string article)
    {
        var html = new StringBuilder();
        html.Append("<html><head><style type=\"text/css\">");
        foreach (string part in new[] { "heading", "title", "byline", "footer", "signup", "contents" })
        {
            html.Append($".news-{part}{{color:#003366;background-color:transparent;font-family:verdana;font-size:x-small;font-weight:bold;text-decoration:none}} ");
        }

        html.Append("</style></head><body><table border=\"0\" cellpadding=\"2\" cellspacing=\"0\" width=\"190\"><tr>");
        html.Append("<td bgcolor=\"#DBE8F4\" align=\"center\" valign=\"top\"><font size=\"2\" face=\"Verdana,Arial,Helvetica\" color=\"#003366\">");
        html.Append("</font></td></tr></table><table width=\"475\" align=\"center\"><tr><td align=\"left\" valign=\"top\">\n");
        html.Append(article);
        html.Append("\n</td></tr></table><table border=\"1\" bordercolor=\"#003366\" cellpadding=\"4\"><tr><td bgcolor=\"#ffffff\" colspan=\"2\">");
        html.Append("<font size=\"1\" face=\"Verdana,Arial,Helvetica\" color=\"#000000\"><a class=\"news-signup\" href=\"#top\"></a></font>");
        html.Append("</td></tr></table></body></html>");
        return html.ToString();
    }

    [Test]
    public void Verify_TwoIssuesOfAnHtmlNewsletterWithOtherArticles_AreNotACopy() =>
        Assert.That(Verifier.Verify(Analyzer.Analyze("a", Issue(TestTexts.Lighthouse)), Analyzer.Analyze("b", Issue(TestTexts.Sourdough))), Is.Null);

    [Test]
    public void Verify_OneArticleInTwoIssuesOfAnHtmlNewsletter_IsStillACopy() =>
        Assert.That(
            Verifier.Verify(Analyzer.Analyze("a", Issue(TestTexts.Lighthouse)), Analyzer.Analyze("b", TestTexts.Sourdough + "\n\n" + Issue(TestTexts.Lighthouse)))?.Kind,
            Is.EqualTo(MatchKind.Contained));
}
