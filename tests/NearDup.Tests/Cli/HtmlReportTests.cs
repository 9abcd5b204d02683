using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>The page <c>neardup explain A B --html FILE</c> writes, read as text: what comes first, what the summary
/// says, the passages' offsets and punctuation, escaping. <see cref="HtmlReportBrowserTests"/> loads it in a browser.</summary>
public class HtmlReportTests
{
    private ReportPairs _pairs = null!;

    [SetUp]
    public void SetUp() => _pairs = new ReportPairs(Path.Combine(Path.GetTempPath(), "neardup-html-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void TearDown() => Directory.Delete(_pairs.Folder, recursive: true);

    /// <summary>The report of a pair, as text.</summary>
    private string Html(string nameA, string textA, string nameB, string textB) => File.ReadAllText(_pairs.Report(nameA, textA, nameB, textB));

    /// <summary>The text of an element's content: tags dropped, entities decoded.</summary>
    private static string Plain(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]*>", string.Empty));

    /// <summary>The passage table's rows: A's cell and B's cell of each, as text.</summary>
    private static (string A, string B)[] Rows(string html) =>
        Regex.Matches(html, "<td class=\"text\">(.*?)</td><td class=\"text\">(.*?)</td>", RegexOptions.Singleline)
            .Select(m => (Plain(m.Groups[1].Value), Plain(m.Groups[2].Value)))
            .ToArray();

    /// <summary>Each passage's offsets as its heading row shows them: A's and B's [start, end).</summary>
    private static (int A0, int A1, int B0, int B1)[] Offsets(string html) =>
        Regex.Matches(html, @"A \[(\d+), (\d+)\).*?B \[(\d+), (\d+)\)")
            .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value)))
            .ToArray();

    private static string Summary(string html) => Regex.Match(html, "<p class=\"summary\">(.*?)</p>").Groups[1].Value;

    private static string? Legend(string html) => Regex.Match(html, "<p class=\"legend\">(.*?)</p>") is { Success: true } m ? m.Groups[1].Value : null;

    [Test]
    public void Html_VerdictAndSummaryComeFirst_ThenThePassages()
    {
        string html = File.ReadAllText(_pairs.SpunReport());
        int[] at = [html.IndexOf("<h1>spun (score ", StringComparison.Ordinal), html.IndexOf("<p class=\"summary\">", StringComparison.Ordinal), html.IndexOf("<table class=\"passages\">", StringComparison.Ordinal)];
        Assert.That(at, Is.Ordered.And.Unique.And.All.GreaterThanOrEqualTo(0), html);
    }

    [Test]
    public void Html_FiguresAndThenSubstitutionsComeAfterThePassages()
    {
        string html = File.ReadAllText(_pairs.SpunReport());
        int[] at = [html.LastIndexOf("</tbody>", StringComparison.Ordinal), html.IndexOf("<h2>Figures</h2>", StringComparison.Ordinal), html.IndexOf("<h2>Substitutions", StringComparison.Ordinal)];
        Assert.That(at, Is.Ordered.And.Unique.And.All.GreaterThanOrEqualTo(0), html);
    }

    [Test]
    public void Html_Summary_IsTheLineTheTerminalPrints()
    {
        string a = _pairs.Write("harbour.txt", SpinTexts.Harbour), b = _pairs.Write("harbour-spun.txt", ReportPairs.Spun);
        string line = CliRun.Lines(CliRun.Run("explain", a, b, "--color", "never", "--width", "1000").Out).Single(l => l.Contains("of aligned words reworded", StringComparison.Ordinal));
        Assert.That(WebUtility.HtmlDecode(Summary(File.ReadAllText(_pairs.SpunReport()))), Is.EqualTo(line));
    }

    [Test]
    public void Html_ContainedPair_SaysBIsInsideA() =>
        Assert.That(Summary(File.ReadAllText(_pairs.ContainedReport())), Does.StartWith("<strong>B is inside A.</strong> b inside a; "));

    [Test]
    public void Html_ContainedPairTheOtherWayRound_SaysAIsInsideB() =>
        Assert.That(Summary(Html("harbour.txt", SpinTexts.Harbour, "host.txt", ReportPairs.Host)), Does.StartWith("<strong>A is inside B.</strong> a inside b; "));

    [Test]
    public void Html_SpunPair_SaysNothingOfInside() =>
        Assert.That(Summary(File.ReadAllText(_pairs.SpunReport())), Does.Not.Contain("<strong>").And.Not.Contain(" inside "));

    [Test]
    public void Html_PassageOffsets_CountCodePointsNotUtf16Units()
    {
        // The prefix holds emoji (two UTF-16 units each) and CJK characters (one each); the harbour text after it is
        // ASCII and B is that text alone, so the one passage runs from A's first harbour word to its last, the full
        // stop after "water" left out (a passage is the range of the words it aligns).
        int before = ReportPairs.WidePrefix.EnumerateRunes().Count();
        Assume.That((before, SpinTexts.Harbour.All(char.IsAscii)), Is.EqualTo((12, true)));
        var offsets = Offsets(Html("wide.txt", ReportPairs.WithWidePrefix, "harbour.txt", SpinTexts.Harbour));
        Assert.That(
            (offsets[0].A0, offsets[0].B0, offsets[^1].A1, offsets[^1].B1),
            Is.EqualTo((before, 0, before + SpinTexts.Harbour.Length - 1, SpinTexts.Harbour.Length - 1)));
    }

    [Test]
    public void Html_PassageOffsets_AreTheCodePointsOfTheJsonExplanation()
    {
        string a = _pairs.Write("harbour.txt", SpinTexts.Harbour), b = _pairs.Write("harbour-spun.txt", ReportPairs.Spun);
        using JsonDocument json = JsonDocument.Parse(CliRun.Run("explain", a, b, "--format", "json").Out);
        var expected = json.RootElement.GetProperty("verdict").GetProperty("evidence").GetProperty("passages").EnumerateArray()
            .Select(p => (p.GetProperty("a_code_points")[0].GetInt32(), p.GetProperty("a_code_points")[1].GetInt32(), p.GetProperty("b_code_points")[0].GetInt32(), p.GetProperty("b_code_points")[1].GetInt32()))
            .Order()
            .ToArray();
        Assert.That(Offsets(File.ReadAllText(_pairs.SpunReport())), Is.EqualTo(expected).And.Not.Empty);
    }

    [Test]
    public void Html_JsonGivesTheSamePassages_OffsetsNoteSaysNoMore()
    {
        // A sentence dropped from B: the alignment and the shared 5-grams both give the two stretches around it (the
        // JSON lists the longest first, the page in the order of A).
        string html = Html("harbour.txt", SpinTexts.Harbour, "dropped.txt", SpinTexts.Harbour.Replace("The work was hard and often dangerous. ", string.Empty, StringComparison.Ordinal));
        Assert.That((Offsets(html).Length, html.Contains("stretches of shared word 5-grams", StringComparison.Ordinal)), Is.EqualTo((2, false)));
    }

    [Test]
    public void Html_JsonGivesOtherPassages_OffsetsNoteSaysSo()
    {
        // "harbour" spelt "harbor" in B: the alignment runs through the spelling edits from the first word, the shared
        // 5-grams start after the first one.
        string html = Html("harbour.txt", SpinTexts.Harbour, "harbor.txt", SpinTexts.Harbour.Replace("harbour", "harbor", StringComparison.Ordinal));
        Assert.That((Offsets(html)[0].A0, html.Contains("stretches of shared word 5-grams", StringComparison.Ordinal)), Is.EqualTo((0, true)));
    }

    [Test]
    public void Html_Passage_KeepsTheFullStopThatEndsIt()
    {
        // The harbour text ends "counts the lights on the water."; the passage's range stops after "water".
        var rows = Rows(Html("wide.txt", ReportPairs.WithWidePrefix, "harbour.txt", SpinTexts.Harbour));
        Assert.That(new[] { rows[^1].A, rows[^1].B }, Is.All.EndsWith("lights on the water."));
    }

    [Test]
    public void Html_LongPassage_IsCutIntoSeveralRows()
    {
        string html = File.ReadAllText(_pairs.SpunReport());
        Assert.That(Rows(html), Has.Length.GreaterThan(Offsets(html).Length));
    }

    [Test]
    public void Html_EachRowOfA_StartsWithTheWordItsRowOfBStartsWith()
    {
        // A row starts just before a pair of aligned words, so both sides start level: with the same word.
        var rows = Rows(File.ReadAllText(_pairs.SpunReport()));
        Assert.That(rows.Select(r => (FirstWord(r.A), FirstWord(r.B))), Is.All.Matches<(string A, string B)>(w => w.A.Length > 0 && w.A == w.B), string.Join("\n", rows));

        static string FirstWord(string text) => Regex.Match(text, @"\p{L}+").Value.ToLowerInvariant();
    }

    [Test]
    public void Html_BlankLineInOneTextOnly_EndsARow()
    {
        // B is A on one line: without a cut at A's blank lines, B's text would run ahead of A's by a line a paragraph.
        var rows = Rows(Html("harbour.txt", SpinTexts.Harbour, "one-line.txt", SpinTexts.Harbour.Replace("\n\n", " ", StringComparison.Ordinal)));
        Assert.That((rows.Length >= 4, rows.Count(r => r.A.Contains('\n', StringComparison.Ordinal))), Is.EqualTo((true, 0)), string.Join("\n--\n", rows));
    }

    [Test]
    public void Html_DocumentText_IsEscaped()
    {
        const string markup = "<b>harbour</b> & \"quay\"";
        string a = SpinTexts.Harbour.Replace("the stone wall", "the stone wall " + markup, StringComparison.Ordinal);
        string html = Html("a.txt", a, "b.txt", TestTexts.ReplaceWords(a, 30));
        Assert.That((html.Contains(WebUtility.HtmlEncode(markup), StringComparison.Ordinal), html.Contains("<b>", StringComparison.Ordinal)), Is.EqualTo((true, false)));
    }

    [Test]
    public void Html_FileNames_AreEscaped()
    {
        string html = Html("a&b<i>.txt", SpinTexts.Harbour, "b.txt", ReportPairs.Spun);
        Assert.That((html.Contains("a&amp;b&lt;i&gt;.txt", StringComparison.Ordinal), html.Contains("<i>", StringComparison.Ordinal)), Is.EqualTo((true, false)));
    }

    [Test]
    public void Html_ForbidsEverythingButItsInlineStyle() =>
        Assert.That(File.ReadAllText(_pairs.SpunReport()), Does.Contain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"));

    [Test]
    public void Html_NothingMarked_HasNoLegend()
    {
        // The harbour text inside the orchard one, word for word: aligned, nothing replaced.
        string html = File.ReadAllText(_pairs.ContainedReport());
        Assert.That((Rows(html).Length > 0, Legend(html)), Is.EqualTo((true, (string?)null)));
    }

    [Test]
    public void Html_ReplacedWordsOnly_LegendNamesOnlyTheReplacements() =>
        Assert.That(
            Legend(Html("harbour.txt", SpinTexts.Harbour, "changed.txt", TestTexts.ReplaceWords(SpinTexts.Harbour, 30, 120, 200))),
            Is.EqualTo("<span class=\"rep-a\">replaced in A</span><span class=\"rep-b\">replacement in B</span>"));

    [Test]
    public void Html_NotACopy_SaysNoPassageAlignsAndHasNoLegend()
    {
        string html = Html("harbour.txt", SpinTexts.Harbour, "orchard.txt", SpinTexts.Orchard);
        Assert.That(
            (html.Contains("<h1>not a copy</h1>", StringComparison.Ordinal), html.Contains("No passage of the two texts aligns.", StringComparison.Ordinal), Legend(html)),
            Is.EqualTo((true, true, (string?)null)));
    }
}
