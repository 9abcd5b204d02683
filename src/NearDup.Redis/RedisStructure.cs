namespace NearDup.Redis;

/// <summary>
/// A family of keys of a Redis index, the unit <see cref="RedisMemoryReport"/> splits the server's memory by: the
/// posting hashes of each kind of table, their overflow hashes (<c>V</c> keys) by the same kinds, the document records,
/// the id map, and the rest.
/// </summary>
/// <remarks>
/// Every key of a namespace belongs to exactly one family: the kind letter after <c>{}namespace:</c> and, for posting
/// and overflow hashes, the table byte decide it (see the key layout in the package README). The values are in report
/// order and are stable: a new family would be added at the end.
/// <para>Thread safety: an enum, immutable.</para>
/// </remarks>
public enum RedisStructure
{
    /// <summary>The exact-hash table's posting hashes (table 0).</summary>
    ExactHash,

    /// <summary>The posting hashes of every word LSH band.</summary>
    WordLsh,

    /// <summary>The posting hashes of every spin LSH band.</summary>
    SpinLsh,

    /// <summary>The posting hashes of every SimHash block table.</summary>
    SimHash,

    /// <summary>The word-passage table's posting hashes.</summary>
    WordPassages,

    /// <summary>The spin-passage table's posting hashes.</summary>
    SpinPassages,

    /// <summary>The word-pair table's posting hashes.</summary>
    WordPairs,

    /// <summary>The overflow hashes (holder lists longer than the listpack value limit) of the exact-hash table.</summary>
    ExactHashOverflow,

    /// <summary>The overflow hashes of the word LSH bands.</summary>
    WordLshOverflow,

    /// <summary>The overflow hashes of the spin LSH bands.</summary>
    SpinLshOverflow,

    /// <summary>The overflow hashes of the SimHash tables.</summary>
    SimHashOverflow,

    /// <summary>The overflow hashes of the word-passage table.</summary>
    WordPassagesOverflow,

    /// <summary>The overflow hashes of the spin-passage table.</summary>
    SpinPassagesOverflow,

    /// <summary>The overflow hashes of the word-pair table.</summary>
    WordPairsOverflow,

    /// <summary>The document records (<c>D</c> keys, one string per document; a purged document's one-byte tombstone included).</summary>
    DocumentRecords,

    /// <summary>The id map's hashes (<c>I</c> keys): external id → document key.</summary>
    IdMap,

    /// <summary>Everything else of the namespace: the meta hash, the live counter, the key allocator, the writer
    /// counter, the removed-key set, the writers' logs and the add-unless-copy turns.</summary>
    Other,
}
