using System;
using System.Runtime.InteropServices;

namespace NearDup.Internal;

/// <summary>Asks Linux to back a large array's memory with transparent huge pages (2 MiB) before it is first written.</summary>
/// <remarks>
/// <para>
/// Opening an index from its structure image fills a few GB of fresh arrays, and the first touch of each 4 KiB page is
/// most of what the open costs: on the 2-core VMs the benchmarks run on, filling 1 GB of fresh array from the page cache
/// took 2.7–2.9 s, and the first read of it from managed code another 1.3 s (the kernel's write and the process's read
/// each fault the page), against 0.09 s for a read into pages already touched. With the range advised
/// (<c>madvise(MADV_HUGEPAGE)</c>), the same fill took 0.8–1.8 s and the read 0.05 s: one fault per 2 MiB.
/// Systems whose transparent huge pages are "always" on gain nothing, "never" ignore the advice. The same advice covers
/// the arrays the candidate structures grow into while documents are added (<see cref="FreshArrays"/>).
/// </para>
/// <para>
/// With the kernel's default defragmentation setting ("madvise"), a fault in an advised range may compact memory to
/// find a free 2 MiB page, which can stall the faulting thread on a host short of free memory. A process that would
/// rather not take that risk sets the environment variable <c>NEARDUP_HUGE_PAGES=0</c> (or <c>off</c>, <c>false</c>)
/// before NearDup first runs: no huge pages are advised then (<see cref="PopulateRead"/>, which asks for no huge pages,
/// still runs).
/// </para>
/// <para>
/// Only advice: no memory is pinned, nothing is mapped, and a failure (another OS, no such call, a kernel that refuses)
/// is ignored. The array may move later (a compacting collection of the large object heap): the advice then covers
/// whatever lies there, which changes the page size of that memory and nothing else.
/// </para>
/// <para>Thread safety: safe from any thread.</para>
/// </remarks>
internal static class HugePages
{
    /// <summary>Arrays smaller than this are not worth a system call: they cover at most a huge page or two.</summary>
    public const int MinBytes = 8 << 20;

    private const int PageSize = 4096;
    private const int MadviseHugePage = 14;
    private const int MadvisePopulateRead = 22; // Linux 5.14 and later; older kernels answer EINVAL, which is ignored

    // Cleared once the call proves unavailable, so that a process pays for finding out once.
    private static volatile bool s_available = OperatingSystem.IsLinux() && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64);

    // Whether huge pages are advised at all (NEARDUP_HUGE_PAGES); PopulateRead does not depend on it.
    private static readonly bool s_wanted = !IsTurnedOffBy(Environment.GetEnvironmentVariable(Switch));

    /// <summary>The environment variable that turns the advice off (<see cref="IsTurnedOffBy"/>).</summary>
    public const string Switch = "NEARDUP_HUGE_PAGES";

    /// <summary>Whether a value of <see cref="Switch"/> turns the advice off: <c>0</c>, <c>off</c> or <c>false</c>, in
    /// any case, spaces around it ignored; anything else (or no value) leaves it on.</summary>
    /// <param name="value">The variable's value, or null when it is not set.</param>
    /// <returns>True when the advice is to be left out.</returns>
    public static bool IsTurnedOffBy(string? value) =>
        value?.Trim().ToUpperInvariant() is "0" or "OFF" or "FALSE";

    /// <summary>Advises huge pages for <paramref name="array"/>'s memory when it is at least <see cref="MinBytes"/>.</summary>
    /// <param name="array">A freshly allocated array of unmanaged elements, not yet written.</param>
    /// <param name="bytes">Its length in bytes.</param>
    public static void Advise(Array array, long bytes)
    {
        if (!s_available || !s_wanted || bytes < MinBytes)
        {
            return;
        }

        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            long start = (long)handle.AddrOfPinnedObject();
            long first = (start + PageSize - 1) & ~(long)(PageSize - 1);
            long length = (start + bytes - first) & ~(long)(PageSize - 1);
            if (length > 0)
            {
                _ = NativeMethods.madvise((IntPtr)first, (nuint)length, MadviseHugePage);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_available = false;
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Advises huge pages for a range of a read-only file mapping (<c>madvise(MADV_HUGEPAGE)</c>), before its
    /// pages are first read: the page cache then reads what is not cached yet in 2 MiB folios, which the mapping maps
    /// with one page-table entry each, and the kernel may fold what is cached in small folios into such folios later
    /// (khugepaged, where the kernel supports it for read-only files).</summary>
    /// <param name="address">The first byte (rounded down to its page).</param>
    /// <param name="bytes">How many bytes from there.</param>
    /// <remarks>
    /// <para>
    /// Why: the passage tables are probed at random, a few hundred places per query, over gigabytes. Mapped 4 KiB at a
    /// time, nearly every probe also misses the processor's TLB and walks the page tables; mapped 2 MiB at a time, the
    /// walk is one level shorter and its entries (one per 2 MiB) stay in the caches. Kernels whose page cache holds a
    /// file written in large blocks in 2 MiB folios already map those huge; a file read back after its pages were
    /// dropped comes in readahead-sized folios (128 KiB by default) and is mapped 4 KiB at a time, unless the range was
    /// advised first.
    /// </para>
    /// <para>Advice only: nothing is read, pinned or mapped, and a failure (another OS, a kernel without transparent
    /// huge pages, or with them "never") is ignored.</para>
    /// </remarks>
    public static void AdviseMapped(IntPtr address, long bytes)
    {
        if (s_wanted)
        {
            AdviseRange(address, bytes, MadviseHugePage);
        }
    }

    /// <summary>Asks Linux to fill in the page tables of a read-only file mapping now (<c>MADV_POPULATE_READ</c>), so
    /// that the lookups that follow do not each take a page fault on their first touch of a page: a map's pages are
    /// mapped into the process one fault (of up to 16 pages) at a time otherwise, and a fault costs several
    /// microseconds on the VMs the benchmarks run on. Reads the file into the page cache where it is not there yet.</summary>
    /// <param name="address">The first byte (rounded down to its page).</param>
    /// <param name="bytes">How many bytes from there.</param>
    /// <remarks>Blocks until done (call it off the lookup path); advice only: a failure is ignored.</remarks>
    public static void PopulateRead(IntPtr address, long bytes) => AdviseRange(address, bytes, MadvisePopulateRead);

    /// <summary><c>madvise</c> over the whole pages covering <paramref name="bytes"/> bytes at <paramref name="address"/>;
    /// a failure is ignored.</summary>
    private static void AdviseRange(IntPtr address, long bytes, int advice)
    {
        if (!s_available || bytes <= 0)
        {
            return;
        }

        long first = (long)address & ~(long)(PageSize - 1);
        long length = ((long)address + bytes - first + PageSize - 1) & ~(long)(PageSize - 1);
        try
        {
            _ = NativeMethods.madvise((IntPtr)first, (nuint)length, advice);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_available = false;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int madvise(IntPtr address, nuint length, int advice);
    }
}
