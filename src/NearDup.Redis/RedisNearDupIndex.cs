using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Detection;
using NearDup.Internal;
using NearDup.Storage;

namespace NearDup.Redis;

/// <summary>
/// Opens a <see cref="NearDupIndex"/> whose candidate structures and documents live on a Redis-protocol server or
/// cluster (Redis ≥ 7, Valkey, Garnet): the same front door, the same verdicts and evidence as an index in memory or on
/// disk, shared by every worker that opens the same location.
/// </summary>
/// <remarks>
/// <para>
/// Each worker analyses, gates and verifies in its own process; the server holds only postings and records, so opening
/// reads the options and the writers' logs (a pipelined batch per 1,024 writers ever numbered, to replay what a writer
/// that died left unfinished; an index opened read-only reads the options only), no posting and no record. See the project's README for the key layout and what is and is not guaranteed yet
/// (notably: with <c>waitForReplicas: 0</c>, the default, an add is as durable as the server's persistence settings;
/// with 1 or more, an add is acknowledged only once the replicas of every primary it wrote to confirmed it).
/// </para>
/// <para>Thread safety: the returned index allows concurrent queries and writes from many threads and processes.</para>
/// </remarks>
/// <example>
/// <code>
/// var location = RedisLocation.Parse("redis://10.0.0.5:6379,10.0.0.6:6379/crawl", password: secret);
/// using NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 50_000_000);
/// index.AddBatch([("a.txt", originalText)]);
/// var verdicts = index.Query(suspectText, "suspect.txt");
/// </code>
/// </example>
public static class RedisNearDupIndex
{
    /// <summary>The planned document count <see cref="Create"/> sizes the posting hashes for unless told otherwise.</summary>
    public const long DefaultPlannedDocuments = 1_000_000;

    /// <summary>Creates an index in a namespace that holds none.</summary>
    /// <param name="location">The server or cluster and the namespace.</param>
    /// <param name="options">Options; null for <see cref="IndexOptions.Default"/>. Stored on the server and checked by
    /// every open.</param>
    /// <param name="plannedDocuments">Documents the index is planned to hold: it sets how many hashes each posting table
    /// is spread over (about 128 fields each at this size), fixed for the index's life. An index may grow past it;
    /// its hashes then grow past the listpack encoding's limit and cost more memory per posting.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="NearDupIndex.CacheCapacity"/>).</param>
    /// <param name="waitForReplicas">Replicas that must confirm each batch (<c>WAIT</c>): those of the writer's log node
    /// before the batch is applied, those of every primary it wrote to before it is acknowledged; and, here, those of the
    /// node of the new index's meta hash before this returns. 0 (the default) waits for none, as servers without
    /// <c>WAIT</c> (Garnet) need. A setting of this connection, not stored with the index.</param>
    /// <returns>The open, empty index.</returns>
    /// <exception cref="IOException">The namespace already holds an index (or keys of one whose meta hash is gone), or
    /// fewer than <paramref name="waitForReplicas"/> replicas confirmed its creation in time (it is created
    /// nonetheless), or every node that answered is a read-only replica (the message names it and its primary), or the
    /// server is out of memory (the inner exception is its refusal).</exception>
    /// <exception cref="NearDupFormatException">A key of the namespace holds another type than an index keeps there
    /// (named: another program wrote it).</exception>
    /// <exception cref="StackExchange.Redis.RedisConnectionException">No server could be reached.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plannedDocuments"/> is below 1, or
    /// <paramref name="cacheCapacity"/> or <paramref name="waitForReplicas"/> negative.</exception>
    public static NearDupIndex Create(RedisLocation location, IndexOptions? options = null, long plannedDocuments = DefaultPlannedDocuments, int cacheCapacity = NearDupIndex.DefaultCacheCapacity, int waitForReplicas = 0)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfLessThan(plannedDocuments, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(waitForReplicas);
        return new NearDupIndex(Synchronous.Wait(new System.Threading.Tasks.ValueTask<RedisCandidateIndex>(RedisCandidateIndex.CreateAsync(location, options ?? IndexOptions.Default, plannedDocuments, waitForReplicas))), cacheCapacity);
    }

