using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Storage;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary><see cref="NearDupIndex.AddUnlessCopy(string, string, CopyKinds)"/> on the Redis backend, against one
/// in-process Garnet node: two index instances on one namespace stand for two workers. The interleavings the rule
/// must decide are staged by handing the backend a query that misses on its first call (as a query racing another
/// worker's add does) and by writing a copy's turn by hand.</summary>
[TestFixture]
public class AddUnlessCopyTests : SingleGarnetFixture
{
    private const CopyKinds Copies = CopyKinds.Exact | CopyKinds.NearDuplicate;

    private static RedisCandidateIndex Backend(NearDupIndex index) => (RedisCandidateIndex)index.Backend;

    private static IDatabase Db(NearDupIndex index) => Backend(index).Connection.GetDatabase();

    /// <summary>The document fields of the turns hash (its counter left out): the documents being decided.</summary>
    private static RedisValue[] OpenTurns(NearDupIndex index) =>
        Db(index).HashKeys(Backend(index).Layout.Turns).Where(f => f != "n").ToArray();

    /// <summary>The engine's query for copies, except that its first call finds nothing: the first query of a document
    /// that ran before a copy became visible. <paramref name="afterSecond"/> runs after the second query answered and
    /// before the backend reads the copies' turns.</summary>
    private static Func<AnalyzedDocument, IReadOnlyList<KeyedVerdict>> FirstQueryMisses(NearDupIndex index, Action? afterSecond = null)
    {
        int calls = 0;
        return d =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                return [];
            }

