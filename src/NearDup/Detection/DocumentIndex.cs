using System;
using System.Collections.Generic;
using System.Diagnostics;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Indexing.Passages;
using NearDup.Internal;
using NearDup.Storage.Codecs;
using NearDup.Storage;
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
/// <see cref="PairVerifier"/>.
/// </para>
/// <para>
/// Memory: per document the index keeps only its id, its two hashes and its text compressed with Brotli (≈ 1.4 KB for
/// a 3 KB article) besides the candidate structures. What the verifier reads of it (text, tokens, shingles, the
/// shingle set: ≈ 40 KB for 3 KB of text) is rebuilt from the compressed text when a query must verify it; a document
/// rebuilt a second time while its first rebuild is remembered enters a least-recently-used cache of
/// <see cref="CacheCapacity"/> documents (one-off candidates are not cached, so they die young instead of being promoted
/// by the garbage collector). A query therefore costs one decompression and tokenisation (≈ 30 µs for 3 KB) per
/// candidate that is not cached, on top of its verification.
/// </para>
/// <para>Thread safety: not thread-safe for <see cref="Add(string, string)"/> and <see cref="Remove"/>; concurrent
/// <see cref="Query(AnalyzedDocument)"/> calls without concurrent adds or removes are safe (the cache has its own lock).</para>
/// </remarks>
public sealed class DocumentIndex
{
    /// <summary>The default <see cref="CacheCapacity"/>: about 40 MB of rebuilt 3 KB documents.</summary>
    public const int DefaultCacheCapacity = 1_024;

    private readonly List<Resident?> _documents = new();
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly CandidateIndex _candidates;
    private readonly DocumentCache _cache;

    /// <summary>SimHash fingerprints at most this many bits apart make a candidate pair (Manku et al. 2007 use 3 for web pages).</summary>
    public const int SimHashDistance = CandidateSettings.SimHashDistance;

    /// <summary>Creates an empty index.</summary>
    /// <param name="options">Scan options (analysis, thresholds); null for <see cref="IndexOptions.Default"/>.</param>
    /// <param name="cacheCapacity">How many documents rebuilt for verification to keep, 0 or more; default <see cref="DefaultCacheCapacity"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public DocumentIndex(IndexOptions? options = null, int cacheCapacity = DefaultCacheCapacity)
        : this(options, cacheCapacity, "index")
    {
    }

    /// <summary>As the public constructor; <paramref name="source"/> names the store in errors about a corrupt compressed text.</summary>
    internal DocumentIndex(IndexOptions? options, int cacheCapacity, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        Options = options ?? IndexOptions.Default;
        var scanner = new DuplicateScanner(Options);
        Analyzer = scanner.Analyzer;
        Verifier = scanner.Verifier;
        Source = source;
        _cache = new DocumentCache(cacheCapacity, admitOnSecondMiss: true);
        _candidates = new CandidateIndex(Options.CandidateSettings);
    }

    /// <summary>The options.</summary>
    public IndexOptions Options { get; }

    /// <summary>The analyzer texts go through.</summary>
    public DocumentAnalyzer Analyzer { get; }

    /// <summary>The verifier candidates go through.</summary>
    public PairVerifier Verifier { get; }

    /// <summary>Number of documents indexed (removed ones not counted).</summary>
    public int Count => _byId.Count;

    /// <summary>Entries the candidate structures hold, removed documents included until <see cref="Rebuild"/>.</summary>
    public int Slots => _documents.Count;

    /// <summary>Documents kept at most, rebuilt for verification, in the least-recently-used cache.</summary>
    public int CacheCapacity => _cache.Capacity;

    /// <summary>The cache of documents rebuilt for verification (for tests and measurements).</summary>
    internal DocumentCache Cache => _cache;

    /// <summary>The store's name in errors.</summary>
    internal string Source { get; }

