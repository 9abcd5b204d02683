using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using NearDup.Storage.Codecs;

namespace NearDup.Storage;

/// <summary>
/// Reads a store file front to back (or, for payloads found earlier, at a given offset), tracking the offset so every
/// error names the file and where it happened, and checking each length against the bytes left before anything is
/// allocated.
/// </summary>
/// <remarks>
/// Reads go through a pooled 1 MiB window filled with <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>,
/// so the many small fields of a document cost a copy each, not a system call, and a read at an offset near the last
/// one is served from the window. Not a memory map: filling the same window from a fresh map (or reading each field
/// from it) streamed the 455 MiB of a 100,000-document index 2.6–3.4× slower, the page faults of a new mapping
/// costing more than the read calls they save (<c>store-read</c> in <c>benchmarks/README.md</c>), and a file cut short
/// by another process would raise SIGBUS instead of an exception. Fixed-size records (a section or batch header) are
/// decoded field by field with the <see cref="SpanReader"/> <see cref="ReadFields"/> returns, and every error is worded
/// by <see cref="FormatErrors"/>, like the codecs'. Thread safety: not thread-safe.
/// </remarks>
internal sealed class FormatReader : IDisposable
{
    private const int WindowSize = 1 << 20;
    private readonly SafeFileHandle _file;
    private readonly bool _ownsFile = true;
    private byte[]? _window;
    private long _windowStart;
    private int _windowCount;

