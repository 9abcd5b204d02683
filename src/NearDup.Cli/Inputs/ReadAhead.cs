using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Reads the items of a list on a few threads of its own, a bounded number ahead of the one who takes them, and hands
/// the results over in the list's order: a folder's files read one at a time wait for the disk once each, which on a
/// cold cache or a network or virtual disk is most of the time of adding them.
/// </summary>
/// <remarks>
/// <para>
/// The readers are plain threads, not the thread pool's: a read blocks, and blocking pool threads would make the pool
/// add threads slowly while the caller's own parallel work (an analysis of the batch) waits for them. Besides the
/// result being taken and the reads under way (at most one a reader), at most <c>window</c> results are held, and
/// no more than <c>budget</c> of their weight unless that is the one the taker needs next: memory stays bounded
/// however long the list and however large its items.
/// </para>
/// <para>
/// What <c>read</c> throws is thrown to the taker when it reaches that item, as reading in order would have; the items
/// after it may already have been read. The enumeration must be disposed (<c>foreach</c> does, and so does a
/// <c>using</c> of its enumerator): disposing it, at its end or early, stops the readers and waits for the reads under
/// way, so that no reader outlives it; one abandoned undisposed keeps its readers waiting. Thread safety: one
/// enumeration per call, taken on one thread.
/// </para>
/// </remarks>
internal static class ReadAhead
{
    /// <summary>The readers a folder's files get: enough reads in flight to keep a disk queue busy.</summary>
    public const int DefaultReaders = 8;

    /// <summary>The results held ahead of the taker.</summary>
    public const int DefaultWindow = 64;

    /// <summary>The weight of results held ahead of the taker, for <see cref="InputDocuments"/> the bytes of the texts:
    /// 64 files of 3 KB are far below it, and large files are read a few at a time.</summary>
    public const long DefaultBudget = 256L << 20;

