using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.Cli.Inputs;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><see cref="ReadAhead"/>, which reads a folder's files for <c>index add</c> and <c>index query</c> a few at a
/// time, ahead of them, in order.</summary>
public class ReadAheadTests
{
    // Reads that finish out of order: each sleeps 0 to 2 ms, chosen from the item.
    private static int SlowSquare(int i)
    {
        Thread.Sleep((i * 7919) % 3);
        return i * i;
    }

    [Test]
    public void Ordered_ReadsThatFinishOutOfOrder_YieldsEveryResultInTheItemsOrder()
    {
        int[] items = [.. Enumerable.Range(0, 500)];
        Assert.That(ReadAhead.Ordered(items, SlowSquare, readers: 8, window: 16).ToArray(), Is.EqualTo(items.Select(i => i * i).ToArray()));
    }

    [Test]
    public void Ordered_ReadsNoItemMoreThanTheWindowAheadOfTheTaker()
    {
        int taken = 0, furthest = 0;
        int Read(int i)
        {
            int ahead = i - Volatile.Read(ref taken);
            int seen;
            while (ahead > (seen = Volatile.Read(ref furthest)) && Interlocked.CompareExchange(ref furthest, ahead, seen) != seen)
            {
            }

            return i;
        }

        foreach (int _ in ReadAhead.Ordered(Enumerable.Range(0, 2_000).ToArray(), Read, readers: 8, window: 10))
        {
            Thread.SpinWait(200);
            Interlocked.Increment(ref taken);
        }

        // Item i is claimed only once item i − 10 was taken: at most 10 past the last one taken.
        Assert.That(furthest, Is.InRange(1, 10));
    }

    [Test]
    public void Ordered_AReadThatThrows_ThrowsAtItsItemAfterTheItemsBeforeIt()
    {
        var got = new List<int>();
        int Read(int i) => i == 5 ? throw new IOException("item five") : i;
        Assert.That(
            () =>
            {
                foreach (int x in ReadAhead.Ordered(Enumerable.Range(0, 100).ToArray(), Read, readers: 4, window: 8))
                {
                    got.Add(x);
                }
            },
            Throws.TypeOf<IOException>().With.Message.EqualTo("item five"));
        Assert.That(got, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public void Ordered_LeftEarly_StopsItsReadersAndReadsNoMore()
    {
        int reads = 0;
        int Read(int i)
        {
            Interlocked.Increment(ref reads);
            Thread.Sleep(1);
            return i;
        }

        using (IEnumerator<int> results = ReadAhead.Ordered(Enumerable.Range(0, 100_000).ToArray(), Read, readers: 4, window: 16).GetEnumerator())
        {
            for (int k = 0; k < 3; k++)
            {
                Assert.That(results.MoveNext(), Is.True);
            }
        }

        int afterDispose = Volatile.Read(ref reads);
        Thread.Sleep(50);

        // Three taken, at most a window past them claimed, each claim read once; nothing read after the disposal.
        Assert.That((afterDispose <= 3 + 16, Volatile.Read(ref reads)), Is.EqualTo((true, afterDispose)));
    }

    [TestCase(0, 8, TestName = "Ordered_NoReaders_IsRefused")]
    [TestCase(4, 0, TestName = "Ordered_NoWindow_IsRefused")]
    public void Ordered_OutOfRange_IsRefused(int readers, int window) =>
        Assert.That(() => ReadAhead.Ordered(new[] { 1, 2 }, i => i, readers, window), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Ordered_OneItem_IsReadOnTheTakersThread()
    {
        int caller = Environment.CurrentManagedThreadId, reader = -1;
        int[] results = [.. ReadAhead.Ordered(new[] { 7 }, i =>
        {
            reader = Environment.CurrentManagedThreadId;
            return i + 1;
        })];
        Assert.That((results.Single(), reader), Is.EqualTo((8, caller)));
    }
}
