using System;
using System.IO;
using NearDup.Cli;

namespace NearDup.Tests.Support;

/// <summary>Runs the command line in process, capturing what it writes.</summary>
internal static class CliRun
{
    /// <summary>Runs <c>neardup</c> with <paramref name="args"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code, standard output and standard error.</returns>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>neardup</c> with <paramref name="stdin"/> as standard input (<see cref="Console.In"/>, restored
    /// afterwards): a test that calls it replaces a process-wide reader, so it must be <c>[NonParallelizable]</c>.</summary>
    /// <param name="stdin">What standard input holds.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code, standard output and standard error.</returns>
    public static (int Exit, string Out, string Err) RunWithStdin(string stdin, params string[] args)
    {
        TextReader saved = Console.In;
        Console.SetIn(new StringReader(stdin));
        try
        {
            return Run(args);
        }
        finally
        {
            Console.SetIn(saved);
        }
    }

    /// <summary>The non-empty lines of <paramref name="text"/>, trimmed.</summary>
    /// <param name="text">Output.</param>
    /// <returns>The lines.</returns>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
