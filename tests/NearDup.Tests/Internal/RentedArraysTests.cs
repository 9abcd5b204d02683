using System.Linq;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public class RentedArraysTests
{
    [Test]
    public void Rent_AboveThePoolLimit_GivesAnArrayOfExactlyTheCount()
    {
        int[] array = RentedArrays.Rent<int>(RentedArrays.PoolLimit + 3);
        Assert.That(array, Has.Length.EqualTo(RentedArrays.PoolLimit + 3));
    }

    [Test]
    public void Give_AnArrayAboveThePoolLimit_LeavesItToTheCollector()
    {
        long[] first = RentedArrays.Rent<long>(RentedArrays.PoolLimit + 1);
        RentedArrays.Give(first);
        Assert.That(RentedArrays.Rent<long>(RentedArrays.PoolLimit + 1), Is.Not.SameAs(first));
    }

    [Test]
    public void Grow_PastThePoolLimit_KeepsTheFirstItems()
    {
        int[] array = RentedArrays.Rent<int>(RentedArrays.PoolLimit);
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = i;
        }

        int count = array.Length;
        RentedArrays.Grow(ref array, count, count + 10);
        Assert.Multiple(() =>
        {
            Assert.That(array, Has.Length.GreaterThanOrEqualTo(count + 10));
            Assert.That(array.Take(count), Is.EqualTo(Enumerable.Range(0, count)));
        });
        RentedArrays.Return(ref array, ref count);
        Assert.That((array.Length, count), Is.EqualTo((0, 0)));
    }
}
