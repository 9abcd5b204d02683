using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NearDup.Benchmarks.Corpus;
using NearDup.Benchmarks.Tools.Shared;
using NearDup.Detection;
using NearDup.Redis;
using StackExchange.Redis;

namespace NearDup.Benchmarks.Tools;

/// <summary>
/// <c>redis-memory --server HOST:PORT</c>: the server memory per document of an index on a Redis server, split by
/// structure — the figures of the table in <c>src/NearDup.Redis/README.md</c>. Generates a corpus
/// (<see cref="CorpusGenerator"/>), adds it in batches to a new namespace planned for exactly that many documents, then
/// reads <c>MEMORY USAGE key SAMPLES 0</c> and <c>OBJECT ENCODING</c> of every key of the namespace and the
/// <c>used_memory</c> delta of <c>INFO memory</c>.
/// </summary>
/// <remarks>Run it against a server of its own (Debian's <c>redis-server --save '' --appendonly no</c>): the
/// <c>used_memory</c> delta counts whatever else the server holds meanwhile. Single node only (SCAN of one server).</remarks>
internal static class RedisMemoryVerb
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Build()
    {
        var server = new Option<string>("--server") { Description = "The Redis server, host:port (a server of its own: its used_memory delta is the index's).", Required = true };
        var name = new Option<string>("--namespace") { Description = "A namespace that holds no index yet.", DefaultValueFactory = _ => "mem" };
        var count = Verb.Number("--count", "Documents to generate and add.", 10_000, 1);
        var seed = Verb.Number<ulong>("--seed", "Corpus seed.", 3, 0);
        var batch = Verb.Number("--batch", "Documents per add.", 200, 1);
        return Verb.Command(
            "redis-memory",
            "Add a generated corpus to a new index on a Redis server and print the server memory per document by structure (MEMORY USAGE per key, used_memory delta).",
            parse => Run(parse.GetValue(server)!, parse.GetValue(name)!, parse.GetValue(count), parse.GetValue(seed), parse.GetValue(batch)),
            server,
            name,
            count,
            seed,
            batch);
    }

    private static int Run(string server, string ns, int count, ulong seed, int batchSize)
    {
        var documents = new CorpusGenerator(new CorpusOptions(count, seed)).Generate()
            .Select(d => (d.Id, Text: Encoding.UTF8.GetString(d.Utf8))).ToList();
        using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(server + ",allowAdmin=true");
        IServer redis = connection.GetServers()[0];
        IDatabase db = connection.GetDatabase();
        long before = UsedMemory(redis);
        var clock = Stopwatch.StartNew();
        using (NearDupIndex index = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{server}/{ns}"), plannedDocuments: count))
        {
            for (int at = 0; at < documents.Count; at += batchSize)
            {
                index.AddBatch(documents.Skip(at).Take(batchSize));
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        long after = UsedMemory(redis);
        KeyLayout layout = KeyLayout.Plan(ns, IndexOptions.Default.CandidateSettings, 1);
        var rows = new SortedDictionary<int, Row>();
        // Three reads a key, pipelined a thousand keys at a time (one round trip a key took most of an hour at 100,000
        // documents on a loaded machine).
        foreach (RedisKey[] page in redis.Keys(pattern: "{}" + ns + ":*", pageSize: 1_000).Chunk(1_000))
        {
            var reads = page.Select(key =>
            {
                (int order, string structure, bool isHash) = Structure(layout, (byte[])key!, ("{}" + ns + ":").Length);
                return (
                    Order: order,
                    Structure: structure,
                    Bytes: db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"),
                    Encoding: db.ExecuteAsync("OBJECT", "ENCODING", key),
                    Fields: isHash ? db.HashLengthAsync(key) : Task.FromResult(1L));
            }).ToList();
            foreach (var read in reads)
            {
                if (!rows.TryGetValue(read.Order, out Row? row))
                {
                    rows[read.Order] = row = new Row(read.Structure);
                }

                long bytes = (long)read.Bytes.GetAwaiter().GetResult();
                string encoding = (string)read.Encoding.GetAwaiter().GetResult()!;
                row.Keys++;
                row.Bytes += bytes;
                row.Entries += read.Fields.GetAwaiter().GetResult();
                if (encoding == "listpack")
                {
                    row.ListpackBytes += bytes;
                }

                row.Encodings[encoding] = row.Encodings.GetValueOrDefault(encoding) + 1;
            }
        }

        Console.WriteLine($"{count:N0} documents (seed {seed}) in batches of {batchSize}, planned for {count:N0}; added in {seconds:0.0} s");
        Console.WriteLine($"| structure | keys | fields / doc | B / field | B / doc | encoding (share of bytes listpack) |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---|");
        long sum = 0;
        foreach (Row row in rows.Values)
        {
            sum += row.Bytes;
            string encodings = string.Join(", ", row.Encodings.OrderByDescending(e => e.Value).Select(e => $"{e.Value} {e.Key}"));
            Console.WriteLine($"| {row.Structure} | {row.Keys:N0} | {row.Entries / (double)count:N1} | {row.Bytes / (double)Math.Max(1, row.Entries):N1} | {row.Bytes / (double)count:N0} | {encodings} ({100.0 * row.ListpackBytes / Math.Max(1, row.Bytes):0.#}%) |");
        }

        Console.WriteLine($"| sum of MEMORY USAGE | | | | {sum / (double)count:N0} | |");
        Console.WriteLine($"| **used_memory delta** | | | | **{(after - before) / (double)count:N0}** | |");
        return 0;
    }

    /// <summary>The row a key counts in: posting tables by kind (every band of a kind in one row), overflow lists by
    /// the kind of their table, records, the id map, the rest.</summary>
    private static (int Order, string Structure, bool IsHash) Structure(KeyLayout layout, byte[] key, int prefix)
    {
        char kind = (char)key[prefix];
        if (kind is 'T' or 'V')
        {
            int table = key[prefix + 1];
            (int order, string name) = table == KeyLayout.Exact ? (0, "exact hash")
                : table < layout.SpinBand(0) ? (1, $"word LSH, {layout.WordBands} bands")
                : table < layout.SimHash(0) ? (2, $"spin LSH, {layout.SpinBands} bands")
                : table < layout.Passages ? (3, $"SimHash, {layout.SimHashMasks.Length} tables")
                : table == layout.Passages ? (4, "word passages")
                : table == layout.SpinPassages ? (5, "spin passages")
                : (6, "word pairs");
            return kind == 'T' ? (order, name, true) : (10 + order, "overflow hashes: " + name, true);
        }

        return kind switch
        {
            'D' => (20, "document records", false),
            'I' => (21, "id map", true),
            _ => (22, "other (meta, counters, logs)", false),
        };
    }

    private static long UsedMemory(IServer redis) =>
        long.Parse(redis.Info("memory").SelectMany(g => g).First(p => p.Key == "used_memory").Value, Verb.Inv);

    private sealed class Row(string structure)
    {
        public string Structure { get; } = structure;

        public long Keys { get; set; }

        public long Bytes { get; set; }

        public long ListpackBytes { get; set; }

        public long Entries { get; set; }

        public Dictionary<string, int> Encodings { get; } = [];
    }
}
