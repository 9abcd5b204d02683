using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Threading;
using NearDup.Storage.Codecs;

namespace NearDup.Storage;

/// <summary>One decoded log operation.</summary>
/// <param name="Kind">Add or remove.</param>
/// <param name="Id">The document id.</param>
/// <param name="Payload">For an add, the payload: a slice of a record buffer that the reader reuses for the next batch,
/// so it is valid only until the batch handler returns.</param>
/// <param name="PayloadOffset">For an add, where the payload starts in the file, to read it again later.</param>
internal readonly record struct LogOperation(StoreOperationKind Kind, string Id, ReadOnlyMemory<byte> Payload, long PayloadOffset);

/// <summary>What scanning a log found.</summary>
/// <param name="Generation">Snapshot generation the log belongs to.</param>
/// <param name="BaseSequence">Sequence number of the last batch in that snapshot; records continue from it.</param>
/// <param name="Batches">Valid batches read.</param>
/// <param name="ValidEnd">Offset just past the last valid batch.</param>
/// <param name="FileLength">Length of the file.</param>
/// <param name="TornReason">Why the bytes from <paramref name="ValidEnd"/> on are an interrupted write, or null.</param>
internal sealed record LogScan(ulong Generation, ulong BaseSequence, long Batches, long ValidEnd, long FileLength, string? TornReason)
{
    /// <summary>The index identity in the header; <see cref="Guid.Empty"/> for a format 1 log, which has none.</summary>
    public Guid Identity { get; init; }

    /// <summary>The DOCS checksum of the snapshot the log was started on (format 2; 0 in format 1).</summary>
    public ulong SnapshotChecksum { get; init; }

    /// <summary>The history checksum (<see cref="StoreFormat.Chain"/>) up to the batch whose sequence number was asked
    /// for, when the log holds it complete.</summary>
    public ulong? AnchorChecksum { get; init; }

    /// <summary>The history checksum up to the last complete batch read, or null when there is none.</summary>
    public ulong? LastChecksum { get; init; }

    /// <summary>In a tolerant read (for a repair), why the bytes from <see cref="ValidEnd"/> on are damaged; null when
    /// they are not.</summary>
    public string? DamageReason { get; init; }

    public ulong LastSequence => BaseSequence + (ulong)Batches;

    public long TornBytes => FileLength - ValidEnd;
}

