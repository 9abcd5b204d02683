using System;
using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using NearDup.Internal;

namespace NearDup.Detection;

/// <summary>
/// The records of a snapshot's documents as its structure image holds them (<see cref="ResidentTable.WriteImage"/>):
/// per slot the hashes, the text's length, where its compressed text lies in the snapshot file and that text's checksum;
/// the ids as one UTF-8 blob with an open-addressed map from id to slot. Nothing per document is a managed object.
/// </summary>
/// <remarks>
/// <para>
/// Memory: 40 bytes of record, 8 of id offset, 8 of map (at half load) and the id's UTF-8 bytes per document, in six
/// arrays, against about 1.7 KB and three objects per document when the records (id string, compressed text) sit on the
/// heap: the texts stay in the file and are read when a candidate is verified (<see cref="Storage.SnapshotTexts"/>).
/// </para>
/// <para>
/// The map stores slot + 1 (0 for an empty cell) at the home cell of the id's XxHash3 (seed 0, over its UTF-8 bytes,
/// so that the image means the same on every machine) and probes linearly; a lookup confirms a hit by comparing the
/// id's bytes, so a map entry can only make an id be missed, never found under another's slot. Removals do not touch
/// it: the table keeps which snapshot slots are still live.
/// </para>
/// <para>Thread safety: immutable once built; safe for concurrent reads.</para>
/// </remarks>
internal sealed class SnapshotRecords
{
    private const int MinMapCells = 8;
    private const int MaxIdBytes = ushort.MaxValue;

    private readonly TextRecord[] _records;
    private readonly byte[] _ids;
    private readonly long[] _idStarts;
    private readonly int[] _map;
    private readonly int _shift;

