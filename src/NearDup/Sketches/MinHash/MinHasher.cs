using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NearDup.Internal;
using NearDup.Shingles;

namespace NearDup.Sketches.MinHash;

/// <summary>Computes MinHash sketches from shingle hashes.</summary>
/// <remarks>
/// <para>
/// Build one per <see cref="MinHashParameters"/> and reuse it: construction derives the hash coefficients from the
/// seed. The k-permutation path (and the hashing half of one-permutation hashing) is vectorised with <see cref="Vector512"/> or <see cref="Vector256"/> where the hardware
/// accelerates them; a plain scalar implementation is kept as the test oracle, and both give identical values.
/// </para>
/// <para>Thread safety: immutable after construction, safe for concurrent use.</para>
/// </remarks>
public sealed class MinHasher
{
    /// <summary>The value of a bin that no shingle reached (only in the sketch of an empty set).</summary>
    public const uint EmptyValue = uint.MaxValue;

    private const ulong CoefficientStreamA = 1;
    private const ulong CoefficientStreamB = 2;
    private const ulong OphStream = 3;
    private const ulong DensifyStream = 4;

    // Shingles the vector pass of one-permutation hashing packs before their bins are updated: the packed words of a
    // 3 KB document fit at once, and a very long text needs no second array as long as its shingles.
    private const int PackedBlock = 4096;

    private readonly ulong[] _a;
    private readonly ulong[] _b;
    private readonly ulong _ophKey;
    private readonly ulong _densifyKey;

    /// <summary>Creates a hasher for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">Sketch parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public MinHasher(MinHashParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        int k = parameters.HashCount;
        _a = new ulong[k];
        _b = new ulong[k];
        for (int i = 0; i < k; i++)
        {
            _a[i] = Mixing.Derive(parameters.Seed, CoefficientStreamA, (ulong)i) | 1UL;
            _b[i] = Mixing.Derive(parameters.Seed, CoefficientStreamB, (ulong)i);
        }

