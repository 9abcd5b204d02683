using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Numerics;
using NearDup.Analysis;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Shingles;
using NearDup.Sketches.SimHash;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>simhash-probe DIR</c>: for SimHash over word n-grams of size 1, 2, 3 and 5, how many pairs of the first 5,000
/// documents of a generated corpus fall within 3, 6 and 10 bits, against the distances of its labelled pairs per kind:
/// the data behind the SimHash feature choice.
/// </summary>
internal static class SimHashProbeVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Path("DIR", "A generated corpus: DIR/docs and DIR/labels.tsv.");
        return Verb.Command(
            "simhash-probe",
            "Compare SimHash distances of all pairs with those of the labelled pairs, for word n-grams of size 1, 2, 3 and 5. Not a timing.",
            parse => Run(parse.GetValue(dir)!),
            dir);
    }

    private static int Run(string dir)
    {
        var labels = File.ReadAllLines(Path.Combine(dir, "labels.tsv")).Select(l => l.Split('\t')).Where(p => p.Length > 2 && p[0] != "a").ToList();
        string[] files = Directory.GetFiles(Path.Combine(dir, "docs")).OrderBy(f => f, StringComparer.Ordinal).Take(5000).ToArray();
        var texts = files.ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        foreach (int size in new[] { 1, 2, 3, 5 })
        {
            var analyzer = new DocumentAnalyzer(new AnalysisOptions(simHash: new SimHashParameters(SimHashParameters.DefaultSeed, new ShingleSpec(ShingleUnit.Word, size))));
            var hashes = new Dictionary<string, ulong>();
            foreach (var (name, bytes) in texts)
            {
                hashes[name] = analyzer.Analyze(name, bytes).SimHash;
            }

            var names = hashes.Keys.OrderBy(x => x, StringComparer.Ordinal).ToArray();
            var histogram = new long[65];
            for (int i = 0; i < names.Length; i++)
            {
                for (int j = i + 1; j < names.Length; j++)
                {
                    histogram[BitOperations.PopCount(hashes[names[i]] ^ hashes[names[j]])]++;
                }
            }

            var byKind = new Dictionary<string, List<int>>();
            foreach (var p in labels)
            {
                if (hashes.TryGetValue(p[0], out ulong a) && hashes.TryGetValue(p[1], out ulong b))
                {
                    if (!byKind.TryGetValue(p[2], out var l)) byKind[p[2]] = l = [];
                    l.Add(BitOperations.PopCount(a ^ b));
                }
            }

            Console.WriteLine($"size {size}: all pairs <=3: {histogram.Take(4).Sum()}  <=6: {histogram.Take(7).Sum()}  <=10: {histogram.Take(11).Sum()} of {histogram.Sum()}");
            foreach (var (k, l) in byKind)
            {
                l.Sort();
                Console.WriteLine($"   {k,-15} n={l.Count} <=3: {l.Count(x => x <= 3)}  median {l[l.Count / 2]}  p90 {l[(int)(l.Count * 0.9)]}");
            }
        }

        return 0;
    }
}
