using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NearDup.Cli;
using NearDup.Cli.Index;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>
/// The index commands on file systems that refuse writes: a full one (a small tmpfs) and a read-only one (a read-only
/// bind mount). They need <c>mount</c> and the right to use it (root on Linux); without it they are skipped, saying so.
/// </summary>
[NonParallelizable]
public class IndexOnMountsTests
{
    private string _root = string.Empty;
    private string? _mounted;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-mounts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void TearDown()
    {
        if (_mounted is not null)
        {
            Mount("umount", _mounted);
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Runs mount or umount; false when it failed (not permitted, not installed).</summary>
    private static bool Mount(string tool, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            using Process process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private void MountOrSkip(string mountPoint, params string[] args)
    {
        Directory.CreateDirectory(mountPoint);
        if (!OperatingSystem.IsLinux() || !Mount("mount", args))
        {
            Assert.Ignore($"needs `mount {string.Join(' ', args)}` to succeed (Linux, as root); skipped");
        }

        _mounted = mountPoint;
    }

    /// <summary>A new, empty index on a tmpfs of <paramref name="size"/> (mount's size syntax) mounted at
    /// <c>disk</c>; the test is skipped where it cannot be mounted.</summary>
    private string IndexOnTmpfs(string size)
    {
        string disk = Path.Combine(_root, "disk");
        MountOrSkip(disk, "-t", "tmpfs", "-o", $"size={size}", "tmpfs", disk);
        string index = Path.Combine(disk, "index");
        Assert.That(Run("index", "create", index).Exit, Is.EqualTo(Program.Success));
        return index;
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    /// <summary>Texts of made-up words, different enough that each is its own document, about 2 KB each.</summary>
    private string WriteDocuments(int count)
    {
        string folder = Path.Combine(_root, "documents");
        Directory.CreateDirectory(folder);
        string[] words = TestTexts.MadeUpWords();
        var random = new Random(16);
        for (int d = 0; d < count; d++)
        {
            string text = string.Join(' ', Enumerable.Range(0, 300).Select(_ => words[random.Next(words.Length)]));
            File.WriteAllText(Path.Combine(folder, $"doc-{d:D3}.txt"), text, new UTF8Encoding(false));
        }

        return folder;
    }

    /// <summary>300 texts, every tenth one too short to add: in each batch of ten, nine of 300 made-up words, then one of
    /// two words.</summary>
    private string WriteDocumentsWithShortOnes(int seed)
    {
        string documents = Path.Combine(_root, "with-short");
        Directory.CreateDirectory(documents);
        string[] words = TestTexts.MadeUpWords();
        var random = new Random(seed);
        for (int d = 0; d < 300; d++)
        {
            int length = d % 10 == 9 ? 2 : 300;
            File.WriteAllText(Path.Combine(documents, $"d{d:D4}.txt"), string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)])), new UTF8Encoding(false));
        }

        return documents;
    }

