using System;
using System.Threading.Tasks;

namespace NearDup.Internal;

/// <summary>
/// Bridges between synchronous work and the asynchronous shapes of the storage and candidate-index seams: work that
/// completes at once (the embedded backends) is wrapped in a completed task, with its exception inside it as an
/// awaited method would have it; a synchronous caller takes the result of a task without blocking when it is already
/// complete.
/// </summary>
/// <remarks>Thread safety: stateless.</remarks>
internal static class Synchronous
{
    /// <summary>Runs <paramref name="action"/> now; its exception, if any, is in the returned task.</summary>
    /// <param name="action">The work.</param>
    /// <returns>A completed task.</returns>
    public static ValueTask Run(Action action)
    {
        try
        {
            action();
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>Runs <paramref name="work"/> now; its result or its exception is in the returned task.</summary>
    /// <typeparam name="T">The result's type.</typeparam>
    /// <param name="work">The work.</param>
    /// <returns>A completed task.</returns>
    public static ValueTask<T> Run<T>(Func<T> work)
    {
        try
        {
            return new ValueTask<T>(work());
        }
        catch (Exception e)
        {
            return ValueTask.FromException<T>(e);
        }
    }

    /// <summary>Waits for a task and rethrows its exception as it was thrown (not wrapped).</summary>
    /// <param name="task">The task.</param>
    public static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Waits for a task's result and rethrows its exception as it was thrown (not wrapped).</summary>
    /// <typeparam name="T">The result's type.</typeparam>
    /// <param name="task">The task.</param>
    /// <returns>The result.</returns>
    public static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
}
