using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NearDup.Tests.Support;
using NUnit.Framework;
using StbImageSharp;

namespace NearDup.Tests.Cli;

/// <summary>
/// The report of <c>neardup explain --html</c> loaded in headless Chromium, for a spun and a contained pair of
/// project-written texts: it loads without a console message (an error, or anything its Content-Security-Policy
/// blocks), the DOM holds the passages' text, and a 1400 × 2000 screenshot shows the passages on the first screen. A
/// page of its own whose policy blocks its style is the control that shows the console check sees such messages.
/// Ignored where <c>chromium</c> is not installed.
/// </summary>
[Category("Slow")]
public class HtmlReportBrowserTests
{
    /// <summary>The passage heading row's background (#e4ecf5 in the report's style).</summary>
    private static readonly (byte, byte, byte) HeadingColour = (0xe4, 0xec, 0xf5);

    /// <summary>The passage cells' background (#fffdf4).</summary>
    private static readonly (byte, byte, byte) CellColour = (0xff, 0xfd, 0xf4);

    /// <summary>How far down the first passage may start.</summary>
    private const int FirstScreen = 800;

    private ReportPairs _pairs = null!;

    [OneTimeSetUp]
    public void WriteReports()
    {
        HeadlessChromium.Require();
        _pairs = new ReportPairs(Path.Combine(Path.GetTempPath(), "neardup-browser-" + Guid.NewGuid().ToString("N")));
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (_pairs is not null && Directory.Exists(_pairs.Folder))
        {
            Directory.Delete(_pairs.Folder, recursive: true);
        }
    }

    private string Report(string pair) => pair == "spun" ? _pairs.SpunReport() : _pairs.ContainedReport();

    [TestCase("spun")]
    [TestCase("contained")]
    public void Report_LoadsWithoutAConsoleMessage(string pair)
    {
        var (messages, log) = HeadlessChromium.ConsoleMessages(Report(pair));
        Assert.That(messages, Is.Empty, log);
    }

    [Test]
    public void ConsoleMessages_OfAPageWhosePolicyBlocksItsStyle_HoldTheViolation()
    {
        // The positive control of Report_LoadsWithoutAConsoleMessage: the report's policy without its 'unsafe-inline'
        // allowance blocks the page's inline style, and Chromium logs that (no script needed). Were a new Chromium to
        // log console messages in another form, this fails rather than the report's test passing without looking.
        string page = _pairs.Write(
            "blocked-style.html",
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
            + "<style>p { color: red; }</style><title>blocked</title></head><body><p>blocked</p></body></html>\n");
        var (messages, log) = HeadlessChromium.ConsoleMessages(page);
        Assert.That(messages, Has.Some.Contains("Content Security Policy"), log);
    }

    [TestCase("spun", "Every morning the boats left before dawn")]
    [TestCase("contained", "Every morning the boats left before dawn")]
    public void Report_DomHoldsThePassageText(string pair, string sentence)
    {
        // The DOM Chromium built, cells' text with the marks' tags dropped: a sentence of the harbour text is in it.
        string dom = HeadlessChromium.DumpDom(Report(pair)).Dom;
        string cells = string.Concat(Regex.Matches(dom, "<td class=\"text\">(.*?)</td>", RegexOptions.Singleline).Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]*>", string.Empty)));
        Assert.That(cells, Does.Contain(pair == "spun" ? FirstWords(sentence) : sentence));

        // A spun copy replaces words: only the first two of the sentence are sure to stand in A and B alike.
        static string FirstWords(string s) => string.Join(' ', s.Split(' ').Take(2));
    }

    [TestCase("spun")]
    [TestCase("contained")]
    public void Screenshot_ShowsThePassagesOnTheFirstScreen(string pair)
    {
        ImageResult shot = HeadlessChromium.Screenshot(Report(pair), 1400, 2000);
        Assert.That((shot.Width, shot.Height), Is.EqualTo((1400, 2000)));

        // The first passage's heading row within the top 800 pixels (a laptop's first screen, before any scrolling:
        // not after dozens of substitutions), then text drawn (dark pixels) in both of its cells below it: A's left of
        // the middle, B's right of it.
        int heading = Enumerable.Range(0, shot.Height).FirstOrDefault(y => Run(shot, y, HeadingColour) >= 400, -1);
        Assert.That(heading, Is.InRange(0, FirstScreen), "no passage heading on the first screen");
        int cells = Enumerable.Range(heading, 200).FirstOrDefault(y => Run(shot, y, CellColour) >= 400, -1);
        Assert.That(cells, Is.GreaterThan(heading), "no passage cell under the heading");
        var (left, right) = DarkPixels(shot, cells, Math.Min(shot.Height, cells + 120));
        Assert.That(new[] { left, right }, Is.All.GreaterThanOrEqualTo(50), $"dark pixels left of the middle {left}, right of it {right}");
    }

    /// <summary>How many pixels of row <paramref name="y"/> have exactly <paramref name="colour"/>.</summary>
    private static int Run(ImageResult shot, int y, (byte, byte, byte) colour) =>
        Enumerable.Range(0, shot.Width).Count(x => Pixel(shot, x, y) == colour);

    /// <summary>How many dark pixels (text) the left half and the right half of the rows from <paramref name="top"/> to
    /// <paramref name="bottom"/> hold.</summary>
    private static (int Left, int Right) DarkPixels(ImageResult shot, int top, int bottom)
    {
        int left = 0, right = 0;
        for (int y = top; y < bottom; y++)
        {
            for (int x = 0; x < shot.Width; x++)
            {
                var (r, g, b) = Pixel(shot, x, y);
                if (r < 100 && g < 100 && b < 100)
                {
                    _ = x < shot.Width / 2 ? left++ : right++;
                }
            }
        }

        return (left, right);
    }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>) of a screenshot decoded to RGB.</summary>
    private static (byte R, byte G, byte B) Pixel(ImageResult shot, int x, int y)
    {
        int at = ((y * shot.Width) + x) * 3;
        return (shot.Data[at], shot.Data[at + 1], shot.Data[at + 2]);
    }
}
