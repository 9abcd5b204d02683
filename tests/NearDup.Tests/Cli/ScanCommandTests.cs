using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NearDup.Cli;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

public class ScanCommandTests
{
    private string _dir = string.Empty;

    /// <summary>The pairs the folder of <see cref="SetUp"/> holds, unordered, with their kind.</summary>
    private static readonly (string, string, string)[] ExpectedPairs =
    [
        ("copy.txt", "original.txt", "exact"),
        ("copy.txt", "near.txt", "near-duplicate"),
        ("near.txt", "original.txt", "near-duplicate"),
        ("copy.txt", "excerpt.txt", "contained"),
        ("excerpt.txt", "near.txt", "contained"),
        ("excerpt.txt", "original.txt", "contained"),
    ];

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "neardup-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        Write("original.txt", TestTexts.Lighthouse);
        Write("copy.txt", TestTexts.Lighthouse.ToUpperInvariant().Replace(" ", "  "));
        Write("near.txt", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260)); // edits outside the excerpt
        Write("excerpt.txt", TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3));
        Write("other.txt", TestTexts.Sourdough);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text, new UTF8Encoding(false));

    /// <summary>The members of each group <c>scan --groups</c> prints as JSON lines, in order.</summary>
    private static List<string[]> Groups(string jsonl) =>
        Lines(jsonl).Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray()).ToList();

    [Test]
    public void Scan_Groups_LinksTheExactAndNearCopiesIntoOneGroupAndLeavesTheExcerptOut()
    {
        var (exit, stdout, _) = Run("scan", _dir, "--groups", "--format", "jsonl", "-q");
        Assert.That((exit, Groups(stdout)), Is.EqualTo((0, new List<string[]> { new[] { "copy.txt", "near.txt", "original.txt" } })));
    }

    [Test]
    public void Scan_GroupsOverEveryKind_LinksTheExcerptToo()
    {
        var (exit, stdout, _) = Run("scan", _dir, "--groups", "--group-kinds", "all", "--format", "jsonl", "-q");
        Assert.That((exit, Groups(stdout)), Is.EqualTo((0, new List<string[]> { new[] { "copy.txt", "excerpt.txt", "near.txt", "original.txt" } })));
    }

    [Test]
    public void Scan_GroupsWithAPairCap_IsAUsageError()
    {
        var (exit, stdout, stderr) = Run("scan", _dir, "--groups", "--max-pairs-per-document", "2");
        Assert.That((exit, stdout, stderr.Trim()), Is.EqualTo((2, string.Empty, "neardup scan: --max-pairs-per-document caps pairs; with --groups no pair is printed. Give one or the other.")));
    }

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string, string, string) Unordered(string a, string b, string kind) =>
        string.CompareOrdinal(a, b) < 0 ? (a, b, kind) : (b, a, kind);

    private static List<(string, string, string)> ParsePairs(string jsonl)
    {
        var pairs = new List<(string, string, string)>();
        foreach (string line in Lines(jsonl))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            pairs.Add(Unordered(root.GetProperty("a").GetString()!, root.GetProperty("b").GetString()!, root.GetProperty("kind").GetString()!));
        }

        return pairs;
    }

    /// <summary>Lines of long keys (200 characters, from a seed) that agree in their first 150 characters across the two
    /// lists: unrelated files that, when a word hashed its first 128 characters and its length only, were exact copies.</summary>
    private static string LongKeys(int seed)
    {
        var random = new Random(7);
        var other = new Random(seed);
        var lines = new List<string>();
        for (int line = 0; line < 40; line++)
        {
            var key = new StringBuilder();
            for (int c = 0; c < 200; c++)
            {
                key.Append((char)('a' + (c < 150 ? random : other).Next(26)));
            }

            lines.Add(key.ToString());
        }

        return string.Join("\n", lines) + "\n";
    }

    [Test]
    public void Scan_ListsOfLongKeysSharingTheirFirstCharacters_AreNotCopiesAndTheRestOfTheRunIsFound()
    {
        Write("keys-a.txt", LongKeys(1));
        Write("keys-b.txt", LongKeys(2));
        Assert.That(ParsePairs(Run("scan", _dir, "--format", "jsonl", "--quiet").Out), Is.EquivalentTo(ExpectedPairs));
    }

    [Test]
    public void Scan_Exclude_LeavesTheMatchingFilesOut()
    {
        Assert.That(
            ParsePairs(Run("scan", _dir, "--format", "jsonl", "--exclude", "near.txt", "copy.*").Out),
            Is.EquivalentTo(ExpectedPairs.Where(p => p.Item1 is not ("near.txt" or "copy.txt") && p.Item2 is not ("near.txt" or "copy.txt"))));
    }

    [Test]
    public void Scan_ExcludeLeavingTheFolder_IsAUsageError()
    {
        var (exit, _, err) = Run("scan", _dir, "--exclude", "../*.txt");
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, "neardup scan: --exclude ../*.txt: patterns are matched under the folder, so they cannot be absolute or contain '..'.")));
    }

    [Test]
    public void Scan_MinWords_PassesOverShorterDocumentsNamingThemAndScansTheRest()
    {
        int excerptWords = TestTexts.Words(TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3)).Length;
        var (exit, output, err) = Run("scan", _dir, "--format", "jsonl", "--min-words", (excerptWords + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(
            (exit, err.Contains($"skipped excerpt.txt: {excerptWords} words, fewer than --min-words {excerptWords + 1}", StringComparison.Ordinal), ParsePairs(output)),
            Is.EqualTo((Program.Success, true, ExpectedPairs.Where(p => p.Item1 != "excerpt.txt" && p.Item2 != "excerpt.txt").ToList())),
            err);
    }

    [Test]
    public void Scan_MaxPairsPerDocument_PrintsTheStrongestPairsWhileNeitherDocumentHasItsShareAndSaysHowManyWereLeftOut()
    {
        var (exit, output, err) = Run("scan", _dir, "--format", "jsonl", "--max-pairs-per-document", "1");
        Assert.That(
            (exit, ParsePairs(output), err.Contains("6 pairs flagged", StringComparison.Ordinal), err.Contains("4 not printed (--max-pairs-per-document 1)", StringComparison.Ordinal)),
            Is.EqualTo((Program.Success, new List<(string, string, string)> { ("copy.txt", "original.txt", "exact"), ("excerpt.txt", "near.txt", "contained") }, true, true)),
            err);
    }

    [Test]
    public void Scan_NegativeMaxPairsPerDocument_IsAUsageError() =>
        Assert.That(Run("scan", _dir, "--max-pairs-per-document", "-1").Exit, Is.EqualTo(Program.UsageError));

    [Test]
    public void Scan_MinWordsBelowOne_IsAUsageError() =>
        Assert.That(Run("scan", _dir, "--min-words", "0").Exit, Is.EqualTo(Program.UsageError));

    [TestCase("-1")]
    [TestCase("5000")]
    public void Scan_ThreadsOutOfRange_IsAUsageErrorNamingTheOption(string threads)
    {
        var (exit, _, err) = Run("scan", _dir, "--threads", threads);
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, $"neardup scan: --threads must be 0 (one per core) to 1024; got {threads}.")));
    }

    [Test]
    public void Scan_Jsonl_ExitsZero() =>
        Assert.That(Run("scan", _dir, "--format", "jsonl").Exit, Is.EqualTo(Program.Success));

    [Test]
    public void Scan_Jsonl_EveryLineIsJsonWithPairKindAndScore()
    {
        string[] lines = Lines(Run("scan", _dir, "--format", "jsonl", "--quiet").Out);
        Assert.That(lines, Is.Not.Empty);
        foreach (string line in lines)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(root.GetProperty("a").ValueKind, Is.EqualTo(JsonValueKind.String), line);
                Assert.That(root.GetProperty("b").ValueKind, Is.EqualTo(JsonValueKind.String), line);
                Assert.That(root.GetProperty("kind").GetString(), Is.AnyOf("exact", "near-duplicate", "contained", "spun"), line);
                Assert.That(root.GetProperty("score").GetDouble(), Is.InRange(0.0, 1.0), line);
            }
        }
    }

    [Test]
    public void Scan_Jsonl_RoundTripsToTheExpectedPairs() =>
        Assert.That(ParsePairs(Run("scan", _dir, "--format", "jsonl").Out), Is.EquivalentTo(ExpectedPairs));

    [Test]
    public void Scan_FunctionWordsFile_FindsTheExpectedPairs()
    {
        string list = Path.Combine(Path.GetTempPath(), "neardup-fw-" + Guid.NewGuid().ToString("N") + ".words");
        File.WriteAllText(list, "the a an of to in and or but with from by for on at");
        try
        {
            var (exit, output, err) = Run("scan", _dir, "--format", "jsonl", "--function-words", list);
            Assert.That(exit, Is.EqualTo(Program.Success), err);
            Assert.That(ParsePairs(output), Is.EquivalentTo(ExpectedPairs));
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Test]
    public void Scan_FunctionWordsFileMissing_ExitsTwoNamingIt()
    {
        string list = Path.Combine(_dir, "no-such-list.words");
        var (exit, output, err) = Run("scan", _dir, "--function-words", list);
        Assert.That((exit, output, err.StartsWith($"neardup scan: --function-words {list}: unreadable:", StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, string.Empty, true)), err);
    }

    [Test]
    public void Scan_Jsonl_ContainedPairNamesTheExcerptAsInside()
    {
        string line = Lines(Run("scan", _dir, "--format", "jsonl").Out)
            .Single(l => l.Contains("\"excerpt.txt\"", StringComparison.Ordinal) && l.Contains("\"original.txt\"", StringComparison.Ordinal));
        using JsonDocument json = JsonDocument.Parse(line);
        bool excerptIsA = json.RootElement.GetProperty("a").GetString() == "excerpt.txt";
        Assert.That(json.RootElement.GetProperty("inside").GetString(), Is.EqualTo(excerptIsA ? "a_in_b" : "b_in_a"));
    }

    [Test]
    public void Scan_Text_PrintsHeaderAndOneRowPerPair()
    {
        string[] lines = Lines(Run("scan", _dir, "--format", "text", "--quiet").Out);
        string[] rows = lines.Skip(1).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Does.StartWith("KIND"));
            Assert.That(
                rows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(f => Unordered(f[2], f[3], f[0])),
                Is.EquivalentTo(ExpectedPairs));
        }
    }

    [Test]
    public void Scan_DefaultFormat_IsText() =>
        Assert.That(Run("scan", _dir, "--quiet").Out, Is.EqualTo(Run("scan", _dir, "--format", "text", "--quiet").Out));

    [Test]
    public void Scan_NoCopies_SaysSo()
    {
        foreach (string name in new[] { "copy.txt", "near.txt", "excerpt.txt" })
        {
            File.Delete(Path.Combine(_dir, name));
        }

        Assert.That(Run("scan", _dir, "--quiet").Out.Trim(), Is.EqualTo("No copies found."));
    }

    [Test]
    public void Scan_InvalidUtf8File_ReportedWithPathAndReason()
    {
        File.WriteAllBytes(Path.Combine(_dir, "bad.txt"), [.. Encoding.UTF8.GetBytes("good words then "), 0xFF, 0xFE, 0x41]);
        string err = Run("scan", _dir, "--format", "jsonl").Err;
        Assert.That(
            Lines(err).Where(l => l.Contains("bad.txt", StringComparison.Ordinal)),
            Has.One.Contains(Path.Combine(_dir, "bad.txt")).And.Contain("not valid UTF-8"));
    }

    [Test]
    public void Scan_EmptyFile_ReportedWithPathAndReason()
    {
        File.WriteAllBytes(Path.Combine(_dir, "empty.txt"), []);
        string err = Run("scan", _dir, "--format", "jsonl").Err;
        Assert.That(
            Lines(err).Where(l => l.Contains("empty.txt", StringComparison.Ordinal)),
            Has.One.Contains(Path.Combine(_dir, "empty.txt")).And.Contain("empty file"));
    }

    [Test]
    public void Scan_GlobClimbingOutOfTheFolder_IsAOneLineUsageError()
    {
        var (exit, output, err) = Run("scan", _dir, "--glob", "../*.txt");
        Assert.That((exit, output, err), Is.EqualTo((Program.UsageError, string.Empty, $"neardup scan: --glob ../*.txt: patterns are matched under the folder, so they cannot be absolute or contain '..'.{Environment.NewLine}")));
    }

    [Test]
    public void Scan_GlobWithDoubleStar_FindsThePairsOfNestedFiles()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "nested"));
        foreach (string f in Directory.GetFiles(_dir, "*.txt"))
        {
            File.Move(f, Path.Combine(_dir, "nested", Path.GetFileName(f)));
        }

        var (exit, output, _) = Run("scan", _dir, "--format", "jsonl", "--glob", "**/*.txt");
        Assert.That((exit, ParsePairs(output).Count), Is.EqualTo((Program.Success, ExpectedPairs.Length)));
    }

    [Test]
    public void Scan_FileOverMaxFileSize_IsSkippedWithItsSizeAndTheRestScanned()
    {
        File.WriteAllText(Path.Combine(_dir, "huge.txt"), string.Join(' ', Enumerable.Repeat("word", 300_000)), new UTF8Encoding(false));
        var (exit, output, err) = Run("scan", _dir, "--format", "jsonl", "--max-file-size", "1");
        Assert.That((exit, ParsePairs(output).Count), Is.EqualTo((Program.Success, ExpectedPairs.Length)));
        Assert.That(Lines(err), Has.One.EqualTo($"neardup scan: skipped {Path.Combine(_dir, "huge.txt")}: 1,499,999 bytes, over the limit of 1,048,576 bytes (--max-file-size)"));
    }

    [Test]
    public void Scan_MaxFileSizeOfZero_IsAOneLineUsageError() =>
        Assert.That(Run("scan", _dir, "--max-file-size", "0").Err, Is.EqualTo($"neardup scan: --max-file-size must be between 1 and 1048576 (MiB).{Environment.NewLine}"));

    [Test]
    public void Scan_FileNameWithAnEscapeSequence_IsPrintedEscapedInTheTextTable()
    {
        File.Copy(Path.Combine(_dir, Directory.GetFiles(_dir, "*.txt").Select(Path.GetFileName).First()!), Path.Combine(_dir, "x\u001b[31mred.txt"));
        string output = Run("scan", _dir, "--quiet").Out;
        Assert.That((output.Contains('\u001b'), output.Contains("x\\u001B[31mred.txt", StringComparison.Ordinal)), Is.EqualTo((false, true)));
    }

    [Test]
    public void Scan_BadFiles_SkippedAndOtherPairsStillFound()
    {
        File.WriteAllBytes(Path.Combine(_dir, "bad.txt"), [0x61, 0x62, 0xC0, 0x80]);
        File.WriteAllBytes(Path.Combine(_dir, "empty.txt"), []);
        var (exit, output, _) = Run("scan", _dir, "--format", "jsonl");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(Program.Success));
            Assert.That(ParsePairs(output), Is.EquivalentTo(ExpectedPairs));
        }
    }

    [Test]
    public void Scan_BadFiles_SummaryCountsThemSkipped()
    {
        File.WriteAllBytes(Path.Combine(_dir, "bad.txt"), [0xFF]);
        File.WriteAllBytes(Path.Combine(_dir, "empty.txt"), []);
        Assert.That(Run("scan", _dir).Err, Does.Contain("5 documents scanned, 2 skipped"));
    }

    [Test]
    public void Scan_FileWithoutWords_ReportedWithReason()
    {
        Write("dots.txt", "... --- !!! $$$");
        Assert.That(Run("scan", _dir, "--quiet").Err, Does.Contain("dots.txt").And.Contain("no words"));
    }

    [Test]
    public void Scan_Jsonl_OddFileNameRoundTrips()
    {
        // A quote, a non-ASCII letter and spaces: the JSON writer must escape the quote and keep the rest.
        const string odd = "we\"ird naïve name.txt";
        File.Move(Path.Combine(_dir, "copy.txt"), Path.Combine(_dir, odd));
        Assert.That(ParsePairs(Run("scan", _dir, "--format", "jsonl").Out), Does.Contain(Unordered(odd, "original.txt", "exact")));
    }

    [Test]
    public void Scan_Subfolder_IdIsRelativePathWithSlash()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.Move(Path.Combine(_dir, "copy.txt"), Path.Combine(_dir, "sub", "copy.txt"));
        Assert.That(ParsePairs(Run("scan", _dir, "--format", "jsonl").Out), Does.Contain(Unordered("original.txt", "sub/copy.txt", "exact")));
    }

    [Test]
    public void Scan_GlobNotMatchingTxt_SkipsTheTextFiles()
    {
        Write("copy.md", TestTexts.Lighthouse);
        Write("original.md", TestTexts.Lighthouse);
        Assert.That(ParsePairs(Run("scan", _dir, "--format", "jsonl", "--glob", "*.md").Out), Is.EqualTo(new[] { ("copy.md", "original.md", "exact") }));
    }

    [Test]
    public void Scan_MissingFolder_ExitsTwo()
    {
        var (exit, _, err) = Run("scan", Path.Combine(_dir, "no-such-folder"));
        Assert.That((exit, err.Contains("does not exist", StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, true)));
    }

    [Test]
    public void Scan_BadFormat_ExitsTwo() =>
        Assert.That(Run("scan", _dir, "--format", "xml").Exit, Is.EqualTo(Program.UsageError));

    [Test]
    public void Scan_BadFormat_WritesNothingToOutput() =>
        Assert.That(Run("scan", _dir, "--format", "xml").Out, Is.Empty);

    [Test]
    public void Scan_HashCountOutOfRange_ExitsTwo() =>
        Assert.That(Run("scan", _dir, "--hashes", "0").Exit, Is.EqualTo(Program.UsageError));

    [Test]
    public void Scan_HashCountOutOfRange_ErrorNamesTheVerbAndTheOption() =>
        Assert.That(Run("scan", _dir, "--hashes", "0").Err, Does.StartWith("neardup scan: --hashes must be between 1 and 4096; got 0."));

    [Test]
    public void Scan_HashCountAndCoverageBothOutOfRange_NamesTheHashCountFirst() =>
        // The sketch parameters are built before the verification options, so their error is the one reported.
        Assert.That(Run("scan", _dir, "--hashes", "0", "--near-duplicate", "3").Err, Does.StartWith("neardup scan: --hashes"));

    [Test]
    public void Run_UnknownCommand_ExitsTwo() =>
        Assert.That(Run("frobnicate").Exit, Is.EqualTo(Program.UsageError));

    [Test]
    public void Scan_KPermutationFamily_FindsTheSamePairs() =>
        Assert.That(ParsePairs(Run("scan", _dir, "--format", "jsonl", "--minhash", "kperm").Out), Is.EquivalentTo(ExpectedPairs));

    [Test]
    public void Scan_TextFieldOnAFolder_IsRefusedAsUnused()
    {
        var (exit, _, err) = Run("scan", _dir, "--text-field", "body");
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, "neardup scan: --text-field names a field of a dataset, and no input is a dataset; leave it out.")));
    }

    [Test]
    public void Scan_GroupKindsWithoutGroups_IsRefused()
    {
        var (exit, _, err) = Run("scan", _dir, "--group-kinds", "spun");
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, "neardup scan: --group-kinds chooses what links a group; give --groups too.")));
    }
}
