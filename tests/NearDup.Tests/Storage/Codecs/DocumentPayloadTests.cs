using System;
using System.Buffers.Binary;
using System.Linq;
using NearDup.Analysis;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Storage.Codecs;
using NearDup.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Storage.Codecs;

/// <summary>
/// Payload version 4 (Zstandard text + candidate data + word pairs) and the version 3 (the same with a Brotli text), 2
/// and 1 payloads older builds wrote: every field reads back, and every damaged payload is a <see cref="NearDupFormatException"/> that names the
/// document.
/// </summary>
public class DocumentPayloadTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    /// <summary>Short, so that truncating at every length stays fast; long enough for fingerprints of both kinds.</summary>
    private const string Short =
        "The keeper trimmed the wick and polished the brass lens every night of the long winter, and in the morning he " +
        "wrote the weather into the log before he slept.";

    private static byte[] Version4(string text, out AnalyzedDocument document)
    {
        document = Analyzer.Analyze("doc", text);
        return DocumentPayload.Encode(StoredForm.From(document));
    }

    private static byte[] Version3(string text, out AnalyzedDocument document)
    {
        document = Analyzer.Analyze("doc", text);
        return DocumentPayload.EncodeVersion3(StoredForm.From(document));
    }

    private static byte[] Version2(string text, out AnalyzedDocument document)
    {
        document = Analyzer.Analyze("doc", text);
        return DocumentPayload.EncodeVersion2(StoredForm.From(document));
    }

    private static StoredForm Read(byte[] payload, AnalysisOptions? analysis = null) =>
        DocumentPayload.DecodeForm(payload, "doc", "test", analysis ?? AnalysisOptions.Default);

    [TestCase((byte)3)]
    [TestCase((byte)4)]
    public void RoundTrip_ReadsBackEveryField(byte version)
    {
        byte[] payload = OfVersion(version, TestTexts.Lighthouse, out AnalyzedDocument d);
        StoredForm form = Read(payload);
        Assert.That(payload[0], Is.EqualTo(version));
        Assert.That(
            (form.ExactHash, form.SimHash, form.TextBytes, form.MinHash.SetSize, form.SpinSketch.SetSize),
            Is.EqualTo((d.ExactHash, d.SimHash, System.Text.Encoding.UTF8.GetByteCount(d.Text), d.MinHash.SetSize, d.SpinSketch.SetSize)));
        Assert.That(form.MinHash.Values.ToArray(), Is.EqualTo(d.MinHash.Values.ToArray()));
        Assert.That(form.SpinSketch.Values.ToArray(), Is.EqualTo(d.SpinSketch.Values.ToArray()));
        Assert.That(form.PassageFingerprints, Is.EqualTo(d.PassageFingerprints));
        Assert.That(form.SpinFingerprints, Is.EqualTo(d.SpinFingerprints));
        Assert.That(form.PairFingerprints, Is.EqualTo(d.PairFingerprints));
        Assert.That(form.MinHash.Parameters, Is.EqualTo(AnalysisOptions.Default.MinHash));
        Assert.That(form.SpinSketch.Parameters, Is.EqualTo(AnalysisOptions.Default.SpinSketch));
        Assert.That(TextCompression.Decompress(form.CompressedText, form.TextBytes, "doc", "test"), Is.EqualTo(d.Text));
        Assert.That(DocumentPayload.Decode(payload, "doc", "test"), Is.EqualTo(d.Text));
    }

    [TestCase((byte)2)]
    [TestCase((byte)3)]
    [TestCase((byte)4)]
    public void Record_FromThePrefixRecordLengthAsksFor_HoldsTheFormsHashesAndText(byte version)
    {
        byte[] payload = OfVersion(version, TestTexts.Lighthouse);
        StoredForm form = Read(payload);

        int length = DocumentPayload.RecordLength(payload.AsSpan(0, DocumentPayload.RecordHead));
        byte[] compressed = DocumentPayload.DecodeRecord(payload.AsSpan(0, length), "doc", "test", out ulong exact, out ulong simHash, out int textBytes);

        Assert.That(length, Is.EqualTo(1 + 4 + 4 + form.CompressedText.Length + 16));
        Assert.That((compressed, exact, simHash, textBytes), Is.EqualTo((form.CompressedText, form.ExactHash, form.SimHash, form.TextBytes)));
    }

    [Test]
    public void RecordLength_OfATextOnlyPayload_AsksForAllOfIt()
    {
        byte[] payload = DocumentPayload.Encode(TestTexts.Lighthouse);

        Assert.That(DocumentPayload.RecordLength(payload.AsSpan(0, DocumentPayload.RecordHead)), Is.EqualTo(int.MaxValue));
    }

    [TestCase((byte)3)]
    [TestCase((byte)4)]
    public void Layout_IsTheDocumentedOne(byte version)
    {
        // u8 version | u32 text bytes | u32 c | c Brotli (3) or Zstandard (4) | u64 exact | u64 SimHash | (u32 set size, u16 k, k × u32) × 2
        // | u32 n, n × u64 | u32 m, m × u64 | u32 q, q × u64 — all little-endian. Read by hand, not through the reader
        // under test.
        byte[] p = OfVersion(version, Short, out AnalyzedDocument d);
        int at = 0;
        uint U32() { uint v = BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(at)); at += 4; return v; }
        ulong U64() { ulong v = BinaryPrimitives.ReadUInt64LittleEndian(p.AsSpan(at)); at += 8; return v; }
        ushort U16() { ushort v = BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(at)); at += 2; return v; }
        uint[] Sketch(out uint size) { size = U32(); return Enumerable.Range(0, U16()).Select(_ => U32()).ToArray(); }
        ulong[] U64s() => Enumerable.Range(0, (int)U32()).Select(_ => U64()).ToArray();

        Assert.That(p[at++], Is.EqualTo(version));
        Assert.That(U32(), Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(Short)));
        int c = (int)U32();
        byte[] text = new byte[4096];
        int w = -1;
        if (version == 4)
        {
            w = new ZstdSharp.Decompressor().Unwrap(p.AsSpan(at, c), text);
        }
        else
        {
            Assert.That(System.IO.Compression.BrotliDecoder.TryDecompress(p.AsSpan(at, c), text, out w), Is.True);
        }

        Assert.That(System.Text.Encoding.UTF8.GetString(text, 0, w), Is.EqualTo(Short));
        at += c;
        Assert.That((U64(), U64()), Is.EqualTo((d.ExactHash, d.SimHash)));
        Assert.That((Sketch(out uint minSize), minSize), Is.EqualTo((d.MinHash.Values.ToArray(), (uint)d.MinHash.SetSize)));
        Assert.That((Sketch(out uint spinSize), spinSize), Is.EqualTo((d.SpinSketch.Values.ToArray(), (uint)d.SpinSketch.SetSize)));
        Assert.That(U64s(), Is.EqualTo(d.PassageFingerprints));
        Assert.That(U64s(), Is.EqualTo(d.SpinFingerprints));
        Assert.That(U64s(), Is.EqualTo(d.PairFingerprints));
        Assert.That(at, Is.EqualTo(p.Length));
    }

    [TestCase((byte)3)]
    [TestCase((byte)4)]
    public void ReEncodedFromWhatItDecodedTo_IsTheSameBytes(byte version)
    {
        byte[] payload = OfVersion(version, TestTexts.Sourdough, out _);
        Assert.That(DocumentPayload.Encode(Read(payload)), Is.EqualTo(payload));
    }

    [Test]
    public void Version4_EmptyText_RoundTripsWithEmptySketchesAndNoFingerprints()
    {
        byte[] payload = Version4("", out AnalyzedDocument d);
        StoredForm form = Read(payload);
        Assert.That(
            (form.TextBytes, form.MinHash.IsEmpty, form.SpinSketch.IsEmpty, form.PassageFingerprints.Length, form.SpinFingerprints.Length, form.PairFingerprints.Length, form.ExactHash),
            Is.EqualTo((0, true, true, 0, 0, 0, d.ExactHash)));
        Assert.That(DocumentPayload.Decode(payload, "doc", "test"), Is.Empty);
    }

    private static byte[] OfVersion(byte version, string text) => OfVersion(version, text, out _);

    private static byte[] OfVersion(byte version, string text, out AnalyzedDocument document) => version switch
    {
        2 => Version2(text, out document),
        3 => Version3(text, out document),
        _ => Version4(text, out document),
    };

    [TestCase((byte)2)]
    [TestCase((byte)3)]
    [TestCase((byte)4)]
    public void TruncatedAtEveryLength_ThrowsNearDupFormatExceptionNamingTheDocument(byte version)
    {
        byte[] payload = OfVersion(version, Short);
        StoredForm whole = Read(payload);
        Assert.That(whole.SpinFingerprints, Is.Not.Empty, "the text is long enough to reach every field");
        Assert.That(whole.PairFingerprints, Is.Not.Empty, "the text is long enough to reach every field");
        for (int length = 0; length < payload.Length; length++)
        {
            byte[] cut = payload[..length];
            Assert.That(() => Read(cut), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("'doc'"), $"cut to {length} of {payload.Length} bytes");
        }
    }

    [TestCase((byte)2)]
    [TestCase((byte)3)]
    [TestCase((byte)4)]
    public void WithATrailingByte_IsRejectedNamingTheVersionAndTheOffset(byte version)
    {
        byte[] payload = OfVersion(version, Short);
        Assert.That(
            () => Read([.. payload, 0]),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo($"test: document 'doc' payload version {version} has 1 unexpected bytes after offset {payload.Length}"));
    }

    [Test]
    public void Version4_CompressedLengthBeyondThePayload_IsRejectedBeforeAllocating()
    {
        byte[] payload = Version4(Short, out _);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(5), uint.MaxValue);
        Assert.That(() => Read(payload), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("claims 4294967295"));
    }

    [Test]
    public void Version4_FingerprintCountBeyondThePayload_IsRejectedBeforeAllocating()
    {
        byte[] payload = Version4(Short, out AnalyzedDocument d);
        // The word-pair count sits 4 + 8q bytes before the end.
        int at = payload.Length - 4 - 8 * d.PairFingerprints.Count;
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(at), 0x4000_0000);
        Assert.That(
            () => Read(payload),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("'doc'").And.Message.Contains("word-pair fingerprints"));
    }

    [Test]
    public void Version4_TextLengthOverOneGiB_IsRejected()
    {
        byte[] payload = Version4(Short, out _);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), (1u << 30) + 1);
        Assert.That(() => Read(payload), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("more than 1 GiB"));
    }

    [Test]
    public void Version4_SketchOfAnotherSize_IsRejectedNamingBothSizes()
    {
        byte[] payload = Version4(Short, out _);
        var smaller = new AnalysisOptions(new MinHashParameters(MinHashFamily.OnePermutation, 64, MinHashParameters.DefaultSeed, new ShingleSpec(ShingleUnit.Word, 5)));
        Assert.That(
            () => Read(payload, smaller),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("'doc'").And.Message.Contains("has 128 values, the index expects 64"));
    }

    [Test]
    public void Version4_StatedTextLengthOffByOne_FailsWhenTheTextIsRead()
    {
        byte[] payload = Version4(Short, out _);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(1)) + 1);
        StoredForm form = Read(payload); // the text is not decompressed when the candidate data is read
        Assert.That(
            () => TextCompression.Decompress(form.CompressedText, form.TextBytes, "doc", "test"),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("'doc'").And.Message.Contains("does not decompress"));
    }

    [TestCase((byte)0)]
    [TestCase((byte)5)]
    [TestCase((byte)255)]
    public void ReadVersion_UnknownVersion_IsRejectedNamingIt(byte version)
    {
        byte[] payload = Version4(Short, out _);
        payload[0] = version;
        Assert.That(
            () => DocumentPayload.ReadVersion(payload, "doc", "test"),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains($"payload version {version} is not one this build reads"));
    }

    [Test]
    public void Version2_PayloadOfAnOlderBuild_ReadsWithWordPairsDerivedFromItsText()
    {
        byte[] payload = Version2(TestTexts.Lighthouse, out AnalyzedDocument d);
        StoredForm form = Read(payload);
        Assert.That(payload[0], Is.EqualTo(2));
        Assert.That(form.PairFingerprints, Is.EqualTo(d.PairFingerprints).And.Not.Empty);
        Assert.That(form.SpinFingerprints, Is.EqualTo(d.SpinFingerprints));
    }

    [Test]
    public void Version4_WithABrotliText_IsRejected()
    {
        byte[] payload = Version3(Short, out _);
        payload[0] = 4;
        Assert.That(
            () => Read(payload),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                "test: document 'doc' payload version 4 holds a compressed text that is not a Zstandard frame (version 4 texts are)"));
    }

    [Test]
    public void Version3_WithAZstandardText_IsRejected()
    {
        byte[] payload = Version4(Short, out _);
        payload[0] = 3;
        Assert.That(
            () => Read(payload),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                "test: document 'doc' payload version 3 holds a Zstandard frame where version 3 holds a Brotli text"));
    }

    [Test]
    public void Encode_FormWithABrotliTextKeptFromAnOlderPayload_WritesVersion3()
    {
        StoredForm old = Read(Version3(TestTexts.Sourdough, out _));
        Assert.That(DocumentPayload.Encode(old)[0], Is.EqualTo(DocumentPayload.Version3));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void EncodeBatch_WritesEachFormAsEncodeDoes(bool parallel)
    {
        // Zstandard and Brotli texts (versions 4 and 3), a document without a word, long and short ones.
        StoredForm[] forms =
        [
            StoredForm.From(Analyzer.Analyze("a", TestTexts.Lighthouse)),
            Read(Version3(TestTexts.Sourdough, out _)),
            StoredForm.From(Analyzer.Analyze("c", "...")),
            StoredForm.From(Analyzer.Analyze("d", Short)),
            StoredForm.From(Analyzer.Analyze("e", string.Concat(Enumerable.Repeat(TestTexts.BeesOne + " ", 40)))),
        ];
        ReadOnlyMemory<byte>[] batch = DocumentPayload.EncodeBatch(forms, parallel);
        Assert.That(batch.Select(p => p.ToArray()), Is.EqualTo(forms.Select(DocumentPayload.Encode)));
    }

    [Test]
    public void EncodeBatch_OfNoForms_IsEmpty() =>
        Assert.That(DocumentPayload.EncodeBatch([]), Is.Empty);

    [Test]
    public void Version2_ReEncoded_IsTheVersion3PayloadOfTheSameText() =>
        Assert.That(DocumentPayload.Encode(Read(Version2(TestTexts.Sourdough, out _))), Is.EqualTo(Version3(TestTexts.Sourdough, out _)));

    [Test]
    public void Version1_PayloadOfAnOlderBuild_DecodesItsText()
    {
        byte[] payload = DocumentPayload.Encode(TestTexts.Lighthouse);
        Assert.That(
            (payload[0], DocumentPayload.ReadVersion(payload, "doc", "test"), DocumentPayload.Decode(payload, "doc", "test")),
            Is.EqualTo(((byte)1, (byte)1, TestTexts.Lighthouse)));
    }

    [Test]
    public void Version1_ReAnalysed_GivesTheSameStoredFormAsVersion4_ButForTheTextCompressedAsItWas()
    {
        // A version 1 payload's text is stored again as it was compressed (at quality 5); everything derived is the same.
        StoredForm v3 = Read(Version4(TestTexts.Lighthouse, out _));
        string text = DocumentPayload.DecodeVersion1(DocumentPayload.Encode(TestTexts.Lighthouse), "doc", "test", out byte[] compressed, out int textBytes);
        StoredForm fromV1 = Read(DocumentPayload.Encode(StoredForm.From(Analyzer.Analyze("doc", text), compressed, textBytes)));
        Assert.That(Derived(fromV1), Is.EqualTo(Derived(v3)));
        Assert.That(fromV1.CompressedText, Is.EqualTo(compressed));
    }

    private static (int, ulong, ulong, uint[], uint[], ulong[], ulong[], ulong[]) Derived(StoredForm f) =>
        (f.TextBytes, f.ExactHash, f.SimHash, f.MinHash.Values.ToArray(), f.SpinSketch.Values.ToArray(), f.PassageFingerprints, f.SpinFingerprints, f.PairFingerprints);

    [Test]
    public void DecodeVersion1_PayloadOfAnOlderBuild_GivesItsTextAndCompressedBytesWithoutAnalysing()
    {
        byte[] payload = DocumentPayload.Encode(TestTexts.Lighthouse);
        string text = DocumentPayload.DecodeVersion1(payload, "doc", "test", out byte[] compressed, out int textBytes);
        Assert.That(
            (text, compressed, textBytes),
            Is.EqualTo((TestTexts.Lighthouse, payload[5..], System.Text.Encoding.UTF8.GetByteCount(TestTexts.Lighthouse))));
    }

    [Test]
    public void DecodeVersion1_Version3Payload_IsRejectedNamingTheVersion()
    {
        byte[] payload = Version3(Short, out _);
        Assert.That(
            () => DocumentPayload.DecodeVersion1(payload, "doc", "test", out _, out _),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo("test: document 'doc' payload version 3 is not a text-only payload (expected 1)"));
    }

    [Test]
    public void DecodeVersion1_TruncatedHeader_IsRejectedNamingTheDocumentAndTheField()
    {
        byte[] payload = DocumentPayload.Encode(Short)[..4];
        Assert.That(
            () => DocumentPayload.DecodeVersion1(payload, "doc", "test", out _, out _),
            Throws.TypeOf<NearDupFormatException>().With.Message.EqualTo(
                "test: document 'doc' payload version 1 ended after 4 of 5 bytes while reading text length at offset 1"));
    }

    [Test]
    public void TryCompress_TextWithALoneSurrogate_ReturnsFalse()
    {
        Assert.That(TextCompression.TryCompress("broken \uD800 text", out _, out _), Is.False);
        Assert.That(() => TextCompression.Compress("broken \uD800 text", out _), Throws.InstanceOf<System.Text.EncoderFallbackException>());
    }
}