    /// <summary>Opens the index in a namespace.</summary>
    /// <param name="location">The server or cluster and the namespace.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones. Analysis parameters, the LSH
    /// bandings the two LSH thresholds give and the postings cap (<see cref="IndexOptions.MaxPostings"/>) must match the
    /// stored ones, which laid out the postings on the server; verification thresholds and the gate's least counts are
    /// taken from <paramref name="requested"/>.</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="NearDupIndex.CacheCapacity"/>).</param>
    /// <param name="waitForReplicas">Replicas that must confirm each batch before it is applied and before it is acknowledged (see <see cref="Create"/>).</param>
    /// <returns>The open index; <see cref="NearDupIndex.Recovery"/> says how many batches of dead writers it replayed.</returns>
    /// <exception cref="IOException">The namespace holds no index; or every node that answered is a read-only replica
    /// (the message names it and its primary: open the primary, or <see cref="OpenReadOnly"/>); or the server is out of
    /// memory and refused the replay of a batch a writer left logged (the inner exception is its refusal).</exception>
    /// <exception cref="NearDupFormatException">The stored options or layout are damaged or of another format, or the
    /// requested options do not match the stored ones (the message names both values), or a key of the namespace holds
    /// another type than the index keeps there (named: another program wrote it).</exception>
    /// <exception cref="StackExchange.Redis.RedisConnectionException">No server could be reached.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> or <paramref name="waitForReplicas"/> is negative.</exception>
    public static NearDupIndex Open(RedisLocation location, IndexOptions? requested = null, int cacheCapacity = NearDupIndex.DefaultCacheCapacity, int waitForReplicas = 0)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(waitForReplicas);
        return new NearDupIndex(Synchronous.Wait(new System.Threading.Tasks.ValueTask<RedisCandidateIndex>(RedisCandidateIndex.OpenAsync(location, requested, waitForReplicas))), cacheCapacity);
    }

    /// <summary>The server memory of a Redis index's namespace, split by structure (posting tables by kind, their
    /// overflow hashes, document records, id map, the rest) and per live document.</summary>
    /// <param name="index">An index opened by <see cref="Create"/>, <see cref="Open"/> or <see cref="OpenReadOnly"/>.</param>
    /// <param name="cancellationToken">Stops the reading between pages of keys.</param>
    /// <returns>The figures, or (<see cref="RedisMemoryReport.IsAvailable"/> false) why the server cannot give them:
    /// Garnet; a server that refuses <c>SCAN</c>, <c>MEMORY USAGE</c>, <c>OBJECT ENCODING</c> or, on a cluster,
    /// <c>CLUSTER NODES</c>; or a primary that does not answer and whose slots no other primary serves (named; the
    /// report's <see cref="RedisMemoryReport.Documents"/> is -1 when it holds the live counter). A replica that does not
    /// answer is passed over.</returns>
    /// <remarks>
    /// <para>
    /// Cost: reads the whole namespace. Every key on every primary is listed (<c>SCAN</c>) and sized
    /// (<c>MEMORY USAGE key SAMPLES 0</c>, <c>OBJECT ENCODING</c>, and <c>HLEN</c> for hashes), pipelined a thousand
    /// keys at a time: about three commands per key and, at the default layout, about 3.5 keys per document (a record,
    /// its share of the posting and id-map hashes) — measured 2.5–3 s for 20,000 documents (70,605 keys) on a local
    /// redis-server, and load on the servers proportional to the index, so not for every request. Safe beside writers (it reads only); what they add meanwhile
    /// shows in part.
    /// </para>
    /// <para>The figures are the servers' own accounting per key; <see cref="RedisMemoryReport.UsedMemory"/> adds what
    /// the whole servers use. Thread safety: any number of concurrent calls.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="index"/> is not an index on a Redis server.</exception>
    /// <exception cref="StackExchange.Redis.RedisConnectionException">A node could not be reached.</exception>
    /// <exception cref="TimeoutException">A node that answered at first stopped answering during the reading
    /// (<c>RedisTimeoutException</c>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static Task<RedisMemoryReport> MeasureMemoryAsync(NearDupIndex index, CancellationToken cancellationToken = default) =>
        Backend(index).MeasureMemoryAsync(cancellationToken);

    /// <summary>The server memory of a Redis index's namespace by structure and per live document; the synchronous twin
    /// of <see cref="MeasureMemoryAsync"/>, with its cost (it reads every key of the namespace).</summary>
    /// <param name="index">An index opened by <see cref="Create"/>, <see cref="Open"/> or <see cref="OpenReadOnly"/>.</param>
    /// <returns>The figures, or why the server cannot give them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="index"/> is not an index on a Redis server.</exception>
    /// <exception cref="StackExchange.Redis.RedisConnectionException">A node could not be reached.</exception>
    /// <exception cref="TimeoutException">A node that answered at first stopped answering during the reading.</exception>
    public static RedisMemoryReport MeasureMemory(NearDupIndex index) =>
        Synchronous.Wait(new ValueTask<RedisMemoryReport>(MeasureMemoryAsync(index)));

    private static RedisCandidateIndex Backend(NearDupIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.Backend as RedisCandidateIndex
            ?? throw new ArgumentException($"the index at {index.Backend.Source} is not on a Redis server; only a Redis index has a namespace to measure.", nameof(index));
    }

    /// <summary>Opens the index in a namespace to query it only: the open replays nothing (a dead writer's logged
    /// batches stay for a writer's open or <see cref="NearDupIndex.Recover"/>), and every add, add-unless-copy, remove,
    /// compaction and recovery throws <see cref="InvalidOperationException"/> before it reads or writes anything
    /// (<see cref="NearDupIndex.IsReadOnly"/>), as on an index on disk opened with
    /// <see cref="NearDupIndex.OpenReadOnly(string, int)"/>.</summary>
    /// <param name="location">The server or cluster and the namespace.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones (see <see cref="Open"/>).</param>
    /// <param name="cacheCapacity">Originals kept analysed for verification (see <see cref="NearDupIndex.CacheCapacity"/>).</param>
    /// <returns>The open index; it sees what writers add after the open, as every Redis index does.</returns>
    /// <exception cref="IOException">The namespace holds no index.</exception>
    /// <exception cref="NearDupFormatException">The stored options or layout are damaged or of another format, or the
    /// requested options do not match the stored ones.</exception>
    /// <exception cref="StackExchange.Redis.RedisConnectionException">No server could be reached.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheCapacity"/> is negative.</exception>
    public static NearDupIndex OpenReadOnly(RedisLocation location, IndexOptions? requested = null, int cacheCapacity = NearDupIndex.DefaultCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        return new NearDupIndex(Synchronous.Wait(new System.Threading.Tasks.ValueTask<RedisCandidateIndex>(RedisCandidateIndex.OpenAsync(location, requested, waitForReplicas: 0, readOnly: true))), cacheCapacity);
    }
}
