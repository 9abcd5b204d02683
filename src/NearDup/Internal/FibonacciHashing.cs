using System.Runtime.CompilerServices;

namespace NearDup.Internal;

/// <summary>The home slot of a 64-bit hash in a power-of-two open-addressing table (Fibonacci hashing).</summary>
/// <remarks>
/// <para>
/// Multiplying by 2^64 / φ and keeping the top bits spreads even hashes whose low bits agree; the pooled tables of the
/// verifier (<c>ShingleTable</c>, the aligner's seed table) share it so that both probe from the same slot.
/// </para>
/// <para>Thread safety: static and stateless.</para>
/// </remarks>
internal static class FibonacciHashing
{
    /// <summary>Home slot of <paramref name="hash"/> in a table of 2^(64 - <paramref name="shift"/>) slots.</summary>
    /// <param name="hash">The key's hash.</param>
    /// <param name="shift">64 minus log₂ of the table's capacity.</param>
    /// <returns>A slot in [0, 2^(64 - shift)).</returns>
    // Inlined on purpose: it stands in the probe loops, where it replaced the same expression written out.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Home(ulong hash, int shift) => (int)((hash * 0x9E3779B97F4A7C15UL) >> shift);
}
