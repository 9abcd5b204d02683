using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NearDup.Storage;
using NearDup.Storage.Codecs;

namespace NearDup.Internal;

/// <summary>Reads the fields of an image written by <see cref="ImageWriter"/> front to back, and turns every way the bytes
/// can be wrong into a <see cref="NearDupFormatException"/> naming the source, the field and its offset in the image.</summary>
/// <remarks>
/// <para>
/// Every read names its field. Counts are checked against the bytes left (the image's length, given up front) before
/// anything is allocated, and an array's capacity beyond its count (growth slack the structure keeps) may not exceed
/// the image's length in bytes, so a damaged image makes a reader allocate at most a few times the image's size (some
/// capacities size several arrays) before the section's checksum, checked after the read, rejects it.
/// Arrays are read with <see cref="Stream.ReadExactly(Span{byte})"/> straight into the target array. Padding must be
/// zeros. A stream that ends before the length it was said to have is reported as a truncation.
/// </para>
/// <para>Thread safety: not thread-safe; one reader per image.</para>
/// </remarks>
internal sealed class ImageReader
{
    private const string Subject = "candidate image";

    // Arrays come in in slices of at most this many bytes: a span of bytes cannot reach 2 GB.
    private const int ChunkBytes = 1 << 30;

    private readonly Stream _input;
    private readonly long _length;
    private readonly string _source;
    private readonly byte[] _buffer = new byte[8];
    private long _at;

    /// <summary>Creates a reader at the start of an image.</summary>
    /// <param name="input">The image's bytes, from its first.</param>
    /// <param name="length">The image's length in bytes: nothing past it is read.</param>
    /// <param name="source">The file or store the image came from, for errors.</param>
    public ImageReader(Stream input, long length, string source)
        : this(input, 0, length, source)
    {
    }

    /// <summary>Creates a reader over one part of an image (<see cref="ImagePartStream"/>), whose offsets (for alignment
    /// and errors) stay those of the whole image.</summary>
    /// <param name="input">The part's bytes, from its first.</param>
    /// <param name="start">Where the part starts in the image.</param>
    /// <param name="end">Where it ends: nothing past it is read.</param>
    /// <param name="source">The file or store the image came from, for errors.</param>
    public ImageReader(Stream input, long start, long end, string source)
    {
        _input = input;
        _at = start;
        _length = end;
        _source = source;
    }

    /// <summary>Where the next field starts, from the image's start.</summary>
    public long Offset => _at;

    /// <summary>Bytes not read yet.</summary>
    public long Left => _length - _at;

    /// <summary>Reads a little-endian u32.</summary>
    /// <param name="what">The field, for errors.</param>
    /// <returns>The value.</returns>
    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    /// <summary>Reads a little-endian u64.</summary>
    /// <param name="what">The field, for errors.</param>
    /// <returns>The value.</returns>
    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>Reads a little-endian i32 that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="what">The field, for errors.</param>
    /// <param name="min">The least value accepted.</param>
    /// <param name="max">The greatest value accepted.</param>
    /// <returns>The value.</returns>
    /// <exception cref="NearDupFormatException">The image ends first, or the value is out of range.</exception>
    public int Int(string what, int min, int max)
    {
        long at = _at;
        int value = (int)U32(what);
        if (value < min || value > max)
        {
            throw Invalid(what, at, $"is {value}, expected {min}..{max}");
        }

        return value;
    }

    /// <summary>Reads an array written by <see cref="ImageWriter.Array{T}"/> into a new array of
    /// <paramref name="capacity"/> elements (at least the count; the rest zero).</summary>
    /// <typeparam name="T">The element type the writer wrote.</typeparam>
    /// <param name="what">The array, for errors.</param>
    /// <param name="min">The least count accepted.</param>
    /// <param name="max">The greatest count accepted.</param>
    /// <param name="capacity">The length of the array returned, or −1 for the count. Checked against the image's length
    /// before anything is allocated.</param>
    /// <returns>The array.</returns>
    /// <exception cref="NearDupFormatException">The image ends first, the count is out of range or claims more bytes
    /// than are left, the capacity is below the count or too large, or the padding is not zeros.</exception>
    public T[] Array<T>(string what, long min, long max, long capacity = -1)
        where T : unmanaged
    {
        Span<T> items = default;
        T[] array = Array(what, min, max, capacity, ref items);
        Fill(items, what);
        return array;
    }

