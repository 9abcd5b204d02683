using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Sketching;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Benchmarks.Spin;

/// <summary>
/// What does spun-copy detection cost: per document (the spin fingerprint against the word-shingle path it runs
/// next to, and the whole of <see cref="DocumentAnalyzer.Analyze(string, string)"/>), and per candidate pair
/// (<see cref="PairVerifier.Verify(IVerifiableDocument, IVerifiableDocument)"/>, which now aligns every candidate)?
/// </summary>
/// <remarks>
/// <para>
/// Category <c>Fingerprint</c>: a batch of 16 generated ~3 KB originals (seed 42), tokenized once in
/// <see cref="Setup"/>, so the methods time only what follows tokenizing; <c>OperationsPerInvoke</c> makes every row
/// a cost per document. The baseline is the word path as <c>DocumentAnalyzer</c> runs it: content hashes → word
/// 5-grams → sorted <see cref="ShingleSet"/> → MinHash-128 → winnowing (w = 8). The spin path is skeleton elements →
/// skeleton 7-grams → MinHash-128 of the grams → winnowing (w = 4), the same calls in the same order as
/// <c>DocumentAnalyzer.SpinFingerprint</c>.
/// </para>
/// <para>
/// Category <c>Verify</c>: one pair per row, both sides analysed in <see cref="Setup"/>: an original against its spun
/// copy, against an unrelated original and against a near-duplicate (typos), all from the seed-42 corpus (see
/// <see cref="Pairs"/> for how they are picked). The baseline is the unrelated pair, the commonest candidate a scan
/// verifies. <c>Measure</c> and <c>Align</c> rows split the spun pair's cost into its shingle measurements and one of
/// the two alignments <c>Verify</c> runs for it.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SpinCost
{
    private const int BatchSize = 16;

    private readonly AnalysisOptions _options = AnalysisOptions.Default;
    private readonly DocumentAnalyzer _analyzer = new();
    private Token[][] _tokens = [];
    private string[] _texts = [];
    private ulong[] _elements = [];
    private bool[] _informative = [];
    private ulong[] _grams = [];
    private ulong[] _contentHashes = [];
    private MinHasher _wordHasher = null!;
    private MinHasher _spinHasher = null!;
    private PairVerifier _verifier = null!;
    private AnalyzedDocument _original = null!, _spun = null!, _unrelated = null!, _near = null!;

    /// <summary>The pairs of <c>Verify</c>: original, spun copy, unrelated original, near-duplicate, with their labels.</summary>
    /// <returns>Ids, texts and the label notes.</returns>
    public static (string Id, string Text, string Note)[] Pairs()
    {
        // 600 documents hold a few dozen planted copies of each kind; the choice below is deterministic.
        var docs = new CorpusGenerator(new CorpusOptions(600, seed: 42)).Generate().ToList();
        var byId = docs.ToDictionary(d => d.Id, d => Encoding.UTF8.GetString(d.Utf8));
        var labels = docs.SelectMany(d => d.Labels).Where(l => !l.Optional).ToList();

        // A typical spin: 20–30% of words replaced (the generator spins 10–40%). Then a typo near-duplicate of the same
        // original if there is one, else of any.
        CorpusLabel spun = labels.First(l => l.Kind == "spun" && SpinRate(l.Note) is >= 0.2 and < 0.3);
        CorpusLabel near = labels.FirstOrDefault(l => l.Kind == "near-duplicate" && l.A == spun.A && l.Note.StartsWith("variant=typos", StringComparison.Ordinal))
            ?? labels.First(l => l.Kind == "near-duplicate" && l.Note.StartsWith("variant=typos", StringComparison.Ordinal));
        var related = labels.SelectMany(l => (IEnumerable<string>)[l.A, l.B]).ToHashSet();
        string unrelated = docs.First(d => !related.Contains(d.Id)).Id;
        return
        [
            (spun.A, byId[spun.A], "original"),
            (spun.B, byId[spun.B], spun.Note),
            (unrelated, byId[unrelated], "unrelated original"),
            (near.B, byId[near.B], $"{near.Note} (copy of {near.A})"),
            (near.A, byId[near.A], "original of the near-duplicate"),
        ];
    }

    private static double SpinRate(string note)
    {
        int at = note.IndexOf("rate=", StringComparison.Ordinal);
        int end = note.IndexOf(' ', at);
        return double.Parse(note[(at + 5)..(end < 0 ? note.Length : end)], CultureInfo.InvariantCulture);
    }

    [GlobalSetup]
    public void Setup()
    {
        _texts = SketchThroughput.Batch(BatchSize).Select(b => Encoding.UTF8.GetString(b)).ToArray();
        _tokens = _texts.Select(t =>
        {
            var buffer = new Token[t.Length];
            return buffer.AsSpan(0, Tokenizer.Tokenize(t, buffer)).ToArray();
        }).ToArray();
        int max = _tokens.Max(t => t.Length);
        _elements = new ulong[max];
        _informative = new bool[max];
        _grams = new ulong[max];
        _contentHashes = new ulong[max];
        _wordHasher = new MinHasher(_options.MinHash);
        _spinHasher = new MinHasher(_options.SpinSketch);
        _verifier = IndexOptions.Default.CreateVerifier();

        var pairs = Pairs();
        _original = _analyzer.Analyze(pairs[0].Id, pairs[0].Text);
        _spun = _analyzer.Analyze(pairs[1].Id, pairs[1].Text);
        _unrelated = _analyzer.Analyze(pairs[2].Id, pairs[2].Text);
        _near = _analyzer.Analyze(pairs[3].Id, pairs[3].Text);
        _nearOriginal = _analyzer.Analyze(pairs[4].Id, pairs[4].Text);
    }

    private AnalyzedDocument _nearOriginal = null!;

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize, Description = "word path: shingles + set + MinHash + winnow")]
    [BenchmarkCategory("Fingerprint")]
    public ulong WordPath()
    {
        ulong acc = 0;
        foreach (Token[] tokens in _tokens)
        {
            int c = Shingler.ContentHashes(tokens, _contentHashes);
            var shingles = new ulong[Shingler.WordShingleCount(c, _options.ShingleSize)];
            Shingler.WordShingles(_contentHashes.AsSpan(0, c), _options.ShingleSize, shingles);
            MinHashSketch sketch = _wordHasher.Sketch(ShingleSet.From(shingles));
            var fingerprints = new List<ulong>(shingles.Length / 4 + 1);
            Winnowing.Select(shingles, _options.WinnowingWindow, fingerprints);
            acc ^= sketch.Values[0] ^ (ulong)fingerprints.Count;
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "spin path: skeleton + 7-grams + MinHash + winnow")]
    [BenchmarkCategory("Fingerprint")]
    public ulong SpinPath()
    {
        ulong acc = 0;
        foreach (Token[] tokens in _tokens)
        {
            int n = SpinSkeleton.Elements(tokens, _options.FunctionWords, _elements, _informative);
            int g = SpinSkeleton.Grams(_elements.AsSpan(0, n), _informative.AsSpan(0, n), _options.SpinSketch.Shingles.Size, _grams);
            MinHashSketch sketch = _spinHasher.Sketch(_grams.AsSpan(0, g));
            var fingerprints = new List<ulong>(g / 2 + 1);
            Winnowing.Select(_grams.AsSpan(0, g), _options.SpinWinnowingWindow, fingerprints);
            acc ^= sketch.Values[0] ^ (ulong)fingerprints.Count;
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "spin path: skeleton elements only")]
    [BenchmarkCategory("Fingerprint")]
    public int SpinElements()
    {
        int acc = 0;
        foreach (Token[] tokens in _tokens)
        {
            acc += SpinSkeleton.Elements(tokens, _options.FunctionWords, _elements, _informative);
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "DocumentAnalyzer.Analyze (tokenize + all)")]
    [BenchmarkCategory("Fingerprint")]
    public ulong Analyze()
    {
        ulong acc = 0;
        foreach (string text in _texts)
        {
            acc ^= _analyzer.Analyze("d", text).SimHash;
        }

        return acc;
    }

    [Benchmark(Baseline = true, Description = "Verify: original vs unrelated")]
    [BenchmarkCategory("Verify")]
    public PairVerdict? VerifyUnrelated() => _verifier.Verify(_original, _unrelated);

    [Benchmark(Description = "Verify: original vs spun copy")]
    [BenchmarkCategory("Verify")]
    public PairVerdict? VerifySpun() => _verifier.Verify(_original, _spun);

    [Benchmark(Description = "Verify: original vs near-duplicate")]
    [BenchmarkCategory("Verify")]
    public PairVerdict? VerifyNear() => _verifier.Verify(_nearOriginal, _near);

    [Benchmark(Description = "  Measure only: original vs spun")]
    [BenchmarkCategory("Verify")]
    public PairFigures MeasureSpun() => _verifier.Measure(_original, _spun, out _);

    [Benchmark(Description = "  one Align: original vs spun")]
    [BenchmarkCategory("Verify")]
    public SpinAlignment AlignSpun() => _verifier.Aligner.Align(_original, _spun);

    [Benchmark(Description = "  one Align: original vs unrelated")]
    [BenchmarkCategory("Verify")]
    public SpinAlignment AlignUnrelated() => _verifier.Aligner.Align(_original, _unrelated);
}
