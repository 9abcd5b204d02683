using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public class OffsetsTests
{
    [Test]
    public void FromCounts_GivesEachBucketsStart()
    {
        int[] counts = [3, 0, 2, 1];
        Offsets.FromCounts(counts);
        Assert.That(counts, Is.EqualTo(new[] { 0, 3, 3, 5 }));
    }

    [Test]
    public void FromCounts_Empty_DoesNothing()
    {
        int[] counts = [];
        Offsets.FromCounts(counts);
        Assert.That(counts, Is.Empty);
    }
}
