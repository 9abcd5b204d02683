using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Internal;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NearDup.Verification;
using StackExchange.Redis;

namespace NearDup.Redis;

/// <summary>
/// The candidate index on a Redis-protocol server or cluster: the posting tables (exact hash, word and spin LSH
/// bands, SimHash block tables, word-passage, spin-passage and word-pair fingerprints) and the document records live
/// on the server under one namespace (<see cref="KeyLayout"/>); lookups gate what the server returns with the same
/// policy as the embedded index (<see cref="CandidatePolicy"/>).
/// </summary>
/// <remarks>
/// <para>
/// Round trips. A lookup sends every probe of the query (one <c>HGET</c> per fingerprint) as one pipelined batch,
/// which the client fans out to the nodes owning the keys; then one batch of <c>GETRANGE</c>s reads the
/// <see cref="DocumentRecord.HeaderLength"/>-byte headers of the candidates the gate must weigh (their state and
/// fingerprint counts, which the embedded index keeps beside its structures); the engine's fetch of the records that
/// passed is the third. An add is nine round trips, each a pipelined batch or one command: the ids checked, the batch
/// logged in the writer's log, the records written pending, their ids claimed, their states read again (a claim for a
/// record removed meanwhile is taken back), the postings fanned out (one script call per hash touched), the records
/// marked live, the live counter raised, the batch taken out of the log; two more with replicas to wait for (a
/// <c>WAIT</c> after the log entry, then one on every primary written to, at once).
/// </para>
/// <para>
/// Visibility. A record is the commit point of its document: postings written before it is live (or left behind by a
/// writer that died) name a pending record, which lookups and fetches ignore, and a removed one likewise. So a
/// half-applied batch is invisible, and re-applying it is harmless (postings are idempotent, a record is written only
/// into a key never written — a purge leaves a tombstone — and only a pending record's id is claimed, the live mark
/// moves pending → live once), also after its documents were removed or purged.
/// </para>
/// <para>
/// Durability: with replicas to wait for, a batch is applied only once they confirmed its log entry (<c>WAIT</c> on the
/// log's node), and acknowledged only once the replicas of every primary it wrote to confirmed its writes (<c>WAIT</c>
/// on each, after the live marks); without, once the server replied to every write, which is as durable as its own
/// persistence settings make it. Batches a writer logged and did not finish are replayed when an index opens, and by
/// <see cref="RecoverAsync"/> at any time. Removes
/// are waited for as adds are. The wait is <c>WAITAOF 1 n</c> where every primary has the command and an append-only
/// file (<see cref="DetectWaitCommandAsync"/>), else <c>WAIT n</c>; adds, removes and their waits go through a
/// connection of their own. Ids are claimed atomically per id, so two writers adding one id cannot both succeed; of
/// mutual copies added at once through <see cref="AddUnlessCopyAsync"/>, at most one is kept (plain adds keep all).
/// </para>
/// <para>Thread safety: any number of concurrent calls; the server orders the writes.</para>
/// </remarks>
internal sealed class RedisCandidateIndex : ICandidateIndex
{
    /// <summary>How long a batch waits by default for its log entry to reach the replicas (<c>WAIT</c>) before its add fails.</summary>
    internal static readonly TimeSpan DefaultReplicaWait = TimeSpan.FromSeconds(10);

    /// <summary>How much longer than a <c>WAIT</c>'s own timeout the client waits for its reply.</summary>
    internal static readonly TimeSpan WaitMargin = TimeSpan.FromSeconds(5);

    /// <summary>The Brotli quality of record texts: 5, where the embedded index writes Zstandard level 1 (it wrote
    /// Brotli quality 3 before payload version 4). On the server a text costs memory for
    /// good, and quality 5 cut records from 1,840 to 1,698 B per document (redis-memory, 10,000 generated documents;
    /// quality 9 gave 1,699 and took five times as long to add); the decoder reads any quality.</summary>
    internal const int RecordQuality = 5;

    /// <summary>Document keys a writer takes from the allocator at a time.</summary>
    internal const int AllocationRange = 4_096;

    // 3: holder lists of key tables are delta-coded (Postings), and add-unless-copy turns carry the server time they
    // were written (number:seconds), so that recovery sweeps those of dead workers. 2: holder lists longer than the listpack value limit live in overflow hashes, and posting values
    // may hold 4-byte document keys (1 kept every list inline, with 5-byte keys).
    private const string FormatName = "neardup-redis 3";
    private const string BatchNotAcknowledged = "the batch is not acknowledged (it stays in the log, which the next open replays)";
    private const string CreateScript = """
        if redis.call('HEXISTS', KEYS[1], 'options') == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'format', ARGV[1], 'options', ARGV[2], 'layout', ARGV[3])
        return 1
        """;

    private static readonly RedisValue PendingByte = new byte[] { DocumentRecord.Pending };
    private static readonly RedisValue LiveByte = new byte[] { DocumentRecord.Live };
    private static readonly RedisValue RemovedByte = new byte[] { DocumentRecord.Removed };
    private static readonly RedisValue Tombstone = new byte[] { DocumentRecord.Purged };

    private readonly ConnectionMultiplexer _connection;

    // Where the index is, credentials included: the memory census connects anew from it, in admin mode.
    private readonly RedisLocation _location;

    // The writes of adds, and the WAITs that follow them, go through a connection of their own when replicas are waited
    // for: WAIT blocks its connection (up to ReplicaWait), and covers only the writes sent on it before.
    private readonly ConnectionMultiplexer _writeConnection;
    private readonly IDatabase _writes;
    private readonly IDatabase _db;
    private readonly CandidateSettings _settings;
    private readonly DocumentAnalyzer _analyzer;
    private readonly Lock _allocation = new();
    private readonly int _waitForReplicas;
    private readonly ReplicaWaitCommand _waitCommand;
    private long _writer;
    private long _sequence;
    private long _roundTrips;
    private long _commands;
    private long _nextKey;
    private long _endKey;

    private RedisCandidateIndex(RedisLocation location, ConnectionMultiplexer connection, ConnectionMultiplexer writeConnection, IndexOptions options, KeyLayout layout, int waitForReplicas, ReplicaWaitCommand waitCommand)
    {
        _location = location;
        _waitForReplicas = waitForReplicas;
        _waitCommand = waitCommand;
        _connection = connection;
        _db = connection.GetDatabase();
        _writeConnection = writeConnection;
        _writes = writeConnection.GetDatabase();
        Options = options;
        _settings = options.CandidateSettings;
        _analyzer = new DocumentAnalyzer(options.Analysis);
        Layout = layout;
        Source = location.ToString();
    }

    /// <inheritdoc/>
    public IndexOptions Options { get; }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    /// <remarks>What <see cref="OpenAsync"/> replayed from the writers' logs (<see cref="RecoverAsync"/>); nothing for a
    /// created index.</remarks>
    public RecoveryReport Recovery { get; private set; } = new(0, 0, 0, []);

    /// <inheritdoc/>
    /// <remarks>Read from the meta hash's options when the index is opened (this build's when it creates one). Nothing on
    /// a server analyses the documents again: an index an older analysis made is made again by adding its documents to a
    /// new one.</remarks>
    public int AnalysisVersion { get; private set; } = DocumentAnalyzer.AnalysisVersion;

    /// <inheritdoc/>
    /// <remarks>Never: a compaction purges the postings of removed documents and analyses nothing.</remarks>
    public bool CompactionBringsThisAnalysis => false;

    /// <inheritdoc/>
    /// <remarks>Opened with <see cref="OpenAsync"/>'s <c>readOnly</c>: the open replays nothing, and every add, remove,
    /// compaction and recovery throws before it touches the server.</remarks>
    public bool IsReadOnly { get; private set; }

    /// <inheritdoc/>
    /// <remarks>Never: each count is a pipelined read from the cluster.</remarks>
    public bool CountsHoldersLocally => false;

    /// <inheritdoc/>
    /// <remarks>The server's live counter: a writer that dies between marking records live and counting them leaves it
    /// short by those documents.</remarks>
    public long Count => (long)_db.StringGet(Layout.Count);

    /// <summary>The key layout.</summary>
    internal KeyLayout Layout { get; }

    /// <summary>How long a batch waits for the replicas to confirm its log entry and its writes:
    /// <see cref="DefaultReplicaWait"/> unless set (a test shortens it to see a failed wait quickly; no longer, or the
    /// write connection's own timeout, <see cref="DefaultReplicaWait"/> + <see cref="WaitMargin"/>, ends it first).</summary>
    internal TimeSpan ReplicaWait { get; set; } = DefaultReplicaWait;

    /// <summary>How this index waits for replicas: chosen once, when it is opened (<see cref="DetectWaitCommandAsync"/>).</summary>
    internal ReplicaWaitCommand WaitCommand => _waitCommand;

    /// <summary>Round trips and commands sent so far by lookups, fetches, holder counts, <c>Contains</c>, adds and
    /// removes (not by opening, compaction or verification): a pipelined batch, or a single command, awaited before the
    /// next step is one round trip however many nodes it fans out to; its commands are counted one each. What the
    /// <c>redis-load</c> benchmark divides by the queries it ran.</summary>
    internal (long RoundTrips, long Commands) Traffic => (Interlocked.Read(ref _roundTrips), Interlocked.Read(ref _commands));

    /// <summary>The connection (for tests: slots, servers).</summary>
    internal IConnectionMultiplexer Connection => _connection;

