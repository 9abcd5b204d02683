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
    /// a path that is another name (a hard link) of an input gets a new file instead of overwriting the input's. A
    /// symbolic link stays a link: the file it leads to is the one replaced. A path that is no regular file (a device
    /// such as <c>/dev/null</c> or <c>/dev/stdout</c>, a named pipe, a socket) is written into, as a shell's
    /// redirection writes it, never replaced.</summary>
    /// <param name="path">The path.</param>
    /// <param name="write">Writes the content to the path it is given.</param>
    internal static void Write(string path, Action<string> write)
    {
        if (IsSpecialFile(path))
        {
            write(path);
            return;
        }

        string target = RealPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, target, overwrite: true);
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
        if (IsSpecialFile(full))
        {
            return null; // opened for writing now, a named pipe would wait for its reader; the write itself says what fails
        }

        // As Write will: a new file beside the one the path leads to (a link followed, a dangling one too), to be moved
        // over it. A folder that takes no new file is refused, whether or not the file exists.
        string target = RealPath(full);
        string probe = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
            {
            }

            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The system's reason names the probe: said of the path given instead.
            return $"'{full}' cannot be written: {e.Message.Replace(probe, target, StringComparison.Ordinal)}";
        }
    }

    /// <summary>Whether the path, its links followed, names an existing file that is neither a regular file nor a folder
    /// (a character or block device, a named pipe, a socket). Known on Linux (<c>statx</c>); elsewhere false, and such
    /// paths are written as files are.</summary>
    /// <param name="path">A path.</param>
    /// <returns>Whether it does.</returns>
    internal static bool IsSpecialFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(AtCurrentDirectory, Path.GetFullPath(path), 0, StatxType, buffer) != 0)
            {
                return false; // no such file (or the system refuses to say): it is made as a regular file
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        int type = BitConverter.ToUInt16(buffer, StatxModeOffset) & FileTypeMask;
        return type is not (RegularFile or Folder);
    }

    // struct statx (linux/stat.h): 256 bytes, the same layout on every architecture; stx_mode is the u16 at byte 28.
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;
    private const int AtCurrentDirectory = -100; // AT_FDCWD: a relative path from the working folder (ours are full)
    private const uint StatxType = 0x1; // STATX_TYPE
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFile = 0x8000; // S_IFREG
    private const int Folder = 0x4000; // S_IFDIR

    // Classic P/Invoke (runtime marshalling), so that the command line needs no unsafe code for one call.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
