using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NearDup.Internal;

/// <summary>64-bit lane arithmetic that AVX2 lacks, built from what it has: the callers' Vector256 paths are what
/// machines without AVX-512 run (most laptops and desktops, AMD before Zen 4), and a few of them run on AVX-512
/// machines too.</summary>
/// <remarks>Callers check <see cref="Avx2.IsSupported"/>. Thread safety: static and stateless.</remarks>
internal static class Avx2Words
{
    /// <summary>The low 64 bits of each lane times <paramref name="multiplier"/>, from three 32×32-bit products
    /// (vpmuludq): AVX2 has no 64-bit multiply, and the product's high halves times each other fall past bit 63.</summary>
    /// <param name="a">The lanes.</param>
    /// <param name="multiplier">The constant.</param>
    /// <returns>Each lane times the constant, modulo 2^64.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyLow(Vector256<ulong> a, ulong multiplier)
    {
        if (Avx512DQ.VL.IsSupported)
        {
            // One vpmullq where the machine has it (these paths also run on AVX-512 machines).
            return a * Vector256.Create(multiplier);
        }

        Vector256<uint> m = Vector256.Create(multiplier).AsUInt32();
        Vector256<uint> mHigh = Vector256.Create(multiplier >> 32).AsUInt32();
        Vector256<ulong> lowLow = Avx2.Multiply(a.AsUInt32(), m);
        Vector256<ulong> cross = Avx2.Multiply(Vector256.ShiftRightLogical(a, 32).AsUInt32(), m) + Avx2.Multiply(a.AsUInt32(), mHigh);
        return lowLow + Vector256.ShiftLeft(cross, 32);
    }

    /// <summary>The splitmix64 finaliser (<c>Mixing.Mix64</c>) of each lane.</summary>
    /// <param name="z">The lanes.</param>
    /// <returns>The mixed lanes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Mix64(Vector256<ulong> z)
    {
        z = MultiplyLow(z ^ Vector256.ShiftRightLogical(z, 30), 0xBF58_476D_1CE4_E5B9UL);
        z = MultiplyLow(z ^ Vector256.ShiftRightLogical(z, 27), 0x94D0_49BB_1331_11EBUL);
        return z ^ Vector256.ShiftRightLogical(z, 31);
    }
}
