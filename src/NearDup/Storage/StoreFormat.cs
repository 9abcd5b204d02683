using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;

namespace NearDup.Storage;

/// <summary>Constants and small encoders shared by the snapshot and log formats (see <see cref="DirectoryIndexStore"/>).</summary>
internal static class StoreFormat
{
    public const string SnapshotFileName = "snapshot.ndup";
    public const string LogFileName = "wal.ndlog";
    public const string LockFileName = "index.lock";
    public const string TempSuffix = ".tmp";

    /// <summary>Format 2 adds the IDNT section (the index identity).</summary>
    public const ushort SnapshotVersion = 2;

    /// <summary>Format 2 adds the index identity and the snapshot's DOCS checksum to the header.</summary>
    public const ushort LogVersion = 2;

    /// <summary>magic 8, version 2, flags 2, generation 8, last sequence 8, file length 8, checksum 8.</summary>
    public const int SnapshotHeaderSize = 44;

    /// <summary>Format 1: magic 8, version 2, flags 2, generation 8, base sequence 8, checksum 8.</summary>
    public const int LogHeaderSizeV1 = 36;

    /// <summary>Format 2: as format 1, with the index identity 16 and the snapshot's DOCS checksum 8 before the checksum.</summary>
    public const int LogHeaderSize = 60;

    /// <summary>The header length of a log of format <paramref name="version"/>.</summary>
    public static int LogHeaderSizeOf(ushort version) => version == 1 ? LogHeaderSizeV1 : LogHeaderSize;

    /// <summary>Bytes of an index identity.</summary>
    public const int IdentitySize = 16;

    /// <summary>length 4, sequence 8, XxHash32 of those 12 bytes 4.</summary>
    public const int RecordHeaderSize = 16;

    public const int ChecksumSize = 8;

    /// <summary>Tag 4, length 8 before a section's payload; its XxHash64 8 after.</summary>
    public const int SectionOverhead = 20;

    public static ReadOnlySpan<byte> SnapshotMagic => "NDUPSNAP"u8;

    public static ReadOnlySpan<byte> LogMagic => "NDUPWAL1"u8;

    public static readonly uint OptionsTag = BinaryPrimitives.ReadUInt32LittleEndian("OPTS"u8);

    public static readonly uint DocumentsTag = BinaryPrimitives.ReadUInt32LittleEndian("DOCS"u8);

    public static readonly uint IdentityTag = BinaryPrimitives.ReadUInt32LittleEndian("IDNT"u8);

    /// <summary>The image of the index's in-memory structures that a compaction writes after the documents (see
    /// <see cref="IStructureImageStore"/>); readers that do not know it skip it.</summary>
    public static readonly uint ImageTag = BinaryPrimitives.ReadUInt32LittleEndian("CIMG"u8);

    /// <summary>Zeros that put the next section's payload on an <see cref="ImageAlignment"/>-byte boundary of the file.</summary>
    public static readonly uint PaddingTag = BinaryPrimitives.ReadUInt32LittleEndian("PADS"u8);

    /// <summary>The file offset an image section's payload starts at is a multiple of this, so that arrays laid out in it
    /// at aligned offsets stay aligned when the file is mapped.</summary>
    public const int ImageAlignment = 64;

    /// <summary>
    /// The history checksum after one more batch: XxHash64 of <paramref name="previous"/> then <paramref name="record"/>,
    /// little-endian. The chain starts at the snapshot's DOCS checksum and takes in every log record's checksum in turn,
    /// so two histories that end in the same batch but differ anywhere before it (since the snapshot) differ.
    /// </summary>
    /// <param name="previous">The history checksum before the batch.</param>
    /// <param name="record">The batch's record checksum.</param>
    /// <returns>The history checksum after it.</returns>
    public static ulong Chain(ulong previous, ulong record)
    {
        Span<byte> both = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(both, previous);
        BinaryPrimitives.WriteUInt64LittleEndian(both[8..], record);
        return System.IO.Hashing.XxHash64.HashToUInt64(both);
    }

