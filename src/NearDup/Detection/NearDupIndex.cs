using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Internal;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>
/// An index of original documents that answers, for a text, which originals it copies — exactly, nearly, as an excerpt,
/// or spun — each verdict verified and with its evidence; and, for a whole collection, every pair of copies in it.
/// The one front door of NearDup: in memory (<see cref="CreateInMemory"/>) or in a directory on local disk
/// (<see cref="Create"/>, <see cref="Open(string, IndexOptions?, int)"/>).
/// </summary>
/// <remarks>
/// <para>
/// A text is analysed (<see cref="Analyzer"/>: tokens, shingles, MinHash and SimHash sketches, winnowed passage
/// fingerprints), its candidates come from the candidate structures (exact hash, MinHash LSH over words and over spin
/// skeletons, SimHash neighbours, shared passages through a gate: none of them compares all pairs), and every candidate
/// is verified on the real word sequences (<see cref="PairVerifier"/>). A candidate is never a verdict.
/// </para>
/// <para>
/// Every change is a batch committed atomically and durably before it becomes visible; adding an id that is already
/// indexed is rejected (remove it first), and a batch with any rejected entry writes nothing. An index on disk rebuilds
/// its candidate structures from the stored candidate data when it opens (no text is analysed). In memory each document
/// costs its compressed text and its share of the candidate structures; the analysed form the verifier needs is rebuilt
/// from the text when a query must verify it, and the originals verified more than once are kept in a cache of
/// <see cref="CacheCapacity"/> documents.
/// </para>
/// <para>
/// Thread safety: one writer and many concurrent readers. Queries run in parallel with each other; adds, removes and
/// compaction take the index's write lock, which the candidate lookup waits for; verification runs outside it, so a
/// query that looked its candidates up just before a remove may still report the removed document, and one that looked
/// them up just before a compaction rebuilt the structures skips the candidates it had not fetched yet. A directory's
/// lock file keeps a second writer process out.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using NearDup.Detection;
///
/// using NearDupIndex index = NearDupIndex.Create("idx/");          // or NearDupIndex.CreateInMemory()
/// index.AddBatch([("a.txt", originalText), ("b.txt", otherText)]);
/// foreach (PairVerdict verdict in index.Query(suspectText, "suspect.txt"))
/// {
///     Console.WriteLine($"{verdict.B} copies {verdict.A}: {verdict.Kind.ToName()} ({verdict.Score:0.00})");
/// }
/// </code>
/// </example>
public sealed class NearDupIndex : IDisposable
{
    /// <summary>The default <see cref="CacheCapacity"/>: a thousand originals analysed for verification.</summary>
    public const int DefaultCacheCapacity = 1_024;

    private readonly ICandidateIndex _backend;
    private readonly DocumentCache _cache;
    private readonly LanguageVerifiers _verifiers;
    private bool _disposed;

    /// <summary>Runs the engine over a candidate index.</summary>
    /// <param name="backend">The candidate index; owned by this index from now on.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification, 0 or more.</param>
    internal NearDupIndex(ICandidateIndex backend, int cacheCapacity)
    {
        _backend = backend;
        Options = backend.Options;
        Analyzer = new DocumentAnalyzer(Options.Analysis);
        _verifiers = new LanguageVerifiers(Options);
        _cache = new DocumentCache(cacheCapacity, admitOnSecondMiss: true);
    }

    /// <summary>The options the index runs under.</summary>
    public IndexOptions Options { get; }

    /// <summary>The analyzer made with the index's analysis options: documents given to
    /// <see cref="AddBatch(IEnumerable{AnalyzedDocument})"/> and <see cref="Query(AnalyzedDocument, CopyKinds)"/> must
    /// have been analysed under the same options.</summary>
    public DocumentAnalyzer Analyzer { get; }

    /// <summary>What opening the index replayed from its log and dropped.</summary>
    public RecoveryReport Recovery => _backend.Recovery;

    /// <summary>What the last <see cref="Compact"/> of this instance did with each document's candidate data; null before
    /// the first, while one runs, after one that failed, and for an index on a server, whose compaction copies
    /// nothing.</summary>
    /// <remarks>Thread safety: safe from any thread (a reference read).</remarks>
    public CompactionReport? LastCompaction =>
        _backend is EmbeddedIndex { LastRebuild: { } tally } ? new CompactionReport(tally.Copied, tally.Analysed, tally.GaveUpCopying) : null;

    /// <summary>The analysis version the index's stored documents were analysed with
    /// (<see cref="DocumentAnalyzer.AnalysisVersion"/> of the build that wrote them); 0 for an index written before
    /// versions were recorded.</summary>
    /// <remarks>Queries are analysed by this build. Where the index's documents were analysed otherwise, their stored
    /// fingerprints are not the ones a query has, so copies a candidate source of this build would propose can be
    /// missed (verdicts on what is proposed are this build's): see <see cref="IsAnalysisCurrent"/>.</remarks>
    public int AnalysisVersion
    {
        get
        {
            ThrowIfDisposed();
            return _backend.AnalysisVersion;
        }
    }

    /// <summary>Whether the index's documents were analysed as this build analyses them (<see cref="AnalysisVersion"/>
    /// is <see cref="DocumentAnalyzer.AnalysisVersion"/>), so that a query finds what a scan of the same documents
    /// would. When not, the index still opens and answers; on local disk or in memory <see cref="Compact"/> analyses
    /// every document again and makes it current; on a Redis-protocol server, add the documents to a new index. Until
    /// then every add throws <see cref="InvalidOperationException"/> (the index would hold documents of two analyses
    /// under one recorded version), unless the index records no version at all (written before versions were: it is
    /// current for no build either way).</summary>
    public bool IsAnalysisCurrent => AnalysisVersion == DocumentAnalyzer.AnalysisVersion;

    /// <summary>Whether the index was opened to query only (<see cref="OpenReadOnly(string, int)"/>, or
    /// <c>RedisNearDupIndex.OpenReadOnly</c>): every add, add-unless-copy, remove and compaction then throws
    /// <see cref="InvalidOperationException"/> ("… was opened read-only …") before it reads or writes anything, even
    /// for a document the index holds a copy of.</summary>
    public bool IsReadOnly => _backend.IsReadOnly;

    /// <summary>Number of documents indexed.</summary>
    public long Count
    {
        get
        {
            ThrowIfDisposed();
            return _backend.Count;
        }
    }

    /// <summary>Originals kept at most, analysed for verification, in the least-recently-used cache. An original is
    /// cached when it is a candidate for the second time, so one-off candidates never fill it.</summary>
    public int CacheCapacity => _cache.Capacity;

    /// <summary>The candidate index behind the engine (for tests and measurements).</summary>
    internal ICandidateIndex Backend => _backend;

    /// <summary>The cache of originals analysed for verification (for tests and measurements).</summary>
    internal DocumentCache Cache => _cache;

