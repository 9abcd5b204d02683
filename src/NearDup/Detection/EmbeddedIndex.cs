using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Internal;
using NearDup.Storage;
using NearDup.Storage.Codecs;

namespace NearDup.Detection;

/// <summary>
/// The candidate index of one process: the candidate structures and records (<see cref="ResidentTable"/>), every change
/// committed first to an <see cref="IIndexStore"/> — a directory on local disk, or memory.
/// </summary>
/// <remarks>
/// <para>
/// Every change is a batch committed atomically and durably to the store before it becomes visible. When the index
/// opens, the candidate structures and the documents' records are read from the image the last compaction wrote into the
/// store (<see cref="IStructureImageStore"/>), without reading the documents (their texts are read from the snapshot
/// file when a candidate is fetched; an image of version 1 holds no records, which are then decoded from each document),
/// and the batches since are applied on top; without an image (a store that keeps none, an index never compacted, a damaged image, an image of other
/// settings) they are built from the candidate data stored with each document (no text is analysed then, except
/// documents stored by builds that kept only the text).
/// </para>
/// <para>
/// Keys are a slot of the current table with the table's generation in the high 32 bits: a compaction that rebuilds
/// the table starts a new generation, so a key looked up before it never fetches another document after it.
/// </para>
/// <para>
/// Thread safety: one writer and many concurrent readers. Lookups and fetches take a shared lock; adds, removes and
/// compaction an exclusive one. The store's own lock keeps a second writer process out. While a batch holds the lock,
/// lookups wait; a batch usually takes milliseconds, but the one that doubles a passage index's postings also lays
/// them out again, which at a million documents takes seconds, as growing a hash table does.
/// </para>
/// </remarks>
internal sealed class EmbeddedIndex : ICandidateIndex
{
    [ThreadStatic]
    private static List<int>? t_slots;

    private readonly IIndexStore _store;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // Held by every add and compaction around its write, and by an add-unless-copy around its query and its add: the
    // query cannot run under the write lock (it takes the read lock, on several threads), so this one orders them. A
    // Lock is reentrant, so the add-unless-copy's add takes it again.
    private readonly Lock _adding = new();
    private readonly DocumentAnalyzer _analyzer;
    private ResidentTable _table;
    private long _generation;
    private int _analysisVersion;
    private bool _disposed;

    private EmbeddedIndex(IIndexStore store, IndexOptions options, DocumentAnalyzer analyzer, string source, ResidentTable table, RecoveryReport recovery, int analysisVersion)
    {
        _store = store;
        _analysisVersion = analysisVersion;
        _analyzer = analyzer;
        _table = table;
        Options = options;
        Source = source;
        Recovery = recovery;
    }

    /// <inheritdoc/>
    public IndexOptions Options { get; }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    public bool IsReadOnly => _store is DirectoryIndexStore { IsReadOnly: true };

    /// <inheritdoc/>
    /// <remarks>Always: the passage tables are in memory or mapped from the snapshot.</remarks>
    public bool CountsHoldersLocally => true;

    /// <inheritdoc/>
    public RecoveryReport Recovery { get; }

    /// <inheritdoc/>
    /// <remarks>Always: a compaction writes each document's stored form as this build's analysis makes it (copying the
    /// stored one only when this build's analysis made it).</remarks>
    public bool CompactionBringsThisAnalysis => true;

    /// <inheritdoc/>
    /// <remarks>The version the store's options blob records; a compaction, which writes every document as this build
    /// analyses it, records this build's.</remarks>
    public int AnalysisVersion
    {
        get
        {
            ThrowIfDisposed();
            return Volatile.Read(ref _analysisVersion);
        }
    }

    /// <inheritdoc/>
    public long Count => Read(static t => t.Count);

    /// <summary>Whether opening read the candidate structures from the store's structure image rather than building them
    /// from the documents.</summary>
    internal bool OpenedFromImage { get; private init; }

