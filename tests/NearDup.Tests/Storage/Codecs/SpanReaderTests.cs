using System;
using System.Buffers.Binary;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NUnit.Framework;

namespace NearDup.Tests.Storage.Codecs;

/// <summary>
/// The reader every binary codec decodes with, and its writing twin: each read at its boundary (exactly enough bytes,
/// one short), counts checked before anything is allocated, bytes left over, byte order, and the one wording of errors.
/// </summary>
public class SpanReaderTests
{
    private const string Source = "store.bin";
    private const string Subject = "test record";

    /// <summary>Bytes 01 02 … 08: read little-endian they are 0x0201, 0x04030201, 0x0807060504030201.</summary>
    private static readonly byte[] Counting = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>Each kind of read <see cref="ReadField"/> knows, with its width in bytes.</summary>
    private static readonly object[] Fields =
    [
        new object[] { "U8", 1 }, new object[] { "U16", 2 }, new object[] { "U32", 4 },
        new object[] { "U64", 8 }, new object[] { "F64", 8 }, new object[] { "Bytes", 3 },
    ];

    private static SpanReader Reader(byte[] data, long origin = 0) => new(data, Source, Subject, origin);

    /// <summary>Reads one field of the given kind named "field" from the start of <paramref name="data"/>, then requires the end.</summary>
    private static double ReadField(string kind, byte[] data)
    {
        SpanReader r = Reader(data);
        double value = kind switch
        {
            "U8" => r.U8("field"),
            "U16" => r.U16("field"),
            "U32" => r.U32("field"),
            "U64" => r.U64("field"),
            "F64" => r.F64("field"),
            "Bytes" => r.Bytes(3, "field").Length,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        r.End();
        return value;
    }

    // ---- Each read at its boundary ------------------------------------------------------------------------------------

    [TestCaseSource(nameof(Fields))]
    public void Read_ExactlyEnoughBytes_ReadsTheFieldAndLeavesNothing(string kind, int width) =>
        Assert.That(() => ReadField(kind, new byte[width]), Throws.Nothing);

    [TestCaseSource(nameof(Fields))]
    public void Read_OneByteShort_ThrowsNamingSourceSubjectFieldAndByteCounts(string kind, int width) =>
        Assert.That(
            () => ReadField(kind, new byte[width - 1]),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                $"store.bin: test record ended after {width - 1} of {width} bytes while reading field at offset 0"));

