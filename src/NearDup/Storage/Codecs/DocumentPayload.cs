using System;
using System.Collections.Generic;
using System.Text;
using NearDup.Analysis;
using NearDup.Internal;
using NearDup.Sketches.MinHash;

namespace NearDup.Storage.Codecs;

/// <summary>Encodes an indexed document for an <see cref="IIndexStore"/>.</summary>
/// <remarks>
/// <para>
/// Payload version 4, little-endian: u8 version (4); u32 length of the UTF-8 text; u32 length c of the compressed
/// text; c bytes of the text compressed as one Zstandard frame (<see cref="TextCompression"/>); u64 exact hash; u64 SimHash; the word
/// MinHash sketch as u32 set size, u16 k, k × u32 values; the spin sketch the same way; u32 n, n × u64 passage
/// fingerprints; u32 m, m × u64 spin fingerprints; u32 q, q × u64 word-pair fingerprints; nothing after. It carries
/// what candidate generation needs, so an index opens by decoding small arrays, without tokenising any text; the
/// verifier's data (tokens, shingles) is rebuilt from the text only when a candidate must be verified.
/// </para>
/// <para>
/// Payload version 3 is version 4 with version byte 3 and the text compressed with Brotli (window 22; quality 3, or 5 as
/// builds before issue 18 wrote), as builds before Zstandard wrote it. Still read, and written again as version 3 when a
/// compaction keeps its text: the version names the codec of the text it holds, and <see cref="Encode(StoredForm)"/>
/// picks it from the text's own bytes (<see cref="TextCompression.CodecOf"/>). The decoder rejects a payload whose
/// version and text disagree.
/// </para>
/// <para>
/// Payload version 2 is version 3 without the word-pair fingerprints (and with version byte 2). Still read:
/// <see cref="DecodeForm"/> derives the word pairs from the text (which costs tokenising it, as for version 1, until
/// the next compaction writes version 3).
/// </para>
/// <para>
/// Payload version 1: u8 version (1), u32 length of the UTF-8 text, the text compressed as above, nothing else. Still
/// read: <see cref="DecodeVersion1"/> gives the text, which an index re-analyses when it opens, and writes as version 3
/// when it compacts.
/// </para>
/// <para>
/// The store checksums every payload, so the checks here catch what a checksum cannot: a payload of another version,
/// or one written under other sketch parameters; every length is checked against the bytes left before anything is
/// allocated (<see cref="SpanReader"/>). Errors are <see cref="NearDupFormatException"/>s worded by
/// <see cref="FormatErrors"/>, naming the source, the document, the version and the field.
/// </para>
/// </remarks>
internal static class DocumentPayload
{
    /// <summary>The text-only version.</summary>
    public const byte Version1 = 1;

    /// <summary>The version with derived data but no word pairs, which builds before version 3 wrote.</summary>
    public const byte Version2 = 2;

    /// <summary>The version with derived data and word pairs and a Brotli text, which builds before Zstandard wrote
    /// (and this build writes for a text kept from such a payload).</summary>
    public const byte Version3 = 3;

    /// <summary>The version with derived data and word pairs and a Zstandard text, which this build writes.</summary>
    public const byte Version4 = 4;

    private const int MaxTextBytes = 1 << 30;

    /// <summary>Writes a version 1 (text-only) payload: what builds before version 2 wrote, kept for tests of reading them.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="EncoderFallbackException">The text is not valid UTF-16.</exception>
    public static byte[] Encode(string text)
    {
        // At the quality those builds wrote, so that it writes what they stored, byte for byte.
        byte[] compressed = TextCompression.Compress(text, TextCompression.QualityBeforeIssue18, out int textBytes);
        byte[] payload = new byte[1 + 4 + compressed.Length];
        var w = new SpanWriter(payload);
        w.U8(Version1);
        w.U32((uint)textBytes);
        w.Bytes(compressed);
        w.End();
        return payload;
    }

