using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using NearDup.Redis;
using NearDup.Verification;
using StackExchange.Redis;
using static NearDup.Benchmarks.Tools.Shared.Readings;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>redis-load --server HOST:PORT[,HOST:PORT…] | --dir D [--count N] [--queries Q] [--clients C]</c>: adds N
/// generated originals to a new index in batches and times them (documents a second), then times Q hit queries
/// (planted copies of indexed originals) and Q miss queries (originals of another seed): queries a second, latency
/// median and p99, and round trips and commands per query and per batch (<see cref="RedisCandidateIndex.Traffic"/>).
/// With <c>--clients 2</c> two workers, each a <see cref="NearDupIndex"/> of its own with its own connections on the
/// same namespace, add and then query at once: the aggregate and each worker's rates. With <c>--part K/N</c> this
/// process is one of N started at once on the same namespace (<c>benchmarks/eval/redis-two-processes.sh</c>): it takes
/// the K-th of N disjoint shares of the workload, the first to arrive creates the index and the others open it, and
/// the processes start each timed phase together (a barrier kept on the server under the run's <c>--run-id</c>, which
/// every process of the run gives and no other run may share; the run's barrier keys are deleted as it ends).
/// </summary>
/// <remarks>
/// The documents are those of the <c>index</c> verb at the same <c>--count</c> (<see cref="Readings.CopyRich"/>, seed
/// 42; misses <see cref="Readings.Unrelated"/>); <c>--dir</c> runs the same workload on an embedded directory index,
/// the baseline the network's cost is read against (there every worker shares one instance: a directory has one
/// writer). Warm-up: each worker first adds <c>--warmup</c> originals of seed 7 (indexed, never queried) and runs
/// <c>--warmup</c> hits and misses, none of them timed. Workers start each timed phase together (a barrier); a phase's
/// aggregate rate is all its work over the time from its start to the last worker's end. The Redis server's
/// <c>used_memory</c> (summed over the primaries) is read before and after the adds: run against a server of its own.
/// A worker left with nothing timed in a phase (a small <c>--count</c> against <c>--queries</c> and <c>--warmup</c>, or
/// a share of few documents under <c>--part</c>) reports its latency and traffic there as "none timed".
/// </remarks>
internal static class RedisLoadVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var server = new Option<string?>("--server") { Description = "A Redis server or cluster, host:port[,host:port…] (one of its own: its memory is read)." };
        var dir = new Option<string?>("--dir") { Description = "Instead of --server: an embedded index in this folder (deleted first), the baseline." };
        var name = new Option<string>("--namespace") { Description = "A namespace that holds no index yet.", DefaultValueFactory = _ => "load" };
        var count = Verb.Number("--count", "Generated originals to add (the index verb's documents at the same count).", 20_000, 1);
        var queries = Verb.Number("--queries", "Hit queries and miss queries to time, each (split among the workers).", 2_000, 1);
        var batch = Verb.Number("--batch", "Documents per AddBatch.", 200, 1);
        var clients = Verb.Number("--clients", "Workers adding and querying at once, each with an index instance and connections of its own.", 1, 1, 16);
        var warmup = Verb.Number("--warmup", "Per worker: originals added, and hits and misses queried, before the timed phases.", 200, 0);
        var replicas = Verb.Number("--wait-replicas", "Replicas that must confirm each batch (WAIT), as RedisNearDupIndex's waitForReplicas.", 0, 0);
        var part = new Option<string>("--part")
        {
            HelpName = "K/N",
            Description = "This process is the K-th (from 0) of N processes run at once on one namespace: it takes every N-th share of the workload, and the processes start each timed phase together. --server only.",
            DefaultValueFactory = _ => "0/1",
        };
        part.Validators.Add(result =>
        {
            if (Part.TryParse(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"--part takes K/N with 0 <= K < N <= 16 (got '{result.GetValueOrDefault<string>()}').");
            }
        });
        var run = new Option<string?>("--run-id")
        {
            HelpName = "ID",
            Description = "With --part K/N, N > 1 (and required there): names this run's barrier keys on the server. Every process of the run gives the same ID, " +
                "and each run a new one (e.g. $(date +%s%N)). The run's barrier keys are deleted as it ends; those of a run that failed expire after an hour, " +
                "and a run reusing its ID meanwhile is refused where they show it. Letters, digits, '.', '_' and '-', 1 to 64 characters.",
        };
        run.Validators.Add(result =>
        {
            string? id = result.GetValueOrDefault<string?>();
            if (id is null || id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                result.AddError($"--run-id takes 1 to 64 letters, digits, '.', '_' or '-' (got '{id}').");
            }
        });
        return Verb.Command(
            "redis-load",
            "Add a generated corpus to a new index on a Redis server or cluster (or a directory, --dir) from one or more workers at once, then time hit and miss queries: " +
            "documents and queries a second, latency median and p99, round trips per query. No tiered compilation; warm-up adds and queries are not timed.",
            parse => Run(new Settings(
                parse.GetValue(server),
                parse.GetValue(dir),
                parse.GetValue(name)!,
                parse.GetValue(count),
                parse.GetValue(queries),
                parse.GetValue(batch),
                parse.GetValue(clients),
                parse.GetValue(warmup),
                parse.GetValue(replicas),
                Part.TryParse(parse.GetValue(part))!.Value,
                parse.GetValue(run))),
            server, dir, name, count, queries, batch, clients, warmup, replicas, part, run);
    }

    private static int Run(Settings s)
    {
        if ((s.Server is null) == (s.Dir is null))
        {
            Console.Error.WriteLine("redis-load: give either --server or --dir.");
            return Verb.UsageError;
        }

        if (s.Dir is not null && s.Part.Of > 1)
        {
            Console.Error.WriteLine("redis-load: --part applies to --server: a directory index has one writer process.");
            return Verb.UsageError;
        }

        if ((s.Part.Of > 1) != (s.RunId is not null))
        {
            Console.Error.WriteLine(s.RunId is null
                ? $"redis-load: --part {s.Part.Index}/{s.Part.Of} needs --run-id: the same ID in every process of the run, a new one for every run (its barrier keys on the server are named by it)."
                : "redis-load: --run-id applies to --part K/N with N > 1: a single process meets no other.");
            return Verb.UsageError;
        }

        Console.WriteLine($"load average at start: {LoadAverage()}");
        Workload work = Workload.Generate(s);
        Worker[] workers = Open(s, work);
        using ConnectionMultiplexer? admin = s.Server is null ? null : ConnectionMultiplexer.Connect(s.Server + ",allowAdmin=true");
        try
        {
            long memoryBefore = UsedMemory(admin);
            List<Mark> marks = RunPhases(workers, admin, s.Part.Of > 1 ? new ProcessBarrier(admin!, s.Namespace, s.RunId!, s.Part.Of, Phases) : null);
            long memoryAfter = UsedMemory(admin);
            Report(s, workers, marks, memoryAfter - memoryBefore);
        }
        finally
        {
            foreach (NearDupIndex index in workers.Select(w => w.Index).Distinct())
            {
                index.Dispose();
            }
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        return 0;
    }

    /// <summary>Creates the index (the first worker) and opens it again for every other worker (on a server), or shares
    /// the one directory index; hands each worker its share of the batches and queries.</summary>
    private static Worker[] Open(Settings s, Workload work)
    {
        NearDupIndex first;
        if (s.Dir is { } dir)
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            first = NearDupIndex.Create(dir);
        }
        else
        {
            try
            {
                first = RedisNearDupIndex.Create(Location(s), plannedDocuments: s.Count + (s.Workers * s.Warmup), waitForReplicas: s.WaitReplicas);
            }
            catch (IOException) when (s.Part.Of > 1)
            {
                // Another process of the run created it first (the create script refuses a namespace holding one).
                first = RedisNearDupIndex.Open(Location(s), waitForReplicas: s.WaitReplicas);
            }
        }

        var workers = new Worker[s.Clients];
        for (int c = 0; c < s.Clients; c++)
        {
            NearDupIndex index = c == 0 || s.Dir is not null ? first : RedisNearDupIndex.Open(Location(s), waitForReplicas: s.WaitReplicas);
            int worker = (s.Part.Index * s.Clients) + c; // numbered over the whole run
            workers[c] = new Worker(worker, index, work.Share(worker, s.Workers), s.Batch, s.Warmup);
        }

        return workers;
    }

    private static RedisLocation Location(Settings s) => RedisLocation.Parse($"redis://{s.Server}/{s.Namespace}");

    /// <summary>The barriers every worker meets: after the warm-up adds, the timed adds, the warm-up queries, the timed
    /// hits and the timed misses (<see cref="Worker.Run"/>).</summary>
    private const int Phases = 5;

    /// <summary>Runs every worker on a thread of its own through the phases, each phase started by all at once.</summary>
    /// <returns>The CPU time of this process and of the servers at each barrier: before the adds, after them, before
    /// the hits, after them (before the misses), after the misses.</returns>
    private static List<Mark> RunPhases(Worker[] workers, ConnectionMultiplexer? admin, ProcessBarrier? processes)
    {
        var marks = new List<Mark>();
        using var barrier = new Barrier(workers.Length, b =>
        {
            processes?.Arrive(b.CurrentPhaseNumber);
            marks.Add(new Mark(ServerCpu(admin), Environment.CpuUsage.TotalTime.TotalSeconds, Stopwatch.GetTimestamp()));
        });
        var threads = workers.Select(w => new Thread(() => w.Run(barrier)) { Name = $"worker {w.Client}" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (workers.FirstOrDefault(w => w.Failure is not null) is { } failed)
        {
            throw new IOException($"worker {failed.Client} failed: {failed.Failure!.Message}", failed.Failure);
        }

        return marks;
    }

    private static void Report(Settings s, Worker[] workers, List<Mark> marks, long memoryDelta)
    {
        string where = s.Dir is null ? $"{s.Server} namespace {s.Namespace}{(s.WaitReplicas > 0 ? $", waiting for {s.WaitReplicas} replica(s)" : "")}" : $"directory {s.Dir}";
        string part = s.Part.Of > 1 ? $" in this process, part {s.Part.Index} of {s.Part.Of} processes ({s.Workers} workers in all)" : "";
        Console.WriteLine($"{where}: {s.Count:N0} originals in batches of {s.Batch:N0}, {s.Clients} worker(s){part}, {s.Warmup:N0} warm-up documents and queries per worker");
        foreach (Phase phase in Enum.GetValues<Phase>())
        {
            double wall = (workers.Max(w => w.Ends[(int)phase]) - workers.Min(w => w.Starts[(int)phase])) / (double)Stopwatch.Frequency;
            int done = workers.Sum(w => WorkOf(w, phase));
            string unit = phase == Phase.Add ? "documents" : "queries";
            (Mark from, Mark to) = phase switch
            {
                Phase.Add => (marks[0], marks[1]),
                Phase.Hits => (marks[2], marks[3]),
                _ => (marks[3], marks[4]),
            };
            double span = (to.Ticks - from.Ticks) / (double)Stopwatch.Frequency;
            string cpu = string.Create(Verb.Inv, $"CPU over its {span:0.00} s: this process {to.ClientCpu - from.ClientCpu:0.00} s{(s.Dir is null ? $", the servers {to.ServerCpu - from.ServerCpu:0.00} s" : "")} ({Environment.ProcessorCount} cores)");
            Console.WriteLine($"{Name(phase)}: {done:N0} {unit} in {wall:0.00} s, {(wall > 0 ? done / wall : 0):N0} {unit}/s in all; {cpu}");
            foreach (Worker w in workers)
            {
                List<double> times = w.Times[(int)phase];
                times.Sort();
                double seconds = (w.Ends[(int)phase] - w.Starts[(int)phase]) / (double)Stopwatch.Frequency;
                var (trips, commands) = w.Traffic[(int)phase];
                int calls = times.Count;
                string per = phase == Phase.Add ? "batch" : "query";
                string traffic = s.Dir is null && times.Count > 0 ? string.Create(Verb.Inv, $", {trips / (double)calls:0.00} round trips and {commands / (double)calls:N0} commands per {per}") : "";
                string outcome = phase switch
                {
                    Phase.Hits => $", original found for {w.Found:N0}",
                    Phase.Misses => $", {w.Flagged:N0} got a verdict",
                    _ => "",
                };
                string latency = times.Count == 0
                    ? $"per {per}: none timed"
                    : string.Create(Verb.Inv, $"per {per} median {Pct(times, 0.5) / 1000:0.00} ms, p99 {Pct(times, 0.99) / 1000:0.00} ms");
                double rate = seconds > 0 ? WorkOf(w, phase) / seconds : 0;
                Console.WriteLine(string.Create(Verb.Inv, $"  worker {w.Client}: {WorkOf(w, phase):N0} {unit} in {seconds:0.00} s, {rate:N0}/s; {latency}{traffic}{outcome}"));
            }
        }

        if (s.Dir is null && s.Part.Of == 1)
        {
            // With several processes each reads the servers at its own moments: the caller measures the run instead.
            Console.WriteLine($"server used_memory delta over the adds (all primaries): {memoryDelta / (double)(s.Count + (s.Workers * s.Warmup)):N0} B per document");
        }
    }

    /// <summary>Documents added (the add phase, whose times are per batch) or queries run.</summary>
    private static int WorkOf(Worker w, Phase phase) => phase == Phase.Add ? w.Added : w.Times[(int)phase].Count;

    private static string Name(Phase phase) => phase switch
    {
        Phase.Add => "adds",
        Phase.Hits => "hit queries",
        _ => "miss queries",
    };

    /// <summary>The <c>used_memory</c> of every primary, summed; 0 for a directory.</summary>
    private static long UsedMemory(ConnectionMultiplexer? admin) =>
        admin is null ? 0 : admin.GetServers().Where(v => !v.IsReplica).Sum(v => long.Parse(Info(v, "memory", "used_memory"), Verb.Inv));

    /// <summary>CPU seconds (user and system) every node, replicas included, has used so far; 0 for a directory.</summary>
    private static double ServerCpu(ConnectionMultiplexer? admin) =>
        admin is null ? 0 : admin.GetServers().Sum(v => double.Parse(Info(v, "cpu", "used_cpu_user"), Verb.Inv) + double.Parse(Info(v, "cpu", "used_cpu_sys"), Verb.Inv));

    private static string Info(IServer server, string section, string field) => server.Info(section).SelectMany(g => g).First(p => p.Key == field).Value;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    /// <summary>The verb's options.</summary>
    private sealed record Settings(string? Server, string? Dir, string Namespace, int Count, int Queries, int Batch, int Clients, int Warmup, int WaitReplicas, Part Part, string? RunId)
    {
        /// <summary>Workers of the whole run, over every process: the workload is split in that many shares.</summary>
        public int Workers => Clients * Part.Of;
    }

    /// <summary>Which of the run's processes this is (<c>--part K/N</c>).</summary>
    private readonly record struct Part(int Index, int Of)
    {
        /// <summary>K/N with 0 &lt;= K &lt; N &lt;= 16, or null.</summary>
        public static Part? TryParse(string? text)
        {
            string[] parts = (text ?? "").Split('/');
            return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, Verb.Inv, out int k) && int.TryParse(parts[1], NumberStyles.None, Verb.Inv, out int n) && n is >= 1 and <= 16 && k < n
                ? new Part(k, n)
                : null;
        }
    }

    /// <summary>
    /// The processes of one run meet at each phase of the in-process barrier: a counter per phase on the server (keys
    /// outside the index's namespace, so they are not counted in the index's memory, and named by the run's
    /// <c>--run-id</c>, so that another run on the namespace, before or after, never meets this one's counters), raised by
    /// each process as it arrives and read until all have. Polled every 5 ms: the phases start within a few milliseconds
    /// of each other.
    /// </summary>
    /// <remarks>
    /// Cleaned as the run ends: once a process has passed the last phase, every process has passed the earlier ones (it
    /// could pass the last only when all had arrived there), so it deletes their counters; the last process to pass the
    /// last phase (a second counter, of those that passed it) deletes that phase's counter and its own. A counter found
    /// above the run's processes when arriving, or a later phase's counter found at the first, means an earlier run used
    /// this ID: refused. A run that fails leaves its counters, which expire after an hour.
    /// </remarks>
    private sealed class ProcessBarrier(ConnectionMultiplexer connection, string ns, string run, int processes, int phases)
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);
        private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

        private RedisKey Key(string what) => new($"neardup-bench:{ns}:{run}:{what}");

        public void Arrive(long phase)
        {
            IDatabase db = connection.GetDatabase();
            if (phase == 0 && db.KeyExists(Key("barrier:1")))
            {
                throw Reused();
            }

            RedisKey key = Key($"barrier:{phase}");
            long arrived = db.StringIncrement(key);
            db.KeyExpire(key, Lifetime);
            if (arrived > processes)
            {
                throw Reused();
            }

            var waited = Stopwatch.StartNew();
            while ((long)db.StringGet(key) < processes)
            {
                if (waited.Elapsed > Patience)
                {
                    throw new TimeoutException($"the other processes of the run did not reach phase {phase} within {Patience.TotalMinutes:0} minutes (one failed?).");
                }

                Thread.Sleep(5);
            }

            if (phase == phases - 1)
            {
                Leave(db, phase);
            }
        }

        /// <summary>After the last phase: the earlier phases' counters deleted, and the last one's by the last to leave.
        /// One key a <c>DEL</c>: on a cluster the keys lie in different slots, which one command may not span.</summary>
        private void Leave(IDatabase db, long last)
        {
            for (int p = 0; p < last; p++)
            {
                db.KeyDelete(Key($"barrier:{p}"));
            }

            RedisKey left = Key("left");
            long gone = db.StringIncrement(left);
            db.KeyExpire(left, Lifetime);
            if (gone == processes)
            {
                db.KeyDelete(Key($"barrier:{last}"));
                db.KeyDelete(left);
            }
        }

        private InvalidOperationException Reused() =>
            new($"--run-id {run} was used by an earlier run on namespace {ns} (its barrier keys are still on the server): give every run a new ID.");
    }

    /// <summary>The servers' and this process's CPU seconds, and the clock, at a barrier.</summary>
    private readonly record struct Mark(double ServerCpu, double ClientCpu, long Ticks);

    /// <summary>A query: a planted copy and the original it copies, or a miss (no original).</summary>
    private sealed record Query(string Id, byte[] Utf8, string? Original);

    /// <summary>The timed phases, in order.</summary>
    private enum Phase
    {
        Add,
        Hits,
        Misses,
    }

    /// <summary>Every document and query of a run, as UTF-8 (half the memory of strings; decoded when used).</summary>
    private sealed class Workload
    {
        private Workload(List<(string Id, byte[] Utf8)> originals, List<(string Id, byte[] Utf8)> warm, List<Query> hits, List<Query> misses)
        {
            Originals = originals;
            Warm = warm;
            Hits = hits;
            Misses = misses;
        }

        public List<(string Id, byte[] Utf8)> Originals { get; }

        public List<(string Id, byte[] Utf8)> Warm { get; }

        public List<Query> Hits { get; }

        public List<Query> Misses { get; }

        /// <summary>The index verb's originals and planted copies (copies only of originals indexed before them), the
        /// warm-up originals of seed 7 and the misses of seed 4242.</summary>
        public static Workload Generate(Settings s)
        {
            int wanted = s.Queries + (s.Warmup * s.Workers);
            var originals = new List<(string Id, byte[] Utf8)>(s.Count);
            var indexed = new HashSet<string>(StringComparer.Ordinal);
            var hits = new List<Query>();
            foreach (GeneratedDocument doc in CopyRich(s.Count * 2).Generate())
            {
                if (originals.Count >= s.Count && hits.Count >= wanted)
                {
                    break;
                }

                if (doc.Labels.Count == 0)
                {
                    if (originals.Count < s.Count)
                    {
                        originals.Add((doc.Id, doc.Utf8.ToArray()));
                        indexed.Add(doc.Id);
                    }
                }
                else if (hits.Count < wanted && doc.Labels[0] is { Optional: false } label && indexed.Contains(label.A))
                {
                    hits.Add(new Query(doc.Id, doc.Utf8.ToArray(), label.A));
                }
            }

            // --warmup 0: none (the generator refuses to make no documents).
            var warm = s.Warmup == 0 ? [] : new CorpusGenerator(new CorpusOptions(s.Warmup * s.Workers, seed: 7, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
                .Generate().Select(d => ("warm-" + d.Id, d.Utf8.ToArray())).ToList();
            var misses = Unrelated(wanted).Select(d => new Query("miss-" + d.Id, d.Utf8.ToArray(), null)).ToList();
            return new Workload(originals, warm, hits, misses);
        }

        /// <summary>Worker <paramref name="client"/>'s share: every <paramref name="clients"/>-th original, warm-up
        /// original, hit and miss.</summary>
        public Share Share(int client, int clients)
        {
            static List<T> Every<T>(List<T> all, int client, int clients) => all.Where((_, i) => i % clients == client).ToList();
            return new Share(Every(Originals, client, clients), Every(Warm, client, clients), Every(Hits, client, clients), Every(Misses, client, clients));
        }
    }

    /// <summary>What one worker adds and asks.</summary>
    private sealed record Share(List<(string Id, byte[] Utf8)> Originals, List<(string Id, byte[] Utf8)> Warm, List<Query> Hits, List<Query> Misses);

    /// <summary>One worker: its index instance, its share, and what it measured per phase.</summary>
    private sealed class Worker(int client, NearDupIndex index, Share share, int batchSize, int warmup)
    {
        public int Client { get; } = client;

        public NearDupIndex Index { get; } = index;

        /// <summary>Per phase: µs of each batch (adds) or query.</summary>
        public List<double>[] Times { get; } = [[], [], []];

        public long[] Starts { get; } = new long[3];

        public long[] Ends { get; } = new long[3];

        public (long RoundTrips, long Commands)[] Traffic { get; } = new (long, long)[3];

        public int Added { get; private set; }

        public int Found { get; private set; }

        public int Flagged { get; private set; }

        public Exception? Failure { get; private set; }

        /// <summary>Warm-up adds, timed adds, warm-up queries, timed hits, timed misses; each timed phase begins when
        /// every worker reached it. A failure is kept (the barrier is left so the others finish).</summary>
        public void Run(Barrier barrier)
        {
            try
            {
                AddAll(share.Warm, timed: null);
                barrier.SignalAndWait();
                Timed(Phase.Add, () => AddAll(share.Originals, Times[(int)Phase.Add]));
                barrier.SignalAndWait();
                foreach (Query q in share.Hits.Take(warmup).Concat(share.Misses.Take(warmup)))
                {
                    Index.Query(Encoding.UTF8.GetString(q.Utf8), q.Id);
                }

                barrier.SignalAndWait();
                Timed(Phase.Hits, () => QueryAll(share.Hits.Skip(warmup), Times[(int)Phase.Hits]));
                barrier.SignalAndWait();
                Timed(Phase.Misses, () => QueryAll(share.Misses.Skip(warmup), Times[(int)Phase.Misses]));
                barrier.SignalAndWait();
            }
            catch (BarrierPostPhaseException e) when (e.InnerException is { } meeting)
            {
                // The meeting of the processes failed (timed out, or the run ID was used before): every worker gets it.
                Failure = meeting;
                barrier.RemoveParticipant();
            }
            catch (Exception e) when (e is IOException or RedisException or TimeoutException or ArgumentException or InvalidOperationException)
            {
                Failure = e;
                barrier.RemoveParticipant();
            }
        }

        private void Timed(Phase phase, Action work)
        {
            (long, long) before = Counters();
            Starts[(int)phase] = Stopwatch.GetTimestamp();
            work();
            Ends[(int)phase] = Stopwatch.GetTimestamp();
            (long trips, long commands) = Counters();
            Traffic[(int)phase] = (trips - before.Item1, commands - before.Item2);
        }

        private (long, long) Counters() => Index.Backend is RedisCandidateIndex redis ? redis.Traffic : (0, 0);

        private void AddAll(List<(string Id, byte[] Utf8)> documents, List<double>? timed)
        {
            for (int at = 0; at < documents.Count; at += batchSize)
            {
                var batch = documents.Skip(at).Take(batchSize).Select(d => (d.Id, Encoding.UTF8.GetString(d.Utf8))).ToList();
                long start = Stopwatch.GetTimestamp();
                Index.AddBatch(batch);
                timed?.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                Added += timed is null ? 0 : batch.Count;
            }
        }

        private void QueryAll(IEnumerable<Query> queries, List<double> times)
        {
            foreach (Query q in queries)
            {
                string text = Encoding.UTF8.GetString(q.Utf8);
                long start = Stopwatch.GetTimestamp();
                IReadOnlyList<PairVerdict> verdicts = Index.Query(text, q.Id);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                if (q.Original is { } original)
                {
                    Found += verdicts.Any(v => v.A == original) ? 1 : 0;
                }
                else
                {
                    Flagged += verdicts.Count > 0 ? 1 : 0;
                }
            }
        }
    }
}
