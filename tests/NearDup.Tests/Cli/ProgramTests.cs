using System;
using System.Linq;
using System.Reflection;
using NearDup.Cli;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>What the command line makes of exceptions that escape a command: out of memory told apart from the rest, and
/// advice naming only the options the command has.</summary>
public class ProgramTests
{
    [Test]
    public void IsOutOfMemory_ParallelWorkWhoseEveryFailureIsOutOfMemory_IsOutOfMemory() =>
        Assert.That(Program.IsOutOfMemory(new AggregateException(new OutOfMemoryException(), new AggregateException(new OutOfMemoryException()))), Is.True);

    [Test]
    public void IsOutOfMemory_ParallelWorkWithAnotherFailureToo_IsNot() =>
        Assert.That(Program.IsOutOfMemory(new AggregateException(new OutOfMemoryException(), new InvalidOperationException())), Is.False);

    [Test]
    public void IsOutOfMemory_WrappedByReflection_IsOutOfMemory() =>
        Assert.That(Program.IsOutOfMemory(new TargetInvocationException(new OutOfMemoryException())), Is.True);

    [Test]
    public void IsOutOfMemory_AnotherException_IsNot() =>
        Assert.That(Program.IsOutOfMemory(new InvalidOperationException("out of memory")), Is.False);

    [TestCase("scan", ", once per thread: lower --max-file-size or --threads, or give the process more memory")]
    [TestCase("explain", ": give the process more memory")]
    public void MemoryAdvice_NamesOnlyTheOptionsTheCommandHas(string verb, string advice)
    {
        var root = Program.BuildRoot(System.IO.TextWriter.Null, System.IO.TextWriter.Null);
        Assert.That(Program.MemoryAdvice(root.Subcommands.Single(c => c.Name == verb)), Is.EqualTo(advice));
    }
}
