using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Storage;
using NearDup.Verification;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>
/// Commands a real <c>redis-server</c> refuses — out of memory (<c>maxmemory</c> with <c>noeviction</c>), a read-only
/// replica, a key another program overwrote with another type — give errors that name the location, what the server
/// said and what to do, the driver's exception inside; and a batch refused for want of memory loses nothing already
/// stored and is whole or absent after the replay. Each test starts its own server (ignored where redis-server is not
/// installed). Before (found by a hunt, 2026-12-06) the caller got the driver's bare text, e.g. "OOM command not allowed
/// when used memory > 'maxmemory'. script: 494c…, on @user_script:80.", and an index opened on a replica opened fine
/// and failed at its first write with "No connection (requires writable - not eligible for replica) is
/// active/available to service this operation: INCRBY {}ro:A, …".
/// </summary>
[TestFixture]
[NonParallelizable]
public class ServerRefusalTests
{
    private const int BatchSize = 20;
    private const string Text = "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war.";

    private static List<(string Id, string Text)> Generated(int count, ulong seed) =>
        new CorpusGenerator(new CorpusOptions(count, seed)).Generate().Select(d => (d.Id, Encoding.UTF8.GetString(d.Utf8))).ToList();

    /// <summary>An index at its server's memory limit: batches of generated documents added until the server, given
    /// 300 KB above what it used after the first batch and <c>noeviction</c>, refuses one.</summary>
    private sealed class Full : IDisposable
    {
        public Full()
        {
            Server = RedisServerProcess.Start();
            try
            {
                Admin = ConnectionMultiplexer.Connect(Server.Endpoint + ",allowAdmin=true");
                Location = RedisLocation.Parse($"redis://{Server.Endpoint}/oom");
                Index = RedisNearDupIndex.Create(Location, plannedDocuments: 1_000);
                Acknowledged = Fill();
            }
            catch
            {
                // A constructor that throws is never disposed: the server process would outlive the test run.
                Index?.Dispose();
                Admin?.Dispose();
                Server.Dispose();
                throw;
            }
        }

        private List<(string Id, string Text)> Fill()
        {
            List<(string Id, string Text)> documents = Generated(BatchSize * 40, seed: 7);
            Index.AddBatch(documents.Take(BatchSize));
            int acknowledged = BatchSize;
            IServer server = Admin.GetServer(Server.Endpoint);
            long used = long.Parse(server.InfoRaw("memory")!.Split('\n').First(l => l.StartsWith("used_memory:", StringComparison.Ordinal))[12..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            server.ConfigSet("maxmemory-policy", "noeviction");
            server.ConfigSet("maxmemory", (used + 300_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            while (Error is null && acknowledged < documents.Count)
            {
                List<(string Id, string Text)> batch = documents.Skip(acknowledged).Take(BatchSize).ToList();
                try
                {
                    Index.AddBatch(batch);
                    acknowledged += batch.Count;
                }
                catch (Exception e)
                {
                    Error = e;
                    Refused = batch;
                }
            }

            Assert.That(Error, Is.Not.Null, "the server never refused a batch");
            return documents.Take(acknowledged).ToList();
        }

        public RedisServerProcess Server { get; }

        public ConnectionMultiplexer Admin { get; }

        public RedisLocation Location { get; }

        public NearDupIndex Index { get; }

        public Exception? Error { get; private set; }

        public List<(string Id, string Text)> Refused { get; private set; } = [];

        public List<(string Id, string Text)> Acknowledged { get; }

        /// <summary>Whether the refused batch is in a writer's log (refused after its entry was written).</summary>
        public bool Logged => Admin.GetServer(Server.Endpoint).Keys(pattern: "{}oom:L*").Any(k => Admin.GetDatabase().HashLength(k) > 0);

        public void RaiseMaxMemory() => Admin.GetServer(Server.Endpoint).ConfigSet("maxmemory", "0");

        public void Dispose()
        {
            Index.Dispose();
            Admin.Dispose();
            Server.Dispose();
        }
    }

    [Test]
    public void An_add_refused_for_want_of_memory_names_the_location_and_says_to_raise_maxmemory()
    {
        using var full = new Full();
        Assert.That(full.Error, Is.InstanceOf<IOException>());
        Assert.Multiple(() =>
        {
            Assert.That(full.Error!.Message, Does.StartWith($"{full.Location}: the server is out of memory and refused the writes of a "));
            Assert.That(full.Error.Message, Does.Contain("OOM command not allowed when used memory > 'maxmemory'\""), "what the server said, without the script digest");
            Assert.That(full.Error.Message, Does.Not.Contain("@user_script"));
            Assert.That(full.Error.Message, Does.Contain("Raise its maxmemory (CONFIG SET maxmemory) or free memory on it."));
            // Refused before its log entry was written or after: both messages say the batches before it are intact.
            Assert.That(full.Error.Message, Does.Contain("batches acknowledged before it are intact"));
            Assert.That(full.Error.InnerException, Is.InstanceOf<RedisServerException>());
        });
    }

    [Test]
    public void A_batch_refused_for_want_of_memory_says_it_is_logged_and_how_it_is_finished()
    {
        using var full = new Full();
        Assume.That(full.Logged, Is.True, "refused after its log entry (so on this server)");
        Assert.That(full.Error!.Message, Does.Contain($"logged batch of {BatchSize} documents").And.Contain("open the index again or call Recover()"));
    }

    [Test]
    public void A_batch_refused_for_want_of_memory_is_absent_and_the_acknowledged_ones_intact()
    {
        using var full = new Full();
        Assert.Multiple(() =>
        {
            Assert.That(full.Refused.Count(d => full.Index.Contains(d.Id)), Is.Zero, "none of the refused batch is visible");
            Assert.That(full.Acknowledged.Count(d => full.Index.Contains(d.Id)), Is.EqualTo(full.Acknowledged.Count));
            Assert.That(full.Index.Count, Is.EqualTo(full.Acknowledged.Count));
            Assert.That(full.Index.Query(full.Acknowledged[^1].Text, "q").Select(v => (v.A, v.Kind)), Has.Member((full.Acknowledged[^1].Id, MatchKind.Exact)));
        });
    }

    [Test]
    public void Opening_to_write_at_the_memory_limit_with_a_logged_batch_says_out_of_memory_and_to_open_read_only()
    {
        using var full = new Full();
        Assume.That(full.Logged, Is.True, "refused after its log entry (so on this server)");
        var e = Assert.Throws<IOException>(() => RedisNearDupIndex.Open(full.Location).Dispose());
        using NearDupIndex readOnly = RedisNearDupIndex.OpenReadOnly(full.Location);
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith($"{full.Location}: the server is out of memory and refused the replay").And.Contain("RedisNearDupIndex.OpenReadOnly"));
            Assert.That(e.InnerException, Is.InstanceOf<RedisServerException>());
            Assert.That(readOnly.Contains(full.Acknowledged[0].Id), Is.True, "read-only opens replay nothing, so they open");
        });
    }

