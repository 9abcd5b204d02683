using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using ZstdSharp;

namespace NearDup.Storage.Codecs;

/// <summary>The two ways a stored text is compressed: what <see cref="TextCompression.CodecOf"/> tells from its first bytes.</summary>
internal enum TextCodec : byte
{
    /// <summary>Brotli, window 22: payload versions 1 to 3 and the Redis backend's records.</summary>
    Brotli = 0,

    /// <summary>A Zstandard frame (RFC 8878), level 1: payload version 4, which this build writes.</summary>
    Zstandard = 1,
}

/// <summary>How an index stores a document's text: strict UTF-8 compressed as one Zstandard frame (level 1), which
/// keeps a 3 KB article in about 1.4 KB, takes a third of the time Brotli took to write and half of it to read back;
/// texts older builds stored are Brotli (window 22, quality 3 or 5) and read as before.</summary>
/// <remarks>
/// <para>
/// Used by the payload codec (<see cref="DocumentPayload"/>) and by what holds compressed texts in memory
/// (<see cref="StoredForm"/>, the engine's records, the structure image's text records, the Redis backend's records).
/// Thread safety: safe for concurrent use (each thread keeps its own Zstandard contexts).
/// </para>
/// <para>
/// <b>Which codec a text is in</b> is recorded twice. In the file, by the payload version: version 4 holds a Zstandard
/// text, versions 1 to 3 a Brotli one (<see cref="DocumentPayload"/> checks the two agree). In the bytes themselves,
/// which is what everything holding a compressed text without its payload relies on (<see cref="Decompress"/>): a
/// Zstandard frame starts with its magic number <c>28 B5 2F FD</c>, and a Brotli stream of window 22, the only window
/// NearDup has written, starts with a byte whose low four bits are <c>1011</c> (WBITS = 22, RFC 7932 §9.1), never
/// <c>28</c>, or is the one byte <c>06</c> of an empty text. <see cref="CodecOf"/> tells them apart by the whole magic.
/// </para>
/// <para>
/// Zstandard level 1, not Brotli quality 3 as builds of issue 18 before it wrote: on the same texts, one thread, fastest
/// of 8 to 15 rounds (the <c>text-codecs</c> verb; benchmarks/README.md, "Adding documents"), 285 generated 3 KB articles took 16.6 µs a text to
/// compress and 5.4 µs to decompress at 1,359 bytes, against 42.6 and 11.7 µs at 1,342 bytes for Brotli quality 3
/// (1.3% more bytes); the real mixed and mail collections gave the same picture. LZ4 was faster still but 50% larger.
/// The Redis backend keeps Brotli quality 5 (<c>RedisCandidateIndex.RecordQuality</c>), where memory is the cost.
/// </para>
/// </remarks>
internal static class TextCompression
{
    /// <summary>The Brotli quality builds before issue 18 wrote (5): kept for the writer of text-only payloads, which
    /// exists only for tests of reading what those builds stored.</summary>
    public const int QualityBeforeIssue18 = 5;

    /// <summary>The Brotli quality builds of issue 18 wrote before Zstandard (payload version 3); kept for tests of
    /// reading what those builds stored.</summary>
    public const int Quality = 3;

    /// <summary>The Zstandard level an index writes.</summary>
    public const int ZstandardLevel = 1;

    private const int BrotliWindow = 22;

    /// <summary>The first four bytes of every Zstandard frame (RFC 8878 §3.1.1, 0xFD2FB528 little-endian).</summary>
    private const uint ZstandardMagic = 0xFD2FB528;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static Decompressor? t_decompressor;

    /// <summary>The codec of a compressed text, from its first bytes (see the remarks of <see cref="TextCompression"/>).</summary>
    /// <param name="compressed">The compressed text.</param>
    /// <returns><see cref="TextCodec.Zstandard"/> when it starts with the Zstandard magic number, else <see cref="TextCodec.Brotli"/>.</returns>
    public static TextCodec CodecOf(ReadOnlySpan<byte> compressed) =>
        compressed.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(compressed) == ZstandardMagic ? TextCodec.Zstandard : TextCodec.Brotli;

