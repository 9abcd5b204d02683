using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text;
using NearDup.Benchmarks.Infrastructure;
using NearDup.Benchmarks.Sketching;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Shingles;
using NearDup.Text;

namespace NearDup.Benchmarks.Tools;

/// <summary><c>stages [ROUNDS]</c>: times each stage of <see cref="SketchThroughput"/> with a plain stopwatch (minimum
/// of many runs, quick to iterate on), and the whole of <c>DocumentAnalyzer.Analyze</c> for comparison.</summary>
internal static class StagesVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var rounds = Verb.NumberArgument("ROUNDS", "Timed runs per stage; the fastest is printed.", 200, min: 1);
        return Verb.Command(
            "stages",
            "Time each SketchThroughput stage on a batch of 64 documents, fastest of ROUNDS runs, with the bytes allocated per document. No tiered compilation (see the project file); 1.5 s of unmeasured runs per stage first warm the caches.",
            parse => Run(parse.GetValue(rounds)),
            rounds);
    }

    private static int Run(int rounds)
    {
        var bench = new SketchThroughput { Documents = 64 };
        bench.Setup();
        byte[][] batch = SketchThroughput.Batch(64);
        long bytes = batch.Sum(d => (long)d.Length);
        var analyzer = new NearDup.Analysis.DocumentAnalyzer();
        ulong[][] stems = batch.Select(Stems).ToArray();
        var pairs = new List<ulong>();
        var pairBuffer = new ulong[WordPairs.MaxPairs(stems.Max(s => s.Length))];
        (string Name, Func<ulong> Run)[] stages =
        [
            ("xxhash3", bench.XxHash3Bytes),
            ("a tokenize", bench.Tokenize),
            ("b shingles", bench.Shingle),
            ("c oph", bench.MinHashOnePermutation),
            ("d kperm", bench.MinHashKPermutation),
            ("e simhash", bench.SimHash),
            ("word pairs", () =>
            {
                // WordPairs.Pairs alone, over the stems of each document (tokenised and stemmed outside the timer).
                pairs.Clear();
                foreach (ulong[] s in stems)
                {
                    WordPairs.Pairs(s, pairs);
                }

                return (ulong)pairs.Count;
            }),
            ("pairs span", () =>
            {
                // The path analysis takes: the internal span overload, then sorting and de-duplicating in place.
                ulong kept = 0;
                foreach (ulong[] s in stems)
                {
                    int n = WordPairs.Pairs(s, pairBuffer);
                    kept += (ulong)WordPairs.SortDistinct(pairBuffer.AsSpan(0, n));
                }

                return kept;
            }),
            ("analyzer", () =>
            {
                // The whole of DocumentAnalyzer.Analyze, for comparison with the stages it is made of.
                ulong acc = 0;
                foreach (byte[] doc in batch)
                {
                    acc ^= analyzer.Analyze("d", doc).SimHash;
                }

                return acc;
            }),
        ];
        foreach ((string name, Func<ulong> run) in stages)
        {
            double best = FastestRun.Microseconds(() => run(), rounds);
            long before = GC.GetAllocatedBytesForCurrentThread();
            run();
            double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0 / batch.Length;
            Console.WriteLine($"{name,-12} {best,10:0.0} us  {bytes / best,8:0.0} MB/s  {allocated,8:0.0} KB allocated per document");
        }

        return 0;
    }

    private static ulong[] Stems(byte[] utf8)
    {
        string text = Encoding.UTF8.GetString(utf8);
        Token[] tokens = Tokenizer.Tokenize(text);
        var stems = new ulong[tokens.Length];
        int n = WordPairs.Stems(text, tokens, FunctionWords.English, foldConfusables: true, stems);
        return stems[..n];
    }
}