    /// <summary>Yields <paramref name="read"/> of each item in order, reading up to <paramref name="window"/> items
    /// (and <paramref name="budget"/> of their <paramref name="weight"/>) ahead on <paramref name="readers"/> threads.</summary>
    /// <typeparam name="TItem">The items.</typeparam>
    /// <typeparam name="TResult">What reading one gives.</typeparam>
    /// <param name="items">The items; not changed while this runs.</param>
    /// <param name="read">Reads one item; may be called on any of the readers, several at once.</param>
    /// <param name="weight">What a result weighs against <paramref name="budget"/> (its bytes), or null for nothing.</param>
    /// <param name="readers">Threads reading, at least 1 (no more than <paramref name="window"/> are started).</param>
    /// <param name="window">Results held ahead of the taker, at least 1.</param>
    /// <param name="budget">The most weight held ahead of the taker, beyond the item it needs next; at least 1.</param>
    /// <returns>The results, in the items' order. Dispose the enumeration (see the remarks).</returns>
    public static IEnumerable<TResult> Ordered<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<TItem, TResult> read, Func<TResult, long>? weight = null, int readers = DefaultReaders, int window = DefaultWindow, long budget = DefaultBudget)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentOutOfRangeException.ThrowIfLessThan(readers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        int count = items.Count;
        return count <= 1
            ? Sequential(items, read)
            : Run(items, count, read, weight ?? (_ => 0), Math.Min(Math.Min(readers, window), count), window, budget);
    }

    /// <summary>Reads the items one by one on the taker's thread (a list of one item has nothing to read ahead).</summary>
    private static IEnumerable<TResult> Sequential<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> read)
    {
        foreach (TItem item in items)
        {
            yield return read(item);
        }
    }

    /// <summary>Starts the readers, takes the results in order, and stops and joins the readers when left.</summary>
    private static IEnumerable<TResult> Run<TItem, TResult>(IReadOnlyList<TItem> items, int count, Func<TItem, TResult> read, Func<TResult, long> weight, int readers, int window, long budget)
    {
        var ring = new ResultRing<TResult>(count, window, budget);
        var threads = new List<Thread>(readers);
        try
        {
            for (int t = 0; t < readers; t++)
            {
                var thread = new Thread(() => ReadUntilStopped(items, read, weight, ring)) { IsBackground = true, Name = "neardup read-ahead" };
                thread.Start();
                threads.Add(thread);
            }

            for (int i = 0; i < count; i++)
            {
                yield return ring.Take(i);
            }
        }
        finally
        {
            ring.Stop();
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }
    }

    /// <summary>One reader: claims the next item, reads it, hands the result (or what it threw) over, until none is
    /// left or the taker stopped.</summary>
    private static void ReadUntilStopped<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> read, Func<TResult, long> weight, ResultRing<TResult> ring)
    {
        while (ring.TryClaim(out int i))
        {
            TResult? result = default;
            long weighs = 0;
            ExceptionDispatchInfo? failure = null;
            try
            {
                result = read(items[i]);
                weighs = Math.Max(0, weight(result));
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            ring.Put(i, result, weighs, failure);
        }
    }

    /// <summary>The results between the readers and the taker: item i in slot i % window, claimed only once item
    /// i − window was taken; all of it under one lock (a plain object: <see cref="Monitor.Wait(object)"/> is needed,
    /// which <see cref="Lock"/> does not offer).</summary>
    /// <typeparam name="TResult">What reading one item gives.</typeparam>
    /// <param name="count">The items.</param>
    /// <param name="window">Results held ahead of the taker.</param>
    /// <param name="budget">The most weight held ahead of the taker, beyond the item it needs next.</param>
    private sealed class ResultRing<TResult>(int count, int window, long budget)
    {
        private readonly object _gate = new();
        private readonly TResult?[] _results = new TResult?[window];
        private readonly long[] _weights = new long[window];
        private readonly ExceptionDispatchInfo?[] _failures = new ExceptionDispatchInfo?[window];
        private readonly bool[] _ready = new bool[window];
        private int _next; // the next item a reader claims
        private int _taken; // items the taker has taken
        private long _held; // the weight of the results put and not yet taken
        private bool _stopped;

        /// <summary>Claims the next item once it is within the window of the taker and the weight held allows (the item
        /// the taker needs next is always allowed); false when none is left or the taker stopped.</summary>
        /// <param name="item">The item claimed.</param>
        /// <returns>Whether one was claimed.</returns>
        public bool TryClaim(out int item)
        {
            lock (_gate)
            {
                while (!_stopped && _next < count && (_next >= _taken + window || (_held >= budget && _next > _taken)))
                {
                    Monitor.Wait(_gate);
                }

                item = _next;
                if (_stopped || _next >= count)
                {
                    return false;
                }

                _next++;
                return true;
            }
        }

        /// <summary>Hands item <paramref name="item"/>'s result (or what reading it threw) over.</summary>
        /// <param name="item">The item.</param>
        /// <param name="result">Its result.</param>
        /// <param name="weighs">The result's weight.</param>
        /// <param name="failure">What reading it threw, or null.</param>
        public void Put(int item, TResult? result, long weighs, ExceptionDispatchInfo? failure)
        {
            lock (_gate)
            {
                int slot = item % window;
                _results[slot] = result;
                _weights[slot] = weighs;
                _failures[slot] = failure;
                _ready[slot] = true;
                _held += weighs;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Waits for item <paramref name="item"/> (the next in order) and takes it, freeing its slot; throws
        /// what reading it threw.</summary>
        /// <param name="item">The item.</param>
        /// <returns>Its result.</returns>
        public TResult Take(int item)
        {
            TResult? result;
            ExceptionDispatchInfo? failure;
            lock (_gate)
            {
                int slot = item % window;
                while (!_ready[slot])
                {
                    Monitor.Wait(_gate);
                }

                result = _results[slot];
                failure = _failures[slot];
                _held -= _weights[slot];
                _results[slot] = default;
                _failures[slot] = null;
                _ready[slot] = false;
                _taken = item + 1;
                Monitor.PulseAll(_gate);
            }

            failure?.Throw();
            return result!;
        }

        /// <summary>Tells the readers to claim nothing more.</summary>
        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
