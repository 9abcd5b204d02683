using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// Compaction streams: the store pulls the live documents while they are analysed again in chunks of 1,024 and added to
/// new candidate structures, which replace the old ones only once the store succeeded. These tests use more documents
/// than two chunks, with removed ones among them, and stores that fail midway.
/// </summary>
public partial class NearDupIndexTests
{
    /// <summary>Documents for the compaction tests: three analysis chunks' worth, of which <see cref="RemovedIds"/> are removed.</summary>
    private static (string Id, string Text)[] ChunkedDocuments => ManyDocuments.Value[..2_600];

    /// <summary>Every seventh document, so tombstones are spread over every chunk.</summary>
    private static string[] RemovedIds => ChunkedDocuments.Where((_, i) => i % 7 == 3).Select(d => d.Id).ToArray();

    /// <summary>Pulled before the store is interrupted: past the first analysis chunk and the store's first cancellation check.</summary>
    private const int InterruptAfter = 1_500;

    /// <summary>Creates the index over <paramref name="store"/>, adds <see cref="ChunkedDocuments"/> and removes <see cref="RemovedIds"/>.</summary>
    private static NearDupIndex FilledWithRemovals(IIndexStore store)
    {
        NearDupIndex index = NearDupIndex.Open(store, source: "compaction test");
        index.AddBatch(ChunkedDocuments);
        index.Remove(RemovedIds);
        return index;
    }

    /// <summary>Every verdict for every document's own text as a query, removed ones included (they must find nothing).</summary>
    private static List<(string Query, string A, MatchKind Kind, double Score)> EveryDocumentsVerdicts(NearDupIndex index) =>
        ChunkedDocuments.SelectMany(d => index.Query(d.Text, "q-" + d.Id).Select(v => ("q-" + d.Id, v.A, v.Kind, v.Score))).ToList();

    private static DirectoryIndexStore CreateStore(string directory) =>
        DirectoryIndexStore.Create(directory, NearDupIndex.OptionsBlob(ScanOptions.Default));

    [Test]
    public void Compact_OverSeveralAnalysisChunksWithRemovals_ReopensAnsweringEveryDocumentAsBefore()
    {
        List<(string, string, MatchKind, double)> before;
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory)))
        {
            before = EveryDocumentsVerdicts(index);
            Assert.That(before.Select(v => v.Item2).Distinct().Count(), Is.EqualTo(ChunkedDocuments.Length - RemovedIds.Length), "each live document finds itself");
            index.Compact();
            Assert.That(EveryDocumentsVerdicts(index), Is.EqualTo(before), "the rebuilt in-memory index answers the same");
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Recovery.SnapshotDocuments, reopened.Recovery.ReplayedBatches), Is.EqualTo((ChunkedDocuments.Length - RemovedIds.Length, ChunkedDocuments.Length - RemovedIds.Length, 0)));
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(before));
    }

    [Test]
    public void Compact_CancelledWhileTheStoreStreams_KeepsTheIndexAndTheFilesAsTheyWere()
    {
        using var cancellation = new CancellationTokenSource();
        var store = new InterruptingStore(CreateStore(Directory), InterruptAfter, cancellation.Cancel);
        using NearDupIndex index = FilledWithRemovals(store);
        List<(string, string, MatchKind, double)> before = EveryDocumentsVerdicts(index);
        StoreStatistics statistics = index.Statistics();
        var files = (File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath));

        Assert.That(() => index.Compact(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(store.Pulled, Is.InRange(InterruptAfter + 1, ChunkedDocuments.Length - RemovedIds.Length - 1), "the store stopped midway");
        Assert.That((index.Count, index.Statistics()), Is.EqualTo((ChunkedDocuments.Length - RemovedIds.Length, statistics)));
        Assert.That(EveryDocumentsVerdicts(index), Is.EqualTo(before));
        Assert.That((File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath)), Is.EqualTo(files));
    }

    [Test]
    public void Compact_StoreFailingMidway_ThrowsItsErrorAndReopensWithTheSameDocuments()
    {
        List<(string, string, MatchKind, double)> before;
        var store = new InterruptingStore(CreateStore(Directory), InterruptAfter, () => throw new IOException("No space left on device"));
        using (NearDupIndex index = FilledWithRemovals(store))
        {
            before = EveryDocumentsVerdicts(index);
            Assert.That(() => index.Compact(), Throws.TypeOf<IOException>().With.Message.EqualTo("No space left on device"));
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Recovery.SnapshotDocuments), Is.EqualTo((ChunkedDocuments.Length - RemovedIds.Length, 0)), "still in the log");
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(before));
    }

    [Test]
    public void Compact_AfterAFailedCompaction_KeepsLaterChangesAndSucceeds()
    {
        using var cancellation = new CancellationTokenSource();
        var store = new InterruptingStore(CreateStore(Directory), InterruptAfter, cancellation.Cancel);
        using (NearDupIndex index = FilledWithRemovals(store))
        {
            Assert.That(() => index.Compact(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
            index.Add(Single.Id, Single.Text);
            index.Compact();
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Recovery.ReplayedBatches), Is.EqualTo((ChunkedDocuments.Length - RemovedIds.Length + 1, 0)));
        Assert.That(reopened.Query(Single.Text).Select(v => (v.A, v.Kind)).First(), Is.EqualTo((Single.Id, MatchKind.Exact)));
    }

    /// <summary>Passes every call to an inner store; its compactions run <paramref name="interrupt"/> just before the
    /// document at position <paramref name="after"/> is handed over, once.</summary>
    private sealed class InterruptingStore(IIndexStore inner, int after, Action interrupt) : IIndexStore
    {
        private bool _interrupted;

        /// <summary>Documents the inner store pulled in the last compaction.</summary>
        public int Pulled { get; private set; }

        public ReadOnlyMemory<byte> Options => inner.Options;

        public RecoveryReport Load(Action<StoredDocument> visit, CancellationToken cancellationToken = default) =>
            inner.Load(visit, cancellationToken);

        public void Commit(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default) =>
            inner.Commit(batch, cancellationToken);

        public void Compact(IEnumerable<StoredDocument> live, CancellationToken cancellationToken = default) =>
            inner.Compact(Interrupted(live), cancellationToken);

        public IReadOnlyList<string> Verify() => inner.Verify();

        public StoreStatistics Statistics() => inner.Statistics();

        public void Dispose() => inner.Dispose();

        private IEnumerable<StoredDocument> Interrupted(IEnumerable<StoredDocument> live)
        {
            Pulled = 0;
            foreach (StoredDocument document in live)
            {
                if (Pulled == after && !_interrupted)
                {
                    _interrupted = true;
                    interrupt();
                }

                Pulled++;
                yield return document;
            }
        }
    }
}