    /// <summary>Compresses a text as an index stores it (Zstandard, level <see cref="ZstandardLevel"/>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="textBytes">Receives the length of its UTF-8 form.</param>
    /// <returns>The Zstandard frame.</returns>
    /// <exception cref="EncoderFallbackException">The text is not valid UTF-16 (a lone surrogate).</exception>
    public static byte[] Compress(string text, out int textBytes) => Compress(text, TextCodec.Zstandard, 0, out textBytes);

    /// <summary>Compresses a text with Brotli at a given quality (window 22), as payload versions 1 to 3 and the Redis
    /// backend's records hold it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="quality">The Brotli quality (0 to 11).</param>
    /// <param name="textBytes">Receives the length of its UTF-8 form.</param>
    /// <returns>The Brotli bytes.</returns>
    /// <exception cref="EncoderFallbackException">The text is not valid UTF-16 (a lone surrogate).</exception>
    public static byte[] Compress(string text, int quality, out int textBytes) => Compress(text, TextCodec.Brotli, quality, out textBytes);

    /// <summary>Compresses a text as an index stores it, unless it is not valid UTF-16.</summary>
    /// <param name="text">The text.</param>
    /// <param name="compressed">Receives the Zstandard frame.</param>
    /// <param name="textBytes">Receives the length of the UTF-8 form.</param>
    /// <returns>False when the text holds a lone surrogate, which strict UTF-8 cannot represent.</returns>
    public static bool TryCompress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? compressed, out int textBytes) =>
        TryCompress(text, TextCodec.Zstandard, 0, out compressed, out textBytes);

    private static byte[] Compress(string text, TextCodec codec, int quality, out int textBytes)
    {
        if (!TryCompress(text, codec, quality, out byte[]? compressed, out textBytes))
        {
            _ = StrictUtf8.GetByteCount(text); // throws the EncoderFallbackException that names the offending index
            throw new InvalidOperationException("text failed strict UTF-8 conversion but the encoder accepted it.");
        }

        return compressed;
    }

    private static bool TryCompress(string text, TextCodec codec, int quality, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? compressed, out int textBytes)
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

            ReadOnlySpan<byte> source = utf8.AsSpan(0, textBytes);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(codec == TextCodec.Zstandard
                ? (int)Compressor.GetCompressBound(textBytes)
                : BrotliEncoder.GetMaxCompressedLength(textBytes));
            try
            {
                int written;
                if (codec == TextCodec.Zstandard)
                {
                    written = (t_compressor ??= new Compressor(ZstandardLevel)).Wrap(source, buffer);
                }
                else if (!BrotliEncoder.TryCompress(source, buffer, out written, quality, BrotliWindow))
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

    /// <summary>Decompresses a text compressed by either codec (<see cref="CodecOf"/> tells which).</summary>
    /// <param name="compressed">The Zstandard frame or Brotli bytes.</param>
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
            if (!TryDecompress(compressed, utf8.AsSpan(0, textBytes), out string? problem))
            {
                throw FormatErrors.Create(source, $"document '{id}' text", problem);
            }

            return StrictUtf8.GetString(utf8, 0, textBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw FormatErrors.Create(source, $"document '{id}' text", "is not valid UTF-8", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> utf8, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        int written;
        if (CodecOf(compressed) == TextCodec.Zstandard)
        {
            try
            {
                written = (t_decompressor ??= new Decompressor()).Unwrap(compressed, utf8);
            }
            catch (ZstdException e)
            {
                problem = $"does not decompress to its stated {utf8.Length} bytes (Zstandard: {e.Message})";
                return false;
            }
        }
        else if (!BrotliDecoder.TryDecompress(compressed, utf8, out written))
        {
            written = -1;
        }

        problem = written == utf8.Length ? null : $"does not decompress to its stated {utf8.Length} bytes";
        return problem is null;
    }
}