    /// <summary>Reads an array written by <see cref="ImageWriter.Array{T}"/> into the start of
    /// <paramref name="target"/>, whose length must be the count.</summary>
    /// <typeparam name="T">The element type the writer wrote.</typeparam>
    /// <param name="what">The array, for errors.</param>
    /// <param name="target">Receives the elements; its length is the count expected.</param>
    /// <exception cref="NearDupFormatException">The image ends first, the count is not the expected one, or the padding is not zeros.</exception>
    public void ArrayInto<T>(string what, Span<T> target)
        where T : unmanaged
    {
        ReadCount<T>(what, target.Length, target.Length);
        Fill(target, what);
    }

    /// <summary>Reads the count of an array written by <see cref="ImageWriter.Array{T}"/>, checked, for a caller that
    /// allocates the target itself and then calls <see cref="Elements{T}"/>.</summary>
    /// <typeparam name="T">The element type the writer wrote.</typeparam>
    /// <param name="what">The array, for errors.</param>
    /// <param name="min">The least count accepted.</param>
    /// <param name="max">The greatest count accepted.</param>
    /// <returns>The count; its elements start at <see cref="LastArrayOffset"/>.</returns>
    /// <exception cref="NearDupFormatException">The image ends first, the count is out of range or claims more bytes
    /// than are left, or the padding is not zeros.</exception>
    public int Count<T>(string what, long min, long max)
        where T : unmanaged => ReadCount<T>(what, min, max);

    /// <summary>Reads the elements of the array whose count <see cref="Count{T}"/> just read.</summary>
    /// <typeparam name="T">The element type the writer wrote.</typeparam>
    /// <param name="what">The array, for errors.</param>
    /// <param name="target">Receives the elements; exactly as long as the count.</param>
    /// <exception cref="NearDupFormatException">The stream ends first.</exception>
    public void Elements<T>(string what, Span<T> target)
        where T : unmanaged => Fill(target, what);

    /// <summary>Reads the count of an array written by <see cref="ImageWriter.Array{T}"/> and passes over its elements
    /// through one pooled 1 MiB buffer, for a structure used in place from a <see cref="MappedImage"/>: the stream still
    /// sees (and an <see cref="ImagePartStream"/> hashes) every byte, but nothing is allocated per element. A stream that
    /// can seek (<see cref="MappedPartStream"/>) is moved past the elements instead: nothing is read.</summary>
    /// <typeparam name="T">The element type the writer wrote.</typeparam>
    /// <param name="what">The array, for errors.</param>
    /// <param name="min">The least count accepted.</param>
    /// <param name="max">The greatest count accepted.</param>
    /// <returns>The count; its elements start at <see cref="LastArrayOffset"/>.</returns>
    /// <exception cref="NearDupFormatException">The image ends first, the count is out of range or claims more bytes
    /// than are left, or the padding is not zeros.</exception>
    public int Skip<T>(string what, long min, long max)
        where T : unmanaged
    {
        int count = ReadCount<T>(what, min, max);
        if (_input.CanSeek)
        {
            // A stream that can pass over bytes (a lazily checked mapped part): the elements are neither read nor
            // checked here, but where they lie, when a lookup reads them.
            long bytes = (long)count * Unsafe.SizeOf<T>();
            _input.Seek(bytes, SeekOrigin.Current);
            _at += bytes;
            return count;
        }

        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long left = (long)count * Unsafe.SizeOf<T>(); left > 0;)
            {
                int n = (int)Math.Min(left, buffer.Length);
                ReadExactly(buffer.AsSpan(0, n), what);
                left -= n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return count;
    }

    /// <summary>A <see cref="NearDupFormatException"/> saying a field holds a wrong value: "source: candidate image field
    /// <paramref name="what"/> at offset N <paramref name="problem"/>".</summary>
    /// <param name="what">The field.</param>
    /// <param name="offset">Where the field starts in the image.</param>
    /// <param name="problem">What is wrong, phrased to follow the field ("is 7, expected 0..3").</param>
    /// <returns>The exception, to throw.</returns>
    public NearDupFormatException Invalid(string what, long offset, string problem) =>
        FormatErrors.Create(_source, Subject, $"field {what} at offset {offset} {problem}");

