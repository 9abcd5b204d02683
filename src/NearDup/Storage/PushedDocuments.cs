using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace NearDup.Storage;

/// <summary>
/// Documents a reader pushes to a visitor (as the stores read their files: a checksum may cover many documents), turned
/// into a sequence a caller pulls: the reader runs on a thread of its own, at most <see cref="Capacity"/> documents
/// ahead.
/// </summary>
/// <remarks>
/// The reader's exception is thrown by the <c>MoveNext</c> that finds no document left. Disposing the enumerator
/// before the end stops the reader (its next hand-over is cancelled) and waits for it, so no thread outlives the
/// enumeration. Enumerable once per <see cref="GetEnumerator"/>, each enumeration a reading of its own. Thread safety:
/// an enumerator is not thread-safe.
/// </remarks>
/// <param name="read">Reads every document, handing each to the visitor it is given, and stops (throwing
/// <see cref="OperationCanceledException"/>) when the token it is given is cancelled: the caller's, or the enumerator's
/// when it is disposed early.</param>
/// <param name="cancellationToken">Cancels the reading.</param>
internal sealed class PushedDocuments(Action<Action<StoredDocument>, CancellationToken> read, CancellationToken cancellationToken) : IEnumerable<StoredDocument>
{
    /// <summary>Documents read ahead of the caller at most: a compaction's chunk, so that the reading goes on while a
    /// chunk is handled.</summary>
    public const int Capacity = 1_024;

    /// <inheritdoc/>
    public IEnumerator<StoredDocument> GetEnumerator()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<StoredDocument>(Capacity);

        // Not given the token: a task cancelled before it starts would never mark the queue complete.
        Task reader = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    read(document => queue.Add(document, stop.Token), stop.Token);
                }
                finally
                {
                    queue.CompleteAdding();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            foreach (StoredDocument document in queue.GetConsumingEnumerable())
            {
                yield return document;
            }

            reader.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                reader.Wait();
            }
            catch (AggregateException)
            {
                // Thrown above when the reading failed at its end; stopped early, the caller asked for nothing more.
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
