using System;
using System.Collections.Generic;

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
}