    /// <summary>The live documents in the order they were added, each analysed again from its text.</summary>
    /// <returns>The documents.</returns>
    /// <remarks>Costs one analysis per document (≈ 80 µs for 3 KB); the documents are not cached.</remarks>
    public IEnumerable<AnalyzedDocument> Documents()
    {
        for (int key = 0; key < _documents.Count; key++)
        {
            if (_documents[key] is { } d)
            {
                yield return Reanalyse(d);
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
        _candidates.Remove(key);
        _cache.Remove(key);
        return true;
    }

    /// <summary>Returns a new index holding only the live documents, without tombstones.</summary>
    /// <returns>The rebuilt index.</returns>
    /// <remarks>Analyses every live document again from its compressed text (≈ 80 µs for 3 KB), on all cores: the
    /// candidate structures cannot give back one document's fingerprints.</remarks>
    /// <exception cref="NearDupFormatException">A compressed text is corrupt.</exception>
    public DocumentIndex Rebuild()
    {
        DocumentIndex fresh = Empty();
        foreach (var _ in RebuildInto(fresh))
        {
        }

        return fresh;
    }

    /// <summary>A new empty index with this one's options, cache capacity and source name.</summary>
    /// <returns>The empty index.</returns>
    internal DocumentIndex Empty() => new(Options, CacheCapacity, Source);

    /// <summary>Keys of removed documents still held by the candidate structures (queries skip them); a rebuild drops them.</summary>
    internal int Tombstones => _documents.Count - Count;

    /// <summary>Whether removed documents are a quarter or more of the keys the structures hold: then their tombstones
    /// cost more than a rebuild's second index costs while it runs.</summary>
    internal bool WorthRebuilding => Tombstones > 0 && Tombstones * 4L >= _documents.Count;

    /// <summary>
    /// Analyses the live documents again as the sequence is enumerated, in order, yielding each one's id and stored
    /// form, and adds each to <paramref name="fresh"/> (unless null) before yielding it.
    /// </summary>
    /// <param name="fresh">An empty index from <see cref="Empty"/>, or null to only hand the stored forms over; it holds
    /// every live document only once the sequence has been enumerated to its end, and is to be dropped if the
    /// enumeration stops early.</param>
    /// <returns>(id, stored form) of every live document, except those kept analysed because their text cannot be
    /// compressed (see <see cref="Add(AnalyzedDocument)"/>), which are added but have no stored form.</returns>
    /// <remarks>
    /// Lazy: the documents are analysed again in chunks of 1,024 on all cores, a chunk when its first document is
    /// pulled, so only one chunk of analysed documents and stored forms is alive at a time. This index is only read;
    /// it must not change while the sequence is enumerated.
    /// </remarks>
    /// <exception cref="NearDupFormatException">A compressed text is corrupt (thrown while enumerating).</exception>
    internal IEnumerable<(string Id, StoredForm Form)> RebuildInto(DocumentIndex? fresh)
    {
        var live = new List<Resident>(Count);
        foreach (Resident? d in _documents)
        {
            if (d is not null)
            {
                live.Add(d);
            }
        }

        // The cache holds verification data only (no sketches or fingerprints), so every document is analysed again.
        const int Chunk = 1_024;
        var forms = new StoredForm?[Math.Min(Chunk, live.Count)];
        var pinned = new AnalyzedDocument?[forms.Length];
        for (int start = 0; start < live.Count; start += Chunk)
        {
            int n = Math.Min(Chunk, live.Count - start);
            Parallelism.For(n, i =>
            {
                Resident d = live[start + i];
                if (d.Pinned is { } p)
                {
                    pinned[i] = p;
                    forms[i] = null;
                    return;
                }

                forms[i] = StoredForm.From(Reanalyse(d), d.CompressedText!, d.TextBytes);
                pinned[i] = null;
            });
            for (int i = 0; i < n; i++)
            {
                if (forms[i] is { } form)
                {
                    string id = live[start + i].Id;
                    fresh?.Add(id, form);
                    yield return (id, form);
                }
                else
                {
                    fresh?.Add(pinned[i]!);
                }
            }
        }
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
    /// <remarks>Keeps the candidate data and the compressed text, not <paramref name="document"/> itself (unless its text
    /// holds a lone surrogate, which cannot be compressed as UTF-8: then the analysed document is kept as it is).</remarks>
    public void Add(AnalyzedDocument document)
    {
        Guard.NotNull(document);
        CheckNew(document.Id, nameof(document));
        Options.Analysis.MinHash.EnsureCompatible(document.MinHash.Parameters, nameof(document));
        Options.Analysis.SpinSketch.EnsureCompatible(document.SpinSketch.Parameters, nameof(document));
        if (DocumentPayload.TryCompress(document.Text, out byte[]? compressed, out int textBytes))
        {
            Insert(document.Id, StoredForm.From(document, compressed, textBytes), null);
        }
        else
        {
            Insert(document.Id, StoredForm.From(document, [], 0), document);
        }
    }

    /// <summary>Indexes a document from its stored form (as an index opening from its store does).</summary>
    /// <param name="id">Its id, not yet indexed.</param>
    /// <param name="form">Its stored form, made under this index's analysis options.</param>
    /// <exception cref="ArgumentException">The id is already indexed, or the sketches were made under other parameters.</exception>
    internal void Add(string id, StoredForm form)
    {
        CheckNew(id, nameof(id));
        Options.Analysis.MinHash.EnsureCompatible(form.MinHash.Parameters, nameof(form));
        Options.Analysis.SpinSketch.EnsureCompatible(form.SpinSketch.Parameters, nameof(form));
        Insert(id, form, null);
    }

    /// <summary>Indexes documents from their stored forms, all or (on an error) none, filling the independent candidate
    /// structures on parallel threads (the two LSHs by batch inserts, which answer exactly as one-by-one inserts; the
    /// other structures one thread each, documents in order, so each ends up exactly as <see cref="Add(string, StoredForm)"/>
    /// one by one would leave it).</summary>
    /// <param name="documents">(id, stored form) pairs; ids distinct and not yet indexed.</param>
    /// <exception cref="ArgumentException">An id is repeated or already indexed, or a sketch was made under other parameters; nothing is added.</exception>
    internal void AddRange(IReadOnlyList<(string Id, StoredForm Form)> documents) => AddRange(documents, bulk: false);

    /// <summary>As <see cref="AddRange(IReadOnlyList{ValueTuple{string, StoredForm}})"/>; when <paramref name="bulk"/>,
    /// the passage indexes are not packed along the way, and the caller calls <see cref="PackPassages"/> once the whole
    /// load is in (an index opening from its store: packing at every doubling would move twice the postings).</summary>
    /// <param name="documents">(id, stored form) pairs; ids distinct and not yet indexed.</param>
    /// <param name="bulk">Whether this is one chunk of a bulk load.</param>
    internal void AddRange(IReadOnlyList<(string Id, StoredForm Form)> documents, bool bulk)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, form) in documents)
        {
            CheckNew(id, nameof(documents));
            if (!seen.Add(id))
            {
                throw new ArgumentException($"document id '{id}' occurs twice.", nameof(documents));
            }

            Options.Analysis.MinHash.EnsureCompatible(form.MinHash.Parameters, nameof(documents));
            Options.Analysis.SpinSketch.EnsureCompatible(form.SpinSketch.Parameters, nameof(documents));
        }

        var fingerprints = new DocumentFingerprints[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            fingerprints[i] = Fingerprints(documents[i].Form);
        }

        int first = _candidates.AddRange(fingerprints, bulk);
        foreach (var (id, form) in documents)
        {
            int key = _documents.Count;
            _documents.Add(new Resident(id, form.ExactHash, form.SimHash, form.CompressedText, form.TextBytes, null));
            _byId.Add(id, key);
        }

        Debug.Assert(first + documents.Count == _documents.Count, "the candidate index and the documents are numbered alike");
    }

