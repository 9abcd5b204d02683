using System.Collections.Generic;

namespace NearDup.Redis;

/// <summary>The server memory of one family of keys of a Redis index (<see cref="RedisStructure"/>), one row of a
/// <see cref="RedisMemoryReport"/>.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class RedisStructureMemory
{
    internal RedisStructureMemory(RedisStructure structure, string name, long keys, long fields, long bytes, long listpackBytes, IReadOnlyDictionary<string, long> encodings)
    {
        Structure = structure;
        Name = name;
        Keys = keys;
        Fields = fields;
        Bytes = bytes;
        ListpackBytes = listpackBytes;
        Encodings = encodings;
    }

    /// <summary>The family.</summary>
    public RedisStructure Structure { get; }

    /// <summary>The family's name as reports print it, with the index's band and table counts where they apply
    /// (e.g. "word LSH, 25 bands", "overflow hashes: word passages").</summary>
    public string Name { get; }

    /// <summary>Keys of the family found on the primaries.</summary>
    public long Keys { get; }

    /// <summary>Hash fields (<c>HLEN</c>) summed over the family's keys for the hash families (posting, overflow and id-map
    /// hashes); one a key for the others (a record is one string).</summary>
    public long Fields { get; }

    /// <summary>Bytes the server accounts to the family's keys: <c>MEMORY USAGE key SAMPLES 0</c> (every element
    /// counted, not sampled), summed.</summary>
    public long Bytes { get; }

    /// <summary>Of <see cref="Bytes"/>, those of keys the server keeps in the compact <c>listpack</c> encoding.</summary>
    public long ListpackBytes { get; }

    /// <summary>Keys per encoding (<c>OBJECT ENCODING</c>: <c>listpack</c>, <c>hashtable</c>, <c>raw</c>, <c>int</c>, …).</summary>
    public IReadOnlyDictionary<string, long> Encodings { get; }
}
