using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;

namespace NearDup.Storage;

/// <summary>
/// Reads a store file front to back, tracking the offset so every error names the file and where it happened, and
/// checking each length against the bytes left before anything is allocated.
/// </summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
internal sealed class FormatReader : IDisposable
{
    private readonly FileStream _stream;

    public FormatReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        Length = _stream.Length;
    }

    public string Path { get; }

    public long Length { get; }

    public long Position { get; private set; }

    public long Remaining => Length - Position;

    public NearDupFormatException Error(string message) => new($"{Path}: {message}");

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes.</summary>
    public void Read(Span<byte> destination, string what)
    {
        if (destination.Length > Remaining)
        {
            throw Error($"{what} at offset {Position} needs {destination.Length} bytes but the file ended after {Length} bytes");
        }

        _stream.ReadExactly(destination);
        Position += destination.Length;
    }

    public void Skip(long count)
    {
        Position += count;
        _stream.Seek(Position, SeekOrigin.Begin);
    }

    /// <summary>
    /// Reads and checks a file header: magic, then a version this build reads (checked before the rest, whose layout a
    /// newer version may change), then the whole header, its trailing XxHash64 and the u16 flags at offset 10 (none known).
    /// </summary>
    public void ReadHeader(Span<byte> header, ReadOnlySpan<byte> magic, string kind, ushort maxVersion)
    {
        if (Length < 10)
        {
            throw Error($"header ended after {Length} of {header.Length} bytes");
        }

        Read(header[..10], "header");
        if (!header[..8].SequenceEqual(magic))
        {
            throw Error($"not a NearDup {kind}: magic at offset 0 is {StoreFormat.DescribeMagic(header[..8])}, expected {StoreFormat.DescribeMagic(magic)}");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version > maxVersion)
        {
            throw Error($"format {version} is newer than this build (reads ≤ {maxVersion})");
        }

        if (version == 0)
        {
            throw Error("format version 0 at offset 8 is not valid");
        }

        if (Length < header.Length)
        {
            throw Error($"header ended after {Length} of {header.Length} bytes");
        }

        Read(header[10..], "header");
        int checksumOffset = header.Length - StoreFormat.ChecksumSize;
        if (XxHash64.HashToUInt64(header[..checksumOffset]) != BinaryPrimitives.ReadUInt64LittleEndian(header[checksumOffset..]))
        {
            throw Error($"header checksum mismatch at offset {checksumOffset}");
        }

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        if (flags != 0)
        {
            throw Error($"unknown header flags 0x{flags:X4} at offset 10 (this build knows none)");
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>
/// Parses one section payload incrementally, hashing what it reads, so a large DOCS section is checked without being
/// held in memory twice. Every length is checked against the section's bytes left before allocating.
/// </summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
internal sealed class SectionReader
{
    private readonly FormatReader _reader;
    private readonly XxHash64 _hash = new();
    private readonly long _start;
    private readonly long _length;

    public SectionReader(FormatReader reader, string section, long length)
    {
        _reader = reader;
        Section = section;
        _start = reader.Position;
        _length = length;
    }

    public string Section { get; }

    public long Remaining => _length - (_reader.Position - _start);

    public long Position => _reader.Position;

    public NearDupFormatException Error(string message) => _reader.Error($"section {Section}: {message}");

    public void Read(Span<byte> destination, string what)
    {
        if (destination.Length > Remaining)
        {
            throw Error($"{what} at offset {_reader.Position} needs {destination.Length} bytes but only {Remaining} are left in the section");
        }

        _reader.Read(destination, what);
        _hash.Append(destination);
    }

    public byte[] ReadBytes(long count, string what)
    {
        if (count > Remaining)
        {
            throw Error($"{what} at offset {_reader.Position} claims {count} bytes but only {Remaining} are left in the section");
        }

        var bytes = new byte[count];
        Read(bytes, what);
        return bytes;
    }

    public ushort ReadUInt16(string what)
    {
        Span<byte> buffer = stackalloc byte[2];
        Read(buffer, what);
        return BinaryPrimitives.ReadUInt16LittleEndian(buffer);
    }

    public uint ReadUInt32(string what)
    {
        Span<byte> buffer = stackalloc byte[4];
        Read(buffer, what);
        return BinaryPrimitives.ReadUInt32LittleEndian(buffer);
    }

    /// <summary>Hashes the rest of the section without keeping it (unknown sections).</summary>
    public void HashRemaining()
    {
        var buffer = new byte[(int)Math.Min(Remaining, 1 << 16)];
        while (Remaining > 0)
        {
            Read(buffer.AsSpan(0, (int)Math.Min(Remaining, buffer.Length)), "section payload");
        }
    }

    /// <summary>Requires the payload to be fully consumed, then reads and compares the section checksum.</summary>
    public void Finish()
    {
        if (Remaining != 0)
        {
            throw Error($"{Remaining} unexpected bytes left over at offset {_reader.Position}");
        }

        Span<byte> stored = stackalloc byte[StoreFormat.ChecksumSize];
        _reader.Read(stored, $"section {Section} checksum");
        if (BinaryPrimitives.ReadUInt64LittleEndian(stored) != _hash.GetCurrentHashAsUInt64())
        {
            throw _reader.Error($"section {Section} checksum mismatch at offset {_start}");
        }
    }
}
