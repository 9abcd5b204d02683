using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Internal;

/// <summary>
/// XxHash3 of text as UTF-16 little-endian bytes, whatever the machine's byte order: token and character-shingle hashes
/// are stored, so a big-endian machine must hash the bytes a little-endian one does.
/// </summary>
internal static class Utf16Hash
{
    /// <summary>Longest text the byte-swapping path swaps on the stack (a token's most, Tokenizer.MaxTokenChars).</summary>
    private const int StackChars = 128;

    /// <summary>XxHash3, seeded with <paramref name="seed"/>, of the UTF-16 little-endian bytes of <paramref name="text"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LittleEndian(ReadOnlySpan<char> text, long seed) =>
        BitConverter.IsLittleEndian // a JIT-time constant: little-endian machines keep only the direct hash
            ? XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text), seed)
            : ByteSwapped(text, seed);

    /// <summary>
    /// The big-endian half of <see cref="LittleEndian"/>: hashes <paramref name="text"/> with the bytes of each char
    /// swapped. Internal so that tests on little-endian machines run it too (there it hashes big-endian bytes).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static ulong ByteSwapped(ReadOnlySpan<char> text, long seed)
    {
        ushort[]? rented = text.Length > StackChars ? ArrayPool<ushort>.Shared.Rent(text.Length) : null;
        Span<ushort> swapped = rented is null ? stackalloc ushort[StackChars] : rented;
        swapped = swapped[..text.Length];
        try
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<char, ushort>(text), swapped);
            return XxHash3.HashToUInt64(MemoryMarshal.AsBytes((ReadOnlySpan<ushort>)swapped), seed);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ushort>.Shared.Return(rented);
            }
        }
    }
}
