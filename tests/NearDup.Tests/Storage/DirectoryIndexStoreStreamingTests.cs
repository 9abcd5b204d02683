using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// <see cref="DirectoryIndexStore.Load"/> streams: the log is read first on ids only, the snapshot is streamed past
/// it, and the log's surviving payloads are read back. These tests hold it to the order and replacement rules of the
/// in-memory store (the plain list replay), and check what streaming adds: the read window, payload ownership, a
/// visitor that fails, and a log changed between its passes.
/// </summary>
public class DirectoryIndexStoreStreamingTests : StoreTestBase
{
    private static IEnumerable<TestCaseData> HistorySeeds() =>
        new[] { 1, 2, 3, 17, 42, 2024 }.Select(seed => new TestCaseData(seed).SetName($"Random_history_loads_like_the_in_memory_store(seed {seed})"));

    /// <summary>
    /// Random adds over a small id pool (so ids are replaced in place, removed, re-added), removes of known and unknown
    /// ids, and compactions, applied to both stores; the directory, reopened, must load exactly what the in-memory
    /// store (which replays a plain list) holds.
    /// </summary>
    [TestCaseSource(nameof(HistorySeeds))]
    public void Random_history_loads_like_the_in_memory_store(int seed)
    {
        var random = new Random(seed);
        using var memory = new InMemoryIndexStore(OptionsBlob);
        for (int round = 0; round < 4; round++)
        {
            using (DirectoryIndexStore store = round == 0 ? DirectoryIndexStore.Create(Directory, OptionsBlob) : DirectoryIndexStore.Open(Directory))
            {
                for (int b = 0; b < 12; b++)
                {
                    var batch = new List<StoreOperation>();
                    int operations = random.Next(1, 6);
                    for (int o = 0; o < operations; o++)
                    {
                        string id = "d" + random.Next(10);
                        batch.Add(random.Next(3) == 0 ? Remove(id) : Add(id, $"{id}@{round}.{b}.{o}"));
                    }

                    store.Commit(batch);
                    memory.Commit(batch);
                    if (random.Next(8) == 0)
                    {
                        store.Compact(Load(store));
                        memory.Compact(Load(memory));
                    }
                }
            }

            using var reopened = DirectoryIndexStore.Open(Directory);
            Assert.That(Describe(Load(reopened)), Is.EqualTo(Describe(Load(memory))), $"round {round}");
        }
    }

