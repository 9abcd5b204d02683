using System;
using System.Collections.Generic;
using System.Threading;

namespace NearDup.Storage;

/// <summary>An <see cref="IIndexStore"/> that keeps everything in memory: the same semantics as <see cref="DirectoryIndexStore"/>, without files.</summary>
/// <remarks>
/// Meant for tests of the index logic and for throwaway indexes. It accepts and rejects the same batches as the directory
/// store (empty, non-Unicode or over-long ids, null operations), copies payloads on commit so later changes by the caller
/// cannot leak in, and returns documents in insertion order with the latest add of an id in the place of the first.
/// Nothing survives disposal. Thread safety: public members take an internal lock, so calls are serialised.
/// </remarks>
internal sealed class InMemoryIndexStore : SynchronousIndexStore, IStoredPayloads
{
    private readonly object _gate = new();
    private byte[] _options;
    private LiveSet _live = new();
    private long _batches;
    private bool _disposed;

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">The options blob, copied and returned by <see cref="Options"/>.</param>
    /// <remarks>Cost: one copy of the options. Thread safety: constructor.</remarks>
    public InMemoryIndexStore(ReadOnlyMemory<byte> options)
    {
        _options = options.ToArray();
    }

    /// <inheritdoc/>
    /// <remarks>Replaced by a compaction given another blob. Thread safety: a reference read; cost: none.</remarks>
    public override ReadOnlyMemory<byte> Options => _options;

    /// <inheritdoc/>
    /// <remarks>
    /// The report counts the batches committed since the last compaction as replayed and never drops anything. The
    /// payloads handed over are the store's own copies, which it never changes. Cost: one pass over the live documents.
    /// Thread safety: takes the store's lock for the whole call, so <paramref name="visit"/> must not call the store.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="visit"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override RecoveryReport Load(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            int count = 0;
            var documents = new DocumentsProgress(progress, _live.Count);
            documents.Start();
            foreach (StoredDocument document in _live.Live())
            {
                if ((++count & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                visit(document);
                documents.Count();
            }

            documents.End();

            return new RecoveryReport(count, (int)_batches, 0, Array.Empty<string>());
        }
    }

    /// <inheritdoc/>
    /// <remarks>Only the live documents, as <see cref="Load"/> hands them over, listed when called (the payloads are the store's
    /// own copies, which it never changes). Cost: one pass over the live documents. Thread safety: takes the store's lock
    /// for the listing only.</remarks>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public IEnumerable<StoredDocument> ReadStored(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            return new List<StoredDocument>(_live.Live());
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The batch is checked in full before any of it is applied, so it is atomic. Cost: a copy of each payload. Thread
    /// safety: takes the store's lock.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">An operation is null or has an id that cannot be stored.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override void Commit(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.Count == 0)
            {
                return;
            }

            StoreFormat.EncodeBatchIds(batch, nameof(batch));
            foreach (StoreOperation op in batch)
            {
                _live.Apply(op.Kind, op.Id, op.Payload.ToArray());
            }

            _batches++;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Replaces the contents with copies of <paramref name="live"/>, pulled one at a time and checked as they come, as
    /// the directory store does; on any exception the contents stay as they were. Thread safety: takes the store's lock.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="live"/> is null.</exception>
    /// <exception cref="ArgumentException">An id is empty, not storable, or repeated, or a collection yielded another number of documents than its count.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public override void Compact(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            byte[] blob = options.IsEmpty ? _options : options.ToArray();
            var next = new LiveSet();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, document) in StoreFormat.CheckCompaction(live, StoreFormat.KnownCount(live), ids, nameof(live), cancellationToken))
            {
                next.Add(document.Id, document.Payload.ToArray());
            }

            _live = next;
            _batches = 0;
            _options = blob;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Memory cannot rot in a way this store could detect, so the list is always empty. Thread safety: takes the store's lock.</remarks>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public override IReadOnlyList<string> Verify()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Array.Empty<string>();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Byte sizes are zero: nothing is on disk. Thread safety: takes the store's lock.</remarks>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public override StoreStatistics Statistics()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new StoreStatistics(_live.Count, 0, 0, _batches);
        }
    }

    /// <summary>Drops the contents.</summary>
    /// <remarks>Safe to call twice. Thread safety: takes the store's lock.</remarks>
    public override void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _live = new LiveSet();
        }
    }
}
