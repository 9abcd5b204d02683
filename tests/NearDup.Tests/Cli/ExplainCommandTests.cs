using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using NearDup.Cli;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><c>neardup scan</c> on a spun pair and <c>neardup explain</c>, each in a fresh temp folder.</summary>
public class ExplainCommandTests
{
    private static readonly SpinOptions Options = new() { Rate = 0.3, Seed = 21 };
    private string _dir = string.Empty;
    private SpinResult _spun = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "neardup-explain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _spun = Spinner.Default.Spin(SpinTexts.Harbour, Options);
        Write("original.txt", SpinTexts.Harbour);
        Write("spun.txt", _spun.Text);
        Write("other.txt", SpinTexts.Orchard);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private void Write(string name, string text) => File.WriteAllText(PathOf(name), text, new UTF8Encoding(false));

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private (string From, string To)[] Isolated() => _spun.Isolated().Select(a => (a.From, a.To)).Distinct().ToArray();

    private JsonElement ScanLine()
    {
        string[] lines = Run("scan", _dir, "--format", "jsonl", "--quiet").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), string.Join("\n", lines));
        using JsonDocument json = JsonDocument.Parse(lines[0]);
        return json.RootElement.Clone();
    }

    /// <summary>Twelve short notes in a subfolder, each ending with one club footer.</summary>
    private string WriteListWithFooter()
    {
        const string footer = "You are receiving this note because you are on the harbour rowing list. To leave it, reply with the word leave, or change your settings on the list's page. Notes are kept in a public archive.";
        string list = PathOf("list");
        Directory.CreateDirectory(list);
        string[] sentences = SpinTexts.Orchard.Split(". ").Concat(SpinTexts.FloodReport.Split(". ")).Concat(TestTexts.Lighthouse.Split(". ")).ToArray();
        for (int i = 0; i < 12; i++)
        {
            File.WriteAllText(Path.Combine(list, $"note{i:00}.txt"), string.Join(". ", sentences.Skip(2 * i).Take(2)) + ".\n\n" + footer, new UTF8Encoding(false));
        }

        // The list's page that shows the footer on its own: wholly inside every note, and not a trailer of it.
        File.WriteAllText(Path.Combine(list, "footer.txt"), footer, new UTF8Encoding(false));

        return list;
    }

    /// <summary>A long text (200 numbered sections of made-up words, seeded, about 90 KB: text that repeats itself
    /// gives the aligner few seeds) and a copy with one word changed in every tenth section; with
    /// <paramref name="otherEveryOther"/>, B's odd sections are other words, so that the two align in many passages.</summary>
    private (string A, string B) WriteLongPair(bool otherEveryOther = false)
    {
        string[] made = TestTexts.MadeUpWords();
        string[] function = ["the", "of", "and", "in", "to", "with", "a"];
        var random = new Random(42);
        string Section(int i) => $"Section {i} of the long record.\n\n" + string.Join(' ', Enumerable.Range(0, 70).Select(k =>
            k % 3 == 0 ? function[random.Next(function.Length)] : made[random.Next(made.Length)] + made[random.Next(made.Length)])) + ".\n\n";
        var a = new StringBuilder();
        var b = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            string section = Section(i);
            a.Append(section);
            b.Append(otherEveryOther && i % 2 == 1 ? Section(i) : i % 10 == 5 ? section.Replace(" the ", " a ", StringComparison.Ordinal) : section);
        }

        Write("longA.txt", a.ToString());
        Write("longB.txt", b.ToString());
        return (PathOf("longA.txt"), PathOf("longB.txt"));
    }

    /// <summary>The numbers of "… and N more words of A in this passage" in an output, in any culture's digit grouping.</summary>
    private static int[] WordsLeft(string output) =>
        [.. System.Text.RegularExpressions.Regex.Matches(output, @"… and (\d[\d,.\u00a0\u202f ]*) more words of A in this passage")
            .Select(m => int.Parse(new string(m.Groups[1].Value.Where(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture))];

    [Test]
    public void Explain_TwoLongCopies_ShowsTheHeadOfTheirPassageAndSaysHowMuchIsLeft()
    {
        var (a, b) = WriteLongPair();
        var (exit, output, _) = Run("explain", a, b, "--color", "never", "--width", "120");

        // A holds 200 sections of 70 words and a title each, about 15,000 words; the budget shows under a thousand, and the
        // count is written in both cells of the cut row.
        int[] left = WordsLeft(output);
        Assert.That(
            (exit, output.Contains("Section 3 of", StringComparison.Ordinal), output.Contains("Section 199", StringComparison.Ordinal), left.Length, left.All(n => n is > 13_000 and < 15_000), output.Length < 4 * ExplainCommand.ShownCharacters),
            Is.EqualTo((0, true, false, 2, true, true)),
            output.Length > 3000 ? output[^3000..] : output);
    }

    [Test]
    public void Explain_TwoCopiesHoldingAWordLongerThanTheBudget_CutInsideTheWord()
    {
        // One word of 40,001 letters (an unwrapped blob) after a short line, before two paragraphs, in both files.
        string blob = "Q" + new string('x', 40_000);
        Write("blobA.txt", "Attachment token follows. " + blob + "\n\n" + SpinTexts.Harbour + "\n\n" + SpinTexts.Orchard);
        Write("blobB.txt", "Attachment token follows. " + blob + "\n\n" + SpinTexts.Harbour + "\n\n" + SpinTexts.Orchard.Replace(" the ", " a ", StringComparison.Ordinal));
        var (exit, output, _) = Run("explain", PathOf("blobA.txt"), PathOf("blobB.txt"), "--color", "never", "--width", "300"); // wide enough for the note on one line
        Assert.That(
            (exit, output.Contains("cut inside a word longer than the output shows", StringComparison.Ordinal), output.Length < 8 * ExplainCommand.ShownCharacters),
            Is.EqualTo((0, true, true)),
            output.Length > 3000 ? output[^3000..] : output);
    }

    [Test]
    public void Explain_ALongRewriteMatchedBySentences_CutsItsRunOfSentencesToo()
    {
        Write("reportA.txt", string.Join("\n\n", Enumerable.Repeat(SpinTexts.FloodReport, 8)));
        Write("reportB.txt", string.Join("\n\n", Enumerable.Repeat(SpinTexts.FloodReportRestructured, 8)));
        var (exit, output, _) = Run("explain", PathOf("reportA.txt"), PathOf("reportB.txt"), "--color", "never", "--width", "120");
        Assert.That((exit, output.Contains("Verdict: spun", StringComparison.Ordinal), WordsLeft(output).Length, output.Length < 4 * ExplainCommand.ShownCharacters), Is.EqualTo((0, true, 2, true)), output[..Math.Min(3000, output.Length)]);
    }

    [Test]
    public void Explain_TwoLongCopiesWithFull_ShowsTheirPassagesWhole()
    {
        var (a, b) = WriteLongPair();
        var (exit, output, _) = Run("explain", a, b, "--color", "never", "--width", "120", "--full");
        Assert.That((exit, output.Contains("Section 199", StringComparison.Ordinal), output.Contains("not shown", StringComparison.Ordinal)), Is.EqualTo((0, true, false)));
    }

    [Test]
    public void Explain_TwoLongTextsSharingManyPassages_CountsThePassagesItLeavesOut()
    {
        var (a, b) = WriteLongPair(otherEveryOther: true);
        var (exit, output, _) = Run("explain", a, b, "--color", "never", "--width", "120");
        // One passage at most is cut (its count in both cells), the ones after it counted.
        Assert.That(
            (exit, System.Text.RegularExpressions.Regex.IsMatch(output, @"… and \d[\d,.\u00a0\u202f ]* more passages \(\d[\d,.\u00a0\u202f ]* words of A\) not shown"), WordsLeft(output).Length <= 2, output.Contains("Section 198", StringComparison.Ordinal)),
            Is.EqualTo((0, true, true, false)),
            output.Length > 3000 ? output[^3000..] : output);
    }

    [Test]
    public void Explain_TheFooterAndANoteThatCarriesIt_IsContainedWithoutContext()
    {
        string list = WriteListWithFooter();
        var (exit, output, _) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--color", "never");
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(output, Does.Contain("Verdict: contained").And.Contain("Collection: none given (--context)"));
    }

    [Test]
    public void Explain_TheFooterAndANoteThatCarriesIt_IsNotACopyInTheContextOfTheList()
    {
        string list = WriteListWithFooter();
        var (exit, output, _) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--color", "never", "--context", list);
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(output, Does.Contain("Verdict: not a copy").And.Contain("Collection: the 13 documents under"));
    }

    [Test]
    public void Explain_ContextFolderHoldingAFileWithoutWords_PassesItOverAsAScanDoes()
    {
        Write("dots.txt", "... --- !!!");
        var (exit, output, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--context", _dir);
        Assert.That((exit, err, output.Contains("the 3 documents under", StringComparison.Ordinal)), Is.EqualTo((Program.Success, "", true)));
    }

    [Test]
    public void Explain_AFolderGivenForAFile_SaysItIsAFolder()
    {
        var (exit, _, err) = Run("explain", _dir, PathOf("original.txt"));
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, $"neardup explain: {_dir}: a folder, not a file")));
    }

    [Test]
    public void Explain_ContextIndexOfAnotherAnalysis_SaysItsCandidateSearchMayNotBeAScans()
    {
        string index = PathOf("old");
        Storage.GoldenFiles.CopyIndex(Storage.GoldenFiles.Indexes.Single(i => i.Name == "index-options4-snapshot2-wal2-payload4-image4"), index);
        var (exit, _, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--context", index);
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(err, Does.StartWith($"neardup explain: --context {index}: its documents were analysed by a NearDup build that recorded no analysis version").And.Contain("a query can miss copies that a scan of the same documents finds"));
    }

    [Test]
    public void Explain_ContextIndexThatIsDamaged_IsAFailureNamingTheFile()
    {
        string index = PathOf("damaged");
        Storage.GoldenFiles.CopyIndex(Storage.GoldenFiles.Indexes.Single(i => i.Name == "index-options4-snapshot2-wal2-payload4-image4"), index);
        DamagedFiles.FlipByte(Path.Combine(index, "snapshot.ndup"), 0, 0x01); // the magic
        var (exit, _, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--context", index);
        Assert.That((exit, err.Contains("snapshot.ndup", StringComparison.Ordinal)), Is.EqualTo((Program.Failure, true)), err);
    }

    [Test]
    public void Explain_ContextIndexAWriterHoldsOpen_ReadsItBesideTheWriter()
    {
        string list = WriteListWithFooter(), index = PathOf("idx");
        Assert.That((Run("index", "create", index).Exit, Run("index", "add", index, list).Exit), Is.EqualTo((Program.Success, Program.Success)));
        using NearDup.Detection.NearDupIndex writer = NearDup.Detection.NearDupIndex.Open(index);
        var (exit, output, err) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--color", "never", "--context", index);
        Assert.That((exit, err, output.Contains("Verdict: not a copy", StringComparison.Ordinal)), Is.EqualTo((Program.Success, "", true)));
    }

    [Test]
    public void Explain_ContextIndexOfTheList_CountsThePairAsItsOwnDocumentsAsTheFolderDoes()
    {
        // The index names each file by its path in the list folder; the pair are two of its documents, not other holders.
        string list = WriteListWithFooter(), index = PathOf("idx");
        Assert.That((Run("index", "create", index).Exit, Run("index", "add", index, list).Exit), Is.EqualTo((Program.Success, Program.Success)));
        var (_, output, _) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--format", "json", "--context", index);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("held_by_others").GetInt32()), Is.EqualTo(new[] { 11 }));
    }

    [Test]
    public void Explain_ContextIndexOfTheList_NamesThePairAmongItsDocuments()
    {
        string list = WriteListWithFooter(), index = PathOf("idx");
        Assert.That((Run("index", "create", index).Exit, Run("index", "add", index, list).Exit), Is.EqualTo((Program.Success, Program.Success)));
        var (_, output, _) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--color", "never", "--width", "200", "--context", index);
        Assert.That(output, Does.Contain("(13 documents, A as footer.txt and B as note01.txt among them)"));
    }

    [Test]
    public void Explain_TheFooterAndANoteThatCarriesIt_SaysElevenOtherDocumentsOfTheListHoldTheFooter()
    {
        // Thirteen documents hold the footer: the footer's page and the twelve notes; eleven besides the pair.
        string list = WriteListWithFooter();
        var (_, output, _) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--format", "json", "--context", list);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("held_by_others").GetInt32()), Is.EqualTo(new[] { 11 }));
    }

    [Test]
    public void Explain_TheFooterAndANoteThatCarriesIt_ShowsTheHoldersBesideThePassage()
    {
        string list = WriteListWithFooter();
        var (_, output, _) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--color", "never", "--width", "160", "--context", list);
        Assert.That(output, Does.Contain("held by").And.Contain("11 others"));
    }

    [Test]
    public void Explain_WithoutContext_GivesNoHolderCounts()
    {
        string list = WriteListWithFooter();
        var (_, output, _) = Run("explain", Path.Combine(list, "footer.txt"), Path.Combine(list, "note01.txt"), "--format", "json");
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement[] passages = [.. json.RootElement.GetProperty("passages").EnumerateArray()];
        Assert.That((passages.Length, passages.Any(p => p.TryGetProperty("held_by_others", out _))), Is.EqualTo((1, false)));
    }

    [Test]
    public void Explain_ARewriteOnlyTheWordPairsPropose_SaysSoInTheJson()
    {
        // The report with the words of every sentence said backwards: no 5-gram, skeleton or passage of it is left.
        Write("report.txt", SpinTexts.FloodReport);
        Write("backwards.txt", string.Join(" ", SpinTexts.FloodReport.Split(". ").Select(s => string.Join(" ", s.Split(' ').Reverse()) + ".")));
        using JsonDocument json = JsonDocument.Parse(Run("explain", PathOf("report.txt"), PathOf("backwards.txt"), "--format", "json").Out);
        JsonElement root = json.RootElement;
        Assert.That(
            (root.GetProperty("kind").GetString(), root.GetProperty("proposed").GetBoolean(), root.GetProperty("word_pairs_only").GetBoolean()),
            Is.EqualTo(("spun", true, true)));
    }

    [Test]
    public void Explain_ASpunCopyOtherSourcesPropose_HasNoWordPairsOnlyField()
    {
        using JsonDocument json = JsonDocument.Parse(Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--format", "json").Out);
        Assert.That(json.RootElement.TryGetProperty("word_pairs_only", out _), Is.False);
    }

    [Test]
    public void Explain_ContextThatDoesNotExist_ExitsTwoNamingIt()
    {
        var (exit, _, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--context", PathOf("missing"));
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, $"neardup explain: --context {PathOf("missing")}: no such folder or index.")));
    }

    [Test]
    public void Explain_FunctionWordsFileWithoutWords_ExitsTwoNamingIt()
    {
        Write("blank.words", "... ;; --\n");
        var (exit, output, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--function-words", PathOf("blank.words"));
        Assert.That((exit, output, err), Is.EqualTo((Program.UsageError, string.Empty, $"neardup explain: --function-words {PathOf("blank.words")}: holds no words{Environment.NewLine}")));
    }

    [Test]
    public void Scan_SpunCopy_OneJsonLineOfKindSpun()
    {
        JsonElement line = ScanLine();
        Assert.That(
            (line.GetProperty("a").GetString(), line.GetProperty("b").GetString(), line.GetProperty("kind").GetString()),
            Is.EqualTo(("original.txt", "spun.txt", "spun")));
    }

    [Test]
    public void Scan_SpunCopy_EvidenceSubstitutionsHoldAnAppliedPair()
    {
        var found = ScanLine().GetProperty("evidence").GetProperty("substitutions").EnumerateArray()
            .Select(s => (s.GetProperty("from").GetString()!, s.GetProperty("to").GetString()!))
            .ToHashSet();
        Assert.That(Isolated().Where(found.Contains), Is.Not.Empty, string.Join(", ", found));
    }

    [Test]
    public void Scan_SpunCopy_EvidenceSubstitutionsHaveCountsMostFrequentFirst()
    {
        var counts = ScanLine().GetProperty("evidence").GetProperty("substitutions").EnumerateArray()
            .Select(s => s.GetProperty("count").GetInt32()).ToArray();
        Assert.That(counts, Is.Not.Empty.And.Ordered.Descending.And.All.GreaterThan(0));
    }

    [Test]
    public void Scan_SpunCopy_EvidencePassageRangesLieWithinTheFiles()
    {
        JsonElement evidence = ScanLine().GetProperty("evidence");
        int lengthA = SpinTexts.Harbour.Length, lengthB = _spun.Text.Length;
        var passages = evidence.GetProperty("passages").EnumerateArray().ToArray();
        Assert.That(passages, Is.Not.Empty);
        foreach (JsonElement p in passages)
        {
            int[] a = p.GetProperty("a").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            int[] b = p.GetProperty("b").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(a[0], Is.InRange(0, a[1] - 1));
                Assert.That(a[1], Is.LessThanOrEqualTo(lengthA));
                Assert.That(b[0], Is.InRange(0, b[1] - 1));
                Assert.That(b[1], Is.LessThanOrEqualTo(lengthB));
            }
        }
    }

    [Test]
    public void Scan_SpunCopy_EvidenceHasAlignmentFigures()
    {
        JsonElement al = ScanLine().GetProperty("evidence").GetProperty("alignment");
        Assert.That(
            (al.GetProperty("coverage_a").GetDouble() >= 0.8, al.GetProperty("substitution_rate").GetDouble() > 0.03, al.GetProperty("spelling_edits").GetInt32()),
            Is.EqualTo((true, true, 0)));
    }

    [Test]
    public void Explain_SpunCopy_ExitsZeroAndSaysSpun()
    {
        var (exit, output, _) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--width", "120");
        Assert.That((exit, output.Split('\n').Any(l => l.StartsWith("Verdict: spun", StringComparison.Ordinal))), Is.EqualTo((Program.Success, true)), output);
    }

    [Test]
    public void Explain_SpunCopy_PrintsAnAppliedSubstitution()
    {
        string output = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--width", "120").Out;
        // The substitutions table puts "from" and "to" in neighbouring cells of one row.
        Assert.That(Isolated().Where(p => output.Split('\n').Any(l => l.Contains($" {p.From} ") && l.Contains($" {p.To} "))), Is.Not.Empty, output);
    }

    [Test]
    public void Explain_ColorNever_WritesNoEscapeSequences() =>
        // Ordinal on purpose: culture-aware IndexOf ignores control characters and would find ESC in any string.
        Assert.That(Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--width", "120").Out.Contains('\u001b'), Is.False);

    [Test]
    public void Explain_WithoutColours_MarksEachReplacedWordInTheTextOfBothSides()
    {
        string output = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--width", "200").Out;
        // Some applied substitution appears as [-from-] on A's side and {+to+} on B's, on one row of the passage table.
        Assert.That(
            (Isolated().Any(p => output.Split('\n').Any(l => l.Contains($"[-{p.From}-]", StringComparison.Ordinal) && l.Contains($"{{+{p.To}+}}", StringComparison.Ordinal))), output.Contains("Marks: [-A's word-] replaced by {+B's word+}", StringComparison.Ordinal)),
            Is.EqualTo((true, true)),
            output);
    }

    [Test]
    public void Explain_WithColours_MarksReplacedWordsByColourAlone() =>
        Assert.That(Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "always", "--width", "200").Out, Does.Not.Contain("Marks: [-"));

    [Test]
    public void Explain_Width120_NoLineLongerThan120() =>
        Assert.That(
            Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--width", "120").Out.Split('\n').Max(l => l.TrimEnd('\r').Length),
            Is.LessThanOrEqualTo(120));

    [Test]
    public void Explain_UnrelatedFiles_SaysNotACopy()
    {
        var (exit, output, _) = Run("explain", PathOf("original.txt"), PathOf("other.txt"), "--color", "never", "--width", "120");
        Assert.That((exit, output.Contains("Verdict: not a copy", StringComparison.Ordinal)), Is.EqualTo((Program.Success, true)), output);
    }

    private string Html()
    {
        string target = PathOf("report.html");
        var (exit, _, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--color", "never", "--html", target);
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        return File.ReadAllText(target);
    }

    [Test]
    public void ExplainHtml_StartsWithDoctype() => Assert.That(Html(), Does.StartWith("<!DOCTYPE html>"));

    [Test]
    public void ExplainHtml_SelfContained_NoScriptsNoLinks() =>
        // Not "http" alone: the page's Content-Security-Policy is a meta http-equiv.
        Assert.That(Html(), Does.Not.Contain("<script").IgnoreCase.And.Not.Contain("://").And.Not.Contain("<link").IgnoreCase.And.Not.Contain(" src=").IgnoreCase.And.Not.Contain(" href=").IgnoreCase);

    [Test]
    public void ExplainHtml_ShowsTheVerdict() => Assert.That(Html(), Does.Contain("<h1>spun (score "));

    [Test]
    public void ExplainHtml_ContainsTheSubstitutedWordsEscaped()
    {
        // "home" → "one's abode" puts an apostrophe in B, which must come out as an entity.
        Write("spun.txt", System.Text.RegularExpressions.Regex.Replace(_spun.Text, @"\bhome\.", "one's abode."));
        Assume.That(File.ReadAllText(PathOf("spun.txt")), Does.Contain("one's abode"));
        string html = Html();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain(WebUtility.HtmlEncode("one's abode")));
            Assert.That(html, Does.Not.Contain("one's abode"));
            Assert.That(Isolated().Where(p => html.Contains(WebUtility.HtmlEncode(p.From)) && html.Contains(WebUtility.HtmlEncode(p.To))), Is.Not.Empty);
        }
    }

    [Test]
    public void Explain_MissingFile_ExitsTwoNamingThePath()
    {
        string missing = PathOf("no-such-file.txt");
        var (exit, _, err) = Run("explain", PathOf("original.txt"), missing);
        Assert.That((exit, err.Contains(missing, StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, true)), err);
    }

    [Test]
    public void Explain_InvalidUtf8_ExitsOneNamingThePath()
    {
        File.WriteAllBytes(PathOf("bad.txt"), [.. Encoding.UTF8.GetBytes("some words then "), 0xC3, 0x28]);
        var (exit, _, err) = Run("explain", PathOf("bad.txt"), PathOf("spun.txt"));
        Assert.That((exit, err.Contains(PathOf("bad.txt"), StringComparison.Ordinal), err.Contains("not valid UTF-8", StringComparison.Ordinal)), Is.EqualTo((Program.Failure, true, true)), err);
    }

    [Test]
    public void Explain_AFileWithoutWords_ExitsOneSayingSo()
    {
        Write("dots.txt", "... --- !!! ???");
        var (exit, output, err) = Run("explain", PathOf("dots.txt"), PathOf("dots.txt"));
        Assert.That((exit, output, err.Trim()), Is.EqualTo((Program.Failure, string.Empty, $"neardup explain: {PathOf("dots.txt")}: no words (only white space, punctuation or symbols)")));
    }

    [Test]
    public void Explain_HtmlIntoAMissingFolder_ExitsTwoNamingIt()
    {
        string report = Path.Combine(PathOf("missing"), "report.html");
        var (exit, _, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--html", report);
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, $"neardup explain: --html '{report}': its folder '{PathOf("missing")}' does not exist.")));
    }

    [Test]
    public void Explain_EmptyFile_ExitsOneWithTheSharedReason()
    {
        Write("empty.txt", string.Empty);
        var (exit, output, err) = Run("explain", PathOf("original.txt"), PathOf("empty.txt"));
        Assert.That((exit, output, err), Is.EqualTo((Program.Failure, string.Empty, $"neardup explain: {PathOf("empty.txt")}: empty file, or not a regular file (a pipe, a device or a socket){Environment.NewLine}")));
    }

    [Test]
    public void Explain_InvalidUtf8AfterBom_ReasonCountsTheOffsetFromAfterTheBom()
    {
        File.WriteAllBytes(PathOf("bad.txt"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("some words "), 0xC3, 0x28]);
        var (exit, _, err) = Run("explain", PathOf("bad.txt"), PathOf("spun.txt"));
        Assert.That((exit, err), Is.EqualTo((Program.Failure, $"neardup explain: {PathOf("bad.txt")}: not valid UTF-8 (invalid byte at offset 11){Environment.NewLine}")));
    }

    [Test]
    public void Explain_NegativeWidth_IsRefused()
    {
        var (exit, output, err) = Run("explain", PathOf("original.txt"), PathOf("spun.txt"), "--width", "-7");
        Assert.That((exit, output, err.Trim()), Is.EqualTo((Program.UsageError, string.Empty, "neardup explain: --width must be 0 (detect) or more; got -7.")));
    }

    [Test]
    public void Explain_ATextAndItsTranslationIntoARelatedLanguage_SaysTheyAreInDifferentLanguagesAndWhichWordsTellThem()
    {
        string original = InventedLanguage.Document(new Random(5), words: 400);
        Write("invented.txt", original);
        Write("translated.txt", InventedLanguage.Reworded(original, seed: 6, translated: true));
        Write("both.words", string.Join(' ', InventedLanguage.FunctionWordSpellings.Concat(InventedLanguage.SisterSpellings.Values)));
        string output = Run("explain", PathOf("invented.txt"), PathOf("translated.txt"), "--function-words", PathOf("both.words"), "--color", "never", "--width", "400").Out;
        Assert.That(
            (output.Contains("Verdict: not a copy", StringComparison.Ordinal), output.Contains("the two are in different languages (A uses ", StringComparison.Ordinal)),
            Is.EqualTo((true, true)),
            output);
    }
}
