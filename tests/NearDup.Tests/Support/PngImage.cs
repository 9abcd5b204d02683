using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace NearDup.Tests.Support;

/// <summary>
/// A decoded PNG, enough of the format to read back a browser's screenshot: 8-bit RGB or RGBA, not interlaced (what
/// Chromium writes). Chunks are read in order, the IDAT chunks joined and inflated (zlib), and each scanline's filter
/// (none, sub, up, average, Paeth; PNG spec, section 9) undone.
/// </summary>
internal sealed class PngImage
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _pixels;
    private readonly int _channels;

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>), alpha left out.</summary>
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int at = ((y * Width) + x) * _channels;
            return (_pixels[at], _pixels[at + 1], _pixels[at + 2]);
        }
    }

    /// <summary>Decodes a PNG file.</summary>
    /// <exception cref="InvalidDataException">Not a PNG, or a kind this reader does not decode.</exception>
    public static PngImage Read(byte[] file)
    {
        if (file.Length < Signature.Length || !file.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file (signature)");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (int at = Signature.Length; at + 12 <= file.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            ReadOnlySpan<byte> data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                (byte depth, byte colour, byte interlace) = (data[8], data[9], data[12]);
                channels = colour switch { 2 => 3, 6 => 4, _ => 0 };
                if (depth != 8 || channels == 0 || interlace != 0)
                {
                    throw new InvalidDataException($"PNG of bit depth {depth}, colour type {colour}, interlace {interlace}: only 8-bit RGB or RGBA, not interlaced, is read here");
                }
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        if (channels == 0)
        {
            throw new InvalidDataException("PNG without an IHDR chunk");
        }

        int stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        compressed.Position = 0;
        using (var inflate = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            inflate.ReadExactly(raw);
        }

        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            Span<byte> line = pixels.AsSpan(y * stride, stride);
            raw.AsSpan((y * (stride + 1)) + 1, stride).CopyTo(line);
            ReadOnlySpan<byte> up = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (int x = 0; x < stride; x++)
            {
                int left = x >= channels ? line[x - channels] : 0, above = up[x], corner = x >= channels ? up[x - channels] : 0;
                line[x] += filter switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)above,
                    3 => (byte)((left + above) / 2),
                    4 => (byte)Paeth(left, above, corner),
                    _ => throw new InvalidDataException($"PNG scanline {y} has filter type {filter}"),
                };
            }
        }

        return new PngImage(width, height, channels, pixels);
    }

    private static int Paeth(int left, int above, int corner)
    {
        int p = left + above - corner;
        int pa = Math.Abs(p - left), pb = Math.Abs(p - above), pc = Math.Abs(p - corner);
        return pa <= pb && pa <= pc ? left : pb <= pc ? above : corner;
    }
}
