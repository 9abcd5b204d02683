using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Storage;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// Compaction streams: the store pulls the live documents while they are copied or analysed again in chunks of 1,024 and added to
/// new candidate structures, which replace the old ones only once the store succeeded. These tests use more documents
/// than two chunks, with removed ones among them, and stores that fail midway.
/// </summary>
public partial class NearDupIndexTests
{
    /// <summary>Documents for the compaction tests: three analysis chunks' worth, of which <see cref="RemovedIds"/> are removed.</summary>
    private static (string Id, string Text)[] ChunkedDocuments => ManyDocuments.Value[..3_200];

    /// <summary>Every <paramref name="every"/>th document, so tombstones are spread over every chunk: with 7, too few
    /// for compaction to rebuild the in-memory index; with 3, enough (a quarter or more).</summary>
    private static string[] RemovedIds(int every) => ChunkedDocuments.Where((_, i) => i % every == 1).Select(d => d.Id).ToArray();

    /// <summary>Live documents after <see cref="RemovedIds"/>.</summary>
    private static int LiveAfterRemoving(int every) => ChunkedDocuments.Length - RemovedIds(every).Length;

    /// <summary>Pulled before the store is interrupted: past the first analysis chunk and the store's first cancellation check.</summary>
    private const int InterruptAfter = 1_500;

    /// <summary>Creates the index over <paramref name="store"/>, adds <see cref="ChunkedDocuments"/> and removes <see cref="RemovedIds"/>.</summary>
    private static NearDupIndex FilledWithRemovals(IIndexStore store, int every)
    {
        NearDupIndex index = NearDupIndex.Open(store, source: "compaction test");
        index.AddBatch(ChunkedDocuments);
        index.Remove(RemovedIds(every));
        return index;
    }

    /// <summary>Every verdict for every document's own text as a query, removed ones included (they must find nothing).</summary>
    private static List<(string Query, string A, MatchKind Kind, double Score)> EveryDocumentsVerdicts(NearDupIndex index) =>
        ChunkedDocuments.SelectMany(d => index.Query(d.Text, "q-" + d.Id).Select(v => ("q-" + d.Id, v.A, v.Kind, v.Score))).ToList();

    private static DirectoryIndexStore CreateStore(string directory) =>
        DirectoryIndexStore.Create(directory, NearDupIndex.OptionsBlob(IndexOptions.Default));

