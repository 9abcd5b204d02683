using System;
using System.IO;
using System.Text;
using NearDup.Cli;
using NUnit.Framework;

namespace NearDup.Tests.Support;

/// <summary>
/// Pairs of project-written texts for the tests of <c>neardup explain --html</c>, written into a folder of their own,
/// and the report the command line writes for them.
/// </summary>
/// <param name="folder">Where the files go (created when missing).</param>
internal sealed class ReportPairs(string folder)
{
    /// <summary>What precedes the harbour text in <see cref="WithWidePrefix"/>: emoji (two UTF-16 units each, one code
    /// point) and CJK characters (one each), so that code points and UTF-16 units part before the passage.</summary>
    public const string WidePrefix = "🙂🚢 港口の記録 📜\n\n";

    /// <summary><see cref="SpinTexts.Harbour"/> spun: about a third of its content words replaced.</summary>
    public static string Spun { get; } = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 21 }).Text;

    /// <summary><see cref="SpinTexts.Orchard"/> with all of <see cref="SpinTexts.Harbour"/> between its paragraphs: the
    /// harbour text is inside it.</summary>
    public static string Host { get; } = SpinTexts.Orchard.Insert(SpinTexts.Orchard.IndexOf("\n\n", StringComparison.Ordinal) + 2, SpinTexts.Harbour + "\n\n");

    /// <summary><see cref="SpinTexts.Harbour"/> after <see cref="WidePrefix"/>.</summary>
    public static string WithWidePrefix => WidePrefix + SpinTexts.Harbour;

    /// <summary>The folder the files are in.</summary>
    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    /// <summary>The path of <paramref name="name"/> in the folder.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a BOM.</summary>
    public string Write(string name, string text)
    {
        File.WriteAllText(PathOf(name), text, new UTF8Encoding(false));
        return PathOf(name);
    }

    /// <summary>Writes the two texts, runs <c>neardup explain A B --html</c> on them (asserting it succeeds) and
    /// returns the path of the report.</summary>
    public string Report(string nameA, string textA, string nameB, string textB, string report = "report.html")
    {
        string a = Write(nameA, textA), b = Write(nameB, textB), target = PathOf(report);
        var (exit, _, err) = CliRun.Run("explain", a, b, "--color", "never", "--html", target);
        Assert.That(exit, Is.EqualTo(Program.Success), err);
        return target;
    }

    /// <summary>The spun pair's report: the harbour text as A, its spun copy as B.</summary>
    public string SpunReport() => Report("harbour.txt", SpinTexts.Harbour, "harbour-spun.txt", Spun, "spun.html");

    /// <summary>The contained pair's report: the orchard text holding the harbour text as A, the harbour text as B.</summary>
    public string ContainedReport() => Report("orchard-and-harbour.txt", Host, "harbour.txt", SpinTexts.Harbour, "contained.html");
}
