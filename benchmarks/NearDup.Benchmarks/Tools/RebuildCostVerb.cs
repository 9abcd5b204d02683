using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using NearDup.Storage.Codecs;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>rebuild-cost --dir DIR</c>: what verifying one indexed document costs when it is not cached: decompressing its
/// text, rebuilding its tokens and shingles, and (for comparison) a full analysis and one verification against an
/// unrelated query. Single thread, medians over the first 2,000 documents.
/// </summary>
internal static class RebuildCostVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Dir("The index folder.");
        return Verb.Command(
            "rebuild-cost",
            "Time rebuilding an indexed document for verification (decompress, tokens and shingles) against a full analysis and one verification, single thread, over the first 2,000 documents. " +
            "No tiered compilation (see the project file); one unmeasured round over the same documents first warms the caches.",
            parse => Run(parse.GetValue(dir)!),
            dir);
    }

    private static int Run(string dir)
    {
        (IndexOptions options, var forms) = StoredForms(dir, limit: 2_000);
        var analyzer = new DocumentAnalyzer(options.Analysis);
        var verifier = options.CreateVerifier();
        AnalyzedDocument query = analyzer.Analyze("q", Unrelated(1).Select(d => Encoding.UTF8.GetString(d.Utf8)).First());
        var times = new Dictionary<string, List<double>> { ["decompress"] = [], ["tokens+shingles+set"] = [], ["full analysis"] = [], ["verify vs unrelated"] = [] };
        for (int round = 0; round < 2; round++)
        {
            foreach (var l in times.Values)
            {
                l.Clear(); // round 0 warms up
            }

            foreach (var (id, f) in forms)
            {
                long t = Stopwatch.GetTimestamp();
                string text = TextCompression.Decompress(f.CompressedText, f.TextBytes, id, dir);
                times["decompress"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                t = Stopwatch.GetTimestamp();
                var lean = analyzer.AnalyzeForVerification(id, text, f.ExactHash, f.SimHash);
                times["tokens+shingles+set"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                t = Stopwatch.GetTimestamp();
                analyzer.Analyze(id, text);
                times["full analysis"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                t = Stopwatch.GetTimestamp();
                verifier.Verify(lean, query);
                times["verify vs unrelated"].Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }
        }

        foreach (var (name, list) in times)
        {
            list.Sort();
            Console.WriteLine($"  {name,-22} median {Pct(list, 0.5),7:0.0} µs  p90 {Pct(list, 0.9),7:0.0} µs");
        }

        return 0;
    }
}
