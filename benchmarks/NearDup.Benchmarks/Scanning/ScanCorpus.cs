using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Verification;

namespace NearDup.Benchmarks.Scanning;

/// <summary>How long does a whole scan of a generated corpus take, and how much of it is analysis?</summary>
/// <remarks>
/// Slow (seconds per invocation, minutes per run), so it is in the <c>Slow</c> category and runs few iterations:
/// leave it out with <c>--filter '*SketchThroughput*'</c> or run it alone with <c>--anyCategories Slow</c>.
/// Analysis runs on all cores, as in the CLI; the baseline is analysis alone.
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory("Slow")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ScanCorpus
{
    private (string Id, byte[] Utf8)[] _files = [];
    private AnalyzedDocument[] _analyzed = [];
    private DocumentAnalyzer _analyzer = null!;

    /// <summary>Documents in the corpus (seed 42, default planted-copy rates).</summary>
    [Params(10_000, 20_000)]
    public int DocumentCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = new CorpusGenerator(new CorpusOptions(DocumentCount, seed: 42)).Generate().Select(d => (d.Id, d.Utf8)).ToArray();
        _analyzer = new DocumentAnalyzer(IndexOptions.Default.Analysis);
        _analyzed = AnalyzeAll();
    }

    [Benchmark(Baseline = true, Description = "analyze (all cores)")]
    public AnalyzedDocument[] AnalyzeAll()
    {
        var result = new AnalyzedDocument[_files.Length];
        DocumentAnalyzer analyzer = _analyzer;
        Parallel.For(0, _files.Length, i => result[i] = analyzer.Analyze(_files[i].Id, _files[i].Utf8));
        return result;
    }

    [Benchmark(Description = "scan pre-analyzed")]
    public IReadOnlyList<PairVerdict> ScanOnly() => NearDupIndex.FindAllPairs(_analyzed);

    [Benchmark(Description = "analyze + scan")]
    public IReadOnlyList<PairVerdict> AnalyzeAndScan() => NearDupIndex.FindAllPairs(AnalyzeAll());
}
