using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace NearDup.Tests.Support;

/// <summary>The child-process runner the browser tests use, on small <c>sh</c> scripts.</summary>
public class ChildProcessTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neardup-child-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Run_returns_the_exit_code_and_both_streams()
    {
        var result = ChildProcess.Run("sh", ["-c", "echo out; echo err >&2; exit 3"], null, TimeSpan.FromSeconds(30));
        Assert.That(result, Is.EqualTo((3, "out\n", "err\n")));
    }

    [Test]
    public void Run_sets_and_removes_environment_variables()
    {
        var environment = new Dictionary<string, string?> { ["NEARDUP_CHILD_SET"] = "set", ["HOME"] = null };
        var (_, output, _) = ChildProcess.Run("sh", ["-c", "printf '%s|%s' \"$NEARDUP_CHILD_SET\" \"${HOME-unset}\""], environment, TimeSpan.FromSeconds(30));
        Assert.That(output, Is.EqualTo("set|unset"));
    }

    [Test]
    public void Run_does_not_wait_for_a_child_that_reads_standard_input()
    {
        var (exit, output, _) = ChildProcess.Run("sh", ["-c", "cat; echo done"], null, TimeSpan.FromSeconds(30));
        Assert.That((exit, output), Is.EqualTo((0, "done\n")));
    }

    [Test]
    public void Run_runs_in_the_working_directory()
    {
        File.WriteAllText(Path.Combine(_dir, "marker.txt"), "here");
        var (_, output, _) = ChildProcess.Run("sh", ["-c", "cat marker.txt"], null, TimeSpan.FromSeconds(30), _dir);
        Assert.That(output, Is.EqualTo("here"));
    }

    [Test]
    public void Run_past_the_timeout_throws_with_what_the_child_printed()
    {
        var clock = Stopwatch.StartNew();
        var thrown = Assert.Throws<TimeoutException>(() => ChildProcess.Run("sh", ["-c", "echo started; sleep 60"], null, TimeSpan.FromSeconds(1)));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "returned well before the child would have ended");
        Assert.That(thrown!.Message, Does.Contain("did not finish within 1 s").And.Contain("started"));
    }

    [Test]
    public void Run_past_the_timeout_kills_the_processes_the_child_started()
    {
        // The grandchild writes its id to a file; after the timeout it must be gone (or a zombie awaiting its reaper).
        string pidFile = Path.Combine(_dir, "grandchild.pid");
        Assert.Throws<TimeoutException>(() => ChildProcess.Run("sh", ["-c", $"sleep 60 & echo $! > '{pidFile}'; wait"], null, TimeSpan.FromSeconds(1)));
        int grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(() => IsRunning(grandchild), Is.False.After(10_000, 100), $"grandchild {grandchild} still running");
    }

    [Test]
    public void Run_does_not_wait_for_a_grandchild_that_keeps_the_output_open()
    {
        // sh exits at once, but the sleep it left behind holds stdout and stderr: the runner gives up rather than hang.
        string pidFile = Path.Combine(_dir, "grandchild.pid");
        var clock = Stopwatch.StartNew();
        try
        {
            var thrown = Assert.Throws<TimeoutException>(() => ChildProcess.Run("sh", ["-c", $"sleep 60 & echo $! > '{pidFile}'"], null, TimeSpan.FromSeconds(30)));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "returned well before the grandchild would have ended");
            Assert.That(thrown!.Message, Does.Contain("exited with 0, but its output was still open"));
        }
        finally
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int grandchild) && IsRunning(grandchild))
            {
                using Process process = Process.GetProcessById(grandchild);
                process.Kill();
            }
        }
    }

    /// <summary>Whether process <paramref name="id"/> exists and is not a zombie (Linux: its /proc entry's state).</summary>
    private static bool IsRunning(int id)
    {
        string stat = Path.Combine("/proc", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat");
        try
        {
            string text = File.ReadAllText(stat);

            // pid (comm) state ...: the name may hold spaces or parentheses, so the state follows the last ')'.
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