    /// <summary>Lays the passage indexes' postings out list by list (see <see cref="PassageIndex.Pack"/>), both at once;
    /// for after a bulk load.</summary>
    internal void PackPassages() => _candidates.PackPassages();

    /// <summary>The candidate data of a stored form (its arrays, not copies).</summary>
    private static DocumentFingerprints Fingerprints(StoredForm form) =>
        new(form.ExactHash, form.SimHash, form.MinHash, form.SpinSketch, form.PassageFingerprints, form.SpinFingerprints);

    private void CheckNew(string id, string parameter)
    {
        if (_byId.ContainsKey(id))
        {
            throw new ArgumentException($"a document with id '{id}' is already indexed.", parameter);
        }
    }

    private void Insert(string id, StoredForm form, AnalyzedDocument? pinned)
    {
        int key = _candidates.Add(Fingerprints(form));
        _documents.Add(new Resident(id, form.ExactHash, form.SimHash, pinned is null ? form.CompressedText : null, form.TextBytes, pinned));
        _byId.Add(id, key);
        Debug.Assert(key + 1 == _documents.Count, "the candidate index and the documents are numbered alike");
    }

    /// <summary>Verifies a query against the indexed document under a key: from the cache, or rebuilt from its
    /// compressed text (tokens and shingles only, its hashes are the stored ones) and then cached if the cache admits it,
    /// or else rebuilt into pooled arrays that go back to the pools once it is verified.</summary>
    private PairVerdict? VerifyCandidate(int key, AnalyzedDocument query)
    {
        Resident resident = _documents[key]!;
        if (resident.Pinned is { } pinned)
        {
            return Verifier.Verify(pinned, query);
        }

        if (_cache.TryGet(key, out IVerifiableDocument? cached))
        {
            return Verifier.Verify(cached, query);
        }

        string text = DocumentPayload.Decompress(resident.CompressedText!, resident.TextBytes, resident.Id, Source);
        if (_cache.Admits(key))
        {
            return Verifier.Verify(_cache.Insert(key, Analyzer.AnalyzeForVerification(resident.Id, text, resident.ExactHash, resident.SimHash)), query);
        }

        VerifiableText transient = Analyzer.AnalyzeForVerification(resident.Id, text, resident.ExactHash, resident.SimHash, transient: true);
        try
        {
            return Verifier.Verify(transient, query);
        }
        finally
        {
            transient.Release();
        }
    }

