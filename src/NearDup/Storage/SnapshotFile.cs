using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Threading;

namespace NearDup.Storage;

/// <summary>What a snapshot file holds.</summary>
internal sealed record SnapshotContents(ulong Generation, ulong LastSequence, byte[] Options, List<StoredDocument>? Documents);

/// <summary>Reads and writes <c>snapshot.ndup</c> (format described on <see cref="DirectoryIndexStore"/>).</summary>
internal static class SnapshotFile
{
    /// <summary>Reads a snapshot. With <paramref name="readDocuments"/> false the DOCS payload is skipped unchecked (cheap open).</summary>
    public static SnapshotContents Read(string path, bool readDocuments, CancellationToken cancellationToken)
    {
        using var reader = new FormatReader(path);
        Span<byte> header = stackalloc byte[StoreFormat.SnapshotHeaderSize];

        reader.ReadHeader(header, StoreFormat.SnapshotMagic, "snapshot", StoreFormat.SnapshotVersion);

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
        List<StoredDocument>? documents = null;
        bool sawDocuments = false;
        Span<byte> sectionHeader = stackalloc byte[12];
        while (reader.Remaining > 0)
        {
            long sectionOffset = reader.Position;
            if (reader.Remaining < StoreFormat.SectionOverhead)
            {
                throw reader.Error($"section header at offset {sectionOffset} needs {StoreFormat.SectionOverhead} bytes but only {reader.Remaining} are left");
            }

            reader.Read(sectionHeader, "section header");
            uint tag = BinaryPrimitives.ReadUInt32LittleEndian(sectionHeader);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(sectionHeader[4..]);
            string name = StoreFormat.TagName(tag);
            if (length > (ulong)(reader.Remaining - StoreFormat.ChecksumSize))
            {
                throw reader.Error($"section {name} at offset {sectionOffset} claims {length} bytes but only {reader.Remaining - StoreFormat.ChecksumSize} are left");
            }

            var section = new SectionReader(reader, name, (long)length);
            if (tag == StoreFormat.OptionsTag)
            {
                if (options is not null)
                {
                    throw reader.Error($"duplicate section OPTS at offset {sectionOffset}");
                }

                options = section.ReadBytes((long)length, "options");
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
                    documents = ReadDocuments(section, cancellationToken);
                    section.Finish();
                }
                else
                {
                    reader.Skip((long)length + StoreFormat.ChecksumSize);
                }
            }
            else if (readDocuments)
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

        return new SnapshotContents(generation, lastSequence, options, documents);
    }

    private static List<StoredDocument> ReadDocuments(SectionReader section, CancellationToken cancellationToken)
    {
        uint count = section.ReadUInt32("document count");

        // Each document needs at least 2 (id length) + 1 (id) + 4 (payload length) bytes.
        if (count > section.Remaining / 7)
        {
            throw section.Error($"document count {count} cannot fit in the {section.Remaining} bytes left at offset {section.Position}");
        }

        var documents = new List<StoredDocument>((int)count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
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
            byte[] payload = section.ReadBytes(payloadLength, "payload");
            if (!seen.Add(id))
            {
                throw section.Error($"document {i} at offset {offset} repeats id \"{id}\"");
            }

            documents.Add(new StoredDocument(id, payload));
        }

        return documents;
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
    /// Writes a snapshot to <paramref name="tempPath"/> and flushes it to disk; the caller moves it into place.
    /// </summary>
    public static void Write(string tempPath, ulong generation, ulong lastSequence, ReadOnlySpan<byte> options, IReadOnlyList<(byte[] Id, ReadOnlyMemory<byte> Payload)> documents)
    {
        long documentsLength = 4;
        foreach (var (id, payload) in documents)
        {
            documentsLength += 2 + id.Length + 4 + payload.Length;
        }

        long fileLength = StoreFormat.SnapshotHeaderSize
            + StoreFormat.SectionOverhead + options.Length
            + StoreFormat.SectionOverhead + documentsLength;

        using var stream = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> header = stackalloc byte[StoreFormat.SnapshotHeaderSize];
        StoreFormat.SnapshotMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], StoreFormat.SnapshotVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], generation);
        BinaryPrimitives.WriteUInt64LittleEndian(header[20..], lastSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(header[28..], (ulong)fileLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[36..], XxHash64.HashToUInt64(header[..36]));
        stream.Write(header);

        WriteSectionHeader(stream, StoreFormat.OptionsTag, options.Length);
        stream.Write(options);
        WriteChecksum(stream, XxHash64.HashToUInt64(options));

        WriteSectionHeader(stream, StoreFormat.DocumentsTag, documentsLength);
        var hash = new XxHash64();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)documents.Count);
        Append(stream, hash, number);
        foreach (var (id, payload) in documents)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(number, (ushort)id.Length);
            Append(stream, hash, number[..2]);
            Append(stream, hash, id);
            BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)payload.Length);
            Append(stream, hash, number);
            Append(stream, hash, payload.Span);
        }

        WriteChecksum(stream, hash.GetCurrentHashAsUInt64());
        stream.Flush(flushToDisk: true);
    }

    private static void Append(Stream stream, XxHash64 hash, ReadOnlySpan<byte> bytes)
    {
        hash.Append(bytes);
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
