using System;

namespace NearDup.Redis;

/// <summary>Document keys as the server stores them: 5 bytes, big-endian (up to 2⁴⁰ documents, 1.1 trillion), in
/// record keys and in posting values.</summary>
/// <remarks>Fixed width so that the posting script compares keys in a value without decoding it. Thread safety: stateless.</remarks>
internal static class DocumentKeys
{
    /// <summary>Bytes per key.</summary>
    public const int Width = 5;

    /// <summary>One more than the largest key.</summary>
    public const long Limit = 1L << (8 * Width);

    /// <summary>Writes a key.</summary>
    /// <param name="destination">At least <see cref="Width"/> bytes.</param>
    /// <param name="key">The key, 0 to <see cref="Limit"/> − 1.</param>
    public static void Write(Span<byte> destination, long key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(key, Limit);
        for (int i = Width - 1; i >= 0; i--, key >>= 8)
        {
            destination[i] = (byte)key;
        }
    }

    /// <summary>Reads a key.</summary>
    /// <param name="source">At least <see cref="Width"/> bytes.</param>
    /// <returns>The key.</returns>
    public static long Read(ReadOnlySpan<byte> source)
    {
        long key = 0;
        for (int i = 0; i < Width; i++)
        {
            key = (key << 8) | source[i];
        }

        return key;
    }
}
