using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace NearDup.Storage;

/// <summary>
/// Where an index keeps its documents: a durable map from document id to an opaque payload, changed in atomic batches.
/// </summary>
/// <remarks>
/// <para>
/// The interface is deliberately small so that other backends (a Redis-protocol cluster next) implement it without
/// touching the index logic: the index serialises each document into a payload, hands batches of adds and removes to
/// <see cref="CommitAsync"/>, and rebuilds its in-memory candidate structures from the documents <see cref="LoadAsync"/>
/// streams to it when it opens.
/// </para>
/// <para>
/// Contract: a batch is atomic and durable once <see cref="CommitAsync"/> completes (all of it survives a crash at any
/// later instant, none of it if the process dies before the call completes); <see cref="LoadAsync"/> hands over the live documents
/// in the order they were added (an add of a live id replaces its payload where it stands, a remove takes it out,
/// an add after a remove appends), without holding them all in memory; the options blob written at creation comes back unchanged from
/// <see cref="Options"/>. Implementations detect every corrupted or truncated byte by checksums and throw
/// <see cref="NearDupFormatException"/> naming the file, section and offset, except an incomplete final log batch (a
/// crash mid-write), which is dropped and reported in <see cref="RecoveryReport"/>.
/// </para>
/// <para>
/// I/O is asynchronous (token last) so that a store over the network can be; the stores here complete every call
/// synchronously, since their writes end in an fsync, which has no asynchronous form. Loading pushes documents to a
/// visitor on the reading thread rather than yielding them: a checksum may cover many documents and is checked after
/// they were handed over, and the visitor decodes them in chunks while the store reads on.
/// </para>
/// <para>Thread safety: implementations allow one writer; calls must not overlap.</para>
/// </remarks>
internal interface IIndexStore : IDisposable
{
    /// <summary>The index options blob written when the store was created, or by the last compaction that was given
    /// one.</summary>
    ReadOnlyMemory<byte> Options { get; }

    /// <summary>Streams every live document to <paramref name="visit"/>, applying the log over the snapshot, and checks every checksum.</summary>
    /// <param name="visit">
    /// Called once per live document, in the order they were added, on the calling thread. The payload's memory is the
    /// visitor's to keep: the store never reuses or changes it. The visitor must not call the store. If it throws, the
    /// load stops and the exception propagates; the store is left as it was.
    /// </param>
    /// <param name="progress">Told, on the calling thread, how far the load has got (see <see cref="StoreLoadProgress"/>);
    /// null for no reports.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What was replayed and what was dropped, once every document has been handed over and every byte checked.</returns>
    /// <remarks>
    /// Damage may be found after some documents were handed over (a checksum can cover many documents); the
    /// exception then comes before this method returns, and the caller must discard what it received. A dropped torn
    /// tail or a reset log is written back only after a load that succeeded.
    /// </remarks>
    /// <exception cref="NearDupFormatException">A file is corrupt, truncated (other than an incomplete last batch) or of another format version.</exception>
    ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Writes a batch atomically and durably.</summary>
    /// <param name="batch">The operations, applied in order.</param>
    /// <param name="cancellationToken">Cancels before anything is written.</param>
    /// <returns>A task that completes when the batch is durable.</returns>
    ValueTask CommitAsync(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default);

    /// <summary>Writes a new snapshot holding exactly <paramref name="live"/> and empties the log, atomically.</summary>
    /// <param name="live">
    /// The live documents, in order. Enumerated once, lazily, on the calling thread: the store takes each document (writes
    /// or copies its payload) before it pulls the next and keeps no reference to the payload's memory, so a caller may
    /// produce them one at a time without holding them all. The sequence must not call the store.
    /// </param>
    /// <param name="options">The options blob the new snapshot holds, which <see cref="Options"/> returns once it has
    /// replaced the old one (a compaction records the analysis its documents' candidate data is of);
    /// empty to keep the current blob.</param>
    /// <param name="cancellationToken">Cancels before the snapshot replaces the old one; checked as documents are pulled.</param>
    /// <remarks>
    /// All or nothing: if an id is rejected (empty, not storable, repeated), the sequence throws, the token is
    /// cancelled or a write fails, the exception propagates and the store holds what it held before; the rest of the
    /// sequence is not pulled.
    /// </remarks>
    /// <exception cref="ArgumentException">An id is empty, not storable, or repeated.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <returns>A task that completes when the new snapshot has replaced the old one.</returns>
    ValueTask CompactAsync(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default);

    /// <summary>Reads every file and checks every checksum without changing anything.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Problems found, empty when the store is sound.</returns>
    ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>Current sizes.</summary>
    /// <returns>The statistics.</returns>
    StoreStatistics Statistics();
}
