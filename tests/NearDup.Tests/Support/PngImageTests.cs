using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace NearDup.Tests.Support;

/// <summary>The screenshot reader the browser tests use, on PNGs built here byte by byte, one scanline filter per row.</summary>
public class PngImageTests
{
    /// <summary>Three rows of three pixels, distinct colours with channels that overflow a byte when filters add them.</summary>
    private static readonly (byte R, byte G, byte B)[,] Pixels =
    {
        { (250, 10, 128), (3, 200, 77), (255, 255, 0) },
        { (17, 34, 51), (240, 250, 5), (90, 1, 254) },
        { (128, 128, 128), (0, 0, 0), (201, 99, 160) },
    };

    /// <summary>The filter byte of a scanline and the filtered bytes, from the pixels as they are (PNG spec, 9.2).</summary>
    private static byte[] Filtered(byte filter, int y)
    {
        int width = Pixels.GetLength(1), stride = width * 3;
        byte At(int row, int i) => row < 0 || i < 0 ? (byte)0 : ChannelOf(Pixels[row, i / 3], i % 3);
        var line = new byte[stride + 1];
        line[0] = filter;
        for (int i = 0; i < stride; i++)
        {
            int left = At(y, i - 3), above = At(y - 1, i), corner = At(y - 1, i - 3);
            int p = left + above - corner;
            int paeth = Math.Abs(p - left) <= Math.Abs(p - above) && Math.Abs(p - left) <= Math.Abs(p - corner) ? left : Math.Abs(p - above) <= Math.Abs(p - corner) ? above : corner;
            int predictor = filter switch { 1 => left, 2 => above, 3 => (left + above) / 2, 4 => paeth, _ => 0 };
            line[i + 1] = (byte)(At(y, i) - predictor);
        }

        return line;

        static byte ChannelOf((byte R, byte G, byte B) c, int k) => k switch { 0 => c.R, 1 => c.G, _ => c.B };
    }

    /// <summary>A PNG of <see cref="Pixels"/> whose rows use the given filters.</summary>
    private static byte[] Png(params byte[] filters)
    {
        using var raw = new MemoryStream();
        using (var deflate = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < Pixels.GetLength(0); y++)
            {
                deflate.Write(Filtered(filters[y], y));
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Pixels.GetLength(1));
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Pixels.GetLength(0));
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();

        // The reader does not check CRCs, so they are left zero.
        static void Chunk(Stream to, string type, byte[] data)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            to.Write(length);
            to.Write(Encoding.ASCII.GetBytes(type));
            to.Write(data);
            to.Write(new byte[4]);
        }
    }

    private static (byte, byte, byte)[] Decoded(PngImage image) =>
        Enumerable.Range(0, image.Height).SelectMany(y => Enumerable.Range(0, image.Width).Select(x => image[x, y])).ToArray();

    [TestCase((byte)0, (byte)1, (byte)2, TestName = "Read_FiltersNoneSubUp_GivesThePixels")]
    [TestCase((byte)3, (byte)4, (byte)4, TestName = "Read_FiltersAveragePaeth_GivesThePixels")]
    [TestCase((byte)4, (byte)3, (byte)1, TestName = "Read_FiltersPaethAverageSub_GivesThePixels")]
    public void Read_GivesThePixels(byte first, byte second, byte third) =>
        Assert.That(Decoded(PngImage.Read(Png(first, second, third))), Is.EqualTo(Pixels.Cast<(byte, byte, byte)>().ToArray()));

    [Test]
    public void Read_AFileThatIsNoPng_Throws() =>
        Assert.That(() => PngImage.Read(Encoding.ASCII.GetBytes("<html></html>")), Throws.TypeOf<InvalidDataException>());
}
