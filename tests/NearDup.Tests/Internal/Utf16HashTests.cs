using System;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using NearDup.Internal;
using NUnit.Framework;

namespace NearDup.Tests.Internal;

public class Utf16HashTests
{
    private const long Seed = 0x1234_5678_9ABC;

    /// <summary>Letters, a third of them outside Latin-1, so that both bytes of a char matter.</summary>
    private static string Text(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26 + (i % 3 == 0 ? 0x100 : 0))));

    private static ulong Expected(string text, bool bigEndian) =>
        XxHash3.HashToUInt64(new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(text), Seed);

    [TestCase(0)]
    [TestCase(6)]
    [TestCase(300)]
    public void LittleEndian_HashesTheLittleEndianBytes(int length) =>
        Assert.That(Utf16Hash.LittleEndian(Text(length), Seed), Is.EqualTo(Expected(Text(length), bigEndian: false)));

    // The big-endian machine's path, run here: swapping each char must give the hash of the other byte order.
    [TestCase(0)]
    [TestCase(6)] // a stack buffer
    [TestCase(128)] // the largest stack buffer
    [TestCase(300)] // a rented buffer: only callers of Tokenizer.HashNormalized or long character shingles pass so much
    public void ByteSwapped_HashesTheOtherByteOrder(int length) =>
        Assert.That(Utf16Hash.ByteSwapped(Text(length), Seed), Is.EqualTo(Expected(Text(length), bigEndian: BitConverter.IsLittleEndian)));
}
