// NearDup usage example: scan a folder of .txt files for copies, then look at the building blocks underneath.
//
//   dotnet run --project samples/UsageExample [CORPUS_DIR]
//
// Without an argument it uses the sample corpus (samples/corpus), found by walking up from the current directory
// and from the executable's directory.

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

// 1. One scanner holds every option; analyse documents with its Analyzer so sketches and shingles match.
var scanner = new DuplicateScanner(IndexOptions.Default);
var documents = new List<AnalyzedDocument>();
foreach (string path in Directory.EnumerateFiles(root, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    // Ids are free-form; here they are paths relative to the corpus folder, with '/' separators.
    string id = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
    documents.Add(scanner.Analyzer.Analyze(id, File.ReadAllBytes(path))); // strict UTF-8; throws on bad bytes
}

// 2. Scan: candidates from exact hashes, MinHash LSH and shared passage fingerprints, each verified on the real text.
IReadOnlyList<PairVerdict> verdicts = scanner.Scan(documents);
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

    // PairVerifier measures and classifies any two analysed documents, without a scan.
    var verifier = new PairVerifier(spec.Size);
    PairVerdict? direct = verifier.Verify(byId[sample.A], byId[sample.B]);
    Console.WriteLine($"  PairVerifier alone says: {direct?.Kind.ToName() ?? "no relation"}");
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
