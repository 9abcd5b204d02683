using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>A fresh temporary directory per test, deleted in TearDown, plus helpers to build and compare documents.</summary>
public abstract class StoreTestBase
{
    protected string Directory { get; private set; } = "";

    protected string SnapshotPath => Path.Combine(Directory, "snapshot.ndup");

    protected string LogPath => Path.Combine(Directory, "wal.ndlog");

    private protected static byte[] OptionsBlob { get; } = Enumerable.Range(0, 37).Select(i => (byte)(i * 7 + 1)).ToArray();

    [SetUp]
    public void CreateDirectory()
    {
        Directory = Path.Combine(Path.GetTempPath(), "neardup-store-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>Sets the lock file's mark of the last acknowledged batch one batch back, as a crash between a batch's
    /// write and its acknowledgement leaves it: a tail a test then cuts off or damages is one that was never
    /// acknowledged, which is what an interrupted write is.</summary>
    private protected void UnacknowledgeLastBatch()
    {
        using var file = new FileStream(Path.Combine(Directory, StoreFormat.LockFileName), FileMode.Open, FileAccess.ReadWrite);
        Mark mark = AcknowledgedMark.Read(file)!.Value;
        AcknowledgedMark.Write(file, MarkAt(mark, mark.Sequence - 1));
    }

    /// <summary>Sets the lock file's mark of the last acknowledged batch to <paramref name="sequence"/> (see
    /// <see cref="UnacknowledgeLastBatch"/>).</summary>
    private protected void AcknowledgedUpTo(ulong sequence)
    {
        using var file = new FileStream(Path.Combine(Directory, StoreFormat.LockFileName), FileMode.Open, FileAccess.ReadWrite);
        AcknowledgedMark.Write(file, MarkAt(AcknowledgedMark.Read(file)!.Value, sequence));
    }

    /// <summary>The mark a writer would have left after acknowledging <paramref name="sequence"/>: its anchor is the
    /// history checksum up to that batch (none when the files do not hold it, as for a batch cut off).</summary>
    private Mark MarkAt(Mark mark, ulong sequence)
    {
        SnapshotContents snapshot = SnapshotFile.Read(Path.Combine(Directory, StoreFormat.SnapshotFileName), readDocuments: false, null, CancellationToken.None);
        ulong? anchor = sequence == snapshot.LastSequence
            ? snapshot.DocumentsChecksum
            : WriteAheadLog.Read(Path.Combine(Directory, StoreFormat.LogFileName), headerOnly: false, null, CancellationToken.None, sequence, tolerant: true, chainStart: snapshot.DocumentsChecksum).AnchorChecksum;
        return mark with { Sequence = sequence, Anchor = anchor };
    }

    /// <summary>The small history several tests share: a batch adding alpha, beta and gamma; a compaction; a batch
    /// removing beta and adding delta; a batch adding beta again. Live after it: alpha, gamma, delta, beta.</summary>
    /// <param name="store">A new store.</param>
    /// <param name="firstPayload">alpha's payload, so that two histories can differ in their snapshot.</param>
    /// <param name="lastPayload">The last batch's payload, so that two histories can differ in their last batch.</param>
    /// <returns>Where the last batch starts in the log.</returns>
    private protected static int CommitSmallHistory(DirectoryIndexStore store, string firstPayload = "one", string lastPayload = "again")
    {
        store.Commit(new[] { Add("alpha", firstPayload), Add("beta", "two"), Add("gamma", "three") });
        store.Compact(Load(store));
        store.Commit(new[] { Remove("beta"), Add("delta", "four") });
        int lastRecordStart = (int)store.Statistics().LogBytes;
        store.Commit(new[] { Add("beta", lastPayload) });
        return lastRecordStart;
    }

    private protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private protected static StoreOperation Add(string id, string payload) => StoreOperation.Add(id, Bytes(payload));

    private protected static StoreOperation Remove(string id) => StoreOperation.Remove(id);

    /// <summary>"id=payload" per document, so failures print readably and order matters.</summary>
    private protected static List<string> Describe(IEnumerable<StoredDocument> documents) =>
        documents.Select(d => d.Id + "=" + Encoding.UTF8.GetString(d.Payload.Span)).ToList();

    /// <summary>Documents doc-0, doc-1, … with payloads "p0", "p1", ….</summary>
    private protected static List<StoredDocument> Numbered(int count) =>
        Enumerable.Range(0, count).Select(i => new StoredDocument($"doc-{i}", Bytes($"p{i}"))).ToList();

    /// <summary>
    /// Yields <paramref name="documents"/> through a plain iterator, so a store cannot learn their count without
    /// enumerating; <paramref name="beforeEach"/> runs with a document's position just before it is yielded.
    /// </summary>
    private protected static IEnumerable<StoredDocument> Streamed(IEnumerable<StoredDocument> documents, Action<int>? beforeEach = null)
    {
        int i = 0;
        foreach (StoredDocument document in documents)
        {
            beforeEach?.Invoke(i);
            yield return document;
            i++;
        }
    }

    private protected static List<StoredDocument> Load(IIndexStore store) => Load(store, out _);

    /// <summary>Collects what <see cref="IIndexStore.LoadAsync"/> streams (fine for the small stores of the tests).</summary>
    private protected static List<StoredDocument> Load(IIndexStore store, out RecoveryReport report)
    {
        var documents = new List<StoredDocument>();
        report = store.Load(documents.Add);
        return documents;
    }
}
