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

    /// <summary>An output whose every write fails as a full disk does.</summary>
    private sealed class FullDisk : System.IO.TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw new System.IO.IOException("No space left on device");
    }

    [Test]
    public void Run_ResultsToAFullDisk_SaysSoWithoutCallingItABug()
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "neardup-fulldisk-" + System.Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            System.IO.File.WriteAllText(System.IO.Path.Combine(folder, "a.txt"), NearDup.Tests.Support.TestTexts.Lighthouse);
            System.IO.File.WriteAllText(System.IO.Path.Combine(folder, "b.txt"), NearDup.Tests.Support.TestTexts.Lighthouse);
            var error = new System.IO.StringWriter();
            int exit = Program.Run(["scan", folder, "-q"], new FullDisk(), error);
            Assert.That((exit, error.ToString().Trim()), Is.EqualTo((Program.Failure, "neardup scan: No space left on device")));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
