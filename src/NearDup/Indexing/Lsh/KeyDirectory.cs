using System;
using System.Collections.Generic;
using NearDup.Internal;

namespace NearDup.Indexing.Lsh;

/// <summary>Maps a caller's key to the internal id of its live entry in a <see cref="MinHashLshIndex"/>.</summary>
/// <remarks>
/// <para>
/// Callers number documents 0..n−1 in practice, so keys in [0, <c>dense length</c>) live in a plain array (4 bytes
/// per key, <c>id + 1</c>, 0 = absent). The array grows to cover a new non-negative key only while it stays within
/// twice the number of keys (plus 4,096), so a few huge or negative keys cannot blow it up; those go to a
/// <see cref="Dictionary{TKey, TValue}"/> (about 30 bytes per key) instead. Correctness never depends on density.
/// </para>
/// <para>Thread safety: not thread-safe for writes; concurrent reads without writes are safe.</para>
/// </remarks>
internal sealed class KeyDirectory
{
    private int[] _dense = [];
    private Dictionary<int, int>? _sparse;

    /// <summary>Number of keys.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held by the dense array (the sparse dictionary is not counted).</summary>
    public long DenseBytes => (long)_dense.Length * sizeof(int);

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(int key) => TryGet(key, out _);

    /// <summary>The id of <paramref name="key"/>, if present.</summary>
    public bool TryGet(int key, out int id)
    {
        if ((uint)key < (uint)_dense.Length && _dense[key] != 0)
        {
            id = _dense[key] - 1;
            return true;
        }

        id = -1;
        return _sparse is not null && _sparse.TryGetValue(key, out id);
    }

    /// <summary>Adds <paramref name="key"/>, which must be absent.</summary>
    public void Add(int key, int id)
    {
        if ((uint)key >= (uint)_dense.Length && key >= 0 && key < Count * 2L + 4096)
        {
            int size = (int)Math.Min(Array.MaxLength, Math.Max(key + 1L, _dense.Length + (_dense.Length >> 1) + 16));
            Array.Resize(ref _dense, size);
        }

        if ((uint)key < (uint)_dense.Length)
        {
            _dense[key] = id + 1;
        }
        else
        {
            (_sparse ??= new Dictionary<int, int>()).Add(key, id);
        }

        Count++;
    }

    /// <summary>Removes <paramref name="key"/> and returns its id, if present.</summary>
    public bool Remove(int key, out int id)
    {
        if ((uint)key < (uint)_dense.Length && _dense[key] != 0)
        {
            id = _dense[key] - 1;
            _dense[key] = 0;
            Count--;
            return true;
        }

        id = -1;
        if (_sparse is not null && _sparse.Remove(key, out id))
        {
            Count--;
            return true;
        }

        return false;
    }

    /// <summary>Renumbers every id through <paramref name="remap"/> (all present ids map to non-negative values).</summary>
    public void Renumber(int[] remap)
    {
        for (int key = 0; key < _dense.Length; key++)
        {
            if (_dense[key] != 0)
            {
                _dense[key] = remap[_dense[key] - 1] + 1;
            }
        }

        if (_sparse is not null)
        {
            var renumbered = new Dictionary<int, int>(_sparse.Count);
            foreach (KeyValuePair<int, int> pair in _sparse)
            {
                renumbered.Add(pair.Key, remap[pair.Value]);
            }

            _sparse = renumbered;
        }
    }

    /// <summary>Writes the directory's exact state to an image: its count, the dense array (its whole length, so later
    /// growth matches) and the sparse keys as (key, id) pairs, key in the high half, in the dictionary's order.</summary>
    /// <param name="writer">The image.</param>
    internal void WriteImage(ImageWriter writer)
    {
        writer.I32(Count);
        writer.Array<int>(_dense);
        var sparse = new ulong[_sparse?.Count ?? 0];
        int at = 0;
        foreach (KeyValuePair<int, int> pair in _sparse ?? [])
        {
            sparse[at++] = ((ulong)(uint)pair.Key << 32) | (uint)pair.Value;
        }

        writer.Array<ulong>(sparse);
    }

    /// <summary>Reads a directory written by <see cref="WriteImage"/>, checking every key against the index's
    /// id → key array: each key's id must be handed out (below <paramref name="keyOf"/>.Length), not dead, and map
    /// back to the key; the count must be the keys found.</summary>
    /// <param name="reader">The image.</param>
    /// <param name="what">The directory's name in errors.</param>
    /// <param name="keyOf">The index's key of each id handed out.</param>
    /// <param name="dead">The index's dead-id bits.</param>
    /// <returns>The directory.</returns>
    /// <remarks>Rebuilds the sparse dictionary (in the order written, so its enumeration matches the original's unless
    /// the original had removed sparse keys); the dense array is read as it was.</remarks>
    /// <exception cref="Storage.NearDupFormatException">The image is damaged or inconsistent.</exception>
    internal static KeyDirectory ReadImage(ImageReader reader, string what, ReadOnlySpan<int> keyOf, ReadOnlySpan<ulong> dead)
    {
        long at = reader.Offset;
        int count = reader.Int($"{what} count", 0, keyOf.Length);
        int[] dense = reader.Array<int>($"{what} dense keys", 0, Array.MaxLength);
        long denseAt = reader.LastArrayOffset;
        int found = 0;
        for (int key = 0; key < dense.Length; key++)
        {
            if (dense[key] != 0)
            {
                int id = dense[key] - 1;
                if (!Consistent(key, id, keyOf, dead))
                {
                    throw reader.InvalidElement($"{what} dense keys", denseAt, key, sizeof(int), $"holds id {id}, which is not the live id of key {key}");
                }

                found++;
            }
        }

        ulong[] pairs = reader.Array<ulong>($"{what} sparse keys", 0, keyOf.Length);
        long sparseAt = reader.LastArrayOffset;
        Dictionary<int, int>? sparse = pairs.Length > 0 ? new(pairs.Length) : null;
        for (int i = 0; i < pairs.Length; i++)
        {
            int key = (int)(pairs[i] >> 32), id = (int)(uint)pairs[i];
            if (!Consistent(key, id, keyOf, dead) || ((uint)key < (uint)dense.Length && dense[key] != 0) || !sparse!.TryAdd(key, id))
            {
                throw reader.InvalidElement($"{what} sparse keys", sparseAt, i, sizeof(ulong), $"holds key {key} with id {id}, which is not its only live id");
            }
        }

        if (found + pairs.Length != count)
        {
            throw reader.Invalid($"{what} count", at, $"is {count}, but {found + pairs.Length} keys are held");
        }

        return new KeyDirectory { _dense = dense, _sparse = sparse, Count = count };
    }

    private static bool Consistent(int key, int id, ReadOnlySpan<int> keyOf, ReadOnlySpan<ulong> dead) =>
        (uint)id < (uint)keyOf.Length && keyOf[id] == key && (dead[id >> 6] & (1UL << id)) == 0;
}
