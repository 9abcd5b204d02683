using System;
using System.IO;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public sealed class HugePagesTests
{
    [Test]
    public void Advise_ArraySpanningFewHugePages_IsLeftAlone() =>
        Assert.That(HugePages.Advise(new long[1 << 20]), Is.False); // 8 MB

    [Test]
    public void Advise_LargeArrayWhereTheKernelHasHugePages_IsAcceptedAndKeepsItsContents()
    {
        Assume.That(OperatingSystem.IsLinux() && File.Exists("/sys/kernel/mm/transparent_hugepage/enabled"), "needs Linux with transparent huge pages");
        var array = new long[8 << 20]; // 64 MB
        array[0] = 1;
        array[^1] = 2;
        bool advised = HugePages.Advise(array);
        array[array.Length / 2] = 3;
        Assert.Multiple(() =>
        {
            Assert.That(advised, Is.True);
            Assert.That((array[0], array[array.Length / 2], array[^1], array[1]), Is.EqualTo((1L, 3L, 2L, 0L)));
        });
    }

    [Test]
    public void Advise_Null_IsRejected() =>
        Assert.That(() => HugePages.Advise<long>(null!), Throws.ArgumentNullException);
}