    /// <summary>Whether the snapshot's documents' records come from the structure image, their texts read from the
    /// snapshot file when fetched (see <see cref="ResidentTable.HoldsSnapshotRecords"/>).</summary>
    internal bool RecordsInFile => Read(static t => t.HoldsSnapshotRecords);

    /// <summary>Slots of removed documents the in-memory candidate structures still hold (see <see cref="CompactAsync"/>).</summary>
    internal int Tombstones => Read(static t => t.Tombstones);

    /// <summary>Whether the passage indexes are read in place from the snapshot's mapped image, and how many adds and
    /// packs of the word passages are kept since it (for tests).</summary>
    internal (bool Mapped, int Changes) PassageImage => Read(static t => (t.MapsImage && t.Candidates.PassagesMapped, t.Candidates.PassageChangesSinceImage));

    /// <summary>Loads an index from its store: streams the documents, decodes them in chunks on all cores and fills the
    /// structures; nothing is returned half-built.</summary>
    /// <param name="store">The store; owned by the index from now on (disposed here if loading fails).</param>
    /// <param name="options">The options the index runs under (checked against the stored ones by the caller).</param>
    /// <param name="analyzer">An analyzer made with <paramref name="options"/>'s analysis options.</param>
    /// <param name="source">The index's name in errors.</param>
    /// <param name="analysisVersion">The analysis version the store's options record (read with them by the caller).</param>
    /// <param name="progress">Told the stages of the load (<see cref="ScanProgress.ReadingLog"/>,
    /// <see cref="ScanProgress.LoadingDocuments"/>, <see cref="ScanProgress.PackingPassages"/>) on the calling thread, or null.</param>
    /// <returns>The open index.</returns>
    /// <remarks>A payload that does not decode is reported only if the store's own checks found nothing, since those
    /// name the file and offset of the damage.</remarks>
    /// <exception cref="NearDupFormatException">The store or a payload is corrupt.</exception>
    public static EmbeddedIndex Load(IIndexStore store, IndexOptions options, DocumentAnalyzer analyzer, string source, int analysisVersion, IProgress<ScanProgress>? progress = null)
    {
        try
        {
            LoadStages? stages = progress is null ? null : new LoadStages(progress);
            (IndexLoader loader, RecoveryReport report) = LoadOnce(store, options, analyzer, source, stages, useImage: store is IStructureImageStore);
            if (loader.Spoiled)
            {
                loader.Discard();
                (loader, report) = LoadOnce(store, options, analyzer, source, stages, useImage: false);
            }

            ResidentTable table = loader.Table;
            bool packing = progress is not null && table.Count > 0;
            if (packing)
            {
                progress!.Report(new ScanProgress(ScanProgress.PackingPassages, 0, 1));
            }

            table.PackPassages();
            if (packing)
            {
                progress!.Report(new ScanProgress(ScanProgress.PackingPassages, 1, 1));
            }

            return new EmbeddedIndex(store, options, analyzer, source, table, report, analysisVersion) { OpenedFromImage = loader.FromImage };
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>One pass of the store's documents into a new table, offering the loader the store's structure image
    /// when <paramref name="useImage"/>; a loader that comes back <see cref="IndexLoader.Spoiled"/> holds nothing usable.</summary>
    private static (IndexLoader Loader, RecoveryReport Report) LoadOnce(IIndexStore store, IndexOptions options, DocumentAnalyzer analyzer, string source, LoadStages? stages, bool useImage)
    {
        var loader = new IndexLoader(new ResidentTable(options, source), analyzer);
        try
        {
            RecoveryReport report = Synchronous.Wait(useImage
                ? ((IStructureImageStore)store).LoadAsync(loader.Accept, loader, stages)
                : store.LoadAsync(loader.Accept, stages));
            if (!loader.Spoiled)
            {
                loader.Finish();
            }
            else
            {
                loader.Abandon();
            }

            return (loader, report);
        }
        catch
        {
            loader.Abandon();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> ContainsAsync(string id, CancellationToken cancellationToken = default) =>
        Synchronous.Run(() => Read(t => t.Contains(id)));

    /// <inheritdoc/>
    /// <remarks>The texts are compressed and encoded on all cores before the write lock is taken; under it the ids are
    /// checked against the index, the batch is committed to the store, and then added to the structures.</remarks>
    /// <exception cref="System.Text.EncoderFallbackException">A text holds a lone surrogate, which cannot be stored; nothing is written.</exception>
    public ValueTask AddAsync(IReadOnlyList<AnalyzedDocument> documents, CancellationToken cancellationToken = default) =>
        Synchronous.Run(() => Add(documents, cancellationToken));

    /// <inheritdoc/>
    /// <remarks>The query and the add run under one lock that every add and compaction of this index also takes, so no
    /// add commits between them: the document is kept exactly when no copy of it is held at the moment it is added.
    /// Queries and removes go on meanwhile (a remove only makes a copy fewer).</remarks>
    public ValueTask<IReadOnlyList<Verification.PairVerdict>> AddUnlessCopyAsync(AnalyzedDocument document, Func<AnalyzedDocument, IReadOnlyList<KeyedVerdict>> findCopies, CancellationToken cancellationToken = default) =>
        Synchronous.Run(() =>
        {
            ThrowIfDisposed();
            lock (_adding)
            {
                IReadOnlyList<KeyedVerdict> copies = findCopies(document);
                if (copies.Count > 0)
                {
                    return (IReadOnlyList<Verification.PairVerdict>)KeyedVerdict.Verdicts(copies);
                }

                Add([document], cancellationToken);
                return [];
            }
        });

    /// <inheritdoc/>
    /// <remarks>Nothing to finish: an index of one process has one writer, this one, whose batches are complete when
    /// their calls return; what a writer that died left (an interrupted last write) was dropped when this index opened.
    /// Returns an empty report.</remarks>
    public ValueTask<RecoveryReport> RecoverAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return ValueTask.FromResult(new RecoveryReport(0, 0, 0, []));
    }

    /// <inheritdoc/>
    public ValueTask<int> RemoveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        Synchronous.Run(() => Remove(ids, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<int> LookupAsync(AnalyzedDocument query, CopyKinds kinds, List<long> keys, bool nearDuplicatePassages = false, CancellationToken cancellationToken = default)
    {
        var laps = default(NoLaps);
        return ValueTask.FromResult(Lookup(query, kinds, keys, ref laps, nearDuplicatePassages));
    }

    /// <inheritdoc/>
    public ValueTask<CandidateDocument[]> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var records = new CandidateDocument[keys.Count];
        _lock.EnterReadLock();
        try
        {
            for (int i = 0; i < keys.Count; i++)
            {
                long key = keys[i];
                if (key >> 32 == _generation && _table.Fetch((int)key) is { } d)
                {
                    records[i] = new CandidateDocument(key, d.Id, d.ExactHash, d.SimHash, d.CompressedText, d.TextBytes);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return new ValueTask<CandidateDocument[]>(records);
    }

    /// <inheritdoc/>
    public ValueTask HoldersAsync(ReadOnlyMemory<ulong> fingerprints, Memory<int> counts, bool skeleton, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _lock.EnterReadLock();
        try
        {
            _table.Candidates.PassageHolders(fingerprints.Span, counts.Span, skeleton);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Writes a new snapshot of the live documents and empties the log. Analyses every live document again (on all
    /// cores) to write its candidate data, so documents stored as version 1 or 2 payloads come out as version 3; the
    /// texts of the documents whose records came from an image are read from the old snapshot, a chunk at a time. A
    /// store that keeps a structure image (<see cref="IStructureImageStore"/>) gets the image of the table after the
    /// documents, with every document's record and where the writer put its text, and the next open reads it; the
    /// table then reads its texts from the new snapshot and drops the ones it held in memory (those added since the
    /// last compaction).
    /// </para>
    /// <para>
    /// The in-memory structures are rebuilt when removed documents are a quarter or more of the slots they hold
    /// (<see cref="Tombstones"/>), and for a store that keeps an image whenever there is any: a removed document still
    /// counts as a holder of its passages, which weighs recurring text, so an image with tombstones would answer
    /// otherwise than an index built from the documents. For other stores, tombstones below a quarter cost less memory
    /// than a second table while the rebuild runs, and the next open drops them.
    /// </para>
    /// <para>
    /// Streams: the store pulls the documents one at a time while they are analysed in chunks of 1,024 (and, when
    /// rebuilding, added to the new table), so besides the table (and the new one) only one chunk of analysed documents
    /// and one payload are in memory. The new table replaces the old one only after the store's compaction returned: if
    /// it throws (cancellation, an I/O error, a corrupt compressed text) the index keeps answering from its old table.
    /// The directory store replaces its files only once the new snapshot is written and flushed, so any failure before
    /// then leaves them as they were. Lookups wait for the whole compaction, which holds the write lock.
    /// </para>
    /// </remarks>
    public ValueTask CompactAsync(CancellationToken cancellationToken = default) => Synchronous.Run(() => Compact(cancellationToken));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _lock.EnterReadLock();
        try
        {
            return new ValueTask<IReadOnlyList<string>>(Synchronous.Wait(_store.VerifyAsync(cancellationToken)));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<IReadOnlyList<string>>(e);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public ValueTask<StoreStatistics> StatisticsAsync(CancellationToken cancellationToken = default) =>
        Synchronous.Run(() =>
        {
            ThrowIfDisposed();
            _lock.EnterReadLock();
            try
            {
                return _store.Statistics() with { Documents = _table.Count };
            }
            finally
            {
                _lock.ExitReadLock();
            }
        });

    /// <summary>The lookup, telling <paramref name="laps"/> when each step ends (measurements pass a timing sink).</summary>
    /// <typeparam name="TLaps">The sink's type.</typeparam>
    /// <param name="query">The analysed query.</param>
    /// <param name="kinds">The kinds of copy looked for.</param>
    /// <param name="keys">Receives the keys.</param>
    /// <param name="laps">Told the end of each step.</param>
    /// <param name="nearDuplicatePassages">Whether the word passages propose near-duplicates too (see
    /// <see cref="ICandidateIndex.LookupAsync"/>).</param>
    /// <returns>How many of the keys added are for any verdict; the rest are for spun only.</returns>
    internal int Lookup<TLaps>(AnalyzedDocument query, CopyKinds kinds, List<long> keys, ref TLaps laps, bool nearDuplicatePassages = false)
        where TLaps : struct, ILookupLaps
    {
        ThrowIfDisposed();
        List<int> slots = t_slots ??= new List<int>();
        slots.Clear();
        var fingerprints = DocumentFingerprints.Of(query);
        long generation;
        int any;
        _lock.EnterReadLock();
        try
        {
            any = _table.Candidates.Lookup(fingerprints, kinds, slots, ref laps, nearDuplicatePassages);
            generation = _generation << 32;
        }
        finally
        {
            _lock.ExitReadLock();
        }

        foreach (int slot in slots)
        {
            keys.Add(generation | (uint)slot);
        }

        if (slots.Capacity > 16_384)
        {
            t_slots = null; // one outsized lookup does not pin its list for the thread's life
        }

        return any;
    }

    /// <summary>The live documents in the order they were added, each analysed again from its text (for tests).</summary>
    /// <returns>The documents.</returns>
    internal List<AnalyzedDocument> Documents() => Read(t => new List<AnalyzedDocument>(t.Documents(_analyzer)));

    /// <summary>Closes the store and releases its lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _table.Dispose(); // a lookup still running keeps the map until it ends (MappedImage's leases)
        _store.Dispose();
        _lock.Dispose();
    }

    private void Add(IReadOnlyList<AnalyzedDocument> documents, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var forms = new StoredForm[documents.Count];
        Parallelism.For(documents.Count, i => forms[i] = StoredForm.From(documents[i]));
        ReadOnlyMemory<byte>[] payloads = DocumentPayload.EncodeBatch(forms);
        var batch = new StoreOperation[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            batch[i] = StoreOperation.Add(documents[i].Id, payloads[i]);
        }

        using Lock.Scope adding = _adding.EnterScope();
        _lock.EnterWriteLock();
        try
        {
            foreach (AnalyzedDocument document in documents)
            {
                if (_table.Contains(document.Id))
                {
                    throw new ArgumentException($"document id '{document.Id}' is already indexed; remove it first to replace it.", nameof(documents));
                }
            }

            Synchronous.Wait(_store.CommitAsync(batch, cancellationToken));
            var added = new (string Id, StoredForm Form)[documents.Count];
            for (int i = 0; i < documents.Count; i++)
            {
                added[i] = (documents[i].Id, forms[i]);
            }

            _table.AddRange(added, bulk: false);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private int Remove(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        _lock.EnterWriteLock();
        try
        {
            var known = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string id in ids)
            {
                if (id is not null && _table.Contains(id) && seen.Add(id))
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

            Synchronous.Wait(_store.CommitAsync(batch, cancellationToken));
            foreach (string id in known)
            {
                _table.Remove(id);
            }

            return known.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Compact(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();

        // A compaction renumbers the keys, and a query that straddles it skips candidates: not under an add-unless-copy.
        using Lock.Scope adding = _adding.EnterScope();
        _lock.EnterWriteLock();
        try
        {
            byte[] options = IndexOptionsCodec.Write(IndexOptionsCodec.Read(_store.Options.Span, Source));
            bool analysedByThisBuild = _analysisVersion == DocumentAnalyzer.AnalysisVersion;

            // The store's payloads carry each document's analysis: when this build's analysis made them, they are copied
            // rather than made again. Reading them again may fail where the documents section's checksum does (damage
            // the load did not read); the compaction then starts again, analysing every document. A stored analysis
            // that differs from this build's for the same text means the structures in memory, made from the stored
            // analyses too, are another analysis's: the compaction then builds them anew, as for an older analysis.
            IStoredPayloads? stored = analysedByThisBuild ? _store as IStoredPayloads : null;
            LastRebuild = null;
            try
            {
                CompactOnce(options, analysedByThisBuild, stored?.ReadStored(cancellationToken), new RebuildTally(), cancellationToken);
            }
            catch (StoredPayloadsUnusableException e)
            {
                CompactOnce(options, analysedByThisBuild && !e.AnalysisDiffers, null, new RebuildTally { GaveUpCopying = e.Message }, cancellationToken);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>One attempt at a compaction (under the write lock): into the current table when it can stay, else into
    /// a fresh one, which then replaces it.</summary>
    /// <param name="options">The options blob the new snapshot holds.</param>
    /// <param name="analysedByThisBuild">Whether the table's documents were analysed by this build's analysis.</param>
    /// <param name="stored">The store's live documents to copy payloads from, or null to analyse every document.</param>
    /// <param name="tally">Counts what is copied and analysed; <see cref="LastRebuild"/> once the compaction succeeded.</param>
    /// <param name="cancellationToken">Cancels before the new snapshot replaces the old one.</param>
    private void CompactOnce(byte[] options, bool analysedByThisBuild, IEnumerable<StoredDocument>? stored, RebuildTally tally, CancellationToken cancellationToken)
    {
        // An image must hold what an index built from the documents would: no removed slots (they still count as
        // holders of their passages, which weighs recurring text), so a store that keeps one gets a fresh table
        // whenever there are tombstones. A mapped image with a damaged block (found by a lookup, the background
        // check, or here) is not copied either: the fresh table is built from the documents.
        // The new snapshot records this build's analysis. The structures in memory hold what the documents were
        // analysed into when they were added or opened: an index an older analysis made gets a fresh table, so that
        // structures, image and stored documents agree.
        if (analysedByThisBuild && !_table.WorthRebuilding && (_table.Tombstones == 0 || _store is not IStructureImageStore) && !_table.MappedImageIsDamaged())
        {
            ResidentTable current = _table;
            current.PackPassages();
            CompactStore(current, new LiveDocuments(current.RebuildInto(null, _analyzer, stored, tally), current.Count), options, current.PackPassages, cancellationToken);
            LastRebuild = tally;
            return;
        }

        var fresh = new ResidentTable(Options, Source);
        CompactStore(fresh, new LiveDocuments(_table.RebuildInto(fresh, _analyzer, stored, tally), _table.Count), options, fresh.PackPassages, cancellationToken);
        fresh.PackPassages();
        _table.Dispose(); // under the write lock: no lookup reads the old table's map any more
        _table = fresh;
        _generation++;
        Volatile.Write(ref _analysisVersion, DocumentAnalyzer.AnalysisVersion);
        LastRebuild = tally;
    }

    /// <summary>What the last compaction copied from the store and what it analysed again; null before the first, and
    /// while or after one that failed.</summary>
    /// <remarks>Thread safety: a reference read; written under the write lock.</remarks>
    internal RebuildTally? LastRebuild { get; private set; }

    /// <summary>Compacts the store, with <paramref name="table"/>'s structure image after the documents when the store
    /// keeps one (so that the next open reads the structures and records instead of building them); the table then
    /// reads its documents' texts from the new snapshot, and drops the ones it held in memory.</summary>
    /// <param name="table">The table the documents end up in (filled by <paramref name="live"/> when it is a fresh one).</param>
    /// <param name="live">The live documents.</param>
    /// <param name="options">The options blob the new snapshot holds.</param>
    /// <param name="beforeImage">Called once every document was pulled, before the image is written.</param>
    /// <param name="cancellationToken">Cancels before the new snapshot replaces the old one.</param>
    private void CompactStore(ResidentTable table, LiveDocuments live, byte[] options, Action beforeImage, CancellationToken cancellationToken)
    {
        if (_store is not IStructureImageStore imaged)
        {
            Synchronous.Wait(_store.CompactAsync(live, options, cancellationToken));
            return;
        }

        SnapshotRecords? records = null;
        SnapshotTexts texts = Synchronous.Wait(imaged.CompactAsync(
            live,
            (output, payloadOffsets) =>
            {
                beforeImage();
                records = table.WriteImage(output, payloadOffsets);
            },
            options,
            cancellationToken));
        table.AdoptSnapshot(records!, texts);
    }

    private T Read<T>(Func<ResidentTable, T> read)
    {
        ThrowIfDisposed();
        _lock.EnterReadLock();
        try
        {
            return read(_table);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Turns a store's load steps into the stages of opening an index: bytes of the log in whole MiB (rounded
    /// up for the total, so that a small log still counts 1), documents as they are.</summary>
    /// <remarks>Thread safety: that of the progress it reports to.</remarks>
    private sealed class LoadStages(IProgress<ScanProgress> progress) : IProgress<StoreLoadProgress>
    {
        private const long Mebibyte = 1 << 20;

        public void Report(StoreLoadProgress value) => progress.Report(value.Step == StoreLoadStep.ReadingLog
            ? new ScanProgress(ScanProgress.ReadingLog, Count(value.Done == value.Total ? Mebibytes(value.Done) : value.Done / Mebibyte), Count(Mebibytes(value.Total)))
            : new ScanProgress(ScanProgress.LoadingDocuments, Count(value.Done), Count(value.Total)));

        private static long Mebibytes(long bytes) => (bytes + Mebibyte - 1) / Mebibyte;

        private static int Count(long count) => (int)Math.Min(count, int.MaxValue);
    }

    /// <summary>
    /// The documents a compaction hands the store: made a chunk at a time as the store pulls them (see
    /// <see cref="ResidentTable.RebuildInto"/>), so one chunk of payloads is alive at a time, with the count known up
    /// front (the directory store then hashes its documents section as it writes it).
    /// </summary>
    /// <remarks>Enumerable once, as <see cref="IIndexStore.CompactAsync"/> promises to. Thread safety: not thread-safe.</remarks>
    private sealed class LiveDocuments(IEnumerable<StoredDocument> rebuilt, int count) : IReadOnlyCollection<StoredDocument>
    {
        public int Count => count;

        public IEnumerator<StoredDocument> GetEnumerator() => rebuilt.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
