using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Redis.Tests;

/// <summary>
/// Acknowledged batches survive the failures of a real <c>redis-server</c> cluster (3 primaries, 3 replicas,
/// <c>appendfsync always</c>, <c>min-replicas-to-write 1</c>) while a writer adds with <c>waitForReplicas: 1</c>:
/// <c>kill -9</c> of a random primary mid-ingest, <c>SIGSTOP</c> of one past the node timeout, every node killed and
/// restarted from its AOF, and the writer itself killed between its log write and the fan-out. Each seeded run records
/// every acknowledged batch, injects its fault, waits for the cluster to heal, then opens the index afresh (which
/// replays what the writer left in its log) and checks that every acknowledged document is there and found as an exact
/// copy, and that every batch not acknowledged is wholly visible or wholly absent. Ignored when redis-server is not
/// installed.
/// </summary>
/// <remarks>Runs per test: <c>NEARDUP_DURABILITY_RUNS</c> primary kills (default <see cref="DefaultRuns"/>); the other
/// variants run a quarter (stops, writer kills) or a tenth (restarts of every node) as many, at least one each.</remarks>
[TestFixture]
[NonParallelizable]
[Category("Durability")]
public class DurabilityTests
{
    /// <summary>Primary kills when <c>NEARDUP_DURABILITY_RUNS</c> is not set: the whole suite in about three minutes on
    /// a loaded 2-core machine.</summary>
    private const int DefaultRuns = 20;

