using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using NearDup.Internal;
using NearDup.Storage.Codecs;

namespace NearDup.Storage;

/// <summary>Where an image's bytes lie in a file, for readers that read its parts at their own offsets.</summary>
/// <param name="Handle">The open file (not owned: reads use <see cref="RandomAccess"/>, so several threads share it).</param>
/// <param name="Offset">Where the image's first byte is in the file.</param>
/// <param name="Length">The image's length in bytes.</param>
/// <param name="Path">The file's path, for errors.</param>
internal readonly record struct ImageFile(SafeFileHandle Handle, long Offset, long Length, string Path);

/// <summary>One part of a parted image (<see cref="ImagePartWriter"/>): where it starts in the image, how long it is and
/// the XxHash3 of its bytes.</summary>
/// <param name="Start">Offset of its first byte from the image's start.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Checksum">XxHash3 (seed 0) of its bytes.</param>
internal readonly record struct ImagePart(long Start, long Length, ulong Checksum);

/// <summary>
/// Passes an image through to a stream while cutting it into parts, each with its own checksum, and ends it with a
/// directory of the parts, so that a reader can read and check the parts at their own offsets, side by side.
/// </summary>
/// <remarks>
/// <para>
/// The parts tile the image from its first byte to the directory: each ends where the next starts (the writer calls
/// <see cref="Mark"/> at each boundary, 8-byte aligned), so every byte is covered by a part's checksum or the
/// directory's. The directory, little-endian: per part its start (u64) and XxHash3 (u64); then (since table image
/// version 4) the XxHash3 (u64) of every 64 KiB block of the image from its first byte up to the directory, the last
/// block shorter (<see cref="ImageBlocks"/>: parts read in place from a map are checked block by block when first
/// read, not hashed whole at open); then the trailer of
/// <see cref="TrailerSize"/> bytes: where the directory starts (u64), the part count (u32), two values the image's own
/// layout gives it (a u32 and a u64; for a table image the key count the parts are checked against and the candidate
/// settings' fingerprint, so that an image of other settings is passed over before any part is read), and the XxHash3
/// of every directory byte before it (u64).
/// </para>
/// <para>
/// Why not the one checksum of the section around the image: XxHash64 over the whole image runs on one core at about
/// 1 GB/s here, a quarter of an open, and cannot be split; per-part XxHash3 runs at several GB/s on the core that reads
/// the part, while the part is still in the processor's cache.
/// </para>
/// <para>Thread safety: not thread-safe; one writer per image.</para>
/// </remarks>
internal sealed class ImagePartWriter : Stream
{
    /// <summary>Bytes of the trailer at the image's end.</summary>
    public const int TrailerSize = 32;

    private readonly Stream _output;
    private readonly XxHash3 _hash = new();
    private readonly XxHash3 _block = new();
    private readonly List<ImagePart> _parts = [];
    private readonly List<ulong> _blocks = [];
    private long _partStart;
    private long _at;

    /// <summary>Creates a writer at the start of an image.</summary>
    /// <param name="output">Receives the image; give it a buffered stream (fields of a few bytes pass through).</param>
    public ImagePartWriter(Stream output) => _output = output;

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => _at;

    /// <inheritdoc/>
    public override long Position
    {
        get => _at;
        set => throw new NotSupportedException();
    }

    /// <summary>Ends the current part here and starts the next.</summary>
    /// <exception cref="InvalidOperationException">The part is empty or the offset is not 8-byte aligned.</exception>
    public void Mark()
    {
        if (_at == _partStart || (_at & 7) != 0)
        {
            throw new InvalidOperationException($"an image part must be non-empty and end 8-byte aligned; it ends at offset {_at}, started at {_partStart}.");
        }

        _parts.Add(new ImagePart(_partStart, _at - _partStart, _hash.GetCurrentHashAsUInt64()));
        _hash.Reset();
        _partStart = _at;
    }