    /// <summary>Creates an index in a namespace that holds none.</summary>
    /// <param name="location">Where.</param>
    /// <param name="options">The index options, stored in the meta hash.</param>
    /// <param name="plannedDocuments">Documents the index is planned to hold: sizes the posting hashes.</param>
    /// <param name="waitForReplicas">Replicas that must confirm each batch (<c>WAIT</c>): its log entry before it is
    /// applied, its writes before it is acknowledged, and here the new meta hash before this returns; 0 to wait for none
    /// (servers without <c>WAIT</c>, such as Garnet).</param>
    /// <returns>The open, empty index.</returns>
    /// <exception cref="IOException">The namespace already holds an index, or keys of one whose meta hash is gone, or the
    /// replicas did not confirm its meta hash in time, or every node that answered is a read-only replica, or the server
    /// is out of memory (the inner exception is the server's refusal).</exception>
    /// <exception cref="NearDupFormatException">A key of the namespace holds another type than an index keeps there
    /// (named; another program's).</exception>
    /// <exception cref="RedisConnectionException">No server could be reached.</exception>
    public static async Task<RedisCandidateIndex> CreateAsync(RedisLocation location, IndexOptions options, long plannedDocuments, int waitForReplicas)
    {
        KeyLayout layout = KeyLayout.Plan(location.Namespace, options.CandidateSettings, plannedDocuments);
        ConnectionMultiplexer connection = await ConnectAsync(location).ConfigureAwait(false);
        RedisCandidateIndex? index = null;
        try
        {
            await RefuseReplicaOnlyAsync(connection, location, "create an index").ConfigureAwait(false);
            index = await NewAsync(location, connection, options, layout, waitForReplicas).ConfigureAwait(false);

            // An index whose meta hash was deleted leaves its counters behind (every add takes keys from the allocator and
            // raises the live counter): a new index there would adopt the old one's documents under other options.
            // (Where the meta hash is there, the create script below refuses the namespace as an index's.)
            IDatabase db = connection.GetDatabase();
            Task<bool>[] leftovers = [db.KeyExistsAsync(layout.Allocator), db.KeyExistsAsync(layout.Count), db.KeyExistsAsync(layout.Writers)];
            bool[] found = await Task.WhenAll(leftovers).ConfigureAwait(false);
            if (Array.IndexOf(found, true) >= 0 && !await db.KeyExistsAsync(layout.Meta).ConfigureAwait(false))
            {
                throw new IOException($"{location}: the namespace holds keys of an index whose meta hash is gone (its key allocator, live counter or writers); delete the namespace's keys ({{}}{location.Namespace}:*) or choose another namespace.");
            }

            RedisResult created;
            try
            {
                created = await index._writes.ScriptEvaluateAsync(
                    CreateScript, [layout.Meta], [FormatName, IndexOptionsCodec.Write(options), layout.Write()]).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
            {
                throw await index.RefusedAsync(e, "the new index's meta hash", "Nothing of the index was written: create it again once there is room.", []).ConfigureAwait(false);
            }

            if ((int)created == 0)
            {
                throw new IOException($"{location}: the namespace already holds an index; open it, or choose another namespace.");
            }

            if (waitForReplicas > 0)
            {
                await index.WaitForReplicasAsync(index._writeConnection.GetServer(layout.Meta), "the new index's meta hash", "the index is created, but not known to be on the replicas").ConfigureAwait(false);
            }

            return index;
        }
        catch
        {
            if (index is null)
            {
                connection.Dispose();
            }
            else
            {
                index.Dispose(); // both connections
            }

            throw;
        }
    }

    /// <summary>Opens the index in a namespace, checking its stored options against the requested ones.</summary>
    /// <param name="location">Where.</param>
    /// <param name="requested">Options the caller expects, or null to take the stored ones; analysis parameters must
    /// match the stored ones, thresholds are taken from the request.</param>
    /// <param name="waitForReplicas">Replicas that must confirm each batch (its log entry before it is applied, its writes before it is acknowledged); 0 for none.</param>
    /// <param name="readOnly">Open to query only: nothing is replayed at the open, and every write throws (see <see cref="IsReadOnly"/>).</param>
    /// <returns>The open index.</returns>
    /// <exception cref="IOException">The namespace holds no index; or, to write (<paramref name="readOnly"/> false): every
    /// node that answered is a read-only replica, or the server is out of memory and refused the replay of a batch a
    /// writer left in its log (the inner exception is the server's refusal).</exception>
    /// <exception cref="NearDupFormatException">The meta hash is damaged, of another format, or the requested options do
    /// not match the stored ones (the message names both values), or a key of the namespace holds another type than the
    /// index keeps there (named; another program's).</exception>
    /// <exception cref="RedisConnectionException">No server could be reached.</exception>
    public static async Task<RedisCandidateIndex> OpenAsync(RedisLocation location, IndexOptions? requested, int waitForReplicas, bool readOnly = false)
    {
        string source = location.ToString();
        ConnectionMultiplexer connection = await ConnectAsync(location).ConfigureAwait(false);
        RedisCandidateIndex? index = null;
        try
        {
            if (!readOnly)
            {
                await RefuseReplicaOnlyAsync(connection, location, "open the index").ConfigureAwait(false);
            }

            KeyLayout probe = KeyLayout.Plan(location.Namespace, IndexOptions.Default.CandidateSettings, 1);
            HashEntry[] meta;
            try
            {
                meta = await connection.GetDatabase().HashGetAllAsync(probe.Meta).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (ServerRefusal.IsWrongType(e))
            {
                throw await RefusedAsync(source, connection.GetDatabase(), probe, e, "the read of the index's meta hash", "", []).ConfigureAwait(false);
            }

            var fields = new Dictionary<string, RedisValue>(StringComparer.Ordinal);
            foreach (HashEntry e in meta)
            {
                fields[(string)e.Name!] = e.Value;
            }

            if (!fields.TryGetValue("options", out RedisValue blob))
            {
                throw new IOException($"{source}: no index in this namespace (no meta hash); create one first.");
            }

            if (!fields.TryGetValue("format", out RedisValue format) || (string?)format != FormatName || !fields.TryGetValue("layout", out RedisValue layoutBytes))
            {
                throw new NearDupFormatException($"{source}: the meta hash is of format '{(string?)format}', this build reads '{FormatName}' only (formats are not converted: create the index again and add its documents).");
            }

            IndexOptions stored = IndexOptionsCodec.Read((byte[])blob!, source, out int analysisVersion);
            if (requested is not null && stored.Analysis.Difference(requested.Analysis, "requested") is { } difference)
            {
                throw new NearDupFormatException($"{source}: options do not match the index: {difference}.");
            }

            if (requested is not null && StructureDifference(stored.CandidateSettings, requested.CandidateSettings) is { } laidOut)
            {
                throw new NearDupFormatException($"{source}: options do not match the index: {laidOut}. The server keeps the postings these options laid out, so they cannot change on open (a directory index rebuilds its structures; here, open with the stored options, or create another index and add the documents again).");
            }

            IndexOptions options = requested ?? stored;
            KeyLayout layout = KeyLayout.Read(location.Namespace, options.CandidateSettings, (byte[])layoutBytes!, source);
            index = await NewAsync(location, connection, options, layout, waitForReplicas).ConfigureAwait(false);
            index.AnalysisVersion = analysisVersion;
            if (readOnly)
            {
                index.IsReadOnly = true;
            }
            else
            {
                index.Recovery = await index.RecoverAsync().ConfigureAwait(false);
            }

            return index;
        }
        catch
        {
            if (index is null)
            {
                connection.Dispose();
            }
            else
            {
                index.Dispose(); // both connections
            }

            throw;
        }
    }

    /// <summary>The index over an open connection, with a write connection of its own when replicas are waited for.</summary>
    private static async Task<RedisCandidateIndex> NewAsync(RedisLocation location, ConnectionMultiplexer connection, IndexOptions options, KeyLayout layout, int waitForReplicas)
    {
        ConnectionMultiplexer writes = connection;
        if (waitForReplicas > 0)
        {
            // A WAIT may take its whole timeout: the client must not give up on it first (by default it waits 5 s).
            ConfigurationOptions configuration = location.ToConfiguration();
            TimeSpan timeout = DefaultReplicaWait + WaitMargin > location.Timeout ? DefaultReplicaWait + WaitMargin : location.Timeout;
            configuration.AsyncTimeout = configuration.SyncTimeout = (int)timeout.TotalMilliseconds;
            configuration.ClientName = "neardup-writer";

            // DetectWaitCommandAsync reads INFO persistence on this connection where a server has WAITAOF, and
            // StackExchange.Redis refuses to send INFO outside admin mode (RedisCommandException, found by the
            // memory census): without it, opening with replicas to wait for failed on every Redis >= 7.2.
            configuration.AllowAdmin = true;
            writes = await ConnectAsync(location, configuration).ConfigureAwait(false);
        }

        try
        {
            ReplicaWaitCommand command = waitForReplicas > 0 ? await DetectWaitCommandAsync(writes).ConfigureAwait(false) : ReplicaWaitCommand.None;
            return new RedisCandidateIndex(location, connection, writes, options, layout, waitForReplicas, command);
        }
        catch
        {
            if (writes != connection)
            {
                writes.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// <c>WAITAOF</c> when every primary the connection knows has it (Redis ≥ 7.2: <c>COMMAND INFO WAITAOF</c> describes
    /// it) and has its append-only file on (<c>aof_enabled:1</c>; <c>WAITAOF 1 …</c> is an error without one); otherwise
    /// <c>WAIT</c>. Asked once per index opened: a server upgraded or reconfigured meanwhile is seen by the next open.
    /// </summary>
    /// <param name="connection">The write connection.</param>
    /// <returns>The command the index waits with.</returns>
    internal static async Task<ReplicaWaitCommand> DetectWaitCommandAsync(IConnectionMultiplexer connection)
    {
        bool any = false;
        foreach (IServer server in connection.GetServers())
        {
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            any = true;
            RedisResult described;
            try
            {
                described = await server.ExecuteAsync("COMMAND", "INFO", "WAITAOF").ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisServerException or RedisConnectionException or RedisTimeoutException)
            {
                // No COMMAND INFO (an older or partial server), or a node that cannot answer now: WAIT, which every
                // Redis has, is the safe choice.
                return ReplicaWaitCommand.Wait;
            }

            // A server without the command answers an array holding one nil.
            if (described.IsNull || described.Length == 0 || described[0].IsNull)
            {
                return ReplicaWaitCommand.Wait;
            }

            string persistence = await server.InfoRawAsync("persistence").ConfigureAwait(false) ?? "";
            if (!persistence.Contains("aof_enabled:1", StringComparison.Ordinal))
            {
                return ReplicaWaitCommand.Wait;
            }
        }

        return any ? ReplicaWaitCommand.WaitAof : ReplicaWaitCommand.Wait;
    }

    /// <summary>Replays every batch left in a writer's log: those of writers that died between logging a batch and
    /// finishing it (and, harmlessly, any a live writer is applying right now: every step is idempotent).</summary>
    /// <param name="cancellationToken">Cancels the replay between two batches (those replayed stay replayed).</param>
    /// <returns>What was replayed: <see cref="RecoveryReport.ReplayedBatches"/>, and a message when there were any.</returns>
    /// <remarks>What every open does, and what a worker can call at any time without reopening. Each logged record is
    /// analysed again from its text to find its postings, then written pending if its key was never written; each
    /// record then pending has its id claimed, its postings fanned out and is marked live, and the batch leaves the log.
    /// Records already live, removed or purged are left alone. A batch whose id another writer claimed meanwhile is
    /// undone (tombstones) and dropped, as its add failed. Then the add-unless-copy turns not written for
    /// <see cref="Turns.Lease"/> by the server's clock are deleted (see <see cref="Turns"/> for why that is safe even
    /// for a live worker's turn), and the report's messages say how many.</remarks>
    /// <exception cref="IOException">The server is out of memory, or the node a read-only replica, and refused the
    /// replay (the inner exception is its refusal); the batches not replayed stay in the log.</exception>
    /// <exception cref="NearDupFormatException">A key of the namespace holds another type than the index keeps there
    /// (named; another program's).</exception>
    public async ValueTask<RecoveryReport> RecoverAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReadOnly();
        try
        {
            return await RecoverCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            var logs = new List<RedisKey>();
            try
            {
                long writers = (long)await _db.StringGetAsync(Layout.Writers).ConfigureAwait(false);
                for (long w = 1; w <= Math.Min(writers, LogsPerRead); w++)
                {
                    logs.Add(Layout.Log(w));
                }
            }
            catch (Exception counter) when (counter is RedisException or TimeoutException or InvalidCastException)
            {
                // The writer counter is itself the key of another type (the fixed keys name it), holds no number, or is
                // not answered: the refusal is reported without the logs' keys, never replaced by this.
            }

            throw await RefusedAsync(e, "the replay of the batches writers left in their logs", "The batches not replayed stay in the writers' logs, their documents out of queries, until an open or Recover() replays them once there is room; to query meanwhile, open the index read-only (RedisNearDupIndex.OpenReadOnly).", logs).ConfigureAwait(false);
        }
    }

    /// <summary>The work of <see cref="RecoverAsync"/>.</summary>
    private async Task<RecoveryReport> RecoverCoreAsync(CancellationToken cancellationToken)
    {
        long writers = (long)await _db.StringGetAsync(Layout.Writers).ConfigureAwait(false);
        int replayed = 0;

        // Every writer number ever handed out has a log, nearly all of them empty: read LogsPerRead at a time, in one
        // pipelined batch, and replay what they hold in writer order.
        var logs = new List<(RedisKey Log, Task<HashEntry[]> Entries)>(LogsPerRead);
        for (long first = 1; first <= writers; first += LogsPerRead)
        {
            logs.Clear();
            IBatch read = _db.CreateBatch();
            for (long writer = first; writer <= Math.Min(writers, first + LogsPerRead - 1); writer++)
            {
                RedisKey key = Layout.Log(writer);
                logs.Add((key, read.HashGetAllAsync(key)));
            }

            Execute(read, logs.Count);
            await Task.WhenAll(logs.ConvertAll(l => (Task)l.Entries)).ConfigureAwait(false);
            foreach (var (log, entries) in logs)
            {
                replayed += await ReplayLogAsync(log, entries.Result, cancellationToken).ConfigureAwait(false);
            }
        }

        long swept = (long)await _db.ScriptEvaluateAsync(Turns.SweepScript, [Layout.Turns], [(long)Turns.Lease.TotalSeconds]).ConfigureAwait(false);
        var messages = new List<string>();
        if (replayed > 0)
        {
            messages.Add($"{Source}: replayed {replayed} batches a writer had logged but not finished applying");
        }

        if (swept > 0)
        {
            messages.Add($"{Source}: deleted {swept} add-unless-copy turns not written for {Turns.Lease.TotalMinutes:0} minutes (of workers that died deciding; their documents stay kept)");
        }

        return new RecoveryReport(0, replayed, 0, messages);
    }

    /// <summary>How the options that lay out the stored postings (the word and spin LSH bandings, from their thresholds,
    /// and the boilerplate cap on a posting list) differ, naming both values, or null when they agree. The gate's
    /// counts and the verification thresholds are read at query time and may differ.</summary>
    /// <param name="stored">The index's settings.</param>
    /// <param name="requested">The settings asked for.</param>
    /// <returns>The differences joined by "; ", or null.</returns>
    internal static string? StructureDifference(CandidateSettings stored, CandidateSettings requested)
    {
        var problems = new List<string>();
        if (!stored.WordBanding.Equals(requested.WordBanding))
        {
            problems.Add($"index has word LSH banding {stored.WordBanding}, requested {requested.WordBanding} (from another LSH threshold)");
        }

        if (!stored.SpinBanding.Equals(requested.SpinBanding))
        {
            problems.Add($"index has spin LSH banding {stored.SpinBanding}, requested {requested.SpinBanding} (from another spin LSH threshold)");
        }

        if (stored.MaxPostings != requested.MaxPostings)
        {
            problems.Add($"index keeps posting lists of up to {stored.MaxPostings} documents, requested {requested.MaxPostings}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>How many writers' logs <see cref="RecoverAsync"/> reads in one pipelined batch.</summary>
    private const int LogsPerRead = 1024;

    /// <summary>Replays the batches one writer's log holds (see <see cref="RecoverAsync"/>), each taken out of the log
    /// once applied or undone.</summary>
    /// <returns>How many it replayed.</returns>
    private async Task<int> ReplayLogAsync(RedisKey log, HashEntry[] entries, CancellationToken cancellationToken)
    {
        foreach (HashEntry entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PreparedDocument[] batch = ReadLogged((byte[])entry.Value!);
            try
            {
                await ApplyAsync(batch).ConfigureAwait(false);
            }
            catch (ArgumentException)
            {
                // Lost a claimed id to another writer: the batch was undone, as its add failed.
            }

            await _db.HashDeleteAsync(log, entry.Name).ConfigureAwait(false);
        }

        return entries.Length;
    }

    /// <summary>Refuses a write to an index opened to query only (<see cref="NearDupIndex"/> refuses first; this
    /// guards the backend's own callers).</summary>
    /// <exception cref="InvalidOperationException">The index is read-only.</exception>
    private void ThrowIfReadOnly()
    {
        if (IsReadOnly)
        {
            throw ReadOnlyIndex.Error(Source);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> ContainsAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ContainsCoreAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "the look-up of an id", "", [Layout.Id(id).Key]).ConfigureAwait(false);
        }
    }

    /// <summary>The work of <see cref="ContainsAsync"/>.</summary>
    private async Task<bool> ContainsCoreAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (key, field) = Layout.Id(id);
        Counted(1);
        RedisValue held = await _db.HashGetAsync(key, field).ConfigureAwait(false);
        if (held.IsNull)
        {
            return false;
        }

        Counted(1);
        RedisValue state = await _db.StringGetRangeAsync(Layout.Record(DocumentKeys.Read((byte[])held!)), 0, 0).ConfigureAwait(false);
        return ((byte[]?)state) is [DocumentRecord.Live];
    }

    /// <inheritdoc/>
    /// <remarks>Writes the records pending and claims their ids (an id another writer claimed meanwhile undoes this
    /// batch's claims and records and fails it), fans the postings out, then marks the records live. A failure after the
    /// claims leaves pending records and postings that no lookup shows, and the ids claimed, until the batch, still in
    /// the writer's log, is replayed by the next open (<see cref="RecoverAsync"/>), which finishes it.</remarks>
    /// <exception cref="ArgumentException">An id is already held; nothing is written.</exception>
    /// <exception cref="IOException">Fewer replicas than asked confirmed the batch's log entry (see <see cref="LogAsync"/>),
    /// or its writes on a primary after they were applied (see <see cref="ConfirmAppliedAsync"/>): the batch is not
    /// acknowledged, stays in the log, and may still become visible (the next open replays it). Or the server refused a
    /// write (the inner exception is its refusal): it is out of memory (the message says whether the batch was logged:
    /// if not, nothing of it was written; if so, it is in doubt until a replay once there is room), or the node is a
    /// read-only replica.</exception>
    /// <exception cref="NearDupFormatException">A key of the namespace holds another type than the index keeps there
    /// (named; another program's).</exception>
    public async ValueTask AddAsync(IReadOnlyList<AnalyzedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ThrowIfReadOnly();
        cancellationToken.ThrowIfCancellationRequested();
        if (documents.Count == 0)
        {
            return;
        }

        PreparedDocument[]? batch = null;
        try
        {
            await CheckIdsFreeAsync(documents).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            batch = Prepare(documents);
            await AddPreparedAsync(batch).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            // Before its log entry is written (AddPreparedAsync words what follows it).
            throw await RefusedAsync(e, $"the writes of a batch of {Documents(documents.Count)}", "Nothing of this batch was written (the batches acknowledged before it are intact): add it again once there is room.", KeysOf(documents, batch is null ? null : Array.ConvertAll(batch, b => b.Key))).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The rule. The document is queried first: a copy found, nothing is written. Otherwise (1) its turn is opened in
    /// the turns hash (<see cref="KeyLayout.Turns"/>: its key, valued 0), (2) it is added as any batch is and so becomes
    /// visible, (3) it takes a number from the counter in the same hash, by one script that raises the counter and
    /// writes the number under its key, (4) it is queried again, and (5) for each copy found (itself passed over) the
    /// turns hash is read, then, for a copy without a turn, its record's state. A copy whose number is lower (the lower
    /// key on a tie), or that has no turn and is still live (kept earlier by this rule, or added by a plain add), came
    /// first: the document is removed and those copies reported. A copy whose turn is still 0, or whose number is
    /// higher, came after, and will yield to this document. The turn is deleted last: after the remove when the
    /// document yields, at once when it is kept.
    /// </para>
    /// <para>
    /// Why at most one of two mutual copies a and b is kept when both adds and both second queries succeed. Say a took
    /// the lower number. a was visible before it took its number (step 2 before 3), a's number was taken before b's (the
    /// counter orders them), and b's second query followed b's number: so that query sees a, unless a was removed, which
    /// a does only when yielding to a third copy. b then reads a's turn: the number (lower than b's: b yields), or
    /// nothing, because a was decided meanwhile — kept (b yields, as a still live says) or yielded and removed (b reads a's
    /// state after its turn, and a removes itself before deleting its turn, so b sees it removed and passes it over). A
    /// turn at 0 means a number not taken yet, so one higher than b's: the number and its write are one script, so no
    /// number exists that the hash does not show. Had the number been taken before the document was visible, b could take
    /// a higher number, query before a is visible, find nothing and keep b while a, numbered lower, keeps a too.
    /// Liveness: the lower-numbered of the two never yields to the other, so one of them is kept, unless it yields to a
    /// third copy that is kept.
    /// </para>
    /// <para>
    /// Not covered: a worker that dies (or whose add fails) between its add and its decision leaves its document kept,
    /// and its turn in the hash (at 0: later copies treat it as after them and keep theirs; only copies added in that
    /// window, since a later one's first query finds the document and writes nothing). Copies are what each side's query
    /// verifies, under the collection's weights at that moment: a pair whose verdict differs with the side queried, or
    /// with what else is held, is not a pair of mutual copies; nor is a chain (a copies b, b copies c, but not a c), of
    /// which both ends may be kept. A failover of the turns hash's primary that loses its latest writes can hand a
    /// number out twice (the key breaks the tie) or lose a turn. The turns hash is one key on one primary: three or
    /// four commands per document that passes its first query.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The id is already held; nothing is written.</exception>
    /// <exception cref="IOException">With replicas to wait for: the add was not acknowledged (see <see cref="AddAsync"/>);
    /// its turn is deleted, so if the add becomes visible later, it counts as kept. Or the server refused a write, out of
    /// memory or as a read-only replica (the inner exception is its refusal; the message says what is left).</exception>
    /// <exception cref="NearDupFormatException">A key of the namespace holds another type than the index keeps there
    /// (named; another program's).</exception>
    public async ValueTask<IReadOnlyList<PairVerdict>> AddUnlessCopyAsync(AnalyzedDocument document, Func<AnalyzedDocument, IReadOnlyList<KeyedVerdict>> findCopies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(findCopies);
        ThrowIfReadOnly();
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<KeyedVerdict> before = findCopies(document);
        if (before.Count > 0)
        {
            return KeyedVerdict.Verdicts(before);
        }

        PreparedDocument[] batch;
        RedisValue turn;
        try
        {
            await CheckIdsFreeAsync([document]).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            batch = Prepare([document]);
            turn = DocumentKey(batch[0].Key);
            Counted(1);
            await _writes.ScriptEvaluateAsync(Turns.OpenScript, [Layout.Turns], [turn]).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "the writes of a document added unless a copy", "Nothing of the document was written: add it again once there is room.", KeysOf([document])).ConfigureAwait(false);
        }

        long key = batch[0].Key;
        try
        {
            await AddPreparedAsync(batch).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Counted(1);
            await _writes.HashDeleteAsync(Layout.Turns, turn).ConfigureAwait(false); // HDEL: allowed out of memory
            if (e is RedisServerException refused && ServerRefusal.IsRecognised(refused))
            {
                // Refused before the log entry (AddPreparedAsync words what follows it).
                throw await RefusedAsync(refused, "the writes of a document added unless a copy", "Nothing of the document was written: add it again once there is room.", KeysOf([document], [key])).ConfigureAwait(false);
            }

            throw;
        }

        // From here on the document is visible: the decision is carried through whatever the token says.
        long number;
        try
        {
            Counted(1);
            number = (long)await _writes.ScriptEvaluateAsync(Turns.TakeNumberScript, [Layout.Turns], [turn]).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "the number of a document added unless a copy", "The document was added and is kept, undecided against copies added at the same moment (its turn is left at 0 until a recovery sweeps it).", KeysOf([document], [key])).ConfigureAwait(false);
        }

        var after = new List<KeyedVerdict>();
        foreach (KeyedVerdict v in findCopies(document))
        {
            if (v.Key != key)
            {
                after.Add(v);
            }
        }

        List<KeyedVerdict> earlier = await EarlierAsync(after, number, key).ConfigureAwait(false);
        if (earlier.Count > 0)
        {
            await RemoveAsync([document.Id], CancellationToken.None).ConfigureAwait(false);
        }

        Counted(1);
        await _writes.HashDeleteAsync(Layout.Turns, turn).ConfigureAwait(false);
        return KeyedVerdict.Verdicts(earlier);
    }

    /// <summary>The copies of a document numbered <paramref name="number"/> (key <paramref name="key"/>) that came before
    /// it: numbered lower (the lower key on a tie), or without a turn and still live. The turns are read first, the
    /// states after them: a copy that yields removes itself before deleting its turn, so one read without a turn and
    /// live after that was kept.</summary>
    private async Task<List<KeyedVerdict>> EarlierAsync(List<KeyedVerdict> copies, long number, long key)
    {
        var earlier = new List<KeyedVerdict>();
        if (copies.Count == 0)
        {
            return earlier;
        }

        IBatch read = _db.CreateBatch();
        var turns = copies.ConvertAll(c => read.HashGetAsync(Layout.Turns, DocumentKey(c.Key)));
        Execute(read, turns.Count);
        await Task.WhenAll(turns).ConfigureAwait(false);
        var came = new bool[copies.Count];
        var unnumbered = new List<int>();
        for (int i = 0; i < copies.Count; i++)
        {
            RedisValue turn = turns[i].Result;
            if (turn.IsNull)
            {
                unnumbered.Add(i);
            }
            else if (Turns.Number(turn) is > 0 and long theirs && (theirs < number || (theirs == number && copies[i].Key < key)))
            {
                came[i] = true;
            }
        }

        IBatch states = _db.CreateBatch();
        var state = unnumbered.ConvertAll(i => states.StringGetRangeAsync(Layout.Record(copies[i].Key), 0, 0));
        Execute(states, state.Count);
        await Task.WhenAll(state).ConfigureAwait(false);
        for (int u = 0; u < unnumbered.Count; u++)
        {
            came[unnumbered[u]] = ((byte[]?)state[u].Result) is [DocumentRecord.Live];
        }

        for (int i = 0; i < copies.Count; i++)
        {
            if (came[i])
            {
                earlier.Add(copies[i]);
            }
        }

        return earlier;
    }

    /// <summary>Throws unless every id of <paramref name="documents"/> is free (one pipelined batch of <c>HGET</c>s; the
    /// claims of the write steps settle a race).</summary>
    /// <exception cref="ArgumentException">An id is already held.</exception>
    private async Task CheckIdsFreeAsync(IReadOnlyList<AnalyzedDocument> documents)
    {
        IBatch check = _db.CreateBatch();
        var held = new Task<RedisValue>[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            var (key, field) = Layout.Id(documents[i].Id);
            held[i] = check.HashGetAsync(key, field);
        }

        Execute(check, documents.Count);
        await Task.WhenAll(held).ConfigureAwait(false);
        for (int i = 0; i < documents.Count; i++)
        {
            if (!held[i].Result.IsNull)
            {
                throw new ArgumentException($"document id '{documents[i].Id}' is already indexed; remove it first to replace it.", nameof(documents));
            }
        }
    }

    /// <summary>Logs a prepared batch, applies it, waits for the replicas when asked to, and takes it out of the log.</summary>
    /// <exception cref="ArgumentException">Another writer claimed one of the ids meanwhile; the batch was undone.</exception>
    /// <exception cref="IOException">The replicas did not confirm in time (see <see cref="AddAsync"/>).</exception>
    private async Task AddPreparedAsync(PreparedDocument[] batch)
    {
        (RedisKey log, RedisValue sequence) = await LogAsync(batch).ConfigureAwait(false);
        try
        {
            await ApplyAsync(batch).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            Counted(1);
            await _writes.HashDeleteAsync(log, sequence).ConfigureAwait(false); // undone: nothing to replay
            throw;
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            // The entry stays in the log: the replay (an open or Recover) finishes the batch once the server takes
            // writes again. Undoing it here would need writes too, which the server refuses.
            throw await RefusedAsync(e, $"the writes of a logged batch of {Documents(batch.Length)}", LoggedBatchLeft, KeysOf(Array.ConvertAll(batch, b => b.Document), Array.ConvertAll(batch, b => b.Key))).ConfigureAwait(false);
        }

        if (_waitForReplicas > 0)
        {
            await ConfirmAppliedAsync(batch).ConfigureAwait(false);
        }

        Counted(1);
        await _writes.HashDeleteAsync(log, sequence).ConfigureAwait(false);
    }

    /// <summary>Logs a batch in this writer's log (one hash per writer, so one slot): what <see cref="RecoverAsync"/>
    /// replays if the writer dies before the batch is applied. Takes a writer number on the first call.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The log and the batch's field in it.</returns>
    /// <remarks>With replicas to wait for, sends <c>WAIT</c> to the log's node after the entry, on the index's write
    /// connection: only this index's other writes to that node wait behind it (up to <see cref="ReplicaWait"/>), not its
    /// lookups and fetches. <c>WAITAOF</c> (Redis ≥ 7.2) is not sent yet.</remarks>
    /// <exception cref="IOException">Fewer replicas than asked confirmed the entry in time: the batch is not applied and
    /// its add fails, but its entry stays in the log, so the next open replays it (an add that failed this way may
    /// still become visible; one that succeeded is on the replicas).</exception>
    internal async Task<(RedisKey Log, RedisValue Sequence)> LogAsync(PreparedDocument[] batch)
    {
        long writer = Interlocked.Read(ref _writer);
        if (writer == 0)
        {
            Counted(1);
            long taken = await _db.StringIncrementAsync(Layout.Writers).ConfigureAwait(false);
            writer = Interlocked.CompareExchange(ref _writer, taken, 0) is 0 ? taken : Interlocked.Read(ref _writer);
        }

        RedisKey log = Layout.Log(writer);
        RedisValue sequence = Interlocked.Increment(ref _sequence);
        Counted(1);
        await _writes.HashSetAsync(log, sequence, WriteLogged(batch)).ConfigureAwait(false);
        if (_waitForReplicas > 0)
        {
            Counted(1);
            await WaitForReplicasAsync(_writeConnection.GetServer(log), "the batch's log entry").ConfigureAwait(false);
        }

        return (log, sequence);
    }

    /// <summary>After a batch is applied, with replicas to wait for: <c>WAIT</c> on every primary the batch wrote to
    /// (records, ids, postings), at once, so that an acknowledged batch's writes outlive the failover of any of them.</summary>
    /// <param name="batch">The applied batch.</param>
    /// <returns>A task that completes when every one confirmed.</returns>
    /// <exception cref="IOException">A primary's replicas did not confirm in time: the batch is applied but not
    /// acknowledged, and stays in the log, so the next open applies it again (on the promoted replica, if that is
    /// what lost it).</exception>
    internal Task ConfirmAppliedAsync(PreparedDocument[] batch)
    {
        var keys = new List<RedisKey> { Layout.Count };
        foreach (PreparedDocument d in batch)
        {
            keys.Add(Layout.Record(d.Key));
            keys.Add(Layout.Id(d.Document.Id).Key);
            foreach (var (table, fingerprint, _) in Entries(d.Document))
            {
                keys.Add(Layout.Posting(table, fingerprint).Key);
            }
        }

        return WaitOnNodesOfAsync(keys, "the batch's writes", BatchNotAcknowledged);
    }

    /// <summary>Waits for the replicas (<see cref="WaitForReplicasAsync"/>) on every primary that owns one of
    /// <paramref name="keys"/>, at once: one round trip.</summary>
    /// <exception cref="IOException">A primary's replicas did not confirm in time.</exception>
    private async Task WaitOnNodesOfAsync(IEnumerable<RedisKey> keys, string what, string otherwise)
    {
        var servers = new Dictionary<System.Net.EndPoint, IServer>();
        foreach (RedisKey key in keys)
        {
            IServer server = _writeConnection.GetServer(key);
            servers.TryAdd(server.EndPoint, server);
        }

        var waits = new List<Task>(servers.Count);
        Counted(servers.Count); // sent at once: one round trip
        foreach (IServer server in servers.Values)
        {
            waits.Add(WaitForReplicasAsync(server, what, otherwise));
        }

        await Task.WhenAll(waits).ConfigureAwait(false);
    }

    /// <summary><c>WAIT</c> on one node: its replicas must confirm every write this process sent it before.</summary>
    /// <param name="server">The node.</param>
    /// <param name="what">What is waited for, for the message.</param>
    /// <param name="otherwise">What a failed wait leaves, for the message.</param>
    /// <exception cref="IOException">Fewer than asked confirmed within <see cref="ReplicaWait"/>.</exception>
    private async Task WaitForReplicasAsync(IServer server, string what, string otherwise = BatchNotAcknowledged)
    {
        long milliseconds = (long)ReplicaWait.TotalMilliseconds;
        if (_waitCommand == ReplicaWaitCommand.WaitAof)
        {
            // The reply is [primaries, replicas] that fsynced every earlier write of this connection to their AOF.
            RedisResult acknowledged = await server.ExecuteAsync("WAITAOF", 1, _waitForReplicas, milliseconds).ConfigureAwait(false);
            long local = acknowledged.Length == 2 ? (long)acknowledged[0] : 0;
            long replicas = acknowledged.Length == 2 ? (long)acknowledged[1] : 0;
            if (local < 1 || replicas < _waitForReplicas)
            {
                throw new IOException($"{Source}: {replicas} of the {_waitForReplicas} replicas asked for{(local < 1 ? ", and not the primary itself," : "")} confirmed {what} in their append-only files (WAITAOF) on {server.EndPoint} within {ReplicaWait.TotalSeconds:0.#} s; {otherwise}.");
            }

            return;
        }

        RedisResult confirmed = await server.ExecuteAsync("WAIT", _waitForReplicas, milliseconds).ConfigureAwait(false);
        if ((long)confirmed < _waitForReplicas)
        {
            throw new IOException($"{Source}: {(long)confirmed} of the {_waitForReplicas} replicas asked for confirmed {what} on {server.EndPoint} within {ReplicaWait.TotalSeconds:0.#} s; {otherwise}.");
        }
    }

    /// <summary>The three write steps of a batch, in order (each idempotent).</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>A task that completes when the batch is live.</returns>
    /// <exception cref="ArgumentException">Another writer holds one of the ids; the batch was undone.</exception>
    internal async Task ApplyAsync(PreparedDocument[] batch)
    {
        PreparedDocument[] pending = await WritePendingAsync(batch).ConfigureAwait(false);
        await FanOutAsync(pending).ConfigureAwait(false);
        await MarkLiveAsync(pending).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Marks each live record removed (the commit point), then, in one batch, drops its id if it still names the
    /// record, queues its key for the purge of its postings (<see cref="CompactAsync"/>) and lowers the live counter;
    /// until the purge lookups skip the record by its state. A remove that stopped after its marks (a client killed, a
    /// connection lost) left the ids held: removing them again drops them and queues the keys, so that the ids can be
    /// added again (they are not counted in the number returned, and the counter is left as it is, which
    /// <see cref="VerifyAsync"/> reports when the stopped remove did not lower it). With replicas to wait for, the marks
    /// and the rest go through the write connection and the remove returns only once the replicas of every primary it
    /// wrote to confirmed them, as an add's writes.</remarks>
    /// <exception cref="IOException">With replicas to wait for: a primary's replicas did not confirm the remove in time.
    /// It is done on the primaries (a failover before the replicas have it may undo it; removing again is harmless).</exception>
    public async ValueTask<int> RemoveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RemoveCoreAsync(ids, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "the writes of a remove", "The documents already marked removed stay out of queries; once there is room, remove the same ids again: that finishes it (drops their ids and queues their purge).", [.. ids.Select(id => Layout.Id(id).Key), Layout.Removed]).ConfigureAwait(false);
        }
    }

    /// <summary>The work of <see cref="RemoveAsync"/>.</summary>
    private async Task<int> RemoveCoreAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ThrowIfReadOnly();
        cancellationToken.ThrowIfCancellationRequested();
        var distinct = new List<string>(new HashSet<string>(ids, StringComparer.Ordinal));
        IBatch find = _db.CreateBatch();
        var held = new Task<RedisValue>[distinct.Count];
        for (int i = 0; i < distinct.Count; i++)
        {
            var (key, field) = Layout.Id(distinct[i]);
            held[i] = find.HashGetAsync(key, field);
        }

        Execute(find, distinct.Count);
        await Task.WhenAll(held).ConfigureAwait(false);
        // The writes go where an add's go: a WAIT covers only what its own connection sent before it.
        IBatch mark = _writes.CreateBatch();
        var moved = new List<(int Index, long Key, Task<RedisResult> Moved)>();
        for (int i = 0; i < distinct.Count; i++)
        {
            if (!held[i].Result.IsNull)
            {
                long key = DocumentKeys.Read((byte[])held[i].Result!);
                moved.Add((i, key, mark.ScriptEvaluateAsync(Postings.TransitionScript, [Layout.Record(key)], [LiveByte, RemovedByte])));
            }
        }

        Execute(mark, moved.Count);
        await Task.WhenAll(moved.ConvertAll(m => (Task)m.Moved)).ConfigureAwait(false);

        // The ids of the records marked now are dropped, their keys queued and the counter lowered, in one batch. A record
        // an earlier remove marked and did not finish (its id still names it) has its id dropped and its key queued too,
        // so that the id can be added again; the counter is not lowered for it, as whether the earlier remove lowered it
        // is not known here (verify reports a counter that is off).
        IBatch forget = _writes.CreateBatch();
        var writes = new List<Task>();
        var touched = new List<RedisKey> { Layout.Removed, Layout.Count };
        int removed = 0, finished = 0;
        foreach (var (index, key, result) in moved)
        {
            int state = (int)result.Result;
            if (state is 1 or 2)
            {
                removed += state == 1 ? 1 : 0;
                finished += state == 2 ? 1 : 0;
                var (idKey, field) = Layout.Id(distinct[index]);
                writes.Add(forget.ScriptEvaluateAsync(Postings.ForgetIdScript, [idKey], [field, DocumentKey(key)]));
                writes.Add(forget.SetAddAsync(Layout.Removed, DocumentKey(key)));
                touched.Add(idKey);
                touched.Add(Layout.Record(key));
            }
        }

        if (removed > 0)
        {
            writes.Add(forget.StringDecrementAsync(Layout.Count, removed));
        }

        Execute(forget, writes.Count);
        await Task.WhenAll(writes).ConfigureAwait(false);
        if (removed + finished > 0 && _waitForReplicas > 0)
        {
            await WaitOnNodesOfAsync(touched, "the remove", "the documents are removed on the primaries, but a failover before the replicas have it may undo that; remove them again to be sure").ConfigureAwait(false);
        }

        return removed;
    }

    /// <inheritdoc/>
    public async ValueTask<int> LookupAsync(AnalyzedDocument query, CopyKinds kinds, List<long> keys, bool nearDuplicatePassages = false, CancellationToken cancellationToken = default)
    {
        try
        {
            return await LookupCoreAsync(query, kinds, keys, nearDuplicatePassages, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "a lookup", "", [.. KeysOf([query]), .. keys.Select(Layout.Record)]).ConfigureAwait(false);
        }
    }

    /// <summary>The work of <see cref="LookupAsync"/>.</summary>
    private async Task<int> LookupCoreAsync(AnalyzedDocument query, CopyKinds kinds, List<long> keys, bool nearDuplicatePassages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();

        // The word passages and SimHash, as the embedded index asks them (the one candidate policy).
        bool askPassages = CandidatePolicy.AsksPassages(kinds, nearDuplicatePassages, out bool nearDuplicateOnly);
        var fingerprints = DocumentFingerprints.Of(query);
        var probes = new List<Probe>();
        IBatch batch = _db.CreateBatch();
        if ((kinds & CopyKinds.Exact) != 0)
        {
            probes.Add(Send(batch, ProbeSource.Candidates, KeyLayout.Exact, fingerprints.ExactHash));
        }

        if ((kinds & CopyKinds.NearDuplicate) != 0 && !fingerprints.MinHash.IsEmpty)
        {
            for (int band = 0; band < Layout.WordBands; band++)
            {
                probes.Add(Send(batch, ProbeSource.Candidates, KeyLayout.WordBand(band), BandFingerprint(fingerprints.MinHash.Values, band, _settings.WordBanding.Rows)));
            }
        }

        if (askPassages)
        {
            for (int t = 0; t < Layout.SimHashMasks.Length; t++)
            {
                probes.Add(Send(batch, ProbeSource.SimHash, Layout.SimHash(t), SimHashFingerprint(fingerprints.SimHash, t)));
            }

            foreach (ulong f in fingerprints.Passages)
            {
                probes.Add(Send(batch, ProbeSource.Passages, Layout.Passages, PassageFingerprint(f)));
            }
        }

        if ((kinds & CopyKinds.Spun) != 0)
        {
            if (!fingerprints.SpinSketch.IsEmpty)
            {
                for (int band = 0; band < Layout.SpinBands; band++)
                {
                    probes.Add(Send(batch, ProbeSource.SpinLsh, Layout.SpinBand(band), BandFingerprint(fingerprints.SpinSketch.Values, band, _settings.SpinBanding.Rows)));
                }
            }

            foreach (ulong f in fingerprints.SpinPassages)
            {
                probes.Add(Send(batch, ProbeSource.SpinPassages, Layout.SpinPassages, PassageFingerprint(f)));
            }

            foreach (ulong f in fingerprints.Pairs)
            {
                probes.Add(Send(batch, ProbeSource.Pairs, Layout.Pairs, PassageFingerprint(f)));
            }
        }

        Execute(batch, probes.Count);
        byte[]?[] values = await ValuesAsync(probes).ConfigureAwait(false);

        // The keys of one lookup are numbered 0, 1, 2, … in the order they come back, so that the policy's steps (which
        // take int keys, as the embedded index's slots are) run unchanged.
        var found = new FoundKeys();
        var candidates = new HashSet<int>();
        var similar = new HashSet<int>();
        var spinLsh = new HashSet<int>();
        var sharedPassages = new Dictionary<int, int>();
        var spinPassages = new Dictionary<int, int>();
        var pairs = new Dictionary<int, int>();
        var entryKeys = new List<long>();
        for (int p = 0; p < probes.Count; p++)
        {
            Probe probe = probes[p];
            byte[]? value = values[p];
            if (value is null)
            {
                continue;
            }

            switch (probe.Source)
            {
                case ProbeSource.Candidates:
                    AddKeys(value, KeyWidth, candidates, found, entryKeys);
                    break;
                case ProbeSource.SpinLsh:
                    AddKeys(value, KeyWidth, spinLsh, found, entryKeys);
                    break;
                case ProbeSource.SimHash:
                    for (int at = 0; at + SimHashWidth <= value.Length; at += SimHashWidth)
                    {
                        ulong simHash = BinaryPrimitives.ReadUInt64LittleEndian(value.AsSpan(at + KeyWidth));
                        if (BitOperations.PopCount(simHash ^ fingerprints.SimHash) <= KeyLayout.SimHashDistance)
                        {
                            similar.Add(found.Local(DocumentKeys.Read(value.AsSpan(at), KeyWidth)));
                        }
                    }

                    break;
                default:
                    CountShared(value, probe.Source == ProbeSource.Passages ? sharedPassages : probe.Source == ProbeSource.SpinPassages ? spinPassages : pairs, found, entryKeys);
                    break;
            }
        }

        // The headers of every key the gate may weigh: the least counts are tested first, as in memory.
        CandidateGate gate = _settings.Gate;
        var weigh = new HashSet<int>(candidates);
        weigh.UnionWith(similar);
        weigh.UnionWith(spinLsh);
        foreach (var (key, count) in sharedPassages)
        {
            if (gate.MayPassPassages(count, foundBySimHash: false))
            {
                weigh.Add(key);
            }
        }

        foreach (var (key, count) in spinPassages)
        {
            if (gate.MayPassSpin(count, foundByLsh: false))
            {
                weigh.Add(key);
            }
        }

        foreach (var (key, count) in pairs)
        {
            if (CandidateGate.MayPassPairs(count))
            {
                weigh.Add(key);
            }
        }

        var counts = new HeaderCounts(found.Count);
        IBatch headers = _db.CreateBatch();
        var read = new List<(int Local, Task<RedisValue> Header)>(weigh.Count);
        foreach (int local in weigh)
        {
            read.Add((local, headers.StringGetRangeAsync(Layout.Record(found.Keys[local]), 0, DocumentRecord.HeaderLength - 1)));
        }

        Execute(headers, read.Count);
        await Task.WhenAll(read.ConvertAll(r => (Task)r.Header)).ConfigureAwait(false);
        foreach (var (local, header) in read)
        {
            counts.Set(local, DocumentRecord.ReadHeader((byte[]?)header.Result ?? []));
        }

        var pairsOnly = new List<int>();
        if (askPassages)
        {
            CandidatePolicy.GatePassages(gate, sharedPassages, similar, fingerprints.Passages.Length, candidates, -1, nearDuplicateOnly, ref counts);
        }

        if ((kinds & CopyKinds.Spun) != 0)
        {
            CandidatePolicy.GateSpinPassages(gate, spinPassages, spinLsh, fingerprints.SpinPassages.Length, candidates, -1, ref counts);
            CandidatePolicy.GatePairs(pairs, fingerprints.Pairs.Length, candidates, pairsOnly, ref counts);
        }

        var locals = new List<int>();
        int any = CandidatePolicy.Collect(candidates, pairsOnly, locals, -1, ref counts);
        foreach (int local in locals)
        {
            keys.Add(found.Keys[local]);
        }

        return any;
    }

    /// <inheritdoc/>
    /// <remarks>One pipelined batch of <c>GET</c>s; a record that is missing, pending or removed comes back as the
    /// default record, which the engine skips.</remarks>
    /// <exception cref="NearDupFormatException">A record is damaged (its checksum does not match).</exception>
    public async ValueTask<CandidateDocument[]> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken = default)
    {
        try
        {
            return await FetchCoreAsync(keys, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "the read of candidate records", "", keys.Select(Layout.Record)).ConfigureAwait(false);
        }
    }

    /// <summary>The work of <see cref="FetchAsync"/>.</summary>
    private async Task<CandidateDocument[]> FetchCoreAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        IBatch batch = _db.CreateBatch();
        var replies = new Task<RedisValue>[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            replies[i] = batch.StringGetAsync(Layout.Record(keys[i]));
        }

        Execute(batch, keys.Count);
        await Task.WhenAll(replies).ConfigureAwait(false);
        var records = new CandidateDocument[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            byte[]? bytes = replies[i].Result;
            if (bytes is { Length: > 0 } && bytes[0] == DocumentRecord.Live)
            {
                DocumentRecord r = DocumentRecord.Decode(bytes, $"{Source} document key {keys[i]}");
                records[i] = new CandidateDocument(keys[i], r.Id, r.ExactHash, r.SimHash, r.CompressedText, r.TextBytes);
            }
        }

        return records;
    }

    /// <inheritdoc/>
    /// <remarks>Counts documents added with the fingerprint, removed ones included until the purge of
    /// <see cref="CompactAsync"/> (as the embedded index counts them until a rebuild), up to 255.</remarks>
    public async ValueTask HoldersAsync(ReadOnlyMemory<ulong> fingerprints, Memory<int> counts, bool skeleton, CancellationToken cancellationToken = default)
    {
        try
        {
            await HoldersCoreAsync(fingerprints, counts, skeleton, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "the read of holder counts", "", HolderKeys(fingerprints, skeleton)).ConfigureAwait(false);
        }
    }

    /// <summary>The work of <see cref="HoldersAsync"/>.</summary>
    private async Task HoldersCoreAsync(ReadOnlyMemory<ulong> fingerprints, Memory<int> counts, bool skeleton, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int table = skeleton ? Layout.SpinPassages : Layout.Passages;
        IBatch batch = _db.CreateBatch();
        var replies = new Task<RedisValue>[fingerprints.Length];
        for (int i = 0; i < replies.Length; i++)
        {
            var (key, field) = Layout.Posting(table, PassageFingerprint(fingerprints.Span[i]));
            replies[i] = batch.HashGetAsync(key, field);
        }

        Execute(batch, replies.Length);
        await Task.WhenAll(replies).ConfigureAwait(false);
        for (int i = 0; i < replies.Length; i++)
        {
            byte[]? value = replies[i].Result;
            counts.Span[i] = value is null ? 0 : Postings.Holders(value, KeyWidth);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Purges removed documents: for each key queued by <see cref="RemoveAsync"/>, analyses its stored text
    /// again to find its postings, takes its key out of them (one script call per hash), deletes its record and unqueues
    /// it — in chunks of 256 documents, each a few pipelined batches. A boilerplate count keeps counting a purged
    /// document (the list it would be taken out of was dropped), where the embedded index's rebuild recounts.</remarks>
    public async ValueTask CompactAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await CompactCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (ServerRefusal.IsRecognised(e))
        {
            throw await RefusedAsync(e, "the writes of a compaction", "The live documents are unchanged and the removed ones partly purged: compact again once there is room.", []).ConfigureAwait(false);
        }
    }

    /// <summary>The work of <see cref="CompactAsync"/>.</summary>
    private async Task CompactCoreAsync(CancellationToken cancellationToken)
    {
        ThrowIfReadOnly();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RedisValue[] queued = await _db.SetRandomMembersAsync(Layout.Removed, 256).ConfigureAwait(false);
            if (queued.Length == 0)
            {
                return;
            }

            IBatch read = _db.CreateBatch();
            var records = new Task<RedisValue>[queued.Length];
            for (int i = 0; i < queued.Length; i++)
            {
                records[i] = read.StringGetAsync(Layout.Record(DocumentKeys.Read((byte[])queued[i]!)));
            }

            read.Execute();
            await Task.WhenAll(records).ConfigureAwait(false);
            var groups = new Dictionary<RedisKey, Postings.Group>();
            for (int i = 0; i < queued.Length; i++)
            {
                long key = DocumentKeys.Read((byte[])queued[i]!);
                byte[]? bytes = records[i].Result;
                if (bytes is null || DocumentRecord.IsTombstone(bytes))
                {
                    continue; // purged already: a purge cut short after its tombstones
                }

                AnalyzedDocument document = Analyze(DocumentRecord.Decode(bytes, $"{Source} document key {key}"));
                foreach (var (table, fingerprint, _) in Entries(document))
                {
                    Put(groups, table, fingerprint, PostingKey(key), cap: null);
                }
            }

            IBatch purge = _db.CreateBatch();
            var writes = new List<Task>();
            foreach (Postings.Group group in groups.Values)
            {
                writes.Add(purge.ScriptEvaluateAsync(Postings.RemoveScript, [.. group.Keys], [.. group.Arguments]));
            }

            purge.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);

            // The records go last: a purge cut short is finished by the next one, which finds them still queued. Each
            // becomes a tombstone, not nothing: a replay of the batch that wrote it must not find the key free.
            IBatch drop = _db.CreateBatch();
            writes.Clear();
            foreach (RedisValue queuedKey in queued)
            {
                writes.Add(drop.StringSetAsync(Layout.Record(DocumentKeys.Read((byte[])queuedKey!)), Tombstone));
                writes.Add(drop.SetRemoveAsync(Layout.Removed, queuedKey));
            }

            drop.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Reads every record of the namespace on every primary (SCAN) and checks its checksum, and compares the
    /// live records with the live counter. Reads the whole index: for maintenance windows, not for every request.
    /// A primary whose records cannot be read — one that does not answer and whose slots no other primary serves, or
    /// one lost in the middle of its scan — is a problem naming its endpoint, never passed over
    /// (<see cref="PrimarySurvey"/>); the live counter is then not compared, as the records were not all counted.
    /// Over a connection of its own, opened for the verification in admin mode (the slot map is read with
    /// <c>CLUSTER NODES</c>, which StackExchange.Redis sends only in admin mode) and closed after it.</remarks>
    /// <exception cref="RedisServerException">A server refused <c>CLUSTER NODES</c> (an ACL user without it).</exception>
    public async ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        using ConnectionMultiplexer connection = await AdminConnectionAsync("neardup-verify").ConfigureAwait(false);
        IDatabase db = connection.GetDatabase();
        PrimarySurvey survey = await PrimarySurvey.TakeAsync(connection).ConfigureAwait(false);
        var unread = new List<(string EndPoint, string Why)>(survey.Unread);
        long live = 0;
        foreach (IServer server in survey.Readable)
        {
            try
            {
                await foreach (RedisKey key in server.KeysAsync(pattern: Layout.RecordPattern, pageSize: 1_000).ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    byte[]? bytes = await db.StringGetAsync(key).ConfigureAwait(false);
                    if (bytes is null || DocumentRecord.IsTombstone(bytes))
                    {
                        continue; // a purged record's tombstone
                    }

                    try
                    {
                        live += DocumentRecord.Decode(bytes, $"{Source} document key {Layout.DocumentKeyOf(key)}").State == DocumentRecord.Live ? 1 : 0;
                    }
                    catch (NearDupFormatException e)
                    {
                        problems.Add(e.Message);
                    }
                }
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                unread.Add((PrimarySurvey.Format(server.EndPoint), $"it stopped answering during its scan ({e.GetType().Name})"));
            }
        }

        foreach ((string endPoint, string why) in unread)
        {
            problems.Add($"{Source}: the records on {endPoint} were not read ({why}): they are not verified, nor is the live counter.");
        }

        if (unread.Count > 0)
        {
            return problems;
        }

        long counted;
        try
        {
            counted = (long)await db.StringGetAsync(Layout.Count).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            problems.Add($"{Source}: the live counter could not be read ({e.GetType().Name}), so it is not verified.");
            return problems;
        }

        if (counted != live)
        {
            problems.Add($"{Source}: the live counter says {counted} documents, the records {live}.");
        }

        return problems;
    }

    /// <inheritdoc/>
    /// <remarks>The live count only, one read: the sizes of a directory's snapshot and log have no equivalent here, and
    /// the namespace's memory by structure takes a read of every key (<see cref="MeasureMemoryAsync"/>, asked for
    /// apart: <see cref="RedisNearDupIndex.MeasureMemory"/>, <c>neardup index info --memory</c>).</remarks>
    public async ValueTask<StoreStatistics> StatisticsAsync(CancellationToken cancellationToken = default) =>
        new((long)await _db.StringGetAsync(Layout.Count).ConfigureAwait(false), 0, 0, 0);

    /// <summary>The server memory of this index's namespace by structure and per live document
    /// (<see cref="MemoryCensus"/>: three reads of every key of the namespace on every primary, pipelined a thousand
    /// keys at a time).</summary>
    /// <param name="cancellationToken">Stops the census between pages of keys.</param>
    /// <returns>The report; unavailable, with the reason, on Garnet or where a server refuses a command.</returns>
    /// <remarks>Over a connection of its own, opened for the census and closed after it: the census reads
    /// <c>INFO</c>, which StackExchange.Redis sends only in admin mode, and the index's own connections stay without it.</remarks>
    internal async Task<RedisMemoryReport> MeasureMemoryAsync(CancellationToken cancellationToken = default)
    {
        using ConnectionMultiplexer census = await AdminConnectionAsync("neardup-census").ConfigureAwait(false);
        return await MemoryCensus.MeasureAsync(census, Layout, Source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new connection to the index's servers in admin mode, for a read of the whole namespace: the index's
    /// own connections stay without it. Opened even when some node does not answer (not <c>AbortOnConnectFail</c>): the
    /// reader pings each and says which it could not read.</summary>
    /// <param name="name">The client name the servers see.</param>
    /// <returns>The connection; the caller disposes it.</returns>
    private async Task<ConnectionMultiplexer> AdminConnectionAsync(string name)
    {
        ConfigurationOptions configuration = _location.ToConfiguration();
        configuration.AllowAdmin = true;
        configuration.AbortOnConnectFail = false;
        configuration.ClientName = name;
        return await ConnectAsync(_location, configuration).ConfigureAwait(false);
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        if (_writeConnection != _connection)
        {
            _writeConnection.Dispose();
        }

        _connection.Dispose();
    }

    /// <summary>Documents analysed for a batch, with their keys and compressed texts: what the write steps apply, and
    /// what a replay applies again.</summary>
    /// <param name="documents">The documents.</param>
    /// <returns>The batch, keys allocated.</returns>
    /// <exception cref="System.Text.EncoderFallbackException">A text holds a lone surrogate.</exception>
    internal PreparedDocument[] Prepare(IReadOnlyList<AnalyzedDocument> documents)
    {
        var batch = new PreparedDocument[documents.Count];
        Parallelism.For(documents.Count, i =>
        {
            AnalyzedDocument d = documents[i];
            byte[] compressed = TextCompression.Compress(d.Text, RecordQuality, out int textBytes);
            batch[i] = new PreparedDocument(0, d, new DocumentRecord(
                DocumentRecord.Pending, d.PassageFingerprints.Count, d.SpinFingerprints.Count, d.PairFingerprints.Count, d.ExactHash, d.SimHash, textBytes, d.Id, compressed));
        });
        long first = Allocate(batch.Length);
        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = batch[i] with { Key = first + i };
        }

        return batch;
    }

    /// <summary>Write step 1: the records, pending, each only if its key was never written, and the ids of the pending
    /// ones claimed; on a claim lost to another writer, this batch's claims are released, its records replaced by
    /// tombstones and the batch fails.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The documents whose records are pending, which the next steps apply: all of a new batch. A replayed
    /// batch's documents whose records moved on (live, removed, purged) are left as they are: their ids are not claimed
    /// again (a removed document's id may have been dropped, or taken by a later add) and their postings not written
    /// again.</returns>
    /// <exception cref="ArgumentException">Another writer holds one of the ids.</exception>
    internal async Task<PreparedDocument[]> WritePendingAsync(PreparedDocument[] batch)
    {
        IBatch write = _writes.CreateBatch();
        var states = new Task<RedisResult>[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            states[i] = write.ScriptEvaluateAsync(Postings.CreateRecordScript, [Layout.Record(batch[i].Key)], [batch[i].Record.Encode()]);
        }

        Execute(write, batch.Length);
        await Task.WhenAll(states).ConfigureAwait(false);
        var kept = new List<PreparedDocument>(batch.Length);
        for (int i = 0; i < batch.Length; i++)
        {
            if ((int)states[i].Result == DocumentRecord.Pending)
            {
                kept.Add(batch[i]);
            }
        }

        PreparedDocument[] pending = [.. kept];
        IBatch claim = _writes.CreateBatch();
        var claims = new Task<bool>[pending.Length];
        for (int i = 0; i < pending.Length; i++)
        {
            var (key, field) = Layout.Id(pending[i].Document.Id);
            claims[i] = claim.HashSetAsync(key, field, DocumentKey(pending[i].Key), When.NotExists);
        }

        Execute(claim, pending.Length);
        await Task.WhenAll(claims).ConfigureAwait(false);
        var lost = new List<int>();
        for (int i = 0; i < pending.Length; i++)
        {
            if (!claims[i].Result)
            {
                var (key, field) = Layout.Id(pending[i].Document.Id);
                Counted(1);
                byte[]? holder = await _writes.HashGetAsync(key, field).ConfigureAwait(false);
                if (holder is null || DocumentKeys.Read(holder) != pending[i].Key)
                {
                    lost.Add(i);
                }
            }
        }

        if (lost.Count == 0)
        {
            await ReleaseClaimsOfRemovedAsync(pending, claims).ConfigureAwait(false);
            return pending;
        }

        // No record of this batch went live (the live marks follow a step 1 that lost nothing), so all are pending here.
        IBatch undo = _writes.CreateBatch();
        var undone = new List<Task>();
        for (int i = 0; i < pending.Length; i++)
        {
            if (!lost.Contains(i))
            {
                undone.Add(ReleaseId(undo, pending[i]));
            }

            undone.Add(undo.StringSetAsync(Layout.Record(pending[i].Key), Tombstone));
        }

        Execute(undo, undone.Count);
        await Task.WhenAll(undone).ConfigureAwait(false);
        throw new ArgumentException($"document id '{pending[lost[0]].Document.Id}' was indexed by another writer meanwhile; nothing of this batch was added.", nameof(batch));
    }

    /// <summary>Takes back the ids just claimed for records found pending whose documents were added and removed
    /// meanwhile (by a writer applying the same batch at once: its live mark and a remove, id dropped, can fall between
    /// this writer's look at the record and its claim), so a removed record never holds its id again.</summary>
    private async Task ReleaseClaimsOfRemovedAsync(PreparedDocument[] pending, Task<bool>[] claims)
    {
        IBatch read = _writes.CreateBatch();
        var states = new List<(PreparedDocument Document, Task<RedisValue> State)>();
        for (int i = 0; i < pending.Length; i++)
        {
            if (claims[i].Result)
            {
                states.Add((pending[i], read.StringGetRangeAsync(Layout.Record(pending[i].Key), 0, 0)));
            }
        }

        Execute(read, states.Count);
        await Task.WhenAll(states.ConvertAll(s => (Task)s.State)).ConfigureAwait(false);
        IBatch release = _writes.CreateBatch();
        var released = new List<Task>();
        foreach (var (document, state) in states)
        {
            if (((byte[]?)state.Result) is not [DocumentRecord.Pending or DocumentRecord.Live])
            {
                released.Add(ReleaseId(release, document));
            }
        }

        Execute(release, released.Count);
        await Task.WhenAll(released).ConfigureAwait(false);
    }

    /// <summary>Queues the drop of a document's id from the id map if it still names the document's key.</summary>
    private Task ReleaseId(IBatch batch, PreparedDocument document)
    {
        var (key, field) = Layout.Id(document.Document.Id);
        return batch.ScriptEvaluateAsync(Postings.ReleaseIdScript, [key], [field, DocumentKey(document.Key)]);
    }

    /// <summary>Write step 2: every posting of the batch, one script call per hash touched, idempotent.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>A task that completes when the server has them.</returns>
    internal async Task FanOutAsync(PreparedDocument[] batch)
    {
        var groups = new Dictionary<RedisKey, Postings.Group>();
        int cap = _settings.MaxPostings + 1;
        foreach (PreparedDocument d in batch)
        {
            RedisValue documentKey = PostingKey(d.Key);
            foreach (var (table, fingerprint, simHash) in Entries(d.Document))
            {
                RedisValue entry = documentKey;
                if (simHash is { } s)
                {
                    byte[] bytes = new byte[SimHashWidth];
                    DocumentKeys.Write(bytes, d.Key, KeyWidth);
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(KeyWidth), s);
                    entry = bytes;
                }

                Put(groups, table, fingerprint, entry, IsCapped(table) ? cap : 0);
            }
        }

        IBatch write = _writes.CreateBatch();
        var writes = new List<Task>(groups.Count);
        foreach (Postings.Group group in groups.Values)
        {
            writes.Add(write.ScriptEvaluateAsync(Postings.AddScript, [.. group.Keys], [.. group.Arguments]));
        }

        Execute(write, writes.Count);
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    /// <summary>Write step 3, the commit point: each record moved pending → live (a record already live, or removed,
    /// is left as it is), and the live counter raised by those moved.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>A task that completes when the server has them.</returns>
    internal async Task MarkLiveAsync(PreparedDocument[] batch)
    {
        IBatch write = _writes.CreateBatch();
        var moved = new Task<RedisResult>[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            moved[i] = write.ScriptEvaluateAsync(Postings.TransitionScript, [Layout.Record(batch[i].Key)], [PendingByte, LiveByte]);
        }

        Execute(write, batch.Length);
        await Task.WhenAll(moved).ConfigureAwait(false);
        long live = 0;
        foreach (Task<RedisResult> m in moved)
        {
            live += (int)m.Result == 1 ? 1 : 0;
        }

        if (live > 0)
        {
            Counted(1);
            await _writes.StringIncrementAsync(Layout.Count, live).ConfigureAwait(false);
        }
    }

    /// <summary>The 64-bit fingerprint of an LSH band: XxHash3 of the band's values seeded with the band, as the
    /// embedded index hashes it before folding to 32 bits.</summary>
    internal static ulong BandFingerprint(ReadOnlySpan<uint> values, int band, int rows) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(values.Slice(band * rows, rows)), band);

    /// <summary>The 64-bit fingerprint a passage, spin-passage or word-pair fingerprint is stored under: its low 56 bits
    /// (the identity the embedded passage index keeps) moved to the top.</summary>
    internal static ulong PassageFingerprint(ulong fingerprint) => fingerprint << 8;

    /// <summary>The 64-bit fingerprint of a SimHash in table <paramref name="table"/>: a hash of the bits of the
    /// table's blocks, so that fingerprints agreeing on them meet in one field.</summary>
    internal ulong SimHashFingerprint(ulong simHash, int table)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, simHash & Layout.SimHashMasks[table]);
        return XxHash3.HashToUInt64(bytes, table);
    }

    /// <summary>Every posting of a document: (table, fingerprint, SimHash for SimHash tables).</summary>
    internal IEnumerable<(int Table, ulong Fingerprint, ulong? SimHash)> Entries(AnalyzedDocument document)
    {
        yield return (KeyLayout.Exact, document.ExactHash, null);
        if (!document.MinHash.IsEmpty)
        {
            for (int band = 0; band < Layout.WordBands; band++)
            {
                yield return (KeyLayout.WordBand(band), BandFingerprint(document.MinHash.Values, band, _settings.WordBanding.Rows), null);
            }
        }

        if (!document.SpinSketch.IsEmpty)
        {
            for (int band = 0; band < Layout.SpinBands; band++)
            {
                yield return (Layout.SpinBand(band), BandFingerprint(document.SpinSketch.Values, band, _settings.SpinBanding.Rows), null);
            }
        }

        for (int t = 0; t < Layout.SimHashMasks.Length; t++)
        {
            yield return (Layout.SimHash(t), SimHashFingerprint(document.SimHash, t), document.SimHash);
        }

        foreach (ulong f in document.PassageFingerprints)
        {
            yield return (Layout.Passages, PassageFingerprint(f), null);
        }

        foreach (ulong f in document.SpinFingerprints)
        {
            yield return (Layout.SpinPassages, PassageFingerprint(f), null);
        }

        foreach (ulong f in document.PairFingerprints)
        {
            yield return (Layout.Pairs, PassageFingerprint(f), null);
        }
    }

    /// <summary>A batch as its writer's log holds it: the count (u32), then per document its key (5 bytes), the length
    /// of its record (u32) and the record, pending.</summary>
    private static byte[] WriteLogged(PreparedDocument[] batch)
    {
        var records = Array.ConvertAll(batch, d => d.Record.Encode());
        int length = sizeof(int);
        foreach (byte[] r in records)
        {
            length += DocumentKeys.Width + sizeof(int) + r.Length;
        }

        var bytes = new byte[length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, batch.Length);
        int at = sizeof(int);
        for (int i = 0; i < batch.Length; i++)
        {
            DocumentKeys.Write(bytes.AsSpan(at), batch[i].Key);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + DocumentKeys.Width), records[i].Length);
            records[i].CopyTo(bytes, at + DocumentKeys.Width + sizeof(int));
            at += DocumentKeys.Width + sizeof(int) + records[i].Length;
        }

        return bytes;
    }

    /// <summary>A logged batch read back (see <see cref="WriteLogged"/>), each document analysed again from its text.</summary>
    /// <exception cref="NearDupFormatException">The log entry is truncated or a record in it is damaged.</exception>
    private PreparedDocument[] ReadLogged(byte[] bytes)
    {
        int count = bytes.Length >= sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        if (count < 0 || count > bytes.Length)
        {
            throw new NearDupFormatException($"{Source}: a writer's log entry of {bytes.Length} bytes does not start with a document count.");
        }

        var batch = new PreparedDocument[count];
        int at = sizeof(int);
        for (int i = 0; i < count; i++)
        {
            int length = at + DocumentKeys.Width + sizeof(int) <= bytes.Length ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + DocumentKeys.Width)) : -1;
            if (length < 0 || at + DocumentKeys.Width + sizeof(int) + length > bytes.Length)
            {
                throw new NearDupFormatException($"{Source}: a writer's log entry ended after {bytes.Length} bytes, inside document {i} of {count}.");
            }

            long key = DocumentKeys.Read(bytes.AsSpan(at));
            DocumentRecord record = DocumentRecord.Decode(bytes.AsMemory(at + DocumentKeys.Width + sizeof(int), length), $"{Source} logged document key {key}");
            batch[i] = new PreparedDocument(key, Analyze(record), record);
            at += DocumentKeys.Width + sizeof(int) + length;
        }

        return batch;
    }

    /// <summary>A stored document analysed again from its text: the fingerprints it was added with (analysis is
    /// deterministic under the index's options).</summary>
    private AnalyzedDocument Analyze(DocumentRecord record) =>
        _analyzer.Analyze(record.Id, TextCompression.Decompress(record.CompressedText.Span, record.TextBytes, record.Id, Source));

    /// <summary>Connects to a location's servers, with its configuration or <paramref name="configuration"/> (the write
    /// and census connections change a setting or two of it).</summary>
    /// <exception cref="RedisConnectionException">No server answered: the message names the location and why, before
    /// the driver's own message (inner exception).</exception>
    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisLocation location, ConfigurationOptions? configuration = null)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(configuration ?? location.ToConfiguration()).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            // The driver's message ends in advice for its own configuration string ("abortConnect=false"), which a caller
            // of this library cannot follow: say which location, and why, first.
            string why = e.Message.Split(';', '\n')[0];
            why = why.Contains(". ", StringComparison.Ordinal) ? why[..why.IndexOf(". ", StringComparison.Ordinal)] : why.TrimEnd('.');
            // The driver reports a TLS handshake that failed as an authentication failure, which sends a user to their
            // password when the server only speaks plain Redis.
            string advice = e.FailureType == ConnectionFailureType.AuthenticationFailure && location.UseTls
                ? location.Password is null
                    ? "the TLS handshake failed: rediss:// asks for TLS, and a server that speaks plain Redis answers it so (use redis:// for one)"
                    : "the TLS handshake or the login failed: a server that speaks plain Redis answers rediss:// so (use redis:// for one); else check the user and password"
                : "check that a Redis-protocol server answers there, and its user, password and TLS setting";
            throw new RedisConnectionException(e.FailureType, CommandFlags.None, $"{location}: could not connect ({e.FailureType}: {why}); {advice}.", e, e.CommandStatus);
        }
    }

    /// <summary>Refuses to open a location for writing when every node that answered is a replica: each write would be
    /// refused (<c>READONLY</c>, or the driver's "no connection … not eligible for replica"), and before, the index
    /// opened and failed at its first write with the driver's text (found by a hunt, 2026-12-06).</summary>
    /// <param name="connection">The connection just opened.</param>
    /// <param name="location">Where.</param>
    /// <param name="opening">"open the index" or "create an index", for the message.</param>
    /// <exception cref="IOException">No node that answered is a primary, and one is a replica.</exception>
    private static async Task RefuseReplicaOnlyAsync(ConnectionMultiplexer connection, RedisLocation location, string opening)
    {
        IServer? replica = null;
        foreach (IServer server in connection.GetServers())
        {
            if (!server.IsConnected)
            {
                continue;
            }

            if (!server.IsReplica)
            {
                return;
            }

            replica ??= server;
        }

        if (replica is null)
        {
            return; // nothing answered: the commands that follow say so
        }

        string? primary = null;
        try
        {
            if (await replica.RoleAsync().ConfigureAwait(false) is Role.Replica { } role)
            {
                primary = $"{role.MasterIp}:{role.MasterPort}";
            }
        }
        catch (Exception e) when (e is RedisServerException or RedisConnectionException or RedisTimeoutException)
        {
            // ROLE refused (an ACL user without it) or not answered: the message goes without the primary's address.
        }

        throw ServerRefusal.ReplicaOnly(location.ToString(), replica.EndPoint.ToString() ?? "", primary, opening);
    }

    /// <summary>The error to throw for a refusal <see cref="ServerRefusal.IsRecognised"/> recognises: out of memory and
    /// read-only replica as <see cref="IOException"/>, a key of another type as <see cref="NearDupFormatException"/>
    /// naming the key (found by asking the type of each key the failed step may have used).</summary>
    /// <param name="e">The driver's exception (the inner exception of the one returned).</param>
    /// <param name="doing">What was refused, for "refused …".</param>
    /// <param name="then">After an out-of-memory refusal: what is left and what to do once there is room.</param>
    /// <param name="keys">The keys, besides the namespace's fixed ones, that the step may have used.</param>
    /// <returns>The exception.</returns>
    private Task<Exception> RefusedAsync(RedisServerException e, string doing, string then, IEnumerable<RedisKey> keys)
    {
        long writer = Interlocked.Read(ref _writer);
        return RefusedAsync(Source, _db, Layout, e, doing, then, writer > 0 ? [.. keys, Layout.Log(writer)] : keys);
    }

    /// <inheritdoc cref="RefusedAsync(RedisServerException, string, string, IEnumerable{RedisKey})"/>
    private static async Task<Exception> RefusedAsync(string source, IDatabase db, KeyLayout layout, RedisServerException e, string doing, string then, IEnumerable<RedisKey> keys)
    {
        if (ServerRefusal.IsOutOfMemory(e))
        {
            return ServerRefusal.OutOfMemory(source, e, doing, then);
        }

        if (ServerRefusal.IsReadOnly(e))
        {
            return ServerRefusal.ReadOnlyReplica(source, e, doing);
        }

        // WRONGTYPE names no key: ask the type of every key the step may have used (one pipelined batch; an error path,
        // so its cost, a few thousand TYPEs for a large batch, does not matter), the namespace's fixed keys first.
        var seen = new HashSet<RedisKey>();
        var asked = new List<(RedisKey Key, RedisType Expected, Task<RedisType> Held)>();
        IBatch batch = db.CreateBatch();
        foreach (RedisKey key in (IEnumerable<RedisKey>)[layout.Meta, layout.Count, layout.Allocator, layout.Writers, layout.Turns, layout.Removed, .. keys])
        {
            if (seen.Add(key))
            {
                asked.Add((key, layout.ExpectedType((byte[])key!), batch.KeyTypeAsync(key)));
            }
        }

        batch.Execute();
        try
        {
            await Task.WhenAll(asked.ConvertAll(a => (Task)a.Held)).ConfigureAwait(false);
        }
        catch (Exception failed) when (failed is RedisException or TimeoutException)
        {
            // The types could not be read: the message says a key, without naming it, from those that answered.
        }

        foreach (var (key, expected, held) in asked)
        {
            if (held.IsCompletedSuccessfully && held.Result is not RedisType.None and var type && expected != RedisType.None && type != expected)
            {
                return ServerRefusal.WrongType(source, e, doing, key, type, expected);
            }
        }

        return ServerRefusal.WrongType(source, e, doing, null, RedisType.None, RedisType.None);
    }

    /// <summary>The keys a batch of <paramref name="documents"/> reads and writes: their ids' hashes, their postings'
    /// hashes and overflow hashes, and, once keys are allocated (<paramref name="records"/>), their records.</summary>
    private IEnumerable<RedisKey> KeysOf(IEnumerable<AnalyzedDocument> documents, IEnumerable<long>? records = null)
    {
        foreach (AnalyzedDocument d in documents)
        {
            yield return Layout.Id(d.Id).Key;
            foreach (var (table, fingerprint, _) in Entries(d))
            {
                RedisKey hash = Layout.Posting(table, fingerprint).Key;
                yield return hash;
                yield return Layout.Overflow(hash);
            }
        }

        foreach (long key in records ?? [])
        {
            yield return Layout.Record(key);
        }
    }

    /// <summary>"1 document", "20 documents".</summary>
    private static string Documents(int count) => count == 1 ? "1 document" : $"{count} documents";

    /// <summary>The posting hashes a <see cref="HoldersAsync"/> call reads.</summary>
    private List<RedisKey> HolderKeys(ReadOnlyMemory<ulong> fingerprints, bool skeleton)
    {
        int table = skeleton ? Layout.SpinPassages : Layout.Passages;
        var keys = new List<RedisKey>(fingerprints.Length);
        foreach (ulong f in fingerprints.Span)
        {
            keys.Add(Layout.Posting(table, PassageFingerprint(f)).Key);
        }

        return keys;
    }

    /// <summary>What an add refused for want of memory leaves, once its batch is logged.</summary>
    private const string LoggedBatchLeft = "This batch is in doubt, as any add that failed part way: it is in the writer's log, and its documents stay out of queries (some may show, if the server refused only some of their live marks) while their ids may stay claimed (adding them again is refused as already indexed). Once there is room, open the index again or call Recover(): the replay finishes the batch, and Contains(id) then says which documents are in. The batches acknowledged before it are intact.";

    /// <summary>Sends a pipelined batch and counts it (<see cref="Traffic"/>): one round trip, unless it holds no command.</summary>
    private void Execute(IBatch batch, int commands)
    {
        batch.Execute();
        Counted(commands);
    }

    /// <summary>Counts one round trip of <paramref name="commands"/> commands (none when there are none).</summary>
    private void Counted(int commands)
    {
        if (commands > 0)
        {
            Interlocked.Increment(ref _roundTrips);
            Interlocked.Add(ref _commands, commands);
        }
    }

    /// <summary>A document key as posting values hold it (the layout's width).</summary>
    private RedisValue PostingKey(long key)
    {
        byte[] bytes = new byte[KeyWidth];
        DocumentKeys.Write(bytes, key, KeyWidth);
        return bytes;
    }

    private static RedisValue DocumentKey(long key)
    {
        byte[] bytes = new byte[DocumentKeys.Width];
        DocumentKeys.Write(bytes, key);
        return bytes;
    }

    /// <summary>Queues one entry for the add script (a cap given, 0 for none) or the remove script (no cap) of its
    /// hash (and its overflow hash).</summary>
    private void Put(Dictionary<RedisKey, Postings.Group> groups, int table, ulong fingerprint, RedisValue entry, int? cap)
    {
        var (hash, field) = Layout.Posting(table, fingerprint);
        if (!groups.TryGetValue(hash, out Postings.Group group))
        {
            int width = Width(table);
            group = new Postings.Group([hash, Layout.Overflow(hash)], cap is { } c ? [width, c, Postings.ListLimit, KeyWidth] : [width, Postings.ListLimit, KeyWidth]);
            groups.Add(hash, group);
        }

        group.Arguments.AddRange([field, entry]);
    }

    private static void AddKeys(byte[] value, int width, HashSet<int> into, FoundKeys found, List<long> scratch)
    {
        scratch.Clear();
        Postings.Keys(value, width, width, scratch);
        foreach (long key in scratch)
        {
            into.Add(found.Local(key));
        }
    }

    private void CountShared(byte[] value, Dictionary<int, int> shared, FoundKeys found, List<long> scratch)
    {
        // Boilerplate: a count, or a list of more holders than the cap (as the embedded passage index skips it).
        if (Postings.IsCount(value) || Postings.IsOverflow(value) || Postings.Holders(value, KeyWidth) > _settings.MaxPostings)
        {
            return;
        }

        scratch.Clear();
        Postings.Keys(value, KeyWidth, KeyWidth, scratch);
        foreach (long key in scratch)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(shared, found.Local(key), out _)++;
        }
    }

    private int Width(int table) => table >= Layout.SimHash(0) && table < Layout.Passages ? SimHashWidth : KeyWidth;

    /// <summary>Width of a document key in posting values, the entry of every table but the SimHash ones.</summary>
    private int KeyWidth => Layout.PostingKeyWidth;

    /// <summary>Width of an entry of a SimHash table: the key and the 64-bit SimHash.</summary>
    private int SimHashWidth => KeyWidth + sizeof(ulong);

    private bool IsCapped(int table) => table >= Layout.Passages;

    private Probe Send(IBatch batch, ProbeSource source, int table, ulong fingerprint)
    {
        var (key, field) = Layout.Posting(table, fingerprint);
        return new Probe(source, key, field, batch.HashGetAsync(key, field));
    }

    /// <summary>The values of a lookup's probes, an overflow marker replaced by its list (one more pipelined batch,
    /// only when a probe met one). A capped table's marker counting more holders than the cap is left as it is: the
    /// gate skips such a list anyway. A list moved back inline by a purge between the two reads reads as absent.</summary>
    private async Task<byte[]?[]> ValuesAsync(List<Probe> probes)
    {
        await Task.WhenAll(probes.ConvertAll(p => (Task)p.Reply)).ConfigureAwait(false);
        var values = new byte[]?[probes.Count];
        IBatch? follow = null;
        var followed = new List<(int Probe, Task<RedisValue> List)>();
        for (int i = 0; i < probes.Count; i++)
        {
            Probe probe = probes[i];
            values[i] = probe.Reply.Result;
            bool capped = probe.Source is ProbeSource.Passages or ProbeSource.SpinPassages or ProbeSource.Pairs;
            if (values[i] is { } v && Postings.IsOverflow(v) && !(capped && v[1] > _settings.MaxPostings))
            {
                follow ??= _db.CreateBatch();
                followed.Add((i, follow.HashGetAsync(Layout.Overflow(probe.Key), probe.Field)));
            }
        }

        if (follow is not null)
        {
            Execute(follow, followed.Count);
            await Task.WhenAll(followed.ConvertAll(f => (Task)f.List)).ConfigureAwait(false);
            foreach (var (i, list) in followed)
            {
                values[i] = list.Result;
            }
        }

        return values;
    }

    private long Allocate(int count)
    {
        lock (_allocation)
        {
            if (_endKey - _nextKey < count)
            {
                long take = Math.Max(AllocationRange, count);
                Counted(1);
                long end = _db.StringIncrement(Layout.Allocator, take);
                if (end > Layout.KeyLimit)
                {
                    throw new InvalidOperationException($"{Source}: the index has handed out all {Layout.KeyLimit} document keys its postings can name ({Layout.PostingKeyWidth}-byte keys, fixed by the planned document count at creation).");
                }

                // Whatever was left of the old range is given up: keys need not be dense.
                _nextKey = end - take;
                _endKey = end;
            }

            long first = _nextKey;
            _nextKey += count;
            return first;
        }
    }

    /// <summary>Where a probe's reply goes in the lookup.</summary>
    private enum ProbeSource
    {
        Candidates,
        SimHash,
        Passages,
        SpinLsh,
        SpinPassages,
        Pairs,
    }

    /// <summary>One probe of a lookup and its pending reply.</summary>
    private readonly record struct Probe(ProbeSource Source, RedisKey Key, RedisValue Field, Task<RedisValue> Reply);

    /// <summary>The document keys one lookup met, numbered in the order met.</summary>
    private sealed class FoundKeys
    {
        private readonly Dictionary<long, int> _local = [];

        public List<long> Keys { get; } = [];

        public int Count => Keys.Count;

        public int Local(long key)
        {
            ref int local = ref CollectionsMarshal.GetValueRefOrAddDefault(_local, key, out bool exists);
            if (!exists)
            {
                local = Keys.Count;
                Keys.Add(key);
            }

            return local;
        }
    }

    /// <summary>The gate's view of the headers read for a lookup; a key whose header was not read, or is missing, or
    /// whose record is not live, is not live.</summary>
    private readonly struct HeaderCounts(int count) : IGateCounts
    {
        private readonly byte[] _live = new byte[count];
        private readonly int[] _counts = new int[count * 3];

        public void Set(int key, (byte State, int Passages, int SpinPassages, int Pairs)? header)
        {
            if (header is { State: DocumentRecord.Live } h)
            {
                _live[key] = 1;
                _counts[key * 3] = h.Passages;
                _counts[(key * 3) + 1] = h.SpinPassages;
                _counts[(key * 3) + 2] = h.Pairs;
            }
        }

        public bool IsLive(int key) => _live[key] != 0;

        public int Passages(int key) => _counts[key * 3];

        public int SpinPassages(int key) => _counts[(key * 3) + 1];

        public int Pairs(int key) => _counts[(key * 3) + 2];
    }
}
