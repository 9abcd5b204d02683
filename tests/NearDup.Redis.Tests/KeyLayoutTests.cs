using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NearDup.Detection;
using NearDup.Storage;
using NUnit.Framework;
using NearDup.Redis.Tests.Support;
using StackExchange.Redis;

namespace NearDup.Redis.Tests;

/// <summary>The keys the backend writes: a fixed, deterministic namespace prefix, and no accidental hash tag whatever
/// bytes a fingerprint holds.</summary>
[TestFixture]
public class KeyLayoutTests
{
    private static readonly Candidates.CandidateSettings Settings = IndexOptions.Default.CandidateSettings;

    /// <summary>Fingerprints whose prefix bytes are <c>{</c>, x, <c>}</c>, y: written after a plain namespace, the key's
    /// slot would come from x alone. At 2⁴⁰ planned documents the band tables take 32 prefix bits, so all four bytes are
    /// in the key.</summary>
    internal static IEnumerable<ulong> BraceFingerprints() =>
        Enumerable.Range(0, 256).Select(y => (0x7BUL << 56) | (0x41UL << 48) | (0x7DUL << 40) | ((ulong)y << 32) | 0x1234_5678UL);

    [Test]
    public void Posting_keys_start_with_an_empty_hash_tag_then_the_namespace_and_are_the_same_on_every_plan()
    {
        KeyLayout a = KeyLayout.Plan("crawl", Settings, 1L << 40), b = KeyLayout.Plan("crawl", Settings, 1L << 40);
        foreach (ulong f in BraceFingerprints())
        {
            var (keyA, fieldA) = a.Posting(KeyLayout.WordBand(3), f);
            var (keyB, fieldB) = b.Posting(KeyLayout.WordBand(3), f);
            Assert.That((byte[])keyA!, Is.EqualTo((byte[])keyB!));
            Assert.That((byte[])fieldA!, Is.EqualTo((byte[])fieldB!));
            Assert.That(((byte[])keyA!)[..8], Is.EqualTo(Encoding.ASCII.GetBytes("{}crawl:")));
        }
    }

    [Test]
    public void Braces_in_a_fingerprint_form_no_hash_tag_so_the_keys_spread_over_slots()
    {
        KeyLayout layout = KeyLayout.Plan("crawl", Settings, 1L << 40);
        Assert.That(layout.PrefixBits(KeyLayout.WordBand(3)), Is.EqualTo(32));
        var ours = new HashSet<int>();
        var naive = new HashSet<int>();
        foreach (ulong f in BraceFingerprints())
        {
            byte[] key = (byte[])layout.Posting(KeyLayout.WordBand(3), f).Key!;
            Assert.That(key.AsSpan(10).IndexOf("{A}"u8), Is.GreaterThanOrEqualTo(0), "the fingerprint's bytes hold a would-be tag");
            ours.Add(Slots.Of(key));
            naive.Add(Slots.Of(key[2..])); // the same key without the leading "{}"
        }

        Assert.Multiple(() =>
        {
            Assert.That(naive, Has.Count.EqualTo(1), "without the empty tag every key hashes by \"A\" alone");
            Assert.That(ours, Has.Count.GreaterThan(200), "with it the 256 keys hash whole and spread");
        });
    }

    [Test]
    public void An_overflow_hash_lands_in_its_posting_hash_slot_without_a_hash_tag()
    {
        // The add and remove scripts touch a hash and the overflow keys of its fields in one call: one slot. Checked
        // against the specification's CRC16 oracle, not the backend's own CRC.
        KeyLayout layout = KeyLayout.Plan("crawl", Settings, 1L << 40);
        foreach (ulong f in BraceFingerprints())
        {
            RedisKey hash = layout.Posting(KeyLayout.WordBand(3), f).Key;
            byte[] overflow = (byte[])layout.Overflow(hash)!;
            Assert.That(Slots.Of(overflow), Is.EqualTo(Slots.Of((byte[])hash!)), $"fingerprint {f:x16}");
            Assert.That(overflow[..9], Is.EqualTo(Encoding.ASCII.GetBytes("{}crawl:V")));
        }
    }