    /// <summary>Writes a version 4 payload, or a version 3 one when the form's text is Brotli (kept from an older payload).</summary>
    /// <param name="form">The document's stored form.</param>
    /// <returns>The payload.</returns>
    public static byte[] Encode(StoredForm form) => Encode(form, VersionFor(form));

    /// <summary>Writes the payloads of a batch, each as <see cref="Encode(StoredForm)"/> writes it, into one array on
    /// all cores, and returns each payload as a slice of it.</summary>
    /// <param name="forms">The documents' stored forms.</param>
    /// <returns>One payload per form, in order.</returns>
    /// <remarks>A batch's payloads live until its log record is written, and a thousand arrays of 6–7 KB each were
    /// promoted by every collection meanwhile; one array of the batch is allocated once, in the large object heap.</remarks>
    /// <exception cref="ArgumentException">The payloads together exceed the longest array.</exception>
    public static ReadOnlyMemory<byte>[] EncodeBatch(IReadOnlyList<StoredForm> forms) => EncodeBatch(forms, parallel: true);

    /// <summary>As <see cref="EncodeBatch(IReadOnlyList{StoredForm})"/>, on all cores or (for measurements per core)
    /// on the calling thread.</summary>
    /// <param name="forms">The documents' stored forms.</param>
    /// <param name="parallel">Whether to write the payloads on all cores.</param>
    /// <returns>One payload per form, in order.</returns>
    internal static ReadOnlyMemory<byte>[] EncodeBatch(IReadOnlyList<StoredForm> forms, bool parallel)
    {
        ArgumentNullException.ThrowIfNull(forms);
        var starts = new long[forms.Count + 1];
        for (int i = 0; i < forms.Count; i++)
        {
            starts[i + 1] = starts[i] + Length(forms[i], VersionFor(forms[i]));
        }

        if (starts[^1] > Array.MaxLength)
        {
            throw new ArgumentException($"The batch's payloads take {starts[^1]} bytes, more than one array can hold ({Array.MaxLength}); split it.", nameof(forms));
        }

        var all = new byte[starts[^1]];
        var payloads = new ReadOnlyMemory<byte>[forms.Count];
        void WriteOne(int i)
        {
            Memory<byte> payload = all.AsMemory((int)starts[i], (int)(starts[i + 1] - starts[i]));
            Write(forms[i], VersionFor(forms[i]), payload.Span);
            payloads[i] = payload;
        }

        if (parallel)
        {
            Parallelism.For(forms.Count, WriteOne);
        }
        else
        {
            for (int i = 0; i < forms.Count; i++)
            {
                WriteOne(i);
            }
        }

        return payloads;
    }

    /// <summary>The version a form's payload is written in: 4, or 3 when its text is Brotli (kept from an older payload).</summary>
    private static byte VersionFor(StoredForm form) =>
        TextCompression.CodecOf(form.CompressedText) == TextCodec.Zstandard ? Version4 : Version3;

    /// <summary>Writes a version 2 payload (no word pairs): what builds before version 3 wrote, kept for tests of reading them.</summary>
    /// <param name="form">The document's stored form.</param>
    /// <returns>The payload.</returns>
    public static byte[] EncodeVersion2(StoredForm form) => Encode(WithBrotliText(form), Version2);

    /// <summary>Writes a version 3 payload (its text Brotli at quality 3): what builds before version 4 wrote, kept for
    /// tests of reading them.</summary>
    /// <param name="form">The document's stored form.</param>
    /// <returns>The payload.</returns>
    public static byte[] EncodeVersion3(StoredForm form) => Encode(WithBrotliText(form), Version3);

