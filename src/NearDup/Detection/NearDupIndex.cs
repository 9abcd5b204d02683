using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Internal;
using NearDup.Storage.Codecs;
using NearDup.Storage;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>
/// A persistent index of original documents: add, remove and query texts; answers which originals a text copies
/// (exact, near-duplicate, contained excerpt or spun), verified and with evidence. On disk by default.
/// </summary>
/// <remarks>
/// <para>
/// Every change is a batch committed atomically and durably to an <see cref="IIndexStore"/> before it becomes visible;
/// the in-memory candidate structures (<see cref="DocumentIndex"/>) are rebuilt from the store when the index opens,
/// from the candidate data stored with each document (no text is analysed then). In memory each document costs its
/// compressed text and its share of the candidate structures; the analysed form the verifier needs is rebuilt on
/// demand and cached (<see cref="DocumentIndex.CacheCapacity"/>).
/// Adding an id that is already indexed is rejected (remove it first); a batch with any rejected entry writes nothing.
/// </para>
/// <para>
/// Thread safety: one writer and many concurrent readers. Queries take a shared lock and run in parallel; adds,
/// removes and compaction take an exclusive lock. The store's own lock keeps a second writer process out. While a
/// batch holds the lock, queries wait; a batch usually takes milliseconds, but the one that doubles a passage index's
/// postings also lays them out again (<see cref="Indexing.Passages.PassageIndex.Pack"/>), which at a million documents
/// takes seconds, as growing a hash table does.
/// </para>
/// </remarks>
public sealed class NearDupIndex : IDisposable
{
    private readonly IIndexStore _store;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly string _source;
    private DocumentIndex _index;
    private bool _disposed;

    private NearDupIndex(IIndexStore store, IndexOptions options, string source, int cacheCapacity)
    {
        _store = store;
        _source = source;
        Options = options;
        _index = new DocumentIndex(options, cacheCapacity, source);
        var loader = new Loader(_index, source);
        RecoveryReport report;
        try
        {
            report = store.Load(loader.Accept);
            loader.Finish();
        }
        catch
        {
            loader.Abandon();
            throw;
        }

        _index.PackPassages();
        Recovery = report;
    }

    /// <summary>The options the index was created with.</summary>
    public IndexOptions Options { get; }

    /// <summary>What opening the store replayed and dropped.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>Number of documents indexed.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _index.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The options blob a new store for this index must be created with (for backends other than a directory).</summary>
    /// <param name="options">The index options.</param>
    /// <returns>The serialised options.</returns>
    public static byte[] OptionsBlob(IndexOptions options)
    {
        Guard.NotNull(options);
        return IndexOptionsCodec.Write(options);
    }

    /// <summary>Creates a new index in a directory on local disk.</summary>
    /// <param name="directory">The directory; it must not already hold an index.</param>
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>.</param>
    /// <param name="cacheCapacity">Analysed documents kept for verification (see <see cref="DocumentIndex.CacheCapacity"/>); default <see cref="DocumentIndex.DefaultCacheCapacity"/>.</param>
    /// <returns>The open, empty index.</returns>
    /// <exception cref="System.IO.IOException">The directory already holds an index or cannot be written.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex Create(string directory, IndexOptions? options = null, int cacheCapacity = DocumentIndex.DefaultCacheCapacity)
    {
        Guard.NotNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        options ??= IndexOptions.Default;
        IIndexStore store = DirectoryIndexStore.Create(directory, IndexOptionsCodec.Write(options));
        return Open(store, options, directory, cacheCapacity);
    }

