using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Hashing;
using System.Threading;
using Microsoft.Win32.SafeHandles;
using NearDup.Storage.Codecs;

namespace NearDup.Storage;

/// <summary>What a snapshot file holds, apart from the documents, which are streamed.</summary>
/// <param name="Generation">The snapshot's generation.</param>
/// <param name="LastSequence">Sequence number of the last batch it contains.</param>
/// <param name="Options">The options blob.</param>
/// <param name="DocumentCount">Documents in the DOCS section; when it was skipped, the count its first bytes declare,
/// unchecked (a hint for progress reports, never used to read).</param>
/// <param name="Ids">Every document id, when the documents were read; null when they were skipped.</param>
/// <param name="Identity">The index identity (IDNT section), or <see cref="Guid.Empty"/> for a format 1 file, which has none.</param>
/// <param name="DocumentsChecksum">The DOCS section's checksum as stored (checked against the payload only when the
/// documents were read): what a log started on this snapshot, and an acknowledged mark, name it by.</param>
/// <param name="Image">Where the structure image's payload (section CIMG) is in the file, or null when the snapshot has
/// none: written by a compaction that was given one (see <see cref="IStructureImageStore"/>).</param>
internal sealed record SnapshotContents(ulong Generation, ulong LastSequence, byte[] Options, int DocumentCount, HashSet<string>? Ids, Guid Identity, ulong DocumentsChecksum, SectionSpan? Image = null);

/// <summary>Where a section's payload is in a file.</summary>
/// <param name="Offset">The payload's first byte.</param>
/// <param name="Length">The payload's length; its 8-byte checksum follows it.</param>
internal readonly record struct SectionSpan(long Offset, long Length);

/// <summary>
/// The payload of the document a snapshot reader has just reached: the handler either takes it with
/// <see cref="ToArray"/> or leaves it, and then the reader checksums it without keeping it.
/// </summary>
/// <remarks>Valid only during the handler's call. Thread safety: not thread-safe.</remarks>
internal sealed class PendingPayload
{
    private readonly SectionReader _section;

    internal PendingPayload(SectionReader section)
    {
        _section = section;
    }

    /// <summary>Length of the payload in bytes.</summary>
    public int Length { get; private set; }

    /// <summary>Whether <see cref="ToArray"/> was called for the current document.</summary>
    internal bool Taken { get; private set; }

    /// <summary>Reads the payload into a new array (checksummed on the way, like every byte of the section).</summary>
    /// <returns>The payload; the caller owns it.</returns>
    public byte[] ToArray()
    {
        if (Taken)
        {
            throw new InvalidOperationException("the payload was already read.");
        }

        Taken = true;
        return _section.ReadBytes(Length, "payload");
    }

    /// <summary>Reads only the first bytes of the payload a caller needs, the rest checksummed without being kept.</summary>
    /// <param name="headLength">Bytes to read first (fewer when the payload is shorter).</param>
    /// <param name="prefixLength">Given the head, how many bytes of the payload to keep in all; clamped to the head and
    /// the payload's length.</param>
    /// <returns>The prefix; the caller owns it.</returns>
    public byte[] ReadPrefix(int headLength, Func<ReadOnlySpan<byte>, int> prefixLength)
    {
        if (Taken)
        {
            throw new InvalidOperationException("the payload was already read.");
        }

        Taken = true;
        int head = Math.Min(headLength, Length);
        Span<byte> first = stackalloc byte[Math.Min(head, 256)];
        if (head > first.Length)
        {
            first = new byte[head];
        }

        _section.Read(first, "payload");
        int keep = Math.Clamp(prefixLength(first), head, Length);
        byte[] prefix = new byte[keep];
        first.CopyTo(prefix);
        _section.Read(prefix.AsSpan(head), "payload");
        _section.HashSkip(Length - keep, "payload");
        return prefix;
    }

    internal void Reset(int length)
    {
        Length = length;
        Taken = false;
    }
}