    /// <summary>The form with its text compressed as payload versions 2 and 3 hold it (Brotli, quality 3).</summary>
    private static StoredForm WithBrotliText(StoredForm form)
    {
        if (TextCompression.CodecOf(form.CompressedText) == TextCodec.Brotli)
        {
            return form;
        }

        string text = TextCompression.Decompress(form.CompressedText, form.TextBytes, "form", "memory");
        byte[] brotli = TextCompression.Compress(text, TextCompression.Quality, out int textBytes);
        return new StoredForm(brotli, textBytes, form.ExactHash, form.SimHash, form.MinHash, form.SpinSketch, form.PassageFingerprints, form.SpinFingerprints, form.PairFingerprints);
    }

    private static byte[] Encode(StoredForm form, byte version)
    {
        byte[] payload = new byte[Length(form, version)];
        Write(form, version, payload);
        return payload;
    }

    /// <summary>The length of a version 2 to 4 payload of <paramref name="form"/>.</summary>
    private static int Length(StoredForm form, byte version) =>
        1 + 4 + 4 + form.CompressedText.Length + 8 + 8
        + (4 + 2 + 4 * form.MinHash.Values.Length) + (4 + 2 + 4 * form.SpinSketch.Values.Length)
        + (4 + 8 * form.PassageFingerprints.Length) + (4 + 8 * form.SpinFingerprints.Length)
        + (version >= Version3 ? 4 + 8 * form.PairFingerprints.Length : 0);

    /// <summary>Writes a version 2 to 4 payload of <paramref name="form"/> into <paramref name="payload"/>, exactly
    /// <see cref="Length"/> long.</summary>
    private static void Write(StoredForm form, byte version, Span<byte> payload)
    {
        var w = new SpanWriter(payload);
        w.U8(version);
        w.U32((uint)form.TextBytes);
        w.U32((uint)form.CompressedText.Length);
        w.Bytes(form.CompressedText);
        w.U64(form.ExactHash);
        w.U64(form.SimHash);
        WriteSketch(ref w, form.MinHash);
        WriteSketch(ref w, form.SpinSketch);
        w.CountedU64s(form.PassageFingerprints);
        w.CountedU64s(form.SpinFingerprints);
        if (version >= Version3)
        {
            w.CountedU64s(form.PairFingerprints);
        }

        w.End();
    }

    /// <summary>Reads the version byte.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <returns><see cref="Version1"/> to <see cref="Version4"/>.</returns>
    /// <exception cref="NearDupFormatException">The payload is empty or of a version this build does not read.</exception>
    public static byte ReadVersion(ReadOnlySpan<byte> payload, string id, string source)
    {
        if (payload.IsEmpty)
        {
            throw FormatErrors.Create(source, Subject(id), "is empty");
        }

        if (payload[0] is not (Version1 or Version2 or Version3 or Version4))
        {
            throw FormatErrors.Create(source, Subject(id, payload[0]), $"is not one this build reads (reads {Version1} to {Version4})");
        }

        return payload[0];
    }

    /// <summary>Reads the text of a payload of either version.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <returns>The text.</returns>
    /// <exception cref="NearDupFormatException">The payload is corrupt or of an unknown version.</exception>
    public static string Decode(ReadOnlySpan<byte> payload, string id, string source)
    {
        byte version = ReadVersion(payload, id, source);
        var r = new SpanReader(payload, source, SubjectFormat(version), id);
        r.Skip(1, "version");
        ReadOnlySpan<byte> compressed = version == Version1 ? Version1Text(ref r, out int textBytes) : Version2Text(ref r, version, out textBytes);
        return TextCompression.Decompress(compressed, textBytes, id, source);
    }

