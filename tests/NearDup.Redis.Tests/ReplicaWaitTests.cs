using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Redis.Tests;

/// <summary>Batches acknowledged only once a replica has their log entry (<c>WAIT</c>), against a real
/// <c>redis-server</c> primary and replica (Garnet has no <c>WAIT</c>); ignored when redis-server is not installed.</summary>
[TestFixture]
[NonParallelizable]
public class ReplicaWaitTests
{
    private const string Text = "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war.";

    [Test]
    public void Without_an_append_only_file_the_index_waits_with_WAIT_whatever_the_version()
    {
        // WAITAOF 1 is an error on a primary without an AOF, so even a server that has the command gets WAIT here.
        using RedisServerProcess primary = RedisServerProcess.Start();
        using RedisServerProcess replica = RedisServerProcess.Start(primary);
        var location = new RedisLocation([primary.Endpoint], "detect");
        using NearDupIndex waiting = RedisNearDupIndex.Create(location, plannedDocuments: 100, waitForReplicas: 1);
        using NearDupIndex notWaiting = RedisNearDupIndex.Open(location);
        waiting.Add("a", Text);
        Assert.Multiple(() =>
        {
            Assert.That(((RedisCandidateIndex)waiting.Backend).WaitCommand, Is.EqualTo(ReplicaWaitCommand.Wait));
            Assert.That(((RedisCandidateIndex)notWaiting.Backend).WaitCommand, Is.EqualTo(ReplicaWaitCommand.None));
            Assert.That(Calls(primary, "waitaof"), Is.Zero);
            Assert.That(Calls(primary, "wait"), Is.EqualTo(3), "the meta hash, the add's log entry and its writes");
        });
    }

    [Test]
    public void With_an_append_only_file_the_index_waits_with_WAITAOF_only_where_the_server_has_it()
    {
        using RedisServerProcess primary = RedisServerProcess.Start();
        using RedisServerProcess replica = RedisServerProcess.Start(primary);
        string version;
        using (var admin = StackExchange.Redis.ConnectionMultiplexer.Connect(primary.Endpoint + ",allowAdmin=true"))
        {
            StackExchange.Redis.IServer server = admin.GetServer(primary.Endpoint);
            server.ConfigSet("appendonly", "yes");
            version = server.Version.ToString();
        }

        using (var admin = StackExchange.Redis.ConnectionMultiplexer.Connect(replica.Endpoint + ",allowAdmin=true"))
        {
            admin.GetServer(replica.Endpoint).ConfigSet("appendonly", "yes");
        }

        // COMMAND INFO WAITAOF describes the command from Redis 7.2 on; Debian 12's 7.0.15 answers nil.
        bool hasWaitAof = new Version(version) >= new Version(7, 2);
        using NearDupIndex index = RedisNearDupIndex.Create(new RedisLocation([primary.Endpoint], "detect-aof"), plannedDocuments: 100, waitForReplicas: 1);
        index.Add("a", Text);
        Assert.Multiple(() =>
        {
            Assert.That(((RedisCandidateIndex)index.Backend).WaitCommand, Is.EqualTo(hasWaitAof ? ReplicaWaitCommand.WaitAof : ReplicaWaitCommand.Wait), $"redis-server {version}");
            Assert.That(Calls(primary, hasWaitAof ? "waitaof" : "wait"), Is.EqualTo(3), $"redis-server {version}");
            Assert.That(index.Contains("a"), Is.True);
        });
    }