/// <summary>Reads, appends to and resets <c>wal.ndlog</c> (format described on <see cref="DirectoryIndexStore"/>).</summary>
internal static class WriteAheadLog
{
    /// <summary>Reads the header and, unless <paramref name="headerOnly"/>, every record, handing each batch to
    /// <paramref name="onBatch"/> with its sequence number, its operations and the offset just past it.</summary>
    /// <remarks>
    /// <para>
    /// One record is in memory at a time, in a buffer reused for the next one: the payloads handed to
    /// <paramref name="onBatch"/> are valid only during its call (<see cref="LogOperation.PayloadOffset"/> says where to
    /// read them again).
    /// </para>
    /// <para>
    /// An incomplete record at the end of the file, or a zero-filled tail, is the trace of a crash in the middle of an
    /// append (each commit is one write followed by an fsync, so its batch was never acknowledged) and is reported as
    /// torn rather than thrown. A complete last record whose checksum fails is torn only when part of it is still
    /// zeros (a 512-byte sector, or its checksum), as a file system leaves an extended file whose data had not all
    /// landed; with no such hole it is damage to an acknowledged batch (a flipped bit) and throws, naming the offset. A
    /// bad record followed by more bytes, a record header whose own checksum fails over non-zero bytes, or a sequence
    /// gap is corruption and throws.
    /// </para>
    /// <para>
    /// <paramref name="anchorSequence"/> names a batch whose history checksum to report (<see cref="LogScan.AnchorChecksum"/>;
    /// 0 for none): the chain (<see cref="StoreFormat.Chain"/>) from <paramref name="chainStart"/>, the snapshot's DOCS
    /// checksum, through the checksum of every record up to that batch. A <paramref name="tolerant"/> read, for a repair, throws for no damage to a batch: it stops at the
    /// first damaged one and says why in <see cref="LogScan.DamageReason"/>.
    /// </para>
    /// </remarks>
    public static LogScan Read(string path, bool headerOnly, Action<ulong, List<LogOperation>, long>? onBatch, CancellationToken cancellationToken, ulong anchorSequence = 0, bool tolerant = false, ulong chainStart = 0)
    {
        using var reader = new FormatReader(path);
        Span<byte> header = stackalloc byte[StoreFormat.LogHeaderSize];
        ushort version = reader.ReadHeader(header, StoreFormat.LogMagic, "write-ahead log", StoreFormat.LogVersion, StoreFormat.LogHeaderSizeOf);

        ulong generation = BinaryPrimitives.ReadUInt64LittleEndian(header[12..]);
        ulong baseSequence = BinaryPrimitives.ReadUInt64LittleEndian(header[20..]);
        Guid identity = Guid.Empty;
        ulong snapshotChecksum = 0;
        if (version >= 2)
        {
            identity = new Guid(header.Slice(28, StoreFormat.IdentitySize));
            snapshotChecksum = BinaryPrimitives.ReadUInt64LittleEndian(header[44..]);
            if (identity == Guid.Empty)
            {
                throw reader.Error("the header at offset 28 holds the empty index identity");
            }
        }

        ulong? anchor = null;
        ulong? last = null;
        ulong chain = chainStart;
        if (headerOnly)
        {
            return Scan(0, reader.Position, null);
        }

        long batches = 0;
        byte[] buffer = Array.Empty<byte>();
        Span<byte> recordHeader = stackalloc byte[StoreFormat.RecordHeaderSize];
        while (reader.Remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long offset = reader.Position;
            try
            {
                long remaining = reader.Remaining;
                if (remaining < StoreFormat.RecordHeaderSize)
                {
                    return Torn(offset, $"an incomplete batch header of {remaining} bytes at offset {offset}");
                }

                SpanReader fields = reader.ReadFields(recordHeader, "batch header");
                uint bodyLength = fields.U32("body length");
                ulong sequence = fields.U64("sequence number");
                uint headerChecksum = fields.U32("header checksum");
                fields.End();
                if (XxHash32.HashToUInt32(recordHeader[..12]) != headerChecksum)
                {
                    // Some file systems extend the file before the data lands, leaving zeros after a power cut; that is an
                    // interrupted append. Anything else with a broken header may hide acknowledged batches behind it.
                    if (recordHeader.IndexOfAnyExcept((byte)0) < 0 && RestIsZero(reader))
                    {
                        return Torn(offset, $"a zero-filled tail of {remaining} bytes at offset {offset}");
                    }

                    throw reader.Error($"batch header checksum mismatch at offset {offset}");
                }

                long recordLength = StoreFormat.RecordHeaderSize + (long)bodyLength + StoreFormat.ChecksumSize;
                if (recordLength > remaining)
                {
                    return Torn(offset, $"an incomplete batch of {remaining} bytes (of {recordLength}) at offset {offset}");
                }

                if (recordLength > Array.MaxLength)
                {
                    throw reader.Error($"batch at offset {offset} claims {recordLength} bytes, more than this build can hold");
                }

                if (buffer.Length < recordLength)
                {
                    buffer = new byte[Math.Min(Math.Max(recordLength, 2L * buffer.Length), Array.MaxLength)];
                }

                Span<byte> record = buffer.AsSpan(0, (int)recordLength);
                recordHeader.CopyTo(record);
                reader.Read(record[StoreFormat.RecordHeaderSize..], "batch");
                int checksumAt = (int)recordLength - StoreFormat.ChecksumSize;
                if (XxHash64.HashToUInt64(record[..checksumAt]) != BinaryPrimitives.ReadUInt64LittleEndian(record[checksumAt..]))
                {
                    if (reader.Remaining == 0 && HasZeroHole(record, offset))
                    {
                        return Torn(offset, $"a last batch of {recordLength} bytes at offset {offset} whose checksum does not match and whose bytes are partly zeros");
                    }

                    if (reader.Remaining == 0)
                    {
                        throw reader.Error($"batch checksum mismatch at offset {offset}: the last batch is complete ({recordLength} bytes) but damaged, so it is not an interrupted write; the index needs repair or a backup");
                    }

                    throw reader.Error($"batch checksum mismatch at offset {offset} ({reader.Remaining} bytes follow it, so this is not an interrupted write)");
                }

                ulong expected = baseSequence + (ulong)batches + 1;
                if (sequence != expected)
                {
                    throw reader.Error($"batch at offset {offset} has sequence number {sequence}, expected {expected}");
                }

                List<LogOperation> operations = ParseBody(reader, buffer, (int)recordLength, offset);
                chain = StoreFormat.Chain(chain, BinaryPrimitives.ReadUInt64LittleEndian(record[checksumAt..]));
                last = chain;
                if (sequence == anchorSequence)
                {
                    anchor = last;
                }

                onBatch?.Invoke(sequence, operations, reader.Position);
                batches++;
            }
            catch (NearDupFormatException e) when (tolerant)
            {
                return Scan(batches, offset, null) with { DamageReason = e.Message };
            }
        }

        return Scan(batches, reader.Position, null);

        LogScan Torn(long at, string reason) => Scan(batches, at, reason);

        LogScan Scan(long count, long validEnd, string? torn) =>
            new(generation, baseSequence, count, validEnd, reader.Length, torn) { Identity = identity, SnapshotChecksum = snapshotChecksum, AnchorChecksum = anchor, LastChecksum = last };
    }

