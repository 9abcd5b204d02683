using System;
using System.Linq;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

/// <summary><see cref="HugePages.Advise"/> is advice only: an advised array holds what is written to it, and on Linux
/// with transparent huge pages on "madvise" or "always" its memory comes in huge pages.</summary>
public class HugePagesTests
{
    [Test]
    public void Advise_OfAFreshArray_KeepsWhatIsWrittenToIt()
    {
        long[] array = GC.AllocateUninitializedArray<long>(HugePages.MinBytes / sizeof(long) * 2);

        HugePages.Advise(array, (long)array.Length * sizeof(long));
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = i * 7L;
        }

        Assert.That(Enumerable.Range(0, array.Length).All(i => array[i] == i * 7L), Is.True);
    }

    [TestCase("0")]
    [TestCase("off")]
    [TestCase(" FALSE ")]
    public void Switch_TurnsTheAdviceOffFor(string value)
    {
        Assert.That(HugePages.IsTurnedOffBy(value), Is.True);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("1")]
    [TestCase("on")]
    [TestCase("no")]
    public void Switch_LeavesTheAdviceOnFor(string? value)
    {
        Assert.That(HugePages.IsTurnedOffBy(value), Is.False);
    }

    [Test]
    public void Advise_OfASmallArray_DoesNothingVisible()
    {
        byte[] array = [1, 2, 3];

        HugePages.Advise(array, array.Length);

        Assert.That(array, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    [Explicit("depends on the kernel finding free 2 MiB pages and on what else the process frees meanwhile: run it by hand when HugePages changes, not in CI")]
    public void Advise_OnLinuxWithHugePagesOnRequest_BacksTheArrayWithHugePages()
    {
        TransparentHugePages.RequireMadvise();
        long before = TransparentHugePages.AnonHugePagesKiB();
        byte[] array = GC.AllocateUninitializedArray<byte>(64 << 20);
        HugePages.Advise(array, array.Length);
        array.AsSpan().Fill(1);

        Assert.That(TransparentHugePages.AnonHugePagesKiB() - before, Is.GreaterThanOrEqualTo(16 << 10), "at least a quarter of 64 MiB in huge pages");
        GC.KeepAlive(array);
    }
}
