using System;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Infrastructure;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Text;

namespace NearDup.Benchmarks.Sketching;

/// <summary>
/// How fast is sketching, end to end from UTF-8 bytes, and how far is each stage from the hashing limit?
/// </summary>
/// <remarks>
/// Each method handles a batch of generated ~3 KB English news documents and adds one stage to the one before:
/// decode + tokenize; + content hashes and word 5-gram shingles; + MinHash-128 (one-permutation or k-permutation);
/// and, separately, decode + tokenize + SimHash-64 over content token hashes (as <c>DocumentAnalyzer</c> does). The
/// baseline is XxHash3 over the same bytes, so Ratio says how many times slower than hashing the input each stage is.
/// All buffers are allocated once in <see cref="Setup"/>, so Allocated shows only what the library allocates.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class SketchThroughput : IHasInputBytes
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Dictionary<int, byte[][]> Batches = [];

    private byte[][] _documents = [];
    private char[] _chars = [];
    private Token[] _tokens = [];
    private ulong[] _contentHashes = [];
    private ulong[] _shingles = [];
    private uint[] _sketch = [];
    private MinHasher _onePermutation = null!;
    private MinHasher _kPermutation = null!;
    private SimHasher _simHasher = null!;

    /// <summary>Documents per invocation.</summary>
    [Params(64)]
    public int Documents { get; set; }

    /// <inheritdoc/>
    public static long InputBytes(BenchmarkCase benchmarkCase) =>
        Batch((int)benchmarkCase.Parameters["Documents"]).Sum(d => (long)d.Length);

    /// <summary>The first <paramref name="count"/> originals of the seed-42 corpus (no planted copies), as UTF-8.</summary>
    /// <param name="count">How many documents.</param>
    /// <returns>The documents' bytes.</returns>
    public static byte[][] Batch(int count)
    {
        lock (Batches)
        {
            if (!Batches.TryGetValue(count, out byte[][]? batch))
            {
                var options = new CorpusOptions(count, seed: 42, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0);
                Batches[count] = batch = new CorpusGenerator(options).Generate().Select(d => d.Utf8).ToArray();
            }

            return batch;
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _documents = Batch(Documents);
        int maxChars = _documents.Max(d => StrictUtf8.GetCharCount(d));
        _chars = new char[maxChars];
        _tokens = new Token[maxChars];
        _contentHashes = new ulong[maxChars];
        _shingles = new ulong[maxChars];
        _sketch = new uint[128];
        var shingles = new ShingleSpec(ShingleUnit.Word, 5);
        _onePermutation = new MinHasher(new MinHashParameters(MinHashFamily.OnePermutation, 128, MinHashParameters.DefaultSeed, shingles));
        _kPermutation = new MinHasher(new MinHashParameters(MinHashFamily.KPermutation, 128, MinHashParameters.DefaultSeed, shingles));
        _simHasher = new SimHasher(SimHashParameters.Default);
    }

    [Benchmark(Baseline = true, Description = "XxHash3 of the bytes")]
    public ulong XxHash3Bytes()
    {
        ulong acc = 0;
        foreach (byte[] doc in _documents)
        {
            acc ^= XxHash3.HashToUInt64(doc);
        }

        return acc;
    }

    [Benchmark(Description = "a. decode + tokenize")]
    public ulong Tokenize()
    {
        ulong acc = 0;
        foreach (byte[] doc in _documents)
        {
            int n = TokenizeDocument(doc);
            acc += (ulong)n ^ _tokens[n - 1].Hash;
        }

        return acc;
    }

    [Benchmark(Description = "b. + word 5-gram shingles")]
    public ulong Shingle()
    {
        ulong acc = 0;
        foreach (byte[] doc in _documents)
        {
            int s = ShingleDocument(doc);
            acc ^= _shingles[s - 1];
        }

        return acc;
    }

    [Benchmark(Description = "c. + MinHash-128 one-permutation")]
    public ulong MinHashOnePermutation() => Sketch(_onePermutation);

    [Benchmark(Description = "d. + MinHash-128 k-permutation")]
    public ulong MinHashKPermutation() => Sketch(_kPermutation);

    [Benchmark(Description = "e. decode + tokenize + SimHash-64")]
    public ulong SimHash()
    {
        ulong acc = 0;
        foreach (byte[] doc in _documents)
        {
            int n = TokenizeDocument(doc);
            int c = Shingler.ContentHashes(_tokens.AsSpan(0, n), _contentHashes);
            acc ^= _simHasher.Compute(_contentHashes.AsSpan(0, c));
        }

        return acc;
    }

    private ulong Sketch(MinHasher hasher)
    {
        ulong acc = 0;
        foreach (byte[] doc in _documents)
        {
            int s = ShingleDocument(doc);
            hasher.Compute(_shingles.AsSpan(0, s), _sketch);
            acc ^= _sketch[0] | ((ulong)_sketch[127] << 32);
        }

        return acc;
    }

    private int TokenizeDocument(byte[] doc)
    {
        int chars = StrictUtf8.GetChars(doc, _chars);
        return Text.Tokenizer.Tokenize(_chars.AsSpan(0, chars), _tokens);
    }

    private int ShingleDocument(byte[] doc)
    {
        int n = TokenizeDocument(doc);
        int c = Shingler.ContentHashes(_tokens.AsSpan(0, n), _contentHashes);
        return Shingler.WordShingles(_contentHashes.AsSpan(0, c), 5, _shingles);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn<SketchThroughput>());
    }
}