    /// <summary>Creates an empty index in memory: nothing survives its disposal.</summary>
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="CacheCapacity"/>), 0 or more.</param>
    /// <returns>The empty index.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex CreateInMemory(IndexOptions? options = null, int cacheCapacity = DefaultCacheCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        options ??= IndexOptions.Default;
        return Open(new InMemoryIndexStore(IndexOptionsCodec.Write(options)), options, "memory", cacheCapacity);
    }

    /// <summary>Creates a new index in a directory on local disk.</summary>
    /// <param name="directory">The directory; it must not already hold an index.</param>
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="CacheCapacity"/>), 0 or more.</param>
    /// <returns>The open, empty index.</returns>
    /// <exception cref="System.IO.IOException">The directory already holds an index or cannot be written.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex Create(string directory, IndexOptions? options = null, int cacheCapacity = DefaultCacheCapacity)
    {
        Guard.NotNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        options ??= IndexOptions.Default;
        return Open(DirectoryIndexStore.Create(directory, IndexOptionsCodec.Write(options)), options, directory, cacheCapacity);
    }

    /// <summary>Opens an index in a directory on local disk, replaying its log.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones. Sketch parameters and function
    /// words (and the learned ones, <see cref="AnalysisOptions.LearnedFunctionWords"/>) must match the stored ones; thresholds are taken from <paramref name="requested"/>.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="CacheCapacity"/>), 0 or more.</param>
    /// <returns>The open index.</returns>
    /// <remarks>Reads the candidate structures from the image the last compaction wrote, with only each document's record
    /// (hashes and compressed text), and applies the batches since on top; without a usable image (never compacted, a
    /// log that removed a compacted document since, an image of another build's settings, a damaged one) it reads the
    /// candidate data stored with each document and builds them, analysing no text except documents stored by builds
    /// that kept only the text. The documents are decoded in chunks on all cores as the store streams them, so besides
    /// the index itself only a chunk of payloads is in memory. Nothing is returned unless every checksum of the
    /// documents and the log matched; when they or a payload turn out to be damaged, the index is dropped and its files
    /// closed, never returned half-built. A damaged image is only passed over, and <see cref="Recovery"/> says so.</remarks>
    /// <exception cref="NearDupFormatException">A file is corrupt, or the requested options do not match the stored ones.</exception>
    /// <exception cref="IndexLockedException">Another writer has the index open.</exception>
    /// <exception cref="System.IO.DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="System.IO.FileNotFoundException">The directory holds no index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex Open(string directory, IndexOptions? requested = null, int cacheCapacity = DefaultCacheCapacity) =>
        Open(directory, requested, cacheCapacity, progress: null);

    /// <summary>Opens an index in a directory on local disk, replaying its log, and reports how far the opening has got.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones (see
    /// <see cref="Open(string, IndexOptions?, int)"/>).</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="CacheCapacity"/>), 0 or more.</param>
    /// <param name="progress">Told the stages of the opening that have work to do, in this order and each from its start
    /// to its end: <see cref="ScanProgress.ReadingLog"/> (when the log holds batches),
    /// <see cref="ScanProgress.LoadingDocuments"/> (when documents are read one by one to build the candidate structures:
    /// not those whose structures the last compaction's image holds) and <see cref="ScanProgress.PackingPassages"/> (when
    /// the index holds documents); or null. It is called on the thread that
    /// opens (every 4 MiB of log, every 512 documents), so it should return quickly; it must not call the index, which
    /// is not returned yet.</param>
    /// <returns>The open index.</returns>
    /// <remarks>As <see cref="Open(string, IndexOptions?, int)"/>: reporting changes nothing that is read or stored. An
    /// opening that fails reports no end for the stage it failed in.</remarks>
    /// <exception cref="NearDupFormatException">A file is corrupt, or the requested options do not match the stored ones.</exception>
    /// <exception cref="IndexLockedException">Another writer has the index open.</exception>
    /// <exception cref="System.IO.DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="System.IO.FileNotFoundException">The directory holds no index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex Open(string directory, IndexOptions? requested, int cacheCapacity, IProgress<ScanProgress>? progress)
    {
        Guard.NotNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        return Open(DirectoryIndexStore.Open(directory), requested, directory, cacheCapacity, progress);
    }

    /// <summary>Opens an index on local disk to query it only: beside a process that has it open for writing, beside
    /// other readers, and on a read-only mount. It takes no lock and never writes a file.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="CacheCapacity"/>), 0 or more.</param>
    /// <returns>The open index; <see cref="AddBatch(IEnumerable{ValueTuple{string, string}})"/>, <see cref="Remove"/> and
    /// <see cref="Compact"/> throw <see cref="InvalidOperationException"/>.</returns>
    /// <remarks>It holds the documents acknowledged when it was opened (a batch being written is left out, and later
    /// batches need a new open). A compaction that replaces the files while they are read is met by reading them again,
    /// up to <see cref="ReadOnlyAttempts"/> times in all.</remarks>
    /// <exception cref="NearDupFormatException">A file is corrupt (or kept changing under every attempt).</exception>
    /// <exception cref="System.IO.DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="System.IO.FileNotFoundException">The directory holds no index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex OpenReadOnly(string directory, int cacheCapacity = DefaultCacheCapacity) =>
        OpenReadOnly(directory, cacheCapacity, progress: null);

    /// <summary>Opens an index on local disk to query it only (see <see cref="OpenReadOnly(string, int)"/>), and reports
    /// how far the opening has got.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="CacheCapacity"/>), 0 or more.</param>
    /// <param name="progress">Told the stages of the opening, as by <see cref="Open(string, IndexOptions?, int, IProgress{ScanProgress}?)"/>;
    /// when a compaction replaced the files while they were read, the stages of the next attempt follow.</param>
    /// <returns>The open index, which only queries.</returns>
    /// <exception cref="NearDupFormatException">A file is corrupt (or kept changing under every attempt).</exception>
    /// <exception cref="System.IO.DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="System.IO.FileNotFoundException">The directory holds no index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex OpenReadOnly(string directory, int cacheCapacity, IProgress<ScanProgress>? progress)
    {
        Guard.NotNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return Open(DirectoryIndexStore.OpenReadOnly(directory), requested: null, directory, cacheCapacity, progress);
            }
            catch (NearDupFormatException) when (attempt < ReadOnlyAttempts)
            {
                // Most likely a compaction replaced the files between two reads; read them again.
            }
        }
    }

    /// <summary>How many times <see cref="OpenReadOnly(string, int, IProgress{ScanProgress}?)"/> reads the files before it reports what it found.</summary>
    public const int ReadOnlyAttempts = 3;

    /// <summary>Opens an index over a store (the store's options blob must come from <see cref="OptionsBlob"/>).</summary>
    /// <param name="store">The store; the index owns it from now on and disposes it.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones.</param>
    /// <param name="source">A name for the store in error messages.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification, 0 or more.</param>
    /// <param name="progress">Told the stages of the opening, or null.</param>
    /// <returns>The open index.</returns>
    /// <exception cref="NearDupFormatException">The store is corrupt, or the requested options do not match the stored ones.</exception>
    internal static NearDupIndex Open(IIndexStore store, IndexOptions? requested = null, string source = "index", int cacheCapacity = DefaultCacheCapacity, IProgress<ScanProgress>? progress = null)
    {
        Guard.NotNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        IndexOptions options;
        int analysisVersion;
        try
        {
            IndexOptions stored = IndexOptionsCodec.Read(store.Options.Span, source, out analysisVersion);
            if (requested is not null && stored.Analysis.Difference(requested.Analysis, "requested") is { } difference)
            {
                throw new NearDupFormatException($"{source}: options do not match the index: {difference}.");
            }

            options = requested ?? stored;
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return new NearDupIndex(EmbeddedIndex.Load(store, options, new DocumentAnalyzer(options.Analysis), source, analysisVersion, progress), cacheCapacity);
    }

    /// <summary>The options blob a store for an index must be created with.</summary>
    /// <param name="options">The index options.</param>
    /// <returns>The serialised options.</returns>
    internal static byte[] OptionsBlob(IndexOptions options)
    {
        Guard.NotNull(options);
        return IndexOptionsCodec.Write(options);
    }

    /// <summary>Finds every copied pair among documents: what a query of each document against an index of all the
    /// others would find, without building a durable index.</summary>
    /// <param name="documents">Documents analysed with a <see cref="DocumentAnalyzer"/> made from
    /// <paramref name="options"/>' analysis options; ids must be distinct.</param>
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>.</param>
    /// <param name="progress">Receives progress (stages <c>indexing</c>, <c>candidates</c> and <c>verifying</c>, each
    /// reported at its start and its end and as it goes), or null.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>Verified pairs, A before B in <paramref name="documents"/> order, sorted by kind, then score descending.</returns>
    /// <remarks>The candidate structures are built in memory over all the documents, each document is looked up in
    /// them (on <see cref="IndexOptions.Threads"/> threads), and every pair found is verified once. The documents are
    /// kept analysed, so nothing is compressed or analysed again.</remarks>
    /// <exception cref="ArgumentException">Two documents share an id, or a document was analysed under other analysis
    /// parameters than <paramref name="options"/>' (see <see cref="AddBatch(IEnumerable{AnalyzedDocument})"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IReadOnlyList<PairVerdict> FindAllPairs(
        IReadOnlyList<AnalyzedDocument> documents,
        IndexOptions? options = null,
        IProgress<ScanProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        FindPairs(documents, options ?? IndexOptions.Default, CopyKinds.All, progress, cancellationToken);

    /// <summary>
    /// Groups documents into copies of one another: the connected components of the pairs whose verdict is one of
    /// <paramref name="kinds"/>, with the document to keep in each.
    /// </summary>
    /// <param name="documents">Documents analysed with a <see cref="DocumentAnalyzer"/> made from
    /// <paramref name="options"/>' analysis options; ids must be distinct.</param>
    /// <param name="kinds">The kinds of copy that link two documents; usually exact and near-duplicate (contained and
    /// spun copies chain unlike texts through a shared excerpt, so they are a choice).</param>
    /// <param name="keep">Which member of each group to keep.</param>
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>.</param>
    /// <param name="progress">Receives progress (the stages of <see cref="FindAllPairs"/>; none when only exact copies link
    /// documents, which are grouped by their hash without a search), or null.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The groups of two or more documents, in the order of their first member; a document in none is unique.</returns>
    /// <remarks>
    /// A document without a word (see <see cref="HasWords"/>) is in no group. Exact copies are grouped by their exact
    /// hash first, and only one of each set of exact copies takes part in the
    /// search for the other kinds, so a collection holding 3,000 copies of one text costs one text's search, not 4.5
    /// million pairs. The pairs among the rest are found as <see cref="FindAllPairs"/> finds them, looking only for
    /// <paramref name="kinds"/>; a search for near-duplicates without contained copies also asks the word passages and
    /// SimHash, through a gate of its own (<see cref="CandidateGate.NearDuplicateShare"/> of the larger document's
    /// passage fingerprints; with contained copies, the contained gate, which asks less), so that nearly every
    /// near-duplicate a scan reports is grouped, also one whose word 5-grams are broken every few words (words split at
    /// a mail's line breaks, other links and codes), which the word LSH misses. A pair is verified only when its two
    /// documents are not in one group already (a
    /// pair inside a group cannot change the groups), so a flood of near copies of one text costs a few verifications
    /// a copy, not one a pair; a verdict of another kind links nothing. Text the collection repeats
    /// (footers, licences) is discounted by the verifier as always, so boilerplate alone does not link two documents.
    /// </remarks>
    /// <exception cref="ArgumentException">Two documents share an id, a document was analysed under other analysis
    /// parameters than <paramref name="options"/>', or <paramref name="kinds"/> is none.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IReadOnlyList<Grouping.CopyGroup> FindGroups(
        IReadOnlyList<AnalyzedDocument> documents,
        CopyKinds kinds = CopyKinds.Exact | CopyKinds.NearDuplicate,
        Grouping.KeepRule keep = Grouping.KeepRule.First,
        IndexOptions? options = null,
        IProgress<ScanProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if ((kinds & CopyKinds.All) == CopyKinds.None)
        {
            throw new ArgumentException("at least one kind of copy must link documents.", nameof(kinds));
        }

        if (!Enum.IsDefined(keep))
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "not a keep rule.");
        }

        options ??= IndexOptions.Default;
        var sets = new Grouping.DisjointSets(documents.Count);
        var representatives = new List<AnalyzedDocument>();
        var position = new Dictionary<string, int>(documents.Count, StringComparer.Ordinal);
        var firstOfExact = new Dictionary<ulong, int>();
        for (int i = 0; i < documents.Count; i++)
        {
            AnalyzedDocument d = documents[i] ?? throw new ArgumentException($"document {i} is null.", nameof(documents));
            if (!position.TryAdd(d.Id, i))
            {
                throw new ArgumentException($"document id '{d.Id}' occurs twice.", nameof(documents));
            }

            CheckAnalysis(options.Analysis, d, ofIndex: false, nameof(documents));
            if (!HasWords(d))
            {
                continue; // no copy of anything, nor anything a copy of it: in no group, and no part of the search
            }

            if (firstOfExact.TryGetValue(d.ExactHash, out int first))
            {
                if ((kinds & CopyKinds.Exact) != 0)
                {
                    sets.Union(first, i);
                }
                else
                {
                    representatives.Add(d); // exact copies do not link; each still takes part as itself
                }
            }
            else
            {
                firstOfExact.Add(d.ExactHash, i);
                representatives.Add(d);
            }
        }

        CopyKinds lookFor = kinds & ~CopyKinds.Exact;
        if (lookFor != CopyKinds.None && representatives.Count > 1)
        {
            Grouping.DisjointSets linked = LinkedSets(representatives, options, lookFor, kinds, progress, cancellationToken, out _);
            for (int r = 0; r < representatives.Count; r++)
            {
                sets.Union(position[representatives[r].Id], position[representatives[linked.Find(r)].Id]);
            }
        }

        var members = new Dictionary<int, List<int>>();
        for (int i = 0; i < documents.Count; i++)
        {
            int root = sets.Find(i);
            if (!members.TryGetValue(root, out List<int>? list))
            {
                members.Add(root, list = []);
            }

            list.Add(i);
        }

        return members.Values
            .Where(m => m.Count > 1)
            .OrderBy(m => m[0])
            .Select(m => new Grouping.CopyGroup(
                documents[keep == Grouping.KeepRule.First ? m[0] : m.MaxBy(i => (documents[i].Text.Length, -i))].Id,
                m.ConvertAll(i => documents[i].Id)))
            .ToList();
    }

    private static IReadOnlyList<PairVerdict> FindPairs(
        IReadOnlyList<AnalyzedDocument> documents,
        IndexOptions options,
        CopyKinds kinds,
        IProgress<ScanProgress>? progress,
        CancellationToken cancellationToken)
    {
        PairSearch search = PairSearch.Over(documents, options, progress);
        Action<int>? looked = progress is null ? null : n => progress.Report(new ScanProgress("candidates", n, documents.Count));
        progress?.Report(new ScanProgress("candidates", 0, documents.Count));
        (int A, int B, bool SpunOnly)[] pairs = [.. search.Candidates.AllPairs(kinds, search.Fingerprints, options.Threads, looked, cancellationToken)];
        progress?.Report(new ScanProgress("candidates", documents.Count, documents.Count));
        progress?.Report(new ScanProgress("verifying", 0, pairs.Length));
        var verdicts = new ConcurrentBag<PairVerdict>();
        int done = 0;
        Parallel.ForEach(
            pairs,
            new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken },
            pair =>
            {
                if (search.Verify(pair.A, pair.B, pair.SpunOnly) is { } v)
                {
                    verdicts.Add(v);
                }

                int n = Interlocked.Increment(ref done);
                if (progress is not null && (n & 1023) == 0)
                {
                    progress.Report(new ScanProgress("verifying", n, pairs.Length));
                }
            });
        progress?.Report(new ScanProgress("verifying", pairs.Length, pairs.Length));

        return verdicts
            .OrderBy(v => v.Kind)
            .ThenByDescending(v => v.Score)
            .ThenBy(v => search.Order[v.A])
            .ThenBy(v => search.Order[v.B])
            .ToList();
    }

    /// <summary>The sets of documents that the pairs whose verdict is one of <paramref name="kinds"/> connect: what
    /// <see cref="FindPairs"/> would link, with the near-duplicates the word passages propose through their own gate when
    /// near-duplicates but not contained copies are looked for (see <see cref="FindGroups"/>), without verifying a pair
    /// whose two documents are linked already.</summary>
    /// <param name="documents">The documents; ids distinct.</param>
    /// <param name="options">Options.</param>
    /// <param name="lookFor">The kinds the candidate search looks for (near-duplicates with the word passages' own
    /// gate, as above).</param>
    /// <param name="kinds">The kinds of verdict that link two documents.</param>
    /// <param name="progress">Receives progress, or null.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <param name="verified">How many pairs were verified (the others were linked already).</param>
    /// <returns>The sets, over the positions of <paramref name="documents"/>.</returns>
    /// <remarks>A pair inside one set adds nothing to the sets whatever its verdict, and every verdict depends on its pair
    /// and the collection alone, so the sets are those of verifying every pair, whichever pairs the threads happened to
    /// skip. A flood of near copies of one text then costs a few verifications a copy instead of one a pair (200 copies:
    /// 698 instead of 19,865).</remarks>
    internal static Grouping.DisjointSets LinkedSets(
        IReadOnlyList<AnalyzedDocument> documents,
        IndexOptions options,
        CopyKinds lookFor,
        CopyKinds kinds,
        IProgress<ScanProgress>? progress,
        CancellationToken cancellationToken,
        out long verified)
    {
        PairSearch search = PairSearch.Over(documents, options, progress);
        var sets = new Grouping.DisjointSets(documents.Count);
        var gate = new Lock();
        long count = 0;
        Action<int>? looked = progress is null ? null : n => progress.Report(new ScanProgress("linking", n, documents.Count));
        progress?.Report(new ScanProgress("linking", 0, documents.Count));
        search.Candidates.EachDocumentsLaterPairs(
            lookFor,
            search.Fingerprints,
            options.Threads,
            (a, found, anyVerdict) =>
            {
                for (int i = 0; i < found.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested(); // one document may have thousands of candidates
                    int b = found[i];
                    lock (gate)
                    {
                        if (sets.Find(a) == sets.Find(b))
                        {
                            continue;
                        }
                    }

                    Interlocked.Increment(ref count);
                    if (search.Verify(a, b, spunOnly: i >= anyVerdict) is { } v && (v.Kind.ToCopyKinds() & kinds) != 0)
                    {
                        lock (gate)
                        {
                            sets.Union(a, b);
                        }
                    }
                }
            },
            looked,
            nearDuplicatePassages: true,
            cancellationToken);
        progress?.Report(new ScanProgress("linking", documents.Count, documents.Count));
        verified = count;
        return sets;
    }

    /// <summary>What a search for copied pairs among documents holds: the documents' positions by id, their
    /// fingerprints in candidate structures over all of them, and the collection's recurrence.</summary>
    private sealed class PairSearch
    {
        private readonly IReadOnlyList<AnalyzedDocument> _documents;
        private readonly LanguageVerifiers _verifiers;
        private readonly CollectionRecurrence _recurrence;

        private PairSearch(IReadOnlyList<AnalyzedDocument> documents, Dictionary<string, int> order, DocumentFingerprints[] fingerprints, CandidateIndex candidates, IndexOptions options)
        {
            _documents = documents;
            Order = order;
            Fingerprints = fingerprints;
            Candidates = candidates;
            _verifiers = new LanguageVerifiers(options);

            // Text other documents of the collection hold too counts less towards each pair's coverages.
            _recurrence = new CollectionRecurrence(candidates.PassageHolders, options.Analysis, aHeld: true, bHeld: true);
        }

        /// <summary>Each document's position by id.</summary>
        public Dictionary<string, int> Order { get; }

        /// <summary>Each document's fingerprints, by position.</summary>
        public DocumentFingerprints[] Fingerprints { get; }

        /// <summary>The candidate structures, a document's key its position.</summary>
        public CandidateIndex Candidates { get; }

        /// <summary>Checks the ids and builds the candidate structures over every document.</summary>
        /// <param name="documents">The documents.</param>
        /// <param name="options">Options.</param>
        /// <param name="progress">Told the indexing stage, or null.</param>
        /// <returns>The search.</returns>
        /// <exception cref="ArgumentException">A document is null, two share an id, or one was analysed under other
        /// analysis parameters than <paramref name="options"/>'.</exception>
        public static PairSearch Over(IReadOnlyList<AnalyzedDocument> documents, IndexOptions options, IProgress<ScanProgress>? progress)
        {
            ArgumentNullException.ThrowIfNull(documents);
            var order = new Dictionary<string, int>(documents.Count, StringComparer.Ordinal);
            for (int i = 0; i < documents.Count; i++)
            {
                AnalyzedDocument d = documents[i] ?? throw new ArgumentException($"document {i} is null.", nameof(documents));
                if (!order.TryAdd(d.Id, i))
                {
                    throw new ArgumentException($"document id '{d.Id}' occurs twice.", nameof(documents));
                }

                CheckAnalysis(options.Analysis, d, ofIndex: false, nameof(documents));
            }

            var fingerprints = new DocumentFingerprints[documents.Count];
            for (int i = 0; i < documents.Count; i++)
            {
                fingerprints[i] = DocumentFingerprints.Of(documents[i]);
            }

            progress?.Report(new ScanProgress("indexing", 0, documents.Count));
            var candidates = new CandidateIndex(options.CandidateSettings);
            candidates.AddRange(fingerprints, bulk: true);
            candidates.PackPassages();
            progress?.Report(new ScanProgress("indexing", documents.Count, documents.Count));
            return new PairSearch(documents, order, fingerprints, candidates, options);
        }

        /// <summary>The reported verdict on the pair of positions <paramref name="a"/> and <paramref name="b"/>, or null.</summary>
        /// <param name="a">One document's position.</param>
        /// <param name="b">The other's.</param>
        /// <param name="spunOnly">Whether only the word pairs proposed the pair (only a spun verdict or a reworded excerpt is
        /// reported then).</param>
        /// <returns>The verdict, or null.</returns>
        public PairVerdict? Verify(int a, int b, bool spunOnly)
        {
            // In the order of the ids, whatever the order of the documents given (PairVerifier.JudgedReversed).
            AnalyzedDocument x = _documents[a], y = _documents[b];
            return _verifiers.For(x, y).Verify(x, y, _recurrence, PairVerifier.JudgedReversed(x.Id, y.Id)) is { } v && CandidateIndex.Reports(v, spunOnly) ? v : null;
        }
    }

    /// <summary>How many example ids a <see cref="RecurringPassage"/> lists at most.</summary>
    public const int MaxRecurringExamples = 5;

    /// <summary>Finds the passages that recur across a collection: the footers, signatures, licences, notices and
    /// template frames that its verdicts weigh down, with how many documents hold each.</summary>
    /// <param name="documents">Documents analysed with a <see cref="DocumentAnalyzer"/> made from
    /// <paramref name="options"/>' analysis options; ids must be distinct.</param>
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>.</param>
    /// <param name="minDocuments">Least number of documents that must hold a passage, at least 2.</param>
    /// <param name="minWords">Least length of a passage in words, at least the shingle size.</param>
    /// <returns>The passages, most widely held first, then longest first.</returns>
    /// <remarks>A passage is a run of words covered by winnowed fingerprints that <paramref name="minDocuments"/> or
    /// more documents hold; runs in different documents are the same passage when their rarest-hashed fingerprint (the
    /// one every window over it picks) is the same. Costs one pass over each document's shingles besides building the
    /// passage index.</remarks>
    /// <exception cref="ArgumentException">Two documents share an id, or a document was analysed under other analysis
    /// parameters than <paramref name="options"/>' (see <see cref="AddBatch(IEnumerable{AnalyzedDocument})"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minDocuments"/> or <paramref name="minWords"/> is out of range.</exception>
    public static IReadOnlyList<RecurringPassage> FindRecurringPassages(
        IReadOnlyList<AnalyzedDocument> documents,
        IndexOptions? options = null,
        int minDocuments = 3,
        int minWords = 12)
    {
        ArgumentNullException.ThrowIfNull(documents);
        options ??= IndexOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(minDocuments, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minWords, options.Analysis.ShingleSize);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var fingerprints = new DocumentFingerprints[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            AnalyzedDocument d = documents[i] ?? throw new ArgumentException($"document {i} is null.", nameof(documents));
            if (!ids.Add(d.Id))
            {
                throw new ArgumentException($"document id '{d.Id}' occurs twice.", nameof(documents));
            }

            CheckAnalysis(options.Analysis, d, ofIndex: false, nameof(documents));
            fingerprints[i] = DocumentFingerprints.Of(d);
        }

        var candidates = new CandidateIndex(options.CandidateSettings);
        candidates.AddRange(fingerprints, bulk: true);
        var passages = new Dictionary<ulong, (int Document, int Start, int End, List<string> Holders)>();
        for (int i = 0; i < documents.Count; i++)
        {
            AnalyzedDocument d = documents[i];
            foreach (var (start, end, key) in RecurringRuns(d, candidates, options.Analysis.WinnowingWindow, options.Analysis.ShingleSize, minDocuments, minWords))
            {
                if (!passages.TryGetValue(key, out var passage))
                {
                    passages[key] = passage = (i, start, end, new List<string>());
                }

                if (passage.Holders.Count == 0 || passage.Holders[^1] != d.Id)
                {
                    passage.Holders.Add(d.Id);
                }
            }
        }

        var found = new List<RecurringPassage>();
        foreach (var (document, start, end, holders) in passages.Values)
        {
            if (holders.Count < minDocuments)
            {
                continue;
            }

            AnalyzedDocument d = documents[document];
            ReadOnlySpan<NearDup.Text.Token> tokens = d.ContentTokens;
            string text = d.Text[tokens[start].Start..tokens[end].End];
            found.Add(new RecurringPassage(text, holders.Count, end - start + 1, holders.GetRange(0, Math.Min(MaxRecurringExamples, holders.Count))));
        }

        found.Sort((x, y) => x.Documents != y.Documents ? y.Documents.CompareTo(x.Documents) : y.Tokens.CompareTo(x.Tokens));
        return found;
    }

    /// <summary>Finds the passages that recur across the indexed documents (see
    /// <see cref="FindRecurringPassages(IReadOnlyList{AnalyzedDocument}, IndexOptions?, int, int)"/>).</summary>
    /// <param name="minDocuments">Least number of documents that must hold a passage, at least 2.</param>
    /// <param name="minWords">Least length of a passage in words, at least the shingle size.</param>
    /// <returns>The passages, most widely held first, then longest first.</returns>
    /// <remarks>Analyses every indexed document again from its stored text (the index keeps no word positions).</remarks>
    /// <exception cref="NotSupportedException">The index is not held in this process.</exception>
    public IReadOnlyList<RecurringPassage> FindRecurringPassages(int minDocuments = 3, int minWords = 12)
    {
        ThrowIfDisposed();
        List<AnalyzedDocument> documents = _backend is EmbeddedIndex embedded
            ? embedded.Documents()
            : throw new NotSupportedException("recurring passages are found in an index held in this process (in memory or on disk).");
        return FindRecurringPassages(documents, Options, minDocuments, minWords);
    }

    /// <summary>The runs of a document's words under fingerprints that at least <paramref name="minDocuments"/> documents
    /// hold, at least <paramref name="minWords"/> long, each keyed by the smallest fingerprint of its words held as the
    /// run is.</summary>
    /// <remarks>Two recurring passages may touch in a few documents (a footer twelve messages carry, and a paragraph three
    /// of them quote right after it). A run is cut where the number of documents holding its fingerprints changes by more
    /// than half (see <see cref="SimilarlyHeld"/>) and both sides are at least <paramref name="minWords"/> long: each
    /// passage then keeps its own key, text and count. A shorter stretch held by another number (a stock phrase inside a
    /// footer) stays in the run around it, and the run's key is taken from the words held as the run's longest stretch
    /// is, so that the run is the same passage as where that stretch stands alone. Counts stop at 255 (see
    /// <see cref="CandidateIndex.PassageHolders(ulong)"/>), so passages held by 128 documents or more are not told
    /// apart.</remarks>
    private static List<(int Start, int End, ulong Key)> RecurringRuns(AnalyzedDocument document, CandidateIndex candidates, int window, int shingleSize, int minDocuments, int minWords)
    {
        var runs = new List<(int, int, ulong)>();
        ReadOnlySpan<ulong> shingles = document.Shingles;
        int tokens = document.ContentTokens.Length;
        if (shingles.IsEmpty)
        {
            return runs;
        }

        int[] picks = new int[shingles.Length];
        int windows = Sketches.Winnowing.PickPerWindow(shingles, window, picks);
        var keyAt = new ulong[tokens]; // the smallest of the most widely held picks covering the word; 0 in a hole
        var heldAt = new int[tokens]; // how many documents hold the most widely held pick covering the word; 0 in a hole
        var marked = new bool[tokens];
        for (int w = 0; w < windows; w++)
        {
            int p = picks[w];
            ulong f = shingles[p];
            int held = candidates.PassageHolders(f);
            if (held < minDocuments)
            {
                continue;
            }

            // A word takes its count and its key from the most widely held picks over it: a word at a footer's end is
            // the footer's, though the shingles that run on into a quote after it are held only where the quote is.
            for (int t = p; t < Math.Min(tokens, p + shingleSize); t++)
            {
                marked[t] = true;
                keyAt[t] = held > heldAt[t] ? f : held == heldAt[t] ? Math.Min(keyAt[t], f) : keyAt[t];
                heldAt[t] = Math.Max(heldAt[t], held);
            }
        }

        // Winnowing picks one fingerprint per window, so picks inside a recurring passage can stand up to a window apart
        // and their shingles leave holes between them: a hole shorter than a window between marked words is in the run.
        for (int t = 0, lastMarked = -1; t < tokens; t++)
        {
            if (!marked[t])
            {
                continue;
            }

            if (lastMarked >= 0 && t - lastMarked - 1 < window)
            {
                for (int h = lastMarked + 1; h < t; h++)
                {
                    marked[h] = true;
                }
            }

            lastMarked = t;
        }

        var stretches = new List<(int Start, int End, int Held)>();
        for (int t = 0; t < tokens;)
        {
            if (!marked[t])
            {
                t++;
                continue;
            }

            int start = t;
            while (t < tokens && marked[t])
            {
                t++;
            }

            if (t - start < minWords)
            {
                continue;
            }

            // The run's stretches of words held by one number of documents (a hole's words inside a stretch are in it;
            // a hole where the count changes is in neither, unless the two are joined); then each stretch shorter than
            // minWords is joined to a neighbour, and neighbours held alike are joined, so that the run is cut only
            // between long stretches held by counts more than twice apart.
            stretches.Clear();
            for (int u = start, covered = start; u < t; u++)
            {
                if (heldAt[u] == 0)
                {
                    continue;
                }

                if (stretches.Count == 0 || heldAt[u] != stretches[^1].Held)
                {
                    if (stretches.Count > 0)
                    {
                        stretches[^1] = stretches[^1] with { End = covered };
                    }

                    stretches.Add((u, u, heldAt[u]));
                }
                else
                {
                    stretches[^1] = stretches[^1] with { End = u };
                }

                covered = u;
            }

            for (int k = 0; k < stretches.Count;)
            {
                var (from, to, held) = stretches[k];
                if (stretches.Count == 1 || to - from + 1 >= minWords)
                {
                    k++;
                    continue;
                }

                // Too short to stand alone: joined to a neighbour held alike if one is, else to the one before it (after
                // it, for the first); the two keep the count of the longer.
                int into = k == 0 ? 1
                    : k == stretches.Count - 1 || SimilarlyHeld(held, stretches[k - 1].Held) || !SimilarlyHeld(held, stretches[k + 1].Held) ? k - 1
                    : k + 1;
                var other = stretches[into];
                int longer = other.End - other.Start >= to - from ? other.Held : held;
                stretches[into] = (Math.Min(from, other.Start), Math.Max(to, other.End), longer);
                stretches.RemoveAt(k);
                k = Math.Max(0, Math.Min(k, into) - 1);
            }

            // Neighbours left held alike (a stock phrase joined to the footer it interrupted) are one stretch again.
            for (int k = stretches.Count - 1; k > 0; k--)
            {
                if (SimilarlyHeld(stretches[k].Held, stretches[k - 1].Held))
                {
                    var (from, to, _) = stretches[k];
                    var before = stretches[k - 1];
                    int longer = before.End - before.Start >= to - from ? before.Held : stretches[k].Held;
                    stretches[k - 1] = (before.Start, to, longer);
                    stretches.RemoveAt(k);
                }
            }

            foreach (var (from, to, held) in stretches)
            {
                ulong key = ulong.MaxValue, anyKey = ulong.MaxValue;
                for (int u = from; u <= to; u++)
                {
                    if (keyAt[u] != 0)
                    {
                        anyKey = Math.Min(anyKey, keyAt[u]);
                        key = SimilarlyHeld(heldAt[u], held) ? Math.Min(key, keyAt[u]) : key;
                    }
                }

                runs.Add((from, to, key != ulong.MaxValue ? key : anyKey));
            }
        }

        return runs;
    }

    /// <summary>Whether two counts of holders are within a factor of two: the same passage, give or take a few documents
    /// that hold part of it.</summary>
    private static bool SimilarlyHeld(int a, int b) => Math.Max(a, b) <= 2 * Math.Min(a, b);

    /// <summary>Whether an id can be stored: not empty, valid Unicode, at most 65,535 UTF-8 bytes.</summary>
    /// <param name="id">The id.</param>
    /// <param name="problem">Receives why it cannot, or null.</param>
    /// <returns>True when it can.</returns>
    public static bool IsValidId(string id, [NotNullWhen(false)] out string? problem)
    {
        try
        {
            CheckId(id);
            problem = null;
            return true;
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>Checks that an id can be stored: not empty, valid Unicode, at most 65,535 UTF-8 bytes.</summary>
    /// <param name="id">The id.</param>
    /// <exception cref="ArgumentException">The id cannot be stored; the message says why.</exception>
    internal static void CheckId(string id) => StoreFormat.EncodeId(id, $"document '{ShortId(id)}'", nameof(id));

    /// <summary>An id as a message quotes it: its first 40 characters and an ellipsis when longer (39 when the 40th is
    /// the first half of a surrogate pair, which is not cut).</summary>
    private static string ShortId(string id) =>
        id.Length <= 40 ? id : id[..(char.IsHighSurrogate(id[39]) ? 39 : 40)] + "…";

    /// <summary>Whether a document with this id is indexed.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when indexed.</returns>
    public bool Contains(string id)
    {
        Guard.NotNull(id);
        ThrowIfDisposed();
        return Synchronous.Wait(_backend.ContainsAsync(id));
    }

    /// <summary>Adds one document durably.</summary>
    /// <param name="id">Its id: not empty, not indexed yet.</param>
    /// <param name="text">Its text.</param>
    /// <exception cref="ArgumentException">The id is empty or already indexed.</exception>
    public void Add(string id, string text) => AddBatch([(id, text)]);

    /// <summary>Adds documents as one atomic, durable batch: all of them or, on any error, none.</summary>
    /// <param name="documents">(id, text) pairs; ids must be distinct and not yet indexed.</param>
    /// <returns>The number of documents added.</returns>
    /// <remarks>The texts are analysed and compressed on all cores before the index's write lock is taken.</remarks>
    /// <exception cref="ArgumentException">An id is empty, repeated in the batch, or already indexed, a text has no words
    /// (<see cref="HasWords"/>), or a text holds a lone surrogate and cannot be stored; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The index records another analysis than this build's (see
    /// <see cref="IsAnalysisCurrent"/>), or was opened read-only; nothing is written.</exception>
    public int AddBatch(IEnumerable<(string Id, string Text)> documents)
    {
        (AnalyzedDocument[] analysed, int[] words) = AnalyseBatch(documents);
        int wordless = Array.IndexOf(words, 0);
        if (wordless >= 0)
        {
            throw NoWords(analysed[wordless].Id, nameof(documents));
        }

        Synchronous.Wait(_backend.AddAsync(analysed));
        return analysed.Length;
    }

    /// <summary>Adds, as one atomic, durable batch, those of the documents that have at least <paramref name="minWords"/>
    /// words, and passes over the others: for inputs where an empty or short text is to be skipped, not an error.</summary>
    /// <param name="documents">(id, text) pairs; ids must be distinct, and those added not yet indexed (the ids of the
    /// documents passed over are not looked up).</param>
    /// <param name="minWords">Least number of words (content tokens, as <see cref="AnalyzedDocument.ContentTokens"/>
    /// counts them) a document needs to be added; at least 1.</param>
    /// <param name="passedOver">Receives the id and the number of words of each document passed over, in batch order,
    /// before the others are written (so a caller whose write failed knows how many were being written).</param>
    /// <returns>The number of documents added.</returns>
    /// <remarks>The texts are analysed for the index alone (its sketches and fingerprints, nothing a verification would
    /// need), on all cores, before the index's write lock is taken: cheaper than analysing each with
    /// <see cref="Analyzer"/> and adding the analyses.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minWords"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An id is empty or repeated in the batch (found before anything is passed
    /// over), or already indexed, or a text added holds a lone surrogate and cannot be stored; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The index records another analysis than this build's (see
    /// <see cref="IsAnalysisCurrent"/>), or was opened read-only; nothing is written.</exception>
    public int AddBatch(IEnumerable<(string Id, string Text)> documents, int minWords, ICollection<(string Id, int Words)> passedOver)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minWords, 1);
        Guard.NotNull(passedOver);
        (AnalyzedDocument[] analysed, int[] words) = AnalyseBatch(documents);
        var kept = new List<AnalyzedDocument>(analysed.Length);
        for (int i = 0; i < analysed.Length; i++)
        {
            if (words[i] >= minWords)
            {
                kept.Add(analysed[i]);
            }
            else
            {
                passedOver.Add((analysed[i].Id, words[i]));
            }
        }

        if (kept.Count > 0)
        {
            Synchronous.Wait(_backend.AddAsync(kept));
        }

        return kept.Count;
    }

    /// <summary>Checks a batch of texts and analyses it for the index on all cores: the documents, and each one's number
    /// of words.</summary>
    private (AnalyzedDocument[] Analysed, int[] Words) AnalyseBatch(IEnumerable<(string Id, string Text)> documents)
    {
        Guard.NotNull(documents);
        ThrowIfDisposed();
        ThrowIfReadOnly();
        ThrowIfAnalysesWouldMix();
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
        foreach (var (id, text) in items)
        {
            CheckText(id, text, nameof(documents));
        }

        // Only the sketches and fingerprints are stored: each analysis gives its content arrays back at once.
        var analysed = new AnalyzedDocument[items.Count];
        var words = new int[items.Count];
        Parallelism.For(items.Count, i => analysed[i] = Analyzer.AnalyzeForIndexing(items[i].Id, items[i].Text, out words[i]));
        return (analysed, words);
    }

    /// <summary>Adds documents analysed elsewhere as one atomic, durable batch, without analysing them again: all of
    /// them or, on any error, none.</summary>
    /// <param name="documents">Documents analysed under this index's <see cref="IndexOptions.Analysis"/> options (for
    /// example by <see cref="Analyzer"/>); ids must be distinct and not yet indexed.</param>
    /// <returns>The number of documents added.</returns>
    /// <remarks>
    /// For pipelines that analyse documents on other threads or machines (or keep them for other uses): the index
    /// stores their sketches and fingerprints as they are and only compresses each text. The index answers exactly as if
    /// the texts had been added with <see cref="AddBatch(IEnumerable{ValueTuple{string, string}})"/>. Every analysis
    /// parameter that decides the stored data is checked (both MinHash sketches, SimHash, both winnowing windows, and the
    /// function words, compared as sets, since they decide the spin fingerprints).
    /// </remarks>
    /// <exception cref="ArgumentException">A document is null, its id is repeated in the batch or already indexed, it
    /// was analysed under other parameters than the index's (the message names both values), it has no words
    /// (<see cref="HasWords"/>), or its text holds a lone surrogate and cannot be stored; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The index records another analysis than this build's (see
    /// <see cref="IsAnalysisCurrent"/>), or was opened read-only; nothing is written.</exception>
    public int AddBatch(IEnumerable<AnalyzedDocument> documents)
    {
        Guard.NotNull(documents);
        ThrowIfDisposed();
        ThrowIfReadOnly();
        ThrowIfAnalysesWouldMix();
        var items = new List<AnalyzedDocument>(documents);
        var ids = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            AnalyzedDocument? document = items[i] ?? throw new ArgumentException($"document {i} of the batch is null.", nameof(documents));
            CheckAnalysis(Options.Analysis, document, ofIndex: true, nameof(documents));
            ids[i] = document.Id;
        }

        CheckBatchIds(ids, nameof(documents));
        CheckWords(items, nameof(documents));
        foreach (AnalyzedDocument document in items)
        {
            CheckText(document.Id, document.Text, nameof(documents));
        }

        Synchronous.Wait(_backend.AddAsync(items));
        return items.Count;
    }

    /// <summary>Adds one document durably unless the index already holds a copy of it of one of
    /// <paramref name="kinds"/>: what a de-duplicating worker calls instead of a query followed by an add, so that two
    /// workers given copies of one text at the same moment do not both keep theirs.</summary>
    /// <param name="id">Its id: not empty, not indexed yet.</param>
    /// <param name="text">Its text.</param>
    /// <param name="kinds">The kinds of copy that turn the document away: they choose the candidate sources looked up,
    /// as for <see cref="Query(string, string, CopyKinds)"/> but that near-duplicates without contained copies also ask
    /// the word passages, as <see cref="FindGroups"/> does, and only a verdict of one of them counts. Exact and
    /// near-duplicate by default, as <c>neardup dedup</c> links documents; contained and spun copies link an excerpt to
    /// its source and can chain unlike texts through it, so they are a choice.</param>
    /// <returns>Whether the document was kept and, when it was not, the indexed copies that made it a duplicate.</returns>
    /// <remarks>
    /// <para>In memory and on disk (one process), the query and the add run under a lock that every add and compaction
    /// of the index takes too: the document is kept exactly when, at the moment it is added, the index holds no copy of
    /// it of those kinds; nothing is written when it is not kept.</para>
    /// <para>On a Redis-protocol cluster (<c>RedisNearDupIndex</c>), where workers in other processes add at the same
    /// time, the document is first queried (a copy found: nothing is written); else it is added, takes a number from a
    /// cluster-wide counter once it is visible, and is queried again: if that finds a copy that took a lower number, or
    /// none because it was kept earlier (or added by <see cref="AddBatch(IEnumerable{ValueTuple{string, string}})"/>),
    /// the document is removed again and that copy reported. Of documents that are copies of one another added at
    /// once, at most one is kept when every add and query succeeds (the README of NearDup.Redis gives the argument and
    /// what it does not cover: a worker that dies between its add and its second query leaves its document kept, and a
    /// pair whose verdict differs with the side queried is not a pair of mutual copies).</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The id is empty, cannot be stored or is already indexed, the text has no
    /// words (<see cref="HasWords"/>) or holds a lone surrogate; nothing is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kinds"/> is <see cref="CopyKinds.None"/> or holds a
    /// bit no kind has.</exception>
    /// <exception cref="NearDupFormatException">A candidate's stored text does not decompress.</exception>
    /// <exception cref="InvalidOperationException">The index was opened read-only (<see cref="IsReadOnly"/>), or records
    /// another analysis than this build's (<see cref="IsAnalysisCurrent"/>), whether or not it holds a copy: nothing is
    /// written.</exception>
    public AddUnlessCopyResult AddUnlessCopy(string id, string text, CopyKinds kinds = CopyKinds.Exact | CopyKinds.NearDuplicate)
    {
        Guard.NotNull(id);
        Guard.NotNull(text);
        CheckBatchIds([id], nameof(id));
        CheckKinds(kinds);
        ThrowIfDisposed();
        ThrowIfReadOnly();
        CheckText(id, text, nameof(text));
        AnalyzedDocument document = Analyzer.Analyze(id, text);
        CheckWords([document], nameof(text));
        return AddUnlessCopyCore(document, kinds);
    }

    /// <summary>Adds one document analysed elsewhere durably unless the index already holds a copy of it of one of
    /// <paramref name="kinds"/> (see <see cref="AddUnlessCopy(string, string, CopyKinds)"/>), without analysing it
    /// again.</summary>
    /// <param name="document">A document analysed under this index's <see cref="IndexOptions.Analysis"/> options (see
    /// <see cref="AddBatch(IEnumerable{AnalyzedDocument})"/>); its id not indexed yet.</param>
    /// <param name="kinds">The kinds of copy that turn the document away (see
    /// <see cref="AddUnlessCopy(string, string, CopyKinds)"/>).</param>
    /// <returns>Whether the document was kept and, when it was not, the indexed copies that made it a duplicate.</returns>
    /// <exception cref="ArgumentException">The document was analysed under other parameters than the index's (the
    /// message names both values), its id cannot be stored or is already indexed, it has no words, or its text holds a
    /// lone surrogate; nothing is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kinds"/> is <see cref="CopyKinds.None"/> or holds a
    /// bit no kind has.</exception>
    /// <exception cref="NearDupFormatException">A candidate's stored text does not decompress.</exception>
    /// <exception cref="InvalidOperationException">The index was opened read-only (<see cref="IsReadOnly"/>), or records
    /// another analysis than this build's (<see cref="IsAnalysisCurrent"/>), whether or not it holds a copy: nothing is
    /// written.</exception>
    public AddUnlessCopyResult AddUnlessCopy(AnalyzedDocument document, CopyKinds kinds = CopyKinds.Exact | CopyKinds.NearDuplicate)
    {
        Guard.NotNull(document);
        CheckKinds(kinds);
        ThrowIfDisposed();
        ThrowIfReadOnly();
        CheckAnalysis(Options.Analysis, document, ofIndex: true, nameof(document));
        CheckBatchIds([document.Id], nameof(document));
        CheckWords([document], nameof(document));
        CheckText(document.Id, document.Text, nameof(document));
        return AddUnlessCopyCore(document, kinds);
    }

    /// <summary>Removes documents durably, as one batch.</summary>
    /// <param name="ids">Ids to remove; unknown ids are ignored.</param>
    /// <returns>The number of documents removed.</returns>
    public int Remove(IEnumerable<string> ids)
    {
        Guard.NotNull(ids);
        ThrowIfDisposed();
        ThrowIfReadOnly();
        return Synchronous.Wait(_backend.RemoveAsync(new List<string>(ids)));
    }

    /// <summary>Finds the indexed documents a text copies, verified, strongest first.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The id the query carries as B in the verdicts.</param>
    /// <param name="kinds">The kinds of copy to look for: they choose the candidate sources, and so the lookup's cost
    /// (see <see cref="CopyKinds"/>). Verdicts are returned whatever kind each verified candidate turns out to be.</param>
    /// <returns>The verdicts, the indexed document as A and the query as B, by kind, then score descending.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kinds"/> is <see cref="CopyKinds.None"/> or holds a bit
    /// no kind has.</exception>
    /// <exception cref="NearDupFormatException">A candidate's stored text does not decompress (its payload was damaged
    /// in a way the store's checksums did not catch); texts are read only when a candidate is verified.</exception>
    public IReadOnlyList<PairVerdict> Query(string text, string id = "query", CopyKinds kinds = CopyKinds.All)
    {
        Guard.NotNull(text);
        Guard.NotNullOrEmpty(id);
        CheckKinds(kinds);
        ThrowIfDisposed();

        // The analysed query lives for this call only: its arrays are pooled and given back when it is answered.
        AnalyzedDocument query = Analyzer.AnalyzeTransient(id, text);
        try
        {
            return Verify(query, kinds);
        }
        finally
        {
            query.Release();
        }
    }

    /// <summary>Finds the indexed documents an analysed document copies, verified, strongest first.</summary>
    /// <param name="query">A document analysed under this index's analysis options.</param>
    /// <param name="kinds">The kinds of copy to look for (see <see cref="Query(string, string, CopyKinds)"/>).</param>
    /// <returns>The verdicts, the indexed document as A and the query as B, by kind, then score descending.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kinds"/> is <see cref="CopyKinds.None"/> or holds a bit
    /// no kind has.</exception>
    /// <exception cref="ArgumentException">The query was analysed under other analysis parameters than the index's (see
    /// <see cref="AddBatch(IEnumerable{AnalyzedDocument})"/>).</exception>
    /// <exception cref="NearDupFormatException">A candidate's stored text does not decompress.</exception>
    public IReadOnlyList<PairVerdict> Query(AnalyzedDocument query, CopyKinds kinds = CopyKinds.All)
    {
        Guard.NotNull(query);
        CheckKinds(kinds);
        ThrowIfDisposed();
        CheckAnalysis(Options.Analysis, query, ofIndex: true, nameof(query));
        return Verify(query, kinds);
    }

    /// <summary>Compares two texts directly under the index's options, with the index's documents as their collection:
    /// the verdict, the figures and the alignment, and whether the candidate search would propose the pair at all.</summary>
    /// <param name="textA">The first text (by convention the original).</param>
    /// <param name="textB">The second text.</param>
    /// <param name="idA">The id A is indexed under, if it is one of the index's documents (then it is one of the holders
    /// of its own text, not another); null when it is not.</param>
    /// <param name="idB">The same for B.</param>
    /// <returns>The explanation; <see cref="PairExplanation.Proposed"/> says whether the candidate search would have the
    /// pair verified (its verdict is the verifier's either way): when both are indexed, a scan of the index's documents
    /// or a query of B against it; otherwise a scan of the two texts, or a query of B against an index holding A.</returns>
    /// <remarks>Text that other indexed documents hold too counts less towards containment, as in a scan of the
    /// index's documents (<see cref="PairFigures.DistinctiveCoverageA"/>): an empty index, like an in-memory one made
    /// for the comparison, cannot tell a footer or a template's frame from copied text.</remarks>
    public PairExplanation Compare(string textA, string textB, string? idA = null, string? idB = null)
    {
        Guard.NotNull(textA);
        Guard.NotNull(textB);
        ThrowIfDisposed();
        AnalyzedDocument a = Analyzer.Analyze("A", textA), b = Analyzer.Analyze("B", textB);
        var candidates = new CandidateIndex(Options.CandidateSettings);
        candidates.Add(DocumentFingerprints.Of(a));
        var found = new List<int>();
        int any = candidates.Lookup(DocumentFingerprints.Of(b), CopyKinds.All, found);
        bool aHeld = idA is not null && Contains(idA), bHeld = idB is not null && Contains(idB);
        IRecurrence? recurrence = Count == 0 ? null : new CollectionRecurrence(CountHolders, Options.Analysis, aHeld, bHeld, _backend.CountsHoldersLocally);

        // Two of the index's documents are judged in the order a scan and a query judge them (PairVerifier.JudgedReversed).
        PairExplanation explanation = _verifiers.For(a, b).Explain(a, b, recurrence, judgeReversed: aHeld && bHeld && PairVerifier.JudgedReversed(idA!, idB!));
        (bool proposed, bool pairsOnly) = aHeld && bHeld
            ? ProposedAmongIndexed(b, idA!, explanation.Verdict)
            : (Reported(any > 0, found.Count > 0 && any == 0, explanation.Verdict), found.Count > 0 && any == 0);
        return explanation with { Proposed = proposed, ProposedByWordPairsOnly = pairsOnly };
    }

    /// <summary>Whether a pair the candidate search found (by any source, or by the word pairs alone) is verified and
    /// reported with <paramref name="verdict"/>: a pair only the word pairs propose is reported when spun or a reworded
    /// excerpt, and one that is not a copy is verified either way.</summary>
    private static bool Reported(bool byAnySource, bool byWordPairsOnly, PairVerdict? verdict) =>
        byAnySource || (byWordPairsOnly && (verdict is null || CandidateIndex.Reports(verdict, wordPairsOnly: true)));

    /// <summary>Whether the candidate search of this index proposes A for B, both indexed: whether a scan of the indexed
    /// documents, or a query of B, would verify the pair and report a verdict like <paramref name="verdict"/>, and whether
    /// only the word pairs find it. Every
    /// candidate source is symmetric (see <see cref="CandidateIndex.AllPairs"/>), so looking B up finds A exactly when a
    /// scan pairs them.</summary>
    /// <remarks>Unlike a comparison of the two texts alone, this sees the collection: a passage more than
    /// <see cref="IndexOptions.MaxPostings"/> documents hold proposes no pair, and a word pair most documents hold is no
    /// lead.</remarks>
    private (bool Proposed, bool ByWordPairsOnly) ProposedAmongIndexed(AnalyzedDocument b, string idA, PairVerdict? verdict)
    {
        var keys = new List<long>();
        int any = Synchronous.Wait(_backend.LookupAsync(b, CopyKinds.All, keys));
        CandidateDocument[] records = Synchronous.Wait(_backend.FetchAsync(keys));
        for (int i = 0; i < records.Length; i++)
        {
            if (records[i].Exists && string.Equals(records[i].Id, idA, StringComparison.Ordinal))
            {
                return (Reported(i < any, i >= any, verdict), i >= any);
            }
        }

        return (false, false);
    }

    /// <summary>Rewrites the index's durable form without removed documents: on disk a new snapshot of the live
    /// documents and an empty log, written before the old files are replaced.</summary>
    /// <param name="cancellationToken">Cancels the compaction before the new snapshot replaces the old one.</param>
    /// <remarks>Writes every live document's candidate data as this build's analysis makes it, and records this build's
    /// analysis (<see cref="AnalysisVersion"/>): when the index's documents were analysed by this build's analysis, each
    /// stored document is copied as it is (checked against the document's hashes and text, and the store's checksums
    /// read to their end; on local disk the snapshot and log are read again for it); otherwise, or when the store's
    /// documents cannot be read again, each is analysed again from its text (on all cores). The in-memory candidate
    /// structures are rebuilt too when removed documents are a quarter or more of what they hold, or when the index
    /// recorded another analysis. Streams: only a chunk of documents is in memory besides the index. If anything fails,
    /// the index and its files stay as they were. Queries wait for the whole compaction. <see cref="LastCompaction"/>
    /// says what it copied and analysed.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing changed.</exception>
    /// <exception cref="NearDupFormatException">A compressed text held in memory does not decompress; nothing changed.</exception>
    public void Compact(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ThrowIfReadOnly();
        Synchronous.Wait(_backend.CompactAsync(cancellationToken));

        // A rebuild renumbers the documents: what the cache holds is under keys lookups no longer return.
        _cache.Clear();
    }

    /// <summary>The least write-ahead log, in bytes, that <see cref="LogOutgrewSnapshot(long)"/> counts by default: 64 MiB,
    /// about 10,000 documents of 3 KB, which an open replays in about half a second.</summary>
    public const long DefaultCompactionLogBytes = 64L << 20;

    /// <summary>Whether the write-ahead log has outgrown the snapshot's documents, so that a compaction
    /// (<see cref="Compact"/>) is due: the log holds at least <paramref name="minimumLogBytes"/> and at least as many bytes
    /// as the documents of the snapshot (the snapshot less its structure image). <c>neardup index add</c> compacts then.</summary>
    /// <param name="minimumLogBytes">The least log size that is worth a compaction; at least 1.</param>
    /// <returns>True when a compaction is due; false for an index without a log (in memory, on a Redis server).</returns>
    /// <remarks>Opening reads a compacted snapshot's structure image whole, but builds the candidate structures of every
    /// document in the log, one at a time (a million documents: seconds against about a minute; see benchmarks/README.md,
    /// "Opening"). Compacting whenever the log is as large as the snapshot's documents keeps what an open replays to at
    /// most about half of the index. While documents are only added, each such compaction writes at least twice what the
    /// one before it wrote, so all of them together cost about twice a compaction of the final index; removals also
    /// grow the log but not the next snapshot, so with them the compactions write about what the log received, each
    /// with its structure image.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumLogBytes"/> is less than 1.</exception>
    public bool LogOutgrewSnapshot(long minimumLogBytes = DefaultCompactionLogBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumLogBytes, 1);
        ThrowIfDisposed();
        return LogOutgrewSnapshot(Statistics(), minimumLogBytes);
    }

    /// <summary>Whether a store's log has outgrown its snapshot's documents (see <see cref="LogOutgrewSnapshot(long)"/>),
    /// from sizes already read (<see cref="Statistics"/>).</summary>
    /// <param name="statistics">The store's sizes.</param>
    /// <param name="minimumLogBytes">The least log size that counts; at least 1.</param>
    /// <returns>True when the log holds at least <paramref name="minimumLogBytes"/> and at least the snapshot's document bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumLogBytes"/> is less than 1.</exception>
    public static bool LogOutgrewSnapshot(StoreStatistics statistics, long minimumLogBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumLogBytes, 1);
        return statistics.LogBytes >= minimumLogBytes && statistics.LogBytes >= statistics.SnapshotBytes - statistics.ImageBytes;
    }

    /// <summary>Checks every checksum of the files of the index in <paramref name="directory"/> without opening it: nothing
    /// is replayed, repaired or cut off, so an interrupted write at the end of the log is reported, not dropped (as
    /// <see cref="Open(string, IndexOptions?, int)"/> would drop it). When every checksum matches, it also reads every
    /// live document's stored text: each must be in the codec its payload version names (Zstandard in version 4,
    /// Brotli before) and decompress to its stated length of valid UTF-8. Takes no lock: it runs beside a writer, whose
    /// batch being written may show as an incomplete last batch.</summary>
    /// <param name="directory">The index directory.</param>
    /// <returns>Problems found, each naming its file (and offset where there is one) or its document; empty when sound.</returns>
    /// <exception cref="System.IO.IOException">The directory holds no index.</exception>
    public static IReadOnlyList<string> VerifyFiles(string directory)
    {
        Guard.NotNullOrEmpty(directory);
        return VerifyFiles(directory, VerifyFilesOnce);
    }

    /// <summary>How many times <see cref="VerifyFiles(string)"/> reads an index whose files change under it.</summary>
    internal const int VerifyAttempts = 5;

    /// <summary><see cref="VerifyFiles(string)"/> with the single pass given: verify runs beside a writer, and a
    /// compaction or a commit that lands while the files are read makes a sound index look damaged (a log of the next
    /// generation beside the snapshot read, a batch half written). A problem found while the snapshot or the log changed
    /// is looked for again in the files as they are then, up to <see cref="VerifyAttempts"/> times; a problem found in
    /// files that did not change is damage, reported at once.</summary>
    internal static IReadOnlyList<string> VerifyFiles(string directory, Func<string, IReadOnlyList<string>> verifyOnce)
    {
        IReadOnlyList<string> problems = [];
        for (int attempt = 1; attempt <= VerifyAttempts; attempt++)
        {
            (long, long, long, long) before = FilesState(directory);
            problems = verifyOnce(directory);
            if (problems.Count == 0 || FilesState(directory) == before)
            {
                return problems;
            }

            Thread.Sleep(20 * attempt);
        }

        return problems;
    }

    /// <summary>The snapshot's and the log's lengths and times of last change (-1 for a file that is not there).</summary>
    private static (long, long, long, long) FilesState(string directory)
    {
        var snapshot = new System.IO.FileInfo(System.IO.Path.Combine(directory, StoreFormat.SnapshotFileName));
        var log = new System.IO.FileInfo(System.IO.Path.Combine(directory, StoreFormat.LogFileName));
        return (snapshot.Exists ? snapshot.Length : -1, snapshot.Exists ? snapshot.LastWriteTimeUtc.Ticks : -1,
            log.Exists ? log.Length : -1, log.Exists ? log.LastWriteTimeUtc.Ticks : -1);
    }

    private static IReadOnlyList<string> VerifyFilesOnce(string directory)
    {
        using DirectoryIndexStore store = DirectoryIndexStore.OpenReadOnly(directory);
        IReadOnlyList<string> problems = store.Verify();
        if (problems.Count > 0)
        {
            return problems;
        }

        // A payload passes its checksum as written; what it holds is checked here, the text being the part a normal
        // open never decodes (it is decompressed only for a candidate being verified).
        var texts = new List<string>();
        try
        {
            store.Load(d =>
            {
                try
                {
                    _ = DocumentPayload.Decode(d.Payload.Span, d.Id, directory);
                }
                catch (NearDupFormatException e)
                {
                    texts.Add(e.Message);
                }
            });
        }
        catch (Exception e) when (e is NearDupFormatException or System.IO.IOException)
        {
            texts.Add(e.Message); // a compaction replaced the files while they were read
        }

        return texts;
    }

    /// <summary>Repairs an index on local disk that opening refuses (a damaged log, files that lost acknowledged
    /// batches, a log of another index, a damaged acknowledged mark in <c>index.lock</c>), keeping all that is sound, and
    /// says what it dropped or accepted.</summary>
    /// <param name="directory">The index directory.</param>
    /// <returns>One line per change, naming what was dropped or accepted; empty when nothing needed repair.</returns>
    /// <remarks>Never done implicitly: opening reports damage as an error and changes nothing. A repair keeps the
    /// snapshot and the log's batches before the first damaged one, and drops the rest of the log (a later batch cannot
    /// be replayed without the ones before it); a log that is missing, unreadable, or not this snapshot's is replaced by
    /// an empty one. It takes the index's lock like a writer. A damaged snapshot cannot be repaired: restore it from a
    /// backup.</remarks>
    /// <exception cref="NearDupFormatException">The snapshot is damaged.</exception>
    /// <exception cref="IndexLockedException">Another writer has the index open.</exception>
    /// <exception cref="System.IO.IOException">The directory holds no index.</exception>
    public static IReadOnlyList<string> Repair(string directory)
    {
        Guard.NotNullOrEmpty(directory);
        return DirectoryIndexStore.Repair(directory);
    }

    /// <summary>Finishes, without reopening the index, the batches that writers which died left logged and not
    /// applied, and says what it replayed: on a Redis-protocol cluster, what every open does, for a worker or an
    /// operator who cannot wait for the next open.</summary>
    /// <param name="cancellationToken">Cancels the recovery between two batches (those replayed stay replayed).</param>
    /// <returns>What was replayed (<see cref="RecoveryReport.ReplayedBatches"/>, a message when there were any).
    /// <see cref="Recovery"/> still says what the open replayed.</returns>
    /// <remarks>
    /// <para>On a Redis-protocol cluster (<c>RedisNearDupIndex</c>) it replays every batch left in any writer's log, as
    /// opening does: each step is idempotent, so it is safe beside live writers (a batch one of them is applying is
    /// applied twice, to the same effect), and a batch whose document was removed since is not brought back. It reads
    /// every writer's log: run it when a worker is known to have died, or now and then, not before every query.</para>
    /// <para>In memory or on disk there is nothing to finish: the one writer is this index, whose batches are complete
    /// when their calls return, and a write interrupted by a crash was dropped when the index opened. The report is
    /// empty.</para>
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="NearDupFormatException">A logged batch is damaged.</exception>
    public RecoveryReport Recover(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Synchronous.Wait(_backend.RecoverAsync(cancellationToken));
    }

    /// <summary>Checks every checksum of the index's files without changing them.</summary>
    /// <returns>Problems found; empty when sound.</returns>
    public IReadOnlyList<string> Verify()
    {
        ThrowIfDisposed();
        return Synchronous.Wait(_backend.VerifyAsync());
    }

    /// <summary>Counts and sizes.</summary>
    /// <returns>The store statistics with the live document count.</returns>
    public StoreStatistics Statistics()
    {
        ThrowIfDisposed();
        return Synchronous.Wait(_backend.StatisticsAsync());
    }

    /// <summary>Closes the index and, on disk, releases its lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _backend.Dispose();
    }

    /// <summary>How many indexed documents a query would be verified against (for measurements: the candidate lookup alone).</summary>
    /// <param name="query">A query analysed with this index's analyzer.</param>
    /// <param name="kinds">The kinds of copy looked for.</param>
    /// <returns>The number of candidates.</returns>
    internal int CandidateCount(AnalyzedDocument query, CopyKinds kinds = CopyKinds.All)
    {
        var keys = new List<long>();
        Synchronous.Wait(_backend.LookupAsync(query, kinds, keys));
        return keys.Count;
    }

    /// <summary>Hands an add-unless-copy to the backend, with the query that finds the copies: the verified verdicts
    /// of <paramref name="kinds"/> only (a query for some kinds still returns whatever kind a candidate turns out to
    /// be).</summary>
    private AddUnlessCopyResult AddUnlessCopyCore(AnalyzedDocument document, CopyKinds kinds)
    {
        ThrowIfAnalysesWouldMix();
        if (Contains(document.Id))
        {
            throw new ArgumentException($"document id '{document.Id}' is already indexed; remove it first to replace it.", nameof(document));
        }

        IReadOnlyList<PairVerdict> copies = Synchronous.Wait(_backend.AddUnlessCopyAsync(document, d => FindCopies(d, kinds)));
        return new AddUnlessCopyResult(copies);
    }

    /// <summary>The verified copies of a document among those indexed, of <paramref name="kinds"/> only, each with its
    /// key: what an add-unless-copy asks (and what tests hand a backend to stage an interleaving).</summary>
    /// <param name="document">The document.</param>
    /// <param name="kinds">The kinds that count.</param>
    /// <returns>The copies, by kind, then score descending.</returns>
    /// <remarks>As a grouping does (<see cref="FindGroups"/>), a search for near-duplicates without contained copies asks
    /// the word passages too, through the near-duplicate gate, so that a stream de-duplicated one document at a time
    /// turns away the near-duplicates a batch de-duplication links.</remarks>
    internal List<KeyedVerdict> FindCopies(AnalyzedDocument document, CopyKinds kinds) =>
        VerifyKeyed(document, kinds, nearDuplicatePassages: true).FindAll(v => (v.Verdict.Kind.ToCopyKinds() & kinds) != 0);

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

    /// <summary>Looks the query's candidates up and verifies each, from the cache when it holds the original.</summary>
    private List<PairVerdict> Verify(AnalyzedDocument query, CopyKinds kinds) => VerifyKeyed(query, kinds).ConvertAll(v => v.Verdict);

    /// <summary>As <see cref="Verify(AnalyzedDocument, CopyKinds)"/>, each verdict with its indexed document's key; with
    /// the near-duplicate passages when <paramref name="nearDuplicatePassages"/> (see
    /// <see cref="ICandidateIndex.LookupAsync"/>).</summary>
    private List<KeyedVerdict> VerifyKeyed(AnalyzedDocument query, CopyKinds kinds, bool nearDuplicatePassages = false)
    {
        var keys = new List<long>();
        int any = Synchronous.Wait(_backend.LookupAsync(query, kinds, keys, nearDuplicatePassages));

        // Originals in the cache are verified from it; the records of the others are fetched in one call.
        var cached = new IVerifiableDocument?[keys.Count];
        List<long>? missing = null;
        for (int i = 0; i < keys.Count; i++)
        {
            if (!_cache.TryGet(keys[i], out cached[i]))
            {
                (missing ??= new List<long>()).Add(keys[i]);
            }
        }

        CandidateDocument[] records = missing is null ? [] : Synchronous.Wait(_backend.FetchAsync(missing));

        // Text other indexed documents hold too counts less towards each pair's coverages, as in a scan: the indexed
        // original is one of the holders of its own text, and so is the query when a document with its id is indexed.
        bool queryHeld = keys.Count > 0 && Synchronous.Wait(_backend.ContainsAsync(query.Id));
        var recurrence = new CollectionRecurrence(CountHolders, Options.Analysis, aHeld: true, bHeld: queryHeld, _backend.CountsHoldersLocally);

        // Candidates are verified on all cores when there are several (a verification costs far more than starting the
        // loop); verdicts land in candidate order, so the result is the same as one by one.
        var found = new PairVerdict?[keys.Count];
        var recordOf = new int[keys.Count];
        for (int i = 0, m = 0; i < keys.Count; i++)
        {
            recordOf[i] = cached[i] is null ? m++ : -1;
        }

        if (keys.Count > 1)
        {
            Parallelism.For(keys.Count, i => found[i] = VerifyCandidate(query, queryHeld, cached[i], recordOf[i] < 0 ? default : records[recordOf[i]], recurrence));
        }
        else if (keys.Count == 1)
        {
            found[0] = VerifyCandidate(query, queryHeld, cached[0], recordOf[0] < 0 ? default : records[recordOf[0]], recurrence);
        }

        // The keys from `any` on are candidates only the word pairs proposed.
        var verdicts = new List<KeyedVerdict>();
        for (int i = 0; i < found.Length; i++)
        {
            if (found[i] is { } verdict && CandidateIndex.Reports(verdict, wordPairsOnly: i >= any))
            {
                verdicts.Add(new KeyedVerdict(verdict, keys[i]));
            }
        }

        verdicts.Sort((x, y) => x.Verdict.Kind != y.Verdict.Kind ? x.Verdict.Kind.CompareTo(y.Verdict.Kind) : y.Verdict.Score.CompareTo(x.Verdict.Score));
        return verdicts;
    }

    /// <summary>Verifies a query against one candidate: the cached analysis, or one rebuilt from the record's compressed
    /// text (tokens and shingles only; its hashes are the stored ones) and then cached if the cache admits it, or else
    /// rebuilt into pooled arrays that go back to the pools once it is verified. A query the index holds is judged as a
    /// scan judges the pair (see <see cref="PairVerifier.JudgedReversed"/>); any other after the indexed document.</summary>
    private PairVerdict? VerifyCandidate(AnalyzedDocument query, bool queryHeld, IVerifiableDocument? cached, CandidateDocument record, IRecurrence recurrence)
    {
        if (cached is not null)
        {
            return Judge(cached);
        }

        if (!record.Exists)
        {
            return null; // removed, or renumbered by a compaction, since the lookup
        }

        string text = TextCompression.Decompress(record.CompressedText.Span, record.TextBytes, record.Id, _backend.Source);
        if (_cache.Admits(record.Key))
        {
            return Judge(_cache.Insert(record.Key, Analyzer.AnalyzeForVerification(record.Id, text, record.ExactHash, record.SimHash)));
        }

        VerifiableText transient = Analyzer.AnalyzeForVerification(record.Id, text, record.ExactHash, record.SimHash, transient: true);
        try
        {
            return Judge(transient);
        }
        finally
        {
            transient.Release();
        }

        PairVerdict? Judge(IVerifiableDocument original) =>
            _verifiers.For(original, query).Verify(original, query, recurrence, queryHeld && PairVerifier.JudgedReversed(original.Id, query.Id));
    }

    /// <summary>The index's holder counts for a batch of word-passage or spin-skeleton fingerprints.</summary>
    private void CountHolders(ReadOnlySpan<ulong> fingerprints, Span<int> counts, bool skeleton)
    {
        int[] into = new int[fingerprints.Length];
        Synchronous.Wait(_backend.HoldersAsync(fingerprints.ToArray(), into, skeleton));
        into.CopyTo(counts);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Refuses an add to an index that records another analysis than this build's: its documents and the new
    /// ones would be analysed two ways under one recorded version, and the build of that version would take the index
    /// for current. An index that records none (written before versions were) is not current for any build, so adding
    /// to it mixes nothing that is not already said.</summary>
    /// <exception cref="AnalysisMismatchException">The index records another analysis version.</exception>
    private void ThrowIfAnalysesWouldMix()
    {
        int stored = _backend.AnalysisVersion;
        if (stored != IndexOptionsCodec.UnrecordedAnalysisVersion && stored != DocumentAnalyzer.AnalysisVersion)
        {
            string version = stored.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string remedy = stored > DocumentAnalyzer.AnalysisVersion
                ? $"Add with a build of analysis version {version}."
                : _backend.CompactionBringsThisAnalysis
                    ? $"Compact it with this build first (NearDupIndex.Compact, `neardup index compact`), which analyses every document again, or add with a build of version {version}."
                    : $"Add its documents to a new index, or add with a build of version {version}.";
            throw new AnalysisMismatchException(
                $"{_backend.Source}: its documents were analysed as analysis version {stored}, and this build analyses as version {DocumentAnalyzer.AnalysisVersion}: adding would mix the two. {remedy}",
                stored,
                DocumentAnalyzer.AnalysisVersion);
        }
    }

    /// <summary>Refuses a write to an index opened to query only, before anything is analysed, read or written.</summary>
    /// <exception cref="InvalidOperationException">The index is read-only.</exception>
    private void ThrowIfReadOnly()
    {
        if (_backend.IsReadOnly)
        {
            throw ReadOnlyIndex.Error(_backend.Source);
        }
    }

    /// <summary>Whether a document has a word to index (a text of white space, punctuation or symbols only has none, and
    /// is no copy of anything, nor anything a copy of it).</summary>
    /// <param name="document">The analysed document.</param>
    /// <returns>True when it has at least one word or number.</returns>
    public static bool HasWords(AnalyzedDocument document)
    {
        Guard.NotNull(document);
        return !document.ContentTokens.IsEmpty;
    }

    /// <summary>Rejects a batch holding a document without a word, before anything is written.</summary>
    private static void CheckWords(IReadOnlyList<AnalyzedDocument> documents, string paramName)
    {
        foreach (AnalyzedDocument d in documents)
        {
            if (!HasWords(d))
            {
                throw NoWords(d.Id, paramName);
            }
        }
    }

    /// <summary>Rejects a text that holds a lone surrogate (half of a UTF-16 pair without the other half), which no
    /// encoding can store, naming the document and where, before anything is analysed or written.</summary>
    private static void CheckText(string id, string text, string paramName)
    {
        ReadOnlySpan<char> rest = text;
        int offset = 0;
        while (rest.IndexOfAnyInRange('\uD800', '\uDFFF') is var at and >= 0)
        {
            if (!char.IsHighSurrogate(rest[at]) || at + 1 == rest.Length || !char.IsLowSurrogate(rest[at + 1]))
            {
                throw new ArgumentException($"document '{ShortId(id)}' has a text that is not valid Unicode (a lone surrogate at character {offset + at}); it cannot be stored.", paramName);
            }

            offset += at + 2;
            rest = rest[(at + 2)..];
        }
    }

    /// <summary>Rejects a document analysed under other parameters than <paramref name="expected"/> that decide what is
    /// compared (see <see cref="AnalysisOptions.Difference"/>): its fingerprints would silently match nothing.</summary>
    /// <param name="expected">The index's analysis options, or those of the options given.</param>
    /// <param name="document">The document.</param>
    /// <param name="ofIndex">Whether <paramref name="expected"/> are the index's (the message names the index, else the
    /// options given and their analysis).</param>
    /// <param name="paramName">The parameter the document came in.</param>
    private static void CheckAnalysis(AnalysisOptions expected, AnalyzedDocument document, bool ofIndex, string paramName)
    {
        if (expected.Difference(document.Analysis, "document has", ofIndex ? "index" : "analysis", learned: false) is { } difference)
        {
            throw new ArgumentException($"document '{document.Id}' was analysed under other parameters than the {(ofIndex ? "index" : "options given")}: {difference}.", paramName);
        }

        // Learned function words change the analysis of a document in another language only: one in the known words'
        // language is analysed alike with other learned words or none.
        if (!AnalysisOptions.SameLearned(expected.LearnedFunctionWords, document.Analysis.LearnedFunctionWords)
            && Text.FunctionWordLearner.IsUncovered(document.Text, document.ContentTokens, expected.FunctionWords))
        {
            throw new ArgumentException(
                $"document '{document.Id}' is in another language than the function words and was analysed with {Learned(document.Analysis)}, the {(ofIndex ? "index" : "options given")} have {Learned(expected)}; analyse it under the same options.",
                paramName);
        }

        static string Learned(AnalysisOptions o) => o.LearnedFunctionWords is { } l ? $"{l.Count} learned function words" : "no learned function words";
    }

    /// <summary>The error for a document without a word.</summary>
    private static ArgumentException NoWords(string id, string paramName) =>
        new($"document '{id}' has no words (only white space, punctuation or symbols); it cannot be indexed.", paramName);

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
}