    public FormatReader(string path)
    {
        Path = path;
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        try
        {
            Length = RandomAccess.GetLength(_file);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>A reader over a file another object keeps open (see <see cref="SnapshotTexts"/>), which it does not close.</summary>
    /// <param name="file">The open file.</param>
    /// <param name="path">Its path, for errors.</param>
    public FormatReader(SafeFileHandle file, string path)
    {
        Path = path;
        _file = file;
        _ownsFile = false;
        Length = RandomAccess.GetLength(file);
    }

    public string Path { get; }

    public long Length { get; }

    public long Position { get; private set; }

    public long Remaining => Length - Position;

    /// <summary>An error about the file: "<c>path: problem</c>".</summary>
    public NearDupFormatException Error(string problem) => FormatErrors.Create(Path, null, problem);

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes.</summary>
    public void Read(Span<byte> destination, string what)
    {
        ReadAt(Position, destination, what);
        Position += destination.Length;
    }

    /// <summary>
    /// Reads a fixed-size record of exactly <paramref name="destination"/>.Length bytes and returns a reader over its
    /// fields whose errors name this file, the record ("<paramref name="what"/> at offset N") and file offsets.
    /// </summary>
    public SpanReader ReadFields(Span<byte> destination, string what)
    {
        long offset = Position;
        Read(destination, what);
        return new SpanReader(destination, Path, $"{what} at offset {offset}", offset);
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes at <paramref name="offset"/>, leaving <see cref="Position"/> alone.</summary>
    public void ReadAt(long offset, Span<byte> destination, string what)
    {
        if (offset < 0 || destination.Length > Length - offset)
        {
            throw Error(FormatErrors.EndedAfter(Length, offset + destination.Length, what, offset));
        }

        while (!destination.IsEmpty)
        {
            long inWindow = offset - _windowStart;
            if (_window is not null && inWindow >= 0 && inWindow < _windowCount)
            {
                int n = Math.Min(destination.Length, _windowCount - (int)inWindow);
                _window.AsSpan((int)inWindow, n).CopyTo(destination);
                destination = destination[n..];
                offset += n;
                continue;
            }

            if (destination.Length >= WindowSize)
            {
                // Large reads (a whole log record) go straight to their destination rather than through the window.
                int direct = RandomAccess.Read(_file, destination, offset);
                if (direct == 0)
                {
                    throw ShrankError(offset);
                }

                destination = destination[direct..];
                offset += direct;
                continue;
            }

            _window ??= ArrayPool<byte>.Shared.Rent(WindowSize);
            _windowStart = offset;
            _windowCount = RandomAccess.Read(_file, _window.AsSpan(0, (int)Math.Min(WindowSize, Length - offset)), offset);

            if (_windowCount == 0)
            {
                throw ShrankError(offset);
            }
        }
    }

    public void Skip(long count)
    {
        Position += count;
    }

    /// <summary>
    /// Reads and checks a file header: magic, then a version this build reads (checked before the rest, whose layout a
    /// newer version may change), then the whole header, its trailing XxHash64 and the u16 flags at offset 10 (none known).
    /// </summary>
    /// <param name="header">Receives the header; as long as the longest version's.</param>
    /// <param name="magic">The file kind's magic.</param>
    /// <param name="kind">The file kind, for messages.</param>
    /// <param name="maxVersion">The newest version this build reads.</param>
    /// <param name="sizeOf">The header's length in each version, when versions differ; null when it is always
    /// <paramref name="header"/>'s length.</param>
    /// <returns>The file's format version.</returns>
    public ushort ReadHeader(Span<byte> header, ReadOnlySpan<byte> magic, string kind, ushort maxVersion, Func<ushort, int>? sizeOf = null)
    {
        if (Length < 10)
        {
            throw Error(FormatErrors.EndedAfter(Length, header.Length, "header", 0));
        }

        Read(header[..10], "header");
        if (!header[..8].SequenceEqual(magic))
        {
            throw Error($"not a NearDup {kind}: magic at offset 0 is {StoreFormat.DescribeMagic(header[..8])}, expected {StoreFormat.DescribeMagic(magic)}");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version > maxVersion)
        {
            // A newer format, or a known one whose version field was damaged: a header whose checksum holds once the field
            // says a version this build reads is the latter.
            throw Error(DamagedVersion(header.Length, maxVersion, sizeOf) is { } known
                ? $"the format version at offset 8 reads {version}, but the header is format {known}'s with that field damaged (its checksum holds with {known} there)"
                : $"format {version} is newer than this build (reads ≤ {maxVersion}), or the version at offset 8 is damaged");
        }

        if (version == 0)
        {
            throw Error("format version 0 at offset 8 is not valid");
        }

        if (sizeOf is not null)
        {
            header = header[..sizeOf(version)];
        }

        if (Length < header.Length)
        {
            throw Error(FormatErrors.EndedAfter(Length, header.Length, "header", 0));
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

        return version;
    }

    /// <summary>The version this build reads (newest first) that makes the header's checksum hold when written at offset
    /// 8 in place of the one found there, or null: which known header a damaged version field belongs to.</summary>
    /// <param name="capacity">The longest header of any version (the caller's buffer).</param>
    /// <param name="maxVersion">The newest version this build reads.</param>
    /// <param name="sizeOf">The header's length in each version, or null when it is always <paramref name="capacity"/>.</param>
    private ushort? DamagedVersion(int capacity, ushort maxVersion, Func<ushort, int>? sizeOf)
    {
        byte[] copy = new byte[capacity];
        for (ushort v = maxVersion; v >= 1; v--)
        {
            int size = sizeOf?.Invoke(v) ?? capacity;
            if (size < 10 + StoreFormat.ChecksumSize || size > capacity || Length < size)
            {
                continue;
            }

            ReadAt(0, copy.AsSpan(0, size), "header");
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(8), v);
            int checksumOffset = size - StoreFormat.ChecksumSize;
            if (XxHash64.HashToUInt64(copy.AsSpan(0, checksumOffset)) == BinaryPrimitives.ReadUInt64LittleEndian(copy.AsSpan(checksumOffset)))
            {
                return v;
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (_ownsFile)
        {
            _file.Dispose();
        }

        if (_window is not null)
        {
            ArrayPool<byte>.Shared.Return(_window);
            _window = null;
        }
    }

    // Lengths were checked against the length seen at open, so running out of bytes means someone else cut the file.
    private NearDupFormatException ShrankError(long offset) => Error($"the file ended at offset {offset}, shorter than the {Length} bytes it had when opened (changed while being read)");
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

    /// <summary>An error about something in the section: "<c>path: section DOCS: problem</c>".</summary>
    public NearDupFormatException Error(string message) => _reader.Error($"section {Section}: {message}");

    public void Read(Span<byte> destination, string what)
    {
        if (destination.Length > Remaining)
        {
            throw SectionError(FormatErrors.EndedAfter(_length, _length - Remaining + destination.Length, what, _reader.Position));
        }

        _reader.Read(destination, what);
        _hash.Append(destination);
    }

    public byte[] ReadBytes(long count, string what)
    {
        if (count > Remaining)
        {
            throw SectionError(FormatErrors.Claims((ulong)count, 1, what, _reader.Position, Remaining));
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
    public void HashRemaining() => HashSkip(Remaining, "section payload");

    /// <summary>Reads <paramref name="count"/> bytes into the section checksum without keeping them (a payload nobody wants).</summary>
    public void HashSkip(long count, string what)
    {
        if (count > Remaining)
        {
            throw SectionError(FormatErrors.Claims((ulong)count, 1, what, _reader.Position, Remaining));
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(count, 1), 1 << 16));
        try
        {
            while (count > 0)
            {
                int n = (int)Math.Min(count, buffer.Length);
                Read(buffer.AsSpan(0, n), what);
                count -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Requires the payload to be fully consumed, then reads and compares the section checksum.</summary>
    /// <returns>The checksum, which matched.</returns>
    public ulong Finish()
    {
        if (Remaining != 0)
        {
            throw SectionError(FormatErrors.LeftOver(Remaining, _reader.Position));
        }

        Span<byte> stored = stackalloc byte[StoreFormat.ChecksumSize];
        _reader.Read(stored, $"section {Section} checksum");
        if (BinaryPrimitives.ReadUInt64LittleEndian(stored) != _hash.GetCurrentHashAsUInt64())
        {
            throw _reader.Error($"section {Section} checksum mismatch at offset {_start}");
        }

        return _hash.GetCurrentHashAsUInt64();
    }

    /// <summary>One of the problems <see cref="FormatErrors"/> words, with the section as its subject: "<c>path: section DOCS ended after …</c>".</summary>
    private NearDupFormatException SectionError(string problem) => FormatErrors.Create(_reader.Path, $"section {Section}", problem);
}
