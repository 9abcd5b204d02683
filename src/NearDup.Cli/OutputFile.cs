using System;
using System.Collections.Generic;
using System.IO;

namespace NearDup.Cli;

/// <summary>Checks, before any work, a file the command line is asked to write (<c>dedup --keep-list</c>,
/// <c>--drop-list</c>, <c>explain --html</c>): a run that has read and compared everything must not end by failing to
/// write, or by overwriting what it read.</summary>
/// <remarks>Thread safety: stateless.</remarks>
internal static class OutputFile
{
    /// <summary>Why <paramref name="path"/> cannot take the file, or null.</summary>
    /// <param name="path">The path given.</param>
    /// <param name="inputs">The files the command reads (a dataset, the two files compared): none may be written over.</param>
    /// <param name="inputFolder">The folder the command reads, or null: nothing inside it may be written (it would
    /// overwrite a document, or be read by the next run).</param>
    /// <returns>The reason, naming the path, or null when it can be written.</returns>
    internal static string? Problem(string path, IEnumerable<string> inputs, string? inputFolder)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"'{full}' is a folder; give a file.";
        }

        if (Path.GetDirectoryName(full) is { } parent && !Directory.Exists(parent))
        {
            return $"'{full}': its folder '{parent}' does not exist.";
        }

        foreach (string input in inputs)
        {
            if (SameFile(full, input))
            {
                return $"'{full}' is an input of this run; writing it would overwrite it.";
            }
        }

        if (inputFolder is not null && IsInside(full, inputFolder))
        {
            return $"'{full}' is inside the folder being read; write it outside the folder.";
        }

        return CannotWrite(full);
    }

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="folder"/> (at any depth).</summary>
    /// <param name="path">A path.</param>
    /// <param name="folder">A folder.</param>
    /// <returns>Whether it does.</returns>
    internal static bool IsInside(string path, string folder)
    {
        string prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Whether two paths name one file: the same full path, or, when both exist, the same file behind their
    /// links.</summary>
    /// <param name="a">A path.</param>
    /// <param name="b">Another.</param>
    /// <returns>Whether they do.</returns>
    internal static bool SameFile(string a, string b)
    {
        string fullA = Path.GetFullPath(a), fullB = Path.GetFullPath(b);
        return fullA == fullB || (File.Exists(fullA) && File.Exists(fullB) && Resolved(fullA) == Resolved(fullB));
    }

    private static string Resolved(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    /// <summary>Opens the file for writing without changing it (a new one is made and removed again), so that a path
    /// the system refuses is found before the run.</summary>
    private static string? CannotWrite(string full)
    {
        bool existed = File.Exists(full);
        try
        {
            using (new FileStream(full, existed ? FileMode.Open : FileMode.CreateNew, FileAccess.Write))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{full}' cannot be written: {e.Message}";
        }
    }
}
