namespace NearDup.Internal;

/// <summary>Allocates the arrays of hash tables that are probed before they are written.</summary>
/// <remarks>
/// <para>
/// A large array may be fresh memory from the operating system, which the collector does not zero (it is zero
/// already). On Linux, the first read of such a page maps the kernel's shared zero page; a write to it next takes a
/// copy-on-write fault, and the kernel flushes the page's old mapping from the TLB of every other core the process
/// runs on, an interrupt to each (on the 2-core VMs the benchmarks run on, about 3% of a scan's CPU samples). A hash
/// table grown to twice its size and then filled by probing, reading a home slot before writing it, takes that fault
/// once per page. Written through once in order first, each page faults once, as a plain write. The array is
/// allocated uninitialised, so that memory the collector hands out again is zeroed once, here, not twice.
/// </para>
/// <para>Thread safety: static and stateless.</para>
/// </remarks>
internal static class FreshArrays
{
    /// <summary>A zeroed array of <paramref name="length"/> elements whose every page has been written.</summary>
    /// <typeparam name="T">The element type (no references, so that it may be allocated uninitialised).</typeparam>
    /// <param name="length">The length.</param>
    /// <returns>The array.</returns>
    public static T[] WrittenThrough<T>(int length)
        where T : unmanaged
    {
        T[] array = System.GC.AllocateUninitializedArray<T>(length);
        System.Array.Clear(array);
        return array;
    }
}