    [Test]
    public void Once_memory_is_raised_reopening_makes_the_refused_batch_whole_and_loses_nothing()
    {
        using var full = new Full();
        bool logged = full.Logged;
        full.RaiseMaxMemory();
        using NearDupIndex reopened = RedisNearDupIndex.Open(full.Location);
        int present = full.Refused.Count(d => reopened.Contains(d.Id));
        Assert.Multiple(() =>
        {
            Assert.That(present, Is.EqualTo(logged ? full.Refused.Count : 0), "wholly present when logged (the replay finishes it), else wholly absent");
            Assert.That(reopened.Recovery.ReplayedBatches, Is.EqualTo(logged ? 1 : 0));
            Assert.That(full.Acknowledged.Count(d => reopened.Contains(d.Id)), Is.EqualTo(full.Acknowledged.Count));
            Assert.That(reopened.Count, Is.EqualTo(full.Acknowledged.Count + present));
            Assert.That(reopened.Query(full.Refused[0].Text, "q").Any(v => v.A == full.Refused[0].Id && v.Kind == MatchKind.Exact), Is.EqualTo(logged));
        });
    }

    [Test]
    public void Opening_a_replica_to_write_is_refused_naming_it_and_its_primary()
    {
        using RedisServerProcess primary = RedisServerProcess.Start();
        using RedisServerProcess replica = RedisServerProcess.Start(primary);
        RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{primary.Endpoint}/ro"), plannedDocuments: 100).Dispose();
        var location = RedisLocation.Parse($"redis://{replica.Endpoint}/ro");
        var e = Assert.Throws<IOException>(() => RedisNearDupIndex.Open(location).Dispose());
        Assert.That(e!.Message, Does.StartWith($"{location}: {replica.Endpoint} is a read-only replica (of {primary.Endpoint}), and no primary is among the location's endpoints")
            .And.Contain("RedisNearDupIndex.OpenReadOnly"));
    }

    [Test]
    public void Creating_an_index_on_a_replica_is_refused_naming_it()
    {
        using RedisServerProcess primary = RedisServerProcess.Start();
        using RedisServerProcess replica = RedisServerProcess.Start(primary);
        var location = RedisLocation.Parse($"redis://{replica.Endpoint}/ro");
        var e = Assert.Throws<IOException>(() => RedisNearDupIndex.Create(location, plannedDocuments: 100).Dispose());
        Assert.That(e!.Message, Does.StartWith($"{location}: {replica.Endpoint} is a read-only replica (of {primary.Endpoint})").And.Contain("does not create an index for writing"));
    }

    [Test]
    public void A_replica_opened_read_only_answers_queries()
    {
        using RedisServerProcess primary = RedisServerProcess.Start();
        using RedisServerProcess replica = RedisServerProcess.Start(primary);
        using (NearDupIndex index = RedisNearDupIndex.Create(RedisLocation.Parse($"redis://{primary.Endpoint}/ro"), plannedDocuments: 100, waitForReplicas: 1))
        {
            index.Add("a", Text); // acknowledged once the replica has it
        }

        using NearDupIndex readOnly = RedisNearDupIndex.OpenReadOnly(RedisLocation.Parse($"redis://{replica.Endpoint}/ro"));
        Assert.That(readOnly.Query(Text, "q").Select(v => (v.A, v.Kind)), Has.Member(("a", MatchKind.Exact)));
    }

