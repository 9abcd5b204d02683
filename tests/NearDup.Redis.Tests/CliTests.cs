using System;
using System.IO;
using System.Linq;
using NearDup.Redis.Tests.Support;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Redis.Tests;

/// <summary><c>neardup index …</c> with a <c>redis://</c> PATH, through <see cref="Cli.Program.Run"/>, against one
/// in-process Garnet node.</summary>
[TestFixture]
public class CliTests
{
    private GarnetNodes _nodes = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _nodes = GarnetNodes.Single();
        _folder = Path.Combine(Path.GetTempPath(), "neardup-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "originals"));
        File.WriteAllText(Path.Combine(_folder, "originals", "boats.txt"), "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war.");
        File.WriteAllText(Path.Combine(_folder, "originals", "store.txt"), "Quarterly revenue at the cooperative grew by a tenth as the new cold store let members sell their catch in the winter months.");
        File.WriteAllText(Path.Combine(_folder, "suspect.txt"), "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war.");
        File.WriteAllText(Path.Combine(_folder, "password"), "not-needed-by-this-server\n");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _nodes.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Test]
    public void Index_add_with_compact_always_on_a_redis_location_purges_and_says_so_and_auto_leaves_it()
    {
        string uri = $"redis://{_nodes.Endpoints[0]}/cli-compact";
        Assert.That(Run("index", "create", uri, "--planned-documents", "100").Code, Is.EqualTo(0));
        var auto = Run("index", "add", uri, Path.Combine(_folder, "originals"), "--compact-min-log-bytes", "1");
        Assert.That(Run("index", "remove", uri, "store.txt").Code, Is.EqualTo(0));
        var always = Run("index", "add", uri, Path.Combine(_folder, "suspect.txt"), "--compact", "always");
        Assert.Multiple(() =>
        {
            // A server keeps no log: auto never compacts there, whatever the least log.
            Assert.That((auto.Code, CliRun.Lines(auto.Err)), Is.EqualTo((0, new[] { "neardup index add: 2 added, 0 skipped; 2 documents in the index." })));
            Assert.That((always.Code, CliRun.Lines(always.Err)), Is.EqualTo((0, new[]
            {
                "neardup index add: 1 added, 0 skipped; 2 documents in the index.",
                "neardup index add: compacting (--compact always).",
                "neardup index add: compacted (the server's removed documents purged).",
            })));
        });
    }

