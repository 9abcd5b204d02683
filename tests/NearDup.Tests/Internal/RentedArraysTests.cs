using System.Buffers;
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
    public void Give_AnArrayAboveThePoolLimit_LeavesItOutOfTheSharedPool()
    {
        // A power-of-two length the shared pool would take back if it were given to it.
        long[] first = RentedArrays.Rent<long>(2 * RentedArrays.PoolLimit);
        RentedArrays.Give(first);
        long[] pooled = ArrayPool<long>.Shared.Rent(2 * RentedArrays.PoolLimit);
        Assert.That(pooled, Is.Not.SameAs(first));
        ArrayPool<long>.Shared.Return(pooled);
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
