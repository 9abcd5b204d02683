using System;
using System.Buffers.Binary;

namespace NearDup.Storage.Codecs;

/// <summary>
/// Reads the fields of a binary record front to back from a span, little-endian, and turns every way the bytes can be
/// wrong into a <see cref="NearDupFormatException"/> worded by <see cref="FormatErrors"/>, naming the source, the
/// subject, the field, its offset and the byte counts.
/// </summary>
/// <remarks>
/// <para>
/// Every read names its field (<c>U32("text length")</c>), so a truncated record says which field it lost. Counts are
/// checked against the bytes left before anything is allocated (<see cref="Count"/>, <see cref="CountedU64s"/>), and
/// <see cref="End"/> rejects bytes left over. Offsets in messages are the span's own plus <c>origin</c>, so a record
/// cut out of a file reports file offsets.
/// </para>
/// <para>Thread safety: a <see langword="ref"/> struct, used by one thread on one stack.</para>
/// </remarks>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _source;
    private readonly string _subject;
    private readonly string? _subjectArgument;
    private readonly long _origin;
    private int _at;

    /// <summary>Creates a reader at the start of <paramref name="data"/>.</summary>
    /// <param name="data">The record.</param>
    /// <param name="source">The file or store it came from: "index.ndup", "/data/idx/wal.ndlog", "memory".</param>
    /// <param name="subject">What it is, as a singular noun phrase: "document 'x' payload version 2", "options format 2".</param>
    /// <param name="origin">The offset of <paramref name="data"/> in its source, added to every offset reported.</param>
    public SpanReader(ReadOnlySpan<byte> data, string source, string subject, long origin = 0)
        : this(data, source, subject, null, origin)
    {
    }

    /// <summary>Creates a reader whose subject is composed only when an error is made: a reader made per document of a
    /// million-document load must not format a string per document.</summary>
    /// <param name="data">The record.</param>
    /// <param name="source">The file or store it came from.</param>
    /// <param name="subjectFormat">The subject with one <c>{0}</c> for <paramref name="subjectArgument"/>: "document '{0}' payload version 2".</param>
    /// <param name="subjectArgument">What fills the subject's <c>{0}</c> (a document id), or null when the subject has none.</param>
    /// <param name="origin">The offset of <paramref name="data"/> in its source, added to every offset reported.</param>
    public SpanReader(ReadOnlySpan<byte> data, string source, string subjectFormat, string? subjectArgument, long origin = 0)
    {
        _data = data;
        _source = source;
        _subject = subjectFormat;
        _subjectArgument = subjectArgument;
        _origin = origin;
    }

    /// <summary>The subject errors name.</summary>
    private readonly string Subject => _subjectArgument is null ? _subject : string.Format(System.Globalization.CultureInfo.InvariantCulture, _subject, _subjectArgument);

    /// <summary>Where the next field starts, counted from the start of the span.</summary>
    public readonly int Position => _at;

    /// <summary>Where the next field starts in the source (<see cref="Position"/> plus the origin), for messages.</summary>
    public readonly long Offset => _origin + _at;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _at;

    /// <summary>The same bytes at the same position, with errors naming another subject (once a version is known, say).</summary>
    /// <param name="subject">The new subject.</param>
    /// <returns>The reader.</returns>
    public readonly SpanReader WithSubject(string subject) => new(_data, _source, subject, null, _origin) { _at = _at };

    /// <summary>Reads a byte.</summary>
    /// <param name="what">The field, for errors.</param>
    /// <returns>The value.</returns>
    public byte U8(string what) => Take(1, what)[0];

    /// <summary>Reads a little-endian u16.</summary>
    /// <param name="what">The field, for errors.</param>
    /// <returns>The value.</returns>
    public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    /// <summary>Reads a little-endian u32.</summary>
    /// <param name="what">The field, for errors.</param>
    /// <returns>The value.</returns>
    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    /// <summary>Reads a little-endian u64.</summary>
    /// <param name="what">The field, for errors.</param>
    /// <returns>The value.</returns>
    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>Reads an IEEE 754 double stored as the little-endian u64 of its bits.</summary>
    /// <param name="what">The field, for errors.</param>
    /// <returns>The value.</returns>
    public double F64(string what) => BitConverter.UInt64BitsToDouble(U64(what));

    /// <summary>Takes the next <paramref name="length"/> bytes without copying them.</summary>
    /// <param name="length">How many.</param>
    /// <param name="what">The field, for errors.</param>
    /// <returns>A slice of the record.</returns>
    public ReadOnlySpan<byte> Bytes(int length, string what) => Take(length, what);

    /// <summary>Passes over the next <paramref name="length"/> bytes.</summary>
    /// <param name="length">How many.</param>
    /// <param name="what">What they hold, for errors.</param>
    public void Skip(int length, string what) => Take(length, what);

    /// <summary>Reads a u32 count of items of <paramref name="itemSize"/> bytes and checks that they fit in what is left.</summary>
    /// <param name="itemSize">Bytes per item; 1 for a length in bytes.</param>
    /// <param name="what">The items, plural ("passage fingerprints"), or for <paramref name="itemSize"/> 1 what the bytes hold.</param>
    /// <returns>The count; that many items follow.</returns>
    public int Count(int itemSize, string what)
    {
        uint count = U32(what);
        if ((ulong)count * (ulong)itemSize > (ulong)Remaining)
        {
            throw Error(FormatErrors.Claims(count, itemSize, what, Offset, Remaining));
        }

        return (int)count;
    }

    /// <summary>Reads <paramref name="count"/> little-endian u32s into a new array (checked before allocating).</summary>
    /// <param name="count">How many.</param>
    /// <param name="what">The values, for errors.</param>
    /// <returns>The values.</returns>
    public uint[] U32s(int count, string what)
    {
        ReadOnlySpan<byte> bytes = Take(4L * count, what);
        var values = new uint[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4 * i, 4));
        }

        return values;
    }

    /// <summary>Reads a u32 count, then that many little-endian u64s into a new array (the count checked before allocating).</summary>
    /// <param name="what">The values, plural, for errors.</param>
    /// <returns>The values.</returns>
    public ulong[] CountedU64s(string what)
    {
        int count = Count(8, what);
        ReadOnlySpan<byte> bytes = Take(8L * count, what);
        var values = new ulong[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8 * i, 8));
        }

        return values;
    }

    /// <summary>Requires every byte to have been read.</summary>
    /// <exception cref="NearDupFormatException">Bytes are left over.</exception>
    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw Error(FormatErrors.LeftOver(Remaining, Offset));
        }
    }

    /// <summary>An error about this record: "<c>source: subject problem</c>".</summary>
    /// <param name="problem">What is wrong, phrased to follow the subject ("holds no derived data (expected 2)").</param>
    /// <param name="inner">The cause, if any.</param>
    /// <returns>The exception, to throw.</returns>
    public readonly NearDupFormatException Error(string problem, Exception? inner = null) => FormatErrors.Create(_source, Subject, problem, inner);

    private ReadOnlySpan<byte> Take(long length, string what)
    {
        if (length > Remaining)
        {
            throw Error(FormatErrors.EndedAfter(_data.Length, _at + length, what, Offset));
        }

        ReadOnlySpan<byte> slice = _data.Slice(_at, (int)length);
        _at += (int)length;
        return slice;
    }
}