        _ophKey = Mixing.Derive(parameters.Seed, OphStream, 0);
        _densifyKey = Mixing.Derive(parameters.Seed, DensifyStream, 0);
    }

    /// <summary>The parameters every sketch of this hasher carries.</summary>
    public MinHashParameters Parameters { get; }

    /// <summary>The key one-permutation hashing re-keys each shingle hash with before mixing it (for tests that need a
    /// shingle of a chosen value).</summary>
    internal ulong OnePermutationKey => _ophKey;

    /// <summary>Sketches a set given by its shingle hashes (repeats allowed; they do not change the sketch).</summary>
    /// <param name="shingles">Shingle hashes.</param>
    /// <returns>The sketch, whose <see cref="MinHashSketch.SetSize"/> is the number of distinct shingles.</returns>
    public MinHashSketch Sketch(ReadOnlySpan<ulong> shingles)
    {
        var values = new uint[Parameters.HashCount];
        Compute(shingles, values);
        return new MinHashSketch(Parameters, values, CountDistinct(shingles));
    }

    /// <summary>Sketches a distinct shingle set.</summary>
    /// <param name="set">The set.</param>
    /// <returns>The sketch.</returns>
    public MinHashSketch Sketch(ShingleSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var values = new uint[Parameters.HashCount];
        Compute(set.Hashes, values);
        return new MinHashSketch(Parameters, values, set.Count);
    }

    /// <summary>Writes the k sketch values of <paramref name="shingles"/> to <paramref name="destination"/>.</summary>
    /// <param name="shingles">Shingle hashes, repeats allowed.</param>
    /// <param name="destination">Receives <see cref="MinHashParameters.HashCount"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than k.</exception>
    public void Compute(ReadOnlySpan<ulong> shingles, Span<uint> destination)
    {
        CheckDestination(destination);
        if (Parameters.Family == MinHashFamily.OnePermutation)
        {
            ComputeOnePermutation(shingles, destination, vectorized: true);
        }
        else
        {
            ComputeKPermutation(shingles, destination, vectorized: true);
        }
    }

    /// <summary>The scalar implementation of <see cref="Compute"/>: same values, no vector instructions. The test oracle.</summary>
    /// <param name="shingles">Shingle hashes, repeats allowed.</param>
    /// <param name="destination">Receives <see cref="MinHashParameters.HashCount"/> values.</param>
    internal void ComputeScalar(ReadOnlySpan<ulong> shingles, Span<uint> destination)
    {
        CheckDestination(destination);
        if (Parameters.Family == MinHashFamily.OnePermutation)
        {
            ComputeOnePermutation(shingles, destination, vectorized: false);
        }
        else
        {
            ComputeKPermutation(shingles, destination, vectorized: false);
        }
    }

    private void CheckDestination(Span<uint> destination)
    {
        if (destination.Length < Parameters.HashCount)
        {
            throw new ArgumentException($"destination holds {destination.Length} values; the sketch has {Parameters.HashCount}.", nameof(destination));
        }
    }

    /// <summary>Folds a 64-bit shingle hash to the 32-bit key of the multiply-add-shift family.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fold(ulong h) => (uint)(h ^ (h >> 32));

    private void ComputeKPermutation(ReadOnlySpan<ulong> shingles, Span<uint> destination, bool vectorized)
    {
        int k = Parameters.HashCount;
        ulong[] keysRented = ArrayPool<ulong>.Shared.Rent(Math.Max(1, shingles.Length));
        ulong[] minsRented = ArrayPool<ulong>.Shared.Rent(k);
        try
        {
            Span<ulong> keys = keysRented.AsSpan(0, shingles.Length);
            for (int s = 0; s < shingles.Length; s++)
            {
                keys[s] = Fold(shingles[s]);
            }

            Span<ulong> mins = minsRented.AsSpan(0, k);
            mins.Fill(EmptyValue);
            int done = 0;
            if (vectorized && Vector512.IsHardwareAccelerated && k >= Vector512<ulong>.Count)
            {
                done = KPermutationVector512(keys, mins);
            }
            else if (vectorized && Vector256.IsHardwareAccelerated && k >= Vector256<ulong>.Count)
            {
                done = KPermutationVector256(keys, mins);
            }

            for (int i = done; i < k; i++)
            {
                ulong a = _a[i], b = _b[i], min = mins[i];
                foreach (ulong x in keys)
                {
                    ulong v = (a * x + b) >> 32;
                    if (v < min)
                    {
                        min = v;
                    }
                }

                mins[i] = min;
            }

            for (int i = 0; i < k; i++)
            {
                destination[i] = (uint)mins[i];
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keysRented);
            ArrayPool<ulong>.Shared.Return(minsRented);
        }
    }

    private int KPermutationVector512(ReadOnlySpan<ulong> keys, Span<ulong> mins)
    {
        int width = Vector512<ulong>.Count;
        int k = mins.Length - (mins.Length % width);
        ref ulong aRef = ref MemoryMarshal.GetArrayDataReference(_a);
        ref ulong bRef = ref MemoryMarshal.GetArrayDataReference(_b);
        ref ulong minRef = ref MemoryMarshal.GetReference(mins);

        // Two blocks of 8 functions per pass over the keys keeps the key loads amortised and 6 vectors live.
        int i = 0;
        for (; i + 2 * width <= k; i += 2 * width)
        {
            Vector512<ulong> a0 = Vector512.LoadUnsafe(ref aRef, (nuint)i), a1 = Vector512.LoadUnsafe(ref aRef, (nuint)(i + width));
            Vector512<ulong> b0 = Vector512.LoadUnsafe(ref bRef, (nuint)i), b1 = Vector512.LoadUnsafe(ref bRef, (nuint)(i + width));
            Vector512<ulong> m0 = Vector512.LoadUnsafe(ref minRef, (nuint)i), m1 = Vector512.LoadUnsafe(ref minRef, (nuint)(i + width));
            foreach (ulong key in keys)
            {
                Vector512<ulong> x = Vector512.Create(key);
                m0 = Vector512.Min(m0, Vector512.ShiftRightLogical(a0 * x + b0, 32));
                m1 = Vector512.Min(m1, Vector512.ShiftRightLogical(a1 * x + b1, 32));
            }

            m0.StoreUnsafe(ref minRef, (nuint)i);
            m1.StoreUnsafe(ref minRef, (nuint)(i + width));
        }

        for (; i + width <= k; i += width)
        {
            Vector512<ulong> a0 = Vector512.LoadUnsafe(ref aRef, (nuint)i);
            Vector512<ulong> b0 = Vector512.LoadUnsafe(ref bRef, (nuint)i);
            Vector512<ulong> m0 = Vector512.LoadUnsafe(ref minRef, (nuint)i);
            foreach (ulong key in keys)
            {
                m0 = Vector512.Min(m0, Vector512.ShiftRightLogical(a0 * Vector512.Create(key) + b0, 32));
            }

            m0.StoreUnsafe(ref minRef, (nuint)i);
        }

        return k;
    }

    private int KPermutationVector256(ReadOnlySpan<ulong> keys, Span<ulong> mins)
    {
        int width = Vector256<ulong>.Count;
        int k = mins.Length - (mins.Length % width);
        ref ulong aRef = ref MemoryMarshal.GetArrayDataReference(_a);
        ref ulong bRef = ref MemoryMarshal.GetArrayDataReference(_b);
        ref ulong minRef = ref MemoryMarshal.GetReference(mins);
        for (int i = 0; i < k; i += width)
        {
            Vector256<ulong> a0 = Vector256.LoadUnsafe(ref aRef, (nuint)i);
            Vector256<ulong> b0 = Vector256.LoadUnsafe(ref bRef, (nuint)i);
            Vector256<ulong> m0 = Vector256.LoadUnsafe(ref minRef, (nuint)i);
            foreach (ulong key in keys)
            {
                m0 = Vector256.Min(m0, Vector256.ShiftRightLogical(a0 * Vector256.Create(key) + b0, 32));
            }

            m0.StoreUnsafe(ref minRef, (nuint)i);
        }

        return k;
    }

    private void ComputeOnePermutation(ReadOnlySpan<ulong> shingles, Span<uint> destination, bool vectorized)
    {
        int k = Parameters.HashCount;
        Span<uint> bins = destination[..k];
        bins.Fill(EmptyValue);
        ulong key = _ophKey;
        int done = 0;
        if (vectorized && Vector512.IsHardwareAccelerated && shingles.Length >= Vector512<ulong>.Count)
        {
            done = OnePermutationVector512(shingles, bins);
        }
        else if (vectorized && Vector256.IsHardwareAccelerated && Avx2.IsSupported && shingles.Length >= Vector256<ulong>.Count)
        {
            done = OnePermutationVector256(shingles, bins);
        }

        foreach (ulong h in shingles[done..])
        {
            ulong g = Mixing.Mix64(h ^ key);
            int bin = (int)Math.BigMul(g, (ulong)k, out _);
            uint value = (uint)g;

            // The bin comes from the high bits of g·k and the value from g's low 32 bits; a value of EmptyValue would
            // read as "empty", so it is nudged down by one (a 2^-32 event that changes no estimate measurably).
            if (value == EmptyValue)
            {
                value--;
            }

            // Branch-free: which shingle wins a bin is unpredictable, and a mispredicted branch here cost more than the hash.
            // Math.Min compiles to a compare and a jump here, so the minimum is taken by arithmetic, as in the vector path.
            ref uint slot = ref bins[bin];
            slot = MinOf(slot, value);
        }

        Densify(bins);
    }

    /// <summary>
    /// The hashing half of one-permutation hashing, eight shingles at a time: the splitmix64 finaliser and the bin
    /// (high 64 bits of g·k, from two 32×32-bit products since k &lt; 2^32) in vector registers, each shingle's bin and
    /// value packed into one word of a pooled array (<see cref="PackedBlock"/> at a time); then, in a second pass, the
    /// bin updates in scalar code (lanes may share a bin). Returns how many shingles it handled.
    /// </summary>
    /// <remarks>The updates read the packed words back once every shingle is hashed: read lane by lane straight after
    /// the vector that held them was stored (the way this was written before), each read waited for the store, and
    /// this method took about 7 ns a shingle.</remarks>
    private int OnePermutationVector512(ReadOnlySpan<ulong> shingles, Span<uint> bins)
    {
        int width = Vector512<ulong>.Count;
        int end = shingles.Length - (shingles.Length % width);
        Vector512<ulong> key = Vector512.Create(_ophKey);
        Vector512<ulong> k = Vector512.Create((ulong)bins.Length);
        Vector512<ulong> low32 = Vector512.Create(0xFFFF_FFFFUL);
        Vector512<ulong> m1 = Vector512.Create(0xBF58_476D_1CE4_E5B9UL);
        Vector512<ulong> m2 = Vector512.Create(0x94D0_49BB_1331_11EBUL);
        ulong[] rented = RentedArrays.Rent<ulong>(Math.Min(end, PackedBlock));
        try
        {
            ref ulong src = ref MemoryMarshal.GetReference(shingles);
            ref ulong packed = ref MemoryMarshal.GetArrayDataReference(rented);
            for (int block = 0; block < end; block += PackedBlock)
            {
                int blockEnd = Math.Min(end, block + PackedBlock);
                for (int s = block; s < blockEnd; s += width)
                {
                    Vector512<ulong> z = Vector512.LoadUnsafe(ref src, (nuint)s) ^ key;
                    z = (z ^ Vector512.ShiftRightLogical(z, 30)) * m1;
                    z = (z ^ Vector512.ShiftRightLogical(z, 27)) * m2;
                    z ^= Vector512.ShiftRightLogical(z, 31);
                    Vector512<ulong> high = Vector512.ShiftRightLogical(
                        (Vector512.ShiftRightLogical(z, 32) * k) + Vector512.ShiftRightLogical((z & low32) * k, 32), 32);

                    // The value is g's low 32 bits, nudged from EmptyValue to EmptyValue - 1 as the scalar path does:
                    // adding the all-ones mask of the lanes that hold EmptyValue subtracts one there, without a borrow.
                    Vector512<ulong> value = z & low32;
                    value += Vector512.Equals(value, low32);
                    (Vector512.ShiftLeft(high, 32) | value).StoreUnsafe(ref packed, (nuint)(s - block));
                }

                UpdateBins(rented.AsSpan(0, blockEnd - block), bins);
            }
        }
        finally
        {
            RentedArrays.Give(rented);
        }

        return end;
    }

    /// <summary>As <see cref="OnePermutationVector512"/>, four shingles at a time with AVX2, whose 64-bit products are
    /// built from 32×32-bit ones (<see cref="Avx2Words"/>).</summary>
    private int OnePermutationVector256(ReadOnlySpan<ulong> shingles, Span<uint> bins)
    {
        int width = Vector256<ulong>.Count;
        int end = shingles.Length - (shingles.Length % width);
        Vector256<ulong> key = Vector256.Create(_ophKey);
        Vector256<uint> k = Vector256.Create((ulong)bins.Length).AsUInt32();
        Vector256<ulong> low32 = Vector256.Create(0xFFFF_FFFFUL);
        ulong[] rented = RentedArrays.Rent<ulong>(Math.Min(end, PackedBlock));
        try
        {
            ref ulong src = ref MemoryMarshal.GetReference(shingles);
            ref ulong packed = ref MemoryMarshal.GetArrayDataReference(rented);
            for (int block = 0; block < end; block += PackedBlock)
            {
                int blockEnd = Math.Min(end, block + PackedBlock);
                for (int s = block; s < blockEnd; s += width)
                {
                    Vector256<ulong> z = Avx2Words.Mix64(Vector256.LoadUnsafe(ref src, (nuint)s) ^ key);

                    // The bin, the high 64 bits of g·k for k < 2^32: (high(g)·k + (low(g)·k >> 32)) >> 32.
                    Vector256<ulong> high = Vector256.ShiftRightLogical(
                        Avx2.Multiply(Vector256.ShiftRightLogical(z, 32).AsUInt32(), k) + Vector256.ShiftRightLogical(Avx2.Multiply(z.AsUInt32(), k), 32), 32);
                    Vector256<ulong> value = z & low32;
                    value += Vector256.Equals(value, low32);
                    (Vector256.ShiftLeft(high, 32) | value).StoreUnsafe(ref packed, (nuint)(s - block));
                }

                UpdateBins(rented.AsSpan(0, blockEnd - block), bins);
            }
        }
        finally
        {
            RentedArrays.Give(rented);
        }

        return end;
    }

    /// <summary>The second pass of the vector paths: each packed word's value (low half) into its bin (high half), the
    /// smaller kept.</summary>
    private static void UpdateBins(ReadOnlySpan<ulong> packed, Span<uint> bins)
    {
        foreach (ulong p in packed)
        {
            // Whether a shingle wins its bin is a coin toss (about half of them do in a 3 KB document): no branch.
            ref uint slot = ref bins[(int)(p >> 32)];
            slot = MinOf(slot, (uint)p);
        }
    }

    /// <summary>The smaller of two values without a branch (<see cref="Math.Min(uint, uint)"/> compiles to a compare and
    /// a jump): the sign of their difference, widened to 64 bits, is the mask of the difference to add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MinOf(uint a, uint b)
    {
        long difference = (long)b - a;
        return (uint)(a + (difference & (difference >> 63)));
    }

    /// <summary>Optimal densification (Shrivastava 2017): each empty bin copies the value of the first non-empty bin
    /// drawn by a seeded hash of (bin, attempt), so that two sets fill the same empty bin from the same place.</summary>
    private void Densify(Span<uint> bins)
    {
        int k = bins.Length;
        int filled = 0;
        foreach (uint v in bins)
        {
            filled += v != EmptyValue ? 1 : 0;
        }

        if (filled == k || filled == 0)
        {
            return;
        }

        uint[] source = ArrayPool<uint>.Shared.Rent(k);
        try
        {
            bins.CopyTo(source);
            for (int i = 0; i < k; i++)
            {
                if (source[i] != EmptyValue)
                {
                    continue;
                }

                for (ulong attempt = 0; ; attempt++)
                {
                    ulong r = Mixing.Mix64(_densifyKey ^ ((ulong)(uint)i << 32 | attempt));
                    int j = (int)Math.BigMul(r, (ulong)k, out _);
                    if (source[j] != EmptyValue)
                    {
                        bins[i] = source[j];
                        break;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(source);
        }
    }

    // Counted in a probe table, not by sorting a copy: the spin sketch of every analysed document went from 7.0 to
    // 4.1 µs (3 KB documents).
    private static int CountDistinct(ReadOnlySpan<ulong> shingles) => DistinctHashes.Count(shingles);
}
