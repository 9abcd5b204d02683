using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using NearDup.Analysis;
using NearDup.Sketches.MinHash;

namespace NearDup.Storage.Codecs;

/// <summary>Encodes an indexed document for an <see cref="IIndexStore"/>.</summary>
/// <remarks>
/// <para>
/// Payload version 2, little-endian: u8 version (2); u32 length of the UTF-8 text; u32 length c of the compressed
/// text; c bytes of the text compressed with Brotli (quality 5, window 22); u64 exact hash; u64 SimHash; the word
/// MinHash sketch as u32 set size, u16 k, k × u32 values; the spin sketch the same way; u32 n, n × u64 passage
/// fingerprints; u32 m, m × u64 spin fingerprints; nothing after. It carries what candidate generation needs, so an
/// index opens by decoding small arrays, without tokenising any text; the verifier's data (tokens, shingles) is
/// rebuilt from the text only when a candidate must be verified. A 3 KB article takes about 1.2 KB of text and
/// 3–4 KB of derived data.
/// </para>
/// <para>
/// Payload version 1: u8 version (1), u32 length of the UTF-8 text, the text compressed as above, nothing else. Still
/// read: an index re-analyses such documents when it opens, and writes them as version 2 when it compacts.
/// </para>
/// <para>
/// The store checksums every payload, so the checks here catch what a checksum cannot: a payload of another version,
/// or one written under other sketch parameters; every length is checked against the bytes left before anything is
/// allocated. Errors are <see cref="NearDupFormatException"/>s naming the source, the document and the version.
/// </para>
/// </remarks>
internal static class DocumentPayload
{
    /// <summary>The text-only version.</summary>
    public const byte Version1 = 1;

    /// <summary>The version with derived data, which this build writes.</summary>
    public const byte Version2 = 2;

