using System;
using System.IO;
using System.Text;
using NearDup.Cli;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>Files the command line writes besides its output (<c>dedup --keep-list</c> and <c>--drop-list</c>,
/// <c>explain --html</c>) are checked before any work: none may overwrite an input, and a place that cannot take the
/// file is refused up front, naming the option.</summary>
public class OutputFileTests
{
    private string _root = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-outputs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_root, "in"));
        Write("in/a.txt", TestTexts.Lighthouse);
        Write("in/b.txt", TestTexts.Lighthouse);
        Write("data.jsonl", "{\"id\":\"a\",\"text\":\"" + TestTexts.Sourdough.Replace("\n", " ") + "\"}\n{\"id\":\"b\",\"text\":\"" + TestTexts.Sourdough.Replace("\n", " ") + "\"}\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private string PathOf(string name) => Path.Combine(_root, name);

    private void Write(string name, string text) => File.WriteAllText(PathOf(name), text, new UTF8Encoding(false));

    [Test]
    public void Dedup_KeepListOnTheInputDataset_IsRefusedAndTheDatasetKept()
    {
        string before = File.ReadAllText(PathOf("data.jsonl"));
        var (exit, _, err) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", PathOf("data.jsonl"));
        Assert.That((exit, err.Trim(), File.ReadAllText(PathOf("data.jsonl"))),
            Is.EqualTo((2, $"neardup dedup: --keep-list '{PathOf("data.jsonl")}' is an input of this run; writing it would overwrite it.", before)));
    }

    [Test]
    public void Dedup_DropListInsideTheInputFolder_IsRefusedAndTheDocumentKept()
    {
        var (exit, _, err) = CliRun.Run("dedup", PathOf("in"), "--drop-list", PathOf("in/a.txt"));
        Assert.That((exit, err.Trim(), File.ReadAllText(PathOf("in/a.txt"))),
            Is.EqualTo((2, $"neardup dedup: --drop-list '{PathOf("in/a.txt")}' is inside the folder being read; write it outside the folder.", TestTexts.Lighthouse)));
    }

    [Test]
    public void Dedup_BothListsOnOneFile_IsRefused()
    {
        var (exit, _, err) = CliRun.Run("dedup", PathOf("in"), "--keep-list", PathOf("ids.txt"), "--drop-list", PathOf("ids.txt"));
        Assert.That((exit, err.Trim(), File.Exists(PathOf("ids.txt"))),
            Is.EqualTo((2, $"neardup dedup: --keep-list and --drop-list both name '{PathOf("ids.txt")}'; give each list its own file.", false)));
    }

    [Test]
    public void Dedup_ListInsideTheOutputFolder_IsRefusedBeforeAnythingIsWritten()
    {
        var (exit, _, err) = CliRun.Run("dedup", PathOf("in"), "--output", PathOf("out"), "--keep-list", PathOf("out/kept.txt"));
        Assert.That((exit, err.Trim(), Directory.Exists(PathOf("out"))),
            Is.EqualTo((2, $"neardup dedup: --keep-list '{PathOf("out/kept.txt")}' is inside --output's folder, which holds only the documents kept; write the list elsewhere.", false)));
    }

    [Test]
    public void Dedup_ListThatIsAFolder_IsRefused()
    {
        var (exit, _, err) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", PathOf("in"));
        Assert.That((exit, err.Trim()), Is.EqualTo((2, $"neardup dedup: --keep-list '{PathOf("in")}' is a folder; give a file.")));
    }

    [Test]
    public void Dedup_ListWhereNoFileCanBeMade_IsRefusedNamingTheOption()
    {
        var (exit, _, err) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", "/proc/neardup-kept.txt");
        Assert.That((exit, err.StartsWith("neardup dedup: --keep-list '/proc/neardup-kept.txt' cannot be written: ", StringComparison.Ordinal)), Is.EqualTo((2, true)), err);
    }

    [Test]
    public void Dedup_ListsBesideTheInput_AreWritten()
    {
        var (exit, _, _) = CliRun.Run("dedup", PathOf("in"), "--keep-list", PathOf("kept.txt"), "--drop-list", PathOf("dropped.txt"));
        Assert.That((exit, File.ReadAllText(PathOf("kept.txt")).Trim(), File.ReadAllText(PathOf("dropped.txt")).Trim()), Is.EqualTo((0, "a.txt", "b.txt")));
    }

    [Test]
    public void Explain_HtmlOnOneOfTheFilesCompared_IsRefusedAndTheFileKept()
    {
        var (exit, _, err) = CliRun.Run("explain", PathOf("in/a.txt"), PathOf("in/b.txt"), "--html", PathOf("in/a.txt"));
        Assert.That((exit, err.Trim(), File.ReadAllText(PathOf("in/a.txt"))),
            Is.EqualTo((2, $"neardup explain: --html '{PathOf("in/a.txt")}' is an input of this run; writing it would overwrite it.", TestTexts.Lighthouse)));
    }

    [Test]
    public void Explain_HtmlOnAFolder_IsRefusedBeforeTheExplanation()
    {
        var (exit, output, err) = CliRun.Run("explain", PathOf("in/a.txt"), PathOf("in/b.txt"), "--html", PathOf("in"));
        Assert.That((exit, output, err.Trim()), Is.EqualTo((2, string.Empty, $"neardup explain: --html '{PathOf("in")}' is a folder; give a file.")));
    }

    [Test]
    public void SameFile_ALinkAndItsTarget_AreOneFile()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "file links need privileges on Windows");
        string link = PathOf("link.txt");
        File.CreateSymbolicLink(link, PathOf("in/a.txt"));
        Assert.That(OutputFile.SameFile(link, PathOf("in/a.txt")), Is.True);
    }

    [Test]
    public void Dedup_ListReachingTheInputThroughAFolderLink_IsRefused()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "folder links need privileges on Windows");
        Directory.CreateDirectory(PathOf("sub"));
        Directory.CreateSymbolicLink(PathOf("sub/up"), "..");
        string list = Path.Combine(PathOf("sub"), "up", "data.jsonl");
        var (exit, _, err) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", list);
        Assert.That((exit, err.Trim()), Is.EqualTo((2, $"neardup dedup: --keep-list '{list}' is an input of this run; writing it would overwrite it.")));
    }

    [Test]
    public void Dedup_ListOnAHardLinkOfTheInput_LeavesTheInputAsItWas()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the link is made with ln");
        string before = File.ReadAllText(PathOf("data.jsonl"));
        var link = new System.Diagnostics.ProcessStartInfo("ln", [PathOf("data.jsonl"), PathOf("hard.txt")]);
        using (var ln = System.Diagnostics.Process.Start(link)!)
        {
            ln.WaitForExit();
        }

        var (exit, _, _) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", PathOf("hard.txt"), "-q");
        Assert.That((exit, File.ReadAllText(PathOf("data.jsonl")), File.ReadAllText(PathOf("hard.txt")).Trim()), Is.EqualTo((0, before, "a")));
    }

    [Test]
    public void Dedup_ListOnASymbolicLink_WritesTheFileItLeadsToAndKeepsTheLink()
    {
        Write("target.txt", "before");
        File.CreateSymbolicLink(PathOf("keep.txt"), "target.txt");
        var (exit, _, _) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", PathOf("keep.txt"), "-q");
        Assert.That(
            (exit, new FileInfo(PathOf("keep.txt")).LinkTarget, File.ReadAllText(PathOf("target.txt")).Trim()),
            Is.EqualTo((0, "target.txt", "a")));
    }

    [Test]
    public void Dedup_ListOnANamedPipe_IsWrittenIntoThePipeWhichStaysAPipe()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True, "named pipes are told apart from files on Linux");
        string pipe = PathOf("list.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [pipe]))!)
        {
            mkfifo.WaitForExit();
        }

        // The reader opens the pipe first, as a shell's reader would; the list reaches it.
        System.Threading.Tasks.Task<string> read = System.Threading.Tasks.Task.Run(() => File.ReadAllText(pipe));
        var (exit, _, err) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", pipe, "-q");
        Assert.That(
            (exit, err, read.Wait(TimeSpan.FromSeconds(30)) ? read.Result.Trim() : "no reader finished", OutputFile.IsSpecialFile(pipe)),
            Is.EqualTo((0, string.Empty, "a", true)));
    }

    [Test]
    public void IsSpecialFile_ARegularFileAFolderAndAMissingPath_AreNot()
    {
        Write("plain.txt", "x");
        Assert.That(
            (OutputFile.IsSpecialFile(PathOf("plain.txt")), OutputFile.IsSpecialFile(_root), OutputFile.IsSpecialFile(PathOf("missing.txt"))),
            Is.EqualTo((false, false, false)));
    }

    [Test]
    public void IsSpecialFile_TheNullDevice_Is()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True, "devices are told apart from files on Linux");
        Assert.That(OutputFile.IsSpecialFile("/dev/null"), Is.True);
    }

    [Test]
    public void Dedup_ListOnADanglingSymbolicLink_WritesTheFileTheLinkNames()
    {
        File.CreateSymbolicLink(PathOf("dangling.txt"), "made-by-the-run.txt");
        var (exit, _, err) = CliRun.Run("dedup", PathOf("data.jsonl"), "--keep-list", PathOf("dangling.txt"), "-q");
        Assert.That((exit, err, File.ReadAllText(PathOf("made-by-the-run.txt")).Trim()), Is.EqualTo((0, string.Empty, "a")));
    }
}
