using System;
using System.Buffers.Binary;

namespace NearDup.Storage.Codecs;

/// <summary>
/// Writes the fields of a binary record front to back into a span sized in advance, little-endian: the writing twin
/// of <see cref="SpanReader"/>.
/// </summary>
/// <remarks>
/// The caller computes the record's length from its layout; <see cref="End"/> checks that the fields written fill it
/// exactly, so a layout and a length that disagree fail at once rather than leaving zeros on disk. Writing past the end
/// throws <see cref="ArgumentOutOfRangeException"/> (a bug, not bad data). Thread safety: a <see langword="ref"/>
/// struct, used by one thread on one stack.
/// </remarks>
internal ref struct SpanWriter
{
    private readonly Span<byte> _buffer;
    private int _at;

    /// <summary>Creates a writer at the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Where the record goes, exactly its length.</param>
    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _at;

    /// <summary>Writes a byte.</summary>
    /// <param name="value">The value.</param>
    public void U8(byte value) => _buffer[_at++] = value;

    /// <summary>Writes a little-endian u16.</summary>
    /// <param name="value">The value.</param>
    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_at..], value);
        _at += 2;
    }

    /// <summary>Writes a little-endian u32.</summary>
    /// <param name="value">The value.</param>
    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_at..], value);
        _at += 4;
    }

    /// <summary>Writes a little-endian u64.</summary>
    /// <param name="value">The value.</param>
    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_at..], value);
        _at += 8;
    }

    /// <summary>Writes a double as the little-endian u64 of its bits.</summary>
    /// <param name="value">The value.</param>
    public void F64(double value) => U64(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Copies bytes as they are.</summary>
    /// <param name="bytes">The bytes.</param>
    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_at..]);
        _at += bytes.Length;
    }

    /// <summary>Writes little-endian u32s, without a count (the reader knows how many: <see cref="SpanReader.U32s"/>).</summary>
    /// <param name="values">The values.</param>
    public void U32s(ReadOnlySpan<uint> values)
    {
        foreach (uint value in values)
        {
            U32(value);
        }
    }

    /// <summary>Writes a u32 count, then the values as little-endian u64s (<see cref="SpanReader.CountedU64s"/>).</summary>
    /// <param name="values">The values.</param>
    public void CountedU64s(ReadOnlySpan<ulong> values)
    {
        U32((uint)values.Length);
        foreach (ulong value in values)
        {
            U64(value);
        }
    }

    /// <summary>Requires the buffer to be exactly full.</summary>
    /// <exception cref="InvalidOperationException">Fewer bytes were written than the buffer holds: the length computed for the layout is wrong.</exception>
    public readonly void End()
    {
        if (_at != _buffer.Length)
        {
            throw new InvalidOperationException($"the record's fields filled {_at} of the {_buffer.Length} bytes computed for it.");
        }
    }
}