    /// <summary>Reads a version 3 or 4 payload's stored form without decompressing the text; or a version 2 payload's,
    /// deriving its word pairs from the text.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <param name="analysis">The index's analysis options: the sketches must have their parameters' sizes.</param>
    /// <returns>The form (its arrays are fresh; the payload can be dropped).</returns>
    /// <exception cref="NearDupFormatException">The payload is empty, version 1, truncated, has bytes left over, or holds sketches of another size.</exception>
    public static StoredForm DecodeForm(ReadOnlySpan<byte> payload, string id, string source, AnalysisOptions analysis)
    {
        byte version = ReadVersion(payload, id, source);
        var r = new SpanReader(payload, source, SubjectFormat(version), id);
        r.Skip(1, "version");
        if (version == Version1)
        {
            throw r.Error($"holds no derived data (expected {Version2} to {Version4})");
        }

        byte[] compressed = Version2Text(ref r, version, out int textBytes).ToArray();
        ulong exact = r.U64("exact hash");
        ulong simHash = r.U64("SimHash");
        MinHashSketch minHash = ReadSketch(ref r, analysis.MinHash, "MinHash sketch");
        MinHashSketch spin = ReadSketch(ref r, analysis.SpinSketch, "spin sketch");
        ulong[] passages = r.CountedU64s("passage fingerprints");
        ulong[] spinPassages = r.CountedU64s("spin fingerprints");
        ulong[]? stored = version >= Version3 ? r.CountedU64s("word-pair fingerprints") : null;
        r.End();
        ulong[] pairs = stored ?? DocumentAnalyzer.PairFingerprints(TextCompression.Decompress(compressed, textBytes, id, source), analysis);
        return new StoredForm(compressed, textBytes, exact, simHash, minHash, spin, passages, spinPassages, pairs);
    }

    /// <summary>Bytes of a payload's start that tell how long its record is (<see cref="RecordLength"/>): the version,
    /// the text length and the compressed length.</summary>
    public const int RecordHead = 1 + 4 + 4;

    /// <summary>Where the compressed text starts in a version 2, 3 or 4 payload: right after <see cref="RecordHead"/>, so
    /// that a structure image can point into the snapshot at it.</summary>
    public const int TextOffset = RecordHead;

