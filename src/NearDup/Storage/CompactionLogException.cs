using System;
using System.IO;

namespace NearDup.Storage;

/// <summary>A compaction took effect, but the new empty log beside its snapshot could not be written (a full disk, a
/// folder that refuses a new file).</summary>
/// <remarks>
/// The new snapshot holds every live document and is in place; the old log is still beside it, and the next open of the
/// index sets it aside as stale (its batches are in the snapshot) and writes a new one. Nothing is lost. The store that
/// compacted refuses further changes: reopen the index. Thread safety: immutable.
/// </remarks>
public sealed class CompactionLogException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Names the index directory and what failed.</param>
    /// <param name="inner">The error writing the log.</param>
    public CompactionLogException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
