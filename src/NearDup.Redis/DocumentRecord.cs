using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using NearDup.Storage;

namespace NearDup.Redis;

/// <summary>
/// A document's record on the server, one string key each: its state, what the candidate gate reads (three fingerprint
/// counts), what the verifier needs (exact hash, SimHash, the Brotli-compressed text), its id, and a checksum.
/// </summary>
/// <remarks>
/// <para>
/// Layout, little-endian: state (u8: <see cref="Pending"/>, <see cref="Live"/>, <see cref="Removed"/>), version (u8, 1),
/// word-passage, spin-passage and word-pair counts (u32 each), exact hash (u64), SimHash (u64), UTF-8 text length
/// (u32), id length (u16) — the <see cref="HeaderLength"/>-byte header a lookup reads with <c>GETRANGE</c> — then the
/// id's UTF-8 bytes, the compressed text, and the XxHash64 of everything from the version byte to the text (u64).
/// The state byte is outside the checksum: it is the one byte a writer changes in place (<c>SETRANGE</c>), which is
/// the commit point of an add (pending → live) and of a remove (live → removed). A purge replaces the record by the
/// one-byte tombstone <see cref="Purged"/>: states only ever move forward (pending → live → removed → purged), so a key
/// allocated once never holds a pending record again.
/// </para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
/// <param name="State">The state byte.</param>
/// <param name="Passages">Distinct word-passage fingerprints.</param>
/// <param name="SpinPassages">Distinct spin-skeleton fingerprints.</param>
/// <param name="Pairs">Distinct kept word-pair fingerprints.</param>
/// <param name="ExactHash">The exact hash.</param>
/// <param name="SimHash">The SimHash.</param>
/// <param name="TextBytes">The UTF-8 text's length.</param>
/// <param name="Id">The document id.</param>
/// <param name="CompressedText">The Brotli-compressed text.</param>
internal readonly record struct DocumentRecord(byte State, int Passages, int SpinPassages, int Pairs, ulong ExactHash, ulong SimHash, int TextBytes, string Id, ReadOnlyMemory<byte> CompressedText)
{
    /// <summary>Written, not committed: lookups and fetches ignore it.</summary>
    public const byte Pending = 0;

    /// <summary>Committed and visible.</summary>
    public const byte Live = 1;

    /// <summary>Removed: lookups and fetches ignore it; its postings are purged later.</summary>
    public const byte Removed = 2;

    /// <summary>Purged: the whole value of a record key whose document was removed and purged (or whose batch was
    /// undone), one byte, kept as a tombstone so that a replay of the batch that allocated the key never writes the
    /// record again. Never a record: <see cref="Decode"/> rejects it, <see cref="ReadHeader"/> returns null.</summary>
    public const byte Purged = 3;

    /// <summary>Bytes of the header a lookup reads.</summary>
    public const int HeaderLength = 36;

    private const byte Version = 1;

    /// <summary>The record's bytes.</summary>
    /// <returns>The encoded record.</returns>
    public byte[] Encode()
    {
        int idBytes = Encoding.UTF8.GetByteCount(Id);
        var bytes = new byte[HeaderLength + idBytes + CompressedText.Length + sizeof(ulong)];
        Span<byte> s = bytes;
        s[0] = State;
        s[1] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(s[2..], Passages);
        BinaryPrimitives.WriteInt32LittleEndian(s[6..], SpinPassages);
        BinaryPrimitives.WriteInt32LittleEndian(s[10..], Pairs);
        BinaryPrimitives.WriteUInt64LittleEndian(s[14..], ExactHash);
        BinaryPrimitives.WriteUInt64LittleEndian(s[22..], SimHash);
        BinaryPrimitives.WriteInt32LittleEndian(s[30..], TextBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], checked((ushort)idBytes));
        Encoding.UTF8.GetBytes(Id, s[HeaderLength..]);
        CompressedText.Span.CopyTo(s[(HeaderLength + idBytes)..]);
        int body = bytes.Length - sizeof(ulong);
        BinaryPrimitives.WriteUInt64LittleEndian(s[body..], XxHash64.HashToUInt64(s[1..body]));
        return bytes;
    }

    /// <summary>Reads the gate's part of a header: state and counts (the rest of the record is not needed).</summary>
    /// <param name="header">The first <see cref="HeaderLength"/> bytes of a record, or fewer when it is missing.</param>
    /// <returns>The header's state and counts; null for a missing or foreign record.</returns>
    public static (byte State, int Passages, int SpinPassages, int Pairs)? ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength || header[1] != Version)
        {
            return null;
        }

        return (header[0], BinaryPrimitives.ReadInt32LittleEndian(header[2..]), BinaryPrimitives.ReadInt32LittleEndian(header[6..]), BinaryPrimitives.ReadInt32LittleEndian(header[10..]));
    }

    /// <summary>Whether a record key's value is the tombstone of a purged (or undone) record.</summary>
    /// <param name="value">The key's value.</param>
    /// <returns>True for the one-byte tombstone.</returns>
    public static bool IsTombstone(ReadOnlySpan<byte> value) => value is [Purged];

    /// <summary>Decodes a whole record, checking its lengths and checksum.</summary>
    /// <param name="bytes">The record's bytes.</param>
    /// <param name="source">What to name in errors (the index and the document key).</param>
    /// <returns>The record.</returns>
    /// <exception cref="NearDupFormatException">The record is truncated, of another version, or its checksum does not match.</exception>
    public static DocumentRecord Decode(ReadOnlyMemory<byte> bytes, string source)
    {
        ReadOnlySpan<byte> s = bytes.Span;
        if (s.Length < HeaderLength + sizeof(ulong))
        {
            throw new NearDupFormatException($"{source}: record of {s.Length} bytes is shorter than the {HeaderLength + sizeof(ulong)} of an empty one.");
        }

        if (s[1] != Version)
        {
            throw new NearDupFormatException($"{source}: record version {s[1]}, this build reads {Version}.");
        }

        if (s[0] > Removed)
        {
            throw new NearDupFormatException($"{source}: record state {s[0]} is none of pending (0), live (1), removed (2).");
        }

        int idBytes = BinaryPrimitives.ReadUInt16LittleEndian(s[34..]);
        int body = s.Length - sizeof(ulong);
        if (HeaderLength + idBytes > body)
        {
            throw new NearDupFormatException($"{source}: record id of {idBytes} bytes runs past the record's {s.Length} bytes.");
        }

        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(s[body..]), actual = XxHash64.HashToUInt64(s[1..body]);
        if (stored != actual)
        {
            throw new NearDupFormatException($"{source}: record checksum mismatch (stored {stored:x16}, computed {actual:x16}).");
        }

        return new DocumentRecord(
            s[0],
            BinaryPrimitives.ReadInt32LittleEndian(s[2..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[6..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[10..]),
            BinaryPrimitives.ReadUInt64LittleEndian(s[14..]),
            BinaryPrimitives.ReadUInt64LittleEndian(s[22..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[30..]),
            Encoding.UTF8.GetString(s.Slice(HeaderLength, idBytes)),
            bytes[(HeaderLength + idBytes)..body]);
    }
}
