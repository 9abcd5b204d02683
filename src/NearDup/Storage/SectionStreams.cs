using System;
using System.IO;
using System.IO.Hashing;

namespace NearDup.Storage;

/// <summary>A forward-only, write-only stream over a section's payload: passes every byte to the file and to the
/// section's checksum, and counts them.</summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
internal sealed class SectionWriteStream(Stream file) : Stream
{
    private readonly XxHash64 _hash = new();

    /// <summary>Bytes written so far.</summary>
    public long Written { get; private set; }

    /// <summary>The XxHash64 of the bytes written so far.</summary>
    public ulong Checksum => _hash.GetCurrentHashAsUInt64();

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        file.Write(buffer);
        Written += buffer.Length;
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A forward-only, read-only stream: what such a stream does not do, in one place.</summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
internal abstract class ForwardReadStream : Stream
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
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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

/// <summary>A forward-only, read-only stream over a section's payload, for a reader that takes a <see cref="Stream"/>:
/// every byte goes through the <see cref="SectionReader"/>, which bounds it by the section and hashes it for the
/// section's checksum.</summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
internal sealed class SectionReadStream(SectionReader section) : ForwardReadStream
{
    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, section.Remaining);
        section.Read(buffer[..count], "payload");
        return count;
    }
}