    /// <summary>Whether a record holds what an interrupted append leaves: its checksum all zeros, or a whole 512-byte
    /// sector of the file (aligned to the file, not the record) all zeros inside it. A flipped bit leaves neither; a
    /// real batch's compressed text, sketches and hashes hold no such run.</summary>
    private static bool HasZeroHole(ReadOnlySpan<byte> record, long offset)
    {
        const int Sector = 512;
        if (record[^StoreFormat.ChecksumSize..].IndexOfAnyExcept((byte)0) < 0)
        {
            return true;
        }

        int first = (int)((Sector - (offset % Sector)) % Sector);
        for (int at = first; at + Sector <= record.Length; at += Sector)
        {
            if (record.Slice(at, Sector).IndexOfAnyExcept((byte)0) < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes an empty log (header only) to <paramref name="tempPath"/> and flushes it to disk; the caller moves it into place.</summary>
    /// <param name="tempPath">The file to create.</param>
    /// <param name="generation">The generation of the snapshot the log continues.</param>
    /// <param name="baseSequence">That snapshot's last batch.</param>
    /// <param name="identity">The index identity; never empty.</param>
    /// <param name="snapshotChecksum">That snapshot's DOCS checksum.</param>
    /// <returns>The header's length: where the first batch goes.</returns>
    /// <remarks>A snapshot of format 1 has no identity (<paramref name="identity"/> empty), and its log stays of format 1 until
    /// the next compaction gives the index one.</remarks>
    public static int WriteEmpty(string tempPath, ulong generation, ulong baseSequence, Guid identity, ulong snapshotChecksum)
    {
        ushort version = identity == Guid.Empty ? (ushort)1 : StoreFormat.LogVersion;
        Span<byte> header = stackalloc byte[StoreFormat.LogHeaderSizeOf(version)];
        StoreFormat.LogMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], generation);
        BinaryPrimitives.WriteUInt64LittleEndian(header[20..], baseSequence);
        if (version >= 2)
        {
            identity.TryWriteBytes(header.Slice(28, StoreFormat.IdentitySize));
            BinaryPrimitives.WriteUInt64LittleEndian(header[44..], snapshotChecksum);
        }

        int checksumAt = header.Length - StoreFormat.ChecksumSize;
        BinaryPrimitives.WriteUInt64LittleEndian(header[checksumAt..], XxHash64.HashToUInt64(header[..checksumAt]));
        using var stream = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        stream.Write(header);
        stream.Flush(flushToDisk: true);
        return header.Length;
    }

    /// <summary>Encodes one batch as a complete record, so the append is a single write, into an array from the shared
    /// pool, which the caller gives back once the record is written: a batch of a thousand documents is a record of
    /// about 7 MB, and a new one per batch was a large-object allocation (and a full collection's budget spent) each time.</summary>
    /// <returns>The pooled array; the record is its first <paramref name="recordLength"/> bytes.</returns>
    /// <exception cref="ArgumentException">The batch does not fit in one record.</exception>
    public static byte[] EncodeRecord(ulong sequence, IReadOnlyList<StoreOperation> batch, byte[][] ids, string paramName, out int recordLength)
    {
        long bodyLength = 4;
        for (int i = 0; i < batch.Count; i++)
        {
            bodyLength += 1 + 2 + ids[i].Length;
            if (batch[i].Kind == StoreOperationKind.Add)
            {
                bodyLength += 4 + batch[i].Payload.Length;
            }
        }

        long length = StoreFormat.RecordHeaderSize + bodyLength + StoreFormat.ChecksumSize;
        if (bodyLength > uint.MaxValue || length > Array.MaxLength)
        {
            throw new ArgumentException($"The batch encodes to {length} bytes, more than one log record can hold ({Array.MaxLength}); split it.", paramName);
        }

        recordLength = (int)length;
        byte[] record = ArrayPool<byte>.Shared.Rent(recordLength);
        Span<byte> span = record.AsSpan(0, recordLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)bodyLength);
        BinaryPrimitives.WriteUInt64LittleEndian(span[4..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], XxHash32.HashToUInt32(span[..12]));
        int at = StoreFormat.RecordHeaderSize;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)batch.Count);
        at += 4;
        for (int i = 0; i < batch.Count; i++)
        {
            StoreOperation op = batch[i];
            span[at] = (byte)op.Kind;
            BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 1)..], (ushort)ids[i].Length);
            at += 3;
            ids[i].CopyTo(span[at..]);
            at += ids[i].Length;
            if (op.Kind == StoreOperationKind.Add)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)op.Payload.Length);
                at += 4;
                op.Payload.Span.CopyTo(span[at..]);
                at += op.Payload.Length;
            }
        }

        BinaryPrimitives.WriteUInt64LittleEndian(span[at..], XxHash64.HashToUInt64(span[..at]));
        return record;
    }

    private static bool RestIsZero(FormatReader reader)
    {
        var buffer = new byte[(int)Math.Min(reader.Remaining, 1 << 16)];
        while (reader.Remaining > 0)
        {
            Span<byte> chunk = buffer.AsSpan(0, (int)Math.Min(reader.Remaining, buffer.Length));
            reader.Read(chunk, "tail");
            if (chunk.IndexOfAnyExcept((byte)0) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static List<LogOperation> ParseBody(FormatReader reader, byte[] record, int recordLength, long recordOffset)
    {
        // The checksum matched, so a malformed body means a writer bug, not rot; still a format error, never a crash.
        var r = new SpanReader(record.AsSpan(0, recordLength - StoreFormat.ChecksumSize), reader.Path, $"batch at offset {recordOffset}", recordOffset);
        r.Skip(StoreFormat.RecordHeaderSize, "batch header");
        uint count = r.U32("operation count");

        // Each operation needs at least 1 (kind) + 2 (id length) bytes.
        if (count > (uint)r.Remaining / 3)
        {
            throw r.Error($"claims {count} operations at offset {r.Offset}, but only {r.Remaining} bytes follow (each takes at least 3)");
        }

        var operations = new List<LogOperation>((int)count);
        for (uint i = 0; i < count; i++)
        {
            long operationAt = r.Offset;
            var kind = (StoreOperationKind)r.U8("operation kind");
            if (kind is not (StoreOperationKind.Add or StoreOperationKind.Remove))
            {
                throw r.Error($"has unknown operation kind {(byte)kind} in operation {i} at offset {operationAt}");
            }

            int idLength = r.U16("id length");
            if (idLength == 0)
            {
                throw r.Error($"has an empty id in operation {i} at offset {operationAt}");
            }

            string id;
            try
            {
                id = StoreFormat.StrictUtf8.GetString(r.Bytes(idLength, "id"));
            }
            catch (ArgumentException e)
            {
                throw r.Error($"has an id that is not valid UTF-8 in operation {i} at offset {operationAt}", e);
            }

            ReadOnlyMemory<byte> payload = ReadOnlyMemory<byte>.Empty;
            long payloadOffset = 0;
            if (kind == StoreOperationKind.Add)
            {
                int payloadLength = r.Count(1, "payload");
                payload = record.AsMemory(r.Position, payloadLength);
                payloadOffset = r.Offset;
                r.Skip(payloadLength, "payload");
            }

            operations.Add(new LogOperation(kind, id, payload, payloadOffset));
        }

        r.End();
        return operations;
    }
}
