using System;
using System.Buffers;
using System.Numerics;
using NearDup.Internal;

namespace NearDup.Verification;

/// <summary>
/// Scratch for one <see cref="PairVerifier.Measure(IVerifiableDocument, IVerifiableDocument, out System.Collections.Generic.List{AlignedPassage})"/> pass: for each shingle hash of a pair, whether A's set holds it,
/// whether B's set holds it, and its first position in B's shingle sequence.
/// </summary>
/// <remarks>
/// Open addressing with linear probing over pooled arrays, at most half full; <see cref="Release"/> returns them.
/// Answers exactly what <see cref="Shingles.ShingleSet.Contains"/> and a first-position map would, in O(1) per lookup
/// rather than a binary search. Thread safety: not thread-safe; one per pass.
/// </remarks>
internal readonly struct ShingleTable
{
    /// <summary>Flag: A's set holds the hash.</summary>
    public const byte InA = 1;

    /// <summary>Flag: B's set holds the hash.</summary>
    public const byte InB = 2;

    private const byte Occupied = 4;

    private readonly ulong[] _keys;
    private readonly byte[] _flags;
    private readonly int[] _firstInB;
    private readonly int _mask, _shift;

    /// <summary>Builds the table.</summary>
    /// <param name="setA">A's distinct shingles.</param>
    /// <param name="setB">B's distinct shingles.</param>
    /// <param name="sequenceB">B's shingles in text order.</param>
    public ShingleTable(ReadOnlySpan<ulong> setA, ReadOnlySpan<ulong> setB, ReadOnlySpan<ulong> sequenceB)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * (setA.Length + setB.Length + sequenceB.Length)));
        _mask = capacity - 1;
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _keys = ArrayPool<ulong>.Shared.Rent(capacity);
        _flags = ArrayPool<byte>.Shared.Rent(capacity);
        _firstInB = ArrayPool<int>.Shared.Rent(capacity);
        _flags.AsSpan(0, capacity).Clear();
        foreach (ulong h in setA)
        {
            _flags[Slot(h)] |= InA;
        }

        foreach (ulong h in setB)
        {
            _flags[Slot(h)] |= InB;
        }

        for (int i = 0; i < sequenceB.Length; i++)
        {
            int slot = Slot(sequenceB[i]);
            if (_firstInB[slot] < 0)
            {
                _firstInB[slot] = i;
            }
        }
    }

    /// <summary>Whether the set named by <paramref name="flag"/> holds <paramref name="hash"/>.</summary>
    /// <param name="hash">A shingle hash.</param>
    /// <param name="flag"><see cref="InA"/> or <see cref="InB"/>.</param>
    /// <returns>True when present.</returns>
    public bool Has(ulong hash, byte flag)
    {
        int at = Find(hash);
        return at >= 0 && (_flags[at] & flag) != 0;
    }

    /// <summary>The first position of <paramref name="hash"/> in B's sequence, or -1.</summary>
    /// <param name="hash">A shingle hash.</param>
    /// <returns>The position, or -1 when B's sequence lacks it.</returns>
    public int FirstInB(ulong hash)
    {
        int at = Find(hash);
        return at >= 0 ? _firstInB[at] : -1;
    }

    /// <summary>Returns the pooled arrays; the table is not used afterwards.</summary>
    public void Release()
    {
        ArrayPool<ulong>.Shared.Return(_keys);
        ArrayPool<byte>.Shared.Return(_flags);
        ArrayPool<int>.Shared.Return(_firstInB);
    }

    /// <summary>The slot of <paramref name="hash"/>, claimed (with no flags and no B position) when new.</summary>
    private int Slot(ulong hash)
    {
        int at = Probe(hash);
        if ((_flags[at] & Occupied) == 0)
        {
            _flags[at] = Occupied;
            _keys[at] = hash;
            _firstInB[at] = -1;
        }

        return at;
    }

    private int Find(ulong hash)
    {
        int at = Probe(hash);
        return (_flags[at] & Occupied) != 0 ? at : -1;
    }

    /// <summary>The slot holding <paramref name="hash"/>, or the free slot where it would go.</summary>
    private int Probe(ulong hash)
    {
        int at = FibonacciHashing.Home(hash, _shift);
        while ((_flags[at] & Occupied) != 0 && _keys[at] != hash)
        {
            at = (at + 1) & _mask;
        }

        return at;
    }
}
