using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Internal;

/// <summary>Writes the fields of an in-memory image (see <c>CandidateIndex.WriteImage</c>) front to back: small fields
/// little-endian through <see cref="BinaryPrimitives"/>, large arrays as their raw bytes, each preceded by a u64 element
/// count and starting at an 8-byte-aligned offset from the image's start.</summary>
/// <remarks>
/// <para>
/// Implementation note: the style guide says never to dump structs with <see cref="MemoryMarshal"/>; an image is the
/// exception on purpose. Its arrays are the structures' own, written as they lie in memory so that a reader fills the
/// target arrays in large sequential blocks (and a later step can map the image and read them in place), with no
/// per-element decoding. That is only byte order independent on little-endian processes, so
/// <see cref="EnsureLittleEndian"/> guards every image entry point, and every array written holds primitive values or
/// structs without padding.
/// </para>
/// <para>Thread safety: not thread-safe; one writer per image.</para>
/// </remarks>
internal sealed class ImageWriter
{
    // Arrays go out in slices of at most this many bytes: a span of bytes cannot reach 2 GB.
    private const int ChunkBytes = 1 << 30;

    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[8];
    private long _at;

    /// <summary>Creates a writer at the start of an image.</summary>
    /// <param name="output">Receives the image; writes of a few bytes go to it, so give it a buffered stream.</param>
    public ImageWriter(Stream output) => _output = output;

    /// <summary>Bytes written so far: the offset of the next field from the image's start.</summary>
    public long Offset => _at;

    /// <summary>Throws on a big-endian process, where the raw arrays of an image would not be little-endian.</summary>
    /// <exception cref="PlatformNotSupportedException">The process is big-endian.</exception>
    public static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("candidate images are written and read on little-endian processes only.");
        }
    }

    /// <summary>Writes a little-endian u32.</summary>
    /// <param name="value">The value.</param>
    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, value);
        Put(_buffer.AsSpan(0, 4));
    }

    /// <summary>Writes a little-endian i32.</summary>
    /// <param name="value">The value.</param>
    public void I32(int value) => U32((uint)value);

    /// <summary>Writes a little-endian u64.</summary>
    /// <param name="value">The value.</param>
    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer, value);
        Put(_buffer.AsSpan(0, 8));
    }

    /// <summary>Pads with zeros to the next multiple of 8 bytes from the image's start.</summary>
    public void Align()
    {
        int pad = (int)(-_at & 7);
        if (pad > 0)
        {
            _buffer.AsSpan(0, pad).Clear();
            Put(_buffer.AsSpan(0, pad));
        }
    }

    /// <summary>Writes an array: padding to an 8-byte boundary, its element count as a u64, then its raw bytes (which
    /// so start 8-byte aligned).</summary>
    /// <typeparam name="T">A primitive or a struct without padding.</typeparam>
    /// <param name="items">The elements.</param>
    public void Array<T>(ReadOnlySpan<T> items)
        where T : unmanaged
    {
        Align();
        U64((ulong)items.Length);
        int perChunk = ChunkBytes / Unsafe.SizeOf<T>();
        for (int start = 0; start < items.Length; start += perChunk)
        {
            Put(MemoryMarshal.AsBytes(items.Slice(start, Math.Min(perChunk, items.Length - start))));
        }
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        _at += bytes.Length;
    }
}
