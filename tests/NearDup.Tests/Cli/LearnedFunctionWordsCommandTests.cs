using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>
/// <c>scan</c>, <c>dedup</c> and <c>explain --context</c> learn the function words of documents in a language the
/// built-in English list does not cover, here an invented one (<see cref="InventedLanguage"/>): a copy whose articles and
/// prepositions were edited is then a near-duplicate; with English alone it is no copy at all.
/// </summary>
public class LearnedFunctionWordsCommandTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "neardup-learn-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var random = new Random(20);
        for (int i = 0; i < 12; i++)
        {
            Write($"doc{i:00}.txt", InventedLanguage.Document(random));
        }

        string original = InventedLanguage.Document(new Random(2), words: 300);
        Write("original.txt", original);
        Write("edited.txt", InventedLanguage.Edited(original, new Random(3), 0.3));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text, new UTF8Encoding(false));

    private static List<(string, string, string)> Pairs(string jsonl) =>
        [.. CliRun.Lines(jsonl).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(o => (o.GetProperty("a").GetString()!, o.GetProperty("b").GetString()!, o.GetProperty("kind").GetString()!))];

    [Test]
    public void Scan_FolderInAnotherLanguage_FindsTheEditedCopyAsANearDuplicate()
    {
        var (exit, stdout, _) = CliRun.Run("scan", _dir, "--format", "jsonl", "-q");
        Assert.That((exit, Pairs(stdout)), Is.EqualTo((0, new List<(string, string, string)> { ("edited.txt", "original.txt", "near-duplicate") })));
    }

    [Test]
    public void Scan_FolderInAnotherLanguage_SaysWhichFunctionWordsItLearned()
    {
        var (_, _, stderr) = CliRun.Run("scan", _dir, "--progress", "none");
        Assert.That(stderr, Does.Contain("neardup scan: learned 12 function words from 14 documents in another language"));
    }

    [Test]
    public void Scan_NoLearning_FindsNoCopyAndSaysNothingLearned()
    {
        var (exit, stdout, stderr) = CliRun.Run("scan", _dir, "--format", "jsonl", "--progress", "none", "--no-learning");
        Assert.That((exit, Pairs(stdout).Count, stderr.Contains("learned")), Is.EqualTo((0, 0, false)));
    }

    [Test]
    public void Scan_FunctionWordsFile_LearnsNothing()
    {
        string list = Path.Combine(_dir, "words.list");
        File.WriteAllText(list, "the of and");
        var (exit, _, stderr) = CliRun.Run("scan", _dir, "--function-words", list, "--progress", "none");
        Assert.That((exit, stderr.Contains("learned")), Is.EqualTo((0, false)));
    }

    [Test]
    public void Scan_DatasetInAnotherLanguage_FindsTheEditedCopyAsANearDuplicate()
    {
        string dataset = Path.Combine(Path.GetTempPath(), "neardup-learn-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            File.WriteAllLines(dataset, Directory.GetFiles(_dir).Order(StringComparer.Ordinal)
                .Select(f => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = Path.GetFileName(f), ["text"] = File.ReadAllText(f) })));
            var (exit, stdout, _) = CliRun.Run("scan", dataset, "--format", "jsonl", "-q");
            Assert.That((exit, Pairs(stdout)), Is.EqualTo((0, new List<(string, string, string)> { ("edited.txt", "original.txt", "near-duplicate") })));
        }
        finally
        {
            File.Delete(dataset);
        }
    }

    [Test]
    public void Dedup_AllKindsInAnotherLanguage_GroupsTheEditedCopyWithItsOriginal()
    {
        var (exit, stdout, _) = CliRun.Run("dedup", _dir, "--kinds", "all", "--format", "jsonl", "-q");
        string[] members = [.. JsonDocument.Parse(CliRun.Lines(stdout).Single()).RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)];
        Assert.That((exit, members), Is.EqualTo((0, new[] { "edited.txt", "original.txt" })));
    }

    [Test]
    public void Dedup_NoLearning_GroupsNothingAndSaysNothingLearned()
    {
        var (exit, stdout, stderr) = CliRun.Run("dedup", _dir, "--kinds", "all", "--format", "jsonl", "--progress", "none", "--no-learning");
        Assert.That((exit, CliRun.Lines(stdout).Length, stderr.Contains("learned")), Is.EqualTo((0, 0, false)));
    }

    [Test]
    public void Dedup_FolderInAnotherLanguage_SaysWhichFunctionWordsItLearned()
    {
        var (_, _, stderr) = CliRun.Run("dedup", _dir, "--progress", "none");
        Assert.That(stderr, Does.Contain("neardup dedup: learned 12 function words from 14 documents in another language"));
    }

    [Test]
    public void Explain_NoLearningWithoutContext_PrintsNoNote()
    {
        var (exit, _, stderr) = CliRun.Run("explain", Path.Combine(_dir, "original.txt"), Path.Combine(_dir, "edited.txt"), "--color", "never", "--no-learning");
        Assert.That((exit, stderr), Is.EqualTo((0, string.Empty)));
    }

    [Test]
    public void IndexCreateLearnFrom_QueryFindsTheEditedCopyAsTheScanDoes()
    {
        string index = Path.Combine(Path.GetTempPath(), "neardup-learn-index-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (created, _, createErr) = CliRun.Run("index", "create", index, "--learn-from", _dir);
            CliRun.Run("index", "add", index, Path.Combine(_dir, "original.txt"), "--progress", "none");
            var (_, info, _) = CliRun.Run("index", "info", index);
            var (queried, stdout, _) = CliRun.Run("index", "query", index, Path.Combine(_dir, "edited.txt"), "--format", "jsonl");
            Assert.That(
                (created, createErr.Contains("learned 12 function words"), info.Contains("learned words:    12"), queried, Pairs(stdout).Select(p => (Path.GetFileName(p.Item1), p.Item3)).ToList()),
                Is.EqualTo((0, true, true, 0, new List<(string, string)> { ("original.txt", "near-duplicate") })));
        }
        finally
        {
            if (Directory.Exists(index))
            {
                Directory.Delete(index, recursive: true);
            }
        }
    }

    [Test]
    public void IndexCreateLearnFrom_MissingFolder_IsAUsageErrorAndCreatesNothing()
    {
        string index = Path.Combine(Path.GetTempPath(), "neardup-learn-index-" + Guid.NewGuid().ToString("N"));
        var (exit, _, stderr) = CliRun.Run("index", "create", index, "--learn-from", Path.Combine(_dir, "nowhere"));
        Assert.That((exit, stderr.Contains("--learn-from"), Directory.Exists(index)), Is.EqualTo((2, true, false)));
    }

    [Test]
    public void IndexCreateLearnFrom_TooFewDocumentsToLearnFrom_FailsAndCreatesNothing()
    {
        string sample = Path.Combine(_dir, "sample");
        Directory.CreateDirectory(sample);
        foreach (string name in new[] { "doc00.txt", "doc01.txt", "doc02.txt" })
        {
            File.Copy(Path.Combine(_dir, name), Path.Combine(sample, name));
        }

        string index = Path.Combine(Path.GetTempPath(), "neardup-learn-index-" + Guid.NewGuid().ToString("N"));
        var (exit, _, stderr) = CliRun.Run("index", "create", index, "--learn-from", sample);
        Assert.That(
            (exit, stderr.Contains("3 of its 3 documents can teach") && stderr.Contains("nothing created"), Directory.Exists(index)),
            Is.EqualTo((1, true, false)));
    }

    [Test]
    public void IndexCreateLearnFrom_FolderWithoutText_IsAUsageErrorAndCreatesNothing()
    {
        string sample = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(sample);
        string index = Path.Combine(Path.GetTempPath(), "neardup-learn-index-" + Guid.NewGuid().ToString("N"));
        var (exit, _, stderr) = CliRun.Run("index", "create", index, "--learn-from", sample);
        Assert.That((exit, stderr.Contains("no *.txt file to learn from"), Directory.Exists(index)), Is.EqualTo((2, true, false)));
    }

    [Test]
    public void Explain_ContextFolder_GivesTheVerdictTheScanGives()
    {
        var (exit, stdout, _) = CliRun.Run("explain", Path.Combine(_dir, "original.txt"), Path.Combine(_dir, "edited.txt"), "--context", _dir, "--color", "never");
        Assert.That((exit, stdout.Contains("Verdict: near-duplicate")), Is.EqualTo((0, true)));
    }

    [Test]
    public void Explain_WithoutContext_SaysTheTextIsInAnotherLanguage()
    {
        var (exit, _, stderr) = CliRun.Run("explain", Path.Combine(_dir, "original.txt"), Path.Combine(_dir, "edited.txt"), "--color", "never");
        Assert.That((exit, stderr), Is.EqualTo((0, "neardup explain: a text is in another language than the built-in English function words; give --context DIR (its function words are then learned from the collection, as scan learns them) or --function-words FILE." + Environment.NewLine)));
    }
}
