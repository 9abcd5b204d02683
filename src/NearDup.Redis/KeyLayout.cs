using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Text;
using NearDup.Candidates;
using NearDup.Storage;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The keys an index writes on the server: every one starts with <c>{}</c> and the namespace, then a one-letter kind.
/// Posting tables are grouped into small hashes (key = table + the top bits of a 64-bit fingerprint, field = the next
/// 32 bits), sized at creation from the planned number of documents so that a hash holds about
/// <see cref="TargetFields"/> fields and stays in the server's compact listpack encoding.
/// </summary>
/// <remarks>
/// <para>
/// Hash tags: a cluster hashes only the part of a key between its first <c>{</c> and the next <c>}</c> when that part
/// is not empty. Every key here starts with <c>{}</c> — an empty tag — so the whole key is hashed, and binary
/// fingerprint bytes after it (which may well hold a <c>{</c> and a <c>}</c>) never route a key by accident. Keys are
/// deterministic: the same namespace, options and capacity give the same key for the same fingerprint on every
/// machine, with no random part.
/// </para>
/// <para>
/// Kinds: <c>T</c> posting table (then the table byte and the prefix bytes), <c>V</c> a field's overflow list (see
/// <see cref="Overflow"/>), <c>D</c> document record (then the 5-byte
/// document key), <c>I</c> id map bucket (then the prefix bytes of the id's hash), <c>M</c> meta hash (options,
/// layout, format), <c>N</c> live count, <c>A</c> document-key allocator, <c>R</c> removed keys not purged yet, <c>W</c>
/// writer counter, <c>L</c> a writer's log (then its 8-byte number), <c>Q</c> add-unless-copy turns.
/// </para>
/// <para>
/// Stored fingerprint width: a table with <c>p</c> prefix bits stores <c>p + 32</c> bits of each 64-bit fingerprint, so
/// at about <see cref="TargetFields"/> fields per hash two different fingerprints collide on one field with probability
/// about 128/2³² per lookup whatever the index's size — from 56 bits on at 2²⁴ hashes, the 10-billion scale. (The
/// embedded index folds a band to 32 bits; a collision only adds a candidate the verifier rejects.)
/// </para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
internal sealed class KeyLayout
{
    /// <summary>The fields a posting hash is sized to hold at the planned capacity: well inside the listpack limit
    /// (<c>hash-max-listpack-entries</c>, 128 by default in Redis 7, 512 in many deployments) on average.</summary>
    public const int TargetFields = 128;

    /// <summary>The layout version the meta hash records (2: the posting key width follows the prefix bits).</summary>
    public const byte Version = 2;

    /// <summary>The most planned documents for which posting values hold 4-byte document keys: half the 4-byte key
    /// space, leaving the other half for growth past the plan and for the key ranges writers leave unused.</summary>
    public const long FourByteKeysUpTo = 1L << 31;

    /// <summary>The SimHash distance the SimHash tables answer for (that of the candidate policy).</summary>
    public const int SimHashDistance = CandidateSettings.SimHashDistance;

    // Planned fields (distinct fingerprints) per document in the tables of each kind, measured on 10,000 generated
    // documents (README, redis-memory): 90 word passages, 34 spin passages and 24 word pairs. Not the postings per
    // document (111, 166 and 193): a fingerprint many documents share is one field, and sizing by postings left the
    // spin-passage and pair hashes with 15-20 fields each, paying the per-key overhead on few fields.
    private const int PassagesPerDocument = 90;
    private const int SpinPassagesPerDocument = 34;
    private const int PairsPerDocument = 24;

    private readonly byte[] _prefix;
    private readonly byte[] _bits;

