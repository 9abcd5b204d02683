using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;

namespace NearDup.Storage;

/// <summary>
/// The last batch a writer acknowledged, kept in <c>index.lock</c> beside the files, so that a log that lost batches at
/// a record boundary (cut there, or replaced by an older copy) is detected: the log's last batch must be at least the
/// acknowledged one.
/// </summary>
/// <remarks>
/// <para>
/// Layout, 32 bytes at the start of <c>index.lock</c>: magic <c>"NDUPACK1"</c>; u64 snapshot generation; u64 sequence
/// number of the last acknowledged batch; u64 XxHash64 of the preceding 24 bytes. An empty lock file (an index made by
/// a build before the mark, or a lock file lost in a copy) or one whose checksum fails carries no mark, and nothing is
/// checked against it.
/// </para>
/// <para>
/// The writer updates it after each batch's log record is flushed to disk, without flushing it in turn: a process crash
/// keeps it (the operating system has the write), and after a power cut it can only be behind the log, never ahead of
/// it, since it is written after the log's flush returned. So a mark ahead of the log is always a log that lost
/// acknowledged batches. Thread safety: stateless.
/// </para>
/// </remarks>
internal static class AcknowledgedMark
{
    /// <summary>Bytes the mark takes.</summary>
    public const int Size = 32;

    private static ReadOnlySpan<byte> Magic => "NDUPACK1"u8;

    /// <summary>Writes the mark at the start of the lock file (not flushed to disk; see the class remarks).</summary>
    /// <param name="lockFile">The lock file, open for writing.</param>
    /// <param name="generation">The snapshot generation.</param>
    /// <param name="sequence">The last acknowledged batch.</param>
    public static void Write(FileStream lockFile, ulong generation, ulong sequence)
    {
        Span<byte> mark = stackalloc byte[Size];
        Magic.CopyTo(mark);
        BinaryPrimitives.WriteUInt64LittleEndian(mark[8..], generation);
        BinaryPrimitives.WriteUInt64LittleEndian(mark[16..], sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(mark[24..], XxHash64.HashToUInt64(mark[..24]));
        lockFile.Position = 0;
        lockFile.Write(mark);
        lockFile.Flush(flushToDisk: false);
    }

    /// <summary>Reads the mark, if the lock file holds a sound one.</summary>
    /// <param name="lockFile">The lock file, open for reading.</param>
    /// <returns>(generation, sequence), or null when there is no sound mark.</returns>
    public static (ulong Generation, ulong Sequence)? Read(FileStream lockFile)
    {
        Span<byte> mark = stackalloc byte[Size];
        lockFile.Position = 0;
        if (lockFile.ReadAtLeast(mark, Size, throwOnEndOfStream: false) < Size
            || !mark[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt64LittleEndian(mark[24..]) != XxHash64.HashToUInt64(mark[..24]))
        {
            return null;
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(mark[8..]), BinaryPrimitives.ReadUInt64LittleEndian(mark[16..]));
    }

    /// <summary>The error for a log that ends before the acknowledged batch, or null when it does not.</summary>
    /// <param name="logPath">The log, for the message.</param>
    /// <param name="lastInFiles">The last batch the snapshot and the log hold.</param>
    /// <param name="mark">The mark, if any.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Missing(string logPath, ulong lastInFiles, (ulong Generation, ulong Sequence)? mark) =>
        mark is { } m && m.Sequence > lastInFiles
            ? $"{logPath}: the files end at batch {lastInFiles}, but batch {m.Sequence} was acknowledged ({StoreFormat.LockFileName}): batches {lastInFiles + 1} to {m.Sequence} are missing (the log was cut at a batch boundary or replaced by an older copy); restore it, or, to accept the files as they are (an older backup put back on purpose), delete {StoreFormat.LockFileName} while no process has the index open"
            : null;
}