    [Test]
    public void A_remove_waits_for_the_replica_and_fails_without_one_though_done_on_the_primary()
    {
        using RedisServerProcess primary = RedisServerProcess.Start();
        var location = new RedisLocation([primary.Endpoint], "remove");
        NearDupIndex index;
        long waitsBefore;
        int removedWithReplica;
        using (RedisServerProcess replica = RedisServerProcess.Start(primary))
        {
            index = RedisNearDupIndex.Create(location, plannedDocuments: 100, waitForReplicas: 1);
            index.AddBatch([("a", Text), ("b", Text + " Again.")]);
            waitsBefore = Calls(primary, "wait");
            removedWithReplica = index.Remove(["a"]);
        }

        using NearDupIndex disposed = index;
        long waitsForRemove = Calls(primary, "wait") - waitsBefore;
        ((RedisCandidateIndex)index.Backend).ReplicaWait = TimeSpan.FromSeconds(1);
        var e = Assert.Throws<IOException>(() => index.Remove(["b"]));
        Assert.Multiple(() =>
        {
            Assert.That(removedWithReplica, Is.EqualTo(1));
            Assert.That(waitsForRemove, Is.EqualTo(1), "one WAIT on the one primary the remove wrote to");
            Assert.That(e!.Message, Does.Contain("0 of the 1 replicas").And.Contain("remove them again"));
            Assert.That(index.Contains("b"), Is.False, "done on the primary, only not confirmed");
            Assert.That(index.Count, Is.Zero);
        });
    }

    /// <summary>Calls of one command the server has answered (<c>INFO commandstats</c>), 0 when never called.</summary>
    private static long Calls(RedisServerProcess server, string command)
    {
        using var admin = StackExchange.Redis.ConnectionMultiplexer.Connect(server.Endpoint + ",allowAdmin=true");
        string stats = admin.GetServer(server.Endpoint).InfoRaw("commandstats") ?? "";
        string prefix = $"cmdstat_{command}:calls=";
        foreach (string line in stats.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                string rest = line[prefix.Length..];
                return long.Parse(rest[..rest.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [Test]
    public async Task A_query_is_not_held_up_by_an_add_waiting_for_a_replica()
    {
        using RedisServerProcess primary = RedisServerProcess.Start();
        var location = new RedisLocation([primary.Endpoint], "stall");
        NearDupIndex index;
        using (RedisServerProcess replica = RedisServerProcess.Start(primary))
        {
            index = RedisNearDupIndex.Create(location, plannedDocuments: 100, waitForReplicas: 1); // waits for the replica too
            index.Add("a", Text);
        }

        using NearDupIndex disposed = index;

        ((RedisCandidateIndex)index.Backend).ReplicaWait = TimeSpan.FromSeconds(6);
        Task waiting = Task.Run(() => index.Add("b", Text + " Again.")); // blocks in WAIT: no replica any more
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        bool found = index.Contains("a");
        TimeSpan took = clock.Elapsed;
        Assert.Multiple(() =>
        {
            Assert.That(found, Is.True);
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(2.5)), "the lookup did not wait behind the add's WAIT (6 s)");
            Assert.That(waiting.IsCompleted, Is.False, "the add was still waiting when the lookup returned");
        });
        Assert.That(async () => await waiting, Throws.InstanceOf<IOException>());
    }

    [Test]
    public void An_add_waits_for_the_replica_and_fails_without_one_leaving_its_batch_for_the_replay()
    {
        using RedisServerProcess primary = RedisServerProcess.Start();
        var location = new RedisLocation([primary.Endpoint], "wait");
        using (RedisServerProcess replica = RedisServerProcess.Start(primary))
        {
            using NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 100, waitForReplicas: 1);
            index.Add("a", Text);
            Assert.That(index.Count, Is.EqualTo(1), "acknowledged with the replica up");
        }

        // The replica is gone: the next batch is logged but not confirmed, so its add fails and nothing of it is applied.
        using (NearDupIndex index = RedisNearDupIndex.Open(location, waitForReplicas: 1))
        {
            ((RedisCandidateIndex)index.Backend).ReplicaWait = System.TimeSpan.FromSeconds(1);
            var e = Assert.Throws<IOException>(() => index.Add("b", Text + " Again."));
            Assert.That(e!.Message, Does.Contain("0 of the 1 replicas"));
            Assert.That(index.Contains("b"), Is.False);
        }

        using NearDupIndex reopened = RedisNearDupIndex.Open(location);
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Recovery.ReplayedBatches, Is.EqualTo(1), "the unconfirmed batch stayed in the log");
            Assert.That(reopened.Contains("b"), Is.True);
            Assert.That(reopened.Query(Text).Select(v => (v.A, v.Kind)), Has.Member(("a", MatchKind.Exact)));
        });
    }
}
