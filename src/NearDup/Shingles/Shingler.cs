using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using NearDup.Internal;
using NearDup.Text;

namespace NearDup.Shingles;

/// <summary>Cuts token sequences or texts into hashed shingles.</summary>
/// <remarks>
/// A word shingle's hash is XxHash3 (seed <see cref="ShingleHashSeed"/>) of the little-endian bytes of its k token
/// hashes, so no string is built per shingle. A document with fewer than k content tokens yields one shingle of all of
/// them, so every non-empty document has at least one shingle. Thread safety: stateless, safe for concurrent use.
/// </remarks>
public static class Shingler
{
    /// <summary>The fixed seed of shingle hashes, fixed so that stored shingle hashes match across builds and machines.</summary>
    public const long ShingleHashSeed = 0x4E44_5550_5348_4E31; // "NDUPSHN1"

    /// <summary>The most shingles <paramref name="contentTokenCount"/> content tokens can give for a shingle size.</summary>
    /// <param name="contentTokenCount">Number of content tokens.</param>
    /// <param name="size">Shingle size.</param>
    /// <returns>The number of word shingles <see cref="WordShingles(ReadOnlySpan{ulong}, int, Span{ulong})"/> writes.</returns>
    public static int WordShingleCount(int contentTokenCount, int size) =>
        contentTokenCount == 0 ? 0 : Math.Max(1, contentTokenCount - size + 1);

    /// <summary>Hashes word shingles of <paramref name="size"/> consecutive token hashes.</summary>
    /// <param name="contentTokenHashes">Hashes of the content tokens in text order (punctuation already removed).</param>
    /// <param name="size">Tokens per shingle.</param>
    /// <param name="destination">Receives shingle i (starting at content token i) at index i.</param>
    /// <returns>The number of shingles written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int WordShingles(ReadOnlySpan<ulong> contentTokenHashes, int size, Span<ulong> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        int count = WordShingleCount(contentTokenHashes.Length, size);
        if (destination.Length < count)
        {
            throw new ArgumentException($"destination holds {destination.Length} shingles; {count} are needed.", nameof(destination));
        }

        if (count == 0)
        {
            return 0;
        }

        int words = Math.Min(size, contentTokenHashes.Length);
        if (words is >= XxHash3Words.MinWords and <= XxHash3Words.MaxWords)
        {
            // The usual case (5-grams, and the pairs SimHash weighs): hashed from the words themselves, the same value
            // as the library's path below.
            XxHash3Words.HashWindows(contentTokenHashes, words, ShingleHashSeed, destination, count);
            return count;
        }

        return WordShinglesScalar(contentTokenHashes, size, destination);
    }

    /// <summary>As <see cref="WordShingles(ReadOnlySpan{ulong}, int, Span{ulong})"/>, every shingle through
    /// <see cref="XxHash3"/> over the little-endian bytes: the path for shingles of one word or over 16, and the oracle
    /// the tests check the word path against.</summary>
    /// <param name="contentTokenHashes">Hashes of the content tokens in text order.</param>
    /// <param name="size">Tokens per shingle, at least 1.</param>
    /// <param name="destination">Receives the shingles; long enough for <see cref="WordShingleCount"/>.</param>
    /// <returns>The number of shingles written.</returns>
    internal static int WordShinglesScalar(ReadOnlySpan<ulong> contentTokenHashes, int size, Span<ulong> destination)
    {
        int count = WordShingleCount(contentTokenHashes.Length, size);
        if (count == 0)
        {
            return 0;
        }

        ReadOnlySpan<byte> bytes = LittleEndianBytes(contentTokenHashes, out ulong[]? rented);
        try
        {
            int width = Math.Min(size, contentTokenHashes.Length) * sizeof(ulong);
            for (int i = 0; i < count; i++)
            {
                destination[i] = XxHash3.HashToUInt64(bytes.Slice(i * sizeof(ulong), width), ShingleHashSeed);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }

        return count;
    }

    /// <summary>Collects the hashes of the content (non-punctuation) tokens.</summary>
    /// <param name="tokens">Tokens from <see cref="Tokenizer"/>.</param>
    /// <param name="destination">Receives the hashes; must hold <c>tokens.Length</c>.</param>
    /// <returns>The number of content tokens.</returns>
    public static int ContentHashes(ReadOnlySpan<Token> tokens, Span<ulong> destination)
    {
        int n = 0;
        foreach (ref readonly Token t in tokens)
        {
            if (t.Kind != TokenKind.Punctuation)
            {
                destination[n++] = t.Hash;
            }
        }

        return n;
    }

    /// <summary>Hashes character shingles of the normalised text with white space removed.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="size">Characters per shingle.</param>
    /// <returns>The shingle hashes in text order.</returns>
    public static ulong[] CharacterShingles(ReadOnlySpan<char> text, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        string normalized = TextNormalizer.Normalize(text).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (normalized.Length == 0)
        {
            return [];
        }

        int width = Math.Min(size, normalized.Length);
        var result = new ulong[normalized.Length - width + 1];
        ReadOnlySpan<char> chars = normalized;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Utf16Hash.LittleEndian(chars.Slice(i, width), ShingleHashSeed);
        }

        return result;
    }

    /// <summary>Shingles a text as <paramref name="spec"/> says.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="spec">Shingle unit and size.</param>
    /// <returns>Shingle hashes in text order (with repeats).</returns>
    public static ulong[] Shingle(ReadOnlySpan<char> text, ShingleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Unit == ShingleUnit.Character)
        {
            return CharacterShingles(text, spec.Size);
        }

        Token[] tokens = Tokenizer.Tokenize(text);
        var hashes = new ulong[tokens.Length];
        int n = ContentHashes(tokens, hashes);
        var result = new ulong[WordShingleCount(n, spec.Size)];
        WordShingles(hashes.AsSpan(0, n), spec.Size, result);
        return result;
    }

    private static ReadOnlySpan<byte> LittleEndianBytes(ReadOnlySpan<ulong> values, out ulong[]? rented)
    {
        rented = null;
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.AsBytes(values);
        }

        rented = ArrayPool<ulong>.Shared.Rent(values.Length);
        BinaryPrimitives.ReverseEndianness(values, rented.AsSpan(0, values.Length));
        return MemoryMarshal.AsBytes(rented.AsSpan(0, values.Length));
    }
}
