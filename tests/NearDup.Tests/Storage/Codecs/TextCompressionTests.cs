using System;
using System.Linq;
using System.Text;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Storage.Codecs;

/// <summary>
/// The two codecs of stored texts: what this build writes (a Zstandard frame), what older builds and the Redis backend
/// wrote (Brotli, window 22), and the first-byte rule that tells them apart wherever a text is held without its payload.
/// </summary>
public class TextCompressionTests
{
    private static readonly string[] Texts =
    [
        "",
        "a",
        "ab",
        TestTexts.Lighthouse,
        TestTexts.Sourdough,
        "Ünïcødé, 中文文本 and ﬁ ligatures: \u200D\uFE0F " + new string('x', 5000),
    ];

    [Test]
    public void Compress_WritesAZstandardFrameThatDecompressesToTheText()
    {
        foreach (string text in Texts)
        {
            byte[] compressed = TextCompression.Compress(text, out int textBytes);
            Assert.That(TextCompression.CodecOf(compressed), Is.EqualTo(TextCodec.Zstandard), text);
            Assert.That(compressed.AsSpan(0, 4).ToArray(), Is.EqualTo(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }), text);
            Assert.That(TextCompression.Decompress(compressed, textBytes, "doc", "test"), Is.EqualTo(text));
        }
    }

    [Test]
    public void Compress_IsTheZstandardLibrarysLevel1Frame()
    {
        // The writer is the package's level 1 and nothing else: the golden payload-v4 bytes depend on it.
        byte[] utf8 = Encoding.UTF8.GetBytes(TestTexts.Lighthouse);
        byte[] expected = new ZstdSharp.Compressor(1).Wrap(utf8).ToArray();
        Assert.That(TextCompression.Compress(TestTexts.Lighthouse, out _), Is.EqualTo(expected));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(5)]
    [TestCase(11)]
    public void Brotli_WindowOf22_NeverStartsLikeAZstandardFrame(int quality)
    {
        // RFC 7932 §9.1: WBITS 22 is coded as the bits 1, 1, 0, 1 from the lowest, so the first byte ends in 1011; an
        // empty text is the one-byte stream 06 (WBITS 16, last and empty), shorter than the four-byte magic.
        var random = new Random(18);
        for (int i = 0; i < 200; i++)
        {
            string text = i < Texts.Length ? Texts[i] : RandomText(random, random.Next(0, 4000));
            byte[] compressed = TextCompression.Compress(text, quality, out int textBytes);
            if (text.Length == 0)
            {
                Assert.That(compressed, Is.EqualTo(new byte[] { 0x06 }), $"quality {quality}, the empty text");
            }
            else
            {
                Assert.That(compressed[0] & 0xF, Is.EqualTo(0b1011), $"quality {quality}, text {i}");
            }

            Assert.That(TextCompression.CodecOf(compressed), Is.EqualTo(TextCodec.Brotli), $"quality {quality}, text {i}");
            Assert.That(TextCompression.Decompress(compressed, textBytes, "doc", "test"), Is.EqualTo(text));
        }
    }

    [Test]
    public void Decompress_ZstandardFrameOfAnotherLength_IsRejectedNamingTheDocument()
    {
        byte[] compressed = TextCompression.Compress(TestTexts.Lighthouse, out int textBytes);
        Assert.That(
            () => TextCompression.Decompress(compressed, textBytes - 1, "doc", "test"),
            Throws.TypeOf<NearDupFormatException>().With.Message.StartsWith($"test: document 'doc' text does not decompress to its stated {textBytes - 1} bytes"));
        Assert.That(
            () => TextCompression.Decompress(compressed, textBytes + 1, "doc", "test"),
            Throws.TypeOf<NearDupFormatException>().With.Message.StartsWith($"test: document 'doc' text does not decompress to its stated {textBytes + 1} bytes"));
    }

    [Test]
    public void Decompress_DamagedZstandardFrame_IsRejectedAtEveryByteFlipAfterTheMagic()
    {
        // A Zstandard frame carries no checksum here (the store checksums payloads): a flipped byte may still decode,
        // to other text; it must never raise an exception of another type than the format error.
        byte[] compressed = TextCompression.Compress(TestTexts.Lighthouse, out int textBytes);
        for (int at = 4; at < compressed.Length; at++)
        {
            byte[] damaged = [.. compressed];
            damaged[at] ^= 0x5A;
            Exception? thrown = null;
            try
            {
                _ = TextCompression.Decompress(damaged, textBytes, "doc", "test");
            }
            catch (Exception e)
            {
                thrown = e;
            }

            Assert.That(thrown, Is.Null.Or.TypeOf<NearDupFormatException>(), $"byte {at} flipped");
        }
    }

    [Test]
    public void Decompress_TruncatedZstandardFrame_IsRejectedAtEveryLength()
    {
        byte[] compressed = TextCompression.Compress(TestTexts.Lighthouse, out int textBytes);
        for (int length = 4; length < compressed.Length; length++)
        {
            byte[] cut = compressed[..length];
            Assert.That(() => TextCompression.Decompress(cut, textBytes, "doc", "test"), Throws.TypeOf<NearDupFormatException>(), $"cut to {length}");
        }
    }

    private static string RandomText(Random random, int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz      .,\nÄöß中文";
        return new string(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
    }
}
