using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>The command line in a process whose heap is capped below what a file's analysis needs: a message, no stack
/// trace.</summary>
[Category("Slow")]
public class OutOfMemoryTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "neardup-oom-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Scan_FileTooLargeForTheHeap_SaysOutOfMemoryWithoutAStackTrace()
    {
        // 16 MB of seeded words under a 96 MB heap: analysis needs about 20 times the file.
        var random = new Random(7);
        var text = new StringBuilder();
        while (text.Length < 16_000_000)
        {
            text.Append((char)('a' + random.Next(26))).Append((char)('a' + random.Next(26))).Append((char)('a' + random.Next(26))).Append(' ');
        }

        File.WriteAllText(Path.Combine(_dir, "large.txt"), text.ToString());
        File.WriteAllText(Path.Combine(_dir, "small.txt"), "a few words of a small text");
        string cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "neardup.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { cli, "scan", _dir, "-q" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_GCHeapHardLimit"] = "0x6000000";
        using Process process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the scan did not finish within 2 minutes");
        }

        _ = stdout.Result;
        string stderr = error.Result;
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("neardup scan: out of memory."));
            Assert.That(stderr, Does.Not.Contain("   at "));
        });
    }
}