    /// <summary>Opens an index in a directory on local disk, replaying its log.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones. Sketch parameters and function
    /// words must match the stored ones; thresholds are taken from <paramref name="requested"/>.</param>
    /// <param name="cacheCapacity">Analysed documents kept for verification (see <see cref="DocumentIndex.CacheCapacity"/>); default <see cref="DocumentIndex.DefaultCacheCapacity"/>.</param>
    /// <returns>The open index.</returns>
    /// <exception cref="NearDupFormatException">A file is corrupt, or the requested options do not match the stored ones.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    /// <remarks>Reads the candidate data stored with each document (payload version 2) and analyses no text, except
    /// documents stored by builds that kept only the text (payload version 1), which are analysed here. The store
    /// streams the documents and they are decoded in chunks of 4,096 on all cores as they arrive, so besides the index
    /// itself only one chunk of payloads is in memory. Nothing is returned unless every checksum matched.</remarks>
    public static NearDupIndex Open(string directory, IndexOptions? requested = null, int cacheCapacity = DocumentIndex.DefaultCacheCapacity)
    {
        Guard.NotNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        return Open(DirectoryIndexStore.Open(directory), requested, directory, cacheCapacity);
    }

    /// <summary>Opens an index over any store (the store's options blob must come from <see cref="OptionsBlob"/>).</summary>
    /// <param name="store">The store; the index owns it from now on and disposes it.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones.</param>
    /// <param name="source">A name for the store in error messages.</param>
    /// <param name="cacheCapacity">Analysed documents kept for verification (see <see cref="DocumentIndex.CacheCapacity"/>); default <see cref="DocumentIndex.DefaultCacheCapacity"/>.</param>
    /// <returns>The open index.</returns>
    /// <remarks>Builds the index from what <see cref="IIndexStore.Load"/> streams, as the directory overload does; when
    /// the store or a payload turns out to be damaged the index is dropped and the store disposed, never returned
    /// half-built. A payload that does not decode is reported only if the store's own checks found nothing, since
    /// those name the file and offset of the damage.</remarks>
    /// <exception cref="NearDupFormatException">The store is corrupt, or the requested options do not match the stored ones.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex Open(IIndexStore store, IndexOptions? requested = null, string source = "index", int cacheCapacity = DocumentIndex.DefaultCacheCapacity)
    {
        Guard.NotNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        try
        {
            IndexOptions stored = IndexOptionsCodec.Read(store.Options.Span, source);
            if (requested is not null && IndexOptionsCodec.Difference(stored, requested) is { } difference)
            {
                throw new NearDupFormatException($"{source}: options do not match the index: {difference}.");
            }

            return new NearDupIndex(store, requested ?? stored, source, cacheCapacity);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Checks that an id can be stored: not empty, valid Unicode, at most 65,535 UTF-8 bytes.</summary>
    /// <param name="id">The id.</param>
    /// <exception cref="ArgumentException">The id cannot be stored; the message says why.</exception>
    public static void CheckId(string id) => StoreFormat.EncodeId(id, $"document '{(id is { Length: > 40 } ? id[..40] + "…" : id)}'", nameof(id));

    /// <summary>Whether a document with this id is indexed.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when indexed.</returns>
    public bool Contains(string id)
    {
        Guard.NotNull(id);
        _lock.EnterReadLock();
        try
        {
            return _index.Contains(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Adds one document durably.</summary>
    /// <param name="id">Its id: not empty, not indexed yet.</param>
    /// <param name="text">Its text.</param>
    /// <exception cref="ArgumentException">The id is empty or already indexed.</exception>
    public void Add(string id, string text) => AddBatch([(id, text)]);

    /// <summary>Adds documents as one atomic, durable batch: all of them or, on any error, none.</summary>
    /// <param name="documents">(id, text) pairs; ids must be distinct and not yet indexed.</param>
    /// <returns>The number of documents added.</returns>
    /// <remarks>The texts are analysed on all cores before the index's write lock is taken.</remarks>
    /// <exception cref="ArgumentException">An id is empty, repeated in the batch, or already indexed; nothing is written.</exception>
    public int AddBatch(IEnumerable<(string Id, string Text)> documents)
    {
        Guard.NotNull(documents);
        ThrowIfDisposed();
        var items = new List<(string Id, string Text)>(documents);
        var ids = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (id, text) = items[i];
            if (!string.IsNullOrEmpty(id) && text is null)
            {
                throw new ArgumentException($"document '{id}' has no text (null).", nameof(documents));
            }

            ids[i] = id;
        }

        CheckBatchIds(ids, nameof(documents));
        var forms = new StoredForm[items.Count];
        Parallelism.For(items.Count, i => forms[i] = StoredForm.From(_index.Analyzer.Analyze(items[i].Id, items[i].Text)));
        return CommitAdds(ids, forms, nameof(documents));
    }

    /// <summary>Adds documents analysed elsewhere as one atomic, durable batch, without analysing them again: all of
    /// them or, on any error, none.</summary>
    /// <param name="documents">Documents from <see cref="DocumentAnalyzer.Analyze(string, string)"/> of an analyzer made
    /// with this index's <see cref="IndexOptions.Analysis"/> options; ids must be distinct and not yet indexed.</param>
    /// <returns>The number of documents added.</returns>
    /// <remarks>
    /// For pipelines that analyse documents on other threads or machines (or keep them for other uses): the index
    /// stores their sketches and fingerprints as they are and only compresses each text (≈ a fifth of an analysis). The
    /// index answers exactly as if the texts had been added with <see cref="AddBatch(IEnumerable{ValueTuple{string, string}})"/>.
    /// Every analysis parameter that decides the stored data is checked (both MinHash sketches, SimHash, both winnowing
    /// windows, and the function words, compared as sets, since they decide the spin fingerprints).
    /// </remarks>
    /// <exception cref="ArgumentException">A document is null, its id is repeated in the batch or already indexed, it
    /// was analysed under other parameters than the index's (the message names both values), or its text holds a lone
    /// surrogate and cannot be stored; nothing is written.</exception>
    public int AddBatch(IEnumerable<AnalyzedDocument> documents)
    {
        Guard.NotNull(documents);
        ThrowIfDisposed();
        var items = new List<AnalyzedDocument>(documents);
        var ids = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            AnalyzedDocument? document = items[i] ?? throw new ArgumentException($"document {i} of the batch is null.", nameof(documents));
            if (IndexOptionsCodec.Difference(Options.Analysis, document.Analysis, "document has") is { } difference)
            {
                throw new ArgumentException($"document '{document.Id}' was analysed under other parameters than the index: {difference}.", nameof(documents));
            }

            ids[i] = document.Id;
        }

        CheckBatchIds(ids, nameof(documents));
        var forms = new StoredForm[items.Count];
        Parallelism.For(items.Count, i => forms[i] = StoredForm.From(items[i]));
        return CommitAdds(ids, forms, nameof(documents));
    }

    /// <summary>Removes documents durably, as one batch.</summary>
    /// <param name="ids">Ids to remove; unknown ids are ignored.</param>
    /// <returns>The number of documents removed.</returns>
    public int Remove(IEnumerable<string> ids)
    {
        Guard.NotNull(ids);
        ThrowIfDisposed();
        _lock.EnterWriteLock();
        try
        {
            var known = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string id in ids)
            {
                if (id is not null && _index.Contains(id) && seen.Add(id))
                {
                    known.Add(id);
                }
            }

            if (known.Count == 0)
            {
                return 0;
            }

            var batch = new StoreOperation[known.Count];
            for (int i = 0; i < known.Count; i++)
            {
                batch[i] = StoreOperation.Remove(known[i]);
            }

            _store.Commit(batch);
            foreach (string id in known)
            {
                _index.Remove(id);
            }

            return known.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Finds the indexed documents a text copies, verified, strongest first.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The id the query carries as B in the verdicts.</param>
    /// <returns>The verdicts (indexed document as A).</returns>
    /// <exception cref="NearDupFormatException">A candidate's stored text does not decompress (its payload was damaged
    /// in a way the store's checksums did not catch); texts are read only when a candidate is verified.</exception>
    public IReadOnlyList<PairVerdict> Query(string text, string id = "query") => Query(text, id, CopyKinds.All);

    /// <summary>Finds the indexed documents a text copies in the given ways, verified, strongest first.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The id the query carries as B in the verdicts.</param>
    /// <param name="kinds">The kinds of copy to look for: they choose the candidate sources, and so the lookup's cost
    /// (see <see cref="CopyKinds"/>). Verdicts are returned whatever kind each verified candidate turns out to be.</param>
    /// <returns>The verdicts (indexed document as A).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kinds"/> is <see cref="CopyKinds.None"/> or holds a bit
    /// no kind has.</exception>
    /// <exception cref="NearDupFormatException">A candidate's stored text does not decompress (its payload was damaged
    /// in a way the store's checksums did not catch); texts are read only when a candidate is verified.</exception>
    public IReadOnlyList<PairVerdict> Query(string text, string id, CopyKinds kinds)
    {
        Guard.NotNull(text);
        Guard.NotNullOrEmpty(id);
        DocumentIndex.CheckKinds(kinds, nameof(kinds));
        ThrowIfDisposed();
        // The analysed query lives for this call only: its arrays are pooled and given back when it is answered.
        AnalyzedDocument query = _index.Analyzer.AnalyzeTransient(id, text);
        _lock.EnterReadLock();
        try
        {
            return _index.Query(query, kinds);
        }
        finally
        {
            _lock.ExitReadLock();
            query.Release();
        }
    }

    /// <summary>How many indexed documents a query would be verified against (for measurements: the candidate lookup alone).</summary>
    /// <param name="query">A query analysed with this index's analyzer.</param>
    /// <param name="kinds">The kinds of copy looked for.</param>
    /// <returns>The number of candidates.</returns>
    internal int CandidateCount(AnalyzedDocument query, CopyKinds kinds = CopyKinds.All)
    {
        _lock.EnterReadLock();
        try
        {
            return _index.Candidates(query, kinds).Count;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>As <see cref="CandidateCount(AnalyzedDocument, CopyKinds)"/>, telling <paramref name="laps"/> when each
    /// step of the lookup ends (for measurements that time the sources).</summary>
    /// <typeparam name="TLaps">The sink's type.</typeparam>
    /// <param name="query">A query analysed with this index's analyzer.</param>
    /// <param name="kinds">The kinds of copy looked for.</param>
    /// <param name="laps">Told the end of each step.</param>
    /// <returns>The number of candidates.</returns>
    internal int CandidateCount<TLaps>(AnalyzedDocument query, CopyKinds kinds, ref TLaps laps)
        where TLaps : struct, ILookupLaps
    {
        _lock.EnterReadLock();
        try
        {
            var keys = new List<int>();
            _index.CandidateIndex.Lookup(DocumentFingerprints.Of(query), kinds, keys, ref laps);
            return keys.Count;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Verifies a query against its candidates step by step, uncached (for measurements; see
    /// <see cref="DocumentIndex.TimeVerification(AnalyzedDocument, long[], long[])"/>).</summary>
    /// <param name="query">A query analysed with this index's analyzer.</param>
    /// <param name="ticks">Receives the stopwatch ticks per step.</param>
    /// <param name="bytes">Receives the bytes allocated per step.</param>
    /// <returns>How many candidates were verified.</returns>
    internal int TimeVerification(AnalyzedDocument query, long[] ticks, long[] bytes)
    {
        _lock.EnterReadLock();
        try
        {
            return _index.TimeVerification(query, ticks, bytes);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Writes a new snapshot of the live documents and empties the log; rebuilds the in-memory structures
    /// without removed documents' tombstones when these are a quarter or more of them.</summary>
    /// <param name="cancellationToken">Cancels the compaction before the new snapshot replaces the old one.</param>
    /// <remarks>
    /// <para>
    /// Analyses every live document again (on all cores) to write its candidate data, so documents stored as version 1
    /// payloads (text only) come out as version 2, and fills new candidate structures with them.
    /// </para>
    /// <para>
    /// The in-memory candidate structures are rebuilt only when removed documents are a quarter or more of the keys
    /// they hold (<see cref="Tombstones"/>); below that, their tombstones, which queries skip, cost less memory than
    /// a second index while the rebuild runs (at a million documents the rebuild took the peak from 8.5 to 15.7 GB), and
    /// the next open drops them.
    /// </para>
    /// <para>
    /// Streams: the store pulls the documents one at a time (<see cref="IIndexStore.Compact"/>) while they are analysed
    /// in chunks of 1,024 (and, when rebuilding, added to the new structures), so besides the index (and the new one)
    /// only one chunk of analysed documents and one payload are in memory. New structures replace the old ones only
    /// after the store's compaction returned: if it throws (cancellation, an I/O error, a corrupt compressed text) the
    /// index keeps answering from its old structures. The directory store replaces its files only once the new snapshot is written
    /// and flushed, so any failure before then leaves them as they were. Queries wait for the whole compaction, which
    /// holds the write lock.
    /// </para>
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing changed.</exception>
    /// <exception cref="NearDupFormatException">A compressed text held in memory does not decompress; nothing changed.</exception>
    public void Compact(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _lock.EnterWriteLock();
        try
        {
            if (!_index.WorthRebuilding)
            {
                _store.Compact(new LiveDocuments(_index.RebuildInto(null), _index.Count), cancellationToken);
                return;
            }

            DocumentIndex fresh = _index.Empty();
            _store.Compact(new LiveDocuments(_index.RebuildInto(fresh), _index.Count), cancellationToken);
            fresh.PackPassages();
            _index = fresh;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Keys of removed documents the in-memory candidate structures still hold (see <see cref="Compact"/>).</summary>
    internal int Tombstones
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _index.Tombstones;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Checks every checksum of the store without changing it.</summary>
    /// <returns>Problems found; empty when sound.</returns>
    public IReadOnlyList<string> Verify()
    {
        ThrowIfDisposed();
        _lock.EnterReadLock();
        try
        {
            return _store.Verify();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Counts and sizes.</summary>
    /// <returns>The store statistics with the live document count.</returns>
    public StoreStatistics Statistics()
    {
        ThrowIfDisposed();
        _lock.EnterReadLock();
        try
        {
            return _store.Statistics() with { Documents = _index.Count };
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Closes the store and releases its lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _store.Dispose();
        _lock.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Rejects an empty, unstorable or repeated id, before anything is analysed or written.</summary>
    private static void CheckBatchIds(string[] ids, string paramName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in ids)
        {
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException("a document id is empty.", paramName);
            }

            if (!seen.Add(id))
            {
                throw new ArgumentException($"document id '{id}' occurs twice in the batch.", paramName);
            }

            CheckId(id);
        }
    }

    /// <summary>Encodes, commits and indexes checked documents: the store first, so nothing becomes visible that is not durable.</summary>
    private int CommitAdds(string[] ids, StoredForm[] forms, string paramName)
    {
        var batch = new StoreOperation[ids.Length];
        Parallelism.For(ids.Length, i => batch[i] = StoreOperation.Add(ids[i], DocumentPayload.Encode(forms[i])));
        _lock.EnterWriteLock();
        try
        {
            foreach (string id in ids)
            {
                if (_index.Contains(id))
                {
                    throw new ArgumentException($"document id '{id}' is already indexed; remove it first to replace it.", paramName);
                }
            }

            _store.Commit(batch);
            var added = new (string Id, StoredForm Form)[ids.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                added[i] = (ids[i], forms[i]);
            }

            _index.AddRange(added);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return ids.Length;
    }

    /// <summary>
    /// The documents a compaction hands the store: each encoded when the store pulls it, so one payload is alive at a
    /// time, with the count known up front (the directory store then hashes its documents section as it writes it).
    /// </summary>
    /// <remarks>Enumerable once, as <see cref="IIndexStore.Compact"/> promises to. Thread safety: not thread-safe.</remarks>
    private sealed class LiveDocuments(IEnumerable<(string Id, StoredForm Form)> rebuilt, int count) : IReadOnlyCollection<StoredDocument>
    {
        public int Count => count;

        public IEnumerator<StoredDocument> GetEnumerator()
        {
            foreach (var (id, form) in rebuilt)
            {
                yield return new StoredDocument(id, DocumentPayload.Encode(form));
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Rebuilds the candidate structures from the documents a store streams: decodes them in chunks on all cores and
    /// adds each chunk at once, in the background while the store reads and the loader decodes the next chunk, so that
    /// at most two chunks of payloads and decoded forms are alive at a time.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Opening 1,000,000 documents used 1.4 of 2 cores while the store read and the loader decoded on one thread between
    /// adds; now that work overlaps the add of the previous chunk. Chunks are still added one at a time and in order, so
    /// the index is the same. Measured gain on 2 cores: small and within the machine's noise (68–80 s against 72–77 s).
    /// </para>
    /// <para>
    /// A payload that does not decode may be the first sign of damage the store's checksum will report when it reaches
    /// the end of the section; so the loader remembers the payload's error, stops decoding and lets the store finish:
    /// the store's error (naming file and offset) wins, and the payload's is thrown by <see cref="Finish"/> only when
    /// the store found nothing. An error while adding is thrown by the next <see cref="Accept"/> that flushes a chunk,
    /// or by <see cref="Finish"/>. Thread safety: not thread-safe.
    /// </para>
    /// </remarks>
    private sealed class Loader(DocumentIndex index, string source)
    {
        // A chunk's payloads and decoded forms (≈ 5 KB a document) live until the chunk is added. At 4,096 documents
        // (20 MB) they outlived the young generation and were collected in gen1: opening 1,000,000 documents took
        // 106 s with 13 s paused in 888 gen1 collections; at 512 it took 85 s with 4.8 s paused (128: no faster).
        private const int Chunk = 512;
        private readonly List<StoredDocument> _pending = new(Chunk);
        private ExceptionDispatchInfo? _failure;
        private Task? _adding;

        public void Accept(StoredDocument document)
        {
            if (_failure is not null)
            {
                return;
            }

            _pending.Add(document);
            if (_pending.Count == Chunk)
            {
                Flush();
            }
        }

        public void Finish()
        {
            if (_failure is null)
            {
                Flush();
            }

            WaitForAdding();
            _failure?.Throw();
        }

        /// <summary>Waits for the chunk being added, ignoring its error: for when the load has failed already.</summary>
        public void Abandon()
        {
            try
            {
                WaitForAdding();
            }
            catch (Exception e) when (e is ArgumentException or NearDupFormatException)
            {
                // The load's own error is the one the caller sees.
            }
        }

        /// <summary>Waits for the chunk being added and rethrows what adding it threw.</summary>
        private void WaitForAdding()
        {
            Task? adding = _adding;
            _adding = null;
            adding?.GetAwaiter().GetResult();
        }

        private void Flush()
        {
            // Version 2 payloads carry the candidate data: decoding them is reading small arrays, no tokenising.
            // Version 1 payloads (text only) are analysed as before.
            int n = _pending.Count;
            var forms = new StoredForm[n];
            try
            {
                Parallelism.For(n, i =>
                {
                    StoredDocument d = _pending[i];
                    ReadOnlySpan<byte> payload = d.Payload.Span;
                    forms[i] = DocumentPayload.ReadVersion(payload, d.Id, source) == DocumentPayload.Version1
                        ? DocumentPayload.AnalyzeVersion1(payload, d.Id, source, index.Analyzer)
                        : DocumentPayload.DecodeForm(payload, d.Id, source, index.Options.Analysis);
                });
            }
            catch (NearDupFormatException e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                _pending.Clear();
                return;
            }

            var chunk = new (string Id, StoredForm Form)[n];
            for (int i = 0; i < n; i++)
            {
                chunk[i] = (_pending[i].Id, forms[i]);
            }

            _pending.Clear();
            WaitForAdding();
            _adding = Task.Run(() => index.AddRange(chunk, bulk: true));
        }
    }
}