    [TestCase(7)]
    [TestCase(3)]
    public void Compact_OverSeveralAnalysisChunksWithRemovals_ReopensAnsweringEveryDocumentAsBefore(int every)
    {
        List<(string, string, MatchKind, double)> before;
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every))
        {
            before = EveryDocumentsVerdicts(index);
            Assert.That(before.Select(v => v.Item2).Distinct().Count(), Is.EqualTo(LiveAfterRemoving(every)), "each live document finds itself");
            index.Compact();
            Assert.That(EveryDocumentsVerdicts(index), Is.EqualTo(before), "the in-memory index answers the same");
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Recovery.SnapshotDocuments, reopened.Recovery.ReplayedBatches), Is.EqualTo((LiveAfterRemoving(every), LiveAfterRemoving(every), 0)));
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(before));
    }

    private static int Tombstones(NearDupIndex index) => ((EmbeddedIndex)index.Backend).Tombstones;

    [Test]
    public void Compact_FewerThanAQuarterRemovedFromAStoreWithoutImages_KeepsTheirTombstones()
    {
        using NearDupIndex index = FilledWithRemovals(new RecordingStore(CreateStore(Directory)), every: 7);

        index.Compact();

        Assert.That(Tombstones(index), Is.EqualTo(RemovedIds(7).Length));
    }

    [Test]
    public void Compact_AQuarterOrMoreRemoved_RebuildsWithoutTombstones()
    {
        using NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 3);
        Assert.That(Tombstones(index), Is.EqualTo(RemovedIds(3).Length), "before");
        index.Compact();
        Assert.That(Tombstones(index), Is.Zero);
    }

    [TestCase(7)]
    [TestCase(3)]
    [Category("Slow")]
    public void Compact_CancelledWhileTheStoreStreams_KeepsTheIndexAndTheFilesAsTheyWere(int every)
    {
        using var cancellation = new CancellationTokenSource();
        var store = new InterruptingStore(CreateStore(Directory), InterruptAfter, cancellation.Cancel);
        using NearDupIndex index = FilledWithRemovals(store, every);
        List<(string, string, MatchKind, double)> before = EveryDocumentsVerdicts(index);
        StoreStatistics statistics = index.Statistics();
        var files = (File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath));

        Assert.That(() => index.Compact(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(store.Pulled, Is.InRange(InterruptAfter + 1, LiveAfterRemoving(every) - 1), "the store stopped midway");
        Assert.That((index.Count, index.Statistics()), Is.EqualTo((LiveAfterRemoving(every), statistics)));
        Assert.That(EveryDocumentsVerdicts(index), Is.EqualTo(before));
        Assert.That((File.ReadAllBytes(SnapshotPath), File.ReadAllBytes(LogPath)), Is.EqualTo(files));
    }

    [TestCase(7)]
    [TestCase(3)]
    public void Compact_StoreFailingMidway_ThrowsItsErrorAndReopensWithTheSameDocuments(int every)
    {
        List<(string, string, MatchKind, double)> before;
        var store = new InterruptingStore(CreateStore(Directory), InterruptAfter, () => throw new IOException("No space left on device"));
        using (NearDupIndex index = FilledWithRemovals(store, every))
        {
            before = EveryDocumentsVerdicts(index);
            Assert.That(() => index.Compact(), Throws.TypeOf<IOException>().With.Message.EqualTo("No space left on device"));
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Recovery.SnapshotDocuments), Is.EqualTo((LiveAfterRemoving(every), 0)), "still in the log");
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(before));
    }

    [TestCase(7)]
    [TestCase(3)]
    public void Compact_AfterAFailedCompaction_KeepsLaterChangesAndSucceeds(int every)
    {
        using var cancellation = new CancellationTokenSource();
        var store = new InterruptingStore(CreateStore(Directory), InterruptAfter, cancellation.Cancel);
        using (NearDupIndex index = FilledWithRemovals(store, every))
        {
            Assert.That(() => index.Compact(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
            index.Add(Single.Id, Single.Text);
            index.Compact();
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Recovery.ReplayedBatches), Is.EqualTo((LiveAfterRemoving(every) + 1, 0)));
        Assert.That(reopened.Query(Single.Text).Select(v => (v.A, v.Kind)).First(), Is.EqualTo((Single.Id, MatchKind.Exact)));
    }

    // ---- When a compaction is due -----------------------------------------------------------------------------------

    [Test]
    public void LogOutgrewSnapshot_OfAnIndexNeverCompacted_IsTrueUpToTheLogsSize()
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        long log = index.Statistics().LogBytes;
        Assert.That((index.LogOutgrewSnapshot(1), index.LogOutgrewSnapshot(log), index.LogOutgrewSnapshot(log + 1)), Is.EqualTo((true, true, false)));
    }

    [Test]
    public void LogOutgrewSnapshot_AfterACompaction_IsFalseForOneDocumentAndTrueForTwiceTheSnapshotsDocuments()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        index.AddBatch(Originals);
        index.Compact();
        Assert.That((index.Statistics().ImageBytes > 0, index.LogOutgrewSnapshot(1)), Is.EqualTo((true, false)), "a snapshot with its structure image, and an empty log");

        // The same texts under other ids, twice over: one is a sixth of the snapshot's documents, twelve are twice them
        // (the structure image, larger than the documents here, is not counted).
        var again = Enumerable.Range(0, 2).SelectMany(round => Originals.Select(o => ($"{o.Id}-{round}", o.Text))).ToList();
        index.Add(again[0].Item1, again[0].Item2);
        bool afterOne = index.LogOutgrewSnapshot(1);
        index.AddBatch(again.Skip(1));
        Assert.That((afterOne, index.LogOutgrewSnapshot(1)), Is.EqualTo((false, true)));
    }

    [TestCase(1_000, 3_000, 2_000, 100, true)] // the log as large as the snapshot's documents
    [TestCase(999, 3_000, 2_000, 100, false)] // one byte less
    [TestCase(1_000, 3_000, 2_000, 1_001, false)] // under the least log that counts
    [TestCase(1_000, 3_000, 2_000, 1_000, true)] // at it
    [TestCase(5_000, 0, 0, 100, true)] // a log beside no snapshot at all
    public void LogOutgrewSnapshot_ComparesTheLogWithTheSnapshotLessItsImage(long log, long snapshot, long image, long minimum, bool outgrew) =>
        Assert.That(NearDupIndex.LogOutgrewSnapshot(new StoreStatistics(0, snapshot, log, 1) { ImageBytes = image }, minimum), Is.EqualTo(outgrew));

    [Test]
    public void LogOutgrewSnapshot_OfAnIndexInMemory_IsFalse()
    {
        using NearDupIndex index = Filled(NearDupIndex.CreateInMemory());
        Assert.That(index.LogOutgrewSnapshot(1), Is.False);
    }

    [Test]
    public void LogOutgrewSnapshot_BelowOneByte_IsRefused()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        Assert.That(() => index.LogOutgrewSnapshot(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("minimumLogBytes"));
    }

    /// <summary>Passes every call to an inner store; its compactions run <paramref name="interrupt"/> just before the
    /// document at position <paramref name="after"/> is handed over, once.</summary>
    /// <remarks>It hands the inner store's documents over again when the inner store can (as a directory store can), so a
    /// compaction through it copies them, its reading thread running while the interruption comes.</remarks>
    private sealed class InterruptingStore(IIndexStore inner, int after, Action interrupt) : IIndexStore, IStoredPayloads
    {
        private bool _interrupted;

        /// <summary>Documents the inner store pulled in the last compaction.</summary>
        public int Pulled { get; private set; }

        public ReadOnlyMemory<byte> Options => inner.Options;

        public ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default) =>
            inner.LoadAsync(visit, progress, cancellationToken);

        public ValueTask CommitAsync(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default) =>
            inner.CommitAsync(batch, cancellationToken);

        public ValueTask CompactAsync(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default) =>
            inner.CompactAsync(Interrupted(live), options, cancellationToken);

        public ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default) => inner.VerifyAsync(cancellationToken);

        public StoreStatistics Statistics() => inner.Statistics();

        public IEnumerable<StoredDocument> ReadStored(CancellationToken cancellationToken = default) => ((IStoredPayloads)inner).ReadStored(cancellationToken);

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