    private KeyLayout(string ns, CandidateSettings settings, byte[] bits, int postingKeyWidth)
    {
        PostingKeyWidth = postingKeyWidth;
        _prefix = Encoding.ASCII.GetBytes("{}" + ns + ":");
        _bits = bits;
        WordBands = settings.WordBanding.Bands;
        SpinBands = settings.SpinBanding.Bands;
        SimHashMasks = new Indexing.Hamming.SimHashIndex(SimHashDistance, Indexing.Hamming.SimHashIndex.DefaultBlocks(SimHashDistance), forceTables: true).TableMasks.ToArray();
        IdBits = bits[^1];
        Namespace = ns;
    }

    /// <summary>Bytes of a document key in posting values: 4 or 5, fixed at creation.</summary>
    public int PostingKeyWidth { get; }

    /// <summary>One more than the largest document key the posting values can hold.</summary>
    public long KeyLimit => 1L << (8 * PostingKeyWidth);

    /// <summary>The namespace.</summary>
    public string Namespace { get; }

    /// <summary>Word LSH bands.</summary>
    public int WordBands { get; }

    /// <summary>Spin LSH bands.</summary>
    public int SpinBands { get; }

    /// <summary>The SimHash tables' masks: a table is keyed on the bits of its mask.</summary>
    public ulong[] SimHashMasks { get; }

    /// <summary>Prefix bits of the id map's buckets.</summary>
    public int IdBits { get; }

    /// <summary>The number of posting tables.</summary>
    public int Tables => _bits.Length - 1;

    /// <summary>The exact-hash table.</summary>
    public static int Exact => 0;

    /// <summary>The word-passage table.</summary>
    public int Passages => 1 + WordBands + SpinBands + SimHashMasks.Length;

    /// <summary>The spin-passage table.</summary>
    public int SpinPassages => Passages + 1;

    /// <summary>The word-pair table.</summary>
    public int Pairs => Passages + 2;

    /// <summary>The meta hash.</summary>
    public RedisKey Meta => Key('M');

    /// <summary>The live-document counter.</summary>
    public RedisKey Count => Key('N');

    /// <summary>The document-key allocator.</summary>
    public RedisKey Allocator => Key('A');

    /// <summary>The writer counter: each writer takes a number on its first write.</summary>
    public RedisKey Writers => Key('W');

    /// <summary>The hash of add-unless-copy turns (<c>RedisCandidateIndex.AddUnlessCopyAsync</c>): field <c>n</c> the
    /// cluster-wide counter, and per document being decided its 5-byte document key, valued 0 until the document takes
    /// its number, then that number; the field is deleted once the document is decided. One key, so the counter and
    /// the numbers are written together by one script.</summary>
    public RedisKey Turns => Key('Q');

    /// <summary>The set of removed document keys whose postings are not purged yet.</summary>
    public RedisKey Removed => Key('R');

    /// <summary>The key pattern matching every document record of the namespace (for SCAN).</summary>
    public string RecordPattern => "{}" + Namespace + ":D*";

    /// <summary>The table of word band <paramref name="band"/>.</summary>
    /// <param name="band">The band, from 0.</param>
    /// <returns>The table.</returns>
    public static int WordBand(int band) => 1 + band;

    /// <summary>The table of spin band <paramref name="band"/>.</summary>
    /// <param name="band">The band, from 0.</param>
    /// <returns>The table.</returns>
    public int SpinBand(int band) => 1 + WordBands + band;

    /// <summary>The table of SimHash block choice <paramref name="table"/>.</summary>
    /// <param name="table">The index into <see cref="SimHashMasks"/>.</param>
    /// <returns>The table.</returns>
    public int SimHash(int table) => 1 + WordBands + SpinBands + table;

    /// <summary>Prefix bits of a table.</summary>
    /// <param name="table">The table.</param>
    /// <returns>Its bits, 0 to 32.</returns>
    public int PrefixBits(int table) => _bits[table];

