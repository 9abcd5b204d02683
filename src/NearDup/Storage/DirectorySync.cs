using System;
using System.IO;
using System.Runtime.InteropServices;

namespace NearDup.Storage;

/// <summary>Makes the entries of a folder durable: after a file is renamed into place, the rename itself survives a power
/// cut only once the folder is flushed (fsync on the folder, POSIX).</summary>
/// <remarks>On Linux, macOS and FreeBSD the folder is opened read-only and fsynced; a file system that cannot fsync a
/// folder (EINVAL) is taken as having nothing to flush. Elsewhere (Windows, where a rename is journaled by NTFS itself)
/// it does nothing. Thread safety: stateless.</remarks>
internal static class DirectorySync
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22; // EINVAL

    /// <summary>Flushes the entries of <paramref name="directory"/> to disk.</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="IOException">The folder cannot be opened or flushed; the message names it and the error number.</exception>
    public static void Flush(string directory)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return;
        }

        int fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"{directory}: cannot open the folder to flush its entries to disk (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is int errno && errno != InvalidArgument)
            {
                throw new IOException($"{directory}: flushing the folder's entries to disk failed (errno {errno}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // Classic P/Invoke (runtime marshalling), so that the library needs no unsafe code for three calls.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
