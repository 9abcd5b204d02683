using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using StbImageSharp;

namespace NearDup.Tests.Support;

/// <summary>
/// Debian's <c>chromium</c>, run headless on a local file: the DOM it builds, what the page logs to its console, and a
/// screenshot. The tests that use it are ignored, naming the binary, where it is not installed (a fresh clone);
/// .ci/run installs it, so CI runs them.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>The names tried on PATH, in order.</summary>
    private static readonly string[] Names = ["chromium", "chromium-browser"];

    /// <summary>The browser's path, or <see cref="Assert.Ignore(string)"/> naming the binary when none is on PATH.</summary>
    public static string Require()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? found = Names.SelectMany(name => folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Ignore($"chromium is not installed: no '{string.Join("' or '", Names)}' on PATH (Debian: apt-get install chromium; .ci/run installs it).");
        }

        return found!;
    }

    /// <summary>How long one load may take: a few seconds each here, so a minute means the browser hung.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Loads <paramref name="page"/> and returns the DOM Chromium built (<c>--dump-dom</c>) and its log on
    /// stderr, which carries each console message (errors, Content-Security-Policy violations) as a line with
    /// <c>:CONSOLE</c> in it.</summary>
    public static (string Dom, string Log) DumpDom(string page) =>
        Run(page, "--enable-logging=stderr", "--v=0", "--dump-dom");

    /// <summary>Loads <paramref name="page"/> and returns the lines of its log that are console messages, and the
    /// whole log (for a failure's message).</summary>
    public static (string[] Messages, string Log) ConsoleMessages(string page)
    {
        string log = DumpDom(page).Log;
        return (log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray(), log);
    }

    /// <summary>Loads <paramref name="page"/> in a window <paramref name="width"/> × <paramref name="height"/> and returns
    /// the screenshot of it, decoded to 8-bit RGB (3 bytes a pixel, rows top to bottom).</summary>
    public static ImageResult Screenshot(string page, int width, int height)
    {
        string png = Path.Combine(Path.GetDirectoryName(page)!, Path.GetFileNameWithoutExtension(page) + ".png");
        var (_, log) = Run(page, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");
        Assert.That(File.Exists(png), Is.True, $"chromium wrote no screenshot:\n{log}");
        return ImageResult.FromMemory(File.ReadAllBytes(png), ColorComponents.RedGreenBlue);
    }

    /// <summary>Runs the browser headless on <paramref name="page"/>, failing the test unless it exits 0 within
    /// <see cref="Timeout"/> (else it is killed with its renderer and helpers).</summary>
    private static (string Out, string Err) Run(string page, params string[] arguments)
    {
        string browser = Require();

        // A profile of its own for each run: two runs sharing one would wait for each other's lock.
        string profile = Path.Combine(Path.GetTempPath(), "neardup-chromium-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, output, error) = ChildProcess.Run(
                browser,
                ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", $"--user-data-dir={profile}", .. arguments, new Uri(page).AbsoluteUri],
                environment: null,
                Timeout);
            Assert.That(exit, Is.Zero, $"chromium on {page} exited with {exit}:\n{error}");
            return (output, error);
        }
        finally
        {
            if (Directory.Exists(profile))
            {
                Directory.Delete(profile, recursive: true);
            }
        }
    }
}
