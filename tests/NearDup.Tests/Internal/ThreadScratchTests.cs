using System.Collections.Generic;
using System.Threading;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public class ThreadScratchTests
{
    // Each test uses its own scratch type, so tests running on one thread do not see each other's objects.
    private sealed class Kept : List<int>;

    private sealed class Dropped : List<int>;

    private sealed class Nested : List<int>;

    private sealed class PerThread : List<int>;

    [Test]
    public void Take_AfterAReturnThatKeeps_GivesBackTheSameObject()
    {
        Kept first = ThreadScratch<Kept>.Take();
        ThreadScratch<Kept>.Return(first, keep: true);
        Assert.That(ThreadScratch<Kept>.Take(), Is.SameAs(first));
    }

    [Test]
    public void Take_AfterAReturnThatDoesNotKeep_GivesANewObject()
    {
        Dropped first = ThreadScratch<Dropped>.Take();
        ThreadScratch<Dropped>.Return(first, keep: false);
        Assert.That(ThreadScratch<Dropped>.Take(), Is.Not.SameAs(first));
    }

    [Test]
    public void Take_WhileTheThreadsObjectIsTaken_GivesAnotherObject()
    {
        Nested outer = ThreadScratch<Nested>.Take();
        Nested inner = ThreadScratch<Nested>.Take();
        Assert.That(inner, Is.Not.SameAs(outer));
    }

    [Test]
    public void Take_OnAnotherThread_DoesNotGetThisThreadsObject()
    {
        PerThread mine = ThreadScratch<PerThread>.Take();
        ThreadScratch<PerThread>.Return(mine, keep: true);
        PerThread? theirs = null;
        var thread = new Thread(() => theirs = ThreadScratch<PerThread>.Take());
        thread.Start();
        thread.Join();
        Assert.That(theirs, Is.Not.Null.And.Not.SameAs(mine));
    }
}