    /// <summary>An identity as it is printed: its 32 hex digits.</summary>
    public static string Describe(Guid identity) => identity == Guid.Empty ? "(none: made before index identities)" : identity.ToString("N");

    /// <summary>Strict UTF-8: ids that cannot round-trip (lone surrogates, invalid bytes) are rejected, never replaced.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes a document id for storage.</summary>
    /// <exception cref="ArgumentException">The id is null, empty, not valid UTF-16 or longer than 65535 UTF-8 bytes.</exception>
    public static byte[] EncodeId(string? id, string what, string paramName)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException($"{what} has a null or empty id.", paramName);
        }

        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(id);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"{what} has an id that is not valid Unicode (a lone surrogate), so it has no UTF-8 form.", paramName, e);
        }

        if (bytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"{what} has an id of {bytes.Length} UTF-8 bytes; ids are limited to {ushort.MaxValue}.", paramName);
        }

        return bytes;
    }

    /// <summary>Checks a batch the way the directory store would, so the in-memory store rejects the same inputs.</summary>
    public static byte[][] EncodeBatchIds(IReadOnlyList<StoreOperation> batch, string paramName)
    {
        var ids = new byte[batch.Count][];
        for (int i = 0; i < batch.Count; i++)
        {
            StoreOperation? op = batch[i];
            if (op is null)
            {
                throw new ArgumentException($"Operation {i} of the batch is null.", paramName);
            }

            if (op.Kind is not (StoreOperationKind.Add or StoreOperationKind.Remove))
            {
                throw new ArgumentException($"Operation {i} of the batch has unknown kind {(byte)op.Kind}.", paramName);
            }

            ids[i] = EncodeId(op.Id, $"Operation {i} of the batch", paramName);
        }

        return ids;
    }

    /// <summary>
    /// The documents of a compaction, checked the way the directory store would as they are enumerated (so both stores
    /// reject the same sequences, after pulling the same documents): each comes with its encoded id.
    /// </summary>
    /// <param name="live">The sequence given to <see cref="IIndexStore.CompactAsync"/>, enumerated once.</param>
    /// <param name="count">The count <paramref name="live"/> declared before enumeration, checked at its end; null for none.</param>
    /// <param name="ids">Receives every id; must be empty and use ordinal comparison.</param>
    /// <param name="paramName">The parameter named in errors.</param>
    /// <param name="cancellationToken">Checked every 1,024 documents and after the last.</param>
    /// <exception cref="ArgumentException">An id is null, empty, unstorable or repeated, or the count differs from <paramref name="count"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IEnumerable<(byte[] Id, StoredDocument Document)> CheckCompaction(IEnumerable<StoredDocument> live, int? count, HashSet<string> ids, string paramName, CancellationToken cancellationToken)
    {
        int n = 0;
        foreach (StoredDocument document in live)
        {
            if ((n & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            string what = $"Document {n}";
            byte[] id = EncodeId(document.Id, what, paramName);
            if (!ids.Add(document.Id))
            {
                throw new ArgumentException($"{what} repeats id \"{document.Id}\".", paramName);
            }

            yield return (id, document);
            n++;
        }

        if (count is { } declared && declared != n)
        {
            throw new ArgumentException($"The sequence declared {declared} documents but yielded {n}.", paramName);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>How many documents a compaction's sequence holds, when it says so without being enumerated.</summary>
    /// <param name="live">The sequence.</param>
    /// <returns>Its count, or null when only enumerating it would tell.</returns>
    public static int? KnownCount(IEnumerable<StoredDocument> live) =>
        live.TryGetNonEnumeratedCount(out int count) ? count
        : live is IReadOnlyCollection<StoredDocument> collection ? collection.Count
        : null;

    public static string TagName(uint tag)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, tag);
        foreach (byte b in bytes)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return $"0x{tag:X8}";
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }

    public static string DescribeMagic(ReadOnlySpan<byte> magic)
    {
        var builder = new StringBuilder("\"");
        foreach (byte b in magic)
        {
            builder.Append(b is >= 0x20 and <= 0x7E ? (char)b : '?');
        }

        return builder.Append('"').ToString();
    }
}