    /// <summary>Ends the last part and writes the directory.</summary>
    /// <param name="value">The trailer's layout-defined u32 (see the remarks).</param>
    /// <param name="tag">The trailer's layout-defined u64.</param>
    public void WriteDirectory(uint value, ulong tag)
    {
        Mark();
        long directoryStart = _at;
        if (_at % ImageBlocks.Size != 0)
        {
            _blocks.Add(_block.GetCurrentHashAsUInt64()); // the last block, shorter
        }

        int blocksAt = _parts.Count * 16;
        int trailerAt = blocksAt + (_blocks.Count * 8);
        byte[] directory = new byte[trailerAt + TrailerSize];
        Span<byte> span = directory;
        for (int i = 0; i < _parts.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(i * 16)..], _parts[i].Start);
            BinaryPrimitives.WriteUInt64LittleEndian(span[((i * 16) + 8)..], _parts[i].Checksum);
        }

        for (int i = 0; i < _blocks.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[(blocksAt + (i * 8))..], _blocks[i]);
        }

        Span<byte> trailer = span[trailerAt..];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, directoryStart);
        BinaryPrimitives.WriteInt32LittleEndian(trailer[8..], _parts.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[12..], value);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer[16..], tag);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer[24..], XxHash3.HashToUInt64(span[..^8]));
        _output.Write(directory);
        _at += directory.Length;
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        _output.Write(buffer);
        while (!buffer.IsEmpty)
        {
            int room = ImageBlocks.Size - (int)(_at % ImageBlocks.Size);
            int n = Math.Min(room, buffer.Length);
            _block.Append(buffer[..n]);
            _at += n;
            buffer = buffer[n..];
            if (n == room)
            {
                _blocks.Add(_block.GetCurrentHashAsUInt64());
                _block.Reset();
            }
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Flush() => _output.Flush();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Reads the directory <see cref="ImagePartWriter"/> ends an image with, and the parts it lists.</summary>
/// <remarks>Thread safety: immutable once read; <see cref="Open"/> may be called from several threads.</remarks>
internal sealed class ImageDirectory
{
    private const string Subject = "section CIMG";

    private readonly ImageFile _file;

    private ImageDirectory(ImageFile file, ImagePart[] parts, uint value, ulong tag, ulong[]? blocks)
    {
        _file = file;
        BlockChecksums = blocks;
        Parts = parts;
        Value = value;
        Tag = tag;
    }

    /// <summary>The parts, in image order.</summary>
    public IReadOnlyList<ImagePart> Parts { get; }

    /// <summary>The trailer's layout-defined u32.</summary>
    public uint Value { get; }

    /// <summary>The trailer's layout-defined u64.</summary>
    public ulong Tag { get; }

    /// <summary>Reads and checks an image's directory: the trailer and directory against their checksum, the part count
    /// against <paramref name="parts"/>, and that the parts tile the image from offset 0 to the directory, each
    /// non-empty and 8-byte aligned.</summary>
    /// <param name="file">The image.</param>
    /// <param name="parts">The part count the image's layout has.</param>
    /// <param name="blocks">Whether the directory holds block checksums after the parts (image version 4).</param>
    /// <returns>The directory.</returns>
    /// <exception cref="NearDupFormatException">The image is too short for a directory, or the directory is damaged or
    /// inconsistent; the error names the file, the section and the offset.</exception>
    public static ImageDirectory Read(ImageFile file, int parts, bool blocks = false)
    {
        long size = ((long)parts * 16) + ImagePartWriter.TrailerSize;
        if (file.Length < size)
        {
            throw Error(file, $"image of {file.Length} bytes ends before the {size}-byte directory of its {parts} parts");
        }

        int blockCount = 0;
        if (blocks)
        {
            // The block checksums' count follows from where the directory starts, which the trailer says: the trailer
            // is read first, and checked with the rest once the whole directory is read.
            Span<byte> end = stackalloc byte[ImagePartWriter.TrailerSize];
            ReadExactlyAt(file, file.Length - end.Length, end, "image directory");
            long start = BinaryPrimitives.ReadInt64LittleEndian(end);
            if (start < 0 || start > file.Length - size)
            {
                throw Error(file, $"image directory trailer at offset {file.Offset + file.Length - end.Length} says the directory starts at {start}, outside the {file.Length}-byte image");
            }

            blockCount = ImageBlocks.Count(start);
            size += blockCount * 8L;
            if (size != file.Length - start)
            {
                throw Error(file, $"image directory at offset {file.Offset + start} is {file.Length - start} bytes, expected {size} for {parts} parts and the {blockCount} block checksums of {start} bytes");
            }
        }

        long at = file.Length - size;
        byte[] bytes = new byte[size];
        ReadExactlyAt(file, at, bytes, "image directory");
        ReadOnlySpan<byte> trailer = bytes.AsSpan((int)(size - ImagePartWriter.TrailerSize));
        if (XxHash3.HashToUInt64(bytes.AsSpan(0, (int)size - 8)) != BinaryPrimitives.ReadUInt64LittleEndian(trailer[24..]))
        {
            throw Error(file, $"image directory checksum mismatch at offset {file.Offset + at}");
        }

        long directoryStart = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        int count = BinaryPrimitives.ReadInt32LittleEndian(trailer[8..]);
        if (count != parts || directoryStart != at)
        {
            throw Error(file, $"image directory at offset {file.Offset + at} lists {count} parts from offset {directoryStart}, expected {parts} from {at}");
        }

        var list = new ImagePart[parts];
        for (int i = 0; i < parts; i++)
        {
            long start = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 16));
            long end = i + 1 < parts ? BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((i + 1) * 16)) : directoryStart;
            if ((i == 0 ? start != 0 : start <= 0) || end <= start || end > directoryStart || (start & 7) != 0)
            {
                throw Error(file, $"image directory at offset {file.Offset + at} gives part {i} offsets {start} to {end}, which do not tile the {directoryStart} bytes before it");
            }

            list[i] = new ImagePart(start, end - start, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((i * 16) + 8)));
        }

        ulong[]? checksums = null;
        if (blocks)
        {
            checksums = new ulong[blockCount];
            for (int i = 0; i < blockCount; i++)
            {
                checksums[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((parts * 16) + (i * 8)));
            }
        }

        return new ImageDirectory(file, list, BinaryPrimitives.ReadUInt32LittleEndian(trailer[12..]), BinaryPrimitives.ReadUInt64LittleEndian(trailer[16..]), checksums);
    }

    /// <summary>The checksums of the image's 64 KiB blocks up to the directory (<see cref="ImageBlocks"/>), or null for a
    /// directory without them (images before version 4).</summary>
    public ulong[]? BlockChecksums { get; }

    /// <summary>Where the directory starts: the bytes its parts (and blocks) cover.</summary>
    public long Covered => Parts[^1].Start + Parts[^1].Length;

    /// <summary>A stream over one part, which checks the part's checksum once the part is read to its end.</summary>
    /// <param name="part">The part's index.</param>
    /// <param name="name">The part's name, for errors ("word passages").</param>
    /// <returns>The stream; call <see cref="ImagePartStream.Finish"/> after the last byte.</returns>
    public ImagePartStream Open(int part, string name) => new(_file, Parts[part], part, name);

    /// <summary>Reads exactly <paramref name="into"/>.Length bytes at an offset of the image.</summary>
    internal static void ReadExactlyAt(ImageFile file, long at, Span<byte> into, string what)
    {
        long fileAt = file.Offset + at;
        while (!into.IsEmpty)
        {
            int n = RandomAccess.Read(file.Handle, into, fileAt);
            if (n == 0)
            {
                throw Error(file, $"the file ended at offset {fileAt} while reading {what} (changed while being read)");
            }

            into = into[n..];
            fileAt += n;
        }
    }

    /// <summary>An error about the image: "<c>path: section CIMG …</c>".</summary>
    internal static NearDupFormatException Error(ImageFile file, string problem) => FormatErrors.Create(file.Path, Subject, problem);
}

