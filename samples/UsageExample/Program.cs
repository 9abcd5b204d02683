// NearDup usage example: keep an index of originals and ask what a new text copies; find every copied pair of a
// folder; then look at the building blocks underneath.
//
//   dotnet run --project samples/UsageExample [CORPUS_DIR]
//
// Without an argument it uses the sample corpus (samples/corpus), found by walking up from the current directory
// and from the executable's directory. Originals are the files under CORPUS_DIR/originals when that folder exists.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Verification;

Console.OutputEncoding = Encoding.UTF8;

string? root = args.Length > 0 ? args[0] : FindSampleCorpus();
if (root is null || !Directory.Exists(root))
{
    Console.Error.WriteLine($"Corpus folder not found: {root ?? "samples/corpus"}. Pass a folder as the first argument.");
    return 2;
}

// Ids are free-form; here they are paths relative to the corpus folder, with '/' separators.
List<(string Id, string Text)> files = Directory.EnumerateFiles(root, "*.txt", SearchOption.AllDirectories)
    .Order(StringComparer.Ordinal)
    .Select(path => (Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(path)))
    .ToList();

// 1. The front door: an index of originals (in memory here; NearDupIndex.Create("idx/") keeps one on disk), and a
//    query per new text. Each answer is verified: the kind of copy, a score, and the evidence.
using (NearDupIndex index = NearDupIndex.CreateInMemory())
{
    bool IsOriginal(string id) => id.StartsWith("originals/", StringComparison.Ordinal);
    index.AddBatch(files.Where(f => IsOriginal(f.Id)));
    Console.WriteLine($"Indexed {index.Count} originals; querying the other {files.Count(f => !IsOriginal(f.Id))} texts:");
    foreach (var (id, text) in files.Where(f => !IsOriginal(f.Id)))
    {
        foreach (PairVerdict v in index.Query(text, id))
        {
            Console.WriteLine($"  {v.B} is a {v.Kind.ToName()} copy of {v.A} (score {v.Score:0.00})");
        }
    }

    Console.WriteLine();
}

// 2. Every copied pair among the files, with the same engine: analyse each text under the index options, then find
//    all pairs (candidates from exact hashes, MinHash LSH and shared passage fingerprints, each verified).
IndexOptions options = IndexOptions.Default;
var analyzer = new DocumentAnalyzer(options.Analysis);
List<AnalyzedDocument> documents = files.Select(f => analyzer.Analyze(f.Id, f.Text)).ToList();
IReadOnlyList<PairVerdict> verdicts = NearDupIndex.FindAllPairs(documents, options);
Console.WriteLine($"Scanned {documents.Count} documents in {root}: {verdicts.Count} pairs flagged.");
Console.WriteLine();

// 3. Each verdict says what kind of copy it is, how strong, and where the shared text is.
var byId = documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
foreach (PairVerdict v in verdicts)
{
    Console.WriteLine($"{v.Kind.ToName()} (score {v.Score:0.00}): {v.A}  <->  {v.B}");
    PairFigures f = v.Figures;
    Console.WriteLine($"  jaccard {f.Jaccard:0.00}, coverage A {f.CoverageA:0.00}, B {f.CoverageB:0.00}, simhash distance {f.SimHashDistance}"
        + (v.Kind == MatchKind.Contained ? (v.AInsideB ? "; A is inside B" : "; B is inside A") : string.Empty));
    if (v.Passages.Count > 0)
    {
        // Passages are character ranges of the original texts, longest first.
        AlignedPassage p = v.Passages[0];
        Console.WriteLine($"  longest shared passage ({p.ATokens} / {p.BTokens} tokens):");
        Console.WriteLine($"    A: \"{Quote(byId[v.A].Text, p.AStart, p.AEnd)}\"");
        Console.WriteLine($"    B: \"{Quote(byId[v.B].Text, p.BStart, p.BEnd)}\"");
    }

    Console.WriteLine();
}

// 4. The lower-level API, on the first flagged pair that is not an exact copy: shingle, sketch, compare.
PairVerdict? sample = verdicts.FirstOrDefault(v => v.Kind != MatchKind.Exact) ?? verdicts.FirstOrDefault();
if (sample is not null)
{
    string textA = byId[sample.A].Text, textB = byId[sample.B].Text;
    ShingleSpec spec = ShingleSpec.Default;                             // word 5-grams
    ShingleSet setA = ShingleSet.From(Shingler.Shingle(textA, spec));
    ShingleSet setB = ShingleSet.From(Shingler.Shingle(textB, spec));
    var minHasher = new MinHasher(MinHashParameters.Default);          // 128 one-permutation MinHash values
    MinHashSketch sketchA = minHasher.Sketch(setA), sketchB = minHasher.Sketch(setB);
    Console.WriteLine($"Low-level API on {sample.A} / {sample.B}:");
    Console.WriteLine($"  {setA.Count} and {setB.Count} distinct {spec} shingles");
    Console.WriteLine($"  MinHash estimate of Jaccard: {sketchA.EstimateJaccard(sketchB):0.000}");
    Console.WriteLine($"  exact Jaccard of the sets:   {setA.Jaccard(setB):0.000}");

    // Compare explains any two texts under an index's options, whether or not a scan would have proposed them.
    using NearDupIndex explainer = NearDupIndex.CreateInMemory(options);
    PairExplanation direct = explainer.Compare(textA, textB);
    Console.WriteLine($"  Compare says: {direct.Verdict?.Kind.ToName() ?? "no relation"}, aligned share of A {direct.Alignment.CoverageA:0.00}");
}

return 0;

// A short, single-line quote of text[start..end): the beginning and end of the passage.
static string Quote(string text, int start, int end)
{
    string s = string.Join(' ', text[start..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    return s.Length <= 64 ? s : $"{s[..36]} ... {s[^24..]}";
}

// Looks for samples/corpus (or a corpus folder) in the current directory, the executable's, and their parents.
static string? FindSampleCorpus()
{
    foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(dir.FullName, "samples", "corpus"), Path.Combine(dir.FullName, "corpus") })
            {
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
    }

    return null;
}