    [TestCase(1L, 4)]
    [TestCase(1L << 31, 4)] // the last plan with 4-byte keys: half the 4-byte key space
    [TestCase((1L << 31) + 1, 5)]
    [TestCase(1L << 40, 5)]
    public void Posting_key_width_follows_the_plan_and_reads_back(long planned, int width)
    {
        KeyLayout layout = KeyLayout.Plan("n", Settings, planned);
        Assert.Multiple(() =>
        {
            Assert.That(layout.PostingKeyWidth, Is.EqualTo(width));
            Assert.That(KeyLayout.Read("n", Settings, layout.Write(), "test").PostingKeyWidth, Is.EqualTo(width));
        });
    }

    [Test]
    public void Record_and_id_keys_hash_whole_too()
    {
        KeyLayout layout = KeyLayout.Plan("crawl", Settings, 1_000_000);
        byte[] record = (byte[])layout.Record(0x7B_41_7D_00_01)!;
        Assert.Multiple(() =>
        {
            Assert.That(record[..8], Is.EqualTo(Encoding.ASCII.GetBytes("{}crawl:")));
            Assert.That(Slots.Of(record), Is.Not.EqualTo(Slots.Of(Encoding.ASCII.GetBytes("A"))));
            Assert.That(layout.DocumentKeyOf(record), Is.EqualTo(0x7B_41_7D_00_01));
            Assert.That(((byte[])layout.Id("{A}").Key!)[..8], Is.EqualTo(Encoding.ASCII.GetBytes("{}crawl:")));
        });
    }

    [Test]
    public void Prefix_bits_grow_with_the_planned_documents_so_hashes_hold_about_128_fields()
    {
        KeyLayout small = KeyLayout.Plan("n", Settings, 1_000), large = KeyLayout.Plan("n", Settings, 100_000_000);
        Assert.Multiple(() =>
        {
            Assert.That(small.PrefixBits(KeyLayout.Exact), Is.EqualTo(3), "1,000 entries over 8 hashes");
            Assert.That(large.PrefixBits(KeyLayout.Exact), Is.EqualTo(20), "10⁸ entries over 2²⁰ hashes: 95 each");
            Assert.That(large.PrefixBits(large.Passages), Is.EqualTo(27), "10¹⁰ word passages over 2²⁷ hashes");
            Assert.That(large.PrefixBits(large.Passages) + 32, Is.GreaterThanOrEqualTo(56), "stored fingerprints reach 56 bits at scale");
        });
    }

    [Test]
    public void Layout_reads_back_as_written_and_a_damaged_one_is_rejected()
    {
        KeyLayout layout = KeyLayout.Plan("n", Settings, 123_456);
        KeyLayout read = KeyLayout.Read("n", Settings, layout.Write(), "test");
        byte[] damaged = layout.Write();
        damaged[3] = 40;
        byte[] badWidth = layout.Write();
        badWidth[^1] = 3;
        Assert.Multiple(() =>
        {
            Assert.That(() => KeyLayout.Read("n", Settings, badWidth, "test"), Throws.InstanceOf<NearDupFormatException>().With.Message.Contains("3-byte document keys"));
            Assert.That(read.Write(), Is.EqualTo(layout.Write()));
            Assert.That(() => KeyLayout.Read("n", Settings, damaged, "test"), Throws.InstanceOf<NearDupFormatException>().With.Message.Contains("40 prefix bits"));
            Assert.That(() => KeyLayout.Read("n", Settings, damaged[..5], "test"), Throws.InstanceOf<NearDupFormatException>().With.Message.Contains("key layout"));
        });
    }

