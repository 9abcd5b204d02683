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

    private static (int Exit, string Error) RunWith(params string[] args)
    {
        var error = new System.IO.StringWriter();
        int exit = Program.Run(args, System.IO.TextWriter.Null, error);
        return (exit, error.ToString());
    }

    [Test]
    public void Run_AnOptionValueOfTheWrongType_IsOneLineInWordsNamingTheCommand() =>
        Assert.That(
            RunWith("scan", "folder", "--threads", "99999999999"),
            Is.EqualTo((Program.UsageError, "neardup scan: Cannot parse argument '99999999999' for option '--threads' as a whole number (at most 2147483647) (see 'neardup scan --help')" + Environment.NewLine)));

    [Test]
    public void Run_AValueNotAmongTheAllowedOnes_ListsThemOnOneLine() =>
        Assert.That(
            RunWith("scan", "folder", "--format", "xml"),
            Is.EqualTo((Program.UsageError, "neardup scan: Argument 'xml' not recognized. Must be one of: 'text', 'jsonl' (see 'neardup scan --help')" + Environment.NewLine)));

    [Test]
    public void Run_AnOptionalNumberThatIsNoNumber_IsAUsageErrorNotACrash() =>
        Assert.That(
            RunWith("index", "query", "idx", "q.txt", "--timeout", "abc"),
            Is.EqualTo((Program.UsageError, "neardup index query: Cannot parse argument 'abc' for option '--timeout' as a number (see 'neardup index query --help')" + Environment.NewLine)));

    [Test]
    public void Run_ANumberOfReplicasThatIsNoNumber_IsAUsageErrorNotACrash() =>
        Assert.That(RunWith("index", "add", "idx", "docs", "--wait-replicas", "abc").Exit, Is.EqualTo(Program.UsageError));

    [Test]
    public void Run_AMistypedCommand_NamesTheWordNotTheMissingCommand() =>
        Assert.That(RunWith("scna", "folder"), Is.EqualTo((Program.UsageError, "neardup: Unrecognized command or argument 'scna' (see 'neardup --help')" + Environment.NewLine)));

    [Test]
    public void Run_AnEmptyPath_IsAUsageErrorNamingTheArgument() =>
        Assert.That(RunWith("scan", ""), Is.EqualTo((Program.UsageError, "neardup scan: argument 2 is empty; give a path or a value." + Environment.NewLine)));

    [Test]
    public void Run_AnEmptyOptionValue_NamesTheOption() =>
        Assert.That(
            RunWith("explain", "a.txt", "b.txt", "--context", ""),
            Is.EqualTo((Program.UsageError, "neardup explain: argument 5 is empty (after --context); give a path or a value." + Environment.NewLine)));
}
