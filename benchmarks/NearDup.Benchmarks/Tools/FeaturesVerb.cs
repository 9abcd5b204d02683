using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using NearDup.Indexing.Lsh;
using NearDup.Indexing.Passages;
using NearDup.Sketches.MinHash;
using NearDup.Verification;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>features DIR OUT.tsv</c>: every candidate pair of a corpus (before <c>CandidateGate</c>), with its sources (bit 1 word
/// LSH, 2 spin LSH, 4 word passages, 8 spin passages), cheap features (estimated Jaccard, band hits, shared and total
/// fingerprints, SimHash distance, lengths) and its verdict, as TSV: the data behind the gate's shares.
/// </summary>
/// <remarks>The sources are gathered here one by one, not through <c>CandidateIndex</c>, because the gate is what this
/// data is for: the library's lookup only gives the pairs after it.</remarks>
internal static class FeaturesVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var dir = Verb.Path("DIR", "Folder of *.txt documents, read recursively (a generated corpus's docs folder).");
        var output = Verb.Path("OUT", "The TSV file to write.");
        return Verb.Command(
            "features",
            "Write every candidate pair before the gate, with its sources, cheap features and verdict, as TSV. Not a timing.",
            parse => Run(parse.GetValue(dir)!, parse.GetValue(output)!),
            dir, output);
    }

    private static int Run(string dir, string output)
    {
        EngineParts scanner = EngineParts.Default;
        IndexOptions o = scanner.Options;
        string[] files = Directory.GetFiles(dir, "*.txt", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var docs = new AnalyzedDocument[files.Length];
        Parallel.For(0, files.Length, i => docs[i] = scanner.Analyzer.Analyze(Path.GetRelativePath(dir, files[i]).Replace('\\', '/'), File.ReadAllBytes(files[i])));
        var sources = new Dictionary<(int, int), int>();
        void Mark(IEnumerable<(int, int)> pairs, int bit)
        {
            foreach (var p in pairs)
            {
                sources[p] = sources.GetValueOrDefault(p) | bit;
            }
        }

        Mark(LshPairs(docs, d => d.MinHash, o.Analysis.MinHash, scanner.Banding), 1);
        Mark(LshPairs(docs, d => d.SpinSketch, o.Analysis.SpinSketch, scanner.SpinBanding), 2);
        Mark(PassagePairs(docs, d => d.PassageFingerprints, o.MaxPostings, o.MinSharedFingerprints), 4);
        Mark(PassagePairs(docs, d => d.SpinFingerprints, o.MaxPostings, o.MinSharedSpinFingerprints), 8);
        var lines = new string[sources.Count];
        var keys = sources.Keys.ToArray();
        Parallel.For(0, keys.Length, n =>
        {
            var (a, b) = keys[n];
            AnalyzedDocument x = docs[a], y = docs[b];
            PairVerdict? v = scanner.Verifier.Verify(x, y);
            int wb = Bands(x.MinHash.Values, y.MinHash.Values, scanner.Banding);
            int sb = Bands(x.SpinSketch.Values, y.SpinSketch.Values, scanner.SpinBanding);
            int sharedW = x.PassageFingerprints.Intersect(y.PassageFingerprints).Count();
            int sharedS = x.SpinFingerprints.Intersect(y.SpinFingerprints).Count();
            int ham = System.Numerics.BitOperations.PopCount(x.SimHash ^ y.SimHash);
            lines[n] = string.Join('\t', x.Id, y.Id, sources[keys[n]].ToString(CultureInfo.InvariantCulture),
                v is null ? "none" : v.Kind.ToString(),
                x.MinHash.EstimateJaccard(y.MinHash).ToString("0.000", CultureInfo.InvariantCulture),
                x.SpinSketch.EstimateJaccard(y.SpinSketch).ToString("0.000", CultureInfo.InvariantCulture),
                wb, sb, sharedW, x.PassageFingerprints.Distinct().Count(), y.PassageFingerprints.Distinct().Count(),
                sharedS, x.SpinFingerprints.Distinct().Count(), y.SpinFingerprints.Distinct().Count(), ham,
                x.ContentTokens.Length, y.ContentTokens.Length);
        });
        File.WriteAllLines(output, ["a\tb\tsrc\tverdict\twj\tsj\twb\tsb\tsw\tfa\tfb\tss\tga\tgb\tham\tna\tnb", .. lines]);
        Console.WriteLine($"{lines.Length} pairs");
        return 0;
    }

    /// <summary>The pairs sharing a band of one MinHash LSH, ungated.</summary>
    private static HashSet<(int, int)> LshPairs(AnalyzedDocument[] docs, Func<AnalyzedDocument, MinHashSketch> sketch, MinHashParameters parameters, LshParameters banding)
    {
        var lsh = new MinHashLshIndex(parameters, banding);
        for (int i = 0; i < docs.Length; i++)
        {
            lsh.Add(i, sketch(docs[i]));
        }

        var pairs = new HashSet<(int, int)>();
        var hits = new HashSet<int>();
        for (int i = 0; i < docs.Length; i++)
        {
            hits.Clear();
            lsh.Query(sketch(docs[i]), hits);
            foreach (int j in hits)
            {
                if (j > i)
                {
                    pairs.Add((i, j));
                }
            }
        }

        return pairs;
    }

    /// <summary>The pairs sharing at least <paramref name="minShared"/> fingerprints of one passage index, ungated.</summary>
    private static HashSet<(int, int)> PassagePairs(AnalyzedDocument[] docs, Func<AnalyzedDocument, IReadOnlyList<ulong>> fingerprints, int maxPostings, int minShared)
    {
        var passages = new PassageIndex(maxPostings);
        for (int i = 0; i < docs.Length; i++)
        {
            passages.Add(i, fingerprints(docs[i]));
        }

        return [.. passages.SharedPairs(minShared).Keys.Select(k => (k.A, k.B))];
    }

    private static int Bands(ReadOnlySpan<uint> x, ReadOnlySpan<uint> y, LshParameters banding)
    {
        int n = 0;
        for (int b = 0; b < banding.Bands; b++)
        {
            if (x.Slice(b * banding.Rows, banding.Rows).SequenceEqual(y.Slice(b * banding.Rows, banding.Rows)))
            {
                n++;
            }
        }

        return n;
    }
}
