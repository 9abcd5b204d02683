using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;

namespace NearDup.Storage;

/// <summary>
/// The last batch a writer acknowledged, kept in <c>index.lock</c> beside the files, so that files that lost batches
/// (a log cut at a record boundary, an older copy of the log) or that are not the ones acknowledged (a log or snapshot
/// from another index, or from a copy of this one that went its own way) are detected.
/// </summary>
/// <remarks>
/// <para>
/// Layout of format 2, 56 bytes at the start of <c>index.lock</c>: magic <c>"NDUPACK2"</c>; the index identity, 16
/// bytes; u64 snapshot generation; u64 sequence number of the last acknowledged batch; u64 anchor, the history checksum
/// up to that batch (<see cref="StoreFormat.Chain"/>: the snapshot's DOCS checksum, chained with the checksum of every
/// log record since, so the snapshot's DOCS checksum itself when the batch is the snapshot's last); u64 XxHash64 of the
/// preceding 48 bytes. Format 1 (32 bytes, magic <c>"NDUPACK1"</c>, written by earlier builds) holds the generation and
/// the sequence only. An empty lock file (an index made by a build before the mark, or a lock file lost in a copy) carries
/// no mark, and nothing is checked against it. One that holds bytes that are no sound mark (a flipped byte, other data)
/// is damage: an open refuses the index, naming the file, since the check the mark is for cannot be made, and a repair
/// writes a new mark for the files as they are. The mark is 56 bytes at the start of the file, written with one write and
/// not flushed: a device writes such a sector whole, but a file system that does not keep that promise (ext4 mounted
/// <c>data=writeback</c>, for one) may leave it torn by a power cut, and the index then needs a repair to open.
/// </para>
/// <para>
/// The writer updates it after each batch's log record is flushed to disk, and after each compaction, without flushing
/// it in turn: a process crash keeps it (the operating system has the write), and after a power cut it can only be
/// behind the files, never ahead of them, since it is written after their flush returned. So a mark ahead of the files
/// is always files that lost acknowledged batches, and a mark whose batch the files hold with another checksum is always
/// files that are not the ones acknowledged. Thread safety: stateless.
/// </para>
/// </remarks>
internal static class AcknowledgedMark
{
    /// <summary>Bytes the mark takes (format 2).</summary>
    public const int Size = 56;

    private const int SizeV1 = 32;

    private static ReadOnlySpan<byte> Magic => "NDUPACK2"u8;

    private static ReadOnlySpan<byte> MagicV1 => "NDUPACK1"u8;

    /// <summary>Writes the mark at the start of the lock file (not flushed to disk; see the class remarks).</summary>
    /// <param name="lockFile">The lock file, open for writing.</param>
    /// <param name="mark">The mark.</param>
    public static void Write(FileStream lockFile, Mark mark)
    {
        Span<byte> bytes = stackalloc byte[Size];
        Magic.CopyTo(bytes);
        mark.Identity.TryWriteBytes(bytes[8..24]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], mark.Generation);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[32..], mark.Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[40..], mark.Anchor ?? 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[48..], XxHash64.HashToUInt64(bytes[..48]));
        lockFile.Position = 0;
        lockFile.Write(bytes);
        lockFile.Flush(flushToDisk: false);
    }

    /// <summary>Reads the mark, if the lock file holds a sound one.</summary>
    /// <param name="lockFile">The lock file, open for reading.</param>
    /// <returns>The mark, or null when there is none.</returns>
    public static Mark? Read(FileStream lockFile)
    {
        Span<byte> bytes = stackalloc byte[Size];
        lockFile.Position = 0;
        int read = lockFile.ReadAtLeast(bytes, Size, throwOnEndOfStream: false);
        if (read >= Size && bytes[..8].SequenceEqual(Magic)
            && BinaryPrimitives.ReadUInt64LittleEndian(bytes[48..]) == XxHash64.HashToUInt64(bytes[..48]))
        {
            return new Mark(
                new Guid(bytes[8..24]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[40..]));
        }

        if (read >= SizeV1 && bytes[..8].SequenceEqual(MagicV1)
            && BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]) == XxHash64.HashToUInt64(bytes[..24]))
        {
            return new Mark(Guid.Empty, BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), null);
        }

        return null;
    }

    /// <summary>What to do about a <see cref="Problem"/>.</summary>
    public const string Advice = "restore the files from a backup, or, to accept them as they are (an older backup put back on purpose), repair the index (`neardup index repair`), which says what it drops";

    /// <summary>What is wrong with files that should hold everything <paramref name="mark"/> acknowledged, or null.</summary>
    /// <param name="directory">The index directory, for the message.</param>
    /// <param name="snapshot">The snapshot's header and DOCS checksum.</param>
    /// <param name="log">The log replayed on the snapshot (read with the mark's sequence as anchor), or null when the log
    /// is a stale one a compaction left, whose batches are in the snapshot.</param>
    /// <param name="mark">The mark, if any.</param>
    /// <returns>The problem, or null. <see cref="Advice"/> says what to do about it.</returns>
    public static string? Problem(string directory, SnapshotContents snapshot, LogScan? log, Mark? mark)
    {
        if (mark is not { } m)
        {
            return null;
        }

        string lockFile = Path.Combine(directory, StoreFormat.LockFileName);
        if (m.Identity != Guid.Empty && snapshot.Identity != Guid.Empty && m.Identity != snapshot.Identity)
        {
            return $"{lockFile}: the index acknowledged batches as index {StoreFormat.Describe(m.Identity)}, but {StoreFormat.SnapshotFileName} belongs to index {StoreFormat.Describe(snapshot.Identity)}: the files were replaced by another index's";
        }

        ulong last = snapshot.LastSequence + (ulong)(log?.Batches ?? 0);
        if (m.Sequence > last)
        {
            return $"{Path.Combine(directory, StoreFormat.LogFileName)}: the files end at batch {last}, but batch {m.Sequence} was acknowledged ({StoreFormat.LockFileName}): batches {last + 1} to {m.Sequence} are missing (the log was cut at a batch boundary or replaced by an older copy)";
        }

        if (m.Anchor is not { } anchor || m.Generation != snapshot.Generation)
        {
            return null; // a compaction since (or before) the mark: nothing to compare the batch with
        }

        ulong? found = m.Sequence == snapshot.LastSequence ? snapshot.DocumentsChecksum
            : log?.AnchorChecksum;
        if (found is { } f && f != anchor)
        {
            string where = m.Sequence == snapshot.LastSequence
                ? $"{StoreFormat.SnapshotFileName}, whose last batch is {m.Sequence}, holds other documents (DOCS checksum {f:X16})"
                : $"the history up to batch {m.Sequence} in {StoreFormat.LogFileName} has checksum {f:X16}";
            return $"{lockFile}: batch {m.Sequence} was acknowledged with history checksum {anchor:X16}, but {where}: the files are not the ones acknowledged (a copy from another index with the same history, or an older backup)";
        }

        return null;
    }
}

/// <summary>An acknowledged mark (see <see cref="AcknowledgedMark"/>).</summary>
/// <param name="Identity">The index identity; empty in a format 1 mark, or for an index made before identities.</param>
/// <param name="Generation">The snapshot generation when the mark was written.</param>
/// <param name="Sequence">The last acknowledged batch.</param>
/// <param name="Anchor">The history checksum up to that batch (see <see cref="AcknowledgedMark"/>); null in a format 1
/// mark.</param>
internal readonly record struct Mark(Guid Identity, ulong Generation, ulong Sequence, ulong? Anchor);
