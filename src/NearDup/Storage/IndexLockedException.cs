using System;
using System.IO;

namespace NearDup.Storage;

/// <summary>An index directory is already open in another writer: its <c>index.lock</c> file is held.</summary>
/// <remarks>
/// Thrown after half a second of trying rather than waiting for the lock (a reader holds the file for a moment; a writer
/// for its life), so a second process (or a second store in the same process) learns that the index is busy instead of
/// blocking or, worse, interleaving its writes with the first. The lock is released when the
/// owning store is disposed or its process ends (the operating system drops the lock with the file handle).
/// Thread safety: immutable.
/// </remarks>
public sealed class IndexLockedException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Names the index directory and the lock file.</param>
    public IndexLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the I/O error that reported the lock.</summary>
    /// <param name="message">Names the index directory and the lock file.</param>
    /// <param name="inner">The error the operating system reported.</param>
    public IndexLockedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