            List<KeyedVerdict> found = index.FindCopies(d, Copies);
            afterSecond?.Invoke();
            return found;
        };
    }

    private static IReadOnlyList<PairVerdict> AddWithFirstQueryMissing(NearDupIndex index, string id, string text, Action? afterSecond = null) =>
        Backend(index).AddUnlessCopyAsync(index.Analyzer.Analyze(id, text), FirstQueryMisses(index, afterSecond)).AsTask().GetAwaiter().GetResult();

    /// <summary>The key of an indexed document, as a query of its own text finds it.</summary>
    private static long KeyOf(NearDupIndex index, string id, string text) =>
        index.FindCopies(index.Analyzer.Analyze("probe", text), Copies).Single(v => v.Verdict.A == id).Key;

    /// <summary>The server's clock, whole seconds since the Unix epoch (what the turn scripts write).</summary>
    private static long ServerSeconds(NearDupIndex index) => (long)((RedisResult[])Db(index).Execute("TIME")!)[0];

    private static RedisValue TurnField(long key)
    {
        byte[] bytes = new byte[DocumentKeys.Width];
        DocumentKeys.Write(bytes, key);
        return bytes;
    }

    [Test]
    public void Two_workers_adding_copies_of_each_other_at_once_keep_exactly_one_each_round([Values(11)] int seed)
    {
        RedisLocation location = NewLocation();
        using NearDupIndex first = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        using NearDupIndex second = RedisNearDupIndex.Open(location);
        NearDupIndex[] workers = [first, second];
        var random = new Random(seed);
        const int Rounds = 50;
        for (int round = 0; round < Rounds; round++)
        {
            // Every other round the two texts are exact copies, else near-duplicates (one word replaced).
            string original = RandomText.Of(random);
            string[] texts = [original, round % 2 == 0 ? original : TestTexts.ReplaceWords(original, 7 + random.Next(60))];
            using var barrier = new Barrier(workers.Length);
            AddUnlessCopyResult[] results = Task.WhenAll(workers.Select((worker, w) => Task.Run(() =>
            {
                barrier.SignalAndWait();
                return worker.AddUnlessCopy($"r{round}-w{w}", texts[w]);
            }))).GetAwaiter().GetResult();
            int keeper = Array.FindIndex(results, r => r.Kept);
            Assert.Multiple(() =>
            {
                Assert.That(results.Count(r => r.Kept), Is.EqualTo(1), $"round {round}");
                Assert.That(results[1 - Math.Max(keeper, 0)].Copies.Select(v => (v.A, v.B)), Is.EqualTo(new[] { ($"r{round}-w{keeper}", $"r{round}-w{1 - keeper}") }), $"round {round}");
                Assert.That(first.Contains($"r{round}-w{1 - keeper}"), Is.False, $"round {round}: the one turned away is not held");
            });
        }

        // The rounds where both passed their first query were decided by the second; the one that yielded was removed.
        long secondQuery = Db(first).SetLength(Backend(first).Layout.Removed);
        TestContext.Out.WriteLine($"{Rounds} rounds, {secondQuery} decided by the second query, {Rounds - secondQuery} by the first");
        Assert.Multiple(() =>
        {
            Assert.That(first.Count, Is.EqualTo(Rounds));
            Assert.That(OpenTurns(first), Is.Empty, "every turn closed");
        });
    }

    [Test]
    public void Two_workers_adding_unrelated_texts_at_once_keep_both()
    {
        RedisLocation location = NewLocation();
        using NearDupIndex first = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        using NearDupIndex second = RedisNearDupIndex.Open(location);
        var random = new Random(5);
        string[] texts = [RandomText.Of(random), RandomText.Of(random)];
        using var barrier = new Barrier(2);
        AddUnlessCopyResult[] results = Task.WhenAll(new[] { first, second }.Select((worker, w) => Task.Run(() =>
        {
            barrier.SignalAndWait();
            return worker.AddUnlessCopy($"w{w}", texts[w]);
        }))).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Kept), Is.All.True);
            Assert.That(first.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_near_duplicate_the_word_LSH_misses_is_turned_away_as_in_memory()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.Add("bees", TestTexts.BeesOne);
        string split = TestTexts.SplitEveryThirdLongWord(TestTexts.BeesOne);
        IReadOnlyList<PairVerdict> queried = index.Query(split, "q", Copies);
        AddUnlessCopyResult result = index.AddUnlessCopy("split", split);
        Assert.Multiple(() =>
        {
            Assert.That(queried, Is.Empty, "a query for near-duplicates asks the word LSH alone");
            Assert.That(result.Copies.Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("bees", "split", MatchKind.NearDuplicate) }));
            Assert.That(index.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_copy_found_by_the_first_query_turns_the_document_away_writing_nothing()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        string text = RandomText.Of(new Random(1));
        index.Add("a", text);
        var before = Backend(index).Traffic;
        AddUnlessCopyResult result = index.AddUnlessCopy("b", text);
        var after = Backend(index).Traffic;
        Assert.Multiple(() =>
        {
            Assert.That(result.Copies.Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("a", "b", MatchKind.Exact) }));
            Assert.That(index.Count, Is.EqualTo(1));
            Assert.That(Db(index).KeyExists(Backend(index).Layout.Turns), Is.False, "no turn was opened");
            Assert.That(Db(index).SetLength(Backend(index).Layout.Removed), Is.Zero, "nothing added and removed");
            Assert.That(after.RoundTrips - before.RoundTrips, Is.LessThan(9), "fewer round trips than an add");
        });
    }

    [Test]
    public void A_document_whose_first_query_missed_a_copy_kept_earlier_yields_to_it_in_the_second()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        string text = RandomText.Of(new Random(2));
        index.Add("a", text); // a plain add: no turn, kept
        IReadOnlyList<PairVerdict> copies = AddWithFirstQueryMissing(index, "b", TestTexts.ReplaceWords(text, 30));
        Assert.Multiple(() =>
        {
            Assert.That(copies.Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("a", "b", MatchKind.NearDuplicate) }));
            Assert.That(index.Contains("b"), Is.False);
            Assert.That(index.Count, Is.EqualTo(1));
            Assert.That(OpenTurns(index), Is.Empty, "its turn closed after the remove");
        });
    }

    [Test]
    public void A_copy_whose_turn_has_no_number_yet_came_later_so_the_document_is_kept()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        string text = RandomText.Of(new Random(3));
        index.Add("a", text);
        Db(index).HashSet(Backend(index).Layout.Turns, TurnField(KeyOf(index, "a", text)), Turns.Value(0, ServerSeconds(index))); // a is visible, its number not taken
        IReadOnlyList<PairVerdict> copies = AddWithFirstQueryMissing(index, "b", text);
        Assert.Multiple(() =>
        {
            Assert.That(copies, Is.Empty);
            Assert.That(index.Contains("b"), Is.True);
            Assert.That(OpenTurns(index), Has.Length.EqualTo(1), "a's turn is a's to close; b's is closed");
        });
    }

    [TestCase(50, false, TestName = "A_copy_numbered_lower_makes_the_document_yield")]
    [TestCase(500, true, TestName = "A_copy_numbered_higher_does_not_make_the_document_yield")]
    public void A_copys_number_against_the_documents_decides(long theirs, bool kept)
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        string text = RandomText.Of(new Random(4));
        index.Add("a", text);
        IDatabase db = Db(index);
        RedisKey turns = Backend(index).Layout.Turns;
        db.HashSet(turns, "n", 100); // b takes 101
        db.HashSet(turns, TurnField(KeyOf(index, "a", text)), Turns.Value(theirs, ServerSeconds(index)));
        IReadOnlyList<PairVerdict> copies = AddWithFirstQueryMissing(index, "b", text);
        Assert.Multiple(() =>
        {
            Assert.That(copies.Select(v => v.A), Is.EqualTo(kept ? Array.Empty<string>() : ["a"]));
            Assert.That(index.Contains("b"), Is.EqualTo(kept));
            Assert.That((long)db.HashGet(turns, "n"), Is.EqualTo(101), "one number taken");
        });
    }

    [Test]
    public void A_copy_without_a_turn_removed_between_the_query_and_the_read_of_its_turn_is_passed_over()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        string text = RandomText.Of(new Random(6));
        index.Add("a", text);

        // What a copy that yields does after b's query saw it live: removes itself, then closes its turn. Without the
        // look at its state after its turn, b would take it for one kept and yield too, and neither would be kept.
        IReadOnlyList<PairVerdict> copies = AddWithFirstQueryMissing(index, "b", text, afterSecond: () => index.Remove(["a"]));
        Assert.Multiple(() =>
        {
            Assert.That(copies, Is.Empty);
            Assert.That(index.Contains("b"), Is.True);
            Assert.That(index.Contains("a"), Is.False);
        });
    }

    [Test]
    public void An_id_already_held_is_rejected_and_no_turn_is_left_open()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        var random = new Random(7);
        index.Add("a", RandomText.Of(random));
        Assert.Multiple(() =>
        {
            Assert.That(() => index.AddUnlessCopy("a", RandomText.Of(random)), Throws.ArgumentException.With.Message.Contains("'a' is already indexed"));
            Assert.That(() => AddWithFirstQueryMissing(index, "a", RandomText.Of(random)), Throws.ArgumentException.With.Message.Contains("'a' is already indexed"));
            Assert.That(OpenTurns(index), Is.Empty);
            Assert.That(index.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_worker_that_added_a_copy_with_a_plain_add_wins_over_one_adding_unless_a_copy()
    {
        RedisLocation location = NewLocation();
        using NearDupIndex first = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        using NearDupIndex second = RedisNearDupIndex.Open(location);
        string text = RandomText.Of(new Random(8));
        first.AddUnlessCopy("kept", text);
        second.Add("plain", text); // a plain add keeps what it is given
        AddUnlessCopyResult third = second.AddUnlessCopy("third", text);
        Assert.Multiple(() =>
        {
            Assert.That(third.Copies.Select(v => v.A).Order(), Is.EqualTo(new[] { "kept", "plain" }));
            Assert.That(first.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void Recover_deletes_the_turns_not_written_for_the_lease_and_keeps_the_others()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        IDatabase db = Db(index);
        RedisKey turns = Backend(index).Layout.Turns;
        long now = ServerSeconds(index), lease = (long)Turns.Lease.TotalSeconds;
        db.HashSet(turns, [
            new HashEntry(Turns.Counter, 7),
            new HashEntry(TurnField(1), Turns.Value(0, now - lease - 60)), // opened by a worker that died before its number
            new HashEntry(TurnField(2), Turns.Value(5, now - lease - 60)), // numbered by a worker that died deciding
            new HashEntry(TurnField(3), Turns.Value(6, now - 60)), // a live worker's, a minute old
            new HashEntry(TurnField(4), Turns.Value(0, now)),
        ]);
        RecoveryReport report = index.Recover();
        Assert.Multiple(() =>
        {
            Assert.That(db.HashKeys(turns).Order(), Is.EqualTo(new RedisValue[] { TurnField(3), TurnField(4), Turns.Counter }.Order()));
            Assert.That((long)db.HashGet(turns, Turns.Counter), Is.EqualTo(7), "the counter is kept");
            Assert.That(report.Messages.Single(), Does.Contain("deleted 2 add-unless-copy turns not written for 10 minutes"));
        });
    }

    [Test]
    public void Opening_the_index_deletes_a_dead_workers_turn()
    {
        RedisLocation location = NewLocation();
        using (NearDupIndex created = RedisNearDupIndex.Create(location, plannedDocuments: 1_000))
        {
            Db(created).HashSet(Backend(created).Layout.Turns, TurnField(9), Turns.Value(0, ServerSeconds(created) - (long)Turns.Lease.TotalSeconds - 1));
        }

        using NearDupIndex opened = RedisNearDupIndex.Open(location);
        Assert.Multiple(() =>
        {
            Assert.That(OpenTurns(opened), Is.Empty);
            Assert.That(opened.Recovery.Messages.Single(), Does.Contain("deleted 1 add-unless-copy turns"));
        });
    }

    [Test]
    public void A_turn_holds_its_number_and_the_server_time_it_was_written()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        string text = RandomText.Of(new Random(12));
        index.Add("a", text);
        long before = ServerSeconds(index);
        RedisValue seen = RedisValue.Null;
        AddWithFirstQueryMissing(index, "b", text, afterSecond: () => seen = Db(index).HashGet(Backend(index).Layout.Turns, TurnField(KeyOf(index, "b", text))));
        string[] parts = ((string)seen!).Split(':');
        Assert.Multiple(() =>
        {
            Assert.That(Turns.Number(seen), Is.EqualTo(1));
            Assert.That(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(before, ServerSeconds(index)));
        });
    }

    [TestCase(true, TestName = "AddUnlessCopy_of_a_copy_on_an_index_opened_read_only_throws_saying_so")]
    [TestCase(false, TestName = "AddUnlessCopy_of_a_new_document_on_an_index_opened_read_only_throws_saying_so")]
    public void AddUnlessCopy_on_an_index_opened_read_only_throws_the_same_error_whether_or_not_it_holds_a_copy(bool copy)
    {
        RedisLocation location = NewLocation();
        var random = new Random(14);
        string held = RandomText.Of(random);
        using NearDupIndex writer = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        writer.Add("a", held);
        using NearDupIndex reader = RedisNearDupIndex.OpenReadOnly(location);
        Assert.Multiple(() =>
        {
            Assert.That(() => reader.AddUnlessCopy("b", copy ? held : RandomText.Of(random)), Throws.InvalidOperationException.With.Message.EqualTo($"The index at {location} was opened read-only; open it for writing to change it."));
            Assert.That(writer.Count, Is.EqualTo(1));
            Assert.That(Db(writer).KeyExists(Backend(writer).Layout.Turns), Is.False, "no turn was opened");
        });
    }

    [Test]
    public void An_index_opened_read_only_answers_queries_and_refuses_every_write()
    {
        RedisLocation location = NewLocation();
        string text = RandomText.Of(new Random(15));
        using NearDupIndex writer = RedisNearDupIndex.Create(location, plannedDocuments: 1_000);
        writer.Add("a", text);
        using NearDupIndex reader = RedisNearDupIndex.OpenReadOnly(location);
        const string ReadOnly = "was opened read-only";
        Assert.Multiple(() =>
        {
            Assert.That(reader.IsReadOnly, Is.True);
            Assert.That(reader.Query(text, "q").Select(v => v.A), Is.EqualTo(new[] { "a" }));
            Assert.That(() => reader.Add("c", text), Throws.InvalidOperationException.With.Message.Contains(ReadOnly));
            Assert.That(() => reader.Remove(["a"]), Throws.InvalidOperationException.With.Message.Contains(ReadOnly));
            Assert.That(() => reader.Compact(), Throws.InvalidOperationException.With.Message.Contains(ReadOnly));
            Assert.That(() => reader.Recover(), Throws.InvalidOperationException.With.Message.Contains(ReadOnly));
            Assert.That(writer.Contains("a"), Is.True);
        });
    }
}