/// <summary>A read-only, forward-only stream over one part of an image, reading at the part's own offset (so that parts
/// are read side by side, each by its own thread) and hashing what it reads.</summary>
/// <remarks>
/// Small reads (the fields of a structure) come from a 64 KiB window; large ones (a structure's arrays) go straight to
/// their destination in slices of <see cref="Slice"/> bytes, each hashed right after it is read, while it is still in
/// the processor's cache. Thread safety: not thread-safe; one reader per part.
/// </remarks>
internal sealed class ImagePartStream : ForwardReadStream
{
    private const int WindowSize = 1 << 16;

    // Slices of a large read: small enough to stay in the cache between the read and the hash, large enough that the
    // system calls cost nothing (about 1,000 a GB).
    private const int Slice = 1 << 20;

    private readonly ImageFile _file;
    private readonly ImagePart _part;
    private readonly int _index;
    private readonly string _name;
    private readonly XxHash3 _hash = new();
    private readonly byte[] _window = new byte[WindowSize];
    private int _windowAt;
    private int _windowCount;
    private long _read; // bytes of the part read from the file (and hashed)

    internal ImagePartStream(ImageFile file, ImagePart part, int index, string name)
    {
        _file = file;
        _part = part;
        _index = index;
        _name = name;
    }

    /// <summary>The part's first byte's offset from the image's start.</summary>
    public long Start => _part.Start;