    private const int BrotliQuality = 5;
    private const int BrotliWindow = 22;
    private const int MaxTextBytes = 1 << 30;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Writes a version 1 (text-only) payload: what builds before version 2 wrote, kept for tests of reading them.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="EncoderFallbackException">The text is not valid UTF-16.</exception>
    public static byte[] Encode(string text)
    {
        byte[] compressed = Compress(text, out int textBytes);
        byte[] payload = new byte[5 + compressed.Length];
        payload[0] = Version1;
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), (uint)textBytes);
        compressed.CopyTo(payload.AsSpan(5));
        return payload;
    }

    /// <summary>Writes a version 2 payload.</summary>
    /// <param name="form">The document's stored form.</param>
    /// <returns>The payload.</returns>
    public static byte[] Encode(StoredForm form)
    {
        ReadOnlySpan<uint> minHash = form.MinHash.Values, spin = form.SpinSketch.Values;
        int length = 1 + 4 + 4 + form.CompressedText.Length + 8 + 8
            + (4 + 2 + 4 * minHash.Length) + (4 + 2 + 4 * spin.Length)
            + (4 + 8 * form.PassageFingerprints.Length) + (4 + 8 * form.SpinFingerprints.Length);
        byte[] payload = new byte[length];
        var w = new Writer(payload);
        w.U8(Version2);
        w.U32((uint)form.TextBytes);
        w.U32((uint)form.CompressedText.Length);
        w.Bytes(form.CompressedText);
        w.U64(form.ExactHash);
        w.U64(form.SimHash);
        w.Sketch(form.MinHash);
        w.Sketch(form.SpinSketch);
        w.U64s(form.PassageFingerprints);
        w.U64s(form.SpinFingerprints);
        return payload;
    }

    /// <summary>Compresses a text as payloads hold it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="textBytes">Receives the length of its UTF-8 form.</param>
    /// <returns>The Brotli bytes.</returns>
    /// <exception cref="EncoderFallbackException">The text is not valid UTF-16 (a lone surrogate).</exception>
    public static byte[] Compress(string text, out int textBytes)
    {
        if (!TryCompress(text, out byte[]? compressed, out textBytes))
        {
            _ = StrictUtf8.GetByteCount(text); // throws the EncoderFallbackException that names the offending index
            throw new InvalidOperationException("text failed strict UTF-8 conversion but the encoder accepted it.");
        }

        return compressed;
    }

    /// <summary>Compresses a text as payloads hold it, unless it is not valid UTF-16.</summary>
    /// <param name="text">The text.</param>
    /// <param name="compressed">Receives the Brotli bytes.</param>
    /// <param name="textBytes">Receives the length of the UTF-8 form.</param>
    /// <returns>False when the text holds a lone surrogate, which strict UTF-8 cannot represent.</returns>
    public static bool TryCompress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? compressed, out int textBytes)
    {
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Math.Max(1, text.Length * 3));
        try
        {
            if (Utf8.FromUtf16(text, utf8, out _, out textBytes, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                compressed = null;
                textBytes = 0;
                return false;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(textBytes));
            try
            {
                if (!BrotliEncoder.TryCompress(utf8.AsSpan(0, textBytes), buffer, out int written, BrotliQuality, BrotliWindow))
                {
                    throw new InvalidOperationException("Brotli compression did not fit its own maximum size.");
                }

                compressed = buffer.AsSpan(0, written).ToArray();
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Decompresses a text compressed by <see cref="Compress"/>.</summary>
    /// <param name="compressed">The Brotli bytes.</param>
    /// <param name="textBytes">The length of the UTF-8 text they hold.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <returns>The text.</returns>
    /// <exception cref="NearDupFormatException">The bytes do not decompress to <paramref name="textBytes"/> bytes of valid UTF-8.</exception>
    public static string Decompress(ReadOnlySpan<byte> compressed, int textBytes, string id, string source)
    {
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Math.Max(1, textBytes));
        try
        {
            if (!BrotliDecoder.TryDecompress(compressed, utf8.AsSpan(0, textBytes), out int written) || written != textBytes)
            {
                throw new NearDupFormatException($"{source}: document '{id}' text does not decompress to its stated {textBytes} bytes.");
            }

            return StrictUtf8.GetString(utf8, 0, textBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new NearDupFormatException($"{source}: document '{id}' text is not valid UTF-8.", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Reads the version byte.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <returns><see cref="Version1"/> or <see cref="Version2"/>.</returns>
    /// <exception cref="NearDupFormatException">The payload is empty or of a version this build does not read.</exception>
    public static byte ReadVersion(ReadOnlySpan<byte> payload, string id, string source)
    {
        if (payload.IsEmpty)
        {
            throw new NearDupFormatException($"{source}: document '{id}' payload is empty.");
        }

        if (payload[0] is not (Version1 or Version2))
        {
            throw new NearDupFormatException($"{source}: document '{id}' payload version {payload[0]} is not one this build reads (reads {Version1} and {Version2}).");
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
        if (ReadVersion(payload, id, source) == Version1)
        {
            ReadOnlySpan<byte> compressed = Version1Text(payload, id, source, out int textBytes);
            return Decompress(compressed, textBytes, id, source);
        }

        var r = new Reader(payload, id, source);
        r.U8();
        int length = r.TextLength();
        ReadOnlySpan<byte> text = r.Bytes(r.Count(1, "compressed text"), "compressed text");
        return Decompress(text, length, id, source);
    }

    /// <summary>Reads a version 2 payload's stored form without decompressing the text.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id, for errors.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <param name="analysis">The index's analysis options: the sketches must have their parameters' sizes.</param>
    /// <returns>The form (its arrays are fresh; the payload can be dropped).</returns>
    /// <exception cref="NearDupFormatException">The payload is not version 2, is truncated, has bytes left over, or holds sketches of another size.</exception>
    public static StoredForm DecodeForm(ReadOnlySpan<byte> payload, string id, string source, AnalysisOptions analysis)
    {
        var r = new Reader(payload, id, source);
        byte version = r.U8();
        if (version != Version2)
        {
            throw new NearDupFormatException($"{source}: document '{id}' payload version {version} holds no derived data (expected {Version2}).");
        }

        int textBytes = r.TextLength();
        byte[] compressed = r.Bytes(r.Count(1, "compressed text"), "compressed text").ToArray();
        ulong exact = r.U64();
        ulong simHash = r.U64();
        MinHashSketch minHash = r.Sketch(analysis.MinHash, "MinHash sketch");
        MinHashSketch spin = r.Sketch(analysis.SpinSketch, "spin sketch");
        ulong[] passages = r.U64s("passage fingerprints");
        ulong[] spinPassages = r.U64s("spin fingerprints");
        r.End();
        return new StoredForm(compressed, textBytes, exact, simHash, minHash, spin, passages, spinPassages);
    }

    /// <summary>Re-analyses a version 1 payload's text into a stored form (its compressed text is reused as is).</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="id">The document id.</param>
    /// <param name="source">The store's name, for errors.</param>
    /// <param name="analyzer">The index's analyzer.</param>
    /// <returns>The form.</returns>
    /// <exception cref="NearDupFormatException">The payload is corrupt.</exception>
    public static StoredForm AnalyzeVersion1(ReadOnlySpan<byte> payload, string id, string source, DocumentAnalyzer analyzer)
    {
        ReadOnlySpan<byte> compressed = Version1Text(payload, id, source, out int textBytes);
        AnalyzedDocument document = analyzer.Analyze(id, Decompress(compressed, textBytes, id, source));
        return StoredForm.From(document, compressed.ToArray(), textBytes);
    }

    private static ReadOnlySpan<byte> Version1Text(ReadOnlySpan<byte> payload, string id, string source, out int textBytes)
    {
        if (payload.Length < 5)
        {
            throw new NearDupFormatException($"{source}: document '{id}' payload ended after {payload.Length} of at least 5 bytes.");
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
        if (length > MaxTextBytes)
        {
            throw new NearDupFormatException($"{source}: document '{id}' claims {length} bytes of text, more than 1 GiB.");
        }

        textBytes = (int)length;
        return payload[5..];
    }

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _at;

        public void U8(byte value) => _buffer[_at++] = value;

        public void U16(ushort value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_at..], value);
            _at += 2;
        }

        public void U32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_at..], value);
            _at += 4;
        }

        public void U64(ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_at..], value);
            _at += 8;
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[_at..]);
            _at += bytes.Length;
        }

        public void Sketch(MinHashSketch sketch)
        {
            U32((uint)sketch.SetSize);
            U16((ushort)sketch.Values.Length);
            foreach (uint v in sketch.Values)
            {
                U32(v);
            }
        }

        public void U64s(ulong[] values)
        {
            U32((uint)values.Length);
            foreach (ulong v in values)
            {
                U64(v);
            }
        }
    }

    /// <summary>Reads a version 2 payload; every error names the source, the document and the offset.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data, string id, string source)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public byte U8() => Take(1, "version")[0];

        public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "hashes"));

        public int TextLength()
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "text length"));
            if (length > MaxTextBytes)
            {
                throw Error($"claims {length} bytes of text, more than 1 GiB");
            }

            return (int)length;
        }

        /// <summary>Reads a u32 count of items of <paramref name="itemSize"/> bytes and checks they fit in what is left.</summary>
        public int Count(int itemSize, string what)
        {
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
            if ((ulong)count * (ulong)itemSize > (ulong)(_data.Length - _at))
            {
                throw Error($"claims {count} × {itemSize} bytes of {what} at offset {_at}, but only {_data.Length - _at} bytes are left");
            }

            return (int)count;
        }

        public ReadOnlySpan<byte> Bytes(int length, string what) => Take(length, what);

        public MinHashSketch Sketch(MinHashParameters parameters, string what)
        {
            uint setSize = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
            if (setSize > int.MaxValue)
            {
                throw Error($"{what} claims a set of {setSize} shingles");
            }

            int k = BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));
            if (k != parameters.HashCount)
            {
                throw Error($"{what} has {k} values, the index expects {parameters.HashCount}");
            }

            ReadOnlySpan<byte> bytes = Take(4 * k, what);
            var values = new uint[k];
            for (int i = 0; i < k; i++)
            {
                values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
            }

            return new MinHashSketch(parameters, values, (int)setSize);
        }

        public ulong[] U64s(string what)
        {
            int n = Count(8, what);
            ReadOnlySpan<byte> bytes = Take(8 * n, what);
            var values = new ulong[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]);
            }

            return values;
        }

        public readonly void End()
        {
            if (_at != _data.Length)
            {
                throw Error($"has {_data.Length - _at} unexpected bytes after offset {_at}");
            }
        }

        private ReadOnlySpan<byte> Take(int n, string what)
        {
            if (_data.Length - _at < n)
            {
                throw Error($"ended after {_data.Length} bytes, reading {what}: {_at + n} needed");
            }

            ReadOnlySpan<byte> s = _data.Slice(_at, n);
            _at += n;
            return s;
        }

        private readonly NearDupFormatException Error(string problem) =>
            new($"{source}: document '{id}' payload version {Version2} {problem}.");
    }
}
