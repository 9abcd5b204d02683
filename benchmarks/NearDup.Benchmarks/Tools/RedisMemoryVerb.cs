using System;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Text;
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
/// reads the namespace's memory by structure with <see cref="RedisNearDupIndex.MeasureMemory"/> (the census behind
/// <c>neardup index info --memory</c>: <c>MEMORY USAGE key SAMPLES 0</c>, <c>OBJECT ENCODING</c> and <c>HLEN</c> of every
/// key) and the <c>used_memory</c> delta of <c>INFO memory</c>.
/// </summary>
/// <remarks>Run it against a server of its own (Debian's <c>redis-server --save '' --appendonly no</c>): the
/// <c>used_memory</c> delta counts whatever else the server holds meanwhile. Single node only (the delta is read from
/// the first server).</remarks>
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
        RedisMemoryReport report;
        using (NearDupIndex index = RedisNearDupIndex.OpenReadOnly(RedisLocation.Parse($"redis://{server}/{ns}")))
        {
            report = RedisNearDupIndex.MeasureMemory(index);
        }

        if (!report.IsAvailable)
        {
            Console.Error.WriteLine($"redis-memory: {report.UnavailableReason}");
            return 1;
        }

        Console.WriteLine($"{count:N0} documents (seed {seed}) in batches of {batchSize}, planned for {count:N0}; added in {seconds:0.0} s");
        Console.WriteLine($"| structure | keys | fields / doc | B / field | B / doc | encoding (share of bytes listpack) |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---|");
        foreach (RedisStructureMemory row in report.Structures.Where(r => r.Keys > 0))
        {
            string encodings = string.Join(", ", row.Encodings.OrderByDescending(e => e.Value).Select(e => $"{e.Value} {e.Key}"));
            Console.WriteLine($"| {row.Name} | {row.Keys:N0} | {row.Fields / (double)count:N1} | {row.Bytes / (double)Math.Max(1, row.Fields):N1} | {row.Bytes / (double)count:N0} | {encodings} ({100.0 * row.ListpackBytes / Math.Max(1, row.Bytes):0.#}%) |");
        }

        Console.WriteLine($"| sum of MEMORY USAGE | {report.Keys:N0} | | | {report.Bytes / (double)count:N0} | |");
        Console.WriteLine($"| **used_memory delta** | | | | **{(after - before) / (double)count:N0}** | |");
        return 0;
    }

    private static long UsedMemory(IServer redis) =>
        long.Parse(redis.Info("memory").SelectMany(g => g).First(p => p.Key == "used_memory").Value, Verb.Inv);
}
