using System;
using System.Collections.Generic;
using System.Numerics;
using NearDup.Internal;

namespace NearDup.Candidates;

/// <summary>The candidate index's exact-hash map: from a normalised text's hash to the keys of the documents that have it,
/// in the order they were added. Keys are 0, 1, 2, … in order of <see cref="Add"/>.</summary>
/// <remarks>
/// <para>
/// Implementation note: a <c>Dictionary&lt;ulong, List&lt;int&gt;&gt;</c> cost about 100 bytes and two objects per
/// document, and an open had to rebuild it document by document (0.58 s of a 3.4 s image read at a million documents).
/// Here everything is three flat arrays that a candidate image holds as they are: each key's hash, each key's successor
/// among the keys of its hash (a circular list: the last key points at the first, so appending keeps order), and an
/// open-addressed table (linear probing, Fibonacci hashing, at most half full) whose slot holds the last key of a hash
/// plus one (0 = empty) and finds its hash through the first array. About 20–28 bytes per document.
/// </para>
/// <para>Thread safety: not thread-safe for writes; concurrent reads without writes are safe.</para>
/// </remarks>
internal sealed class ExactHashMap
{
    private const int MinLength = 16;

    private ulong[] _hashes = new ulong[MinLength];
    private int[] _next = new int[MinLength];
    private int[] _table = new int[MinLength];
    private int _shift = 64 - 4;
    private int _count;
    private int _distinct;

    /// <summary>Keys added: the next key.</summary>
    public int Count => _count;

    /// <summary>Adds the next key (<see cref="Count"/>) under <paramref name="hash"/>.</summary>
    /// <param name="hash">The document's exact hash.</param>
    public void Add(ulong hash)
    {
        if (_count == _hashes.Length)
        {
            int length = (int)Math.Min(Array.MaxLength, _hashes.Length * 2L);
            Array.Resize(ref _hashes, length);
            Array.Resize(ref _next, length);
        }

        if ((_distinct + 1) * 2L > _table.Length)
        {
            Grow();
        }

        int key = _count++;
        _hashes[key] = hash;
        int slot = Slot(hash);
        if (_table[slot] == 0)
        {
            _next[key] = key;
            _distinct++;
        }
        else
        {
            int last = _table[slot] - 1;
            _next[key] = _next[last];
            _next[last] = key;
        }

        _table[slot] = key + 1;
    }

    /// <summary>Adds to <paramref name="keys"/> the keys under <paramref name="hash"/>, in the order they were added.</summary>
    /// <param name="hash">An exact hash.</param>
    /// <param name="keys">Receives the keys.</param>
    public void AddKeys(ulong hash, HashSet<int> keys)
    {
        int held = _table[Slot(hash)];
        if (held == 0)
        {
            return;
        }

        int last = held - 1;
        for (int key = _next[last]; ; key = _next[key])
        {
            keys.Add(key);
            if (key == last)
            {
                break;
            }
        }
    }

    /// <summary>Writes the map's exact state to an image: distinct hashes, the capacity of the per-key arrays, each key's
    /// hash and successor, and the table.</summary>
    /// <param name="writer">The image.</param>
    public void WriteImage(ImageWriter writer)
    {
        writer.I32(_distinct);
        writer.I32(_hashes.Length);
        writer.Array<ulong>(_hashes.AsSpan(0, _count));
        writer.Array<int>(_next.AsSpan(0, _count));
        writer.Array<int>(_table);
    }

    /// <summary>Reads a map written by <see cref="WriteImage"/> holding <paramref name="count"/> keys.</summary>
    /// <param name="reader">The image.</param>
    /// <param name="what">The map's name in errors.</param>
    /// <param name="count">The keys it must hold.</param>
    /// <returns>The map, in the state it was written in.</returns>
    /// <remarks>Checks the sizes against each other, that the successors are a permutation of the keys (so every list walk
    /// returns to where it started), and that the table's slots hold keys, as many as the distinct hashes: one sequential
    /// pass over each array. Not checked, as each would cost a random access per document: that a list keeps to one hash
    /// and the table finds each hash where it is (damage there gives wrong candidates, which the checksum around the
    /// image is for).</remarks>
    /// <exception cref="Storage.NearDupFormatException">The image is damaged or inconsistent.</exception>
    public static ExactHashMap ReadImage(ImageReader reader, string what, int count)
    {
        long at = reader.Offset;
        int distinct = reader.Int($"{what} distinct hashes", 0, count);
        int capacity = reader.Int($"{what} capacity", Math.Max(MinLength, count), Array.MaxLength);
        ulong[] hashes = reader.Array<ulong>($"{what} hashes", count, count, capacity);
        int[] next = reader.Array<int>($"{what} successors", count, count, capacity);
        long nextAt = reader.LastArrayOffset;
        var reached = new ulong[(count + 63) >> 6];
        for (int key = 0; key < count; key++)
        {
            int successor = next[key];
            if ((uint)successor >= (uint)count || (reached[successor >> 6] & (1UL << successor)) != 0)
            {
                throw reader.InvalidElement($"{what} successors", nextAt, key, sizeof(int), $"is {successor}, expected a key below {count} that no other key precedes");
            }

            reached[successor >> 6] |= 1UL << successor;
        }

        int[] table = reader.Array<int>($"{what} table", MinLength, Array.MaxLength);
        long tableAt = reader.LastArrayOffset;
        if (!BitOperations.IsPow2(table.Length) || distinct * 2L > table.Length)
        {
            throw reader.Invalid($"{what} table count", tableAt - 8, $"is {table.Length}, expected a power of two at least twice the {distinct} distinct hashes");
        }

        int found = 0;
        for (int slot = 0; slot < table.Length; slot++)
        {
            if (table[slot] == 0)
            {
                continue;
            }

            if ((uint)(table[slot] - 1) >= (uint)count)
            {
                throw reader.InvalidElement($"{what} table", tableAt, slot, sizeof(int), $"is {table[slot]}, expected 0 or a key below {count} plus one");
            }

            found++;
        }

        if (found != distinct || (count > 0) != (distinct > 0))
        {
            throw reader.Invalid($"{what} distinct hashes", at, $"is {distinct}, but the table holds {found}");
        }

        return new ExactHashMap { _hashes = hashes, _next = next, _table = table, _shift = 64 - BitOperations.Log2((uint)table.Length), _count = count, _distinct = distinct };
    }

    /// <summary>The slot holding <paramref name="hash"/>'s last key, or the empty slot where it would go.</summary>
    private int Slot(ulong hash)
    {
        int[] table = _table;
        int mask = table.Length - 1;
        int slot = FibonacciHashing.Home(hash, _shift);
        while (table[slot] != 0 && _hashes[table[slot] - 1] != hash)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        int[] old = _table;
        _table = new int[old.Length * 2];
        _shift--;
        foreach (int held in old)
        {
            if (held != 0)
            {
                _table[Slot(_hashes[held - 1])] = held;
            }
        }
    }
}
