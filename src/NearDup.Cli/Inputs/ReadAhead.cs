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
/// add threads slowly while the caller's own parallel work (an analysis of the batch) waits for them. At most
/// <c>window</c> results are held besides the one being taken, so memory stays bounded however long the list is.
/// </para>
/// <para>
/// What <c>read</c> throws is thrown to the taker when it reaches that item, as reading in order would have; the items
/// after it may already have been read. Leaving the enumeration early (disposing it) stops the readers and waits for
/// the reads under way. Thread safety: one enumeration per call, taken on one thread.
/// </para>
/// </remarks>
internal static class ReadAhead
{
    /// <summary>The readers a folder's files get: enough reads in flight to keep a disk queue busy.</summary>
    public const int DefaultReaders = 8;

    /// <summary>The results held ahead of the taker.</summary>
    public const int DefaultWindow = 64;

    /// <summary>Yields <paramref name="read"/> of each item in order, reading up to <paramref name="window"/> items
    /// ahead on <paramref name="readers"/> threads.</summary>
    /// <typeparam name="TItem">The items.</typeparam>
    /// <typeparam name="TResult">What reading one gives.</typeparam>
    /// <param name="items">The items.</param>
    /// <param name="read">Reads one item; may be called on any of the readers, several at once.</param>
    /// <param name="readers">Threads reading, at least 1.</param>
    /// <param name="window">Results held ahead of the taker, at least 1.</param>
    /// <returns>The results, in the items' order.</returns>
    public static IEnumerable<TResult> Ordered<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> read, int readers = DefaultReaders, int window = DefaultWindow)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentOutOfRangeException.ThrowIfLessThan(readers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        return items.Count <= 1 ? Sequential(items, read) : Run(items, read, Math.Min(readers, items.Count), window);
    }

    private static IEnumerable<TResult> Sequential<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> read)
    {
        foreach (TItem item in items)
        {
            yield return read(item);
        }
    }

    private static IEnumerable<TResult> Run<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> read, int readers, int window)
    {
        var state = new State<TResult>(window);
        var threads = new Thread[readers];
        for (int t = 0; t < readers; t++)
        {
            threads[t] = new Thread(() => Read(items, read, state)) { IsBackground = true, Name = "neardup read-ahead" };
            threads[t].Start();
        }

        try
        {
            for (int i = 0; i < items.Count; i++)
            {
                yield return state.Take(i);
            }
        }
        finally
        {
            state.Stop();
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }
    }

    private static void Read<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> read, State<TResult> state)
    {
        while (state.TryClaim(items.Count, out int i))
        {
            TResult? result = default;
            ExceptionDispatchInfo? failure = null;
            try
            {
                result = read(items[i]);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            state.Put(i, result, failure);
        }
    }

    /// <summary>The ring of results between the readers and the taker, under one lock.</summary>
    private sealed class State<TResult>(int window)
    {
        private readonly object _gate = new();
        private readonly TResult?[] _results = new TResult?[window];
        private readonly ExceptionDispatchInfo?[] _failures = new ExceptionDispatchInfo?[window];
        private readonly bool[] _ready = new bool[window];
        private int _next; // the next item a reader claims
        private int _taken; // items the taker has taken
        private bool _stopped;

        /// <summary>Claims the next item once it is within the window of the taker; false when there is none left or the
        /// taker stopped.</summary>
        public bool TryClaim(int count, out int item)
        {
            lock (_gate)
            {
                while (!_stopped && _next < count && _next >= _taken + window)
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

        /// <summary>Hands item <paramref name="item"/>'s result (or failure) over.</summary>
        public void Put(int item, TResult? result, ExceptionDispatchInfo? failure)
        {
            lock (_gate)
            {
                int slot = item % window;
                _results[slot] = result;
                _failures[slot] = failure;
                _ready[slot] = true;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Waits for item <paramref name="item"/> (the next in order) and takes it, freeing its slot.</summary>
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
