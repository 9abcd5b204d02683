using System;
using System.Runtime.CompilerServices;

namespace NearDup.Internal;

/// <summary>Allocates the large arrays of the candidate structures: hash tables that are probed before they are
/// written, posting arrays that grow by doubling, tables rewritten whole.</summary>
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
/// <para>
/// Every array of at least <see cref="HugePages.MinBytes"/> is advised huge pages (<see cref="HugePages.Advise"/>)
/// before it is first written: the structures are probed at random over hundreds of megabytes to gigabytes, and mapped
/// 4 KiB at a time nearly every insert also misses the TLB and walks the page tables. On the 2-core VMs the
/// benchmarks run on, with transparent huge pages on "madvise" (a common default), adding 1,000,000 documents went
/// 1.2× faster and replaying their log 1.4× faster (benchmarks/README.md). The advice takes effect where the memory is
/// fresh; memory the collector hands out again keeps the pages it has until the kernel folds them.
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
        T[] array = Uninitialised<T>(length);
        Array.Clear(array);
        return array;
    }

    /// <summary>An array of <paramref name="length"/> elements holding anything, advised huge pages when large: for a
    /// caller that writes every element before reading it.</summary>
    /// <typeparam name="T">The element type (no references).</typeparam>
    /// <param name="length">The length.</param>
    /// <returns>The array.</returns>
    public static T[] Uninitialised<T>(int length)
        where T : unmanaged
    {
        T[] array = GC.AllocateUninitializedArray<T>(length);
        HugePages.Advise(array, (long)length * Unsafe.SizeOf<T>());
        return array;
    }

    /// <summary>A zeroed array of <paramref name="length"/> elements advised huge pages when large, whose pages stay
    /// untouched until written when the memory is fresh: for arrays written before they are read, in order (posting
    /// lists appended to), where writing zeros through first would only make resident what may never be used.</summary>
    /// <typeparam name="T">The element type (no references).</typeparam>
    /// <param name="length">The length.</param>
    /// <returns>The array.</returns>
    public static T[] Zeroed<T>(int length)
        where T : unmanaged
    {
        var array = new T[length];
        HugePages.Advise(array, (long)length * Unsafe.SizeOf<T>());
        return array;
    }

    /// <summary>Replaces <paramref name="array"/> with a new array (<see cref="Zeroed{T}"/>) of
    /// <paramref name="length"/> elements holding its elements, then zeros: the contents
    /// <see cref="Array.Resize{T}(ref T[], int)"/> gives, always in a new array.</summary>
    /// <typeparam name="T">The element type (no references).</typeparam>
    /// <param name="array">The array to replace; on return, the new one.</param>
    /// <param name="length">The new length, at least the old one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than the array's.</exception>
    public static void Grow<T>(ref T[] array, int length)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, array.Length);
        T[] grown = Zeroed<T>(length);
        array.AsSpan().CopyTo(grown);
        array = grown;
    }
}
