using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// <see cref="DirectoryIndexStore.Compact"/> streams: it pulls the documents one at a time and writes each before the
/// next, then patches the sizes and checksums. These tests hold it to the bytes of a compaction from a list (which the
/// golden files pin), and to all or nothing when the sequence is rejected, throws or is cancelled midway: the old
/// snapshot and log stay byte for byte, and the temporary file is gone.
/// </summary>
public class DirectoryIndexStoreCompactionTests : StoreTestBase
{
    /// <summary>More documents than one cancellation check (every 1,024), with a repeated id far from the start.</summary>
    private const int Many = 3_000;

    private static readonly string[] ExpectedHistory = { "a=a2", "c=c1", "b=b2" };

    private string TempPath => SnapshotPath + ".tmp";

    /// <summary>Three batches, so the log holds replacements and a remove that a failed compaction must not lose.</summary>
    private static void CommitHistory(IIndexStore store)
    {
        store.Commit(new[] { Add("a", "a1"), Add("b", "b1"), Add("c", "c1") });
        store.Commit(new[] { Remove("b"), Add("a", "a2") });
        store.Commit(new[] { Add("b", "b2") });
    }

    private (byte[] Snapshot, byte[] Log) Files() => (File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath));

    /// <summary>A new store with <see cref="CommitHistory"/> committed; <paramref name="files"/> receives its files' bytes.</summary>
    private DirectoryIndexStore WithHistory(out (byte[] Snapshot, byte[] Log) files)
    {
        var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        CommitHistory(store);
        files = Files();
        return store;
    }

    /// <summary>What a failed compaction leaves: the snapshot and log byte for byte, no temporary file, the same documents.</summary>
    private void AssertKeptAsBefore(IIndexStore store, (byte[] Snapshot, byte[] Log) before)
    {
        Assert.That(Files(), Is.EqualTo(before));
        Assert.That(File.Exists(TempPath), Is.False, "the temporary snapshot is deleted");
        Assert.That(Describe(Load(store)), Is.EqualTo(ExpectedHistory));
    }

    /// <summary>An empty payload, ones across the 64 KiB write buffer and the 1 MiB read-back buffer, and small ones.</summary>
    private static List<StoredDocument> Varied() =>
    [
        new("empty", ReadOnlyMemory<byte>.Empty),
        new("buffer", Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray()),
        new("window", Enumerable.Range(0, (1 << 20) + 12_345).Select(i => (byte)(i * 7)).ToArray()),
        .. Numbered(50),
    ];

    [Test]
    public void Compact_from_a_sequence_of_unknown_length_writes_the_bytes_a_list_does()
    {
        string listed = Path.Combine(Directory, "listed");
        string streamed = Path.Combine(Directory, "streamed");
        var identity = Guid.NewGuid(); // the same in both, or the IDNT sections differ
        using (var store = DirectoryIndexStore.Create(listed, OptionsBlob, identity))
        {
            CommitHistory(store);
            store.Compact(Varied());
        }

        using (var store = DirectoryIndexStore.Create(streamed, OptionsBlob, identity))
        {
            CommitHistory(store);
            store.Compact(Streamed(Varied()));
        }

        byte[] expected = File.ReadAllBytes(Path.Combine(listed, "snapshot.ndup"));
        Assert.That(File.ReadAllBytes(Path.Combine(streamed, "snapshot.ndup")), Is.EqualTo(expected));
    }

    [Test]
    public void Compacted_from_a_sequence_of_unknown_length_reopens_with_its_documents_in_order()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
            store.Compact(Streamed(Varied()));
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        List<StoredDocument> loaded = Load(reopened, out RecoveryReport report);
        Assert.That(loaded.Select(d => (d.Id, d.Payload.ToArray())), Is.EqualTo(Varied().Select(d => (d.Id, d.Payload.ToArray()))));
        Assert.That((report.SnapshotDocuments, report.ReplayedBatches), Is.EqualTo((Varied().Count, 0)));
        Assert.That(reopened.Verify(), Is.Empty);
    }

    [Test]
    public void Compact_writes_each_document_before_it_pulls_the_next()
    {
        const int Size = 1 << 20;
        var documents = Enumerable.Range(0, 4).Select(i => new StoredDocument($"big-{i}", new byte[Size])).ToList();
        var written = new List<long>();
        using var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        store.Compact(Streamed(documents, i => written.Add(new FileInfo(TempPath).Length)));
        Assert.That(written.Select((length, i) => length >= (long)i * Size), Is.All.True, $"temporary file lengths: {string.Join(", ", written)}");
    }

    private static IEnumerable<TestCaseData> BadIds()
    {
        yield return new TestCaseData("", "Document 2500 has a null or empty id").SetName("Compact_rejecting_an_empty_id_midway_keeps_the_files");
        yield return new TestCaseData("bad\uD800", "Document 2500 has an id that is not valid Unicode").SetName("Compact_rejecting_an_unstorable_id_midway_keeps_the_files");
        yield return new TestCaseData(new string('x', 65_536), "Document 2500 has an id of 65536 UTF-8 bytes").SetName("Compact_rejecting_an_overlong_id_midway_keeps_the_files");
        yield return new TestCaseData("doc-10", "Document 2500 repeats id \"doc-10\"").SetName("Compact_rejecting_a_repeated_id_midway_keeps_the_files");
    }

    [TestCaseSource(nameof(BadIds))]
    public void Compact_rejecting_a_bad_id_midway_keeps_the_files(string badId, string message)
    {
        using DirectoryIndexStore store = WithHistory(out var before);
        List<StoredDocument> documents = Numbered(Many);
        documents[2500] = new StoredDocument(badId, Bytes("bad"));

        Assert.That(() => store.Compact(Streamed(documents)), Throws.ArgumentException.With.Message.Contains(message).And.Property("ParamName").EqualTo("live"));
        AssertKeptAsBefore(store, before);
    }

    [Test]
    public void Compact_cancelled_midway_keeps_the_files()
    {
        using DirectoryIndexStore store = WithHistory(out var before);
        using var cancellation = new CancellationTokenSource();
        int pulled = 0;
        IEnumerable<StoredDocument> live = Streamed(Numbered(Many), i =>
        {
            pulled = i + 1;
            if (i == 1_500)
            {
                cancellation.Cancel();
            }
        });

        Assert.That(() => store.Compact(live, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(pulled, Is.LessThan(Many), "the rest of the sequence is not pulled");
        AssertKeptAsBefore(store, before);
    }

    [Test]
    public void Compact_whose_sequence_throws_midway_passes_the_exception_on_and_keeps_the_files()
    {
        using DirectoryIndexStore store = WithHistory(out var before);
        IEnumerable<StoredDocument> live = Streamed(Numbered(Many), i =>
        {
            if (i == 2_000)
            {
                throw new IOException("the source of the documents failed");
            }
        });

        Assert.That(() => store.Compact(live), Throws.TypeOf<IOException>().With.Message.EqualTo("the source of the documents failed"));
        AssertKeptAsBefore(store, before);
    }

    [Test]
    public void Compact_after_a_failed_one_succeeds_and_reopens()
    {
        using (var store = DirectoryIndexStore.Create(Directory, OptionsBlob))
        {
            CommitHistory(store);
            Assert.That(() => store.Compact(Streamed([.. Numbered(3), new StoredDocument("doc-1", Bytes("again"))])), Throws.ArgumentException);
            store.Commit(new[] { Add("d", "d1") });
            store.Compact(Streamed(Load(store)));
        }

        using var reopened = DirectoryIndexStore.Open(Directory);
        Assert.That(Describe(Load(reopened)), Is.EqualTo(new[] { "a=a2", "c=c1", "b=b2", "d=d1" }));
    }

    [Test]
    public void Compact_rejects_a_collection_that_yields_fewer_documents_than_its_count_and_keeps_the_files()
    {
        using DirectoryIndexStore store = WithHistory(out var before);

        Assert.That(
            () => store.Compact(new MiscountedCollection(Numbered(2), 3)),
            Throws.ArgumentException.With.Message.Contains("declared 3 documents but yielded 2").And.Property("ParamName").EqualTo("live"));
        AssertKeptAsBefore(store, before);
    }

    /// <summary>A read-only collection whose <see cref="Count"/> is not what it yields.</summary>
    private sealed class MiscountedCollection(IReadOnlyList<StoredDocument> documents, int count) : IReadOnlyCollection<StoredDocument>
    {
        public int Count => count;

        public IEnumerator<StoredDocument> GetEnumerator() => documents.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
