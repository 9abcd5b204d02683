using System;
using System.IO;
using System.Text;
using NearDup.Cli;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><c>--fail-on-copy</c>: exit code 3 when <c>scan</c>, <c>dedup</c> or <c>index query</c> found a copy, after
/// writing the output as usual; 0 when it found none; and without the option, 0 either way.</summary>
public class FailOnCopyTests
{
    private string _root = string.Empty;

    private string WithCopies => Path.Combine(_root, "with");

    private string WithoutCopies => Path.Combine(_root, "without");

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-fail-" + Guid.NewGuid().ToString("N"));
        Write(WithCopies, "a.txt", TestTexts.Lighthouse);
        Write(WithCopies, "b.txt", TestTexts.Lighthouse.ToUpperInvariant());
        Write(WithoutCopies, "a.txt", TestTexts.Lighthouse);
        Write(WithoutCopies, "c.txt", TestTexts.Sourdough);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private static void Write(string folder, string name, string text)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
    }

    private static (int, bool) ExitAndOutput(params string[] args)
    {
        var (exit, output, _) = CliRun.Run(args);
        return (exit, output.Contains("a.txt", StringComparison.Ordinal));
    }

    [Test]
    public void Scan_ExitsThreeWhenItFindsACopyAndStillPrintsIt() =>
        Assert.That(ExitAndOutput("scan", WithCopies, "-q", "--fail-on-copy"), Is.EqualTo((Program.CopiesFound, true)));

    [Test]
    public void Scan_ExitsZeroWithoutACopy() =>
        Assert.That(CliRun.Run("scan", WithoutCopies, "-q", "--fail-on-copy").Exit, Is.EqualTo(Program.Success));

    [Test]
    public void Scan_WithoutTheOption_ExitsZeroOnACopy() =>
        Assert.That(CliRun.Run("scan", WithCopies, "-q").Exit, Is.EqualTo(Program.Success));

    [Test]
    public void Dedup_ExitsThreeWhenItFindsAGroupAndStillPrintsIt() =>
        Assert.That(ExitAndOutput("dedup", WithCopies, "-q", "--fail-on-copy"), Is.EqualTo((Program.CopiesFound, true)));

    [Test]
    public void Dedup_ExitsZeroWithoutAGroup() =>
        Assert.That(CliRun.Run("dedup", WithoutCopies, "-q", "--fail-on-copy").Exit, Is.EqualTo(Program.Success));

    [Test]
    public void IndexQuery_ExitsThreeOnlyWhenAQueryCopiesAnIndexedDocument()
    {
        string index = Path.Combine(_root, "index");
        string other = Path.Combine(_root, "other");
        Write(other, "d.txt", TestTexts.BeesOne);
        CliRun.Run("index", "create", index);
        CliRun.Run("index", "add", index, WithoutCopies);
        Assert.That(
            (CliRun.Run("index", "query", index, WithCopies, "--fail-on-copy").Exit, CliRun.Run("index", "query", index, other, "--fail-on-copy").Exit),
            Is.EqualTo((Program.CopiesFound, Program.Success)));
    }
}
