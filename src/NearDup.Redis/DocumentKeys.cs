using System;

namespace NearDup.Redis;

/// <summary>Document keys as the server stores them, big-endian: 5 bytes (up to 2⁴⁰ documents, 1.1 trillion) in
/// record keys, the id map, the removed set and writers' logs; in posting values the layout's width
/// (<see cref="KeyLayout.PostingKeyWidth"/>), 4 bytes when the index was planned for at most 2³¹ documents.</summary>
/// <remarks>Fixed width within an index so that the posting script compares keys in a value without decoding it.
/// Thread safety: stateless.</remarks>
internal static class DocumentKeys
{
    /// <summary>Bytes per key.</summary>
    public const int Width = 5;

    /// <summary>One more than the largest key.</summary>
    public const long Limit = 1L << (8 * Width);

    /// <summary>Writes a key.</summary>
    /// <param name="destination">At least <see cref="Width"/> bytes.</param>
    /// <param name="key">The key, 0 to <see cref="Limit"/> − 1.</param>
    public static void Write(Span<byte> destination, long key) => Write(destination, key, Width);

    /// <summary>Writes a key in <paramref name="width"/> bytes.</summary>
    /// <param name="destination">At least <paramref name="width"/> bytes.</param>
    /// <param name="key">The key, 0 to 2^(8·width) − 1.</param>
    /// <param name="width">Bytes, 1 to <see cref="Width"/>.</param>
    public static void Write(Span<byte> destination, long key, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(key, 1L << (8 * width));
        for (int i = width - 1; i >= 0; i--, key >>= 8)
        {
            destination[i] = (byte)key;
        }
    }

    /// <summary>Reads a key.</summary>
    /// <param name="source">At least <see cref="Width"/> bytes.</param>
    /// <returns>The key.</returns>
    public static long Read(ReadOnlySpan<byte> source) => Read(source, Width);

    /// <summary>Reads a key of <paramref name="width"/> bytes.</summary>
    /// <param name="source">At least <paramref name="width"/> bytes.</param>
    /// <param name="width">Bytes, 1 to <see cref="Width"/>.</param>
    /// <returns>The key.</returns>
    public static long Read(ReadOnlySpan<byte> source, int width)
    {
        long key = 0;
        for (int i = 0; i < width; i++)
        {
            key = (key << 8) | source[i];
        }

        return key;
    }
}