    private AnalyzedDocument Reanalyse(Resident resident) =>
        resident.Pinned ?? Analyzer.Analyze(resident.Id, DocumentPayload.Decompress(resident.CompressedText!, resident.TextBytes, resident.Id, Source));

    /// <summary>Finds the indexed documents that <paramref name="text"/> copies, verified.</summary>
    /// <param name="text">The text to look up.</param>
    /// <param name="id">The id the query carries in the verdicts (as B). Default <c>query</c>.</param>
    /// <returns>Verdicts with the indexed document as A and the query as B, strongest first.</returns>
    public IReadOnlyList<PairVerdict> Query(string text, string id = "query") => Query(text, id, CopyKinds.All);

    /// <summary>Finds the indexed documents that <paramref name="text"/> copies in the given ways, verified.</summary>
    /// <param name="text">The text to look up.</param>
    /// <param name="id">The id the query carries in the verdicts (as B).</param>
    /// <param name="kinds">The kinds of copy to look for (see <see cref="CopyKinds"/>): they choose the candidate sources.</param>
    /// <returns>Verdicts with the indexed document as A and the query as B, strongest first, of whatever kind each
    /// verified candidate turned out to be.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kinds"/> is <see cref="CopyKinds.None"/> or holds a bit
    /// no kind has.</exception>
    public IReadOnlyList<PairVerdict> Query(string text, string id, CopyKinds kinds)
    {
        CheckKinds(kinds);

        // The analysed query lives for this call only: its arrays are pooled and given back when it is answered.
        AnalyzedDocument query = Analyzer.AnalyzeTransient(id, text);
        try
        {
            return Query(query, kinds);
        }
        finally
        {
            query.Release();
        }
    }

