using System;
using System.Collections.Generic;
using NearDup.Indexing.Hamming;
using NearDup.Indexing.Lsh;
using NearDup.Indexing.Passages;
using NearDup.Internal;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>
/// An in-memory index of original documents that answers, for a new text, which originals it copies: exactly, nearly,
/// as an excerpt, or spun, each with the verified verdict and its evidence.
/// </summary>
/// <remarks>
/// <para>
/// Holds the same candidate structures as <see cref="DuplicateScanner"/> (exact hashes, MinHash LSH over word shingles
/// and over spin skeletons, winnowed passage and skeleton fingerprints) plus a SimHash Hamming index and verifies every candidate with
/// <see cref="PairVerifier"/>. Documents are kept analysed in memory, text included, so that evidence can quote them.
/// </para>
/// <para>Thread safety: not thread-safe for <see cref="Add(string, string)"/>; concurrent <see cref="Query(AnalyzedDocument)"/> calls without
/// concurrent adds are safe.</para>
/// </remarks>
public sealed class DocumentIndex
{
    private readonly List<AnalyzedDocument?> _documents = new();
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, List<int>> _byExact = new();
    private readonly MinHashLshIndex _lsh;
    private readonly MinHashLshIndex _spinLsh;
    private readonly PassageIndex _passages;
    private readonly PassageIndex _spinPassages;
    private readonly SimHashIndex _simHashes = new(SimHashDistance);

    /// <summary>SimHash fingerprints at most this many bits apart make a candidate pair (Manku et al. 2007 use 3 for web pages).</summary>
    public const int SimHashDistance = 3;

    /// <summary>Creates an empty index.</summary>
    /// <param name="options">Scan options (analysis, thresholds); null for <see cref="ScanOptions.Default"/>.</param>
    public DocumentIndex(ScanOptions? options = null)
    {
        Options = options ?? ScanOptions.Default;
        var scanner = new DuplicateScanner(Options);
        Analyzer = scanner.Analyzer;
        Verifier = scanner.Verifier;
        _lsh = new MinHashLshIndex(Options.Analysis.MinHash, scanner.Banding);
        _spinLsh = new MinHashLshIndex(Options.Analysis.SpinSketch, scanner.SpinBanding);
        _passages = new PassageIndex(Options.MaxPostings);
        _spinPassages = new PassageIndex(Options.MaxPostings);
    }

    /// <summary>The options.</summary>
    public ScanOptions Options { get; }

    /// <summary>The analyzer texts go through.</summary>
    public DocumentAnalyzer Analyzer { get; }

    /// <summary>The verifier candidates go through.</summary>
    public PairVerifier Verifier { get; }

    /// <summary>Number of documents indexed (removed ones not counted).</summary>
    public int Count => _byId.Count;

    /// <summary>Entries the candidate structures hold, removed documents included until <see cref="Rebuild"/>.</summary>
    public int Slots => _documents.Count;

    /// <summary>The live documents in the order they were added.</summary>
    /// <returns>The documents.</returns>
    public IEnumerable<AnalyzedDocument> Documents()
    {
        foreach (AnalyzedDocument? d in _documents)
        {
            if (d is not null)
            {
                yield return d;
            }
        }
    }

    /// <summary>Removes a document. Its entries stay in the candidate structures as tombstones that queries skip until
    /// the index is rebuilt (<see cref="Rebuild"/>), which keeps removal O(1).</summary>
    /// <param name="id">The document id.</param>
    /// <returns>True when the document was indexed and is now removed.</returns>
    public bool Remove(string id)
    {
        Guard.NotNull(id);
        if (!_byId.Remove(id, out int key))
        {
            return false;
        }

        _documents[key] = null;
        _simHashes.Remove(key);
        return true;
    }

    /// <summary>Returns a new index holding only the live documents, without tombstones.</summary>
    /// <returns>The rebuilt index.</returns>
    public DocumentIndex Rebuild()
    {
        var fresh = new DocumentIndex(Options);
        foreach (AnalyzedDocument d in Documents())
        {
            fresh.Add(d);
        }

        return fresh;
    }

