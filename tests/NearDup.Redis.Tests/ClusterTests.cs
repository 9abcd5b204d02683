using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>The backend against three Garnet primaries in this process: keys spread over the shards, the server hashes
/// keys as the layout intends, and a slot moved after the client learned the map is followed (MOVED).</summary>
[TestFixture]
public class ClusterTests
{
    private GarnetNodes _nodes = null!;
    private ConnectionMultiplexer _admin = null!;

    [OneTimeSetUp]
    public void StartCluster()
    {
        _nodes = GarnetNodes.Cluster();
        _admin = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { _nodes.Endpoints[0], _nodes.Endpoints[1], _nodes.Endpoints[2] }, AllowAdmin = true });
    }

    [OneTimeTearDown]
    public void StopCluster()
    {
        _admin?.Dispose();
        _nodes?.Dispose();
    }

    [Test]
    public void Index_opened_through_one_node_spreads_over_all_three_and_answers_as_the_embedded_index()
    {
        var analyzer = new DocumentAnalyzer();
        List<AnalyzedDocument> documents = new CorpusGenerator(new CorpusOptions(200, seed: 11))
            .Generate()
            .Select(d => analyzer.Analyze(d.Id, Encoding.UTF8.GetString(d.Utf8)))
            .ToList();
        var location = new RedisLocation([_nodes.Endpoints[1]], "spread");
        using NearDupIndex embedded = NearDupIndex.CreateInMemory();
        using (NearDupIndex created = RedisNearDupIndex.Create(location, plannedDocuments: 200))
        {
            created.AddBatch(documents);
            embedded.AddBatch(documents);
        }

        using NearDupIndex index = RedisNearDupIndex.Open(location);
        var perNode = _nodes.Endpoints.ConvertAll(e => _admin.GetServer(e).Keys(pattern: "{}spread:*", pageSize: 1_000).Count());
        Assert.Multiple(() =>
        {
            Assert.That(perNode, Has.All.GreaterThan(100), $"keys per node: {string.Join(", ", perNode)}");
            Assert.That(index.Count, Is.EqualTo(200));
            foreach (AnalyzedDocument d in documents.Take(60))
            {
                Assert.That(Lines(index.Query(d)), Is.EqualTo(Lines(embedded.Query(d))), d.Id);
            }
        });
    }

    [Test]
    public void Verify_reads_every_primary_and_finds_nothing_in_a_sound_index()
    {
        var analyzer = new DocumentAnalyzer();
        var location = new RedisLocation([_nodes.Endpoints[2]], "verified");
        using NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 60);
        index.AddBatch(new CorpusGenerator(new CorpusOptions(60, seed: 12)).Generate().Select(d => analyzer.Analyze(d.Id, Encoding.UTF8.GetString(d.Utf8))).ToList());
        var perNode = _nodes.Endpoints.ConvertAll(e => _admin.GetServer(e).Keys(pattern: "{}verified:D*", pageSize: 1_000).Count());
        Assert.Multiple(() =>
        {
            Assert.That(perNode, Has.All.GreaterThan(0), $"records per node: {string.Join(", ", perNode)}");
            Assert.That(index.Verify(), Is.Empty, "every primary's slots read (Garnet's CLUSTER NODES), and the counter matches");
        });
    }

    [Test]
    public void The_server_hashes_brace_keys_whole_as_the_layout_intends()
    {
        KeyLayout layout = KeyLayout.Plan("crawl", IndexOptions.Default.CandidateSettings, 1L << 40);
        IServer server = _admin.GetServer(_nodes.Endpoints[0]);
        foreach (ulong f in KeyLayoutTests.BraceFingerprints().Take(32))
        {
            byte[] key = (byte[])layout.Posting(KeyLayout.WordBand(3), f).Key!;
            Assert.That((int)server.Execute("CLUSTER", "KEYSLOT", key), Is.EqualTo(Slots.Of(key)));
        }
    }

    [Test]
    public void A_slot_moved_after_the_client_learned_the_map_is_followed()
    {
        var location = new RedisLocation(_nodes.Endpoints, "moved");
        using NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 100);
        var backend = (RedisCandidateIndex)index.Backend;

        // The live counter's slot holds no key yet: hand it to another node behind the client's back.
        RedisKey counter = backend.Layout.Count;
        int slot = Slots.Of((byte[])counter!);
        int from = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2, to = (from + 1) % 3;
        string toId = NodeId(to);
        _admin.GetServer(_nodes.Endpoints[to]).Execute("CLUSTER", "SETSLOT", slot, "NODE", toId);
        _admin.GetServer(_nodes.Endpoints[to]).Execute("CLUSTER", "BUMPEPOCH");
        _admin.GetServer(_nodes.Endpoints[from]).Execute("CLUSTER", "SETSLOT", slot, "NODE", toId);
        // The third node learns it by gossip: seconds on an idle machine, more than 20 s once on a loaded CI machine.
        // (Telling it with SETSLOT as well, as a resharding would, left Garnet serving no node for other slots.)
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_nodes.Endpoints.All(e => SlotOwner(e, slot) == toId))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the nodes did not agree on the moved slot within 60 s");
            Thread.Sleep(100);
        }

        Assert.That(backend.Connection.GetServer(counter).EndPoint.ToString(), Does.EndWith(":" + _nodes.Ports[from]), "the client still maps the slot to its old owner");
        index.Add("a", "The harbour master counted forty boats at dawn, each painted a different shade of blue.");
        Assert.Multiple(() =>
        {
            Assert.That(index.Count, Is.EqualTo(1));
            Assert.That(_admin.GetServer(_nodes.Endpoints[to]).Keys(pattern: "{}moved:N").Count(), Is.EqualTo(1), "the counter was written on the new owner");
            Assert.That(index.Query("The harbour master counted forty boats at dawn, each painted a different shade of blue.").Select(v => v.Kind), Is.EqualTo(new[] { MatchKind.Exact }));
        });
    }

    private string NodeId(int node) => ((string?)_admin.GetServer(_nodes.Endpoints[node]).Execute("CLUSTER", "MYID"))!;

    private string? SlotOwner(string endpoint, int slot)
    {
        foreach (string line in ((string?)_admin.GetServer(endpoint).Execute("CLUSTER", "NODES"))!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ');
            foreach (string range in f.Skip(8))
            {
                string[] ends = range.Split('-');
                if (int.TryParse(ends[0], out int lo) && int.TryParse(ends[^1], out int hi) && slot >= lo && slot <= hi)
                {
                    return f[0];
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Lines(IReadOnlyList<PairVerdict> verdicts) =>
        verdicts.Select(v => $"{v.A}~{v.B} {v.Kind} {v.Score:R}").Order(StringComparer.Ordinal);
}