    [Test]
    public void Read_OneByteShortAfterEarlierFields_CountsFromTheStartAndNamesTheFieldsOffset()
    {
        byte[] data = new byte[5];
        Assert.That(
            () =>
            {
                SpanReader r = Reader(data);
                r.U16("first");
                r.U32("second");
            },
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                "store.bin: test record ended after 5 of 6 bytes while reading second at offset 2"));
    }

    [Test]
    public void Read_WithAnOrigin_ReportsOffsetsInTheSource()
    {
        byte[] data = new byte[2];
        Assert.That(
            () =>
            {
                SpanReader r = Reader(data, origin: 100);
                r.U8("kind");
                r.U16("length");
            },
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                "store.bin: test record ended after 2 of 3 bytes while reading length at offset 101"));
    }

    [Test]
    public void Offset_WithAnOrigin_IsTheOriginPlusThePosition()
    {
        SpanReader r = Reader(Counting, origin: 100);
        r.U16("first");
        Assert.That((r.Position, r.Offset, r.Remaining), Is.EqualTo((2, 102L, 6)));
    }

    [Test]
    public void U32s_ExactlyEnoughBytes_ReadsEveryValue()
    {
        SpanReader r = Reader(Counting);
        Assert.That(r.U32s(2, "values"), Is.EqualTo(new uint[] { 0x04030201, 0x08070605 }));
    }

    [Test]
    public void U32s_OneByteShort_ThrowsBeforeAllocating() =>
        Assert.That(
            () => Reader(Counting[..7]).U32s(2, "values"),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                "store.bin: test record ended after 7 of 8 bytes while reading values at offset 0"));

    [Test]
    public void U32s_CountOfBillions_ThrowsTheFormatErrorRatherThanAllocating() =>
        Assert.That(() => Reader(Counting).U32s(int.MaxValue, "values"), Throws.TypeOf<NearDupFormatException>());

    // ---- Counts against the bytes left --------------------------------------------------------------------------------

    /// <summary>A u32 count, then <paramref name="left"/> zero bytes.</summary>
    private static byte[] CountThen(uint count, int left)
    {
        byte[] data = new byte[4 + left];
        BinaryPrimitives.WriteUInt32LittleEndian(data, count);
        return data;
    }

    [Test]
    public void Count_ItemsFillingWhatIsLeft_ReturnsTheCount()
    {
        SpanReader r = Reader(CountThen(2, 16));
        Assert.That((r.Count(8, "hashes"), r.Remaining), Is.EqualTo((2, 16)));
    }

    // One item more than fits, and a length in bytes (worded as bytes of something, not as items).
    [TestCase(3u, 16, 8, "hashes", "claims 3 hashes (24 bytes) at offset 4, but only 16 bytes follow")]
    [TestCase(9u, 2, 1, "compressed text", "claims 9 bytes of compressed text at offset 4, but only 2 bytes follow")]
    public void Count_MoreThanIsLeft_ThrowsNamingCountBytesAndWhatIsLeft(uint count, int left, int itemSize, string what, string problem) =>
        Assert.That(
            () => Reader(CountThen(count, left)).Count(itemSize, what),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo($"store.bin: test record {problem}"));

    // 2^32 − 1 values would be a 32 GiB array: only the check against the 8 bytes left stops it.
    [Test]
    public void CountedU64s_CountOfFourBillion_IsRejectedBeforeAllocating() =>
        Assert.That(
            () => Reader(CountThen(uint.MaxValue, 8)).CountedU64s("fingerprints"),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("claims 4294967295 fingerprints (34359738360 bytes)"));

    [Test]
    public void CountedU64s_CountMatchingTheValues_ReadsThemAll()
    {
        byte[] data = [1, 0, 0, 0, .. Counting];
        SpanReader r = Reader(data);
        Assert.That(r.CountedU64s("fingerprints"), Is.EqualTo(new ulong[] { 0x0807060504030201 }));
    }

    // ---- The end ------------------------------------------------------------------------------------------------------

    [Test]
    public void End_BytesLeftOver_ThrowsNamingHowManyAndWhere()
    {
        Assert.That(
            () =>
            {
                SpanReader r = Reader(Counting);
                r.U32("first");
                r.U8("second");
                r.End();
            },
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo("store.bin: test record has 3 unexpected bytes after offset 5"));
    }

    [Test]
    public void End_EverythingRead_DoesNotThrow()
    {
        Assert.That(
            () =>
            {
                SpanReader r = Reader(Counting);
                r.U64("only");
                r.End();
            },
            Throws.Nothing);
    }

    // ---- Byte order ---------------------------------------------------------------------------------------------------

    [TestCase("U8", 0x01UL)]
    [TestCase("U16", 0x0201UL)]
    [TestCase("U32", 0x04030201UL)]
    [TestCase("U64", 0x0807060504030201UL)]
    public void Read_KnownBytes_AreLittleEndian(string kind, ulong expected)
    {
        SpanReader r = Reader(Counting);
        ulong value = kind switch
        {
            "U8" => r.U8("field"),
            "U16" => r.U16("field"),
            "U32" => r.U32("field"),
            _ => r.U64("field"),
        };
        Assert.That(value, Is.EqualTo(expected));
    }

    [Test]
    public void F64_KnownBytes_AreTheLittleEndianBitsOfTheDouble()
    {
        // 1.0 is 0x3FF0000000000000: its last byte first would read as a tiny denormal, not 1.
        byte[] one = [0, 0, 0, 0, 0, 0, 0xF0, 0x3F];
        SpanReader r = Reader(one);
        Assert.That(r.F64("threshold"), Is.EqualTo(1.0));
    }

    // ---- Subject and errors -------------------------------------------------------------------------------------------

    [Test]
    public void WithSubject_AfterAVersionIsRead_NamesTheNewSubjectAtTheSamePosition()
    {
        Assert.That(
            () =>
            {
                SpanReader r = Reader(Counting[..3]);
                r = r.WithSubject($"test record version {r.U8("version")}");
                r.U32("length");
            },
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                "store.bin: test record version 1 ended after 3 of 5 bytes while reading length at offset 1"));
    }

    [Test]
    public void Error_AProblemOfTheCodec_IsWordedAfterTheSourceAndSubject()
    {
        SpanReader r = Reader(Counting);
        Assert.That(r.Error("holds no derived data").Message, Is.EqualTo("store.bin: test record holds no derived data"));
    }

    // ---- Writer -------------------------------------------------------------------------------------------------------

    [Test]
    public void SpanWriter_EveryWidth_WritesLittleEndian()
    {
        byte[] buffer = new byte[1 + 2 + 4 + 8 + 8];
        var w = new SpanWriter(buffer);
        w.U8(0x01);
        w.U16(0x0201);
        w.U32(0x04030201);
        w.U64(0x0807060504030201);
        w.F64(1.0);
        w.End();
        Assert.That(buffer, Is.EqualTo(new byte[] { 1, 1, 2, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F }));
    }

    [Test]
    public void SpanWriter_CountedU64s_IsReadBackByTheReader()
    {
        ulong[] values = [3, ulong.MaxValue, 0x0102030405060708];
        byte[] buffer = new byte[4 + (8 * values.Length)];
        var w = new SpanWriter(buffer);
        w.CountedU64s(values);
        w.End();
        SpanReader r = Reader(buffer);
        Assert.That(r.CountedU64s("values"), Is.EqualTo(values));
    }

    [Test]
    public void SpanWriter_End_BufferNotFilled_ThrowsInvalidOperationException()
    {
        byte[] buffer = new byte[5];
        Assert.That(
            () =>
            {
                var w = new SpanWriter(buffer);
                w.U32(7);
                w.End();
            },
            Throws.InvalidOperationException.With.Message.Contains("filled 4 of the 5 bytes"));
    }
}