    /// <summary>Whether a document with this id is indexed.</summary>
    /// <param name="id">A document id.</param>
    /// <returns>True when indexed.</returns>
    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>Analyses and indexes a document.</summary>
    /// <param name="id">Its id, not empty, not yet in the index.</param>
    /// <param name="text">Its text.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or already indexed.</exception>
    public void Add(string id, string text) => Add(Analyzer.Analyze(id, text));

    /// <summary>Indexes a document analysed with <see cref="Analyzer"/>'s options.</summary>
    /// <param name="document">The analysed document.</param>
    /// <exception cref="ArgumentException">Its id is already indexed, or it was analysed under other sketch parameters.</exception>
    public void Add(AnalyzedDocument document)
    {
        Guard.NotNull(document);
        if (_byId.ContainsKey(document.Id))
        {
            throw new ArgumentException($"a document with id '{document.Id}' is already indexed.", nameof(document));
        }

        Options.Analysis.MinHash.EnsureCompatible(document.MinHash.Parameters, nameof(document));
        Options.Analysis.SpinSketch.EnsureCompatible(document.SpinSketch.Parameters, nameof(document));
        int key = _documents.Count;
        _documents.Add(document);
        _byId.Add(document.Id, key);
        if (!_byExact.TryGetValue(document.ExactHash, out List<int>? same))
        {
            _byExact[document.ExactHash] = same = new List<int>(1);
        }

        same.Add(key);
        _lsh.Add(key, document.MinHash);
        _spinLsh.Add(key, document.SpinSketch);
        _passages.Add(key, document.PassageFingerprints);
        _spinPassages.Add(key, document.SpinFingerprints);
        _simHashes.Add(key, document.SimHash);
    }

    /// <summary>Finds the indexed documents that <paramref name="text"/> copies, verified.</summary>
    /// <param name="text">The text to look up.</param>
    /// <param name="id">The id the query carries in the verdicts (as B). Default <c>query</c>.</param>
    /// <returns>Verdicts with the indexed document as A and the query as B, strongest first.</returns>
    public IReadOnlyList<PairVerdict> Query(string text, string id = "query") => Query(Analyzer.Analyze(id, text));

    /// <summary>Finds the indexed documents that an analysed document copies, verified.</summary>
    /// <param name="query">The analysed query document.</param>
    /// <returns>Verdicts with the indexed document as A and the query as B, strongest first.</returns>
    public IReadOnlyList<PairVerdict> Query(AnalyzedDocument query)
    {
        Guard.NotNull(query);
        var candidates = new HashSet<int>();
        if (_byExact.TryGetValue(query.ExactHash, out List<int>? same))
        {
            candidates.UnionWith(same);
        }

        _lsh.Query(query.MinHash, candidates);
        var near = new List<(int Key, int Distance)>();
        _simHashes.Query(query.SimHash, SimHashDistance, near);
        foreach (var (key, _) in near)
        {
            candidates.Add(key);
        }

        _spinLsh.Query(query.SpinSketch, candidates);
        var shared = new Dictionary<int, int>();
        _passages.CountShared(query.PassageFingerprints, shared);
        foreach (var (key, count) in shared)
        {
            if (count >= Options.MinSharedFingerprints)
            {
                candidates.Add(key);
            }
        }

        shared.Clear();
        _spinPassages.CountShared(query.SpinFingerprints, shared);
        foreach (var (key, count) in shared)
        {
            if (count >= Options.MinSharedSpinFingerprints)
            {
                candidates.Add(key);
            }
        }

        var verdicts = new List<PairVerdict>();
        foreach (int key in candidates)
        {
            if (_documents[key] is { } indexed && Verifier.Verify(indexed, query) is { } verdict)
            {
                verdicts.Add(verdict);
            }
        }

        verdicts.Sort((x, y) => x.Kind != y.Kind ? x.Kind.CompareTo(y.Kind) : y.Score.CompareTo(x.Score));
        return verdicts;
    }

    /// <summary>Compares two texts directly: the verdict (null when not a copy), the figures and the alignment.</summary>
    /// <param name="textA">The first text (by convention the original).</param>
    /// <param name="textB">The second text.</param>
    /// <returns>The explanation.</returns>
    public PairExplanation Compare(string textA, string textB) =>
        Verifier.Explain(Analyzer.Analyze("a", textA), Analyzer.Analyze("b", textB));
}