/// <summary>Reads and writes <c>snapshot.ndup</c> (format described on <see cref="DirectoryIndexStore"/>).</summary>
internal static class SnapshotFile
{
    /// <summary>Reads a snapshot. With <paramref name="readDocuments"/> false the DOCS payload is skipped unchecked (cheap open).</summary>
    /// <param name="path">The file.</param>
    /// <param name="readDocuments">Whether to read and check the documents (and every other section).</param>
    /// <param name="onDocument">Receives each document's id and pending payload in file order, or null to check only;
    /// payloads it does not take are checksummed without being kept, so only the taken ones cost memory.</param>
    /// <param name="cancellationToken">Checked every 1,024 documents.</param>
    /// <returns>The header fields and options; the ids when <paramref name="readDocuments"/> is set.</returns>
    /// <remarks>
    /// The DOCS checksum covers the whole section, so a damaged byte is reported only at its end, after
    /// <paramref name="onDocument"/> has seen every document: a caller must discard what it received when this throws.
    /// Lengths and ids are checked as they come, so nothing is allocated from a damaged length.
    /// </remarks>
    /// <param name="checkImage">Whether reading the documents checks the structure image's checksum too (as
    /// <c>index verify</c> does); a load passes false, since it reads the image, if at all, on its own
    /// (<see cref="ReadImage"/>), and damage to it costs only the image.</param>
    public static SnapshotContents Read(string path, bool readDocuments, Action<string, PendingPayload>? onDocument, CancellationToken cancellationToken, bool checkImage = true)
    {
        using var reader = new FormatReader(path);
        Span<byte> header = stackalloc byte[StoreFormat.SnapshotHeaderSize];

        ushort version = reader.ReadHeader(header, StoreFormat.SnapshotMagic, "snapshot", StoreFormat.SnapshotVersion);

        ulong generation = BinaryPrimitives.ReadUInt64LittleEndian(header[12..]);
        ulong lastSequence = BinaryPrimitives.ReadUInt64LittleEndian(header[20..]);
        ulong declaredLength = BinaryPrimitives.ReadUInt64LittleEndian(header[28..]);
        if ((ulong)reader.Length < declaredLength)
        {
            throw reader.Error($"ended after {reader.Length} of {declaredLength} bytes");
        }

        if ((ulong)reader.Length > declaredLength)
        {
            throw reader.Error($"{(ulong)reader.Length - declaredLength} unexpected bytes after the declared end at offset {declaredLength}");
        }

        byte[]? options = null;
        HashSet<string>? ids = null;
        int documentCount = 0;
        bool sawDocuments = false;
        ulong documentsChecksum = 0;
        Guid? identity = null;
        SectionSpan? image = null;
        Span<byte> sectionHeader = stackalloc byte[12];
        while (reader.Remaining > 0)
        {
            long sectionOffset = reader.Position;
            if (reader.Remaining < StoreFormat.SectionOverhead)
            {
                throw reader.Error($"section header at offset {sectionOffset} needs {StoreFormat.SectionOverhead} bytes but only {reader.Remaining} are left");
            }

            SpanReader fields = reader.ReadFields(sectionHeader, "section header");
            uint tag = fields.U32("tag");
            ulong length = fields.U64("payload length");
            fields.End();
            string name = StoreFormat.TagName(tag);
            if (length > (ulong)(reader.Remaining - StoreFormat.ChecksumSize))
            {
                throw reader.Error($"section {name} at offset {sectionOffset} claims {length} bytes but only {reader.Remaining - StoreFormat.ChecksumSize} are left");
            }

            var section = new SectionReader(reader, name, (long)length);
            if (tag == StoreFormat.ImageTag)
            {
                // Read (and, with the documents, checked) as any section later versions may add; the index asks for it
                // by its place (ReadImage).
                image = image is null ? new SectionSpan(reader.Position, (long)length) : throw reader.Error($"duplicate section CIMG at offset {sectionOffset}");
            }

            if (tag == StoreFormat.OptionsTag)
            {
                if (options is not null)
                {
                    throw reader.Error($"duplicate section OPTS at offset {sectionOffset}");
                }

                options = section.ReadBytes((long)length, "options");
                section.Finish();
            }
            else if (tag == StoreFormat.IdentityTag)
            {
                if (identity is not null)
                {
                    throw reader.Error($"duplicate section IDNT at offset {sectionOffset}");
                }

                if (length != StoreFormat.IdentitySize)
                {
                    throw reader.Error($"section IDNT at offset {sectionOffset} has {length} bytes, expected {StoreFormat.IdentitySize}");
                }

                identity = new Guid(section.ReadBytes(StoreFormat.IdentitySize, "identity"));
                section.Finish();
            }
            else if (tag == StoreFormat.DocumentsTag)
            {
                if (sawDocuments)
                {
                    throw reader.Error($"duplicate section DOCS at offset {sectionOffset}");
                }

                sawDocuments = true;
                if (readDocuments)
                {
                    ids = ReadDocuments(section, onDocument, cancellationToken);
                    documentCount = ids.Count;
                    documentsChecksum = section.Finish();
                }
                else
                {
                    long skip = (long)length;
                    if (skip >= sizeof(uint))
                    {
                        reader.Read(sectionHeader[..sizeof(uint)], "document count");
                        documentCount = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(sectionHeader), int.MaxValue);
                        skip -= sizeof(uint);
                    }

                    reader.Skip(skip);
                    reader.Read(sectionHeader[..StoreFormat.ChecksumSize], "DOCS checksum");
                    documentsChecksum = BinaryPrimitives.ReadUInt64LittleEndian(sectionHeader);
                }
            }
            else if (readDocuments && (checkImage || (tag != StoreFormat.ImageTag && tag != StoreFormat.PaddingTag)))
            {
                // Unknown sections come from newer writers that kept the format compatible: skip them, but still
                // check their bytes so Verify finds rot anywhere in the file.
                section.HashRemaining();
                section.Finish();
            }
            else
            {
                reader.Skip((long)length + StoreFormat.ChecksumSize);
            }
        }

