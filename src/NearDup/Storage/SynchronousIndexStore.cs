using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Internal;

namespace NearDup.Storage;

/// <summary>
/// A store whose I/O completes before each call returns: it implements the synchronous operations, and the asynchronous
/// <see cref="IIndexStore"/> calls run them at once and hand back a completed task (with the exception in it, as an
/// awaited method would have it).
/// </summary>
/// <remarks>The directory store's writes end in an fsync, which has no asynchronous form, and the in-memory store does
/// no I/O: neither gains from a task that completes later. Thread safety: that of the implementation.</remarks>
internal abstract class SynchronousIndexStore : IIndexStore
{
    /// <inheritdoc/>
    public abstract ReadOnlyMemory<byte> Options { get; }

    /// <summary>Streams every live document to <paramref name="visit"/> (see <see cref="IIndexStore.LoadAsync"/>).</summary>
    /// <param name="visit">Called once per live document, in order.</param>
    /// <param name="progress">Told how far the load has got, or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What was replayed and dropped.</returns>
    public abstract RecoveryReport Load(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Writes a batch atomically and durably (see <see cref="IIndexStore.CommitAsync"/>).</summary>
    /// <param name="batch">The operations, applied in order.</param>
    /// <param name="cancellationToken">Cancels before anything is written.</param>
    public abstract void Commit(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default);

    /// <summary>Writes a new snapshot holding exactly <paramref name="live"/> (see <see cref="IIndexStore.CompactAsync"/>).</summary>
    /// <param name="live">The live documents, in order, enumerated once.</param>
    /// <param name="cancellationToken">Cancels before the snapshot replaces the old one.</param>
    public void Compact(IEnumerable<StoredDocument> live, CancellationToken cancellationToken = default) => Compact(live, ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>Writes a new snapshot holding exactly <paramref name="live"/> and <paramref name="options"/> (see
    /// <see cref="IIndexStore.CompactAsync"/>).</summary>
    /// <param name="live">The live documents, in order, enumerated once.</param>
    /// <param name="options">The options blob the new snapshot holds; empty to keep the current one.</param>
    /// <param name="cancellationToken">Cancels before the snapshot replaces the old one.</param>
    public abstract void Compact(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default);

    /// <summary>Checks every checksum without changing anything.</summary>
    /// <returns>Problems found, empty when the store is sound.</returns>
    public abstract IReadOnlyList<string> Verify();

    /// <inheritdoc/>
    public abstract StoreStatistics Statistics();

    /// <inheritdoc/>
    public abstract void Dispose();

    /// <inheritdoc/>
    public ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Synchronous.Run(() => Load(visit, progress, cancellationToken));

    /// <inheritdoc/>
    public ValueTask CommitAsync(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default) =>
        Synchronous.Run(() => Commit(batch, cancellationToken));

    /// <inheritdoc/>
    public ValueTask CompactAsync(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default) =>
        Synchronous.Run(() => Compact(live, options, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default) =>
        Synchronous.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Verify();
        });
}
