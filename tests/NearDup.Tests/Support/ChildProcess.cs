using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace NearDup.Tests.Support;

/// <summary>
/// Runs a program to its end and returns what it printed, bounded in time: a hung child (a browser, a scan that never
/// ends) fails its test instead of hanging the test run.
/// </summary>
/// <remarks>
/// Both output streams are read asynchronously from the start, so a child that fills one pipe while the test waits
/// on the other cannot deadlock; standard input is closed at once, so a child that reads it sees its end rather than
/// waiting on the test host's. On timeout the whole process tree is killed (a browser's renderer and helpers too).
/// Thread safety: safe to call concurrently; each call owns its process.
/// </remarks>
internal static class ChildProcess
{
    /// <summary>How long, after the child exited or was killed, its pipes may take to close.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits at most
    /// <paramref name="timeout"/> for it to exit.</summary>
    /// <param name="fileName">The program: a path, or a name looked up on PATH.</param>
    /// <param name="arguments">Its arguments, each passed as it is (no shell quoting).</param>
    /// <param name="environment">Variables to set on top of this process's environment; a <see langword="null"/>
    /// value removes the variable. <see langword="null"/> for none.</param>
    /// <param name="timeout">How long it may run.</param>
    /// <param name="workingDirectory">Where it runs; <see langword="null"/> for this process's current folder.</param>
    /// <returns>Its exit code, standard output and standard error.</returns>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (it and every process it
    /// started have been killed), or it exited but a process it left behind kept its output open; the message holds the
    /// command and what it printed.</exception>
    public static (int ExitCode, string Out, string Err) Run(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment,
        TimeSpan timeout,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        string command = string.Join(' ', [fileName, .. start.ArgumentList]);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(Grace);
            throw new TimeoutException($"{command} did not finish within {timeout.TotalSeconds} s; it and its children were killed.\n{Printed(output, error, Grace)}");
        }

        // The child has exited, but a process it started may still hold the pipes: wait for their end, not forever.
        if (!Task.WaitAll([output, error], Grace))
        {
            throw new TimeoutException($"{command} exited with {process.ExitCode}, but its output was still open {Grace.TotalSeconds} s later: a process it started holds it.\n{Printed(output, error, TimeSpan.Zero)}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>What the child printed, for a message: each stream whose pipe closes within <paramref name="wait"/>, else
    /// a note that it is still open.</summary>
    private static string Printed(Task<string> output, Task<string> error, TimeSpan wait)
    {
        Task.WaitAll([Task.WhenAny(output, Task.Delay(wait)), Task.WhenAny(error, Task.Delay(wait))]);
        return $"stdout:\n{Text(output)}\nstderr:\n{Text(error)}";

        static string Text(Task<string> stream) => stream.IsCompletedSuccessfully ? stream.Result : "(still open)";
    }
}