    /// <summary>Compacts a=a1, b=b1, c=c1 into the snapshot, commits <paramref name="logBatches"/> and reopens the store.</summary>
    private DirectoryIndexStore SnapshotOfThreeThen(params StoreOperation[][] logBatches)
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            store.Commit(new[] { Add("a", "a1"), Add("b", "b1"), Add("c", "c1") });
            store.Compact(Load(store));
            foreach (StoreOperation[] batch in logBatches)
            {
                store.Commit(batch);
            }
        }

        return DirectoryIndexStore.Open(Directory);
    }

    [Test]
    public void Snapshot_document_added_again_by_the_log_keeps_its_place_with_the_new_payload()
    {
        using DirectoryIndexStore reopened = SnapshotOfThreeThen([Add("b", "b2")], [Add("b", "b3"), Add("d", "d1")]);
        Assert.That(Describe(Load(reopened)), Is.EqualTo(new[] { "a=a1", "b=b3", "c=c1", "d=d1" }));
    }

    [Test]
    public void Snapshot_document_removed_and_added_again_by_the_log_moves_after_the_snapshot()
    {
        using DirectoryIndexStore reopened = SnapshotOfThreeThen([Remove("a"), Add("d", "d1")], [Add("a", "a2"), Remove("c")]);
        Assert.That(Describe(Load(reopened, out RecoveryReport report)), Is.EqualTo(new[] { "b=b1", "d=d1", "a=a2" }));
        Assert.That((report.SnapshotDocuments, report.ReplayedBatches), Is.EqualTo((3, 2)));
    }

    /// <summary>
    /// The read window is 1 MiB: payloads of 700,000 bytes straddle its edges, one of 2.5 MB is read past it, in the
    /// snapshot and in the log alike.
    /// </summary>
    [Test]
    public void Payloads_larger_than_the_read_window_and_straddling_it_round_trip()
    {
        var random = new Random(7);
        byte[] Payload(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        var expected = new List<(string Id, byte[] Payload)>
        {
            ("s1", Payload(700_000)), ("s2", Payload(700_000)), ("s3", Payload(2_500_000)), ("s4", Payload(3)),
            ("l1", Payload(700_000)), ("l2", Payload(2_500_000)), ("l3", Payload(700_000)),
        };
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            store.Commit(expected.Take(4).Select(e => StoreOperation.Add(e.Id, e.Payload)).ToList());
            store.Compact(Load(store));
            store.Commit(expected.Skip(4).Take(2).Select(e => StoreOperation.Add(e.Id, e.Payload)).ToList());
            store.Commit(new[] { StoreOperation.Add(expected[6].Id, expected[6].Payload) });
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        List<StoredDocument> documents = Load(reopened);
        Assert.That(documents.Select(d => d.Id), Is.EqualTo(expected.Select(e => e.Id)));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.That(documents[i].Payload.ToArray(), Is.EqualTo(expected[i].Payload), expected[i].Id);
        }
    }

    [Test]
    public void Payloads_handed_over_stay_intact_after_later_loads_and_commits()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        store.Commit(new[] { Add("a", "first"), Add("b", "second") });
        store.Commit(new[] { Add("c", "third") });
        List<StoredDocument> kept = Load(store);
        store.Commit(new[] { Add("d", "fourth"), Remove("a") });
        Load(store);
        Assert.That(Describe(kept), Is.EqualTo(new[] { "a=first", "b=second", "c=third" }));
    }

    [Test]
    public void Visitor_that_throws_stops_the_load_and_leaves_the_files_as_they_were()
    {
        long intactLength;
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            store.Commit(new[] { Add("a", "1"), Add("b", "2") });
            intactLength = new FileInfo(LogPath).Length;
            store.Commit(new[] { Add("c", "3") });
        }

        using (FileStream log = new(LogPath, FileMode.Open, FileAccess.Write))
        {
            log.SetLength(log.Length - 3); // a torn last batch, which a successful load would cut off
        }

        UnacknowledgeLastBatch();

        long tornLength = new FileInfo(LogPath).Length;
        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(() => reopened.Load(_ => throw new InvalidOperationException("visitor failed")), Throws.InvalidOperationException.With.Message.EqualTo("visitor failed"));
        Assert.That(new FileInfo(LogPath).Length, Is.EqualTo(tornLength), "nothing is cut before a load succeeds");

        List<StoredDocument> documents = Load(reopened, out RecoveryReport report);
        Assert.That(Describe(documents), Is.EqualTo(new[] { "a=1", "b=2" }));
        Assert.That(report.DroppedBytes, Is.EqualTo(tornLength - intactLength));
        Assert.That(new FileInfo(LogPath).Length, Is.EqualTo(intactLength));
    }

    [Test]
    public void Log_payload_changed_after_its_batch_was_checked_is_rejected_naming_the_file_and_offset()
    {
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        store.Commit(new[] { Add("a", "in the snapshot") });
        store.Compact(Load(store));
        store.Commit(new[] { Add("b", "in the log") });

        // The record ends with the payload and the 8-byte checksum: change the payload's last byte while the
        // snapshot's document is being handed over, after the log's pass has checked the batch.
        long payloadEnd = new FileInfo(LogPath).Length - 8;
        long payloadStart = payloadEnd - "in the log".Length;
        IOException? refused = null;
        NearDupFormatException? error = null;
        try
        {
            store.Load(d =>
            {
                if (d.Id == "a")
                {
                    refused = TryWriteByte(LogPath, payloadEnd - 1, (byte)'G');
                }
            });
        }
        catch (NearDupFormatException e)
        {
            error = e;
        }

        if (refused is not null)
        {
            Assert.Ignore($"this platform does not let a second handle write the open log: {refused.Message}");
        }

        Assert.That(error?.Message, Does.Contain("wal.ndlog").And.Contain($"offset {payloadStart}"));
    }

    private static IOException? TryWriteByte(string path, long offset, byte value)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            RandomAccess.Write(handle, new[] { value }, offset);
            return null;
        }
        catch (IOException e)
        {
            return e;
        }
    }
}