        if (options is null)
        {
            throw reader.Error("required section OPTS is missing");
        }

        if (!sawDocuments)
        {
            throw reader.Error("required section DOCS is missing");
        }

        if (identity is null && version >= 2)
        {
            throw reader.Error("required section IDNT is missing");
        }

        if (identity == Guid.Empty)
        {
            throw reader.Error("section IDNT holds the empty identity");
        }

        return new SnapshotContents(generation, lastSequence, options, documentCount, ids, identity ?? Guid.Empty, documentsChecksum, image);
    }

    private static HashSet<string> ReadDocuments(SectionReader section, Action<string, PendingPayload>? onDocument, CancellationToken cancellationToken)
    {
        uint count = section.ReadUInt32("document count");

        // Each document needs at least 2 (id length) + 1 (id) + 4 (payload length) bytes.
        if (count > section.Remaining / 7)
        {
            throw section.Error($"document count {count} cannot fit in the {section.Remaining} bytes left at offset {section.Position}");
        }

        var seen = new HashSet<string>((int)count, StringComparer.Ordinal);
        var pending = new PendingPayload(section);
        for (uint i = 0; i < count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            long offset = section.Position;
            ushort idLength = section.ReadUInt16("id length");
            if (idLength == 0)
            {
                throw section.Error($"document {i} at offset {offset} has an empty id");
            }

            string id = DecodeId(section.ReadBytes(idLength, "id"), section, offset);
            uint payloadLength = section.ReadUInt32("payload length");
            if (payloadLength > section.Remaining)
            {
                throw section.Error($"payload at offset {section.Position} claims {payloadLength} bytes but only {section.Remaining} are left in the section");
            }

            if (payloadLength > Array.MaxLength)
            {
                throw section.Error($"payload at offset {section.Position} claims {payloadLength} bytes, more than this build can hold");
            }

            if (!seen.Add(id))
            {
                throw section.Error($"document {i} at offset {offset} repeats id \"{id}\"");
            }

            pending.Reset((int)payloadLength);
            onDocument?.Invoke(id, pending);
            if (!pending.Taken)
            {
                section.HashSkip(payloadLength, "payload");
            }
        }

        return seen;
    }

    private static string DecodeId(byte[] bytes, SectionReader section, long offset)
    {
        try
        {
            return StoreFormat.StrictUtf8.GetString(bytes);
        }
        catch (ArgumentException e)
        {
            throw new NearDupFormatException(section.Error($"id at offset {offset} is not valid UTF-8").Message, e);
        }
    }

    /// <summary>
    /// Writes a snapshot to <paramref name="tempPath"/>, one document at a time as <paramref name="documents"/> yields
    /// them, and flushes it to disk; the caller moves it into place (and deletes it if this throws).
    /// </summary>
    /// <param name="tempPath">The file to create (overwritten if it exists).</param>
    /// <param name="generation">The snapshot's generation.</param>
    /// <param name="lastSequence">Sequence number of the last batch it contains.</param>
    /// <param name="options">The options blob.</param>
    /// <param name="documents">The documents with their ids encoded (by <see cref="StoreFormat.EncodeId"/>), enumerated once;
    /// each is written before the next is pulled.</param>
    /// <param name="count">How many documents <paramref name="documents"/> yields, when known before enumerating; the caller guarantees it.</param>
    /// <param name="identity">The index identity, written in the IDNT section; never empty.</param>
    /// <returns>The DOCS section's checksum (<see cref="SnapshotContents.DocumentsChecksum"/>).</returns>
    /// <remarks>
    /// The header's file length and checksum and the DOCS section's length are written as zeros and patched once the
    /// last document is written, so memory is one payload besides the file buffer, and the bytes are exactly those of
    /// a file whose sizes were known up front. The DOCS checksum covers the count that opens the section, so with
    /// <paramref name="count"/> given the section is hashed as it is written; without it the count is patched too and
    /// the section is read back once to hash it (one extra sequential read, usually from the page cache).
    /// </remarks>
    /// <param name="image">Writes the structure image (section CIMG, after the documents, its payload aligned to
    /// <see cref="StoreFormat.ImageAlignment"/> bytes of the file by a PADS section before it); null for none.</param>
    /// <param name="imageBytes">Receives the length of the image's payload, 0 without one.</param>
    /// <param name="imageAt">Receives where the image's payload starts in the file, −1 without one.</param>
    public static ulong Write(string tempPath, ulong generation, ulong lastSequence, ReadOnlySpan<byte> options, IEnumerable<(byte[] Id, StoredDocument Document)> documents, int? count, Guid identity, StructureImageWriter? image, out long imageBytes, out long imageAt)
    {
        Debug.Assert(identity != Guid.Empty, "every snapshot this build writes names its index");
        using var stream = new FileStream(tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        Span<byte> header = stackalloc byte[StoreFormat.SnapshotHeaderSize];
        StoreFormat.SnapshotMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], StoreFormat.SnapshotVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], generation);
        BinaryPrimitives.WriteUInt64LittleEndian(header[20..], lastSequence);
        stream.Write(header);

        Span<byte> identityBytes = stackalloc byte[StoreFormat.IdentitySize];
        identity.TryWriteBytes(identityBytes);
        WriteSectionHeader(stream, StoreFormat.IdentityTag, StoreFormat.IdentitySize);
        stream.Write(identityBytes);
        WriteChecksum(stream, XxHash64.HashToUInt64(identityBytes));

        WriteSectionHeader(stream, StoreFormat.OptionsTag, options.Length);
        stream.Write(options);
        WriteChecksum(stream, XxHash64.HashToUInt64(options));

        WriteSectionHeader(stream, StoreFormat.DocumentsTag, 0);
        long documentsStart = stream.Position;
        XxHash64? hash = count is null ? null : new XxHash64();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)(count ?? 0));
        Append(stream, hash, number);
        uint written = 0;
        var payloadOffsets = image is null ? null : new List<long>(count ?? 0);
        foreach (var (id, document) in documents)
        {
            ReadOnlySpan<byte> payload = document.Payload.Span;
            BinaryPrimitives.WriteUInt16LittleEndian(number, (ushort)id.Length);
            Append(stream, hash, number[..2]);
            Append(stream, hash, id);
            BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)payload.Length);
            Append(stream, hash, number);
            payloadOffsets?.Add(stream.Position);
            Append(stream, hash, payload);
            written++;
        }

        Debug.Assert(count is null || count == written, "the caller guarantees the count it declares");
        long documentsLength = stream.Position - documentsStart;
        if (hash is null)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(number, written);
            stream.Position = documentsStart;
            stream.Write(number);
            stream.Flush();
            hash = HashBack(stream.SafeFileHandle, documentsStart, documentsLength);
            stream.Position = documentsStart + documentsLength;
        }

        ulong documentsChecksum = hash.GetCurrentHashAsUInt64();
        WriteChecksum(stream, documentsChecksum);
        imageAt = -1;
        imageBytes = image is null ? 0 : WriteImage(stream, image, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(payloadOffsets), out imageAt);

        long fileLength = stream.Position;
        stream.Position = documentsStart - 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)documentsLength);
        stream.Write(length);

        BinaryPrimitives.WriteUInt64LittleEndian(header[28..], (ulong)fileLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[36..], XxHash64.HashToUInt64(header[..36]));
        stream.Position = 0;
        stream.Write(header);
        stream.Flush(flushToDisk: true);
        return documentsChecksum;
    }

    /// <summary>Reads a snapshot's structure image (section CIMG) through <paramref name="reader"/>, then checks the
    /// section's checksum over every byte of it, unless the reader checked every byte by the image's own checksums.</summary>
    /// <param name="snapshot">The snapshot, open (the reader may keep it to read texts from).</param>
    /// <param name="span">Where the image's payload is (<see cref="SnapshotContents.Image"/>).</param>
    /// <param name="reader">Reads the image; may stop early when it cannot use it.</param>
    /// <returns>What the reader returned.</returns>
    /// <exception cref="NearDupFormatException">The checksum does not match (naming the file and the section's
    /// offset), or the file ends inside the section; whatever the reader built from the image must then be dropped.</exception>
    public static StructureImageUse ReadImage(SnapshotTexts snapshot, SectionSpan span, IStructureImageReader reader)
    {
        using var file = new FormatReader(snapshot.Handle, snapshot.Path);
        SectionReader section = OpenImage(file, span);
        StructureImageUse use = reader.Read(new SectionReadStream(section), new ImageFile(snapshot.Handle, span.Offset, span.Length, snapshot.Path), snapshot, out bool checkedItself);
        if (use == StructureImageUse.Declined || checkedItself)
        {
            return use;
        }

        section.HashRemaining();
        section.Finish();
        return use;
    }

    /// <summary>Checks that an open snapshot is the one whose header a load read by its path, not one a compaction
    /// moved over the path since.</summary>
    /// <param name="snapshot">The snapshot, open.</param>
    /// <param name="generation">The generation the load read.</param>
    /// <exception cref="NearDupFormatException">The open file's header is damaged or names another generation.</exception>
    public static void RequireGeneration(SnapshotTexts snapshot, ulong generation)
    {
        using var file = new FormatReader(snapshot.Handle, snapshot.Path);
        Span<byte> header = stackalloc byte[StoreFormat.SnapshotHeaderSize];
        file.ReadHeader(header, StoreFormat.SnapshotMagic, "snapshot", StoreFormat.SnapshotVersion);
        ulong opened = BinaryPrimitives.ReadUInt64LittleEndian(header[12..]);
        if (opened != generation)
        {
            throw file.Error($"generation changed from {generation} to {opened} while it was being read; another process wrote the index without its lock");
        }
    }

    /// <summary>Checks a snapshot's structure image against its checksum, reading nothing else.</summary>
    /// <param name="path">The snapshot.</param>
    /// <param name="span">Where the image's payload is.</param>
    /// <returns>What is wrong with it, or null when its checksum matches.</returns>
    public static string? ImageProblem(string path, SectionSpan span)
    {
        try
        {
            using var file = new FormatReader(path);
            SectionReader section = OpenImage(file, span);
            section.HashRemaining();
            section.Finish();
            return null;
        }
        catch (NearDupFormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>A reader over the image's payload, positioned at its start.</summary>
    private static SectionReader OpenImage(FormatReader file, SectionSpan span)
    {
        if (file.Length < span.Offset + span.Length + StoreFormat.ChecksumSize)
        {
            throw file.Error($"section CIMG at offset {span.Offset - 12} ends past the end of the file ({file.Length} bytes)");
        }

        file.Skip(span.Offset);
        return new SectionReader(file, "CIMG", span.Length);
    }

    /// <summary>Writes a PADS section that puts the next section's payload on an aligned offset, then the CIMG section,
    /// its length patched once the image is written.</summary>
    /// <param name="stream">The snapshot being written, after its documents.</param>
    /// <param name="image">Writes the image.</param>
    /// <param name="payloadOffsets">Where each document's payload starts, for the image.</param>
    /// <param name="imageAt">Receives where the image's payload starts in the file.</param>
    /// <returns>The length of the image's payload.</returns>
    private static long WriteImage(FileStream stream, StructureImageWriter image, ReadOnlySpan<long> payloadOffsets, out long imageAt)
    {
        const int Header = 12;
        long payloadAt = stream.Position + StoreFormat.SectionOverhead + Header;
        int pad = (int)((StoreFormat.ImageAlignment - (payloadAt % StoreFormat.ImageAlignment)) % StoreFormat.ImageAlignment);
        Span<byte> zeros = stackalloc byte[StoreFormat.ImageAlignment];
        zeros.Clear();
        WriteSectionHeader(stream, StoreFormat.PaddingTag, pad);
        stream.Write(zeros[..pad]);
        WriteChecksum(stream, XxHash64.HashToUInt64(zeros[..pad]));

        long lengthAt = stream.Position + 4;
        WriteSectionHeader(stream, StoreFormat.ImageTag, 0);
        Debug.Assert(stream.Position % StoreFormat.ImageAlignment == 0, "the padding aligns the image");
        imageAt = stream.Position;
        var section = new SectionWriteStream(stream);
        image(section, payloadOffsets);
        WriteChecksum(stream, section.Checksum);
        long end = stream.Position;
        stream.Position = lengthAt;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)section.Written);
        stream.Write(length);
        stream.Position = end;
        return section.Written;
    }

    /// <summary>Hashes <paramref name="length"/> bytes of a file from <paramref name="offset"/>, through a pooled 1 MiB buffer.</summary>
    private static XxHash64 HashBack(SafeFileHandle file, long offset, long length)
    {
        var hash = new XxHash64();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long end = offset + length; offset < end;)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - offset)), offset);
                if (read == 0)
                {
                    throw new EndOfStreamException($"the snapshot being written ended at offset {offset}, before the {length} bytes of its DOCS section were read back.");
                }

                hash.Append(buffer.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hash;
    }

    private static void Append(Stream stream, XxHash64? hash, ReadOnlySpan<byte> bytes)
    {
        hash?.Append(bytes);
        stream.Write(bytes);
    }

    private static void WriteSectionHeader(Stream stream, uint tag, long length)
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, tag);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[4..], (ulong)length);
        stream.Write(bytes);
    }

    private static void WriteChecksum(Stream stream, ulong checksum)
    {
        Span<byte> bytes = stackalloc byte[StoreFormat.ChecksumSize];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, checksum);
        stream.Write(bytes);
    }
}
