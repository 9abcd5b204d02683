using System;
using System.CommandLine;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Tools.Shared;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>analysis-memory --megabytes N</c>: what analysing one long document costs in memory, against the size of its text:
/// the bytes allocated, the growth of the process's peak resident set, and the managed heap still held after the
/// document is dropped (what the shared array pools keep). One document per process, so the peak is its own.
/// </summary>
internal static class AnalysisMemoryVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var megabytes = Verb.Number("--megabytes", "Size of the document: unrelated generated articles (seed 4242) joined until the text holds this many million characters.", 50, 1, 1000);
        return Verb.Command(
            "analysis-memory",
            "Measure the memory of analysing one long document (allocated, peak resident growth, heap kept afterwards) per character of its text. Run it once per process.",
            parse => Run(parse.GetValue(megabytes)),
            megabytes);
    }

    private static int Run(int megabytes)
    {
        string text = LongText(megabytes * 1_000_000L);
        var analyzer = new DocumentAnalyzer();

        // Warm up on a small text (compiles every method once, fills the shared pools), so the long one measures analysis.
        for (int i = 0; i < 30; i++)
        {
            analyzer.Analyze("warm-up", text[..100_000]);
        }

        (long heapBefore, _) = Memory();
        var (seconds, allocated, peak, heapWith, tokens) = AnalyseOnce(analyzer, text);
        (long heapAfter, _) = Memory();
        double chars = text.Length;
        Console.WriteLine($"text {chars:N0} characters, {tokens:N0} content tokens; analysis {seconds:0.00} s");
        Console.WriteLine($"  allocated                 {allocated / 1e6,9:N0} MB  {allocated / chars,6:0.0} B/char");
        Console.WriteLine($"  peak resident growth      {peak / 1e6,9:N0} MB  {peak / chars,6:0.0} B/char");
        Console.WriteLine($"  heap held by the document {(heapWith - heapAfter) / 1e6,9:N0} MB  {(heapWith - heapAfter) / chars,6:0.0} B/char");
        Console.WriteLine($"  heap kept after it is gone{(heapAfter - heapBefore) / 1e6,9:N0} MB  {(heapAfter - heapBefore) / chars,6:0.0} B/char");
        return 0;
    }

    /// <summary>Analyses the text once and measures it; the document is unreachable when this returns (a method of its
    /// own, so that no local of the caller keeps it alive).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (double Seconds, long Allocated, long Peak, long HeapWith, int Tokens) AnalyseOnce(DocumentAnalyzer analyzer, string text)
    {
        long peakBefore = PeakWorkingSet();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        AnalyzedDocument document = analyzer.Analyze("long", text);
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long peak = PeakWorkingSet() - peakBefore;
        (long heapWith, _) = Memory();
        int tokens = document.ContentTokens.Length;
        GC.KeepAlive(document);
        return (watch.Elapsed.TotalSeconds, allocated, peak, heapWith, tokens);
    }

    /// <summary>Generated articles joined by blank lines until the text holds <paramref name="characters"/> characters.</summary>
    private static string LongText(long characters)
    {
        var builder = new StringBuilder();
        foreach (var document in Unrelated((int)(characters / 200)))
        {
            builder.Append(Encoding.UTF8.GetString(document.Utf8)).Append("\n\n");
            if (builder.Length >= characters)
            {
                break;
            }
        }

        return builder.ToString(0, (int)Math.Min(characters, builder.Length));
    }
}
