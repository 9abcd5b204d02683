using System;
using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace NearDup.Sketches;

/// <summary>Small deterministic helpers for deriving per-sketch randomness from a seed.</summary>
internal static class Mixing
{
    /// <summary>
    /// The splitmix64 finaliser: a bijection on 64-bit words with full avalanche. Used to re-key shingle hashes (already
    /// XxHash3 outputs) under a sketch's seed without hashing bytes again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The i-th 64-bit value of the stream named by <paramref name="seed"/> and <paramref name="stream"/>: XxHash3 of (stream, i).</summary>
    public static ulong Derive(ulong seed, ulong stream, ulong index)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, stream);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], index);
        return XxHash3.HashToUInt64(bytes, unchecked((long)seed));
    }
}
