using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Storage;
using NearDup.Verification;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>The Redis backend against one in-process Garnet node: round trips, visibility, idempotence, options. Each
/// test works in a namespace of its own.</summary>
[TestFixture]
public class RedisIndexTests : SingleGarnetFixture
{
    private const string Original = "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war. Fishermen said the ledger was the only honest book in town.";
    private const string Other = "Quarterly revenue at the cooperative grew by a tenth as the new cold store let members sell their catch in the winter months, when prices in the capital are highest and buyers travel further.";

    /// <summary>The log entry <see cref="AppliedButStillLoggedAsync"/> held aside, by namespace.</summary>
    private readonly Dictionary<string, (RedisKey Log, HashEntry[] Entries)> _savedLogs = [];

    private static RedisCandidateIndex Backend(NearDupIndex index) => (RedisCandidateIndex)index.Backend;

    [Test]
    public void Added_document_is_found_as_an_exact_copy_and_its_record_fetched()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.AddBatch([("a", Original), ("b", Other)]);
        IReadOnlyList<PairVerdict> verdicts = index.Query(Original, "q");
        Assert.Multiple(() =>
        {
            Assert.That(index.Count, Is.EqualTo(2));
            Assert.That(index.Contains("a"), Is.True);
            Assert.That(index.Contains("zzz"), Is.False);
            Assert.That(verdicts.Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("a", MatchKind.Exact) }));
        });
    }

    [Test]
    public void Traffic_counts_a_lookup_as_two_round_trips_a_miss_as_one_and_an_add_as_nine()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.Add("a", Original); // the first add also takes a writer number and a range of keys
        RedisCandidateIndex backend = Backend(index);
        var keys = new List<long>();
        AnalyzedDocument hit = index.Analyzer.Analyze("q", Original);
        AnalyzedDocument miss = index.Analyzer.Analyze("m", "Nothing in this sentence was ever indexed, not one of its words in this order.");
        var before = backend.Traffic;
        _ = backend.LookupAsync(hit, CopyKinds.All, keys).AsTask().Result;
        var afterHit = backend.Traffic;
        _ = backend.LookupAsync(miss, CopyKinds.All, []).AsTask().Result;
        var afterMiss = backend.Traffic;
        _ = backend.FetchAsync(keys).AsTask().Result;
        var afterFetch = backend.Traffic;
        index.Add("b", Other);
        var afterAdd = backend.Traffic;
        Assert.Multiple(() =>
        {
            // The probes, then the candidate's header; a miss has no header to read; the fetch is one batch.
            Assert.That(afterHit.RoundTrips - before.RoundTrips, Is.EqualTo(2));
            Assert.That(afterHit.Commands - before.Commands, Is.GreaterThan(50), "one command per probe");
            Assert.That(afterMiss.RoundTrips - afterHit.RoundTrips, Is.EqualTo(1));
            Assert.That(afterFetch.RoundTrips - afterMiss.RoundTrips, Is.EqualTo(1));
            Assert.That(afterFetch.Commands - afterMiss.Commands, Is.EqualTo(keys.Count));

            // Ids checked, logged, records written pending, ids claimed, states read again, postings, live marks,
            // counter, log entry deleted (the README's nine).
            Assert.That(afterAdd.RoundTrips - afterFetch.RoundTrips, Is.EqualTo(9));
        });
    }

    [Test]
    public async Task Garnet_is_waited_for_with_WAIT()
    {
        // Garnet has neither WAITAOF nor an append-only file in the Redis sense: the detection falls back to WAIT.
        using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(Endpoints[0]);
        Assert.That(await RedisCandidateIndex.DetectWaitCommandAsync(connection), Is.EqualTo(ReplicaWaitCommand.Wait));
    }

    [Test]
    public void Fetch_returns_the_stored_text_hashes_and_id()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.Add("a", Original);
        var keys = new List<long>();
        AnalyzedDocument query = index.Analyzer.Analyze("q", Original);
        _ = Backend(index).LookupAsync(query, CopyKinds.All, keys).AsTask().Result;
        CandidateDocument[] records = Backend(index).FetchAsync(keys).AsTask().Result;
        Assert.That(records, Has.Length.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(records[0].Id, Is.EqualTo("a"));
            Assert.That(records[0].ExactHash, Is.EqualTo(query.ExactHash));
            Assert.That(records[0].SimHash, Is.EqualTo(query.SimHash));
            Assert.That(Storage.Codecs.TextCompression.Decompress(records[0].CompressedText.Span, records[0].TextBytes, "a", "test"), Is.EqualTo(Original));
        });
    }

    [Test]
    public void Removed_document_is_neither_found_nor_fetched_nor_counted()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.AddBatch([("a", Original), ("b", Other)]);
        var keys = new List<long>();
        _ = Backend(index).LookupAsync(index.Analyzer.Analyze("q", Original), CopyKinds.All, keys).AsTask().Result;
        Assert.That(index.Remove(["a", "never-added"]), Is.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(index.Query(Original, "q"), Is.Empty);
            Assert.That(index.Contains("a"), Is.False);
            Assert.That(index.Count, Is.EqualTo(1));
            Assert.That(Backend(index).FetchAsync(keys).AsTask().Result.Single().Exists, Is.False, "a key looked up before the remove fetches nothing after it");
        });
    }

    [Test]
    public void Removed_id_can_be_added_again()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.Add("a", Original);
        index.Remove(["a"]);
        index.Add("a", Other);
        Assert.That(index.Query(Other, "q").Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("a", MatchKind.Exact) }));
    }

    [Test]
    public void A_remove_stopped_after_its_mark_is_finished_by_removing_again()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.AddBatch([("a", Original), ("b", Other)]);
        RedisCandidateIndex backend = Backend(index);
        IDatabase db = backend.Connection.GetDatabase();
        var (idKey, field) = backend.Layout.Id("a");
        long key = DocumentKeys.Read((byte[])db.HashGet(idKey, field)!);

        // Where a remove stops when its client is killed after the commit point: the record marked removed, its id and
        // the live counter not yet touched (the id was stranded: added again, it was "already indexed").
        db.StringSetRange(backend.Layout.Record(key), 0, new byte[] { DocumentRecord.Removed });
        Assume.That((index.Contains("a"), index.Count), Is.EqualTo((false, 2L)));
        int again = index.Remove(["a"]);
        int twice = index.Remove(["a"]);
        index.Add("a", Original);

        // The counter the stopped remove did not lower is not lowered now (whether it was is not known): verify says so.
        Assert.That(
            (again, twice, index.Contains("a"), index.Query(Original, "q").Select(v => (v.A, v.Kind)).Single(), backend.Connection.GetDatabase().SetLength(backend.Layout.Removed), backend.VerifyAsync().AsTask().Result.Single()),
            Is.EqualTo((0, 0, true, ("a", MatchKind.Exact), 1L, $"{backend.Source}: the live counter says 3 documents, the records 2.")));
    }

    [Test]
    public void Recovery_reads_the_logs_of_five_thousand_writers_in_five_pipelined_batches()
    {
        // Every writer number ever handed out has a log to read; one round trip each made an open of an index that
        // 100,000 workers had written to take seconds.
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        RedisCandidateIndex backend = Backend(index);
        backend.Connection.GetDatabase().StringSet(backend.Layout.Writers, 5_000);
        var before = backend.Traffic;
        RecoveryReport report = backend.RecoverAsync().AsTask().Result;
        var after = backend.Traffic;
        Assert.That((after.RoundTrips - before.RoundTrips, after.Commands - before.Commands, report.ReplayedBatches), Is.EqualTo((5L, 5_000L, 0)));
    }

    [Test]
    public void Adding_an_id_already_held_is_rejected_and_writes_nothing()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.Add("a", Original);
        var e = Assert.Throws<ArgumentException>(() => index.AddBatch([("b", Other), ("a", Other)]));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("'a' is already indexed"));
            Assert.That(index.Contains("b"), Is.False);
            Assert.That(index.Count, Is.EqualTo(1));
            Assert.That(index.Query(Other, "q"), Is.Empty);
        });
    }

    [Test]
    public async Task Pending_records_are_invisible_until_marked_live()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        RedisCandidateIndex backend = Backend(index);
        PreparedDocument[] batch = backend.Prepare([index.Analyzer.Analyze("a", Original)]);
        await backend.WritePendingAsync(batch);
        await backend.FanOutAsync(batch);
        var keys = new List<long>();
        await backend.LookupAsync(index.Analyzer.Analyze("q", Original), CopyKinds.All, keys);
        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.Empty, "postings of a pending record are not candidates");
            Assert.That(backend.FetchAsync([batch[0].Key]).AsTask().Result.Single().Exists, Is.False);
            Assert.That(index.Contains("a"), Is.False);
            Assert.That(index.Query(Original, "q"), Is.Empty);
        });

        await backend.MarkLiveAsync(batch);
        Assert.That(index.Query(Original, "q").Select(v => v.A), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Reapplying_a_batch_changes_nothing()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        RedisCandidateIndex backend = Backend(index);
        PreparedDocument[] batch = backend.Prepare([index.Analyzer.Analyze("a", Original), index.Analyzer.Analyze("b", Other), index.Analyzer.Analyze("c", Original + " " + Other)]);
        async Task Apply()
        {
            await backend.WritePendingAsync(batch);
            await backend.FanOutAsync(batch);
            await backend.MarkLiveAsync(batch);
        }

        await Apply();
        Dictionary<string, string> before = Dump(backend);
        await Apply();
        Dictionary<string, string> after = Dump(backend);
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.EqualTo(before), "every key of the namespace holds what it held after the first application");
            Assert.That(index.Count, Is.EqualTo(3));
            Assert.That(before.Count, Is.GreaterThan(100), "the dump covers the postings, not only the records");
        });
    }

    [Test]
    public async Task A_batch_logged_by_a_writer_that_died_before_applying_it_is_replayed_at_the_next_open()
    {
        RedisLocation location = NewLocation();
        RedisKey log;
        using (NearDupIndex dying = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            RedisCandidateIndex backend = Backend(dying);
            (log, _) = await backend.LogAsync(backend.Prepare([dying.Analyzer.Analyze("a", Original), dying.Analyzer.Analyze("b", Other)]));
            Assert.That(dying.Query(Original, "q"), Is.Empty, "logged, not applied: invisible");
        }

        using NearDupIndex index = RedisNearDupIndex.Open(location);
        Assert.Multiple(() =>
        {
            Assert.That(index.Recovery.ReplayedBatches, Is.EqualTo(1));
            Assert.That(index.Count, Is.EqualTo(2));
            Assert.That(index.Query(Original, "q").Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("a", MatchKind.Exact) }));
            Assert.That(Backend(index).Connection.GetDatabase().KeyExists(log), Is.False, "the replayed batch left the log");
        });
    }

    [Test]
    public async Task Recover_finishes_a_batch_a_writer_that_died_logged_without_reopening()
    {
        RedisLocation location = NewLocation();
        using NearDupIndex worker = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        RedisKey log;
        using (NearDupIndex dying = RedisNearDupIndex.Open(location))
        {
            RedisCandidateIndex backend = Backend(dying);
            (log, _) = await backend.LogAsync(backend.Prepare([dying.Analyzer.Analyze("a", Original), dying.Analyzer.Analyze("b", Other)]));
        }

        Assert.That(worker.Query(Original, "q"), Is.Empty, "logged, not applied: invisible");
        RecoveryReport report = worker.Recover();
        RecoveryReport again = worker.Recover();
        Assert.Multiple(() =>
        {
            Assert.That(report.ReplayedBatches, Is.EqualTo(1));
            Assert.That(report.Messages.Single(), Does.Contain("replayed 1 batches"));
            Assert.That(worker.Recovery.ReplayedBatches, Is.Zero, "Recovery still says what the open replayed");
            Assert.That(worker.Count, Is.EqualTo(2));
            Assert.That(worker.Query(Original, "q").Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("a", MatchKind.Exact) }));
            Assert.That(Backend(worker).Connection.GetDatabase().KeyExists(log), Is.False, "the replayed batch left the log");
            Assert.That((again.ReplayedBatches, again.Messages), Is.EqualTo((0, Array.Empty<string>())), "nothing left to replay");
        });
    }

    /// <summary>An index on which the add of "a" (the original text) failed as an add whose WAIT failed does
    /// (IOException): its batch logged, not applied.</summary>
    private async Task<NearDupIndex> WithAFailedAddAsync(RedisLocation location)
    {
        NearDupIndex worker = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        RedisCandidateIndex backend = Backend(worker);
        await backend.LogAsync(backend.Prepare([worker.Analyzer.Analyze("a", Original)]));
        return worker;
    }

    [Test]
    public async Task After_a_failed_add_Recover_then_Contains_settles_it_and_no_later_replay_brings_it_back()
    {
        // The caller's steps (README, "A failed add"): Recover, then Contains; here the add turns out done, so it is not
        // added again, and a remove then is final: no replay can bring the document back.
        RedisLocation location = NewLocation();
        using NearDupIndex worker = await WithAFailedAddAsync(location);
        RecoveryReport settled = worker.Recover();
        bool added = worker.Contains("a");
        worker.Remove(["a"]);
        using NearDupIndex reopened = RedisNearDupIndex.Open(location);
        Assert.Multiple(() =>
        {
            Assert.That((settled.ReplayedBatches, added), Is.EqualTo((1, true)));
            Assert.That((reopened.Recovery.ReplayedBatches, reopened.Contains("a"), reopened.Query(Original, "q")), Is.EqualTo((0, false, Array.Empty<PairVerdict>())));
        });
    }

    [Test]
    public async Task After_a_failed_add_whose_id_was_added_again_Recover_undoes_the_failed_one()
    {
        // The other outcome: the caller added the id again before settling; the failed batch's replay loses the id
        // claim and is undone, so only the second add's document is there.
        using NearDupIndex worker = await WithAFailedAddAsync(NewLocation());
        worker.Add("a", Other);
        RecoveryReport settled = worker.Recover();
        Assert.Multiple(() =>
        {
            Assert.That((settled.ReplayedBatches, worker.Count), Is.EqualTo((1, 1L)));
            Assert.That(worker.Query(Original, "q"), Is.Empty, "the failed add's text is not indexed");
            Assert.That(worker.Query(Other, "q").Select(v => v.A), Is.EqualTo(new[] { "a" }));
        });
    }

    [Test]
    public async Task Replaying_a_logged_batch_that_was_applied_changes_nothing_but_the_log()
    {
        RedisLocation location = NewLocation();
        Dictionary<string, string> applied;
        RedisKey log;
        using (NearDupIndex writer = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            RedisCandidateIndex backend = Backend(writer);
            PreparedDocument[] batch = backend.Prepare([writer.Analyzer.Analyze("a", Original), writer.Analyzer.Analyze("b", Other)]);
            (log, _) = await backend.LogAsync(batch);
            await backend.ApplyAsync(batch); // died before taking the batch out of its log
            applied = Dump(backend);
            applied.Remove(Printable(log));
        }

        using NearDupIndex index = RedisNearDupIndex.Open(location);
        Assert.Multiple(() =>
        {
            Assert.That(index.Recovery.ReplayedBatches, Is.EqualTo(1));
            Assert.That(Dump(Backend(index)), Is.EqualTo(applied));
            Assert.That(index.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_replay_after_a_remove_leaves_the_id_free_to_be_added_again()
    {
        RedisLocation location = await AppliedButStillLoggedAsync("a");
        using NearDupIndex index = RedisNearDupIndex.Open(location);
        Assert.That(index.Recovery.ReplayedBatches, Is.EqualTo(1));
        const string Third = "Snow closed the mountain pass for nine days; the village baker kept the ovens going on driftwood and the schoolteacher read aloud every evening in the church hall.";
        index.Add("a", Third);
        Assert.That(index.Query(Third, "q").Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("a", MatchKind.Exact) }));
    }

    [Test]
    public async Task A_replay_after_a_remove_does_not_claim_the_id_for_the_removed_record()
    {
        RedisLocation location = await AppliedButStillLoggedAsync("a");
        using NearDupIndex index = RedisNearDupIndex.Open(location);
        var (key, field) = Backend(index).Layout.Id("a");
        Assert.Multiple(() =>
        {
            Assert.That(index.Recovery.ReplayedBatches, Is.EqualTo(1));
            Assert.That(Backend(index).Connection.GetDatabase().HashGet(key, field).IsNull, Is.True, "the id map has no field for 'a'");
            Assert.That(index.Contains("a"), Is.False);
        });
    }

    [Test]
    public async Task A_replay_after_a_remove_and_a_purge_does_not_bring_the_document_back()
    {
        RedisLocation location = await AppliedButStillLoggedAsync("a", purge: true);
        using NearDupIndex index = RedisNearDupIndex.Open(location);
        Assert.Multiple(() =>
        {
            Assert.That(index.Recovery.ReplayedBatches, Is.EqualTo(1));
            Assert.That(index.Contains("a"), Is.False);
            Assert.That(index.Query(Original, "q"), Is.Empty);
            Assert.That(index.Count, Is.EqualTo(1), "only 'b' is live");
            Assert.That(index.Verify(), Is.Empty, "the live counter matches the live records");
        });
    }

    [Test]
    public async Task A_replay_after_a_remove_and_a_purge_leaves_the_namespace_as_the_purge_did()
    {
        RedisLocation location = await AppliedButStillLoggedAsync("a", purge: true, keepLog: false);
        Dictionary<string, string> purged;
        using (NearDupIndex before = RedisNearDupIndex.Open(location))
        {
            purged = Dump(Backend(before));
            await RestoreLogAsync(Backend(before));
        }

        using NearDupIndex index = RedisNearDupIndex.Open(location);
        Assert.That(Dump(Backend(index)), Is.EqualTo(purged), "no record, posting or id written back by the replay");
    }

    /// <summary>A namespace where a batch ('a' = <see cref="Original"/>, 'b' = <see cref="Other"/>) was applied and its
    /// writer died before taking it out of its log, after which 'a' was removed (and the removed documents purged when
    /// <paramref name="purge"/>): what an open then replays. With <paramref name="keepLog"/> false the log entry is held
    /// aside instead (put back with <see cref="RestoreLogAsync"/>), so the namespace can be observed before the replay.</summary>
    private async Task<RedisLocation> AppliedButStillLoggedAsync(string removed, bool purge = false, bool keepLog = true)
    {
        RedisLocation location = NewLocation();
        using NearDupIndex writer = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        RedisCandidateIndex backend = Backend(writer);
        PreparedDocument[] batch = backend.Prepare([writer.Analyzer.Analyze("a", Original), writer.Analyzer.Analyze("b", Other)]);
        (RedisKey log, _) = await backend.LogAsync(batch);
        await backend.ApplyAsync(batch); // died here, before taking the batch out of its log
        IDatabase db = backend.Connection.GetDatabase();
        HashEntry[] entries = await db.HashGetAllAsync(log);
        await db.KeyDeleteAsync(log); // a removing worker would not replay it meanwhile: its open comes before
        Assert.That(writer.Remove([removed]), Is.EqualTo(1));
        if (purge)
        {
            writer.Compact();
        }

        _savedLogs[location.Namespace] = (log, entries);
        if (keepLog)
        {
            await RestoreLogAsync(backend);
        }

        return location;
    }

    private async Task RestoreLogAsync(RedisCandidateIndex backend)
    {
        var (log, entries) = _savedLogs[backend.Layout.Namespace];
        await backend.Connection.GetDatabase().HashSetAsync(log, entries);
    }

    [Test]
    public void Opening_with_other_analysis_options_is_rejected_naming_both_values()
    {
        RedisLocation location = NewLocation();
        RedisNearDupIndex.Create(location, plannedDocuments: 1_000).Dispose();
        var other = new IndexOptions(new AnalysisOptions(new Sketches.MinHash.MinHashParameters(Sketches.MinHash.MinHashFamily.OnePermutation, 64, Sketches.MinHash.MinHashParameters.DefaultSeed, Shingles.ShingleSpec.Default)));
        var e = Assert.Throws<NearDupFormatException>(() => RedisNearDupIndex.Open(location, other));
        Assert.That(e!.Message, Does.StartWith(location + ": options do not match the index:").And.Contain("64").And.Contain("128"));
    }

    [Test]
    public void Opening_with_another_LSH_threshold_or_postings_cap_is_rejected_naming_both_values()
    {
        // They laid out the stored postings: a client banding 25 x 2 where the index wrote 25 x 5 found no near copy.
        RedisLocation location = NewLocation();
        RedisNearDupIndex.Create(location, plannedDocuments: 1_000).Dispose();
        var e = Assert.Throws<NearDupFormatException>(() => RedisNearDupIndex.Open(location, new IndexOptions(lshThreshold: 0.21, maxPostings: 2)));
        Assert.That(e!.Message, Does.StartWith(location + ": options do not match the index: index has word LSH banding").And.Contain("posting lists of up to 64 documents, requested 2"));
    }

    [Test]
    public void Opening_with_other_verification_thresholds_takes_them()
    {
        RedisLocation location = NewLocation();
        using (NearDupIndex created = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            created.AddBatch([("a", Original), ("b", Other)]);
        }

        var strict = new IndexOptions(verification: new VerificationOptions(nearDuplicateCoverage: 0.95), minSharedFingerprints: 3);
        using NearDupIndex index = RedisNearDupIndex.Open(location, strict);
        Assert.That((index.Options.Verification.NearDuplicateCoverage, index.Query(Original, "q").Single().Kind), Is.EqualTo((0.95, MatchKind.Exact)));
    }

    [Test]
    public void Reopened_index_keeps_the_function_words_learned_at_creation()
    {
        RedisLocation location = NewLocation();
        var learned = new NearDup.Text.FunctionWords(["und", "oder", "nicht"]);
        RedisNearDupIndex.Create(location, IndexOptions.Default.WithLearnedFunctionWords(learned), plannedDocuments: 1_000).Dispose();
        using NearDupIndex index = RedisNearDupIndex.Open(location);
        Assert.That(index.Options.Analysis.LearnedFunctionWords?.SetEquals(learned), Is.True);
    }

    [Test]
    public void Reopened_index_answers_as_before_under_its_stored_options()
    {
        RedisLocation location = NewLocation();
        using (NearDupIndex created = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            created.AddBatch([("a", Original), ("b", Other)]);
        }

        using NearDupIndex index = RedisNearDupIndex.Open(location);
        Assert.Multiple(() =>
        {
            Assert.That(index.Count, Is.EqualTo(2));
            Assert.That(index.Query(Other, "q").Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("b", MatchKind.Exact) }));
        });
    }

    [Test]
    public void Creating_where_an_index_exists_and_opening_where_none_does_are_rejected()
    {
        RedisLocation location = NewLocation();
        RedisNearDupIndex.Create(location, plannedDocuments: 1_000).Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(() => RedisNearDupIndex.Create(location), Throws.InstanceOf<IOException>().With.Message.Contains("already holds an index"));
            Assert.That(() => RedisNearDupIndex.Open(NewLocation()), Throws.InstanceOf<IOException>().With.Message.Contains("no index in this namespace"));
        });
    }

    [Test]
    public void Creating_where_an_index_lost_its_meta_hash_is_rejected_and_adopts_nothing()
    {
        // Deleting only the meta hash left the documents: a new index there used to adopt them under its own options.
        RedisLocation location = NewLocation();
        using (NearDupIndex old = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            old.AddBatch([("a", Original), ("b", Other)]);
            RedisCandidateIndex backend = Backend(old);
            backend.Connection.GetDatabase().KeyDelete(backend.Layout.Meta);
        }

        Assert.That(
            () => RedisNearDupIndex.Create(location, plannedDocuments: 1_000),
            Throws.InstanceOf<IOException>().With.Message.EqualTo($"{location}: the namespace holds keys of an index whose meta hash is gone (its key allocator, live counter or writers); delete the namespace's keys ({{}}{location.Namespace}:*) or choose another namespace."));
    }

    [Test]
    public void Opening_an_index_of_format_2_is_rejected_naming_both_formats()
    {
        // Format 3 writes add-unless-copy turns as number:seconds: a format-2 index's turns would be misread.
        RedisLocation location = NewLocation();
        using (NearDupIndex created = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            RedisCandidateIndex backend = Backend(created);
            backend.Connection.GetDatabase().HashSet(backend.Layout.Meta, "format", "neardup-redis 2");
        }

        Assert.That(() => RedisNearDupIndex.Open(location), Throws.InstanceOf<NearDupFormatException>()
            .With.Message.Contains("'neardup-redis 2'").And.Message.Contains("'neardup-redis 3'"));
    }

    [Test]
    public void An_index_this_build_creates_records_its_analysis()
    {
        RedisLocation location = NewLocation();
        using (RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
        }

        using NearDupIndex opened = RedisNearDupIndex.Open(location);
        Assert.That((opened.AnalysisVersion, opened.IsAnalysisCurrent), Is.EqualTo((DocumentAnalyzer.AnalysisVersion, true)));
    }

    [Test]
    public void An_index_whose_options_record_no_analysis_opens_as_not_current()
    {
        // Options blob version 4, as builds before analysis versions wrote it: version 5 without its last two bytes.
        RedisLocation location = NewLocation();
        using (NearDupIndex created = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            RedisCandidateIndex backend = Backend(created);
            byte[] blob = NearDupIndex.OptionsBlob(IndexOptions.Default)[..^2];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(blob, 4);
            backend.Connection.GetDatabase().HashSet(backend.Layout.Meta, "options", blob);
        }

        using NearDupIndex opened = RedisNearDupIndex.Open(location);
        Assert.That((opened.AnalysisVersion, opened.IsAnalysisCurrent), Is.EqualTo((0, false)));
    }

    [Test]
    public void Compaction_purges_the_postings_of_removed_documents()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        RedisCandidateIndex backend = Backend(index);
        index.Add("b", Other);
        Dictionary<string, string> withB = Dump(backend);
        index.Add("a", Original);
        index.Remove(["a"]);
        index.Compact();
        Dictionary<string, string> after = Dump(backend);
        after.Remove(Printable(backend.Layout.Allocator));
        after.Remove(Printable(backend.Layout.Record(1))); // 'a''s tombstone (next test)
        withB.Remove(Printable(backend.Layout.Allocator));
        Assert.That(after, Is.EqualTo(withB), "the namespace holds what it held before 'a' was added");
    }

    [Test]
    public void Compaction_leaves_a_one_byte_tombstone_where_a_purged_record_was()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        RedisCandidateIndex backend = Backend(index);
        index.AddBatch([("b", Other), ("a", Original)]);
        index.Remove(["a"]);
        index.Compact();
        IDatabase db = backend.Connection.GetDatabase();
        Assert.Multiple(() =>
        {
            Assert.That((byte[]?)db.StringGet(backend.Layout.Record(1)), Is.EqualTo(new byte[] { DocumentRecord.Purged }));
            Assert.That(index.Verify(), Is.Empty, "verification skips tombstones");
        });
    }

    [Test]
    public void Verify_finds_nothing_in_a_sound_index_and_names_a_damaged_record()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.AddBatch([("a", Original), ("b", Other)]);
        Assert.That(index.Verify(), Is.Empty);
        RedisCandidateIndex backend = Backend(index);
        IDatabase db = backend.Connection.GetDatabase();
        RedisKey record = backend.Layout.Record(0);
        byte[] bytes = (byte[])db.StringGet(record)!;
        bytes[^12] ^= 0x20;
        db.StringSet(record, bytes);
        Assert.That(index.Verify(), Has.Some.Contains("document key 0: record checksum mismatch"));
    }

    /// <summary>Every key of the backend's namespace and its content, printable (hex), for before/after comparisons.</summary>
    internal static Dictionary<string, string> Dump(RedisCandidateIndex backend)
    {
        var dump = new Dictionary<string, string>();
        IDatabase db = backend.Connection.GetDatabase();
        foreach (IServer server in backend.Connection.GetServers().Where(s => !s.IsReplica))
        {
            foreach (RedisKey key in server.Keys(pattern: "{}" + backend.Layout.Namespace + ":*", pageSize: 1_000))
            {
                dump[Printable(key)] = db.KeyType(key) switch
                {
                    RedisType.Hash => string.Join(",", db.HashGetAll(key).Select(e => Convert.ToHexString((byte[])e.Name!) + "=" + Convert.ToHexString((byte[])e.Value!)).Order(StringComparer.Ordinal)),
                    RedisType.Set => string.Join(",", db.SetMembers(key).Select(m => Convert.ToHexString((byte[])m!)).Order(StringComparer.Ordinal)),
                    _ => Convert.ToHexString((byte[])db.StringGet(key)!),
                };
            }
        }

        return dump;
    }

    internal static string Printable(RedisKey key) => Convert.ToHexString((byte[])key!);
}
