using System;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace NearDup.Internal;

/// <summary>Parallel loops that fail the way a plain loop would.</summary>
internal static class Parallelism
{
    /// <summary>Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1 on all cores and, if it throws,
    /// rethrows what it threw (the first of them) rather than an <see cref="AggregateException"/>: callers and the CLI
    /// expect the documented <c>NearDupFormatException</c> or <see cref="ArgumentException"/>.</summary>
    /// <param name="count">Number of iterations.</param>
    /// <param name="body">The loop body.</param>
    /// <remarks>At most one worker per core. Unbounded, the loop takes a pool thread for every body that blocks, and a
    /// body that waits on network I/O (an index query's verification asking a Redis cluster for holder counts) blocked
    /// dozens of pool threads while the replies' continuations queued behind them: a timeout under load.</remarks>
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    /// <summary>
    /// Like <see cref="For(int, Action{int})"/>, with state of each worker thread made by <paramref name="localInit"/>
    /// and handed to every iteration the worker runs (scratch buffers shared by iterations, never by threads), then
    /// disposed when the worker is done.
    /// </summary>
    /// <typeparam name="TLocal">The worker state.</typeparam>
    /// <param name="count">Number of iterations.</param>
    /// <param name="localInit">Makes one worker's state.</param>
    /// <param name="body">The loop body.</param>
    public static void For<TLocal>(int count, Func<TLocal> localInit, Action<int, TLocal> body)
        where TLocal : IDisposable
    {
        try
        {
            // At most one worker per core: each state may be large.
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.For(0, count, options, localInit, (i, _, local) =>
            {
                body(i, local);
                return local;
            }, static local => local.Dispose());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    /// <summary>Runs independent actions in parallel and, if any throws, rethrows what it threw (the first of them).</summary>
    /// <param name="actions">The actions.</param>
    public static void Invoke(params Action[] actions)
    {
        try
        {
            Parallel.Invoke(actions);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }
}