    [Test]
    public void Location_parses_endpoints_and_namespace_and_never_prints_the_password()
    {
        RedisLocation location = RedisLocation.Parse("redis://10.0.0.1:6379,10.0.0.2:6380/crawl-2026", user: "worker", password: "s3cret");
        Assert.Multiple(() =>
        {
            Assert.That(location.Endpoints, Is.EqualTo(new[] { "10.0.0.1:6379", "10.0.0.2:6380" }));
            Assert.That(location.Namespace, Is.EqualTo("crawl-2026"));
            Assert.That(location.ToString(), Is.EqualTo("redis://10.0.0.1:6379,10.0.0.2:6380/crawl-2026"));
            Assert.That(location.ToConfiguration().ToString(includePassword: false), Does.Not.Contain("s3cret"));
            Assert.That(RedisLocation.Parse("rediss://h:1/n").UseTls, Is.True);
            Assert.That(() => RedisLocation.Parse("redis://h:1/{x}"), Throws.ArgumentException.With.Message.Contains("'{'"));
            Assert.That(() => RedisLocation.Parse("redis://u:pw@h:1/n"), Throws.ArgumentException.With.Message.Contains("credentials"));
            Assert.That(() => RedisLocation.Parse("redis://h/n"), Throws.ArgumentException.With.Message.Contains("host:port"));
        });
    }

