using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;

namespace NearDup.Cli.Inputs;

/// <summary>
/// Decompresses a gzip file and, at its end, checks that the data is whole: the CRC-32 and length the file's last member
/// records (its last eight bytes) must match what was read. <see cref="GZipStream"/> alone ends quietly where a cut file
/// ends, so a dataset cut short in a copy would read as a smaller, valid one.
/// </summary>
/// <remarks>
/// A file of one member (what gzip and most tools write) is checked against everything read; a file of several
/// members, whose last member's trailer covers only that member's data (the last bytes read), is read once more to the
/// end to check those. Data that is not gzip, or damaged inside, throws an <see cref="IOException"/> naming the file.
/// Thread safety: not thread-safe.
/// </remarks>
internal sealed class CheckedGZipStream : ReadOnlyStream
{
    private readonly string _path;
    private readonly TailStream _file;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _ended;

    /// <summary>Opens the file.</summary>
    /// <param name="path">The gzip file.</param>
    public CheckedGZipStream(string path)
    {
        _path = path;
        _file = new TailStream(File.OpenRead(path));
        _gzip = new GZipStream(_file, CompressionMode.Decompress);
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file is not gzip data, is damaged, or ends before its data does.</exception>
    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new IOException($"{_path}: not gzip data, or damaged ({e.Message.TrimEnd('.')}).", e);
        }

        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += read;
        }
        else if (!buffer.IsEmpty && !_ended)
        {
            _ended = true;
            CheckEnd();
        }

        return read;
    }

    /// <summary>Checks the last member's trailer against the data read.</summary>
    private void CheckEnd()
    {
        if (_file.Seen < 18)
        {
            throw Truncated();
        }

        ReadOnlySpan<byte> tail = _file.Tail;
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(tail), size = BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        if (size == (uint)_length && crc == _crc.GetCurrentHashAsUInt32())
        {
            return;
        }

        // Several members: the last one's data are the last `size` bytes read (a file of several members holding 4 GiB or
        // more is not checked further: the trailer keeps the size modulo 2^32).
        if (_length > uint.MaxValue)
        {
            return; // the last member's size is kept modulo 2^32, so where its data starts is not known
        }

        if (size > _length || !LastBytesMatch(_length - size, crc))
        {
            throw Truncated();
        }
    }

    /// <summary>Whether the CRC-32 of the data from <paramref name="start"/> to the end, read again, is <paramref name="crc"/>.</summary>
    private bool LastBytesMatch(long start, uint crc)
    {
        using var again = new GZipStream(File.OpenRead(_path), CompressionMode.Decompress);
        var check = new Crc32();
        byte[] buffer = new byte[1 << 16];
        long at = 0;
        for (int read; (read = again.Read(buffer)) > 0; at += read)
        {
            long skip = Math.Clamp(start - at, 0, read);
            check.Append(buffer.AsSpan((int)skip, read - (int)skip));
        }

        return at == _length && check.GetCurrentHashAsUInt32() == crc;
    }

    private IOException Truncated() =>
        new($"{_path}: the gzip data is truncated or damaged (its end does not match the CRC and length it records); the file cannot be read whole.");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Passes a stream's bytes through and keeps the last eight read, and how many were read.</summary>
    private sealed class TailStream(Stream inner) : ReadOnlyStream
    {
        private readonly byte[] _tail = new byte[8];

        /// <summary>Bytes read so far.</summary>
        public long Seen { get; private set; }

        /// <summary>The last eight bytes read (valid when <see cref="Seen"/> is at least 8).</summary>
        public ReadOnlySpan<byte> Tail => _tail;

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            if (read >= 8)
            {
                buffer.Slice(read - 8, 8).CopyTo(_tail);
            }
            else if (read > 0)
            {
                _tail.AsSpan(read).CopyTo(_tail);
                buffer[..read].CopyTo(_tail.AsSpan(8 - read));
            }

            Seen += read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A stream that is only read, front to back: what <see cref="CheckedGZipStream"/> and the stream under it have
/// in common.</summary>
internal abstract class ReadOnlyStream : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public abstract override int Read(Span<byte> buffer);

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
