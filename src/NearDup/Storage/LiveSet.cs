using System;
using System.Collections.Generic;

namespace NearDup.Storage;

/// <summary>
/// Live documents in insertion order: an add of a known id replaces its payload where it stands, a remove leaves a
/// tombstone that is packed away once tombstones outnumber live entries, so replaying a long log stays linear.
/// </summary>
/// <remarks>Thread safety: not thread-safe.</remarks>
internal sealed class LiveSet
{
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private List<Entry> _entries = new();
    private int _dead;

    public int Count => _positions.Count;

    public void Add(string id, ReadOnlyMemory<byte> payload)
    {
        if (_positions.TryGetValue(id, out int position))
        {
            _entries[position] = new Entry(id, payload, true);
        }
        else
        {
            _positions.Add(id, _entries.Count);
            _entries.Add(new Entry(id, payload, true));
        }
    }

    public bool Remove(string id)
    {
        if (!_positions.Remove(id, out int position))
        {
            return false;
        }

        _entries[position] = default;
        _dead++;
        if (_dead > 64 && _dead > _entries.Count / 2)
        {
            Pack();
        }

        return true;
    }

    public void Apply(StoreOperationKind kind, string id, ReadOnlyMemory<byte> payload)
    {
        if (kind == StoreOperationKind.Add)
        {
            Add(id, payload);
        }
        else
        {
            Remove(id);
        }
    }

    public IEnumerable<StoredDocument> Live()
    {
        foreach (Entry entry in _entries)
        {
            if (entry.Live)
            {
                yield return new StoredDocument(entry.Id, entry.Payload);
            }
        }
    }

    private void Pack()
    {
        var packed = new List<Entry>(_positions.Count);
        foreach (Entry entry in _entries)
        {
            if (entry.Live)
            {
                _positions[entry.Id] = packed.Count;
                packed.Add(entry);
            }
        }

        _entries = packed;
        _dead = 0;
    }

    private readonly record struct Entry(string Id, ReadOnlyMemory<byte> Payload, bool Live);
}