    /// <summary>The part's length in bytes.</summary>
    public long PartLength => _part.Length;

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int given = 0;
        while (!buffer.IsEmpty)
        {
            if (_windowAt < _windowCount)
            {
                int n = Math.Min(buffer.Length, _windowCount - _windowAt);
                _window.AsSpan(_windowAt, n).CopyTo(buffer);
                _windowAt += n;
                buffer = buffer[n..];
                given += n;
                continue;
            }

            long left = _part.Length - _read;
            if (left == 0)
            {
                break;
            }

            if (buffer.Length >= WindowSize)
            {
                int n = (int)Math.Min(Math.Min(buffer.Length, Slice), left);
                Fetch(buffer[..n]);
                buffer = buffer[n..];
                given += n;
                continue;
            }

            _windowCount = (int)Math.Min(WindowSize, left);
            _windowAt = 0;
            Fetch(_window.AsSpan(0, _windowCount));
        }

        return given;
    }

    /// <summary>Checks that the part was read to its end and that its bytes match its checksum.</summary>
    /// <exception cref="NearDupFormatException">Bytes are left, or the checksum does not match (naming the file, the
    /// section, the part and its offset in the file).</exception>
    public void Finish()
    {
        long left = _part.Length - _read + (_windowCount - _windowAt);
        if (left != 0)
        {
            throw ImageDirectory.Error(_file, $"image part {_index} ({_name}) at offset {_file.Offset + _part.Start} has {left} bytes after its last field");
        }

        if (_hash.GetCurrentHashAsUInt64() != _part.Checksum)
        {
            throw ImageDirectory.Error(_file, $"image part {_index} ({_name}) checksum mismatch at offset {_file.Offset + _part.Start}");
        }
    }

    private void Fetch(Span<byte> into)
    {
        ImageDirectory.ReadExactlyAt(_file, _part.Start + _read, into, $"image part {_index} ({_name})");
        _hash.Append(into);
        _read += into.Length;
    }
}

/// <summary>A read-only, forward-only stream over one part of a mapped image whose blocks are checked lazily (table image
/// version 4): reads copy out of the map after checking the blocks they touch, and seeking forward passes over bytes
/// without reading or checking them, so that reading a structure used in place touches only the blocks that hold its
/// fields, not its arrays.</summary>
/// <remarks>Thread safety: not thread-safe; one reader per part.</remarks>
internal sealed class MappedPartStream : Stream
{
    private readonly MappedImage _image;
    private readonly long _start;
    private readonly long _end;
    private long _at;

    /// <summary>Creates a stream at a part's first byte.</summary>
    /// <param name="image">The mapped image, its block checks attached (<see cref="MappedImage.CheckLazily"/>).</param>
    /// <param name="part">The part.</param>
    public MappedPartStream(MappedImage image, ImagePart part)
    {
        _image = image;
        _start = part.Start;
        _end = part.Start + part.Length;
        _at = _start;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _end - _start;

    /// <inheritdoc/>
    public override long Position
    {
        get => _at - _start;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, _end - _at);
        _image.Read(_at, buffer[..n]);
        _at += n;
        return n;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Moves forward by <paramref name="offset"/> bytes (<see cref="SeekOrigin.Current"/> only), up to the part's end.</summary>
    /// <param name="offset">Bytes to pass over, 0 or more.</param>
    /// <param name="origin"><see cref="SeekOrigin.Current"/>.</param>
    /// <returns>The new position from the part's start.</returns>
    /// <exception cref="NotSupportedException">Another origin, or a move backwards or past the part.</exception>
    public override long Seek(long offset, SeekOrigin origin)
    {
        if (origin != SeekOrigin.Current || offset < 0 || offset > _end - _at)
        {
            throw new NotSupportedException($"a mapped part's stream only moves forward within the part ({offset} bytes from {_at - _start} of {_end - _start}).");
        }

        _at += offset;
        return _at - _start;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
