using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Indexing.Lsh;
using NearDup.Sketches.MinHash;
using NearDup.Verification;

namespace NearDup.Benchmarks.Indexing;

/// <summary>
/// How long does one query of a persistent <see cref="NearDupIndex"/> take, and how much of it is analysis, the
/// candidate lookup (all sources, or only the exact and near-duplicate ones), and the rest (verification)?
/// </summary>
/// <remarks>
/// <see cref="Setup"/> indexes <see cref="Documents"/> generated originals (seed 42) in batches of 1,000 into a fresh
/// temporary directory. The hit is the first planted near-duplicate (typos) of an indexed original, the miss an
/// original of seed 4242. The <c>index</c> verb gives the percentiles over 1,000 queries each; this class gives a
/// BenchmarkDotNet median of one representative query. Baseline: analysing the hit's text alone, which every query
/// pays before any lookup. The lookup rows run on an index small enough to stay in the processor's caches between
/// invocations: they are the lookup's cost without cache misses, the floor under the cold figures of the <c>index</c>
/// and <c>lookup-loop</c> verbs at 1,000,000 documents.
/// </remarks>
[MemoryDiagnoser]
public class IndexQueryLatency
{
    private NearDupIndex _index = null!;
    private string _directory = "";
    private string _hit = "", _miss = "";
    private DocumentAnalyzer _analyzer = null!;
    private MinHashLshIndex _lsh = null!;
    private MinHashSketch _hitSketch = null!;
    private AnalyzedDocument _hitAnalysed = null!, _missAnalysed = null!;
    private readonly HashSet<int> _results = [];

    /// <summary>Indexed documents.</summary>
    [Params(10_000, 100_000)]
    public int Documents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "neardup-bench-" + Guid.NewGuid().ToString("N"));
        _index = NearDupIndex.Create(_directory);
        _analyzer = new DocumentAnalyzer(_index.Options.Analysis);
        _lsh = new MinHashLshIndex(_index.Options.Analysis.MinHash, _index.Options.Banding);
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<(string, string)>();
        foreach (GeneratedDocument d in new CorpusGenerator(new CorpusOptions(Documents * 2, seed: 42)).Generate())
        {
            if (d.Labels.Count == 0 && indexed.Count < Documents)
            {
                string text = Encoding.UTF8.GetString(d.Utf8);
                batch.Add((d.Id, text));
                indexed.Add(d.Id);
                _lsh.Add(indexed.Count, _analyzer.Analyze(d.Id, text).MinHash);
            }
            else if (_hit.Length == 0 && d.Labels.Count > 0 && d.Labels[0].Note.StartsWith("variant=typos", StringComparison.Ordinal) && indexed.Contains(d.Labels[0].A))
            {
                _hit = Encoding.UTF8.GetString(d.Utf8);
            }

            if (batch.Count == 1_000)
            {
                _index.AddBatch(batch);
                batch.Clear();
            }

            if (indexed.Count == Documents && batch.Count == 0 && _hit.Length > 0)
            {
                break;
            }
        }

        _miss = Encoding.UTF8.GetString(new CorpusGenerator(new CorpusOptions(1, seed: 4242)).Generate().First().Utf8);
        _hitAnalysed = _analyzer.Analyze("hit", _hit);
        _missAnalysed = _analyzer.Analyze("miss", _miss);
        _hitSketch = _hitAnalysed.MinHash;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "analyse the hit's text only")]
    public AnalyzedDocument AnalyzeHit() => _analyzer.Analyze("hit", _hit);

    [Benchmark(Description = "word MinHash LSH lookup only (hit)")]
    public int LshLookupHit()
    {
        _results.Clear();
        _lsh.Query(_hitSketch, _results);
        return _results.Count;
    }

    [Benchmark(Description = "candidate lookup, all kinds (hit)")]
    public int CandidatesAllHit() => _index.CandidateCount(_hitAnalysed);

    [Benchmark(Description = "candidate lookup, all kinds (miss)")]
    public int CandidatesAllMiss() => _index.CandidateCount(_missAnalysed);

    [Benchmark(Description = "candidate lookup, exact + near-duplicate (hit)")]
    public int CandidatesNearHit() => _index.CandidateCount(_hitAnalysed, kinds: CopyKinds.Exact | CopyKinds.NearDuplicate);

    [Benchmark(Description = "NearDupIndex.Query: hit (near-duplicate)")]
    public IReadOnlyList<PairVerdict> QueryHit() => _index.Query(_hit, "hit");

    [Benchmark(Description = "NearDupIndex.Query: miss (unrelated)")]
    public IReadOnlyList<PairVerdict> QueryMiss() => _index.Query(_miss, "miss");
}