    [Test]
    public void Index_add_that_fills_the_disk_part_way_says_how_many_documents_and_batches_are_committed_and_they_are()
    {
        string documents = WriteDocuments(300);
        string index = IndexOnTmpfs("400k");

        var (exit, _, err) = Run("index", "add", index, documents, "--batch", "10");

        Match committed = Regex.Match(err, @"The batches before it are committed and durable: (\d+) documents in (\d+) batches; the batch of 10 being written was not added\.");
        Assert.That((exit, committed.Success, err.Contains("   at ", StringComparison.Ordinal)), Is.EqualTo((IndexCommand.Failure, true, false)), err);
        int added = int.Parse(committed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int batches = int.Parse(committed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var (infoExit, info, _) = Run("index", "info", index);
        Assert.That(
            (added, batches > 0, added < 300, infoExit, info.Split('\n')[0].Trim()),
            Is.EqualTo((batches * 10, true, true, Program.Success, $"documents:        {added}")),
            info);
    }

    [Test]
    public void Index_add_that_fills_the_disk_leaves_no_part_of_the_batch_it_could_not_write_so_verify_finds_nothing()
    {
        string documents = WriteDocuments(300);
        string index = IndexOnTmpfs("400k");
        var (exit, _, _) = Run("index", "add", index, documents, "--batch", "10");
        var (verifyExit, verified, verifyErr) = Run("index", "verify", index);
        Assert.That((exit, verifyExit), Is.EqualTo((IndexCommand.Failure, Program.Success)), verified + verifyErr);
    }

    [Test]
    public void Index_add_that_fills_the_disk_names_the_short_documents_of_the_batch_it_could_not_write_too()
    {
        string documents = WriteDocumentsWithShortOnes(seed: 17);

        string index = IndexOnTmpfs("400k");

        var (exit, _, err) = Run("index", "add", index, documents, "--batch", "10", "--min-words", "5");

        Match committed = Regex.Match(err, @"committed and durable: (\d+) documents in (\d+) batches; the batch of 9 being written was not added\.");
        int added = committed.Success ? int.Parse(committed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        int batches = committed.Success ? int.Parse(committed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        string[] named = [.. Regex.Matches(err, @"skipped (\S+): ").Select(m => m.Groups[1].Value)];
        string[] shortOnes = [.. Enumerable.Range(0, Math.Max(0, batches + 1)).Select(k => $"d{(10 * k) + 9:D4}.txt")];
        Assert.That(
            (exit, committed.Success, batches > 0, added, named, err.Contains("   at ", StringComparison.Ordinal)),
            Is.EqualTo((IndexCommand.Failure, true, true, 9 * batches, shortOnes, false)),
            err);
    }

    [Test]
    public void Index_add_that_fills_the_disk_says_what_is_committed_even_when_naming_the_short_documents_fails()
    {
        string documents = WriteDocumentsWithShortOnes(seed: 18);

        string index = IndexOnTmpfs("400k");

        // The disk filled before the first batch, and stderr on a disk as full as the index's: every line naming a
        // skipped document fails to be written.
        using (FileStream filler = File.Create(Path.Combine(Path.GetDirectoryName(index)!, "filler")))
        {
            var block = new byte[4096];
            try
            {
                while (true)
                {
                    filler.Write(block);
                    filler.Flush(flushToDisk: true);
                }
            }
            catch (IOException)
            {
            }
        }

        var stderr = new FailingOnSkipped();
        int exit = Program.Run(["index", "add", index, documents, "--batch", "10", "--min-words", "5"], new StringWriter(), stderr);

        string err = stderr.ToString();
        Assert.That(
            (exit, Regex.IsMatch(err, @"committed and durable: 0 documents in 0 batches; the batch of 9 being written was not added\."), stderr.Refused, err.Contains("   at ", StringComparison.Ordinal)),
            Is.EqualTo((IndexCommand.Failure, true, 1, false)),
            err);
    }

    [TestCase("auto", Program.Success)]
    [TestCase("always", IndexCommand.Failure)]
    public void Index_add_whose_compaction_fills_the_disk_says_the_documents_are_committed_and_leaves_the_index_as_it_was(string compact, int expectedExit)
    {
        // Room for the log of 300 documents, not for a snapshot of them with its structure image beside it.
        string documents = WriteDocuments(300);
        string index = IndexOnTmpfs("2m");

        var (exit, _, err) = Run("index", "add", index, documents, "--compact", compact, "--compact-min-log-bytes", "1");

        string[] lines = CliRun.Lines(err);
        Assert.That(
            (exit, lines[0], lines[^1].StartsWith("neardup index add: the documents added are committed and durable, but compacting failed: ", StringComparison.Ordinal), err.Contains("   at ", StringComparison.Ordinal)),
            Is.EqualTo((expectedExit, "neardup index add: 300 added, 0 skipped; 300 documents in the index.", true, false)),
            err);
        Assert.That(Directory.GetFiles(index).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "index.lock", "snapshot.ndup", "wal.ndlog" }), "no temporary snapshot left");
        var (infoExit, info, _) = Run("index", "info", index);
        Assert.That((infoExit, info.Split('\n')[0].Trim()), Is.EqualTo((Program.Success, "documents:        300")), info);
    }

    /// <summary>A writer that refuses, with an <see cref="IOException"/>, every line naming a skipped document.</summary>
    private sealed class FailingOnSkipped : StringWriter
    {
        public int Refused { get; private set; }

        public override void WriteLine(string? value)
        {
            if (value is not null && value.Contains(": skipped ", StringComparison.Ordinal))
            {
                Refused++;
                throw new IOException("No space left on device (stderr)");
            }

            base.WriteLine(value);
        }
    }

    [Test]
    public void On_a_read_only_mount_query_info_and_verify_answer_and_add_says_the_folder_cannot_be_written()
    {
        string documents = WriteDocuments(12);
        string index = Path.Combine(_root, "index");
        Assert.That(Run("index", "create", index).Exit, Is.EqualTo(Program.Success));
        Assert.That(Run("index", "add", index, documents).Exit, Is.EqualTo(Program.Success));
        string readOnly = Path.Combine(_root, "ro");
        MountOrSkip(readOnly, "--bind", index, readOnly);
        Assert.That(Mount("mount", "-o", "remount,bind,ro", readOnly), Is.True, "remounted read-only");
        string copy = Path.Combine(_root, "query");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(documents, "doc-003.txt"), Path.Combine(copy, "again.txt"));

        var (queryExit, query, _) = Run("index", "query", readOnly, copy, "--format", "jsonl");
        var (infoExit, info, _) = Run("index", "info", readOnly);
        var (verifyExit, _, _) = Run("index", "verify", readOnly);
        var (addExit, _, addErr) = Run("index", "add", readOnly, copy);

        Assert.That(
            (queryExit, query.Contains("\"a\":\"doc-003.txt\",\"b\":\"again.txt\"", StringComparison.Ordinal), infoExit, info.Split('\n')[0].Trim(), verifyExit),
            Is.EqualTo((Program.Success, true, Program.Success, "documents:        12", Program.Success)),
            query);
        Assert.That(
            (addExit, addErr.Contains("for writing (Read-only file system", StringComparison.Ordinal), addErr.Contains("another writer", StringComparison.Ordinal)),
            Is.EqualTo((IndexCommand.Failure, true, false)),
            addErr);
    }
}
