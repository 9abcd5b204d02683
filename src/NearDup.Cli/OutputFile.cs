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

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="folder"/> (at any depth), links resolved.</summary>
    /// <param name="path">A path.</param>
    /// <param name="folder">A folder.</param>
    /// <returns>Whether it does.</returns>
    internal static bool IsInside(string path, string folder)
    {
        string prefix = Path.TrimEndingDirectorySeparator(RealPath(folder)) + Path.DirectorySeparatorChar;
        return RealPath(path).StartsWith(prefix, PathComparison);
    }

    /// <summary>Whether two paths name one file: the same path once every link along each is resolved. (Two hard links
    /// of one file are two names: <see cref="Write"/> replaces a name, never the file behind it.)</summary>
    /// <param name="a">A path.</param>
    /// <param name="b">Another.</param>
    /// <returns>Whether they do.</returns>
    internal static bool SameFile(string a, string b) => string.Equals(RealPath(a), RealPath(b), PathComparison);

    /// <summary>How the file system compares names: without case on Windows and macOS (by default), with it elsewhere.</summary>
    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The full path with every link along it resolved (a folder link in the middle too); the part that does
    /// not exist yet kept as written.</summary>
    /// <param name="path">A path.</param>
    /// <returns>The resolved path, or the full path when a link cannot be resolved (a loop).</returns>
    internal static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            string root = Path.GetPathRoot(full) ?? string.Empty, current = root;
            foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                current = Path.Combine(current, part);
                var info = new FileInfo(current);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    current = target.FullName == current ? current : RealPath(target.FullName);
                }
            }

            return current;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return full;
        }
    }

    /// <summary>Writes a file through a new file beside it moved over the path: a failed write leaves no part of one, and
    /// a path that is another name (a hard link) of an input gets a new file instead of overwriting the input's.</summary>
    /// <param name="path">The path.</param>
    /// <param name="write">Writes the content to the path it is given.</param>
    internal static void Write(string path, Action<string> write)
    {
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

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