    [Test]
    public void An_add_where_another_program_wrote_a_string_over_the_id_map_names_the_key()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using var admin = ConnectionMultiplexer.Connect(server.Endpoint);
        var location = RedisLocation.Parse($"redis://{server.Endpoint}/wt");
        using NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 100);
        RedisKey idMap = ((RedisCandidateIndex)index.Backend).Layout.Id("b").Key;
        admin.GetDatabase().StringSet(idMap, "not an index's");
        var e = Assert.Throws<NearDupFormatException>(() => index.Add("b", Text));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith($"{location}: the namespace holds keys this index did not write: key '{ServerRefusal.Printable(idMap)}' holds a string, where the index keeps a hash; the server refused the writes of a batch of 1 document"));
            Assert.That(e.Message, Does.Contain("WRONGTYPE Operation against a key holding the wrong kind of value").And.Contain("delete or rename that key"));
            Assert.That(e.InnerException, Is.InstanceOf<RedisServerException>());
        });
    }

    [Test]
    public void A_query_where_another_program_wrote_a_string_over_a_posting_hash_names_the_key()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using var admin = ConnectionMultiplexer.Connect(server.Endpoint);
        var location = RedisLocation.Parse($"redis://{server.Endpoint}/wt");
        using NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 100);
        index.Add("a", Text);
        RedisKey posting = ((RedisCandidateIndex)index.Backend).Layout.Posting(KeyLayout.Exact, index.Analyzer.Analyze("q", Text).ExactHash).Key;
        admin.GetDatabase().StringSet(posting, "not an index's");
        var e = Assert.Throws<NearDupFormatException>(() => index.Query(Text, "q"));
        Assert.That(e!.Message, Does.StartWith($"{location}: the namespace holds keys this index did not write: key '{ServerRefusal.Printable(posting)}' holds a string, where the index keeps a hash; the server refused a lookup"));
    }

    [Test]
    public void Opening_where_another_program_wrote_a_hash_over_the_writer_counter_names_the_key()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using var admin = ConnectionMultiplexer.Connect(server.Endpoint);
        var location = RedisLocation.Parse($"redis://{server.Endpoint}/wt");
        RedisKey writers;
        using (NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 100))
        {
            index.Add("a", Text);
            writers = ((RedisCandidateIndex)index.Backend).Layout.Writers;
        }

        admin.GetDatabase().KeyDelete(writers);
        admin.GetDatabase().HashSet(writers, "field", "not an index's");
        var e = Assert.Throws<NearDupFormatException>(() => RedisNearDupIndex.Open(location).Dispose());
        Assert.That(e!.Message, Does.StartWith($"{location}: the namespace holds keys this index did not write: key '{{}}wt:W' holds a hash, where the index keeps a string; the server refused the replay"));
    }

    [Test]
    public void A_remove_refused_for_want_of_memory_keeps_the_ids_so_that_removing_again_finishes_it()
    {
        // A remove that stopped after its mark (the record removed, its id still held) is finished by removing again.
        // Out of memory, that second remove's id release (HDEL, which a full server allows) must not run without the
        // queueing of the key for its purge (SADD, which it refuses): the id would be gone, and no later remove could
        // queue the record (found by a review: id dropped, nothing queued, the record never purged).
        using RedisServerProcess server = RedisServerProcess.Start();
        using var admin = ConnectionMultiplexer.Connect(server.Endpoint + ",allowAdmin=true");
        var location = RedisLocation.Parse($"redis://{server.Endpoint}/rm");
        using NearDupIndex index = RedisNearDupIndex.Create(location, plannedDocuments: 100);
        index.Add("a", Text);
        var backend = (RedisCandidateIndex)index.Backend;
        IDatabase db = admin.GetDatabase();
        var (idKey, field) = backend.Layout.Id("a");
        RedisKey record = backend.Layout.Record(DocumentKeys.Read((byte[])db.HashGet(idKey, field)!));
        db.StringSetRange(record, 0, new byte[] { 2 }); // the state byte of a record marked removed
        IServer node = admin.GetServer(server.Endpoint);
        node.ConfigSet("maxmemory-policy", "noeviction");
        node.ConfigSet("maxmemory", "1");
        var refused = Assert.Throws<IOException>(() => index.Remove(["a"]));
        bool idHeld = !db.HashGet(idKey, field).IsNull;
        node.ConfigSet("maxmemory", "0");
        index.Remove(["a"]);
        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("out of memory").And.Contain("remove the same ids again"));
            Assert.That(idHeld, Is.True, "the id is kept while the purge cannot be queued");
            Assert.That((db.HashGet(idKey, field).IsNull, db.SetLength(backend.Layout.Removed)), Is.EqualTo((true, 1L)), "removing again dropped the id and queued the purge");
        });
    }
}
