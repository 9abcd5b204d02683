using System;
using System.CommandLine;
using System.Linq;
using NearDup.Cli.Index;

namespace NearDup.Cli;

/// <summary>The <c>neardup</c> command line.</summary>
public static class Program
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a failure that is not the user's command line: an unreadable input, a damaged index, a full disk.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for a usage error (bad option, missing folder).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of <c>scan</c>, <c>dedup</c> and <c>index query</c> given <c>--fail-on-copy</c> when copies were found (for CI gates).</summary>
    public const int CopiesFound = 3;

    /// <summary>The <c>--fail-on-copy</c> option.</summary>
    /// <returns>The option.</returns>
    internal static System.CommandLine.Option<bool> FailOnCopyOption() => new("--fail-on-copy")
    {
        Description = $"Exit with code {CopiesFound} when any copy is found (after writing the output as usual), for a CI gate.",
    };

    /// <summary>Runs the command line.</summary>
    /// <param name="args">Arguments.</param>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args)
    {
        // Standard input is read as strict UTF-8, a line at a time, as files are (the console's reader would replace
        // invalid bytes silently).
        using var stdin = new Inputs.StrictLineReader(System.Console.OpenStandardInput());
        System.Console.SetIn(stdin);
        return Run(args, System.Console.Out, System.Console.Error);
    }

    /// <summary>Runs the command line with the given output and error writers (what tests call).</summary>
    /// <param name="args">Arguments.</param>
    /// <param name="output">Receives the results.</param>
    /// <param name="error">Receives errors, skipped files, progress and the summary.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, System.IO.TextWriter output, System.IO.TextWriter error)
    {
        System.ArgumentNullException.ThrowIfNull(args);
        System.ArgumentNullException.ThrowIfNull(output);
        System.ArgumentNullException.ThrowIfNull(error);
        RootCommand root = BuildRoot(output, error);
        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (InvalidOperationException e)
        {
            // A validator that read a value the parser could not convert: the value is what is wrong.
            error.WriteLine($"neardup: {UsageMessage(e.Message)} (see 'neardup --help')");
            return UsageError;
        }

        string command = CommandPath(parse);
        if (parse.Errors.Count > 0)
        {
            // One line, as every other usage error: the first problem, in words rather than .NET type names, and where
            // the help is.
            // A mistyped command also leaves the required one missing: the unrecognised word says more.
            string first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))?.Message ?? parse.Errors[0].Message;
            error.WriteLine($"{command}: {UsageMessage(first)} (see '{command} --help')");
            return UsageError;
        }

        // An empty argument is never a path or a value any option takes (the system's path functions refuse it with an
        // exception, which must not read as a bug).
        if (Array.IndexOf(args, string.Empty) is >= 0 and int empty)
        {
            string after = empty > 0 && args[empty - 1].StartsWith('-') ? $" (after {args[empty - 1]})" : string.Empty;
            error.WriteLine($"{command}: argument {empty + 1} is empty{after}; give a path or a value.");
            return UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            error.WriteLine($"{command}: out of memory. Analysing a text takes about {Inputs.TextInputs.MemoryPerByte} times its size{MemoryAdvice(parse.CommandResult.Command)}.");
            return Failure;
        }
        catch (Exception e) when (Is<InsufficientExecutionStackException>(e))
        {
            error.WriteLine($"{command}: an input is nested too deeply to process (the thread's stack ran out).");
            return Failure;
        }
        catch (Exception e) when (Is<OperationCanceledException>(e))
        {
            error.WriteLine($"{command}: cancelled.");
            return Failure;
        }
        catch (Exception e) when (Is<System.IO.IOException>(e) || Is<UnauthorizedAccessException>(e))
        {
            // Reading or writing failed where no verb put it in context (its results to a full disk, a file refused
            // mid-run): the system's reason, not a bug of neardup's.
            error.WriteLine($"{command}: {Innermost(e).Message}");
            return Failure;
        }
        catch (Exception e)
        {
            error.WriteLine($"{command}: internal error ({e.GetType().Name}: {e.Message}). This is a bug in neardup; please report it with the command that caused it.");
            return Failure;
        }
    }

    /// <summary>A parse error of System.CommandLine as one line in words: the lines of a list of allowed values joined,
    /// and .NET type names said as what they take ("a whole number" for <c>System.Int32</c>).</summary>
    /// <param name="message">The parser's message.</param>
    /// <returns>The message to print.</returns>
    internal static string UsageMessage(string message)
    {
        // The allowed values are listed one per line, each quoted: joined with commas.
        int list = message.IndexOf("Must be one of:", StringComparison.Ordinal);
        string oneLine = list < 0
            ? string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            : string.Join(' ', message[..list].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " Must be one of: "
                + string.Join(", ", message[(list + "Must be one of:".Length)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        oneLine = System.Text.RegularExpressions.Regex.Replace(oneLine, @"as expected type '([^']+)'", m => Unwrapped(m.Groups[1].Value) switch
        {
            "System.Int32" => "as a whole number (at most 2147483647)",
            "System.Int64" => "as a whole number (at most 9223372036854775807)",
            "System.UInt32" or "System.UInt64" => "as a whole number of 0 or more",
            "System.Double" or "System.Single" => "as a number",
            "System.IO.FileInfo" => "as a file path",
            "System.IO.DirectoryInfo" => "as a folder path",
            "System.Boolean" => "as true or false",
            _ => "as a value of that option",
        });
        return oneLine.TrimEnd('.');

        // An optional value's type is System.Nullable`1[T]: said as T.
        static string Unwrapped(string type) =>
            type.StartsWith("System.Nullable`1[", StringComparison.Ordinal) && type.EndsWith(']') ? type["System.Nullable`1[".Length..^1] : type;
    }

    /// <summary>What a user of <paramref name="command"/> can do about running out of memory: the options it has that
    /// lower what it holds at once.</summary>
    /// <param name="command">The command that ran.</param>
    /// <returns>The advice, starting with a comma, or what applies to every command.</returns>
    internal static string MemoryAdvice(Command command)
    {
        string[] levers = [.. new[] { "--max-file-size", "--threads" }.Where(name => command.Options.Any(o => o.Name == name))];
        string perThread = levers.Contains("--threads") ? ", once per thread" : string.Empty;
        return levers.Length == 0
            ? $"{perThread}: give the process more memory"
            : $"{perThread}: lower {string.Join(" or ", levers)}, or give the process more memory";
    }

    /// <summary>"neardup" and the names of the command the user ran, for messages.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new System.Collections.Generic.List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "neardup" : result.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>Whether the exception is, or wraps only, running out of memory (parallel analysis wraps it in an
    /// <see cref="AggregateException"/>, reflection in a <see cref="System.Reflection.TargetInvocationException"/>).</summary>
    /// <param name="e">The exception.</param>
    /// <returns>Whether it is out of memory.</returns>
    internal static bool IsOutOfMemory(Exception e) => Is<OutOfMemoryException>(e);

    /// <summary>The first exception an aggregate or a reflection call wraps, or the exception itself.</summary>
    private static Exception Innermost(Exception e) => e switch
    {
        AggregateException a when a.Flatten().InnerExceptions is { Count: > 0 } inner => Innermost(inner[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Innermost(inner),
        _ => e,
    };

    /// <summary>Whether the exception is a <typeparamref name="T"/>, or wraps only such exceptions.</summary>
    private static bool Is<T>(Exception e)
        where T : Exception => e switch
        {
            T => true,
            AggregateException a => a.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(Is<T>),
            System.Reflection.TargetInvocationException { InnerException: { } inner } => Is<T>(inner),
            _ => false,
        };

    /// <summary>Builds the command tree.</summary>
    /// <param name="output">Receives the results.</param>
    /// <param name="error">Receives errors and progress.</param>
    /// <returns>The root command.</returns>
    public static RootCommand BuildRoot(System.IO.TextWriter output, System.IO.TextWriter error)
    {
        var root = new RootCommand("neardup: find exact, near-duplicate, contained and spun copies of text documents.");
        root.Subcommands.Add(ScanCommand.Build(output, error));
        root.Subcommands.Add(DedupCommand.Build(output, error));
        root.Subcommands.Add(ExplainCommand.Build(output, error));
        root.Subcommands.Add(IndexCommand.Build(output, error));
        root.Subcommands.Add(BoilerplateCommand.Build(output, error));
        return root;
    }
}
