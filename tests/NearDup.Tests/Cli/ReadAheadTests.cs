using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Cli.Inputs;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary><see cref="ReadAhead"/>, which reads a folder's files for <c>index add</c> and <c>index query</c> a few at a
/// time, ahead of them, in order. Each test runs its enumeration under a time limit, so that a lost wake-up fails it
/// instead of hanging the run.</summary>
public class ReadAheadTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static T Within<T>(Func<T> body)
    {
        Task<T> task = Task.Factory.StartNew(body, TaskCreationOptions.LongRunning);
        Assert.That(task.Wait(Limit), Is.True, $"did not finish in {Limit.TotalSeconds} s");
        return task.Result;
    }

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
        Assert.That(Within(() => ReadAhead.Ordered(items, SlowSquare, readers: 8, window: 16).ToArray()), Is.EqualTo(items.Select(i => i * i).ToArray()));
    }

    [Test]
    public void Ordered_WindowOfOne_YieldsEveryResultInTheItemsOrder()
    {
        int[] items = [.. Enumerable.Range(0, 200)];
        Assert.That(Within(() => ReadAhead.Ordered(items, SlowSquare, readers: 4, window: 1).ToArray()), Is.EqualTo(items.Select(i => i * i).ToArray()));
    }

    [Test]
    public void Ordered_TwoReaders_ReadTwoItemsAtOnce()
    {
        // Each read waits until two reads are under way at once; one reader at a time would wait out the timeout.
        using var both = new CountdownEvent(2);
        bool Read(int i)
        {
            if (i < 2)
            {
                both.Signal();
                return both.Wait(TimeSpan.FromSeconds(20));
            }

            return true;
        }

        Assert.That(Within(() => ReadAhead.Ordered(Enumerable.Range(0, 10).ToArray(), Read, readers: 2, window: 4).ToArray()), Is.All.True);
    }

    [Test]
    public void Ordered_TakerAtOneItem_ReadsExactlyTheWindowAheadAndWaits()
    {
        int reads = 0;
        int Read(int i)
        {
            Interlocked.Increment(ref reads);
            return i;
        }

        (int First, int Read) Run()
        {
            using IEnumerator<int> results = ReadAhead.Ordered(Enumerable.Range(0, 1_000).ToArray(), Read, readers: 4, window: 10).GetEnumerator();
            results.MoveNext();

            // Item 0 taken: items 1 to 10 may be read, and no more, however long the taker waits.
            SpinWait.SpinUntil(() => Volatile.Read(ref reads) >= 11, TimeSpan.FromSeconds(20));
            Thread.Sleep(100);
            return (results.Current, Volatile.Read(ref reads));
        }

        Assert.That(Within(Run), Is.EqualTo((0, 11)));
    }

    [Test]
    public void Ordered_OverTheBudget_ReadsNoFurtherAhead()
    {
        int reads = 0;
        int Read(int i)
        {
            Interlocked.Increment(ref reads);
            return i;
        }

        (int First, int Read) Run()
        {
            // One reader, each result weighing 4 against a budget of 10, a window of 64: with item 0 taken, items 1, 2
            // and 3 are read (the third claimed while 8 was held) and then 12 is held: nothing more is read.
            using IEnumerator<int> results = ReadAhead.Ordered(Enumerable.Range(0, 1_000).ToArray(), Read, _ => 4, readers: 1, window: 64, budget: 10).GetEnumerator();
            results.MoveNext();
            SpinWait.SpinUntil(() => Volatile.Read(ref reads) >= 4, TimeSpan.FromSeconds(20));
            Thread.Sleep(100);
            return (results.Current, Volatile.Read(ref reads));
        }

        Assert.That(Within(Run), Is.EqualTo((0, 4)));
    }

    [Test]
    public void Ordered_AReadThatThrows_ThrowsAtItsItemAfterTheItemsBeforeIt()
    {
        var got = new List<int>();
        int Read(int i) => i == 5 ? throw new IOException("item five") : i;
        Exception? thrown = Within(() =>
        {
            try
            {
                foreach (int x in ReadAhead.Ordered(Enumerable.Range(0, 100).ToArray(), Read, readers: 4, window: 8))
                {
                    got.Add(x);
                }

                return null;
            }
            catch (IOException e)
            {
                return e;
            }
        });
        Assert.That((thrown?.Message, got), Is.EqualTo(("item five", new List<int> { 0, 1, 2, 3, 4 })));
    }

    [Test]
    public void Ordered_LeftEarly_StopsItsReadersAndWaitsForTheReadsUnderWay()
    {
        int started = 0, finished = 0;
        int Read(int i)
        {
            Interlocked.Increment(ref started);
            Thread.Sleep(2);
            Interlocked.Increment(ref finished);
            return i;
        }

        (int Started, int Finished) Run()
        {
            using (IEnumerator<int> results = ReadAhead.Ordered(Enumerable.Range(0, 100_000).ToArray(), Read, readers: 4, window: 16).GetEnumerator())
            {
                for (int k = 0; k < 3; k++)
                {
                    results.MoveNext();
                }
            }

            // Disposed: every read begun has ended, and none begins after.
            (int s, int f) = (Volatile.Read(ref started), Volatile.Read(ref finished));
            Thread.Sleep(50);
            return (s, Volatile.Read(ref started) == s ? f : -1);
        }

        (int begun, int ended) = Within(Run);

        // Three taken, at most a window past them claimed.
        Assert.That((begun <= 3 + 16, ended), Is.EqualTo((true, begun)));
    }

    [Test]
    public void Ordered_TakerThrows_DisposalStopsTheReaders()
    {
        int started = 0;
        int Read(int i)
        {
            Interlocked.Increment(ref started);
            return i;
        }

        int Run()
        {
            try
            {
                foreach (int x in ReadAhead.Ordered(Enumerable.Range(0, 100_000).ToArray(), Read, readers: 4, window: 8))
                {
                    if (x == 2)
                    {
                        throw new InvalidOperationException("taker");
                    }
                }
            }
            catch (InvalidOperationException)
            {
            }

            int s = Volatile.Read(ref started);
            Thread.Sleep(50);
            return Volatile.Read(ref started) == s ? s : -1;
        }

        Assert.That(Within(Run), Is.InRange(3, 3 + 8));
    }

    [TestCase(0, 8, 1, TestName = "Ordered_NoReaders_IsRefused")]
    [TestCase(4, 0, 1, TestName = "Ordered_NoWindow_IsRefused")]
    [TestCase(4, 8, 0, TestName = "Ordered_NoBudget_IsRefused")]
    public void Ordered_OutOfRange_IsRefused(int readers, int window, long budget) =>
        Assert.That(() => ReadAhead.Ordered(new[] { 1, 2 }, i => i, null, readers, window, budget), Throws.TypeOf<ArgumentOutOfRangeException>());

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
