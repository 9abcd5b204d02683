namespace NearDup.Internal;

/// <summary>Allocates the arrays of hash tables that are probed before they are written.</summary>
/// <remarks>
/// <para>
/// A large array is fresh memory from the operating system, which the collector does not zero again. On Linux, the
/// first read of such a page maps the kernel's shared zero page; a write to it next takes a copy-on-write fault, and
/// the kernel flushes the page's old mapping from the TLB of every core the process runs on (an interrupt to each).
/// A hash table grown to twice its size and then filled by probing, reading a home slot before writing it, takes that
/// fault once per page. Written through once in order first, each page faults once, as a plain write. A `perf` profile
/// of `neardup index add` put 1.2% of its CPU samples in those flushes under the passage tables' growth; written
/// through, the `add-stages` benchmark's insert step took a fifth less time (benchmarks/README.md).
/// </para>
/// <para>Thread safety: static and stateless.</para>
/// </remarks>
internal static class FreshArrays
{
    /// <summary>A zeroed array of <paramref name="length"/> elements whose every page has been written.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">The length.</param>
    /// <returns>The array.</returns>
    public static T[] WrittenThrough<T>(int length)
        where T : struct
    {
        var array = new T[length];
        System.Array.Clear(array);
        return array;
    }
}
