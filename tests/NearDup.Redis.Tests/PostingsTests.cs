using System.Collections.Generic;
using System.Linq;
using NearDup.Redis.Tests.Support;
using NUnit.Framework;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>Delta-coded holder lists (<see cref="Postings"/>): the posting scripts, run by an in-process Garnet node,
/// write what <see cref="Postings.Encode"/> (the oracle) writes, and the readers get back every key.</summary>
[TestFixture]
public class PostingsTests : SingleGarnetFixture
{
    private const int KeyWidth = 4;

    // Gaps at every varint boundary: 1, 127 | 128, 16,383 | 16,384, 2^21 - 1 | 2^21, 2^28 - 1 | 2^28, and the largest key.
    private static readonly long[] Keys = [0, 1, 128, 256, 16_639, 33_023, 2_130_174, 4_227_326, 272_662_781, 541_098_237, uint.MaxValue];

    private static RedisValue Entry(long key)
    {
        var bytes = new byte[KeyWidth];
        DocumentKeys.Write(bytes, key, KeyWidth);
        return bytes;
    }

    private IDatabase Database(out RedisKey hash, out RedisKey overflow)
    {
        var connection = ConnectionMultiplexer.Connect(string.Join(",", Endpoints));
        string name = NewLocation().Namespace;
        hash = "{}" + name + ":T";
        overflow = "{}" + name + ":V";
        return connection.GetDatabase();
    }

    private static void Add(IDatabase db, RedisKey hash, RedisKey overflow, int cap, IEnumerable<long> keys) =>
        db.ScriptEvaluate(Postings.AddScript, [hash, overflow], [KeyWidth, cap, Postings.ListLimit, KeyWidth, .. keys.SelectMany(k => new[] { (RedisValue)"f", Entry(k) })]);

    private static byte[] Stored(IDatabase db, RedisKey hash, RedisKey overflow)
    {
        byte[] value = (byte[])db.HashGet(hash, "f")!;
        return Postings.IsOverflow(value) ? (byte[])db.HashGet(overflow, "f")! : value;
    }

    [Test]
    public void Keys_added_out_of_order_are_stored_ascending_as_the_oracle_codes_them()
    {
        IDatabase db = Database(out RedisKey hash, out RedisKey overflow);
        Add(db, hash, overflow, 0, [541_098_237, 0, uint.MaxValue, 16_639, 1, 272_662_781, 128, 4_227_326, 256, 2_130_174, 33_023, 128]);
        Assert.That(Stored(db, hash, overflow), Is.EqualTo(Postings.Encode(Keys, KeyWidth)));
    }

    [Test]
    public void A_coded_list_reads_back_every_key_and_counts_them()
    {
        byte[] list = Postings.Encode(Keys, KeyWidth);
        var read = new List<long>();
        Postings.Keys(list, KeyWidth, KeyWidth, read);
        Assert.That((read, Postings.Holders(list, KeyWidth)), Is.EqualTo((Keys.ToList(), Keys.Length)));
    }

    [Test]
    public void Removing_keys_recodes_the_gaps_around_them()
    {
        IDatabase db = Database(out RedisKey hash, out RedisKey overflow);
        Add(db, hash, overflow, 0, Keys);
        long removed = (long)db.ScriptEvaluate(Postings.RemoveScript, [hash, overflow], [KeyWidth, Postings.ListLimit, KeyWidth, "f", Entry(16_639), "f", Entry(0), "f", Entry(uint.MaxValue), "f", Entry(7)]);
        Assert.That((removed, Stored(db, hash, overflow)), Is.EqualTo((3L, Postings.Encode(Keys.Except([16_639L, 0, uint.MaxValue]).ToList(), KeyWidth))));
    }

    [Test]
    public void Removing_the_only_holder_drops_the_field()
    {
        IDatabase db = Database(out RedisKey hash, out RedisKey overflow);
        Add(db, hash, overflow, 0, [300]);
        db.ScriptEvaluate(Postings.RemoveScript, [hash, overflow], [KeyWidth, Postings.ListLimit, KeyWidth, "f", Entry(300)]);
        Assert.That(db.HashExists(hash, "f"), Is.False);
    }

    [Test]
    public void A_capped_list_past_its_cap_becomes_the_holder_count()
    {
        IDatabase db = Database(out RedisKey hash, out RedisKey overflow);
        Add(db, hash, overflow, 3, [10, 20, 30, 40]);
        Assert.That((byte[]?)db.HashGet(hash, "f"), Is.EqualTo(new byte[] { 4 }));
    }

    [Test]
    public void A_truncated_coded_list_is_reported()
    {
        byte[] list = Postings.Encode([5, 5 + 300], KeyWidth);
        Assert.That(() => Postings.Keys(list[..^1], KeyWidth, KeyWidth, []), Throws.InstanceOf<Storage.NearDupFormatException>().With.Message.Contains("ends inside a gap"));
    }
}
