using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Storage;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>
/// Where an index's candidate structures and document records live: the seam between the engine (analysis, candidate
/// gating rules, verification, the cache of analysed originals), which <see cref="NearDupIndex"/> runs in the caller's
/// process, and a backend that holds the documents — in memory, in a directory on local disk (both
/// <see cref="EmbeddedIndex"/>), or, next, a Redis-protocol cluster.
/// </summary>
/// <remarks>
/// <para>
/// Contract: <see cref="AddAsync"/> and <see cref="RemoveAsync"/> change the index atomically per call and are durable
/// when they complete (a backend states what durable means for it); a document becomes visible to
/// <see cref="LookupAsync"/> only once its add has completed. <see cref="LookupAsync"/> applies the index's candidate
/// policy (<see cref="CandidateIndex"/>) and returns keys; <see cref="FetchAsync"/> returns the records the verifier needs
/// for keys the engine has no cached analysis of. A key is stable while its document is held and never reused for
/// another document, so a key whose document was removed (or renumbered by a compaction) between a lookup and a fetch
/// comes back as a record that does not exist, which the engine skips.
/// </para>
/// <para>
/// Methods that may do I/O are asynchronous (<see cref="ValueTask"/>, token last). The embedded backend completes them
/// synchronously: its writes end in an fsync, which has no asynchronous form, and its lookups read memory.
/// </para>
/// <para>Internal until the cluster backend, its second implementation, has shaped it; that backend's assembly sees
/// it. Thread safety: implementations allow concurrent calls (one writer at a time is their own business).</para>
/// </remarks>
internal interface ICandidateIndex : IDisposable
{
    /// <summary>The options the index was created with (or opened under).</summary>
    IndexOptions Options { get; }

    /// <summary>A name for the index in error messages (its directory, or "memory").</summary>
    string Source { get; }

    /// <summary>What opening the index replayed and dropped.</summary>
    RecoveryReport Recovery { get; }

    /// <summary>The analysis version the index's documents were analysed with (see
    /// <see cref="Analysis.DocumentAnalyzer.AnalysisVersion"/>; 0 when the index does not record it).</summary>
    int AnalysisVersion { get; }

    /// <summary>Whether <see cref="CompactAsync"/> writes every document as this build's analysis makes it (analysing
    /// again what another analysis made), and so records this build's analysis.</summary>
    bool CompactionBringsThisAnalysis { get; }

    /// <summary>Whether the index was opened to query only: <see cref="NearDupIndex"/> refuses every add, remove and
    /// compaction with the error of <see cref="Storage.ReadOnlyIndex.Error"/> before it reads or writes anything.</summary>
    bool IsReadOnly { get; }

    /// <summary>Whether <see cref="HoldersAsync"/> answers from this process (memory or a mapped file) rather than with a
    /// round trip to a server: the verifier then asks a pair's skeleton weights before aligning it.</summary>
    bool CountsHoldersLocally { get; }

    /// <summary>Documents held and not removed.</summary>
    long Count { get; }

