using System;
using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;

namespace NearDup.Storage.Codecs;

/// <summary>How an index stores a document's text: strict UTF-8 compressed with Brotli (quality 3, window 22), which
/// keeps a 3 KB article in about 1.6 KB and decompresses far faster than the text is analysed again.</summary>
/// <remarks>
/// <para>
/// Used by the payload codec (<see cref="DocumentPayload"/>) and by what holds compressed texts in memory
/// (<see cref="StoredForm"/>, the engine's records). Thread safety: stateless.
/// </para>
/// <para>
/// Quality 3, not 5 as builds before issue 18 wrote: on 3,000 generated 3 KB articles (<c>brotli-levels</c>) quality 5
/// took 111 µs a text to compress, as long as the whole analysis, and quality 3 takes 45 µs for 9% more bytes (1,585
/// against 1,453), and decompresses in 12 µs instead of 16. The decoder reads every quality and window, so the payloads
/// older builds wrote read as before, and this build's payloads read in theirs: the quality is the writer's choice
/// alone, not part of the format.
/// </para>
/// </remarks>
internal static class TextCompression
{
    /// <summary>The Brotli quality builds before issue 18 wrote (5): kept for the writer of text-only payloads, which
    /// exists only for tests of reading what those builds stored.</summary>
    public const int QualityBeforeIssue18 = 5;

    /// <summary>The Brotli quality an index writes.</summary>
    public const int Quality = 3;

    private const int BrotliWindow = 22;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Compresses a text as an index stores it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="textBytes">Receives the length of its UTF-8 form.</param>
    /// <returns>The Brotli bytes.</returns>
    /// <exception cref="EncoderFallbackException">The text is not valid UTF-16 (a lone surrogate).</exception>
    public static byte[] Compress(string text, out int textBytes) => Compress(text, Quality, out textBytes);

    /// <summary>Compresses a text at a given Brotli quality.</summary>
    /// <param name="text">The text.</param>
    /// <param name="quality">The Brotli quality (0 to 11).</param>
    /// <param name="textBytes">Receives the length of its UTF-8 form.</param>
    /// <returns>The Brotli bytes.</returns>
    /// <exception cref="EncoderFallbackException">The text is not valid UTF-16 (a lone surrogate).</exception>
    public static byte[] Compress(string text, int quality, out int textBytes)
    {
        if (!TryCompress(text, quality, out byte[]? compressed, out textBytes))
        {
            _ = StrictUtf8.GetByteCount(text); // throws the EncoderFallbackException that names the offending index
            throw new InvalidOperationException("text failed strict UTF-8 conversion but the encoder accepted it.");
        }

        return compressed;
    }

    /// <summary>Compresses a text as an index stores it, unless it is not valid UTF-16.</summary>
    /// <param name="text">The text.</param>
    /// <param name="compressed">Receives the Brotli bytes.</param>
    /// <param name="textBytes">Receives the length of the UTF-8 form.</param>
    /// <returns>False when the text holds a lone surrogate, which strict UTF-8 cannot represent.</returns>
    public static bool TryCompress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? compressed, out int textBytes) =>
        TryCompress(text, Quality, out compressed, out textBytes);

    private static bool TryCompress(string text, int quality, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? compressed, out int textBytes)
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
                if (!BrotliEncoder.TryCompress(utf8.AsSpan(0, textBytes), buffer, out int written, quality, BrotliWindow))
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

    /// <summary>Decompresses a text compressed by <see cref="Compress(string, out int)"/>.</summary>
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
                throw FormatErrors.Create(source, $"document '{id}' text", $"does not decompress to its stated {textBytes} bytes");
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
}