    /// <summary>The layout for new index: prefix bits per table from the planned capacity.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="settings">The candidate settings (bands).</param>
    /// <param name="capacity">Documents the index is planned to hold; at least 1.</param>
    /// <returns>The layout.</returns>
    public static KeyLayout Plan(string ns, CandidateSettings settings, long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        int word = settings.WordBanding.Bands, spin = settings.SpinBanding.Bands;
        int simHash = new Indexing.Hamming.SimHashIndex(SimHashDistance, Indexing.Hamming.SimHashIndex.DefaultBlocks(SimHashDistance), forceTables: true).TableMasks.Length;
        int tables = 1 + word + spin + simHash + 3;
        if (tables > 255)
        {
            throw new ArgumentException($"the options' bandings need {tables} posting tables; a Redis index holds at most 255.", nameof(settings));
        }

        var bits = new byte[tables + 1];
        for (int t = 0; t < 1 + word + spin + simHash; t++)
        {
            bits[t] = BitsFor(capacity);
        }

        bits[tables - 3] = BitsFor(capacity * PassagesPerDocument);
        bits[tables - 2] = BitsFor(capacity * SpinPassagesPerDocument);
        bits[tables - 1] = BitsFor(capacity * PairsPerDocument);
        bits[tables] = BitsFor(capacity); // the id map
        return new KeyLayout(ns, settings, bits, capacity <= FourByteKeysUpTo ? 4 : DocumentKeys.Width);
    }

    /// <summary>The layout stored in an index's meta hash (see <see cref="Write"/>).</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="settings">The candidate settings the index runs under.</param>
    /// <param name="stored">The stored bytes.</param>
    /// <param name="source">The index's name in errors.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="NearDupFormatException">The bytes are not a layout of this version for these settings.</exception>
    public static KeyLayout Read(string ns, CandidateSettings settings, ReadOnlySpan<byte> stored, string source)
    {
        KeyLayout planned = Plan(ns, settings, 1);
        if (stored.Length != planned._bits.Length + 2 || stored[0] != Version)
        {
            throw new NearDupFormatException($"{source}: the key layout in the meta hash is {stored.Length} bytes of version {(stored.Length > 0 ? stored[0] : 0)}; this build expects {planned._bits.Length + 2} bytes of version {Version} for these options.");
        }

        if (stored[^1] is not (4 or DocumentKeys.Width))
        {
            throw new NearDupFormatException($"{source}: the key layout in the meta hash gives {stored[^1]}-byte document keys in postings; 4 or {DocumentKeys.Width} are valid.");
        }

        foreach (byte b in stored[1..^1])
        {
            if (b > 32)
            {
                throw new NearDupFormatException($"{source}: the key layout in the meta hash holds {b} prefix bits; at most 32 are valid.");
            }
        }

        return new KeyLayout(ns, settings, stored[1..^1].ToArray(), stored[^1]);
    }

    /// <summary>The layout as the meta hash stores it: the version, the prefix bits of each table and of the id map,
    /// then the posting key width.</summary>
    /// <returns>The bytes.</returns>
    public byte[] Write() => [Version, .. _bits, (byte)PostingKeyWidth];

    /// <summary>The hash key and field of a 64-bit fingerprint in a table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>The key (namespace, table, top bits) and the field (the next 32 bits, big-endian).</returns>
    public (RedisKey Key, RedisValue Field) Posting(int table, ulong fingerprint)
    {
        int p = _bits[table];
        byte[] key = new byte[_prefix.Length + 2 + ((p + 7) >> 3)];
        _prefix.CopyTo(key, 0);
        key[_prefix.Length] = (byte)'T';
        key[_prefix.Length + 1] = (byte)table;
        WriteTopBits(key.AsSpan(_prefix.Length + 2), fingerprint, p);
        byte[] field = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(field, (uint)((fingerprint << p) >> 32));
        return (key, field);
    }

