using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NearDup.Cli;
using NearDup.Cli.Index;
using NearDup.Detection;
using NearDup.Storage.Codecs;
using NearDup.Storage;
using NearDup.Tests.Support;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>
/// <c>neardup index …</c> through <see cref="Program.Run"/>: an index directory, a folder of originals (one in a
/// subfolder, so ids carry a '/') and a folder of copies to query, all under a fresh temporary directory per test.
/// </summary>
public class IndexCommandTests
{
    private string _root = string.Empty;

    private string IndexDir => Path.Combine(_root, "index");

    private string Originals => Path.Combine(_root, "originals");

    private string Copies => Path.Combine(_root, "copies");

    /// <summary>What querying <see cref="Copies"/> must find: (a = original id, b = query id, kind).</summary>
    private static readonly (string, string, string)[] ExpectedVerdicts =
    [
        ("lighthouse.txt", "copy.txt", "exact"),
        ("lighthouse.txt", "excerpt.txt", "contained"),
        ("lighthouse.txt", "near.txt", "near-duplicate"),
        ("sea/harbour.txt", "spun.txt", "spun"),
    ];

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-index-cli-" + Guid.NewGuid().ToString("N"));
        Write(Originals, "lighthouse.txt", TestTexts.Lighthouse);
        Write(Originals, "sourdough.txt", TestTexts.Sourdough);
        Write(Originals, "sea/harbour.txt", SpinTexts.Harbour);
        Write(Originals, "notes.md", TestTexts.BeesOne); // not *.txt: never added
        Write(Copies, "copy.txt", TestTexts.Lighthouse.ToUpperInvariant());
        Write(Copies, "near.txt", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260));
        Write(Copies, "excerpt.txt", TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3));
        Write(Copies, "spun.txt", Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 2 }).Text);
        Write(Copies, "unrelated.txt", TestTexts.BeesTwo);
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void Write(string folder, string name, string text)
    {
        string path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private void CreateAndAddOriginals()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals);
        Assert.That(exit, Is.EqualTo(Program.Success), err);
    }

    private static List<(string A, string B, string Kind)> ParseVerdicts(string jsonl) =>
        Lines(jsonl).Select(line =>
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            return (root.GetProperty("a").GetString()!, root.GetProperty("b").GetString()!, root.GetProperty("kind").GetString()!);
        }).ToList();

    private static string JsonLine(string id, string text) => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = id, ["text"] = text });

    // ---- create / add -----------------------------------------------------------------------------------------------

    [Test]
    public void Create_NewDirectory_ExitsZeroAndMakesAnEmptyIndex()
    {
        var (exit, output, _) = Run("index", "create", IndexDir, "--hashes", "64");
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(output, Does.Contain("created index at"));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That((index.Count, index.Options.Analysis.MinHash.HashCount), Is.EqualTo((0, 64)));
    }

    [Test]
    public void Create_OnAnExistingIndex_ExitsOneWithAClearMessage()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "create", IndexDir);
        Assert.That(exit, Is.EqualTo(IndexCommand.Failure));
        Assert.That(err, Does.Contain("already holds a NearDup index").And.Contain(IndexDir));
    }

    [TestCase("--hashes", "0")]
    [TestCase("--shingle-size", "0")]
    [TestCase("--lsh-threshold", "1.5")]
    public void Create_InvalidOption_ExitsTwoAndCreatesNothing(string option, string value)
    {
        var (exit, _, err) = Run("index", "create", IndexDir, option, value);
        Assert.That(exit, Is.EqualTo(Program.UsageError), err);
        Assert.That(File.Exists(Path.Combine(IndexDir, "snapshot.ndup")), Is.False);
    }

    [Test]
    public void Create_HashesAndFunctionWordsBothBad_NamesTheFunctionWordsFileOnly()
    {
        // The function words file is read before any value is checked, as scan does.
        string list = Path.Combine(_root, "blank.words");
        File.WriteAllText(list, "... ;;\n");
        var (exit, _, err) = Run("index", "create", IndexDir, "--hashes", "0", "--function-words", list);
        Assert.That((exit, err), Is.EqualTo((Program.UsageError, $"neardup index create: --function-words {list}: holds no words{Environment.NewLine}")));
    }

    [Test]
    public void Add_Folder_AddsEveryTxtFileWithIdsRelativeToTheFolder()
    {
        CreateAndAddOriginals();
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        string[] ids = ["lighthouse.txt", "sourdough.txt", "sea/harbour.txt"];
        Assert.That((index.Count, ids.Count(index.Contains)), Is.EqualTo((3, 3)));
    }

    [Test]
    public void Add_UnlessCopy_KeepsOutTheExactAndNearCopiesAndAddsTheRest()
    {
        CreateAndAddOriginals();
        var (exit, _, err) = Run("index", "add", IndexDir, Copies, "--unless-copy");
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(Program.Success), err);
            Assert.That(err, Does.Contain("not added copy.txt: exact copy of lighthouse.txt").And.Contain("not added near.txt: near-duplicate copy of lighthouse.txt"));
            Assert.That(err, Does.Contain("3 added, 2 not added as copies, 0 skipped; 6 documents in the index."));
            Assert.That(new[] { "excerpt.txt", "spun.txt", "unrelated.txt" }.All(index.Contains), Is.True, "contained and spun copies count only when --kinds names them");
        });
    }

    [Test]
    public void Add_UnlessCopy_WithKinds_KeepsOutTheKindsNamed()
    {
        CreateAndAddOriginals();
        var (exit, _, err) = Run("index", "add", IndexDir, Copies, "--unless-copy", "--kinds", "all");
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(Program.Success), err);
            Assert.That(err, Does.Contain("not added excerpt.txt: contained copy of lighthouse.txt").And.Contain("not added spun.txt: spun copy of sea/harbour.txt"));
            Assert.That(err, Does.Contain("1 added, 4 not added as copies, 0 skipped"));
        });
    }

    [Test]
    public void Add_UnlessCopy_KeepsOutACopyOfAnEarlierDocumentOfTheSameRun()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        Write(Path.Combine(_root, "twice"), "a.txt", TestTexts.Sourdough);
        Write(Path.Combine(_root, "twice"), "b.txt", TestTexts.Sourdough);
        var (_, _, err) = Run("index", "add", IndexDir, Path.Combine(_root, "twice"), "--unless-copy");
        Assert.That(err, Does.Contain("not added b.txt: exact copy of a.txt").And.Contain("1 added, 1 not added as copies"));
    }

    [Test]
    public void Add_KindsWithoutUnlessCopy_IsAUsageError()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Copies, "--kinds", "exact");
        Assert.That((exit, err), Is.EqualTo((Program.UsageError, "neardup index add: --kinds chooses the copies --unless-copy keeps out; give --unless-copy too." + Environment.NewLine)));
    }

    [Test]
    public void Add_CompactAlways_LeavesTheDocumentsInTheSnapshotAndAnEmptyLog()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        long emptyLog;
        using (NearDupIndex created = NearDupIndex.Open(IndexDir))
        {
            emptyLog = created.Statistics().LogBytes;
        }

        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--compact", "always");
        string[] lines = Lines(err);
        Assert.That((exit, lines.Length, lines[0], lines[1]), Is.EqualTo((Program.Success, 3, "neardup index add: 3 added, 0 skipped; 3 documents in the index.", "neardup index add: compacting (--compact always).")));
        Assert.That(lines[2], Does.Match($@"^neardup index add: compacted: 3 documents, snapshot \d+ bytes, log {emptyLog} bytes\.$"));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That((index.Count, index.Statistics().LogBytes, index.Recovery.ReplayedBatches), Is.EqualTo((3, emptyLog, 0)));
    }

    [Test]
    public void Add_CompactAuto_LeavesALogSmallerThanTheMinimumAsItIs()
    {
        CreateAndAddOriginals();
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That((index.Count, index.Recovery.ReplayedBatches, index.Statistics().SnapshotBytes < index.Statistics().LogBytes), Is.EqualTo((3, 1, true)));
    }

    [Test]
    public void Add_CompactAuto_CompactsALogThatHasOutgrownTheSnapshotsDocuments()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--compact-min-log-bytes", "1");
        string[] lines = Lines(err);
        Assert.That((exit, lines.Length), Is.EqualTo((Program.Success, 3)), err);
        Assert.That(lines[1], Does.Match(@"^neardup index add: compacting: the log holds \d+\.\d MiB of documents and the snapshot 0\.0 MiB, so the next open would build the structures of every logged document; --compact never leaves it\.$"));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That((index.Count, index.Recovery.ReplayedBatches, index.LogOutgrewSnapshot(1)), Is.EqualTo((3, 0, false)));
    }

    [Test]
    public void Add_CompactNever_LeavesALogThatAutoWouldCompact()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--compact", "never", "--compact-min-log-bytes", "1");
        Assert.That((exit, Lines(err)), Is.EqualTo((Program.Success, new[] { "neardup index add: 3 added, 0 skipped; 3 documents in the index." })));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That((index.Recovery.ReplayedBatches, index.LogOutgrewSnapshot(1)), Is.EqualTo((1, true)));
    }

    [Test]
    public void Add_CompactMinimumBelowOneByte_IsAUsageErrorBeforeAnythingIsAdded()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--compact-min-log-bytes", "0");
        Assert.That((exit, err), Is.EqualTo((Program.UsageError, "neardup index add: --compact-min-log-bytes must be at least 1." + Environment.NewLine)));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That(index.Count, Is.EqualTo(0));
    }

    [Test]
    public void Add_CompactOtherThanAutoAlwaysOrNever_IsAUsageError()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--compact", "sometimes");
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, "neardup index add: Argument 'sometimes' not recognized. Must be one of: 'auto', 'always', 'never' (see 'neardup index add --help')")));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That(index.Count, Is.EqualTo(0), "nothing added");
    }

    [Test]
    public void Add_SameFolderTwice_SkipsTheIndexedIdsAndExitsZero()
    {
        CreateAndAddOriginals();
        var (exit, _, err) = Run("index", "add", IndexDir, Originals);
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(err, Does.Contain("skipped lighthouse.txt: id is already indexed").And.Contain("0 added, 3 skipped"));
    }

    [Test]
    [NonParallelizable] // replaces Console.In
    public void Add_Stdin_ReportsMalformedAndEmptyIdLinesByNumberAndAddsTheRest()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        string stdin = string.Join('\n',
            JsonLine("one", TestTexts.Lighthouse),
            "{\"id\": \"broken\", \"text\": ",
            JsonLine("two", TestTexts.Sourdough),
            JsonLine("", TestTexts.BeesOne),
            "",
            JsonLine("three", "Café 東京 🎉\r\nsecond line"));
        var (exit, _, err) = CliRun.RunWithStdin(stdin, "index", "add", IndexDir, "-");
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(err, Does.Contain("stdin line 2 is not JSON").And.Contain("stdin line 4 has an empty id").And.Contain("3 added, 2 skipped"));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That((index.Count, index.Contains("one"), index.Contains("two"), index.Contains("three")), Is.EqualTo((3, true, true, true)));
    }

    [Test]
    [NonParallelizable] // replaces Console.In
    public void Add_Stdin_LineWithALoneSurrogateEscape_IsReportedByNumberAndSkipped()
    {
        // Valid JSON, but "\ud800" is half a character: no UTF-16 string (and no UTF-8 payload) can hold it.
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        string stdin = JsonLine("one", TestTexts.Lighthouse) + "\n{\"id\": \"half\", \"text\": \"a \\ud800 b\"}\n" + JsonLine("two", TestTexts.Sourdough);
        var (exit, _, err) = CliRun.RunWithStdin(stdin, "index", "add", IndexDir, "-");
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(err, Does.Contain("stdin line 2").And.Contain("2 added, 1 skipped"));
    }

    [Test]
    public void Add_MissingIndex_ExitsOneNamingThePath()
    {
        var (exit, _, err) = Run("index", "add", IndexDir, Originals);
        Assert.That(exit, Is.EqualTo(IndexCommand.Failure));
        Assert.That(err, Does.Contain(IndexDir));
    }

    [TestCase("0")]
    [TestCase("-3")]
    public void Add_BatchBelowOne_ExitsTwo(string batch)
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--batch", batch);
        Assert.That((exit, err.Contains("--batch", StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, true)));
    }

    [Test]
    public void Add_SmallBatches_AddsEverything()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        Assert.That(Run("index", "add", IndexDir, Originals, "--batch", "1").Exit, Is.EqualTo(Program.Success));
        Assert.That(Run("index", "info", IndexDir).Out, Does.Contain("in 3 batches"));
    }

    [Test]
    public void Add_HugeBatchSize_AddsEverythingInOneBatch()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--batch", "2000000000");
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.Success, "neardup index add: 3 added, 0 skipped; 3 documents in the index.")));
    }

    [Test]
    public void Add_GlobClimbingOutOfTheFolder_ExitsWithOneLineNamingThePattern()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--glob", "../*.txt");
        Assert.That((exit == Program.Success, Lines(err)), Is.EqualTo((false, new[] { "neardup index add: --glob ../*.txt: patterns are matched under the folder, so they cannot be absolute or contain '..'." })));
    }

    // ---- query ------------------------------------------------------------------------------------------------------

    [Test]
    public void Query_FolderAsJsonl_EveryLineParsesWithTheExpectedKindAndTheQueryIdAsB()
    {
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "query", IndexDir, Copies, "--format", "jsonl");
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(ParseVerdicts(output).OrderBy(v => v.B, StringComparer.Ordinal), Is.EqualTo(ExpectedVerdicts));
    }

    [Test]
    public void Query_TextTable_HeadsTheIndexedColumnAsTheOriginal()
    {
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "query", IndexDir, Copies);
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(Lines(output)[0], Does.Match(@"^KIND +SCORE +ORIGINAL \(A\) +QUERY \(B\) +DETAILS$"));
    }

    [Test]
    [NonParallelizable] // replaces Console.In
    public void Query_Stdin_UsesTheLineIdsAsB()
    {
        CreateAndAddOriginals();
        string stdin = JsonLine("from-stdin", TestTexts.Lighthouse) + "\n" + JsonLine("bees", TestTexts.BeesTwo) + "\n";
        var (exit, output, _) = CliRun.RunWithStdin(stdin, "index", "query", IndexDir, "-", "--format", "jsonl");
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(ParseVerdicts(output), Is.EqualTo(new[] { ("lighthouse.txt", "from-stdin", "exact") }));
    }

    [Test]
    public void Query_AnIndexedFileItself_ReportsNoSelfPair()
    {
        CreateAndAddOriginals();
        var (exit, output, _) = Run("index", "query", IndexDir, Originals, "--format", "jsonl");
        Assert.That((exit, ParseVerdicts(output)), Is.EqualTo((Program.Success, new List<(string, string, string)>())));
    }

    [Test]
    public void Query_ACopyWithTheIndexedFilesNameFromAnotherFolder_IsReported()
    {
        // copies/lighthouse.txt is a near copy of originals/lighthouse.txt: the same id, but not the same document.
        CreateAndAddOriginals();
        string other = Path.Combine(_root, "newer");
        Write(other, "lighthouse.txt", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260));
        var (exit, output, _) = Run("index", "query", IndexDir, other, "--format", "jsonl");
        Assert.That((exit, ParseVerdicts(output)), Is.EqualTo((Program.Success, new List<(string, string, string)> { ("lighthouse.txt", "lighthouse.txt", "near-duplicate") })));
    }

    [Test]
    public void Query_AnIndexedFileByItsPath_ReportsNoSelfPair()
    {
        // The file was added with its folder (id lighthouse.txt); given alone, it is named by the path typed.
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "query", IndexDir, Path.Combine(Originals, "lighthouse.txt"), "--format", "jsonl");
        Assert.That((exit, ParseVerdicts(output)), Is.EqualTo((Program.Success, new List<(string, string, string)>())), err);
    }

    [Test]
    public void Query_AnIndexedFileByItsPath_GivesTheVerdictsOfItsFolderQuery()
    {
        // Originals and copies both indexed: near.txt, queried alone, is the indexed near.txt, so its text has the holders
        // a query of its folder (and a scan) counts, and the same verdicts, scores included.
        CreateAndAddOriginals();
        Assert.That(Run("index", "add", IndexDir, Copies).Exit, Is.EqualTo(Program.Success));
        var (_, folder, _) = Run("index", "query", IndexDir, Copies, "--format", "jsonl");
        var (exit, alone, err) = Run("index", "query", IndexDir, Path.Combine(Copies, "near.txt"), "--format", "jsonl");
        string[] expected = Lines(folder).Where(line => line.Contains("\"b\":\"near.txt\"", StringComparison.Ordinal)).ToArray();
        Assert.That(expected, Is.Not.Empty);
        Assert.That((exit, Lines(alone)), Is.EqualTo((Program.Success, expected)), err);
    }

    [Test]
    public void Query_AFileNotIndexedUnderAnyTailOfItsPath_KeepsThePathAsItsId()
    {
        CreateAndAddOriginals();
        string path = Path.Combine(Copies, "copy.txt");
        var (exit, output, _) = Run("index", "query", IndexDir, path, "--format", "jsonl");
        Assert.That((exit, ParseVerdicts(output)), Is.EqualTo((Program.Success, new List<(string, string, string)> { ("lighthouse.txt", path.Replace(Path.DirectorySeparatorChar, '/'), "exact") })));
    }

    [Test]
    public void Query_TwoFoldersWithTheSameFileName_SaysTheIdsCollide()
    {
        CreateAndAddOriginals();
        string first = Path.Combine(_root, "first"), second = Path.Combine(_root, "second");
        Write(first, "same.txt", TestTexts.BeesOne);
        Write(second, "same.txt", TestTexts.BeesTwo);
        var (exit, _, err) = Run("index", "query", IndexDir, first, second);
        Assert.That((exit, Lines(err)), Is.EqualTo((Program.Success, new[] { "neardup index query: two inputs have the id same.txt (files of two folders with the same relative path): their verdicts share it" })));
    }

    [Test]
    [NonParallelizable] // replaces Console.In
    public void Add_Stdin_DocumentsWithoutWords_AreSkippedByNameAndTheRestAdded()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        string stdin = string.Join('\n', JsonLine("one", TestTexts.Lighthouse), JsonLine("blank", "   \n\t "), JsonLine("dots", "... --- !!!"), JsonLine("two", TestTexts.Sourdough));
        var (exit, _, err) = CliRun.RunWithStdin(stdin, "index", "add", IndexDir, "-");
        Assert.That((exit, Lines(err)), Is.EqualTo((Program.Success, new[]
        {
            "neardup index add: skipped blank: no words (only white space, punctuation or symbols)",
            "neardup index add: skipped dots: no words (only white space, punctuation or symbols)",
            "neardup index add: 2 added, 2 skipped; 2 documents in the index.",
        })));
    }

    // ---- --cache ------------------------------------------------------------------------------------------------------

    [TestCase("0")] // nothing kept: every candidate is analysed again
    [TestCase("1")] // the one kept is evicted between queries of different originals
    public void Query_SmallCache_FindsTheSameVerdictsAsTheDefault(string cache)
    {
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "query", IndexDir, Copies, "--format", "jsonl", "--cache", cache);
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(ParseVerdicts(output).OrderBy(v => v.B, StringComparer.Ordinal), Is.EqualTo(ExpectedVerdicts));
    }

    // ---- --kinds ------------------------------------------------------------------------------------------------------

    [Test]
    public void Query_KindsSpun_FindsTheSpunCopy()
    {
        // The spin sources also find copies that keep the original's skeleton (exact, near, excerpt), so the spun copy
        // is among what they find, and nothing unexpected is.
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "query", IndexDir, Copies, "--format", "jsonl", "--kinds", "spun");
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(ParseVerdicts(output), Does.Contain(("sea/harbour.txt", "spun.txt", "spun")).And.SubsetOf(ExpectedVerdicts));
    }

    [Test]
    public void Query_SeveralKindsAfterOneFlag_FindsTheirCopiesOnly()
    {
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "query", IndexDir, Copies, "--format", "jsonl", "--kinds", "exact", "near-duplicate");
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(
            ParseVerdicts(output).OrderBy(v => v.B, StringComparer.Ordinal),
            Is.EqualTo(new[] { ("lighthouse.txt", "copy.txt", "exact"), ("lighthouse.txt", "near.txt", "near-duplicate") }));
    }

    [Test]
    public void Query_UnknownKind_ExitsTwoNamingIt()
    {
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "query", IndexDir, Copies, "--kinds", "paraphrased");
        Assert.That((exit, output), Is.EqualTo((Program.UsageError, string.Empty)));
        Assert.That(err, Does.Contain("paraphrased"));
    }

    [Test]
    public void Query_UnknownOption_ExitsTwoNamingIt()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, output, err) = Run("index", "query", IndexDir, Originals, "--fromat", "jsonl");
        Assert.That((exit, output), Is.EqualTo((Program.UsageError, string.Empty)));
        Assert.That(err, Does.Contain("unknown option '--fromat'"));
    }

    [Test]
    public void Query_NegativeCache_ExitsTwoWithAMessageNamingTheOption()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, output, err) = Run("index", "query", IndexDir, Originals, "--cache", "-1");
        Assert.That((exit, output), Is.EqualTo((Program.UsageError, string.Empty)));
        Assert.That(err, Does.StartWith("neardup index query: --cache must be 0 or more (got -1)."));
    }

    [Test]
    public void Add_CacheOption_IsRejectedAndAddsNothing()
    {
        // Adding never verifies, so add has no cache to size: the option is refused rather than silently ignored.
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, "--cache", "16");
        Assert.That(exit, Is.EqualTo(Program.UsageError));
        Assert.That(err, Does.Contain("unknown option '--cache'"));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That(index.Count, Is.Zero);
    }

    [Test]
    public void QueryHelp_DocumentsTheCacheOptionAndItsDefault()
    {
        var (exit, output, _) = Run("index", "query", "--help");
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(Lines(output), Has.Some.Match($@"^--cache <N>\s+Originals kept analysed in memory.*\[default: {NearDupIndex.DefaultCacheCapacity}\]$"));
    }

    // ---- remove / info / verify / compact ---------------------------------------------------------------------------

    [Test]
    public void Remove_Id_ExitsZeroAndQueriesNoLongerFindIt()
    {
        CreateAndAddOriginals();
        var (exit, output, _) = Run("index", "remove", IndexDir, "lighthouse.txt", "not-there");
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(output, Does.Contain("removed 1 of 2; 2 documents"));
        var verdicts = ParseVerdicts(Run("index", "query", IndexDir, Copies, "--format", "jsonl").Out);
        Assert.That(verdicts, Is.EqualTo(ExpectedVerdicts.Where(v => v.Item1 != "lighthouse.txt")));
    }

    [Test]
    public void Info_PrintsTheDocumentCountAndLogBatches()
    {
        CreateAndAddOriginals();
        var (exit, output, _) = Run("index", "info", IndexDir);
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(Lines(output), Does.Contain("documents:        3").And.Some.Match(@"^log bytes:\s+\d+ in 1 batches$"));
    }

    [Test]
    public void Info_NamesTheStructureImageOnlyOnceACompactionWroteIt()
    {
        CreateAndAddOriginals();
        string before = Run("index", "info", IndexDir).Out;
        Assert.That(Run("index", "compact", IndexDir).Exit, Is.EqualTo(Program.Success));

        var (exit, after, _) = Run("index", "info", IndexDir);

        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(Lines(before), Has.Some.StartsWith("structure image:  none"));
        Assert.That(Lines(after), Has.Some.Match(@"^structure image:\s+[1-9]\d* bytes \(opening reads"));
    }

    // ---- the analysis an index's documents were analysed with ---------------------------------------------------------

    /// <summary>Puts the golden index written before analysis versions were recorded at <see cref="IndexDir"/>.</summary>
    private void CopyIndexOfAnUnrecordedAnalysis() =>
        Storage.GoldenFiles.CopyIndex(Storage.GoldenFiles.Indexes.Single(i => i.Name == "index-options4-snapshot2-wal2-payload4-image4-wordpairs-only"), IndexDir);

    private const string AnalysedOtherwise = "its documents were analysed by a NearDup build that recorded no analysis version, not as this build analyses them";

    [Test]
    public void Info_IndexOfThisBuild_SaysItsDocumentsAreAnalysedAsThisBuildAnalyses()
    {
        CreateAndAddOriginals();
        Assert.That(Lines(Run("index", "info", IndexDir).Out), Does.Contain($"analysis:         version {NearDup.Analysis.DocumentAnalyzer.AnalysisVersion}, as this build analyses"));
    }

    [Test]
    public void Info_IndexWrittenBeforeAnalysisVersions_SaysSoAndThatCompactAnalysesAgain()
    {
        CopyIndexOfAnUnrecordedAnalysis();
        Assert.That(
            Lines(Run("index", "info", IndexDir).Out),
            Does.Contain($"analysis:         not recorded (an index written before analysis versions were); this build analyses as version {NearDup.Analysis.DocumentAnalyzer.AnalysisVersion} (index compact analyses the documents again)"));
    }

    [Test]
    public void Query_IndexOfAnotherAnalysis_WarnsOnStderrNamingTheCompactionAndStillAnswers()
    {
        CopyIndexOfAnUnrecordedAnalysis();
        Write(Copies, "canal.txt", GoldenTexts.CanalLock);
        var (exit, output, err) = Run("index", "query", IndexDir, Path.Combine(Copies, "canal.txt"), "--format", "jsonl");
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(err, Does.Contain($"neardup index query: {IndexDir}: {AnalysedOtherwise}").And.Contain($"`neardup index compact {IndexDir}` analyses them again."));
        Assert.That(ParseVerdicts(output), Is.EqualTo(new[] { ("canal-lock", Path.Combine(Copies, "canal.txt"), "exact") }));
    }

    [Test]
    public void Query_IndexOfAnotherAnalysisOnceCompacted_NoLongerWarns()
    {
        CopyIndexOfAnUnrecordedAnalysis();
        var (compactExit, _, compactErr) = Run("index", "compact", IndexDir, "--progress", "none");
        var (exit, _, err) = Run("index", "query", IndexDir, Copies, "--format", "jsonl");
        Assert.That((compactExit, compactErr, exit, err), Is.EqualTo((Program.Success, "", Program.Success, "")));
    }

    /// <summary>An empty index at <see cref="IndexDir"/> whose options record the analysis version after this build's,
    /// as a newer build would write it.</summary>
    private void CreateIndexOfANewerAnalysis()
    {
        byte[] blob = NearDupIndex.OptionsBlob(IndexOptions.Default);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(blob.Length - 2), (ushort)(NearDup.Analysis.DocumentAnalyzer.AnalysisVersion + 1));
        DirectoryIndexStore.Create(IndexDir, blob).Dispose();
    }

    [Test]
    public void Query_IndexOfANewerAnalysis_NamesThatVersionRatherThanTheCompaction()
    {
        CreateIndexOfANewerAnalysis();
        var (exit, _, err) = Run("index", "query", IndexDir, Copies, "--format", "jsonl");
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(err, Does.Contain($"by a newer NearDup build (analysis version {NearDup.Analysis.DocumentAnalyzer.AnalysisVersion + 1})").And.Contain($"Use a build of analysis version {NearDup.Analysis.DocumentAnalyzer.AnalysisVersion + 1}").And.Not.Contain("neardup index compact"));
    }

    [Test]
    public void Add_ToAnIndexOfANewerAnalysis_IsRefusedWithAMessageNotAnInternalError()
    {
        CreateIndexOfANewerAnalysis();
        var (exit, _, err) = Run("index", "add", IndexDir, Originals);
        Assert.That(
            (exit, err.Contains("adding would mix the two", StringComparison.Ordinal), err.Contains("internal error", StringComparison.Ordinal)),
            Is.EqualTo((IndexCommand.Failure, true, false)),
            err);
    }

    [Test]
    public void Query_IndexOfThisBuild_DoesNotWarn()
    {
        CreateAndAddOriginals();
        Assert.That(Run("index", "query", IndexDir, Copies, "--format", "jsonl").Err, Is.Empty);
    }

    [Test]
    public void Info_DefaultIndex_NamesTheEnglishFunctionWords()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        Assert.That(Lines(Run("index", "info", IndexDir).Out), Does.Contain($"function words:   {FunctionWords.English.Count} (English, the default)"));
    }

    [Test]
    public void Create_FunctionWordsFile_TheIndexKeepsTheListAndInfoNamesIt()
    {
        string list = Path.Combine(_root, "german.txt");
        File.WriteAllText(list, "Der die das\nund oder\r\nEIN eine\n", new UTF8Encoding(false));
        var (exit, _, err) = Run("index", "create", IndexDir, "--function-words", list);
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        Assert.That(Lines(Run("index", "info", IndexDir).Out), Does.Contain("function words:   7 (a list given at creation)"));
        using NearDupIndex index = NearDupIndex.Open(IndexDir);
        Assert.That(index.Options.Analysis.FunctionWords.SetEquals(new FunctionWords(["der", "die", "das", "und", "oder", "ein", "eine"])), Is.True);
    }

    [Test]
    public void Create_FunctionWordsFileMissing_ExitsTwoNamingItAndCreatesNothing()
    {
        string list = Path.Combine(_root, "missing.txt");
        var (exit, _, err) = Run("index", "create", IndexDir, "--function-words", list);
        Assert.That((exit, err.Contains(list, StringComparison.Ordinal), Directory.Exists(IndexDir)), Is.EqualTo((Program.UsageError, true, false)), err);
    }

    [Test]
    public void Create_FunctionWordsFileNotUtf8_ExitsTwoNamingTheOffset()
    {
        string list = Path.Combine(_root, "latin1.txt");
        File.WriteAllBytes(list, [(byte)'d', (byte)'e', (byte)'r', (byte)' ', 0xE9, (byte)'t', (byte)'\n']);
        var (exit, _, err) = Run("index", "create", IndexDir, "--function-words", list);
        Assert.That((exit, err), Is.EqualTo((Program.UsageError, $"neardup index create: --function-words {list}: not valid UTF-8 (invalid byte at offset 4){Environment.NewLine}")));
    }

    [Test]
    public void Create_FunctionWordsFileWithoutWords_ExitsTwo()
    {
        string list = Path.Combine(_root, "blank.txt");
        File.WriteAllText(list, " \n -- ;\n");
        var (exit, _, err) = Run("index", "create", IndexDir, "--function-words", list);
        Assert.That((exit, err.Contains("holds no words", StringComparison.Ordinal), Directory.Exists(IndexDir)), Is.EqualTo((Program.UsageError, true, false)), err);
    }

    [Test]
    public void Verify_SoundIndex_ExitsZeroAndSaysOk()
    {
        CreateAndAddOriginals();
        var (exit, output, _) = Run("index", "verify", IndexDir);
        Assert.That((exit, output.Trim()), Is.EqualTo((Program.Success, "ok: every checksum of the snapshot and the log matches, and every live document's text decodes.")));
    }

    [Test]
    public void Verify_LogEndingInAnInterruptedWrite_ExitsOneSayingSoAndChangesNoFile()
    {
        CreateAndAddOriginals();
        string log = Path.Combine(IndexDir, "wal.ndlog");
        byte[] torn = [.. File.ReadAllBytes(log), 0x10, 0x00, 0x00];
        File.WriteAllBytes(log, torn);
        var (exit, output, _) = Run("index", "verify", IndexDir);
        Assert.That((exit, Lines(output)[0].Contains("an incomplete batch header of 3 bytes", StringComparison.Ordinal), Lines(output)[^1]), Is.EqualTo((IndexCommand.Failure, true, "1 problems found.")));
        Assert.That(File.ReadAllBytes(log), Is.EqualTo(torn));
    }

    [Test]
    public void Remove_SaysWhichIdsAreNotIndexed()
    {
        CreateAndAddOriginals();
        var (exit, output, err) = Run("index", "remove", IndexDir, "sourdough.txt", "nosuch.txt", "nosuch.txt");
        Assert.That(
            (exit, output.Trim(), Lines(err)),
            Is.EqualTo((Program.Success, "removed 1 of 3; 2 documents in the index.", new[] { "neardup index remove: nosuch.txt is not indexed" })));
    }

    [Test]
    public void Create_OnAnExistingIndex_SaysSoWithoutNamingLibraryTypes()
    {
        CreateAndAddOriginals();
        var (exit, _, err) = Run("index", "create", IndexDir);
        Assert.That(
            (exit, err.Contains("already holds a NearDup index", StringComparison.Ordinal), err.Contains("DirectoryIndexStore", StringComparison.Ordinal)),
            Is.EqualTo((IndexCommand.Failure, true, false)),
            err);
    }

    [Test]
    public void Add_TwoFoldersWithTheSameRelativeName_SaysTheIdRepeatsInThisRunNotThatItIsIndexed()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        string first = Path.Combine(_root, "first"), second = Path.Combine(_root, "second");
        Write(first, "same.txt", TestTexts.BeesOne);
        Write(second, "same.txt", TestTexts.BeesTwo);
        var (exit, _, err) = Run("index", "add", IndexDir, first, second);
        Assert.That(
            (exit, err.Contains("skipped same.txt: an earlier input of this run has the same id", StringComparison.Ordinal), err.Contains("1 added, 1 skipped", StringComparison.Ordinal)),
            Is.EqualTo((Program.Success, true, true)),
            err);
    }

    [Test]
    public void Repair_OfADamagedLastBatch_PrintsWhatItDroppedAndTheIndexVerifiesAfter()
    {
        CreateAndAddOriginals();
        string log = Path.Combine(IndexDir, "wal.ndlog");
        byte[] damaged = File.ReadAllBytes(log);
        damaged[^20] ^= 0x01;
        File.WriteAllBytes(log, damaged);
        var (refused, _, refusal) = Run("index", "add", IndexDir, Copies);
        var (exit, output, _) = Run("index", "repair", IndexDir);
        var (verified, _, _) = Run("index", "verify", IndexDir);
        Assert.That(
            (refused, refusal.Contains("batch checksum mismatch", StringComparison.Ordinal), exit, Lines(output)[0].Contains("dropped batch", StringComparison.Ordinal), Lines(output)[^1], verified),
            Is.EqualTo((IndexCommand.Failure, true, Program.Success, true, "repaired: 2 changes.", Program.Success)),
            refusal + output);
    }

    [Test]
    public void Repair_OfASoundIndex_SaysThereIsNothingToRepair()
    {
        CreateAndAddOriginals();
        var (exit, output, _) = Run("index", "repair", IndexDir);
        Assert.That((exit, output.Trim()), Is.EqualTo((Program.Success, "nothing to repair: the index opens as it is.")));
    }

    [Test]
    public void Info_PrintsTheIndexIdentity()
    {
        CreateAndAddOriginals();
        var (exit, output, _) = Run("index", "info", IndexDir);
        string identity = Array.Find(Lines(output), l => l.StartsWith("identity:", StringComparison.Ordinal))!;
        Assert.That((exit, System.Text.RegularExpressions.Regex.IsMatch(identity, "^identity: +[0-9a-f]{32}$")), Is.EqualTo((Program.Success, true)), output);
    }

    [Test]
    public void Query_OfALogEndingInAnInterruptedWrite_SaysSoAndLeavesIt()
    {
        CreateAndAddOriginals();
        string log = Path.Combine(IndexDir, "wal.ndlog");
        File.WriteAllBytes(log, [.. File.ReadAllBytes(log), 0x10, 0x00, 0x00]);
        byte[] torn = File.ReadAllBytes(log);
        var (exit, _, err) = Run("index", "query", IndexDir, Copies);
        Assert.That((exit, Lines(err).Count(l => l.StartsWith("neardup index query: ", StringComparison.Ordinal) && l.Contains("left an incomplete batch header of 3 bytes", StringComparison.Ordinal))), Is.EqualTo((Program.Success, 1)));
        Assert.That(File.ReadAllBytes(log), Is.EqualTo(torn), "a query changes no file");
    }

    [Test]
    public void Compact_ExitsZeroAndInfoAfterwardsShowsZeroLogBatches()
    {
        CreateAndAddOriginals();
        Run("index", "remove", IndexDir, "sourdough.txt");
        Assert.That(Run("index", "info", IndexDir).Out, Does.Contain("in 2 batches"), "before compaction");
        var (exit, output, _) = Run("index", "compact", IndexDir);
        Assert.That(exit, Is.EqualTo(Program.Success));
        Assert.That(output, Does.Contain("compacted: 2 documents"));
        string info = Run("index", "info", IndexDir).Out;
        Assert.That(info, Does.Contain("in 0 batches").And.Contain("documents:        2"));
    }

    // ---- damaged index ----------------------------------------------------------------------------------------------

    [Test]
    public void Compact_SnapshotWithAFlippedByteInADocumentsCandidateData_SaysItAnalysedEveryDocumentAndLeavesASoundIndex()
    {
        CreateAndAddOriginals();
        Assert.That(Run("index", "compact", IndexDir).Exit, Is.EqualTo(Program.Success));
        string snapshot = Path.Combine(IndexDir, "snapshot.ndup");
        (_, long textAt, int length) = NearDup.Tests.Storage.SnapshotBytes.FirstDocumentText(snapshot);
        DamagedFiles.FlipByte(snapshot, textAt + length + 16); // its MinHash sketch's set size: what an open does not read

        var (exit, output, err) = Run("index", "compact", IndexDir, "--progress", "none");

        Assert.That((exit, output), Is.EqualTo((Program.Success, $"compacted: 3 documents, snapshot {new FileInfo(snapshot).Length} bytes, log {new FileInfo(Path.Combine(IndexDir, "wal.ndlog")).Length} bytes.{Environment.NewLine}")));
        Assert.That(err, Does.StartWith("neardup index compact: the stored documents could not be read again (").And.Contain("section DOCS checksum mismatch").And.EndWith($"; analysed every document's text again instead (no stored analysis copied).{Environment.NewLine}"));
        Assert.That(Run("index", "verify", IndexDir).Exit, Is.EqualTo(Program.Success));
    }

    [Test]
    public void Info_SnapshotWithAFlippedByteInItsDocuments_OpensFromTheImageAndVerifyNamesTheFile()
    {
        // An open reads the structure image and the log, not the documents: only verify reads (and checks) them all.
        CreateAndAddOriginals();
        Assert.That(Run("index", "compact", IndexDir).Exit, Is.EqualTo(Program.Success));
        string snapshot = Path.Combine(IndexDir, "snapshot.ndup");
        DamagedFiles.FlipByte(snapshot, SnapshotFile.Read(snapshot, readDocuments: false, null, System.Threading.CancellationToken.None).Image!.Value.Offset / 2);

        Assert.That(Run("index", "info", IndexDir).Exit, Is.EqualTo(Program.Success));
        var (exit, output, _) = Run("index", "verify", IndexDir);
        Assert.That(exit, Is.EqualTo(IndexCommand.Failure));
        Assert.That(output, Does.Contain("snapshot.ndup").And.Contain("section DOCS checksum mismatch"));
    }

    [Test]
    public void Info_LogWithAFlippedByteInAnEarlierRecord_ExitsOneNamingTheFile()
    {
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        string log = Path.Combine(IndexDir, "wal.ndlog");
        long headerOnly = new FileInfo(log).Length;
        Run("index", "add", IndexDir, Path.Combine(Originals, "lighthouse.txt"));
        long firstEnd = new FileInfo(log).Length;
        Run("index", "add", IndexDir, Path.Combine(Originals, "sourdough.txt"));
        Assert.That(new FileInfo(log).Length, Is.GreaterThan(firstEnd), "a second record follows the first");
        DamagedFiles.FlipByte(log, (headerOnly + firstEnd) / 2);
        var (exit, _, err) = Run("index", "info", IndexDir);
        Assert.That(exit, Is.EqualTo(IndexCommand.Failure));
        Assert.That(err, Does.Contain("wal.ndlog"));
    }

    [Test]
    public void Info_DocumentPayloadThisBuildCannotRead_ExitsOneWithAMessageNotAStackTrace()
    {
        byte[] payload = DocumentPayload.Encode("a document a newer build wrote");
        payload[0] = 5; // payload version: passes every store checksum, but this build reads only versions 1 to 4
        using (var store = DirectoryIndexStore.Create(IndexDir, NearDupIndex.OptionsBlob(IndexOptions.Default)))
        {
            store.Commit([StoreOperation.Add("future", payload)]);
        }

        var (exit, _, err) = Run("index", "info", IndexDir);
        Assert.That(exit, Is.EqualTo(IndexCommand.Failure));
        Assert.That(err, Does.StartWith("neardup index info: ").And.Contain("'future' payload version 5").And.Not.Contain("   at "));
    }

    [Test]
    public void Info_WhileAWriterHasTheIndexOpen_RunsBesideIt()
    {
        CreateAndAddOriginals();
        using NearDupIndex writer = NearDupIndex.Open(IndexDir);
        var (exit, output, _) = Run("index", "info", IndexDir);
        Assert.That((exit, Lines(output)[0]), Is.EqualTo((Program.Success, "documents:        3")));
    }

    [Test]
    public void Query_WhileAWriterHasTheIndexOpen_SeesEveryAcknowledgedDocument()
    {
        CreateAndAddOriginals();
        using NearDupIndex writer = NearDupIndex.Open(IndexDir);
        writer.Add("bees.txt", TestTexts.BeesTwo);
        var (exit, output, _) = Run("index", "query", IndexDir, Copies, "--format", "jsonl");
        Assert.That((exit, ParseVerdicts(output).Select(v => v.A).Distinct().Order(StringComparer.Ordinal)), Is.EqualTo((Program.Success, new[] { "bees.txt", "lighthouse.txt", "sea/harbour.txt" })));
    }

    [Test]
    public void AnotherWriter_WhileAWriterHasTheIndexOpen_ExitsOneNamingTheLock()
    {
        CreateAndAddOriginals();
        using NearDupIndex writer = NearDupIndex.Open(IndexDir);
        var (exit, _, err) = Run("index", "add", IndexDir, Copies);
        Assert.That((exit, err.Contains("index.lock", StringComparison.Ordinal)), Is.EqualTo((IndexCommand.Failure, true)), err);
    }

    // ---- shared corpus ----------------------------------------------------------------------------------------------

    [Test]
    public void DevCorpus_IndexQueryOfEveryDoc_FindsTheSamePairsAndKindsAsScan()
    {
        string docs = SharedData.RequirePath("corpus/dev/docs");
        var (scanExit, scanOut, _) = Run("scan", docs, "--format", "jsonl", "--quiet");
        Assert.That(scanExit, Is.EqualTo(Program.Success));
        Assert.That(Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
        Assert.That(Run("index", "add", IndexDir, docs).Exit, Is.EqualTo(Program.Success));
        var (queryExit, queryOut, _) = Run("index", "query", IndexDir, docs, "--format", "jsonl");
        Assert.That(queryExit, Is.EqualTo(Program.Success));

        static HashSet<string> Pairs(string jsonl) => ParseVerdicts(jsonl)
            .Where(v => v.A != v.B)
            .Select(v => (string.CompareOrdinal(v.A, v.B) < 0 ? $"{v.A} ~ {v.B}" : $"{v.B} ~ {v.A}") + " " + v.Kind)
            .ToHashSet();

        HashSet<string> scanned = Pairs(scanOut), queried = Pairs(queryOut);
        Assert.That(scanned, Is.Not.Empty);
        Assert.That(
            (OnlyInScan: scanned.Except(queried).Order().ToList(), OnlyInIndex: queried.Except(scanned).Order().ToList()),
            Is.EqualTo((new List<string>(), new List<string>())));
    }

    [Test]
    public void Add_AMissingInputBesideAGoodOne_IsRefusedAndNothingAdded()
    {
        Run("index", "create", IndexDir);
        string missing = Path.Combine(_root, "typo-folder");
        var (exit, _, err) = Run("index", "add", IndexDir, Originals, missing);
        var (_, info, _) = Run("index", "info", IndexDir);
        Assert.That((exit, err.Trim(), Lines(info)[0]),
            Is.EqualTo((Program.UsageError, $"neardup index add: '{missing}' does not exist; nothing was added.", "documents:        0")));
    }

    [Test]
    public void Query_AMissingInput_IsRefusedEvenWithFailOnCopy()
    {
        Run("index", "create", IndexDir);
        Run("index", "add", IndexDir, Originals);
        string missing = Path.Combine(_root, "typo.txt");
        var (exit, output, err) = Run("index", "query", IndexDir, missing, "--fail-on-copy");
        Assert.That((exit, output, err.Trim()), Is.EqualTo((Program.UsageError, string.Empty, $"neardup index query: '{missing}' does not exist; nothing was queried.")));
    }

    [Test]
    public void Create_HashesOutOfRange_SaysSoInOneLineNamingTheOption()
    {
        var (exit, _, err) = Run("index", "create", IndexDir, "--hashes", "0");
        Assert.That((exit, err), Is.EqualTo((Program.UsageError, $"neardup index create: --hashes must be between 1 and 4096; got 0.{Environment.NewLine}")));
    }

    [Test]
    public void Compact_WhoseNewLogCannotBeWritten_SaysTheCompactionIsDoneAndTheIndexOpensWhole()
    {
        Run("index", "create", IndexDir);
        Run("index", "add", IndexDir, Originals, "--compact", "never");
        string blocker = Path.Combine(IndexDir, "wal.ndlog.tmp"); // a folder where the new log is written first
        Directory.CreateDirectory(blocker);
        var (exit, _, err) = Run("index", "compact", IndexDir);
        Directory.Delete(blocker);
        var (_, info, _) = Run("index", "info", IndexDir);
        var (verifyExit, _, _) = Run("index", "verify", IndexDir);
        Assert.That(
            (exit, err.Contains("the compaction is done (the new snapshot.ndup holds the live documents), but its new empty wal.ndlog could not be written", StringComparison.Ordinal), Lines(info)[0], verifyExit),
            Is.EqualTo((IndexCommand.Failure, true, "documents:        3", Program.Success)), err);
    }
}
