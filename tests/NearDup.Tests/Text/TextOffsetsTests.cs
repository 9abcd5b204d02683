using System;
using System.Linq;
using System.Text;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Text;

/// <summary><see cref="TextOffsets"/>: UTF-16 offsets in code points and UTF-8 bytes, against oracles that count runes
/// and encode prefixes.</summary>
public class TextOffsetsTests
{
    /// <summary>Emoji (surrogate pairs), CJK (3 UTF-8 bytes, one code unit), a combining mark, a lone surrogate.</summary>
    private const string Mixed = "a😀b 東京 e\u0301 🇫🇷 x\uD800y 𠀋z";

    [Test]
    public void CodePoints_AtEveryOffset_CountsTheRunesBefore()
    {
        int[] expected = [.. Enumerable.Range(0, Mixed.Length + 1).Select(i => Runes(Mixed[..i]))];
        Assert.That(Enumerable.Range(0, Mixed.Length + 1).Select(i => TextOffsets.CodePoints(Mixed, i)), Is.EqualTo(expected));
    }

    [Test]
    public void Utf8Bytes_AtEveryOffset_IsTheLengthOfThePrefixEncoded()
    {
        int[] expected = [.. Enumerable.Range(0, Mixed.Length + 1).Select(i => Encoding.UTF8.GetByteCount(Mixed[..i]))];
        Assert.That(Enumerable.Range(0, Mixed.Length + 1).Select(i => TextOffsets.Utf8Bytes(Mixed, i)), Is.EqualTo(expected));
    }

    [Test]
    public void Offsets_OfKnownPlaces_AreTheKnownValues()
    {
        int tokyo = Mixed.IndexOf('東', StringComparison.Ordinal); // after "a😀b ": 5 code units, 4 code points, 7 bytes
        Assert.That((tokyo, TextOffsets.CodePoints(Mixed, tokyo), TextOffsets.Utf8Bytes(Mixed, tokyo)), Is.EqualTo((5, 4, 7)));
    }

    [Test]
    public void An_offset_outside_the_text_is_rejected() =>
        Assert.That(() => TextOffsets.CodePoints("abc", 4), Throws.InstanceOf<ArgumentOutOfRangeException>());

    /// <summary>Runes as .NET enumerates them (a lone surrogate is one replacement rune): the scalar oracle.</summary>
    private static int Runes(string s) => s.EnumerateRunes().Count();
}