    [Test]
    public void Location_timeout_is_five_seconds_unless_set_and_sets_both_client_timeouts()
    {
        RedisLocation plain = RedisLocation.Parse("redis://h:1/n");
        RedisLocation patient = RedisLocation.Parse("redis://h:1/n", user: "worker").WithTimeout(TimeSpan.FromSeconds(45));
        Assert.Multiple(() =>
        {
            Assert.That(plain.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(plain.ToConfiguration().SyncTimeout, Is.EqualTo(5_000));
            Assert.That(patient.ToConfiguration().SyncTimeout, Is.EqualTo(45_000));
            Assert.That(patient.ToConfiguration().AsyncTimeout, Is.EqualTo(45_000));
            Assert.That(patient.User, Is.EqualTo("worker"));
            Assert.That(plain.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)), "WithTimeout leaves the location it was called on alone");
        });
    }

    [Test]
    public void Location_timeout_bounds_each_attempt_to_connect_too()
    {
        // The driver's own 5 s per attempt, three attempts, made an open of a frozen server take 15 s at a 2 s timeout.
        // A timeout raised for large batches does not stretch an attempt beyond the driver's own 5 s.
        RedisLocation brisk = RedisLocation.Parse("redis://h:1/n").WithTimeout(TimeSpan.FromSeconds(2));
        RedisLocation patient = RedisLocation.Parse("redis://h:1/n").WithTimeout(TimeSpan.FromSeconds(45));
        Assert.That((brisk.ToConfiguration().ConnectTimeout, patient.ToConfiguration().ConnectTimeout), Is.EqualTo((2_000, 5_000)));
    }

    [Test]
    public void Opening_where_no_server_answers_names_the_location_first()
    {
        // Nothing listens on port 1: the driver's message ends in advice for its own configuration string.
        RedisLocation nowhere = RedisLocation.Parse("redis://127.0.0.1:1/n").WithTimeout(TimeSpan.FromSeconds(1));
        Assert.That(() => RedisNearDupIndex.Open(nowhere), Throws.InstanceOf<StackExchange.Redis.RedisConnectionException>().With.Message.StartsWith("redis://127.0.0.1:1/n: could not connect ("));
    }

    [Test]
    public void Opening_a_plain_server_with_rediss_says_the_TLS_handshake_failed()
    {
        // The driver calls a failed TLS handshake an authentication failure; without a password, that can only be TLS.
        using RedisServerProcess server = RedisServerProcess.Start();
        RedisLocation tls = RedisLocation.Parse($"rediss://{server.Endpoint}/n").WithTimeout(TimeSpan.FromSeconds(2));
        Assert.That(
            () => RedisNearDupIndex.Open(tls),
            Throws.InstanceOf<StackExchange.Redis.RedisConnectionException>().With.Message.Contains("the TLS handshake failed: rediss:// asks for TLS"));
    }

    [Test]
    public void Location_refuses_a_timeout_of_zero_or_beyond_two_minutes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new RedisLocation(["h:1"], "n") { Timeout = TimeSpan.Zero }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("more than 0"));
            Assert.That(() => new RedisLocation(["h:1"], "n") { Timeout = TimeSpan.FromMinutes(3) }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("(got 180 s)"));
        });
    }

    /// <summary>Every key each layout method makes, with the family the memory report must count it in.</summary>
    private static IEnumerable<(RedisKey Key, RedisStructure Family)> KeysAndFamilies(KeyLayout layout)
    {
        const ulong Fingerprint = 0x7B41_7D00_1234_5678UL; // braces in the prefix bytes, as BraceFingerprints
        (int Table, RedisStructure Family)[] tables =
        [
            (KeyLayout.Exact, RedisStructure.ExactHash),
            .. Enumerable.Range(0, layout.WordBands).Select(b => (KeyLayout.WordBand(b), RedisStructure.WordLsh)),
            .. Enumerable.Range(0, layout.SpinBands).Select(b => (layout.SpinBand(b), RedisStructure.SpinLsh)),
            .. Enumerable.Range(0, layout.SimHashMasks.Length).Select(t => (layout.SimHash(t), RedisStructure.SimHash)),
            (layout.Passages, RedisStructure.WordPassages),
            (layout.SpinPassages, RedisStructure.SpinPassages),
            (layout.Pairs, RedisStructure.WordPairs),
        ];
        foreach ((int table, RedisStructure family) in tables)
        {
            RedisKey hash = layout.Posting(table, Fingerprint).Key;
            yield return (hash, family);
            yield return (layout.Overflow(hash), family + (RedisStructure.ExactHashOverflow - RedisStructure.ExactHash));
        }

        yield return (layout.Record(5), RedisStructure.DocumentRecords);
        yield return (layout.Id("a.txt").Key, RedisStructure.IdMap);
        foreach (RedisKey other in new[] { layout.Meta, layout.Count, layout.Allocator, layout.Writers, layout.Turns, layout.Removed, layout.Log(1) })
        {
            yield return (other, RedisStructure.Other);
        }
    }

    [TestCase(1L)]
    [TestCase(1L << 40)] // 32 prefix bits: every table byte followed by four fingerprint bytes
    public void Every_key_the_layout_makes_belongs_to_the_family_of_its_kind_and_table(long planned)
    {
        KeyLayout layout = KeyLayout.Plan("crawl", Settings, planned);
        var keys = KeysAndFamilies(layout).ToList();
        Assert.Multiple(() =>
        {
            foreach (var (key, family) in keys)
            {
                Assert.That(layout.StructureOf((byte[])key!), Is.EqualTo(family), Convert.ToHexString((byte[])key!));
            }

            Assert.That(keys.Select(k => k.Family).Distinct().Order(), Is.EqualTo(Enum.GetValues<RedisStructure>()), "every family is made");
        });
    }

    [Test]
    public void A_key_of_another_namespace_belongs_to_no_family()
    {
        KeyLayout layout = KeyLayout.Plan("crawl", Settings, 1_000);
        Assert.Multiple(() =>
        {
            foreach (var (key, _) in KeysAndFamilies(KeyLayout.Plan("crawl2", Settings, 1_000)).Concat(KeysAndFamilies(KeyLayout.Plan("craw", Settings, 1_000))))
            {
                Assert.That(layout.StructureOf((byte[])key!), Is.Null, Encoding.Latin1.GetString((byte[])key!));
            }

            Assert.That(layout.StructureOf("crawl:D12345"u8), Is.Null, "no leading {}");
            Assert.That(layout.StructureOf("{}crawl:"u8), Is.Null, "the prefix alone");
        });
    }

    [Test]
    public void Family_names_give_the_layouts_band_and_table_counts()
    {
        KeyLayout layout = KeyLayout.Plan("crawl", Settings, 1_000);
        Assert.Multiple(() =>
        {
            Assert.That(layout.NameOf(RedisStructure.WordLsh), Is.EqualTo($"word LSH, {Settings.WordBanding.Bands} bands"));
            Assert.That(layout.NameOf(RedisStructure.SimHashOverflow), Is.EqualTo($"overflow hashes: SimHash, {layout.SimHashMasks.Length} tables"));
            Assert.That(Enum.GetValues<RedisStructure>().Select(layout.NameOf).Distinct().Count(), Is.EqualTo(Enum.GetValues<RedisStructure>().Length));
        });
    }
}