    private const int BatchSize = 4;

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "or", "in", "bra", "sto", "que", "na", "dil", "pe", "ghu", "zo", "ta", "lim", "ber"];

    private RedisCluster _cluster = null!;

    private static int Runs
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("NEARDUP_DURABILITY_RUNS");
            return int.TryParse(text, out int runs) && runs > 0 ? runs : DefaultRuns;
        }
    }

    [OneTimeSetUp]
    public void StartCluster() => _cluster = RedisCluster.Start();

    [OneTimeTearDown]
    public void StopCluster() => _cluster?.Dispose();

    [Test]
    public void Acknowledged_documents_survive_kill_9_of_a_random_primary_mid_ingest()
    {
        Totals totals = RunSeeded("kill", 1_000, Runs, random =>
        {
            List<int> primaries = _cluster.Primaries();
            int victim = primaries[random.Next(primaries.Count)];
            _cluster.Kill(victim);
            _cluster.WaitPromotion(victim);
            _cluster.Restart(victim); // rejoins as the replica of its promoted one
            _cluster.WaitHealthy();
        });
        AssertNothingLost(totals);
    }

    [Test]
    public void Acknowledged_documents_survive_SIGSTOP_of_a_primary_past_the_node_timeout()
    {
        Totals totals = RunSeeded("stop", 2_000, Math.Max(1, Runs / 4), random =>
        {
            List<int> primaries = _cluster.Primaries();
            int victim = primaries[random.Next(primaries.Count)];
            _cluster.Pause(victim);
            try
            {
                _cluster.WaitPromotion(victim);
            }
            finally
            {
                _cluster.Resume(victim); // a minority primary that comes back: it must turn replica, losing nothing acknowledged
            }

            _cluster.WaitHealthy();
        });
        AssertNothingLost(totals);
    }

    [Test]
    public void Acknowledged_documents_survive_every_node_killed_and_restarted_from_its_AOF()
    {
        Totals totals = RunSeeded("all", 3_000, Math.Max(1, Runs / 10), random =>
        {
            int[] order = Enumerable.Range(0, 6).OrderBy(_ => random.Next()).ToArray();
            foreach (int node in order)
            {
                _cluster.Kill(node);
            }

            foreach (int node in order)
            {
                _cluster.Restart(node);
            }

            _cluster.WaitHealthy();
        });
        AssertNothingLost(totals);
    }

    [Test]
    public async Task A_batch_whose_writer_died_between_its_log_write_and_its_fan_out_is_completed_by_the_next_open()
    {
        int runs = Math.Max(1, Runs / 4), replayed = 0, checkedDocuments = 0;
        for (int run = 0; run < runs; run++)
        {
            int seed = 4_000 + run;
            var location = new RedisLocation([.. _cluster.Endpoints], $"writer{seed}");
            List<(string Id, string Text)> logged = Batch(seed, 0);
            using (NearDupIndex writer = RedisNearDupIndex.Create(location, plannedDocuments: 2_000, waitForReplicas: 1))
            {
                writer.AddBatch(Batch(seed, 1));
                var backend = (RedisCandidateIndex)writer.Backend;
                await backend.LogAsync(backend.Prepare([.. logged.Select(d => writer.Analyzer.Analyze(d.Id, d.Text))]));
            } // died here: logged and confirmed by the replica, nothing applied

            using NearDupIndex reader = RedisNearDupIndex.Open(location);
            replayed += reader.Recovery.ReplayedBatches;
            foreach (var (id, text) in logged.Concat(Batch(seed, 1)))
            {
                checkedDocuments++;
                Assert.That(IsThere(reader, id, text), Is.True, $"seed {seed}: '{id}' not there after the replay");
            }
        }

        TestContext.Out.WriteLine($"writer kills: {runs} runs, {replayed} batches replayed, {checkedDocuments} documents checked, lost 0");
        Assert.That(replayed, Is.EqualTo(runs), "each run's logged batch was replayed once");
    }

    private static void AssertNothingLost(Totals totals)
    {
        TestContext.Out.WriteLine(totals.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(totals.Lost, Is.Empty, "acknowledged documents missing or not found as exact copies");
            Assert.That(totals.HalfVisible, Is.Empty, "unacknowledged batches partly visible");
            Assert.That(totals.Recovered, Is.EqualTo(totals.Runs), "the writer acknowledged batches again once the cluster healed, in every run");
        });
    }

    /// <summary>A document's text: words from a small syllable set, seeded by the run, batch and position, so every
    /// document differs from every other and a query with it finds it as an exact copy.</summary>
    private static string Text(int seed, int batch, int position)
    {
        var random = new Random(HashCode.Combine(seed, batch, position) ^ (seed * 7919) ^ (batch * 104_729) ^ position);
        var text = new StringBuilder();
        for (int w = 0; w < 60; w++)
        {
            int syllables = 1 + random.Next(3);
            for (int s = 0; s < syllables; s++)
            {
                text.Append(Syllables[random.Next(Syllables.Length)]);
            }

            text.Append(w % 12 == 11 ? ". " : " ");
        }

        return text.ToString();
    }

    private static List<(string Id, string Text)> Batch(int seed, int batch) =>
        Enumerable.Range(0, BatchSize).Select(p => ($"s{seed}-b{batch}-d{p}", Text(seed, batch, p))).ToList();

    private static bool IsThere(NearDupIndex index, string id, string text) =>
        index.Contains(id) && index.Query(text, "probe").Any(v => v.A == id && v.Kind == MatchKind.Exact);

    /// <summary>Seeded runs of one fault (seeds from <paramref name="seeds"/> on): each in a namespace of its own, a writer adding batches on a thread while the
    /// fault strikes at a seeded moment, then the check through a fresh open.</summary>
    private Totals RunSeeded(string kind, int seeds, int runs, Action<Random> fault)
    {
        var totals = new Totals(kind);
        var clock = Stopwatch.StartNew();
        for (int run = 0; run < runs; run++)
        {
            int seed = seeds + run;
            var random = new Random(seed);
            var location = new RedisLocation([.. _cluster.Endpoints], $"{kind}{seed}");
            var acknowledged = new List<List<(string Id, string Text)>>();
            var failed = new List<List<(string Id, string Text)>>();
            var failures = new Dictionary<string, int>();
            using (NearDupIndex writer = RedisNearDupIndex.Create(location, plannedDocuments: 2_000, waitForReplicas: 1))
            {
                ((RedisCandidateIndex)writer.Backend).ReplicaWait = TimeSpan.FromSeconds(2);
                using var stop = new CancellationTokenSource();
                var ingest = Task.Run(() =>
                {
                    for (int b = 0; !stop.IsCancellationRequested; b++)
                    {
                        List<(string Id, string Text)> batch = Batch(seed, b);
                        try
                        {
                            writer.AddBatch(batch);
                            lock (acknowledged)
                            {
                                acknowledged.Add(batch);
                            }
                        }
                        catch (Exception e) when (e is not AssertionException)
                        {
                            failed.Add(batch);
                            string name = e.GetType().Name;
                            failures[name] = failures.GetValueOrDefault(name) + 1;
                            Thread.Sleep(50);
                        }
                    }
                });

                // The fault strikes at a seeded moment once ingest is under way.
                while (Count(acknowledged) < 2 && !ingest.IsCompleted)
                {
                    Thread.Sleep(10);
                }

                Thread.Sleep(random.Next(0, 500));
                try
                {
                    fault(random);

                    // Ingest goes on after the cluster healed: the writer's connection recovers.
                    int healed = Count(acknowledged);
                    var deadline = Stopwatch.StartNew();
                    while (Count(acknowledged) < healed + 2 && deadline.Elapsed < TimeSpan.FromSeconds(30) && !ingest.IsCompleted)
                    {
                        Thread.Sleep(10);
                    }

                    totals.Recovered += Count(acknowledged) >= healed + 2 ? 1 : 0;
                }
                finally
                {
                    stop.Cancel();
                    ingest.Wait();
                }
            }

            using NearDupIndex reader = RedisNearDupIndex.Open(location);
            totals.Runs++;
            totals.Replayed += reader.Recovery.ReplayedBatches;
            foreach (List<(string Id, string Text)> batch in acknowledged)
            {
                totals.Acknowledged++;
                foreach (var (id, text) in batch)
                {
                    totals.Checked++;
                    if (!IsThere(reader, id, text))
                    {
                        totals.Lost.Add($"seed {seed}: {id}");
                    }
                }
            }

            foreach (List<(string Id, string Text)> batch in failed)
            {
                totals.Failed++;
                int visible = batch.Count(d => reader.Contains(d.Id));
                totals.FailedButVisible += visible == batch.Count ? 1 : 0;
                if (visible != 0 && visible != batch.Count)
                {
                    totals.HalfVisible.Add($"seed {seed}: batch of {batch[0].Id}: {visible} of {batch.Count} visible");
                }
            }

            foreach (var (name, count) in failures)
            {
                totals.Failures[name] = totals.Failures.GetValueOrDefault(name) + count;
            }
        }

        totals.Elapsed = clock.Elapsed;
        return totals;
    }

    private static int Count(List<List<(string Id, string Text)>> acknowledged)
    {
        lock (acknowledged)
        {
            return acknowledged.Count;
        }
    }

    /// <summary>What a fault's runs saw, printed by each test.</summary>
    private sealed class Totals(string kind)
    {
        public int Runs { get; set; }

        public int Acknowledged { get; set; }

        public int Checked { get; set; }

        public int Failed { get; set; }

        public int FailedButVisible { get; set; }

        public int Replayed { get; set; }

        public int Recovered { get; set; }

        public TimeSpan Elapsed { get; set; }

        public List<string> Lost { get; } = [];

        public List<string> HalfVisible { get; } = [];

        public Dictionary<string, int> Failures { get; } = [];

        public override string ToString() =>
            $"{kind}: {Runs} runs in {Elapsed.TotalSeconds:0} s ({Recovered} where the writer went on after the cluster healed), {Acknowledged} batches acknowledged, {Checked} documents checked, lost {Lost.Count}; " +
            $"{Failed} batches not acknowledged ({FailedButVisible} of them wholly visible after the replay, {HalfVisible.Count} half visible), " +
            $"{Replayed} batches replayed; failures: {string.Join(", ", Failures.Select(f => $"{f.Key} {f.Value}"))}";
    }
}
