using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NearDup.Tests.Support;
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
        var (exitCode, _, stderr) = ChildProcess.Run("dotnet", [cli, "scan", _dir, "-q"], new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x6000000" }, TimeSpan.FromMinutes(2));
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("neardup scan: out of memory."));
            Assert.That(stderr, Does.Not.Contain("   at "));
        });
    }
}