    /// <summary>The overflow hash of a posting hash: where the holder lists of its fields live once they are longer
    /// than the listpack value limit (<see cref="Postings.ListLimit"/>), under the same field, so that the posting hash
    /// keeps the compact encoding.</summary>
    /// <param name="hash">The posting hash (a key of <see cref="Posting"/>).</param>
    /// <returns>The hash's key with kind <c>V</c> for <c>T</c>, then two bytes chosen so that the whole key has the
    /// hash's CRC16 and so its slot: the add and remove scripts touch both in one call, which a cluster allows only
    /// within one slot. Still no hash tag (the key starts with <c>{}</c>).</returns>
    /// <remarks>One hash of long lists per posting hash rather than a string key per list: measured on redis-server
    /// 7.0.15, a 120-byte list costs 241 B as a string key of its own and 195 B as a field of a (hashtable-encoded)
    /// hash of 15.</remarks>
    public RedisKey Overflow(RedisKey hash)
    {
        byte[] h = hash!;
        byte[] key = new byte[h.Length + 2];
        h.CopyTo(key, 0);
        key[_prefix.Length] = (byte)'V';
        Crc16.Force(key, Crc16.Of(h));
        return key;
    }

    /// <summary>The id map bucket and field of a document id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The key (namespace, top bits of the id's hash) and the field (the id's UTF-8 bytes).</returns>
    public (RedisKey Key, RedisValue Field) Id(string id)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(id);
        byte[] key = new byte[_prefix.Length + 1 + ((IdBits + 7) >> 3)];
        _prefix.CopyTo(key, 0);
        key[_prefix.Length] = (byte)'I';
        WriteTopBits(key.AsSpan(_prefix.Length + 1), XxHash3.HashToUInt64(utf8), IdBits);
        return (key, utf8);
    }

    /// <summary>The record key of a document key.</summary>
    /// <param name="documentKey">The document key, below 2⁴⁰.</param>
    /// <returns>The key.</returns>
    public RedisKey Record(long documentKey)
    {
        byte[] key = new byte[_prefix.Length + 1 + DocumentKeys.Width];
        _prefix.CopyTo(key, 0);
        key[_prefix.Length] = (byte)'D';
        DocumentKeys.Write(key.AsSpan(_prefix.Length + 1), documentKey);
        return key;
    }

    /// <summary>A writer's log: a hash of the batches it logged and has not finished applying (field = the batch's
    /// sequence number, value = the batch). One key, so one slot, per writer.</summary>
    /// <param name="writer">The writer's number, from 1.</param>
    /// <returns>The key.</returns>
    public RedisKey Log(long writer)
    {
        byte[] key = new byte[_prefix.Length + 1 + sizeof(long)];
        _prefix.CopyTo(key, 0);
        key[_prefix.Length] = (byte)'L';
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(_prefix.Length + 1), writer);
        return key;
    }

    /// <summary>The key pattern matching every key of the namespace (for SCAN). A namespace holds no glob character,
    /// and the <c>:</c> after it keeps a longer namespace that starts with this one out.</summary>
    public string KeyPattern => "{}" + Namespace + ":*";

    /// <summary>The family a key of the namespace belongs to: its kind letter and, for posting and overflow hashes, its
    /// table byte decide it.</summary>
    /// <param name="key">A key as the server returns it.</param>
    /// <returns>The family; null for a key outside the namespace.</returns>
    public RedisStructure? StructureOf(ReadOnlySpan<byte> key)
    {
        if (key.Length <= _prefix.Length || !key.StartsWith(_prefix))
        {
            return null;
        }

        char kind = (char)key[_prefix.Length];
        if (kind is 'T' or 'V' && key.Length > _prefix.Length + 1)
        {
            int table = key[_prefix.Length + 1];
            RedisStructure posting = table == Exact ? RedisStructure.ExactHash
                : table < SpinBand(0) ? RedisStructure.WordLsh
                : table < SimHash(0) ? RedisStructure.SpinLsh
                : table < Passages ? RedisStructure.SimHash
                : table == Passages ? RedisStructure.WordPassages
                : table == SpinPassages ? RedisStructure.SpinPassages
                : table == Pairs ? RedisStructure.WordPairs
                : RedisStructure.Other; // no such table: not one this layout writes
            return kind == 'T' || posting == RedisStructure.Other ? posting : posting + (RedisStructure.ExactHashOverflow - RedisStructure.ExactHash);
        }

        return kind switch
        {
            'D' => RedisStructure.DocumentRecords,
            'I' => RedisStructure.IdMap,
            _ => RedisStructure.Other,
        };
    }

    /// <summary>The type this index keeps under a key of its namespace, by the key's kind letter (the table in the
    /// README): what a key holding another type was not written by the index.</summary>
    /// <param name="key">A key of the namespace.</param>
    /// <returns>The type; <see cref="RedisType.None"/> for a key outside the namespace or of no kind the index writes.</returns>
    public RedisType ExpectedType(ReadOnlySpan<byte> key)
    {
        if (key.Length <= _prefix.Length || !key.StartsWith(_prefix))
        {
            return RedisType.None;
        }

        return (char)key[_prefix.Length] switch
        {
            'M' or 'T' or 'V' or 'I' or 'L' or 'Q' => RedisType.Hash,
            'D' or 'N' or 'A' or 'W' => RedisType.String,
            'R' => RedisType.Set,
            _ => RedisType.None,
        };
    }

    /// <summary>A family's name as reports print it, with this layout's band and table counts.</summary>
    /// <param name="structure">The family.</param>
    /// <returns>The name.</returns>
    public string NameOf(RedisStructure structure) => structure switch
    {
        RedisStructure.ExactHash => "exact hash",
        RedisStructure.WordLsh => $"word LSH, {WordBands} bands",
        RedisStructure.SpinLsh => $"spin LSH, {SpinBands} bands",
        RedisStructure.SimHash => $"SimHash, {SimHashMasks.Length} tables",
        RedisStructure.WordPassages => "word passages",
        RedisStructure.SpinPassages => "spin passages",
        RedisStructure.WordPairs => "word pairs",
        >= RedisStructure.ExactHashOverflow and <= RedisStructure.WordPairsOverflow => "overflow hashes: " + NameOf(structure - (RedisStructure.ExactHashOverflow - RedisStructure.ExactHash)),
        RedisStructure.DocumentRecords => "document records",
        RedisStructure.IdMap => "id map",
        _ => "other (meta, counters, logs, turns)",
    };

    /// <summary>Whether the keys of a family are hashes (their fields are counted).</summary>
    /// <param name="structure">The family.</param>
    /// <returns>True for posting, overflow and id-map hashes.</returns>
    public static bool IsHash(RedisStructure structure) => structure is < RedisStructure.DocumentRecords or RedisStructure.IdMap;

    /// <summary>The document key a record key names (the inverse of <see cref="Record"/>).</summary>
    /// <param name="record">A record key of this namespace.</param>
    /// <returns>The document key.</returns>
    public long DocumentKeyOf(RedisKey record) => DocumentKeys.Read(((byte[])record!).AsSpan(_prefix.Length + 1));

    private RedisKey Key(char kind)
    {
        byte[] key = new byte[_prefix.Length + 1];
        _prefix.CopyTo(key, 0);
        key[_prefix.Length] = (byte)kind;
        return key;
    }

    /// <summary>Prefix bits that put about <see cref="TargetFields"/> of <paramref name="entries"/> in each hash.</summary>
    private static byte BitsFor(long entries)
    {
        long hashes = (entries + TargetFields - 1) / TargetFields;
        return hashes <= 1 ? (byte)0 : (byte)Math.Min(32, 64 - BitOperations.LeadingZeroCount((ulong)hashes - 1));
    }

    /// <summary>Writes the top <paramref name="bits"/> bits of <paramref name="value"/>, right-aligned, big-endian, into
    /// <c>ceil(bits / 8)</c> bytes.</summary>
    private static void WriteTopBits(Span<byte> destination, ulong value, int bits)
    {
        if (bits == 0)
        {
            return;
        }

        ulong top = value >> (64 - bits);
        for (int i = destination.Length - 1; i >= 0; i--, top >>= 8)
        {
            destination[i] = (byte)top;
        }
    }
}
