using System;

namespace NearDup.Internal;

/// <summary>
/// One <typeparamref name="T"/> per thread, reused from call to call by hot paths that would otherwise allocate and
/// grow a fresh collection each time (a query's candidate sets, winnowing's de-duplication set, an analysis's pick list).
/// </summary>
/// <typeparam name="T">The scratch type; the caller clears what it takes.</typeparam>
/// <remarks>Thread safety: each thread has its own; a re-entrant <see cref="Take"/> on one thread gets a new object.</remarks>
internal static class ThreadScratch<T>
    where T : class, new()
{
    [ThreadStatic]
    private static T? t_held;

    /// <summary>Takes the thread's object, or a new one when it has none (or it is taken already).</summary>
    /// <returns>The object, not cleared.</returns>
    public static T Take()
    {
        T item = t_held ?? new T();
        t_held = null;
        return item;
    }

    /// <summary>Gives the object back for the thread's next <see cref="Take"/>, unless <paramref name="keep"/> is false
    /// (it grew too large to hold for the thread's life).</summary>
    /// <param name="item">What <see cref="Take"/> returned.</param>
    /// <param name="keep">Whether to keep it.</param>
    public static void Return(T item, bool keep)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (keep)
        {
            t_held = item;
        }
    }
}