    /// <summary>Finds the indexed documents that an analysed document copies, verified.</summary>
    /// <param name="query">The analysed query document.</param>
    /// <returns>Verdicts with the indexed document as A and the query as B, strongest first.</returns>
    /// <remarks>Each candidate not in the cache is rebuilt from its compressed text before it is verified (≈ 50 µs for 3 KB).</remarks>
    /// <exception cref="NearDupFormatException">A candidate's compressed text does not decompress.</exception>
    public IReadOnlyList<PairVerdict> Query(AnalyzedDocument query) => Query(query, CopyKinds.All);

    /// <summary>Finds the indexed documents that an analysed document copies in the given ways, verified.</summary>
    /// <param name="query">The analysed query document.</param>
    /// <param name="kinds">The kinds of copy to look for (see <see cref="CopyKinds"/>): they choose the candidate sources.</param>
    /// <returns>Verdicts with the indexed document as A and the query as B, strongest first, of whatever kind each
    /// verified candidate turned out to be.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kinds"/> is <see cref="CopyKinds.None"/> or holds a bit
    /// no kind has.</exception>
    /// <exception cref="NearDupFormatException">A candidate's compressed text does not decompress.</exception>
    public IReadOnlyList<PairVerdict> Query(AnalyzedDocument query, CopyKinds kinds)
    {
        Guard.NotNull(query);
        CheckKinds(kinds);
        List<int> keys = Candidates(query, kinds);

        // Candidates are verified on all cores when there are several (a verification costs ≈ 100 µs, far more than
        // starting the loop); verdicts land in candidate order, so the result is the same as one by one.
        var found = new PairVerdict?[keys.Count];
        if (keys.Count > 1)
        {
            Parallelism.For(keys.Count, i => found[i] = VerifyCandidate(keys[i], query));
        }
        else if (keys.Count == 1)
        {
            found[0] = VerifyCandidate(keys[0], query);
        }

        var verdicts = new List<PairVerdict>();
        foreach (PairVerdict? verdict in found)
        {
            if (verdict is not null)
            {
                verdicts.Add(verdict);
            }
        }

        verdicts.Sort((x, y) => x.Kind != y.Kind ? x.Kind.CompareTo(y.Kind) : y.Score.CompareTo(x.Score));
        return verdicts;
    }

    /// <summary>The keys of the live indexed documents a query must be verified against, from every candidate source
    /// (exact hash, word and spin LSH, SimHash, word and spin passages through <see cref="CandidateGate"/>).</summary>
    /// <param name="query">The analysed query.</param>
    /// <returns>The candidate keys, each once, removed documents left out.</returns>
    internal List<int> Candidates(AnalyzedDocument query) => Candidates(query, CopyKinds.All);

    /// <summary>Throws unless <paramref name="kinds"/> names at least one kind and nothing else.</summary>
    /// <param name="kinds">The kinds a query asks for.</param>
    /// <param name="parameter">The parameter's name, for the error.</param>
    /// <exception cref="ArgumentOutOfRangeException">No kind, or a bit no kind has.</exception>
    internal static void CheckKinds(CopyKinds kinds, string parameter = "kinds")
    {
        if (kinds == CopyKinds.None || (kinds & ~CopyKinds.All) != 0)
        {
            throw new ArgumentOutOfRangeException(parameter, kinds, "a query must look for at least one kind of copy (exact, near-duplicate, contained, spun) and nothing else.");
        }
    }

    /// <summary>As <see cref="Candidates(AnalyzedDocument)"/>, from the sources of <paramref name="kinds"/>.</summary>
    internal List<int> Candidates(AnalyzedDocument query, CopyKinds kinds)
    {
        var keys = new List<int>();
        _candidates.Lookup(DocumentFingerprints.Of(query), kinds, keys);
        return keys;
    }

