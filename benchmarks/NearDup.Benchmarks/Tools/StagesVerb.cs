using System;
using System.CommandLine;
using System.Linq;
using NearDup.Benchmarks.Infrastructure;
using NearDup.Benchmarks.Sketching;
using NearDup.Benchmarks.Tools.Shared;

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
        (string Name, Func<ulong> Run)[] stages =
        [
            ("xxhash3", bench.XxHash3Bytes),
            ("a tokenize", bench.Tokenize),
            ("b shingles", bench.Shingle),
            ("c oph", bench.MinHashOnePermutation),
            ("d kperm", bench.MinHashKPermutation),
            ("e simhash", bench.SimHash),
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
}
