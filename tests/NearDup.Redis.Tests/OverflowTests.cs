using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>Holder lists longer than the listpack value limit (64 bytes) live in overflow hashes: every holder is still
/// found, the posting hash keeps its compact encoding, and adds stay idempotent. Against an in-process Garnet node,
/// and against <c>redis-server</c> for the encoding (ignored where it is not installed).</summary>
[TestFixture]
public class OverflowTests : SingleGarnetFixture
{
    // 62 holders of consecutive keys, delta-coded: a 4-byte key and 61 one-byte gaps, 65 bytes: past the 64-byte limit,
    // and within the passage tables' cap (64), so that no list becomes a boilerplate count (which a replay counts again).
    private const int Copies = 62;
    private const string Text = "The harbour master counted forty boats at dawn, each one painted a different shade of blue, and wrote the number in a ledger kept since the war. Fishermen said the ledger was the only honest book in town.";

    private static IEnumerable<(string Id, string Text)> CopiesOf(int count) => Enumerable.Range(0, count).Select(i => ($"c{i:00}", Text));

    /// <summary>The exact-hash field every copy is posted under, and its hash's overflow hash.</summary>
    private static (RedisKey Hash, RedisValue Field, RedisKey Overflow) ExactPosting(NearDupIndex index)
    {
        var backend = (RedisCandidateIndex)index.Backend;
        var (hash, field) = backend.Layout.Posting(KeyLayout.Exact, index.Analyzer.Analyze("q", Text).ExactHash);
        return (hash, field, backend.Layout.Overflow(hash));
    }

    [Test]
    public void A_list_longer_than_the_listpack_value_limit_moves_to_the_overflow_hash_and_every_holder_is_found()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.AddBatch(CopiesOf(Copies));
        IReadOnlyList<PairVerdict> verdicts = index.Query(Text, "q");
        var (hash, field, overflow) = ExactPosting(index);
        IDatabase db = ((RedisCandidateIndex)index.Backend).Connection.GetDatabase();
        Assert.Multiple(() =>
        {
            Assert.That(verdicts.Where(v => v.Kind == MatchKind.Exact).Select(v => v.A).Order(), Is.EqualTo(CopiesOf(Copies).Select(c => c.Id)));
            Assert.That((byte[]?)db.HashGet(hash, field), Is.EqualTo(new byte[] { Postings.OverflowMark, Copies }), "the field holds a marker with the holder count");
            Assert.That(((byte[]?)db.HashGet(overflow, field))?.Length, Is.EqualTo(4 + Copies - 1), "the list, a 4-byte key and one-byte gaps, under the same field");
        });
    }

    [Test]
    public async Task Reapplying_a_batch_with_overflowed_lists_changes_no_key()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        var backend = (RedisCandidateIndex)index.Backend;
        PreparedDocument[] batch = backend.Prepare(CopiesOf(Copies).Select(c => index.Analyzer.Analyze(c.Id, c.Text)).ToList());
        await backend.ApplyAsync(batch);
        Dictionary<string, string> before = RedisIndexTests.Dump(backend);
        await backend.WritePendingAsync(batch);
        await backend.FanOutAsync(batch);
        await backend.MarkLiveAsync(batch);
        Assert.Multiple(() =>
        {
            Assert.That(RedisIndexTests.Dump(backend), Is.EqualTo(before));
            Assert.That(before, Does.ContainKey(RedisIndexTests.Printable(ExactPosting(index).Overflow)), "the batch did overflow a list");
        });
    }

    [Test]
    public void A_purge_moves_a_list_back_inline_once_it_fits_and_drops_its_overflow_list()
    {
        using NearDupIndex index = RedisNearDupIndex.Create(NewLocation(), plannedDocuments: 1_000);
        index.AddBatch(CopiesOf(Copies));
        index.Remove(CopiesOf(Copies).Skip(10).Select(c => c.Id).ToList());
        index.Compact();
        var (hash, field, overflow) = ExactPosting(index);
        IDatabase db = ((RedisCandidateIndex)index.Backend).Connection.GetDatabase();
        Assert.Multiple(() =>
        {
            Assert.That(((byte[]?)db.HashGet(hash, field))?.Length, Is.EqualTo(4 + 9), "ten holders inline");
            Assert.That(db.KeyExists(overflow), Is.False, "its only list gone, the overflow hash is gone");
            Assert.That(index.Query(Text, "q").Count(v => v.Kind == MatchKind.Exact), Is.EqualTo(10));
        });
    }

    [Test]
    [NonParallelizable]
    public void On_redis_server_a_hash_with_an_overflowed_list_stays_listpack_encoded()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        using NearDupIndex index = RedisNearDupIndex.Create(new RedisLocation([server.Endpoint], "encoding"), plannedDocuments: 1_000);
        index.AddBatch(CopiesOf(Copies));
        var (hash, _, overflow) = ExactPosting(index);
        IDatabase db = ((RedisCandidateIndex)index.Backend).Connection.GetDatabase();
        Assert.Multiple(() =>
        {
            Assert.That((string?)db.Execute("OBJECT", "ENCODING", hash), Is.EqualTo("listpack"));
            Assert.That(db.KeyExists(overflow), Is.True);
            Assert.That(index.Query(Text, "q").Count(v => v.Kind == MatchKind.Exact), Is.EqualTo(Copies));
        });
    }
}