    private SnapshotRecords(TextRecord[] records, byte[] ids, long[] idStarts, int[] map)
    {
        _records = records;
        _ids = ids;
        _idStarts = idStarts;
        _map = map;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)map.Length);
    }

    /// <summary>Slots the records cover (the image's slots).</summary>
    public int Slots => _records.Length;

    /// <summary>The record of a slot (all zeros for a slot that held no document when the image was written).</summary>
    /// <param name="slot">A slot below <see cref="Slots"/>.</param>
    /// <returns>The record.</returns>
    public ref readonly TextRecord this[int slot] => ref _records[slot];

    /// <summary>A slot's id as UTF-8 bytes.</summary>
    /// <param name="slot">A slot below <see cref="Slots"/>.</param>
    /// <returns>The bytes (empty for a slot without a document).</returns>
    public ReadOnlySpan<byte> IdBytes(int slot) => _ids.AsSpan((int)_idStarts[slot], (int)(_idStarts[slot + 1] - _idStarts[slot]));

    /// <summary>A slot's id.</summary>
    /// <param name="slot">A slot below <see cref="Slots"/>.</param>
    /// <returns>A new string.</returns>
    public string Id(int slot) => Encoding.UTF8.GetString(IdBytes(slot));

    /// <summary>The slot of an id, whether or not its document is still live.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The slot, or -1 when no record has this id (also for an id that is not valid UTF-16, which no stored id is).</returns>
    public int Find(string id)
    {
        int most = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = most > 512 ? ArrayPool<byte>.Shared.Rent(most) : null;
        Span<byte> utf8 = rented is null ? stackalloc byte[512] : rented;
        try
        {
            if (Utf8.FromUtf16(id, utf8, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return -1;
            }

            ReadOnlySpan<byte> bytes = utf8[..written];
            int mask = _map.Length - 1;
            for (int cell = FibonacciHashing.Home(XxHash3.HashToUInt64(bytes), _shift); ; cell = (cell + 1) & mask)
            {
                int held = _map[cell];
                if (held == 0)
                {
                    return -1;
                }

                if (IdBytes(held - 1).SequenceEqual(bytes))
                {
                    return held - 1;
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes the records (<see cref="ResidentTable.WriteImage"/> says where): the records array, the id blob,
    /// the id offsets (slots + 1 of them), the map; then padding to 8 bytes.</summary>
    /// <param name="writer">The image's writer.</param>
    public void Write(ImageWriter writer)
    {
        writer.Array<TextRecord>(_records);
        writer.Array<byte>(_ids);
        writer.Array<long>(_idStarts);
        writer.Array<int>(_map);
        writer.Align();
    }

    /// <summary>Reads records written by <see cref="Write"/> and checks them against the image's list of live slots.</summary>
    /// <param name="reader">The image's reader, at the records.</param>
    /// <param name="live">The live slots, a bitmap of 64 per word; its documents are the only ones with records.</param>
    /// <param name="liveCount">How many bits <paramref name="live"/> sets.</param>
    /// <param name="slots">The image's slots.</param>
    /// <param name="fileLength">The snapshot file's length: every text must lie inside it.</param>
    /// <returns>The records.</returns>
    /// <remarks>Checks, each array once: counts; each live slot's id 1 to 65,535 bytes and a dead slot's none, offsets
    /// rising to the blob's end; each live record's text inside the file and its lengths in range; the map's size a power
    /// of two above the live count, and its entries exactly the live slots, once each. Not checked: the texts
    /// themselves (each against its checksum when it is read), nor that an entry sits in its id's probe sequence (a
    /// misplaced one would make a lookup miss; the section's checksum guards against damage).</remarks>
    /// <exception cref="Storage.NearDupFormatException">The records are damaged or do not agree with the live slots.</exception>
    public static SnapshotRecords Read(ImageReader reader, ReadOnlySpan<ulong> live, int liveCount, int slots, long fileLength)
    {
        long at = reader.Offset;
        TextRecord[] records = reader.Array<TextRecord>("text records", slots, slots);
        long recordsAt = reader.LastArrayOffset;
        byte[] ids = reader.Array<byte>("ids", 0, long.MaxValue);
        long[] starts = reader.Array<long>("id offsets", (long)slots + 1, (long)slots + 1);
        long startsAt = reader.LastArrayOffset;
        int[] map = reader.Array<int>("id map", MinMapCells, int.MaxValue);
        long mapAt = reader.LastArrayOffset;
        reader.Align("the candidate structures");
        if (starts[0] != 0 || starts[slots] != ids.Length)
        {
            throw reader.Invalid("id offsets", startsAt, $"run from {starts[0]} to {starts[slots]}, expected 0 to the {ids.Length} bytes of ids");
        }

        for (int slot = 0; slot < slots; slot++)
        {
            bool isLive = (live[slot >> 6] & (1UL << (slot & 63))) != 0;
            long length = starts[slot + 1] - starts[slot];
            if (isLive ? length is < 1 or > MaxIdBytes : length != 0)
            {
                throw reader.InvalidElement("id offsets", startsAt, slot + 1, sizeof(long), $"give slot {slot} ({(isLive ? "a document" : "no document")}) an id of {length} bytes");
            }

            ref readonly TextRecord r = ref records[slot];
            if (isLive && (r.CompressedLength < 0 || r.TextBytes < 0 || r.TextBytes > 1 << 30 || r.TextOffset < 0 || r.TextOffset > fileLength - r.CompressedLength))
            {
                throw reader.InvalidElement("text records", recordsAt, slot, Marshal.SizeOf<TextRecord>(), $"puts a text of {r.CompressedLength} bytes ({r.TextBytes} uncompressed) at offset {r.TextOffset} of a file of {fileLength} bytes");
            }
        }

        if (!System.Numerics.BitOperations.IsPow2(map.Length) || map.Length <= liveCount)
        {
            throw reader.Invalid("id map", mapAt, $"has {map.Length} cells for {liveCount} ids, expected a power of two above it");
        }

        var seen = new ulong[live.Length];
        int entries = 0;
        for (int cell = 0; cell < map.Length; cell++)
        {
            int held = map[cell];
            if (held == 0)
            {
                continue;
            }

            int slot = held - 1;
            if ((uint)slot >= (uint)slots || (live[slot >> 6] & (1UL << (slot & 63))) == 0 || (seen[slot >> 6] & (1UL << (slot & 63))) != 0)
            {
                throw reader.InvalidElement("id map", mapAt, cell, sizeof(int), $"holds slot {slot}, which is not a live slot listed once");
            }

            seen[slot >> 6] |= 1UL << (slot & 63);
            entries++;
        }

        if (entries != liveCount)
        {
            throw reader.Invalid("id map", at, $"holds {entries} ids, expected the {liveCount} live documents'");
        }

        return new SnapshotRecords(records, ids, starts, map);
    }

    /// <summary>Collects records slot by slot, in slot order, and builds the map at the end.</summary>
    /// <param name="slots">The slots to cover.</param>
    /// <remarks>Thread safety: not thread-safe.</remarks>
    internal sealed class Builder(int slots)
    {
        private readonly TextRecord[] _records = new TextRecord[slots];
        private readonly long[] _starts = new long[slots + 1];
        private byte[] _ids = new byte[Math.Max(16, Math.Min(slots, 1 << 20) * 16)];
        private long _idLength;
        private int _next;
        private int _live;

        /// <summary>Gives the next slot its record and id; slots without a document are passed with <see cref="Skip"/>.</summary>
        /// <param name="id">The id as UTF-8, 1 to 65,535 bytes.</param>
        /// <param name="record">The record.</param>
        public void Add(ReadOnlySpan<byte> id, in TextRecord record)
        {
            if (_idLength + id.Length > _ids.Length)
            {
                Array.Resize(ref _ids, (int)Math.Min(Array.MaxLength, Math.Max(_idLength + id.Length, _ids.Length * 2L)));
            }

            id.CopyTo(_ids.AsSpan((int)_idLength));
            _idLength += id.Length;
            _records[_next] = record;
            _starts[++_next] = _idLength;
            _live++;
        }

        /// <summary>Passes the next slot: it holds no document.</summary>
        public void Skip()
        {
            _starts[_next + 1] = _starts[_next];
            _next++;
        }

        /// <summary>The records, once every slot was given.</summary>
        /// <returns>The records with their map.</returns>
        public SnapshotRecords Build()
        {
            if (_next != _records.Length)
            {
                throw new InvalidOperationException($"records were given for {_next} of {_records.Length} slots.");
            }

            int cells = (int)Math.Max(MinMapCells, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _live) * 2));
            var map = new int[cells];
            var records = new SnapshotRecords(_records, _ids[..(int)_idLength], _starts, map);
            int mask = cells - 1;
            for (int slot = 0; slot < _records.Length; slot++)
            {
                ReadOnlySpan<byte> id = records.IdBytes(slot);
                if (id.IsEmpty)
                {
                    continue;
                }

                int cell = FibonacciHashing.Home(XxHash3.HashToUInt64(id), records._shift);
                while (map[cell] != 0)
                {
                    cell = (cell + 1) & mask;
                }

                map[cell] = slot + 1;
            }

            return records;
        }
    }
}

/// <summary>What a structure image records of one snapshot document besides its id: enough to fetch it for verification
/// without reading its payload.</summary>
/// <param name="ExactHash">Its exact hash.</param>
/// <param name="SimHash">Its SimHash.</param>
/// <param name="TextOffset">Where its compressed text starts in the snapshot file.</param>
/// <param name="CompressedLength">The compressed text's length in bytes.</param>
/// <param name="TextBytes">The length of the UTF-8 text.</param>
/// <param name="Checksum">The compressed text's <see cref="Storage.SnapshotTexts.Checksum"/>.</param>
/// <remarks>40 bytes without padding, written into the image as it lies in memory (see <see cref="ImageWriter"/>).
/// Thread safety: immutable.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct TextRecord(ulong ExactHash, ulong SimHash, long TextOffset, int CompressedLength, int TextBytes, ulong Checksum);