    /// <summary>How many bytes of a version 2, 3 or 4 payload <see cref="DecodeRecord"/> reads, from its first
    /// <see cref="RecordHead"/> bytes; for anything else (another version, a head too short) a length that asks for
    /// the whole payload.</summary>
    /// <param name="head">The payload's first bytes.</param>
    /// <returns>The record's length, or <see cref="int.MaxValue"/>.</returns>
    public static int RecordLength(ReadOnlySpan<byte> head)
    {
        if (head.Length < RecordHead || head[0] is not (Version2 or Version3 or Version4))
        {
            return int.MaxValue;
        }

        uint compressed = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[5..]);
        return compressed > int.MaxValue - RecordHead - 16 ? int.MaxValue : RecordHead + (int)compressed + 16;
    }

    /// <summary>Reads what an index keeps in memory of a version 2, 3 or 4 payload's document (its record: hashes and
    /// compressed text), without its candidate data: for a load whose candidate structures come from an image.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <param name="exactHash">Receives the exact hash.</param>
    /// <param name="simHash">Receives the SimHash.</param>
    /// <param name="textBytes">Receives the length of the UTF-8 text.</param>
    /// <returns>A copy of the compressed text.</returns>
    /// <remarks>Reads the first <see cref="RecordLength"/> bytes only, so <paramref name="payload"/> may be that prefix.</remarks>
    /// <exception cref="NearDupFormatException">The payload is empty, version 1 (which holds no hashes), or ends before its hashes.</exception>
    public static byte[] DecodeRecord(ReadOnlySpan<byte> payload, string id, string source, out ulong exactHash, out ulong simHash, out int textBytes)
    {
        byte version = ReadVersion(payload, id, source);
        var r = new SpanReader(payload, source, SubjectFormat(version), id);
        r.Skip(1, "version");
        if (version == Version1)
        {
            throw r.Error($"holds no derived data (expected {Version2} to {Version4})");
        }

        byte[] compressed = Version2Text(ref r, version, out textBytes).ToArray();
        exactHash = r.U64("exact hash");
        simHash = r.U64("SimHash");
        return compressed;
    }

    /// <summary>Reads a version 1 payload's text, and its compressed bytes to store again, without analysing it.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <param name="compressed">Receives a copy of the compressed text, as <see cref="StoredForm.CompressedText"/> holds it.</param>
    /// <param name="textBytes">Receives the length of the UTF-8 text.</param>
    /// <returns>The text.</returns>
    /// <exception cref="NearDupFormatException">The payload is empty, not version 1, or corrupt.</exception>
    public static string DecodeVersion1(ReadOnlySpan<byte> payload, string id, string source, out byte[] compressed, out int textBytes)
    {
        byte version = ReadVersion(payload, id, source);
        var r = new SpanReader(payload, source, SubjectFormat(version), id);
        r.Skip(1, "version");
        if (version != Version1)
        {
            throw r.Error($"is not a text-only payload (expected {Version1})");
        }

        ReadOnlySpan<byte> bytes = Version1Text(ref r, out textBytes);
        string text = TextCompression.Decompress(bytes, textBytes, id, source);
        compressed = bytes.ToArray();
        return text;
    }

    private static string Subject(string id) => $"document '{id}' payload";

    private static string Subject(string id, byte version) => string.Format(System.Globalization.CultureInfo.InvariantCulture, SubjectFormat(version), id);

    /// <summary>The subject of a payload of a version, with <c>{0}</c> for the document id (composed only for an error).</summary>
    private static string SubjectFormat(byte version) => version switch
    {
        Version1 => "document '{0}' payload version 1",
        Version2 => "document '{0}' payload version 2",
        Version3 => "document '{0}' payload version 3",
        Version4 => "document '{0}' payload version 4",
        _ => "document '{0}' payload version " + version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Version 1 after its version byte: the text length, then the compressed text to the end.</summary>
    private static ReadOnlySpan<byte> Version1Text(ref SpanReader r, out int textBytes)
    {
        textBytes = TextLength(ref r);
        return CheckCodec(ref r, Version1, r.Bytes(r.Remaining, "compressed text"));
    }

    /// <summary>Versions 2 to 4 after their version byte: the text length, then the compressed text with its length.</summary>
    private static ReadOnlySpan<byte> Version2Text(ref SpanReader r, byte version, out int textBytes)
    {
        textBytes = TextLength(ref r);
        return CheckCodec(ref r, version, r.Bytes(r.Count(1, "compressed text"), "compressed text"));
    }

    /// <summary>Checks that a text is in the codec its payload version names: Zstandard in version 4, Brotli before.</summary>
    private static ReadOnlySpan<byte> CheckCodec(ref SpanReader r, byte version, ReadOnlySpan<byte> compressed)
    {
        TextCodec expected = version >= Version4 ? TextCodec.Zstandard : TextCodec.Brotli;
        if (TextCompression.CodecOf(compressed) != expected)
        {
            throw r.Error(expected == TextCodec.Zstandard
                ? "holds a compressed text that is not a Zstandard frame (version 4 texts are)"
                : $"holds a Zstandard frame where version {version} holds a Brotli text");
        }

        return compressed;
    }

    private static int TextLength(ref SpanReader r)
    {
        uint length = r.U32("text length");
        if (length > MaxTextBytes)
        {
            throw r.Error($"claims {length} bytes of text, more than 1 GiB");
        }

        return (int)length;
    }

    private static void WriteSketch(ref SpanWriter w, MinHashSketch sketch)
    {
        w.U32((uint)sketch.SetSize);
        w.U16((ushort)sketch.Values.Length);
        w.U32s(sketch.Values);
    }

    private static MinHashSketch ReadSketch(ref SpanReader r, MinHashParameters parameters, string what)
    {
        uint setSize = r.U32(what);
        if (setSize > int.MaxValue)
        {
            throw r.Error($"{what} claims a set of {setSize} shingles");
        }

        int k = r.U16(what);
        if (k != parameters.HashCount)
        {
            throw r.Error($"{what} has {k} values, the index expects {parameters.HashCount}");
        }

        return new MinHashSketch(parameters, r.U32s(k, what), (int)setSize);
    }
}
