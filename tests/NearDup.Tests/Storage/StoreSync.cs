using System;
using System.Collections.Generic;
using System.Threading;
using NearDup.Storage;

namespace NearDup.Tests.Storage;

/// <summary>Synchronous calls on <see cref="IIndexStore"/> for tests: the stores here complete at once, and a test reads
/// better without awaiting each call. Each rethrows the store's exception as it was thrown.</summary>
internal static class StoreSync
{
    public static RecoveryReport Load(this IIndexStore store, Action<StoredDocument> visit, CancellationToken cancellationToken = default) =>
        store.LoadAsync(visit, null, cancellationToken).AsTask().GetAwaiter().GetResult();

    public static void Commit(this IIndexStore store, IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default) =>
        store.CommitAsync(batch, cancellationToken).AsTask().GetAwaiter().GetResult();

    public static void Compact(this IIndexStore store, IEnumerable<StoredDocument> live, CancellationToken cancellationToken = default) =>
        store.CompactAsync(live, ReadOnlyMemory<byte>.Empty, cancellationToken).AsTask().GetAwaiter().GetResult();

    public static IReadOnlyList<string> Verify(this IIndexStore store) =>
        store.VerifyAsync().AsTask().GetAwaiter().GetResult();
}
