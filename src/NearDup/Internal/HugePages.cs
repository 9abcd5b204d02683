using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Internal;

/// <summary>Asks Linux to back a large array with transparent huge pages (2 MB) instead of 4 KB pages.</summary>
/// <remarks>
/// <para>
/// The passage tables are read and written at random over gigabytes, so with 4 KB pages nearly every access also misses
/// the TLB and walks the page tables (twice over in a virtual machine). Linux backs a range with huge pages when
/// <c>/sys/kernel/mm/transparent_hugepage/enabled</c> is <c>always</c>, or when it is <c>madvise</c> (the default of many
/// distributions) and the range was advised with <c>MADV_HUGEPAGE</c>, which this does. Advice is only a hint: on other
/// systems, with the setting <c>never</c>, or when the call fails, nothing changes but speed. Only pages not touched yet
/// are affected, so an array is advised right after it is allocated and before it is filled.
/// </para>
/// <para>
/// The runtime does not move large arrays unless told to compact the large-object heap; if it does, the advice stays
/// with the old addresses, which is harmless.
/// </para>
/// </remarks>
internal static class HugePages
{
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE on Linux, every architecture
    private const long HugePage = 2 << 20;

    // Below this an array spans few huge pages and its TLB misses do not matter.
    private const long MinBytes = 8 * HugePage;

    /// <summary>Advises the whole 2 MB-aligned part of <paramref name="array"/> for huge pages, on Linux.</summary>
    /// <typeparam name="T">An element type without references.</typeparam>
    /// <param name="array">A freshly allocated array.</param>
    /// <returns>Whether the advice was given and accepted.</returns>
    public static bool Advise<T>(T[] array)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        if (!OperatingSystem.IsLinux() || bytes < MinBytes)
        {
            return false;
        }

        long start = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        long first = (start + HugePage - 1) & ~(HugePage - 1);
        long end = (start + bytes) & ~(HugePage - 1);
        if (end <= first)
        {
            return false;
        }

        try
        {
            return Madvise((nint)first, (nuint)(end - first), MadviseHugePage) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [SuppressMessage("Interoperability", "SYSLIB1054", Justification = "LibraryImport generates unsafe code, and the project allows none; the signature is blittable.")]
    [DllImport("libc", EntryPoint = "madvise", ExactSpelling = true)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