    /// <summary>Whether a document with this id is held.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when held.</returns>
    ValueTask<bool> ContainsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Adds documents as one atomic, durable batch: all or, on any error, none.</summary>
    /// <param name="documents">Documents analysed under <see cref="Options"/>; ids distinct, checked storable, and not held yet.</param>
    /// <param name="cancellationToken">Cancels the call before anything is written.</param>
    /// <returns>A task that completes when the batch is durable and visible.</returns>
    /// <exception cref="ArgumentException">An id is already held, or a text cannot be stored; nothing is written.</exception>
    ValueTask AddAsync(IReadOnlyList<AnalyzedDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Adds one document unless the index holds a copy of it: <paramref name="findCopies"/> (the engine's
    /// verified query, filtered to the kinds asked for) decides what a copy is; the backend decides when it is asked,
    /// so that of mutual copies added at once by different writers at most one is kept.</summary>
    /// <param name="document">The document, analysed under <see cref="Options"/>; id checked storable and not held.</param>
    /// <param name="findCopies">Returns the verified copies of a document among those held, each with its key (the
    /// document's own key among them, once it is added, which the backend passes over).</param>
    /// <param name="cancellationToken">Cancels the call before anything is written.</param>
    /// <returns>The copies that turned the document away (the verdicts <paramref name="findCopies"/> gave for them);
    /// empty when it was kept.</returns>
    /// <exception cref="ArgumentException">The id is already held, or the text cannot be stored; nothing is kept.</exception>
    ValueTask<IReadOnlyList<PairVerdict>> AddUnlessCopyAsync(AnalyzedDocument document, Func<AnalyzedDocument, IReadOnlyList<KeyedVerdict>> findCopies, CancellationToken cancellationToken = default);

    /// <summary>Removes documents as one atomic, durable batch; ids not held are ignored.</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the call before anything is written.</param>
    /// <returns>How many documents were removed.</returns>
    ValueTask<int> RemoveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Adds to <paramref name="keys"/> the keys of the documents the query must be verified against, each once:
    /// first those any verdict may come of, then those only the word pairs proposed, which only a spun verdict or a
    /// reworded excerpt (<see cref="Verification.PairVerdict.Reworded"/>) may come of (see <see cref="Candidates.CandidateIndex.Lookup(in Candidates.DocumentFingerprints, CopyKinds, List{int})"/>).</summary>
    /// <param name="query">The query, analysed under <see cref="Options"/>.</param>
    /// <param name="kinds">The kinds of copy looked for: they choose the candidate sources.</param>
    /// <param name="keys">Receives the keys.</param>
    /// <param name="nearDuplicatePassages">When near-duplicates are looked for and contained copies are not, whether the
    /// word passages and SimHash propose near-duplicates too, through the near-duplicate gate
    /// (<see cref="Candidates.CandidateGate.PassesNearDuplicate"/>): what a de-duplication asks, as a grouping does.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many of the keys added are for any verdict; the rest are for spun only.</returns>
    ValueTask<int> LookupAsync(AnalyzedDocument query, CopyKinds kinds, List<long> keys, bool nearDuplicatePassages = false, CancellationToken cancellationToken = default);

    /// <summary>The records of documents, by key.</summary>
    /// <param name="keys">Keys from <see cref="LookupAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One record per key, in order; the default record for a key whose document is gone.</returns>
    ValueTask<CandidateDocument[]> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken = default);

    /// <summary>How many documents of the index hold each of a batch of word-passage fingerprints: what tells text
    /// many documents share (a footer, a signature, a template's frame) from text a pair shares (see
    /// <see cref="CollectionRecurrence"/>).</summary>
    /// <param name="fingerprints">The fingerprints.</param>
    /// <param name="counts">Receives one count per fingerprint, in order.</param>
    /// <param name="skeleton">Whether the fingerprints are spin-skeleton ones rather than word-passage ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the counts are in.</returns>
    ValueTask HoldersAsync(ReadOnlyMemory<ulong> fingerprints, Memory<int> counts, bool skeleton, CancellationToken cancellationToken = default);

    /// <summary>Rewrites the index's durable form without removed documents (and, where it pays, its candidate structures).</summary>
    /// <param name="cancellationToken">Cancels the compaction before it replaces anything.</param>
    /// <returns>A task that completes when the compaction is durable.</returns>
    ValueTask CompactAsync(CancellationToken cancellationToken = default);

    /// <summary>Finishes what writers that died left unfinished, as opening does, without reopening.</summary>
    /// <param name="cancellationToken">Cancels the recovery between two steps (what was finished stays finished).</param>
    /// <returns>What was replayed.</returns>
    ValueTask<RecoveryReport> RecoverAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks every checksum of the durable form without changing it.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Problems found; empty when sound.</returns>
    ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts and sizes.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics, with the live document count.</returns>
    ValueTask<StoreStatistics> StatisticsAsync(CancellationToken cancellationToken = default);
}
