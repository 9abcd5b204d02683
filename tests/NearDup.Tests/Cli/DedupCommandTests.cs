using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NearDup.Cli;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><c>neardup dedup</c> on a folder with planted copies: the groups, the kept and dropped ids, and the folder
/// without its copies.</summary>
public class DedupCommandTests
{
    private string _root = string.Empty;

    private string Input => Path.Combine(_root, "input");

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-dedup-" + Guid.NewGuid().ToString("N"));
        Write("original.txt", TestTexts.Lighthouse);
        Write("sub/copy.txt", TestTexts.Lighthouse.ToUpperInvariant().Replace(" ", "  "));
        Write("near.txt", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260));
        Write("excerpt.txt", TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3));
        Write("other.txt", TestTexts.Sourdough);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private void Write(string name, string text)
    {
        string path = Path.Combine(Input, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    private static string[] Lines(string text) => CliRun.Lines(text);

    [Test]
    public void Dedup_Jsonl_WritesOneGroupOfTheExactAndNearCopiesKeepingTheFirstId()
    {
        var (exit, output, _) = Run("dedup", Input, "--format", "jsonl");
        string[] lines = Lines(output);
        using JsonDocument group = JsonDocument.Parse(lines.Single());
        JsonElement root = group.RootElement;
        Assert.That(
            (exit, root.GetProperty("group").GetInt32(), root.GetProperty("keep").GetString(), root.GetProperty("size").GetInt32(), root.GetProperty("members").EnumerateArray().Select(m => m.GetString()).ToArray()),
            Is.EqualTo((Program.Success, 1, "near.txt", 3, new[] { "near.txt", "original.txt", "sub/copy.txt" })));
    }

    [Test]
    public void Dedup_WithContained_AlsoGroupsTheExcerpt()
    {
        var (_, output, _) = Run("dedup", Input, "--kinds", "exact", "near-duplicate", "contained");
        Assert.That(Lines(output), Is.EqualTo(new[] { "group 1 (4): keep excerpt.txt; drop near.txt, original.txt, sub/copy.txt" }));
    }

    [Test]
    public void Dedup_KeepAndDropLists_HoldEveryIdOnceBetweenThem()
    {
        string keep = Path.Combine(_root, "keep.txt"), drop = Path.Combine(_root, "drop.txt");
        var (exit, _, err) = Run("dedup", Input, "--keep", "longest", "--keep-list", keep, "--drop-list", drop);
        Assert.That(
            (exit, File.ReadAllLines(keep), File.ReadAllLines(drop), Lines(err)[^1].Contains("5 documents, 0 skipped; 1 groups of copies; kept 3, dropped 2", StringComparison.Ordinal)),
            Is.EqualTo((Program.Success, new[] { "excerpt.txt", "other.txt", "sub/copy.txt" }, new[] { "near.txt", "original.txt" }, true)),
            err);
    }

    [Test]
    public void Dedup_Output_IsTheFolderWithoutItsDroppedFiles()
    {
        string output = Path.Combine(_root, "out");
        var (exit, _, _) = Run("dedup", Input, "--output", output, "-q");
        string[] files = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        Assert.That(
            (exit, files, File.ReadAllText(Path.Combine(output, "near.txt"))),
            Is.EqualTo((Program.Success, new[] { "excerpt.txt", "near.txt", "other.txt" }, File.ReadAllText(Path.Combine(Input, "near.txt")))));
    }

    [Test]
    public void Dedup_OutputInsideTheInputFolder_IsAUsageErrorAndWritesNothing()
    {
        var (exit, _, err) = Run("dedup", Input, "--output", Path.Combine(Input, "deduped"));
        Assert.That((exit, err.Contains("is inside the folder being de-duplicated", StringComparison.Ordinal), Directory.Exists(Path.Combine(Input, "deduped"))), Is.EqualTo((Program.UsageError, true, false)), err);
    }

    [Test]
    public void Dedup_OutputFolderWhoseParentDoesNotExist_IsAUsageErrorThatMakesNoFolder()
    {
        string output = Path.Combine(_root, "x", "y", "z");
        var (exit, stdout, err) = Run("dedup", Input, "--output", output);
        Assert.That(
            (exit, stdout, err.Trim(), Directory.Exists(Path.Combine(_root, "x"))),
            Is.EqualTo((Program.UsageError, string.Empty, $"neardup dedup: --output '{output}': its folder '{Path.GetDirectoryName(output)}' does not exist.", false)));
    }

    [Test]
    public void Dedup_OutputFolderThatIsNotEmpty_IsAUsageError()
    {
        string output = Path.Combine(_root, "full");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep-me.txt"), "mine");
        var (exit, _, err) = Run("dedup", Input, "--output", output);
        Assert.That((exit, err.Contains("is not empty", StringComparison.Ordinal), Directory.GetFiles(output).Length), Is.EqualTo((Program.UsageError, true, 1)), err);
    }

    [Test]
    public void Dedup_FolderWithoutCopies_SaysSoAndKeepsEverything()
    {
        Directory.Delete(Input, recursive: true);
        Write("a.txt", TestTexts.Lighthouse);
        Write("b.txt", TestTexts.Sourdough);
        var (exit, output, err) = Run("dedup", Input);
        Assert.That((exit, output.Trim(), Lines(err)[^1].Contains("kept 2, dropped 0", StringComparison.Ordinal)), Is.EqualTo((Program.Success, "No copies found.", true)), err);
    }

    [Test]
    public void Dedup_Jsonl_WritesNonAsciiIdsAsScanDoes()
    {
        Directory.Delete(Input, recursive: true);
        Write("café-1.txt", TestTexts.Lighthouse);
        Write("café-2.txt", TestTexts.Lighthouse);
        string groups = Run("dedup", Input, "--format", "jsonl").Out;
        string pairs = Run("scan", Input, "--format", "jsonl", "-q").Out;
        Assert.That(
            (groups.Trim(), pairs.StartsWith("{\"a\":\"café-1.txt\",\"b\":\"café-2.txt\"", StringComparison.Ordinal)),
            Is.EqualTo(("{\"group\":1,\"keep\":\"café-1.txt\",\"size\":2,\"members\":[\"café-1.txt\",\"café-2.txt\"]}", true)));
    }

    [Test]
    public void Dedup_UnknownKind_IsAUsageError() =>
        Assert.That(Run("dedup", Input, "--kinds", "similar").Exit, Is.EqualTo(Program.UsageError));
}
