using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NearDup.Cli;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><c>neardup boilerplate</c> on a folder of notes that all end with one footer, and on an index of them.</summary>
public class BoilerplateCommandTests
{
    private const string Footer = "You are receiving this note because you are on the harbour rowing list. To leave it, reply with the word leave, or change your settings on the list's page. Notes are kept in a public archive for ten years.";

    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "neardup-boilerplate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "notes"));
        string[] sentences = SpinTexts.Orchard.Split(". ").Concat(SpinTexts.FloodReport.Split(". ")).Concat(TestTexts.Lighthouse.Split(". ")).ToArray();
        for (int i = 0; i < 12; i++)
        {
            File.WriteAllText(Path.Combine(_dir, "notes", $"note{i:00}.txt"), string.Join(". ", sentences.Skip(2 * i).Take(2)) + ".\n\n" + Footer, new UTF8Encoding(false));
        }
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public void Boilerplate_FolderOfNotesWithOneFooter_ListsTheFooterHeldByAllTwelveFirst()
    {
        var (exit, output, _) = Run("boilerplate", Path.Combine(_dir, "notes"), "--format", "jsonl");
        using JsonDocument first = JsonDocument.Parse(output.Split('\n')[0]);
        Assert.That(
            (exit, first.RootElement.GetProperty("documents").GetInt32(), Footer.Contains(first.RootElement.GetProperty("text").GetString()!, StringComparison.Ordinal)),
            Is.EqualTo((Program.Success, 12, true)));
    }

    [Test]
    public void Boilerplate_IndexOfTheNotes_ListsWhatTheFolderGives()
    {
        string index = Path.Combine(_dir, "idx");
        Assert.That(Run("index", "create", index).Exit, Is.EqualTo(Program.Success));
        Assert.That(Run("index", "add", index, Path.Combine(_dir, "notes")).Exit, Is.EqualTo(Program.Success));
        Assert.That(Run("boilerplate", index, "--format", "jsonl").Out, Is.EqualTo(Run("boilerplate", Path.Combine(_dir, "notes"), "--format", "jsonl").Out));
    }

    [Test]
    public void Boilerplate_IndexAWriterHoldsOpen_ListsWhatTheFolderGives()
    {
        string index = Path.Combine(_dir, "idx");
        Assert.That((Run("index", "create", index).Exit, Run("index", "add", index, Path.Combine(_dir, "notes")).Exit), Is.EqualTo((Program.Success, Program.Success)));
        using NearDup.Detection.NearDupIndex writer = NearDup.Detection.NearDupIndex.Open(index);
        Assert.That(Run("boilerplate", index, "--format", "jsonl").Out, Is.EqualTo(Run("boilerplate", Path.Combine(_dir, "notes"), "--format", "jsonl").Out));
    }

    [Test]
    public void Boilerplate_MissingFolder_ExitsTwoNamingIt()
    {
        string missing = Path.Combine(_dir, "missing");
        var (exit, _, err) = Run("boilerplate", missing);
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, $"neardup boilerplate: {missing}: no such folder or index.")));
    }

    [Test]
    public void Boilerplate_LeastDocumentsBelowTwo_ExitsTwo() =>
        Assert.That(Run("boilerplate", Path.Combine(_dir, "notes"), "--min-documents", "1").Exit, Is.EqualTo(Program.UsageError));

    [Test]
    public void Boilerplate_TextOutput_EscapesControlCharactersInIdsAsTheOtherCommandsDo()
    {
        // Two of the notes holding the footer renamed, one with a newline in its name, one with an escape sequence: they
        // sort first, so the footer's row names them as examples.
        string notes = Path.Combine(_dir, "notes");
        File.Move(Path.Combine(notes, "note00.txt"), Path.Combine(notes, "note\n00.txt"));
        File.Move(Path.Combine(notes, "note01.txt"), Path.Combine(notes, "note\u001b[31m01.txt"));
        var (exit, output, _) = Run("boilerplate", notes);
        Assert.That(
            (exit, output.Contains('\u001b', StringComparison.Ordinal), output.Contains("note\\n00.txt, note\\u001B[31m01.txt", StringComparison.Ordinal)),
            Is.EqualTo((Program.Success, false, true)),
            output);
    }

    [Test]
    public void Boilerplate_OfADamagedIndex_IsAFailureNotAUsageError()
    {
        string index = Path.Combine(_dir, "idx");
        Assert.That(Run("index", "create", index).Exit, Is.EqualTo(Program.Success));
        Assert.That(Run("index", "add", index, Path.Combine(_dir, "notes"), "--compact", "never").Exit, Is.EqualTo(Program.Success));
        string log = Path.Combine(index, "wal.ndlog");
        DamagedFiles.FlipByte(log, new FileInfo(log).Length / 2, 0x10);
        var (exit, _, err) = Run("boilerplate", index);
        Assert.That((exit, err.Contains("wal.ndlog", StringComparison.Ordinal)), Is.EqualTo((Program.Failure, true)), err);
    }
}
