using System.CommandLine;

namespace NearDup.Cli;

/// <summary>The <c>neardup</c> command line.</summary>
public static class Program
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a usage error (bad option, missing folder).</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">Arguments.</param>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args)
    {
        RootCommand root = BuildRoot();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                System.Console.Error.WriteLine($"neardup: {error.Message}");
            }

            System.Console.Error.WriteLine("Try 'neardup --help'.");
            return UsageError;
        }

        return parse.Invoke();
    }

    /// <summary>Builds the command tree.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("neardup: find exact, near-duplicate, contained and spun copies of text documents.");
        root.Subcommands.Add(ScanCommand.Build());
        return root;
    }
}
