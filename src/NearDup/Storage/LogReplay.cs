using System;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NearDup.Storage;

/// <summary>
/// What the write-ahead log does to the snapshot, learnt in one pass over the log without keeping any payload: for
/// every id the log touches, whether it ends removed, replaced where it stands, or appended (and when), and where its
/// last payload lies in the file. The snapshot is then streamed past it, and the log's own payloads are read back one
/// at a time, so opening holds one document in flight, not all of them.
/// </summary>
/// <remarks>
/// <para>
/// The rules are those of a list replayed in order (the contract of <see cref="IIndexStore.LoadAsync"/>): an add of a live id
/// replaces its payload where it stands; an add of an id that is not live appends it; a remove takes it out. Whether
/// an id the log touches was in the snapshot is not known while the log is read, but only its first operation depends
/// on it: a first add either replaces the snapshot's copy in place or appends, a first remove either removes or does
/// nothing, and everything after is the same either way. So each id keeps one of three states: <c>FirstAdd</c> (live;
/// in the snapshot's place if it had one, else appended at its first add), <c>Appended</c> (removed and added again:
/// appended at that add), <c>Removed</c>.
/// </para>
/// <para>
/// Each payload's XxHash3 is remembered with its offset, because the batch checksum that vouched for it covers the
/// whole record, which is not read again: the payload read back must be the one that was checked.
/// </para>
/// <para>Memory: about 100 bytes per id the log touches, besides the id. Thread safety: not thread-safe.</para>
/// </remarks>
internal sealed class LogReplay
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _time;

    /// <summary>Number of ids the log touches.</summary>
    public int Count => _entries.Count;

    /// <summary>The ids the log touches, in no order.</summary>
    public IEnumerable<string> Ids => _entries.Keys;

    /// <summary>Number of ids the log leaves live: each adds a document to the snapshot's, or replaces one of them.</summary>
    /// <returns>The count; cost: one pass over the ids.</returns>
    public int Live()
    {
        int live = 0;
        foreach (Entry entry in _entries.Values)
        {
            live += entry.State == State.Removed ? 0 : 1;
        }

        return live;
    }

    /// <summary>Whether the log removes a document it did not add itself (one of the snapshot's, unless the remove
    /// did nothing): a structure image of the snapshot would then hold it as a removed slot, which an index built from
    /// the documents never sees.</summary>
    public bool RemovesEarlierDocuments { get; private set; }

    /// <summary>Applies one operation of a batch whose checksum has been checked, in log order.</summary>
    /// <param name="op">The operation (its payload is hashed now and not kept).</param>
    public void Apply(in LogOperation op)
    {
        long time = _time++;
        ref Entry entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, op.Id, out bool exists);
        if (op.Kind == StoreOperationKind.Remove)
        {
            RemovesEarlierDocuments |= !exists;
            entry.State = State.Removed;
            return;
        }

        if (!exists)
        {
            entry.State = State.FirstAdd;
            entry.AppendTime = time;
        }
        else if (entry.State == State.Removed)
        {
            entry.State = State.Appended;
            entry.AppendTime = time;
        }

        entry.PayloadOffset = op.PayloadOffset;
        entry.PayloadLength = op.Payload.Length;
        entry.PayloadHash = XxHash3.HashToUInt64(op.Payload.Span);
    }

    /// <summary>What to do with a document of the snapshot.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="replacement">Receives, when the log replaces it in place, where its payload is in the log.</param>
    /// <returns>True to keep the document where it stands (with the snapshot's payload when <paramref name="replacement"/>
    /// is null, else with the log's); false when the log removed it (and perhaps appended it again later).</returns>
    public bool KeepSnapshotDocument(string id, out LogPayload? replacement)
    {
        replacement = null;
        if (_entries.Count == 0)
        {
            return true;
        }

        ref Entry entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            return true;
        }

        if (entry.State != State.FirstAdd)
        {
            return false;
        }

        entry.InSnapshot = true;
        replacement = new LogPayload(id, entry.PayloadOffset, entry.PayloadLength, entry.PayloadHash);
        return true;
    }

    /// <summary>The documents the log appends after the snapshot's, in the order they were appended. Call after the
    /// whole snapshot went through <see cref="KeepSnapshotDocument"/>.</summary>
    /// <returns>Where each payload is in the log.</returns>
    public List<LogPayload> Appended()
    {
        var appended = new List<(long Time, LogPayload Payload)>();
        foreach (var (id, entry) in _entries)
        {
            if (entry.State == State.Appended || (entry.State == State.FirstAdd && !entry.InSnapshot))
            {
                appended.Add((entry.AppendTime, new LogPayload(id, entry.PayloadOffset, entry.PayloadLength, entry.PayloadHash)));
            }
        }

        appended.Sort((x, y) => x.Time.CompareTo(y.Time));
        return appended.ConvertAll(a => a.Payload);
    }

    /// <summary>Turns the snapshot's ids into the live ids after the log.</summary>
    /// <param name="ids">The snapshot's ids; changed in place.</param>
    public void ApplyTo(HashSet<string> ids)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.State == State.Removed)
            {
                ids.Remove(id);
            }
            else
            {
                ids.Add(id);
            }
        }
    }

    private enum State : byte
    {
        FirstAdd = 1,
        Appended = 2,
        Removed = 3,
    }

    private struct Entry
    {
        public State State;
        public bool InSnapshot;
        public long AppendTime;
        public long PayloadOffset;
        public int PayloadLength;
        public ulong PayloadHash;
    }
}

/// <summary>Where a payload the log keeps lies, and the hash it had when its batch was checked.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Offset">Offset of the payload in the log file.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Hash">Its XxHash3 when its batch's checksum was checked.</param>
internal readonly record struct LogPayload(string Id, long Offset, int Length, ulong Hash)
{
    /// <summary>Reads the payload back and checks it is the one whose batch was checked.</summary>
    /// <param name="log">A reader over the log.</param>
    /// <returns>The payload, in a new array.</returns>
    /// <exception cref="NearDupFormatException">The bytes differ: the file changed since it was checked.</exception>
    public byte[] Read(FormatReader log)
    {
        var payload = new byte[Length];
        log.ReadAt(Offset, payload, "payload");
        if (XxHash3.HashToUInt64(payload) != Hash)
        {
            throw log.Error($"payload of \"{Id}\" at offset {Offset} changed after its batch was checked (the file was modified while being loaded)");
        }

        return payload;
    }
}