    /// <summary>The candidate structures (for measurements, which time the lookup's steps; not while documents are added
    /// or removed).</summary>
    internal CandidateIndex CandidateIndex => _candidates;

    /// <summary>Verifies a query against its candidates one by one as <see cref="Query(AnalyzedDocument)"/> does for
    /// candidates the cache does not keep (rebuilt into pooled arrays), adding the stopwatch ticks and the bytes
    /// allocated by each step (for measurements): [0] decompressing the candidates' texts, [1] rebuilding their tokens
    /// and shingles, [2] verifying; then, timed again on their own, two parts of the verification: [3] the shingle
    /// figures and [4] one word alignment.</summary>
    /// <param name="query">The analysed query.</param>
    /// <param name="ticks">Receives the ticks per step; five entries.</param>
    /// <param name="bytes">Receives the bytes allocated by steps 0–2 on the calling thread; three entries or more.</param>
    /// <returns>How many candidates were verified.</returns>
    internal int TimeVerification(AnalyzedDocument query, long[] ticks, long[] bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticks.Length, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes.Length, 3);
        List<int> keys = Candidates(query);
        foreach (int key in keys)
        {
            Resident resident = _documents[key]!;
            if (resident.Pinned is not null)
            {
                continue;
            }

            long t0 = Stopwatch.GetTimestamp(), b0 = GC.GetAllocatedBytesForCurrentThread();
            string text = DocumentPayload.Decompress(resident.CompressedText!, resident.TextBytes, resident.Id, Source);
            long t1 = Stopwatch.GetTimestamp(), b1 = GC.GetAllocatedBytesForCurrentThread();
            VerifiableText document = Analyzer.AnalyzeForVerification(resident.Id, text, resident.ExactHash, resident.SimHash, transient: true);
            long t2 = Stopwatch.GetTimestamp(), b2 = GC.GetAllocatedBytesForCurrentThread();
            Verifier.Verify(document, query);
            long t3 = Stopwatch.GetTimestamp(), b3 = GC.GetAllocatedBytesForCurrentThread();
            Verifier.Measure(document, query, out _);
            long t4 = Stopwatch.GetTimestamp();
            Verifier.Aligner.Align(document, query);
            long t5 = Stopwatch.GetTimestamp();
            ticks[3] += t4 - t3;
            ticks[4] += t5 - t4;
            document.Release();

            ticks[0] += t1 - t0;
            ticks[1] += t2 - t1;
            ticks[2] += t3 - t2;
            bytes[0] += b1 - b0;
            bytes[1] += b2 - b1;
            bytes[2] += b3 - b2;
        }

        return keys.Count;
    }

    /// <summary>Compares two texts directly: the verdict (null when not a copy), the figures and the alignment.</summary>
    /// <param name="textA">The first text (by convention the original).</param>
    /// <param name="textB">The second text.</param>
    /// <returns>The explanation.</returns>
    public PairExplanation Compare(string textA, string textB) =>
        Verifier.Explain(Analyzer.Analyze("a", textA), Analyzer.Analyze("b", textB));

    /// <summary>What the index keeps of one document: enough to find it again and to rebuild it for verification.</summary>
    /// <param name="Id">The document id.</param>
    /// <param name="ExactHash">Its exact hash.</param>
    /// <param name="SimHash">Its SimHash.</param>
    /// <param name="CompressedText">Its UTF-8 text, Brotli-compressed; null when <paramref name="Pinned"/> is set.</param>
    /// <param name="TextBytes">Length of the UTF-8 text.</param>
    /// <param name="Pinned">The analysed document itself, kept only when its text cannot be compressed (a lone surrogate).</param>
    private sealed record Resident(string Id, ulong ExactHash, ulong SimHash, byte[]? CompressedText, int TextBytes, AnalyzedDocument? Pinned);
}
