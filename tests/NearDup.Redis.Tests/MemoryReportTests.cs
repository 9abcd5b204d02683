using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>
/// <see cref="RedisNearDupIndex.MeasureMemory"/> against a real <c>redis-server</c> this fixture starts (ignored where
/// it is not installed): the split by structure adds up to the memory of every key of the namespace, each key counted
/// once and no key of another namespace; the per-document figure; a refused command and Garnet reported as not
/// available. Every figure is checked against the server's own answer per key, read here apart from the census.
/// </summary>
[TestFixture]
public class MemoryReportTests
{
    // 62 copies of one text: holder lists past the 64-byte listpack value limit, so overflow hashes exist (OverflowTests).
    private const int Copies = 62;
    private const string Copied = "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war. Fishermen said the ledger was the only honest book in town.";

    private RedisServerProcess _server = null!;
    private ConnectionMultiplexer _admin = null!;
    private NearDupIndex _index = null!;

    private IDatabase Db => _admin.GetDatabase();

    [OneTimeSetUp]
    public void Start()
    {
        _server = RedisServerProcess.Start();
        _admin = ConnectionMultiplexer.Connect(_server.Endpoint + ",allowAdmin=true");
        _index = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{_server.Endpoint}/mem"), plannedDocuments: 300);
        _index.AddBatch(Generated(200, seed: 5));
        _index.AddBatch(Enumerable.Range(0, Copies).Select(i => ($"copy{i:00}", Copied)));
        _index.Remove(["copy00"]);

        // Neighbours: another index whose namespace starts with this one's, and keys that are no index's.
        using (NearDupIndex neighbour = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{_server.Endpoint}/mem2"), plannedDocuments: 100))
        {
            neighbour.AddBatch(Generated(20, seed: 6));
        }

        Db.StringSet("{}memx:D12345", "not an index");
        Db.StringSet("mem:plain", "not an index");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _index?.Dispose();
        _admin?.Dispose();
        _server?.Dispose();
    }

    /// <summary>An index of 100 generated documents in namespace <paramref name="ns"/> of the cluster, located by its
    /// first node.</summary>
    private static NearDupIndex Filled(RedisCluster cluster, string ns, ulong seed)
    {
        NearDupIndex index = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{cluster.Endpoints[0]}/{ns}"), plannedDocuments: 100);
        index.AddBatch(Generated(100, seed));
        return index;
    }

    private static IEnumerable<(string Id, string Text)> Generated(int count, ulong seed) =>
        new CorpusGenerator(new CorpusOptions(count, seed)).Generate().Select(d => (d.Id, Encoding.UTF8.GetString(d.Utf8))).ToList();

    /// <summary>Every key of the namespace with its server-side size, read one key at a time, apart from the census.</summary>
    private List<(byte[] Key, long Bytes)> KeysOf(string ns) =>
        _admin.GetServer(_server.Endpoint).Keys(pattern: "*", pageSize: 1_000)
            .Select(k => (byte[])k!)
            .Where(k => k.AsSpan().StartsWith(Encoding.ASCII.GetBytes("{}" + ns + ":")))
            .Select(k => (k, (long)Db.Execute("MEMORY", "USAGE", k, "SAMPLES", "0")))
            .ToList();

    /// <summary>The kind letter after <c>{}mem:</c>.</summary>
    private static char Kind(byte[] key) => (char)key["{}mem:".Length];

    [Test]
    public void The_split_sums_to_the_memory_of_every_key_of_the_namespace()
    {
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(_index);
        Assert.Multiple(() =>
        {
            Assert.That(report.IsAvailable, Is.True, report.UnavailableReason);
            Assert.That(report.Structures.Sum(s => s.Bytes), Is.EqualTo(KeysOf("mem").Sum(k => k.Bytes)));
            Assert.That(report.Bytes, Is.EqualTo(report.Structures.Sum(s => s.Bytes)));
        });
    }

    [Test]
    public void Every_key_of_the_namespace_is_counted_in_exactly_one_family_and_no_other_namespaces_key_is()
    {
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(_index);
        List<(byte[] Key, long Bytes)> keys = KeysOf("mem");
        long Families(RedisStructure from, RedisStructure to) => report.Structures.Where(s => s.Structure >= from && s.Structure <= to).Sum(s => s.Keys);
        long OfKind(params char[] kinds) => keys.Count(k => kinds.Contains(Kind(k.Key)));
        Assert.Multiple(() =>
        {
            Assert.That(report.Keys, Is.EqualTo(keys.Count), "every key once: the neighbours' keys are not counted");
            Assert.That(Families(RedisStructure.ExactHash, RedisStructure.WordPairs), Is.EqualTo(OfKind('T')));
            Assert.That(Families(RedisStructure.ExactHashOverflow, RedisStructure.WordPairsOverflow), Is.EqualTo(OfKind('V')));
            Assert.That(report[RedisStructure.DocumentRecords].Keys, Is.EqualTo(OfKind('D')));
            Assert.That(report[RedisStructure.IdMap].Keys, Is.EqualTo(OfKind('I')));
            Assert.That(report[RedisStructure.Other].Keys, Is.EqualTo(OfKind('M', 'N', 'A', 'W', 'R')), "meta, count, allocator, writers, the removed set (no log or turn is left)");
        });
    }

    [Test]
    public void The_rows_follow_the_key_layout_families()
    {
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(_index);
        Assert.Multiple(() =>
        {
            Assert.That(report.Structures.Select(s => s.Structure), Is.EqualTo(Enum.GetValues<RedisStructure>()), "a row per family, in order");
            Assert.That(report[RedisStructure.DocumentRecords].Keys, Is.EqualTo(200 + Copies), "one record per document added, the removed one's included");
            Assert.That(report[RedisStructure.ExactHashOverflow].Keys, Is.EqualTo(1), "the copies' exact hash overflowed");
            Assert.That(report[RedisStructure.WordLsh].Name, Is.EqualTo("word LSH, 25 bands"));
            Assert.That(report[RedisStructure.ExactHash].Encodings.Keys, Is.EqualTo(new[] { "listpack" }));
            Assert.That(report[RedisStructure.ExactHash].ListpackBytes, Is.EqualTo(report[RedisStructure.ExactHash].Bytes));
            Assert.That(report[RedisStructure.DocumentRecords].Fields, Is.EqualTo(200 + Copies), "a record counts one");
            Assert.That(report[RedisStructure.IdMap].Fields, Is.EqualTo(200 + Copies - 1), "one id per live document");
        });
    }

    [Test]
    public void The_per_document_figure_is_the_total_over_the_live_count()
    {
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(_index);
        Assert.Multiple(() =>
        {
            Assert.That(report.Documents, Is.EqualTo(_index.Count).And.EqualTo(200 + Copies - 1));
            Assert.That(report.BytesPerDocument, Is.EqualTo(report.Bytes / (double)report.Documents));
            Assert.That(report.UsedMemory, Is.GreaterThan(report.Bytes), "the whole server holds more than the namespace's keys");
        });
    }

    [Test]
    public void An_empty_index_has_no_per_document_figure()
    {
        using NearDupIndex empty = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{_server.Endpoint}/empty"), plannedDocuments: 10);
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(empty);
        Assert.Multiple(() =>
        {
            Assert.That(report.IsAvailable, Is.True, report.UnavailableReason);
            Assert.That(report.Keys, Is.EqualTo(1), "the meta hash");
            Assert.That(report.BytesPerDocument, Is.Null);
        });
    }

    [Test]
    public void A_user_the_server_refuses_MEMORY_gets_not_available_naming_the_command_and_not_the_user()
    {
        _admin.GetServer(_server.Endpoint).Execute("ACL", "SETUSER", "censusless", "on", ">pass-in-no-output", "~*", "+@all", "-memory");
        using NearDupIndex index = RedisNearDupIndex.OpenReadOnly(RedisLocation.Parse($"redis://{_server.Endpoint}/mem", user: "censusless", password: "pass-in-no-output"));
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(index);
        Assert.Multiple(() =>
        {
            Assert.That(report.IsAvailable, Is.False);
            Assert.That(report.Structures, Is.Empty);
            Assert.That(report.BytesPerDocument, Is.Null);
            Assert.That(report.UnavailableReason, Is.EqualTo($"{_server.Endpoint} refused MEMORY USAGE: NOPERM (this connection's user may not run it)"));
            Assert.That(report.Source, Is.EqualTo($"redis://{_server.Endpoint}/mem"));
            Assert.That(() => report[RedisStructure.ExactHash], Throws.InvalidOperationException.With.Message.Contains("no memory figures"));
        });
    }

    [Test]
    public void An_index_on_Garnet_gets_not_available_naming_Garnet()
    {
        using GarnetNodes garnet = GarnetNodes.Single();
        using NearDupIndex index = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{garnet.Endpoints[0]}/g"), plannedDocuments: 10);
        index.AddBatch([("a", Copied)]);
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(index);
        Assert.Multiple(() =>
        {
            Assert.That(report.IsAvailable, Is.False);
            Assert.That(report.Documents, Is.EqualTo(1));
            Assert.That(report.UnavailableReason, Does.StartWith($"{garnet.Endpoints[0]} is Garnet ").And.Contain("MEMORY USAGE estimates the .NET objects"));
        });
    }

    [Test]
    public void On_a_cluster_every_primarys_keys_are_counted_and_no_replicas()
    {
        using RedisCluster cluster = RedisCluster.Start();
        using NearDupIndex index = Filled(cluster, "spread", seed: 8);
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(index);
        using ConnectionMultiplexer admin = ConnectionMultiplexer.Connect(string.Join(',', cluster.Endpoints) + ",allowAdmin=true");
        // Each server's role by its own word: the client's IsReplica is learned a moment after it connects.
        IServer[] primaries = admin.GetServers().Where(s => (string?)s.Execute("ROLE")[0] == "master").ToArray();
        var perPrimary = primaries.Select(s => s.Keys(pattern: "{}spread:*", pageSize: 1_000)
            .Sum(k => (long)s.Execute("MEMORY", "USAGE", k, "SAMPLES", "0"))).ToList();
        var keysPerPrimary = primaries.Select(s => s.Keys(pattern: "{}spread:*", pageSize: 1_000).Count()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.IsAvailable, Is.True, report.UnavailableReason);
            Assert.That(keysPerPrimary, Has.Count.EqualTo(3).And.All.GreaterThan(0), "the namespace is spread over the three primaries");
            Assert.That(report.Keys, Is.EqualTo(keysPerPrimary.Sum()));
            Assert.That(report.Bytes, Is.EqualTo(perPrimary.Sum()));
            Assert.That(report[RedisStructure.DocumentRecords].Keys, Is.EqualTo(100), "each record once, not again from its replica");
        });
    }

    [Test]
    public void On_a_cluster_a_replica_that_does_not_answer_leaves_the_count_whole()
    {
        using RedisCluster cluster = RedisCluster.Start();
        using NearDupIndex index = Filled(cluster, "silent", seed: 9);
        int replica = Enumerable.Range(0, cluster.Endpoints.Count).Except(cluster.Primaries()).First();
        long keys;
        using (ConnectionMultiplexer admin = ConnectionMultiplexer.Connect(string.Join(',', cluster.Endpoints) + ",allowAdmin=true"))
        {
            keys = admin.GetServers().Where(s => (string?)s.Execute("ROLE")[0] == "master")
                .Sum(s => (long)s.Keys(pattern: "{}silent:*", pageSize: 1_000).Count());
        }

        // Its primary holds every key it holds: a replica stopped (SIGSTOP: its socket open, nothing answered) is not a
        // reason to have no figures.
        cluster.Pause(replica);
        try
        {
            RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(index);
            Assert.Multiple(() =>
            {
                Assert.That(report.IsAvailable, Is.True, report.UnavailableReason);
                Assert.That(report.Keys, Is.EqualTo(keys));
                Assert.That(report[RedisStructure.DocumentRecords].Keys, Is.EqualTo(100));
            });
        }
        finally
        {
            cluster.Resume(replica);
        }
    }

    [TestCase(false, TestName = "On_a_cluster_a_primary_that_does_not_answer_is_named_and_no_figures_are_given")]
    [TestCase(true, TestName = "On_a_cluster_a_primary_that_does_not_answer_and_holds_the_live_counter_is_named_and_the_count_is_unknown")]
    public void On_a_cluster_a_primary_that_does_not_answer_is_named(bool holdingTheCounter)
    {
        using RedisCluster cluster = RedisCluster.StartPrimariesOnly();
        using ConnectionMultiplexer admin = ConnectionMultiplexer.Connect(string.Join(',', cluster.Endpoints) + ",allowAdmin=true");
        string Owner(string key) => PrimarySurvey.Format(admin.GetDatabase().IdentifyEndpoint(key)!);

        // Never the node the location names, through which the census learns the others. A namespace whose live counter
        // lies on another node, so that the stopped one can be the counter's or not.
        string ns = Enumerable.Range(0, 64).Select(k => $"gone{k}").First(n => Owner($"{{}}{n}:N") != cluster.Endpoints[0]);
        string counterOwner = Owner($"{{}}{ns}:N");
        int primary = cluster.Primaries().First(i => i != 0 && (cluster.Endpoints[i] == counterOwner) == holdingTheCounter);
        using NearDupIndex index = Filled(cluster, ns, seed: 10);
        cluster.Pause(primary);
        try
        {
            RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(index);
            Assert.Multiple(() =>
            {
                Assert.That(report.IsAvailable, Is.False);
                Assert.That(report.Documents, Is.EqualTo(holdingTheCounter ? -1 : 100));
                // Said as it did not answer, or, when the others flagged it failed before the census connection learned
                // of it, as flagged failed there.
                Assert.That(report.UnavailableReason, Does.StartWith($"{cluster.Endpoints[primary]}: it serves slots ").And.EndWith(", so its keys cannot be read"));
                Assert.That(report.UnavailableReason, Does.Contain(" in the cluster map and did not answer (").Or.Contain(" in the cluster map and is flagged failed there"));
            });
        }
        finally
        {
            cluster.Resume(primary);
        }
    }

    [Test]
    public void On_a_cluster_a_primary_killed_and_replaced_by_its_replica_leaves_the_count_whole()
    {
        using RedisCluster cluster = RedisCluster.Start();
        // Each batch acknowledged by a replica too, so that the one promoted holds every write of the primary killed.
        using NearDupIndex index = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{cluster.Endpoints[0]}/failover"), plannedDocuments: 100, waitForReplicas: 1);
        index.AddBatch(Generated(100, seed: 11));
        int victim = cluster.Primaries().First(i => i != 0);
        cluster.Kill(victim);
        cluster.WaitPromotion(victim);

        // The killed node is still in the cluster map, flagged failed; its slots are its promoted replica's now.
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(index);
        long keys;
        using (ConnectionMultiplexer admin = ConnectionMultiplexer.Connect(string.Join(',', cluster.Endpoints.Where((_, i) => i != victim)) + ",allowAdmin=true"))
        {
            keys = admin.GetServers().Where(s => s.IsConnected && (string?)s.Execute("ROLE")[0] == "master")
                .Sum(s => (long)s.Keys(pattern: "{}failover:*", pageSize: 1_000).Count());
        }

        Assert.Multiple(() =>
        {
            Assert.That(report.IsAvailable, Is.True, report.UnavailableReason);
            Assert.That((report.Documents, report.Keys), Is.EqualTo((100L, keys)));
            Assert.That(report[RedisStructure.DocumentRecords].Keys, Is.EqualTo(100));
        });
    }

    [Test]
    public void An_index_not_on_a_server_is_refused_by_name()
    {
        using NearDupIndex memory = NearDupIndex.CreateInMemory();
        Assert.That(() => RedisNearDupIndex.MeasureMemory(memory), Throws.ArgumentException.With.Property("ParamName").EqualTo("index").And.Message.Contains("is not on a Redis server"));
    }
}
