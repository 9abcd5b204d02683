using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Storage;

namespace NearDup.Tests.Storage;

/// <summary>Passes every call to an inner store and remembers the committed batches, so that a test can "reopen" an
/// in-memory index (an index disposes the store it owns) by replaying them into a fresh store.</summary>
internal sealed class RecordingStore(IIndexStore inner) : IIndexStore
{
    /// <summary>The batches committed so far, in order.</summary>
    public List<IReadOnlyList<StoreOperation>> Batches { get; } = new();

    public ReadOnlyMemory<byte> Options => inner.Options;

    /// <summary>A new in-memory store with the inner store's options and every recorded batch committed to it.</summary>
    /// <returns>The store.</returns>
    public InMemoryIndexStore Replay()
    {
        var store = new InMemoryIndexStore(inner.Options);
        foreach (IReadOnlyList<StoreOperation> batch in Batches)
        {
            store.Commit(batch);
        }

        return store;
    }

    public ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        inner.LoadAsync(visit, progress, cancellationToken);

    public async ValueTask CommitAsync(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default)
    {
        await inner.CommitAsync(batch, cancellationToken);
        Batches.Add(batch.ToList());
    }

    public ValueTask CompactAsync(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default) => inner.CompactAsync(live, options, cancellationToken);

    public ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default) => inner.VerifyAsync(cancellationToken);

    public StoreStatistics Statistics() => inner.Statistics();

    public void Dispose() => inner.Dispose();
}
