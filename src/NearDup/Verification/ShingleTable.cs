using System;
using System.Buffers;
using System.Numerics;
using NearDup.Internal;

namespace NearDup.Verification;

/// <summary>
/// Scratch for one <see cref="PairVerifier.Measure(IVerifiableDocument, IVerifiableDocument, out System.Collections.Generic.List{AlignedPassage})"/> pass: for each shingle hash of a pair, how often A's and B's
/// sequences hold it and its first position in each, and what share of the shared positions the two share as multisets
/// (<see cref="MultisetShares"/>).
/// </summary>
/// <remarks>
/// Open addressing with linear probing over pooled arrays, at most half full; <see cref="Release"/> returns them.
/// Answers what counts of each sequence and a first-position map would, in O(1) per lookup. Thread safety: not thread-safe; one per pass.
/// </remarks>
internal readonly struct ShingleTable
{
    /// <summary>Names A (asked while reading B).</summary>
    public const byte InA = 1;

    /// <summary>Names B (asked while reading A).</summary>
    public const byte InB = 2;

    private const byte Occupied = 4;

    private readonly ulong[] _keys;
    private readonly byte[] _flags;
    private readonly int[] _firstInA, _firstInB;

    // For each position of A's and of B's sequence, the next position of the same hash in that sequence, or -1.
    private readonly int[] _nextA, _nextB;

    // Occurrences of each hash in A's and B's sequences.
    private readonly int[] _countA, _countB;
    private readonly int _mask, _shift;

    // The sums behind MultisetShares, kept while B's sequence is read (see MultisetSharesScalar for what they are).
    private readonly long _shared, _heldA, _heldB;

    /// <summary>Builds the table.</summary>
    /// <param name="sequenceA">A's shingles in text order.</param>
    /// <param name="sequenceB">B's shingles in text order.</param>
    public ShingleTable(ReadOnlySpan<ulong> sequenceA, ReadOnlySpan<ulong> sequenceB)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * (sequenceA.Length + sequenceB.Length)));
        _mask = capacity - 1;
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _keys = ArrayPool<ulong>.Shared.Rent(capacity);
        _flags = ArrayPool<byte>.Shared.Rent(capacity);
        _firstInA = ArrayPool<int>.Shared.Rent(capacity);
        _firstInB = ArrayPool<int>.Shared.Rent(capacity);
        _countA = ArrayPool<int>.Shared.Rent(capacity);
        _countB = ArrayPool<int>.Shared.Rent(capacity);
        _flags.AsSpan(0, capacity).Clear();
        _nextA = ArrayPool<int>.Shared.Rent(Math.Max(1, sequenceA.Length));
        _nextB = ArrayPool<int>.Shared.Rent(Math.Max(1, sequenceB.Length));
        int[] last = ArrayPool<int>.Shared.Rent(capacity); // the latest position of each slot's hash, while linking
        long shared = 0, heldA = 0, heldB = 0;
        try
        {
            for (int i = 0; i < sequenceA.Length; i++)
            {
                int slot = Slot(sequenceA[i]);
                _nextA[i] = -1;
                if (_countA[slot]++ == 0)
                {
                    _firstInA[slot] = i;
                }
                else
                {
                    _nextA[last[slot]] = i;
                }

                last[slot] = i;
            }

            // A's counts are final before B is read, so each B occurrence of a hash A holds settles its part of the sums
            // at once: it is held (heldB), shared while B has not yet outnumbered A (shared), and the first one brings in
            // all of A's occurrences (heldA). The same integers as summing min(countA, countB), countA and countB over the
            // table's shared hashes afterwards, without reading the table's empty slots.
            for (int i = 0; i < sequenceB.Length; i++)
            {
                int slot = Slot(sequenceB[i]);
                int inB = ++_countB[slot], inA = _countA[slot];
                _nextB[i] = -1;
                if (_firstInB[slot] < 0)
                {
                    _firstInB[slot] = i;
                }
                else
                {
                    _nextB[last[slot]] = i;
                }

                last[slot] = i;
                if (inA > 0)
                {
                    heldB++;
                    shared += inB <= inA ? 1 : 0;
                    heldA += inB == 1 ? inA : 0;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(last);
        }

        (_shared, _heldA, _heldB) = (shared, heldA, heldB);
    }

    /// <summary>Of the positions of each document whose shingle the other holds, the share the other holds as often: for
    /// each shingle the two share, the fewer of its occurrences in A and in B, over its occurrences in the document read.
    /// 1 when a document repeats nothing it shares (or shares nothing); a licence one file carries four times and another
    /// once gives the first a quarter.</summary>
    /// <returns>A's share and B's, from sums kept while the table was built.</returns>
    public (double A, double B) MultisetShares() => Shares(_shared, _heldA, _heldB);

    /// <summary>The oracle of <see cref="MultisetShares"/>: the same shares summed in one pass over the whole table.</summary>
    /// <returns>A's share and B's.</returns>
    internal (double A, double B) MultisetSharesScalar()
    {
        long shared = 0, heldA = 0, heldB = 0;
        for (int i = 0; i <= _mask; i++)
        {
            if ((_flags[i] & Occupied) != 0 && _countA[i] > 0 && _countB[i] > 0)
            {
                shared += Math.Min(_countA[i], _countB[i]);
                heldA += _countA[i];
                heldB += _countB[i];
            }
        }

        return Shares(shared, heldA, heldB);
    }

    private static (double A, double B) Shares(long shared, long heldA, long heldB) =>
        (heldA == 0 ? 1 : (double)shared / heldA, heldB == 0 ? 1 : (double)shared / heldB);

    /// <summary>The first position of <paramref name="hash"/> in the other document's sequence, or -1 when it lacks it
    /// (so a position is held by the other exactly when this is not negative).</summary>
    /// <param name="hash">A shingle hash.</param>
    /// <param name="other"><see cref="InB"/> to ask B, <see cref="InA"/> to ask A.</param>
    /// <returns>The position, or -1.</returns>
    public int FirstIn(ulong hash, byte other)
    {
        int at = Find(hash);
        if (at < 0)
        {
            return -1;
        }

        return other == InB ? _firstInB[at] : _firstInA[at];
    }

    /// <summary>The position after <paramref name="position"/> at which the other document's sequence holds the same
    /// hash again, or -1.</summary>
    /// <param name="position">A position of that sequence (from <see cref="FirstIn"/> or this method).</param>
    /// <param name="other"><see cref="InB"/> for B's sequence, <see cref="InA"/> for A's.</param>
    /// <returns>The next position, or -1.</returns>
    public int NextIn(int position, byte other) => (other == InB ? _nextB : _nextA)[position];

    /// <summary>Returns the pooled arrays; the table is not used afterwards.</summary>
    public void Release()
    {
        ArrayPool<ulong>.Shared.Return(_keys);
        ArrayPool<byte>.Shared.Return(_flags);
        ArrayPool<int>.Shared.Return(_firstInA);
        ArrayPool<int>.Shared.Return(_nextA);
        ArrayPool<int>.Shared.Return(_nextB);
        ArrayPool<int>.Shared.Return(_firstInB);
        ArrayPool<int>.Shared.Return(_countA);
        ArrayPool<int>.Shared.Return(_countB);
    }

    /// <summary>The slot of <paramref name="hash"/>, claimed (with no flags and no B position) when new.</summary>
    private int Slot(ulong hash)
    {
        int at = Probe(hash);
        if ((_flags[at] & Occupied) == 0)
        {
            _flags[at] = Occupied;
            _keys[at] = hash;
            _firstInA[at] = _firstInB[at] = -1;
            _countA[at] = _countB[at] = 0;
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
