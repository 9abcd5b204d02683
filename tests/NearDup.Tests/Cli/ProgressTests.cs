using System;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Cli.Inputs;
using NearDup.Cli.Progress;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><c>--progress</c>: nothing on a stderr that is not a terminal unless asked; plain lines for every stage,
/// each ending at 100%, when asked: those of scan and dedup, and for index add and index query the opening of the index
/// (reading its log, loading its documents, packing) before their own.</summary>
public class ProgressTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "neardup-progress-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "a.txt"), TestTexts.Lighthouse, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(_dir, "b.txt"), TestTexts.Lighthouse.ToUpperInvariant(), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(_dir, "c.txt"), TestTexts.Sourdough, new UTF8Encoding(false));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>The stage of each plain progress line, in order, with the last line of each stage.</summary>
    private static string[] StageEnds(string stderr, string verb) =>
        [.. CliRun.Lines(stderr).Where(l => l.Contains(" (100%", StringComparison.Ordinal)).Select(l => l[$"neardup {verb}: ".Length..l.IndexOf(" (", StringComparison.Ordinal)])];

    [Test]
    public void Scan_OnAStderrThatIsNotATerminal_PrintsOnlyItsSummary()
    {
        var (_, _, err) = CliRun.Run("scan", _dir);
        Assert.That(CliRun.Lines(err), Has.Length.EqualTo(1).And.All.StartWith("neardup scan: 3 documents scanned"));
    }

    [Test]
    public void Scan_ProgressPlain_PrintsEveryStageToItsEndInOrder()
    {
        var (_, _, err) = CliRun.Run("scan", _dir, "--progress", "plain");
        Assert.That(StageEnds(err, "scan"), Is.EqualTo(new[] { "analysing 3/3", "indexing 3/3", "candidates 3/3", "verifying 1/1" }), err);
    }

    [Test]
    public void Scan_QuietWithProgressPlain_PrintsTheProgressButNoSummary()
    {
        var (_, _, err) = CliRun.Run("scan", _dir, "--progress", "plain", "--quiet");
        Assert.That((StageEnds(err, "scan").Length, err.Contains("documents scanned", StringComparison.Ordinal)), Is.EqualTo((4, false)), err);
    }

    [Test]
    public void Dedup_ProgressPlain_PrintsItsStages()
    {
        var (_, _, err) = CliRun.Run("dedup", _dir, "--progress", "plain", "-q");
        Assert.That(StageEnds(err, "dedup")[0], Is.EqualTo("analysing 3/3"), err);
    }

    [Test]
    public void IndexAdd_ProgressPlain_CountsTheDocumentsOfItsFoldersToTheEnd()
    {
        string index = Path.Combine(_dir, "index");
        CliRun.Run("index", "create", index);
        var (exit, _, err) = CliRun.Run("index", "add", index, _dir, "--progress", "plain", "--batch", "2");
        Assert.That(
            (exit, StageEnds(err, "index add"), CliRun.Lines(err)[^1]),
            Is.EqualTo((0, new[] { "adding 3/3" }, "neardup index add: 3 added, 0 skipped; 3 documents in the index.")),
            err);
    }

    [Test]
    public void IndexAdd_OnAStderrThatIsNotATerminal_PrintsOnlyItsSummary()
    {
        string index = Path.Combine(_dir, "index");
        CliRun.Run("index", "create", index);
        var (_, _, err) = CliRun.Run("index", "add", index, _dir);
        Assert.That(CliRun.Lines(err), Is.EqualTo(new[] { "neardup index add: 3 added, 0 skipped; 3 documents in the index." }));
    }

    /// <summary>An index of the three documents, added through its log.</summary>
    private string FilledIndex()
    {
        string index = Path.Combine(_dir, "index");
        CliRun.Run("index", "create", index);
        CliRun.Run("index", "add", index, _dir);
        return index;
    }

    [Test]
    public void IndexQuery_ProgressPlain_PrintsTheOpeningStagesAndTheQueriesToTheirEndsInOrder()
    {
        string index = FilledIndex();
        var (exit, _, err) = CliRun.Run("index", "query", index, _dir, "--progress", "plain");
        Assert.That(
            (exit, StageEnds(err, "index query")),
            Is.EqualTo((0, new[] { "reading log, MiB 1/1", "loading documents 3/3", "packing passages 1/1", "querying 3/3" })),
            err);
    }

    [TestCase("compact")]
    [TestCase("remove", "absent-id")]
    public void IndexVerbsThatOpenForWriting_ProgressPlain_PrintTheOpeningStagesToTheirEnds(string verb, params string[] more)
    {
        string index = FilledIndex();
        var (exit, _, err) = CliRun.Run(["index", verb, index, .. more, "--progress", "plain"]);
        Assert.That(
            (exit, StageEnds(err, "index " + verb)),
            Is.EqualTo((0, new[] { "reading log, MiB 1/1", "loading documents 3/3", "packing passages 1/1" })),
            err);
    }

    [Test]
    public void IndexCompact_OffATerminal_PrintsNoProgress()
    {
        string index = FilledIndex();
        var (exit, _, err) = CliRun.Run("index", "compact", index);
        Assert.That((exit, err), Is.EqualTo((0, string.Empty)));
    }

    [Test]
    public void IndexQuery_ProgressPlain_StartsEachStageWithALineAtZero()
    {
        string index = FilledIndex();
        var (_, _, err) = CliRun.Run("index", "query", index, _dir, "--progress", "plain");
        Assert.That(
            CliRun.Lines(err).Where(l => l.Contains(" 0/", StringComparison.Ordinal)),
            Is.EqualTo(new[]
            {
                "neardup index query: reading log, MiB 0/1 (0%)",
                "neardup index query: loading documents 0/3 (0%)",
                "neardup index query: packing passages 0/1 (0%)",
                "neardup index query: querying 0/3 (0%)",
            }),
            err);
    }

    [Test]
    [NonParallelizable] // replaces Console.In
    public void IndexQuery_ProgressPlainOfStandardInput_CountsTheQueriesWithoutATotalAndEndsAtTheirCount()
    {
        string index = FilledIndex();
        string stdin = "{\"id\":\"q1\",\"text\":\"a few words\"}\n{\"id\":\"q2\",\"text\":\"some other words\"}\n";
        var (_, _, err) = CliRun.RunWithStdin(stdin, "index", "query", index, "-", "--progress", "plain");
        Assert.That(
            (CliRun.Lines(err).First(l => l.Contains("querying", StringComparison.Ordinal)), StageEnds(err, "index query")[^1]),
            Is.EqualTo(("neardup index query: querying 0", "querying 2/2")),
            err);
    }

    [Test]
    public void IndexQuery_ProgressPlainOfAFolderWithALinkPassedOver_EndsAtTheCountOfEverythingRead()
    {
        // The link to the folder itself is passed over with a message: one item more than the folder's three files, which
        // the total must count, or the stage ends at 3/3 with a document still to query and its real end is never printed.
        string index = FilledIndex();
        Directory.CreateSymbolicLink(Path.Combine(_dir, "loop"), _dir);
        var (_, _, err) = CliRun.Run("index", "query", index, _dir, "--progress", "plain");
        Assert.That(StageEnds(err, "index query")[^1], Is.EqualTo("querying 4/4"), err);
    }

    [Test]
    public void InputDocumentsCount_OfAFolderWithALinkPassedOver_CountsWhatReadYields()
    {
        Directory.CreateSymbolicLink(Path.Combine(_dir, "loop"), _dir);
        var selection = new InputSelection(["*.txt"], [], 1, DatasetFields.Default, TextInputs.DefaultMaxFileBytes);
        Assert.That(
            InputDocuments.Count([_dir], selection),
            Is.EqualTo(InputDocuments.Read([_dir], selection, TextReader.Null).Count()).And.EqualTo(4));
    }

    [Test]
    public void IndexQuery_OnAStderrThatIsNotATerminal_PrintsNothingThere()
    {
        string index = FilledIndex();
        var (exit, output, err) = CliRun.Run("index", "query", index, _dir);
        Assert.That((exit, err, output.Length > 0), Is.EqualTo((0, string.Empty, true)));
    }

    [Test]
    public void IndexQuery_ProgressNone_PrintsNothingThere()
    {
        string index = FilledIndex();
        Assert.That(CliRun.Run("index", "query", index, _dir, "--progress", "none").Err, Is.Empty);
    }

    [Test]
    public void IndexAdd_ProgressPlainToAFilledIndex_PrintsItsOpeningBeforeTheAdding()
    {
        string index = FilledIndex();
        File.WriteAllText(Path.Combine(_dir, "d.txt"), TestTexts.BeesOne, new UTF8Encoding(false));
        var (_, _, err) = CliRun.Run("index", "add", index, _dir, "--progress", "plain");
        Assert.That(
            StageEnds(err, "index add"),
            Is.EqualTo(new[] { "reading log, MiB 1/1", "loading documents 3/3", "packing passages 1/1", "adding 4/4" }),
            err);
    }

    [Test]
    public void IndexAdd_ToAFilledIndexOnAStderrThatIsNotATerminal_PrintsOnlyItsSkipsAndSummary()
    {
        string index = FilledIndex();
        var (_, _, err) = CliRun.Run("index", "add", index, _dir);
        Assert.That(CliRun.Lines(err), Is.EqualTo(new[]
        {
            "neardup index add: skipped a.txt: id is already indexed (remove it first to replace it)",
            "neardup index add: skipped b.txt: id is already indexed (remove it first to replace it)",
            "neardup index add: skipped c.txt: id is already indexed (remove it first to replace it)",
            "neardup index add: 0 added, 3 skipped; 3 documents in the index.",
        }));
    }

    [TestCase("auto", false, "None")]
    [TestCase("plain", true, "Plain")]
    [TestCase("bar", false, "Bar")]
    [TestCase("none", false, "None")]
    public void Resolve_OnAWriterThatIsNotTheConsole_GivesBarsOnlyWhenAskedFor(string name, bool quiet, string expected) =>
        Assert.That(StageProgress.Resolve(name, quiet, new StringWriter()).ToString(), Is.EqualTo(expected));
}
