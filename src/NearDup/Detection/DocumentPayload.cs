using System;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NearDup.Storage;

namespace NearDup.Detection;

/// <summary>Encodes an indexed document for an <see cref="IIndexStore"/>.</summary>
/// <remarks>
/// Payload version 1: u8 version, u32 length of the UTF-8 text, then the text compressed with Brotli (quality 5).
/// Everything else (tokens, shingles, sketches, fingerprints) is derived deterministically from the text when the
/// index opens, so the stored bytes cannot disagree with the in-memory structures; a compressed 3 KB article takes
/// about 1.2 KB.
/// </remarks>
internal static class DocumentPayload
{
    private const byte Version = 1;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static byte[] Encode(string text)
    {
        byte[] utf8 = StrictUtf8.GetBytes(text);
        byte[] buffer = new byte[5 + BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        buffer[0] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(1), (uint)utf8.Length);
        if (!BrotliEncoder.TryCompress(utf8, buffer.AsSpan(5), out int written, quality: 5, window: 22))
        {
            throw new InvalidOperationException("Brotli compression did not fit its own maximum size.");
        }

        return buffer.AsSpan(0, 5 + written).ToArray();
    }

    public static string Decode(ReadOnlySpan<byte> payload, string id, string source)
    {
        if (payload.Length < 5)
        {
            throw new NearDupFormatException($"{source}: document '{id}' payload ended after {payload.Length} of at least 5 bytes.");
        }

        if (payload[0] != Version)
        {
            throw new NearDupFormatException($"{source}: document '{id}' payload version {payload[0]} is not one this build reads (reads {Version}).");
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
        if (length > 1 << 30)
        {
            throw new NearDupFormatException($"{source}: document '{id}' claims {length} bytes of text, more than 1 GiB.");
        }

        byte[] utf8 = new byte[length];
        if (!BrotliDecoder.TryDecompress(payload[5..], utf8, out int written) || written != length)
        {
            throw new NearDupFormatException($"{source}: document '{id}' text does not decompress to its stated {length} bytes.");
        }

        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new NearDupFormatException($"{source}: document '{id}' text is not valid UTF-8.", e);
        }
    }
}
