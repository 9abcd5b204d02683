using System;
using System.IO;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

/// <summary><see cref="FreshArrays.WrittenThrough{T}"/>: a zeroed array of the length asked, whose pages are written
/// before the caller probes it; <see cref="FreshArrays.Grow{T}"/>: what <see cref="Array.Resize{T}(ref T[], int)"/>
/// gives, in such an array; large arrays of both advised huge pages.</summary>
public class FreshArraysTests
{
    [TestCase(1)]
    [TestCase(64)]
    [TestCase(3 << 20)]
    public void WrittenThrough_GivesAZeroedArrayOfTheLengthAsked(int length)
    {
        long[] array = FreshArrays.WrittenThrough<long>(length);

        Assert.That((array.Length, array.AsSpan().IndexOfAnyExcept(0L)), Is.EqualTo((length, -1)));
    }

    [TestCase(1, 2)]
    [TestCase(64, 64)]
    [TestCase(3 << 20, 6 << 20)]
    public void Grow_KeepsTheElementsInOrderAndZeroesTheRest(int length, int grown)
    {
        LeaveGarbage(grown * sizeof(long)); // where the grown array may go
        long[] array = new long[length];
        for (int i = 0; i < length; i++)
        {
            array[i] = (i * 2_654_435_761L) | 1;
        }

        long[] expected = (long[])array.Clone();
        Array.Resize(ref expected, grown);

        long[] old = array;

        FreshArrays.Grow(ref array, grown);

        Assert.That((array, ReferenceEquals(array, old)), Is.EqualTo((expected, false)));
    }

    [Test]
    public void Grow_ToAShorterLength_IsRefusedAndKeepsTheArray()
    {
        long[] array = [1, 2, 3];
        long[] before = array;

        Assert.Throws<ArgumentOutOfRangeException>(() => FreshArrays.Grow(ref array, 2));
        Assert.That(array, Is.SameAs(before));
    }

    [Test]
    [Explicit("depends on the kernel finding free 2 MiB pages and on what else the process frees meanwhile: run it by hand when FreshArrays changes, not in CI")]
    public void WrittenThrough_OnLinuxWithHugePagesOnRequest_BacksALargeArrayWithHugePages()
    {
        TransparentHugePages.RequireMadvise();
        long before = TransparentHugePages.AnonHugePagesKiB();
        long[] array = FreshArrays.WrittenThrough<long>(8 << 20); // 64 MiB

        Assert.That(TransparentHugePages.AnonHugePagesKiB() - before, Is.GreaterThanOrEqualTo(16 << 10), "at least a quarter of 64 MiB in huge pages");
        GC.KeepAlive(array);
    }

    [Test]
    [Explicit("counts the process's page faults, which the collector and other threads add to: run it by hand on Linux when FreshArrays changes, not in CI")]
    public void WrittenThrough_OnLinux_TakesNoFaultWhenItsPagesAreReadAndThenWritten()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("needs Linux (/proc/self/stat)");
        }

        const int Length = 64 << 20; // bytes
        byte[] plain = new byte[Length];
        long fresh = FaultsOfReadThenWrite(plain);
        if (fresh < Length / 4096 / 2)
        {
            Assert.Ignore($"a fresh array here takes {fresh} faults for {Length / 4096} pages read and then written: nothing to save");
        }

        long before = MinorFaults();
        byte[] written = FreshArrays.WrittenThrough<byte>(Length); // the first array is still alive: fresh memory again
        long clearing = MinorFaults() - before;
        long probed = FaultsOfReadThenWrite(written);
        GC.KeepAlive(plain);
        TestContext.Out.WriteLine($"{Length / 4096} pages: read then written {fresh} faults; written through {clearing}, then read and written {probed}");
        Assert.That(probed, Is.LessThan(fresh / 8));
    }

    /// <summary>Allocates <paramref name="bytes"/> bytes of non-zero garbage and collects it, so that the collector may
    /// hand its memory out again.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LeaveGarbage(int bytes)
    {
        GC.AllocateUninitializedArray<byte>(bytes).AsSpan().Fill(0xA5);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>The minor faults of reading each page of <paramref name="array"/> and then writing it.</summary>
    private static long FaultsOfReadThenWrite(byte[] array)
    {
        long before = MinorFaults();
        int sum = 0;
        for (int i = 0; i < array.Length; i += 4096)
        {
            sum += array[i];
        }

        for (int i = 0; i < array.Length; i += 4096)
        {
            array[i] = 1;
        }

        long faults = MinorFaults() - before;
        if (sum != 0)
        {
            throw new InvalidOperationException("a fresh array held something other than zeros");
        }

        return faults;
    }

    /// <summary>The process's minor page faults so far (the tenth field of /proc/self/stat, after the command's name).</summary>
    private static long MinorFaults()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }
}
