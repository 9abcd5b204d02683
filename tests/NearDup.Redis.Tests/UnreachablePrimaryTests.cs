using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Tests.Support;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>
/// Verification of an index on a real <c>redis-server</c> cluster of three primaries without replicas, one of which is
/// killed after the documents are added and stays down: its records cannot be read, and verify must say so, naming
/// it, rather than pass it over and report the others. The killed primary is one holding records but neither the meta
/// hash nor the live counter, so that the index still opens and the counter still reads. Ignored when redis-server is
/// not installed.
/// </summary>
[TestFixture]
[NonParallelizable]
public class UnreachablePrimaryTests
{
    private const string Namespace = "unread";

    private RedisCluster _cluster = null!;
    private NearDupIndex _index = null!;
    private NearDupIndex _empty = null!;
    private IReadOnlyList<string> _beforeTheKill = null!;
    private string _down = null!;
    private string _up = null!;

    [OneTimeSetUp]
    public void StartClusterAddAndKillAPrimary()
    {
        _cluster = RedisCluster.StartPrimariesOnly();
        _index = RedisNearDupIndex.Create(new RedisLocation([.. _cluster.Endpoints], Namespace), plannedDocuments: 60);
        _index.AddBatch(new CorpusGenerator(new CorpusOptions(60, seed: 5)).Generate().Select(d => (d.Id, Encoding.UTF8.GetString(d.Utf8))).ToList());
        _beforeTheKill = _index.Verify();

        KeyLayout layout = KeyLayout.Plan(Namespace, IndexOptions.Default.CandidateSettings, 1);
        using ConnectionMultiplexer admin = ConnectionMultiplexer.Connect(string.Join(',', _cluster.Endpoints));
        var needed = new HashSet<string> { Format(admin.GetServer(layout.Meta)), Format(admin.GetServer(layout.Count)) };
        int victim = Enumerable.Range(0, _cluster.Endpoints.Count).First(i => !needed.Contains(_cluster.Endpoints[i]));
        Assert.That(admin.GetServer(_cluster.Endpoints[victim]).Keys(pattern: layout.RecordPattern).Any(), Is.True, "the primary to kill holds records");
        _down = _cluster.Endpoints[victim];
        _up = needed.First();

        // An index with no documents, whose meta hash and counter are also on the primaries that stay up: the live
        // counter and the records read agree (none), which is all a verify that passed the primary over would see.
        string empty = Enumerable.Range(0, 100).Select(i => $"empty-{i}").First(ns =>
        {
            KeyLayout l = KeyLayout.Plan(ns, IndexOptions.Default.CandidateSettings, 1);
            return Format(admin.GetServer(l.Meta)) != _down && Format(admin.GetServer(l.Count)) != _down;
        });
        _empty = RedisNearDupIndex.Create(new RedisLocation([.. _cluster.Endpoints], empty), plannedDocuments: 10);
        _cluster.Kill(victim);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _index?.Dispose();
        _empty?.Dispose();
        _cluster?.Dispose();
    }

    [Test]
    public void Verify_finds_nothing_while_every_primary_answers()
    {
        Assert.That(_beforeTheKill, Is.Empty);
    }

    [Test]
    public void Verify_with_a_primary_down_is_not_ok_and_names_it()
    {
        IReadOnlyList<string> problems = _index.Verify();
        Assert.That(problems, Has.Some.Contains($"the records on {_down} were not read (it serves slots "), string.Join('\n', problems));
    }

    [Test]
    public void Verify_of_an_empty_index_with_a_primary_down_is_not_ok_and_names_it()
    {
        IReadOnlyList<string> problems = _empty.Verify();
        Assert.That(problems, Has.Some.Contains($"the records on {_down} were not read (it serves slots "), string.Join('\n', problems));
    }

    [Test]
    public void The_memory_census_through_a_node_that_is_up_is_unavailable_and_names_the_primary_down()
    {
        using NearDupIndex throughOne = RedisNearDupIndex.OpenReadOnly(new RedisLocation([_up], Namespace));
        RedisMemoryReport report = RedisNearDupIndex.MeasureMemory(throughOne);
        Assert.Multiple(() =>
        {
            Assert.That(report.IsAvailable, Is.False, "figures without the primary's keys would be short");
            Assert.That(report.UnavailableReason, Does.Contain(_down));
        });
    }

    [Test]
    public void Index_verify_on_the_command_line_exits_1_naming_a_primary_that_is_down()
    {
        var verify = CliRun.Run(["index", "verify", $"redis://{_up}/{Namespace}"]);
        Assert.Multiple(() =>
        {
            Assert.That(verify.Exit, Is.EqualTo(1), verify.Out + verify.Err);
            Assert.That(verify.Out, Does.Contain($"the records on {_down} were not read (it serves slots ").And.Not.Contain("ok:"));
        });
    }

    private static string Format(IServer server) => server.EndPoint is IPEndPoint ip ? $"{ip.Address}:{ip.Port}" : server.EndPoint.ToString()!;
}