    /// <summary>As <see cref="Invalid"/> for one element of an array read earlier.</summary>
    /// <param name="what">The array.</param>
    /// <param name="arrayOffset">Where the array's first element starts in the image.</param>
    /// <param name="index">The element.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The exception, to throw.</returns>
    public NearDupFormatException InvalidElement(string what, long arrayOffset, long index, int elementSize, string problem) =>
        Invalid($"{what}[{index}]", arrayOffset + index * elementSize, problem);

    /// <summary>Throws when bytes are left after the last field.</summary>
    /// <exception cref="NearDupFormatException">Bytes are left.</exception>
    public void End()
    {
        if (_at != _length)
        {
            throw FormatErrors.Create(_source, Subject, FormatErrors.LeftOver(_length - _at, _at));
        }
    }

    /// <summary>The offset at which the elements of the array read last started (after its count).</summary>
    public long LastArrayOffset { get; private set; }

    private T[] Array<T>(string what, long min, long max, long capacity, ref Span<T> items)
        where T : unmanaged
    {
        int count = ReadCount<T>(what, min, max);
        long length = capacity < 0 ? count : capacity;
        if (length < count || (length - count) * Unsafe.SizeOf<T>() > _length || length > System.Array.MaxLength)
        {
            throw Invalid($"{what} capacity", LastArrayOffset, $"is {length} for {count} elements in an image of {_length} bytes");
        }

        // With growth slack, a zeroed array rather than clearing the slack: fresh memory from the system is zero already,
        // so the slack's pages are not touched until the structure grows into them (first touches of fresh pages are
        // most of what an open costs).
        T[] array = length == 0 ? [] : length > count ? FreshArrays.Zeroed<T>((int)length) : FreshArrays.Uninitialised<T>((int)length);
        items = array.AsSpan(0, count);
        return array;
    }

    private int ReadCount<T>(string what, long min, long max)
        where T : unmanaged
    {
        Align(what);
        long at = _at;
        ulong count = U64($"{what} count");
        int size = Unsafe.SizeOf<T>();
        if (count > (ulong)(Left / size))
        {
            throw FormatErrors.Create(_source, Subject, FormatErrors.Claims(count, size, what, _at, Left));
        }

        if (count < (ulong)Math.Max(0, min) || count > (ulong)Math.Min(max, System.Array.MaxLength))
        {
            throw Invalid($"{what} count", at, $"is {count}, expected {min}..{Math.Min(max, System.Array.MaxLength)}");
        }

        LastArrayOffset = _at;
        return (int)count;
    }

    /// <summary>Reads the zero padding up to the next 8-byte boundary from the image's start, as
    /// <see cref="ImageWriter.Align"/> wrote it (every array does this itself first).</summary>
    /// <param name="what">What follows the padding, for errors.</param>
    /// <exception cref="NearDupFormatException">The image ends first, or the padding is not zeros.</exception>
    public void Align(string what)
    {
        int pad = (int)(-_at & 7);
        if (pad == 0)
        {
            return;
        }

        long at = _at;
        if (Take(pad, $"padding before {what}").ContainsAnyExcept((byte)0))
        {
            throw Invalid($"padding before {what}", at, "is not zeros");
        }
    }

    private void Fill<T>(Span<T> items, string what)
        where T : unmanaged
    {
        int perChunk = ChunkBytes / Unsafe.SizeOf<T>();
        for (int start = 0; start < items.Length; start += perChunk)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(items.Slice(start, Math.Min(perChunk, items.Length - start)));
            ReadExactly(bytes, what);
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (Left < count)
        {
            throw FormatErrors.Create(_source, Subject, FormatErrors.EndedAfter(_length, _at + count, what, _at));
        }

        Span<byte> bytes = _buffer.AsSpan(0, count);
        ReadExactly(bytes, what);
        return bytes;
    }

    private void ReadExactly(Span<byte> bytes, string what)
    {
        try
        {
            _input.ReadExactly(bytes);
        }
        catch (EndOfStreamException e)
        {
            throw FormatErrors.Create(_source, Subject, $"stream ended before the {_length} bytes it was said to hold, while reading {what} at offset {_at}", e);
        }

        _at += bytes.Length;
    }
}