    [Test]
    public void Index_verbs_work_on_a_redis_location()
    {
        string uri = $"redis://{_nodes.Endpoints[0]}/cli";
        var create = Run("index", "create", uri, "--planned-documents", "100");
        var add = Run("index", "add", uri, Path.Combine(_folder, "originals"));
        var query = Run("index", "query", uri, Path.Combine(_folder, "suspect.txt"));
        var remove = Run("index", "remove", uri, "store.txt");
        var info = Run("index", "info", uri);
        var verify = Run("index", "verify", uri);
        var compact = Run("index", "compact", uri);
        var again = Run("index", "create", uri);
        Assert.Multiple(() =>
        {
            Assert.That(create, Is.EqualTo((0, $"created index at {uri} ({Detection.IndexOptions.Default.Analysis.MinHash})" + Environment.NewLine, "")));
            Assert.That(add.Code, Is.EqualTo(0), add.Err);
            Assert.That(query.Code, Is.EqualTo(0), query.Err);
            Assert.That(query.Out, Does.Contain("boats.txt").And.Contain("exact"));
            Assert.That(remove.Code, Is.EqualTo(0), remove.Err);
            Assert.That(info.Out, Does.Contain($"location:         {uri}").And.Contain("documents:        1"));
            Assert.That(verify.Out, Does.Contain("ok:"));
            Assert.That(compact.Code, Is.EqualTo(0), compact.Err);
            Assert.That(again.Code, Is.EqualTo(1));
            Assert.That(again.Err, Does.Contain("already holds an index"));
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Index_info_replays_a_batch_a_writer_that_died_left_logged_and_says_so()
    {
        string uri = $"redis://{_nodes.Endpoints[0]}/cli-recover";
        await CreateWithABatchLoggedAndNotAppliedAsync(uri);

        var info = Run("index", "info", uri);
        var again = Run("index", "info", uri);
        Assert.Multiple(() =>
        {
            Assert.That(info.Out, Does.Contain($"recovery:         redis://{_nodes.Endpoints[0]}/cli-recover: replayed 1 batches a writer had logged but not finished applying"));
            Assert.That(info.Out, Does.Contain("documents:        1"));
            Assert.That(again.Out, Does.Not.Contain("recovery:"), "nothing left to replay");
        });
    }

    [Test]
    public async System.Threading.Tasks.Task Index_verify_replays_nothing_a_writer_that_died_left_logged()
    {
        string uri = $"redis://{_nodes.Endpoints[0]}/cli-verify-reads";
        await CreateWithABatchLoggedAndNotAppliedAsync(uri);

        var verify = Run("index", "verify", uri);
        var info = Run("index", "info", uri);
        Assert.Multiple(() =>
        {
            Assert.That(verify.Code, Is.EqualTo(0), verify.Out + verify.Err);
            Assert.That(info.Out, Does.Contain("replayed 1 batches"), "the batch was still logged after the verify");
        });
    }

    /// <summary>Creates an index at <paramref name="uri"/> and logs a batch (boats.txt) as a writer that died before
    /// applying it would have left it.</summary>
    private async System.Threading.Tasks.Task CreateWithABatchLoggedAndNotAppliedAsync(string uri)
    {
        Assert.That(Run("index", "create", uri).Code, Is.EqualTo(0));
        using Detection.NearDupIndex dying = RedisNearDupIndex.Open(RedisLocation.Parse(uri));
        var backend = (RedisCandidateIndex)dying.Backend;
        await backend.LogAsync(backend.Prepare([dying.Analyzer.Analyze("boats.txt", File.ReadAllText(Path.Combine(_folder, "originals", "boats.txt")))]));
    }

    [Test]
    public void Password_is_read_from_its_file_and_never_printed()
    {
        // Garnet here asks for no password and ignores AUTH's absence; what matters is that the text never shows.
        string uri = $"redis://{_nodes.Endpoints[0]}/cli-secret";
        var create = Run("index", "create", uri, "--password-file", Path.Combine(_folder, "password"));
        var info = Run("index", "info", uri, "--password-file", Path.Combine(_folder, "password"));
        Assert.That(create.Out + create.Err + info.Out + info.Err, Does.Not.Contain("not-needed-by-this-server"));
    }

    [Test]
    public void Wait_replicas_below_zero_is_a_usage_error()
    {
        var create = Run("index", "create", $"redis://{_nodes.Endpoints[0]}/cli-wait", "--wait-replicas", "-1");
        var add = Run("index", "add", $"redis://{_nodes.Endpoints[0]}/cli-wait", Path.Combine(_folder, "originals"), "--wait-replicas", "-2");
        Assert.Multiple(() =>
        {
            Assert.That(create.Code, Is.EqualTo(2));
            Assert.That(create.Err, Does.Contain("--wait-replicas takes a number of replicas, 0 or more (got -1)"));
            Assert.That(add.Code, Is.EqualTo(2));
            Assert.That(add.Err, Does.Contain("(got -2)"));
        });
    }

    [Test]
    public void Wait_replicas_is_refused_for_a_directory()
    {
        var create = Run("index", "create", Path.Combine(_folder, "directory-index"), "--wait-replicas", "1");
        Assert.Multiple(() =>
        {
            Assert.That(create.Code, Is.EqualTo(1));
            Assert.That(create.Err, Does.Contain("--wait-replicas applies to a redis:// index"));
            Assert.That(Directory.Exists(Path.Combine(_folder, "directory-index")), Is.False, "nothing created");
        });
    }

    [Test]
    public void Wait_replicas_reaches_the_server_on_every_writing_verb()
    {
        // A real primary and replica (Garnet has no WAIT): the primary's command statistics count the waits each verb sent.
        using RedisServerProcess primary = RedisServerProcess.Start();
        using RedisServerProcess replica = RedisServerProcess.Start(primary);
        string uri = $"redis://{primary.Endpoint}/cli-wait";
        string originals = Path.Combine(_folder, "originals");
        long start = Waits(primary);
        var create = Run("index", "create", uri, "--planned-documents", "100", "--wait-replicas", "1");
        long afterCreate = Waits(primary);
        var add = Run("index", "add", uri, originals, "--wait-replicas", "1");
        long afterAdd = Waits(primary);
        var remove = Run("index", "remove", uri, "store.txt", "--wait-replicas", "1");
        long afterRemove = Waits(primary);
        long before = Waits(primary);
        var plainCreate = Run("index", "create", $"redis://{primary.Endpoint}/cli-plain", "--planned-documents", "100");
        var plainAdd = Run("index", "add", $"redis://{primary.Endpoint}/cli-plain", originals);
        long plainWaits = Waits(primary) - before;
        Assert.Multiple(() =>
        {
            Assert.That(plainCreate.Code, Is.EqualTo(0), plainCreate.Err);
            Assert.That(plainAdd.Code, Is.EqualTo(0), plainAdd.Err);
            Assert.That(plainWaits, Is.Zero, "no flag, no WAIT");
            Assert.That(create.Code, Is.EqualTo(0), create.Err);
            Assert.That(add.Code, Is.EqualTo(0), add.Err);
            Assert.That(remove.Code, Is.EqualTo(0), remove.Err);

            // create: the meta hash; add: after the log entry, and after the writes (one node); remove: after its writes.
            Assert.That(afterCreate - start, Is.EqualTo(1));
            Assert.That(afterAdd - afterCreate, Is.EqualTo(2));
            Assert.That(afterRemove - afterAdd, Is.EqualTo(1));
        });
    }

    /// <summary>WAIT and WAITAOF calls the server has answered so far (<c>INFO commandstats</c>).</summary>
    private static long Waits(RedisServerProcess server)
    {
        using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(server.Endpoint + ",allowAdmin=true");
        string stats = connection.GetServer(server.Endpoint).InfoRaw("commandstats") ?? "";
        long calls = 0;
        foreach (string line in stats.Split('\n'))
        {
            if (line.StartsWith("cmdstat_wait:", StringComparison.Ordinal) || line.StartsWith("cmdstat_waitaof:", StringComparison.Ordinal))
            {
                string field = line[(line.IndexOf("calls=", StringComparison.Ordinal) + 6)..];
                calls += long.Parse(field[..field.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    [Test]
    public void Index_info_memory_prints_the_split_by_structure_and_per_document_without_the_credentials()
    {
        // A real server (Garnet's MEMORY USAGE is not Redis's accounting) with an ACL user, to see that neither the
        // user nor the password reaches the output.
        using RedisServerProcess server = RedisServerProcess.Start();
        using (var admin = StackExchange.Redis.ConnectionMultiplexer.Connect(server.Endpoint + ",allowAdmin=true"))
        {
            admin.GetServer(server.Endpoint).Execute("ACL", "SETUSER", "census-user", "on", ">not-needed-by-this-server", "~*", "+@all");
        }

        string uri = $"redis://{server.Endpoint}/cli-memory";
        string[] credentials = ["--user", "census-user", "--password-file", Path.Combine(_folder, "password")];
        var create = Run(["index", "create", uri, "--planned-documents", "100", .. credentials]);
        var add = Run(["index", "add", uri, Path.Combine(_folder, "originals"), .. credentials]);
        var info = Run(["index", "info", uri, "--memory", .. credentials]);
        var plain = Run(["index", "info", uri, .. credentials]);
        RedisMemoryReport report;
        using (Detection.NearDupIndex index = RedisNearDupIndex.OpenReadOnly(RedisLocation.Parse(uri)))
        {
            report = RedisNearDupIndex.MeasureMemory(index);
        }

        string total = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{report.Bytes,14:N0}  {report.Bytes / 2.0,9:N1}");
        Assert.Multiple(() =>
        {
            Assert.That(create.Code + add.Code + info.Code, Is.Zero, create.Err + add.Err + info.Err);
            Assert.That(info.Out, Does.Contain($"memory:           MEMORY USAGE of the namespace's {report.Keys:N0} keys on every primary"));
            Assert.That(info.Out, Does.Contain("  document records ").And.Contain("  exact hash ").And.Contain("  word passages "));
            Assert.That(info.Out, Does.Contain("  total ").And.Contain(total), "the total and the bytes per live document (2 documents)");
            Assert.That(info.Out, Does.Contain("server used_memory"));
            Assert.That(info.Out + info.Err, Does.Not.Contain("not-needed-by-this-server").And.Not.Contain("census-user"));
            Assert.That(plain.Out, Does.Not.Contain("memory:"), "only asked for");
        });
    }

    [Test]
    public void Index_add_refused_for_want_of_memory_says_the_batch_was_not_acknowledged_rather_than_not_added()
    {
        // A real server at its memory limit (noeviction): the store says whether the refused batch was logged (then it is
        // in doubt until a replay); the command must not add that it was not added.
        using RedisServerProcess server = RedisServerProcess.Start();
        string uri = $"redis://{server.Endpoint}/cli-oom";
        string docs = Path.Combine(_folder, "oom-docs");
        Directory.CreateDirectory(docs);
        var words = new Random(20261206);
        for (int i = 0; i < 400; i++)
        {
            File.WriteAllText(Path.Combine(docs, $"d{i:D3}.txt"), string.Join(' ', Enumerable.Range(0, 300).Select(_ => "w" + words.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        Assert.That(Run("index", "create", uri, "--planned-documents", "1000").Code, Is.Zero);
        using (var admin = StackExchange.Redis.ConnectionMultiplexer.Connect(server.Endpoint + ",allowAdmin=true"))
        {
            StackExchange.Redis.IServer node = admin.GetServer(server.Endpoint);
            long used = long.Parse(node.InfoRaw("memory")!.Split('\n').First(l => l.StartsWith("used_memory:", StringComparison.Ordinal))[12..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            node.ConfigSet("maxmemory-policy", "noeviction");
            node.ConfigSet("maxmemory", (used + 300_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var add = Run("index", "add", uri, docs, "--batch", "20");
        Assert.Multiple(() =>
        {
            Assert.That(add.Code, Is.Not.Zero, add.Err);
            Assert.That(add.Err, Does.Contain("out of memory").And.Contain("was not acknowledged"));
            Assert.That(add.Err, Does.Not.Contain("was not added").And.Not.Contain("   at "));
        });
    }

    [Test]
    public void Index_info_memory_on_Garnet_says_not_available_and_why()
    {
        string uri = $"redis://{_nodes.Endpoints[0]}/cli-garnet-memory";
        Assert.That(Run("index", "create", uri).Code, Is.EqualTo(0));
        var info = Run("index", "info", uri, "--memory");
        Assert.Multiple(() =>
        {
            Assert.That(info.Code, Is.EqualTo(0), info.Err);
            Assert.That(info.Out, Does.Contain($"memory:           not available: {_nodes.Endpoints[0]} is Garnet "));
            Assert.That(info.Err, Is.Empty);
        });
    }

    [Test]
    public void Index_info_memory_is_refused_for_a_directory()
    {
        string directory = Path.Combine(_folder, "memory-directory");
        Assert.That(Run("index", "create", directory).Code, Is.EqualTo(0));
        var info = Run("index", "info", directory, "--memory");
        Assert.Multiple(() =>
        {
            Assert.That(info.Code, Is.EqualTo(2));
            Assert.That(info.Err, Does.Contain("neardup index info: --memory applies to a redis:// index"));
        });
    }

    [Test]
    public void Repair_refuses_a_redis_location()
    {
        var repair = Run("index", "repair", $"redis://{_nodes.Endpoints[0]}/cli");
        Assert.That(repair.Err, Does.Contain("no files to repair"));
    }
}
