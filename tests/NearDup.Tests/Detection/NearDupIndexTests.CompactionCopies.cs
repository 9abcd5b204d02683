using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// A compaction of an index this build analysed copies each document's stored payload (its analysis) instead of
/// analysing the text again, and writes byte for byte what analysing again would; a payload that does not match its
/// document, and a store that cannot read its documents again, fall back to analysing.
/// </summary>
public partial class NearDupIndexTests
{
    private static RebuildTally LastRebuild(NearDupIndex index) => ((EmbeddedIndex)index.Backend).LastRebuild!;

    /// <summary>Every live document's (id, payload) as the store at <paramref name="directory"/> loads them.</summary>
    private static List<(string Id, byte[] Payload)> StoredPayloads(string directory)
    {
        using DirectoryIndexStore store = DirectoryIndexStore.Open(directory);
        var documents = new List<(string, byte[])>();
        store.Load(d => documents.Add((d.Id, d.Payload.ToArray())));
        return documents;
    }

    /// <summary>Fills an index, compacts it, then adds and removes more (a snapshot's documents and a log's), as
    /// <see cref="FilledWithRemovals"/> with the removals after a first compaction.</summary>
    private static NearDupIndex FilledOverASnapshot(IIndexStore store, int every)
    {
        NearDupIndex index = NearDupIndex.Open(store, source: "compaction test");
        index.AddBatch(ChunkedDocuments[..2_000]);
        index.Compact();
        index.AddBatch(ChunkedDocuments[2_000..]);
        index.Remove(RemovedIds(every));
        return index;
    }

    [TestCase(7)]
    [TestCase(3)]
    public void Compact_OfADirectoryIndexThisBuildAnalysed_CopiesEveryPayloadAndAnalysesNone(int every)
    {
        using NearDupIndex index = FilledOverASnapshot(CreateStore(Directory), every);

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((LiveAfterRemoving(every), 0)));
    }

    [Test]
    public void Compact_OfAnInMemoryIndex_CopiesEveryPayloadAndAnalysesNone()
    {
        using NearDupIndex index = FilledOverASnapshot(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)), every: 7);

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((LiveAfterRemoving(7), 0)));
    }

    [Test]
    public void Compact_ThroughAStoreThatCannotHandItsDocumentsOver_AnalysesEveryDocument()
    {
        using NearDupIndex index = FilledOverASnapshot(new RecordingStore(CreateStore(Directory)), every: 7);

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((0, LiveAfterRemoving(7))));
    }

    [TestCase(7)]
    [TestCase(3)]
    public void Compact_CopyingPayloads_WritesTheSameDocumentsAsAnalysingAgain(int every)
    {
        string copied = Path.Combine(Directory, "copied");
        string analysed = Path.Combine(Directory, "analysed");
        using (NearDupIndex index = FilledOverASnapshot(CreateStore(copied), every))
        {
            index.Compact();
            Assert.That(LastRebuild(index).Analysed, Is.Zero);
        }

        using (NearDupIndex index = FilledOverASnapshot(new RecordingStore(CreateStore(analysed)), every))
        {
            index.Compact();
            Assert.That(LastRebuild(index).Copied, Is.Zero);
        }

        List<(string Id, byte[] Payload)> fromCopies = StoredPayloads(copied);
        Assert.That(fromCopies, Has.Count.EqualTo(LiveAfterRemoving(every)));
        Assert.That(fromCopies, Is.EqualTo(StoredPayloads(analysed)));
    }

    [Test]
    public void Compact_StoredPayloadOfAnotherDocumentsText_AnalysesThatDocumentAndCopiesTheRest()
    {
        var inner = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        string swapped = ChunkedDocuments[12].Id; // not among the removed ones
        var store = new RereadingStore(inner, live => live.Select(d => d.Id == swapped ? d with { Payload = live.First().Payload } : d));
        using NearDupIndex index = FilledOverASnapshot(store, every: 3);
        List<(string, string, NearDup.Verification.MatchKind, double)> before = EveryDocumentsVerdicts(index);

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((LiveAfterRemoving(3) - 1, 1)));
        Assert.That(EveryDocumentsVerdicts(index), Is.EqualTo(before));
        Assert.That(inner.ReadStored().Single(d => d.Id == swapped).Payload.ToArray(), Is.Not.EqualTo(inner.ReadStored().First().Payload.ToArray()), "the swapped document's own analysis was stored");
    }

    [Test]
    public void Compact_StoredDocumentsFailingToReadAtTheirEnd_StartsAgainAnalysingAndSucceeds()
    {
        var inner = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        var store = new RereadingStore(inner, live => FailingAtTheEnd(live));
        using NearDupIndex index = FilledOverASnapshot(store, every: 3);
        List<(string, string, NearDup.Verification.MatchKind, double)> before = EveryDocumentsVerdicts(index);
        int reads = store.Reads;

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((0, LiveAfterRemoving(3))));
        Assert.That(LastRebuild(index).GaveUpCopying, Does.Contain("section DOCS checksum mismatch (test)"));
        Assert.That(store.Reads - reads, Is.EqualTo(1), "read once, then not again");
        Assert.That(EveryDocumentsVerdicts(index), Is.EqualTo(before));
    }

    [Test]
    public void Compact_OfADirectoryIndexWithoutRemovals_CopiesEveryPayloadIntoTheTableItKeeps()
    {
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test"))
        {
            index.AddBatch(ChunkedDocuments);
            List<(string, string, NearDup.Verification.MatchKind, double)> before = EveryDocumentsVerdicts(index);

            index.Compact();

            Assert.That(index.LastCompaction, Is.EqualTo(new CompactionReport(ChunkedDocuments.Length, 0, null)));
            Assert.That(EveryDocumentsVerdicts(index), Is.EqualTo(before));
        }

        Assert.That(NearDupIndex.VerifyFiles(Directory), Is.Empty);
    }

    [Test]
    public void Compact_AfterASnapshotDocumentWasRemovedAndAddedAgainWithAnotherText_CopiesItsNewPayload()
    {
        (string id, _) = ChunkedDocuments[5];
        string other = ChunkedDocuments[2_500].Text + " Added again.";
        using NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test");
        index.AddBatch(ChunkedDocuments[..2_000]);
        index.Compact();
        index.Remove([id]);
        index.AddBatch([(id, other)]);

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((2_000, 0)));
        Assert.That(index.Query(other, "q").Select(v => v.A), Has.Member(id));
    }

    [Test]
    public void Compact_DocumentAddedRemovedAndAddedAgainWithinTheLog_AnalysesTheVersionItFindsFirst_AndWritesWhatAnalysingWould()
    {
        // Its first version comes right after the last document before its live slot, so looking for its id from
        // there finds that version first, whose text is not the live one's.
        const string Id = "added-again";
        void History(NearDupIndex index)
        {
            index.AddBatch(ChunkedDocuments[..2_000]);
            index.AddBatch([(Id, ChunkedDocuments[2_400].Text)]);
            index.Remove([Id]);
            index.AddBatch([(Id, ChunkedDocuments[2_500].Text)]);
            index.Compact();
        }

        string copied = Path.Combine(Directory, "copied");
        string analysed = Path.Combine(Directory, "analysed");
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(copied), source: "compaction test"))
        {
            History(index);
            Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((2_000, 1)));
        }

        using (NearDupIndex index = NearDupIndex.Open(new RecordingStore(CreateStore(analysed)), source: "compaction test"))
        {
            History(index);
        }

        Assert.That(StoredPayloads(copied), Is.EqualTo(StoredPayloads(analysed)));
    }

    [TestCase(2)]
    [TestCase(3)]
    public void Compact_StoredPayloadOfAnOlderVersionWithABrotliText_IsAnalysedAndWrittenAsThisBuildWrites(int version)
    {
        var inner = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        string older = ChunkedDocuments[12].Id; // not among the removed ones
        byte[] Older(ReadOnlyMemory<byte> payload)
        {
            NearDup.Storage.Codecs.StoredForm form = NearDup.Storage.Codecs.DocumentPayload.DecodeForm(payload.Span, older, "test", IndexOptions.Default.Analysis);
            return version == 2 ? NearDup.Storage.Codecs.DocumentPayload.EncodeVersion2(form) : NearDup.Storage.Codecs.DocumentPayload.EncodeVersion3(form);
        }

        var store = new RereadingStore(inner, live => live.Select(d => d.Id == older ? d with { Payload = Older(d.Payload) } : d));
        using NearDupIndex index = FilledOverASnapshot(store, every: 3);
        byte[] current = inner.ReadStored().Single(d => d.Id == older).Payload.ToArray();

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((LiveAfterRemoving(3) - 1, 1)));
        Assert.That(inner.ReadStored().Single(d => d.Id == older).Payload.ToArray(), Is.EqualTo(current));
    }

    [Test]
    public void Compact_StoredAnalysesDifferingFromThisBuildsForTheSameTexts_AnalysesEveryDocumentAndBuildsTheStructuresAnew()
    {
        // Every document's last word-pair fingerprint changed, its record (hashes, text) left as it was: what a build
        // that changed the analysis without raising its version would leave. Fewer than a quarter removed, so the
        // compaction would keep its table, whose structures came from those analyses.
        var inner = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        static StoredDocument Changed(StoredDocument d)
        {
            byte[] bytes = d.Payload.ToArray();
            bytes[^1] ^= 0x01;
            return d with { Payload = bytes };
        }

        var store = new RereadingStore(inner, live => live.Select(Changed));
        using NearDupIndex index = FilledOverASnapshot(store, every: 7);
        var analysing = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        List<string> analysed;
        using (NearDupIndex other = FilledOverASnapshot(new RecordingStore(analysing), every: 7))
        {
            other.Compact();
            analysed = Hex(analysing.ReadStored());
        }

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((0, LiveAfterRemoving(7))));
        Assert.That(LastRebuild(index).GaveUpCopying, Does.Contain("differs from this build's analysis of its text"));
        Assert.That(Tombstones(index), Is.Zero, "the structures built anew");
        Assert.That(Hex(inner.ReadStored()), Is.EqualTo(analysed));
    }

    [Test]
    public void Compact_AfterTheSnapshotsLastDocumentWasRemovedAndAddedAgainWithAnotherText_AnalysesTheOldVersionItFindsFirst()
    {
        (string id, _) = ChunkedDocuments[1_999];
        using NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test");
        index.AddBatch(ChunkedDocuments[..2_000]);
        index.Compact();
        index.Remove([id]);
        index.AddBatch([(id, ChunkedDocuments[2_500].Text)]);

        index.Compact();

        Assert.That((LastRebuild(index).Copied, LastRebuild(index).Analysed), Is.EqualTo((1_999, 1)));
        Assert.That(index.Query(ChunkedDocuments[2_500].Text, "q").Select(v => v.A), Has.Member(id));
    }

    private static List<string> Hex(IEnumerable<StoredDocument> documents) =>
        documents.Select(d => d.Id + "=" + Convert.ToHexString(d.Payload.Span)).ToList();

    [TestCase(true)]
    [TestCase(false)]
    public void Compact_OverASnapshotWhoseDocumentsSectionWasDamaged_AnalysesAgainAndWritesASoundSnapshot(bool addingToTheLog)
    {
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test"))
        {
            index.AddBatch(ManyDocuments.Value[..50]);
            index.Compact();
        }

        // The first document's MinHash set size, right after its text and two hashes: nothing an open reads (the image
        // holds the records), and nothing the payload's decoding could tell from a sound value.
        (_, long textAt, int length) = FirstDocumentText();
        DamagedFiles.FlipByte(SnapshotPath, textAt + length + 16);
        Assert.That(NearDupIndex.VerifyFiles(Directory), Has.One.Contains("section DOCS checksum mismatch"));

        using (NearDupIndex reopened = NearDupIndex.Open(Directory))
        {
            // Either the log's documents come after the snapshot's, whose checksum is then checked before the first of
            // them is found; or the snapshot's last document is removed, and only reading on past the last live one
            // checks it.
            if (addingToTheLog)
            {
                reopened.AddBatch(ManyDocuments.Value[50..60]);
            }
            else
            {
                reopened.Remove([ManyDocuments.Value[49].Id]);
            }

            List<(string, string, NearDup.Verification.MatchKind, double)> before = EveryDocumentsVerdicts(reopened);

            reopened.Compact();

            Assert.That((reopened.LastCompaction!.Copied, reopened.LastCompaction.Analysed), Is.EqualTo((0, reopened.Count)));
            Assert.That(reopened.LastCompaction.CopyingGivenUp, Does.StartWith("the stored documents could not be read again (").And.Contain("section DOCS checksum mismatch"));
            Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(before));
        }

        Assert.That(NearDupIndex.VerifyFiles(Directory), Is.Empty);
    }

    private static IEnumerable<StoredDocument> FailingAtTheEnd(IEnumerable<StoredDocument> live)
    {
        foreach (StoredDocument d in live)
        {
            yield return d;
        }

        throw new NearDupFormatException("snapshot.ndup: section DOCS checksum mismatch (test)");
    }

    /// <summary>An in-memory store whose documents, read again for a compaction, pass through
    /// <paramref name="reread"/>.</summary>
    private sealed class RereadingStore(InMemoryIndexStore inner, Func<IEnumerable<StoredDocument>, IEnumerable<StoredDocument>> reread) : IIndexStore, IStoredPayloads
    {
        public int Reads { get; private set; }

        public ReadOnlyMemory<byte> Options => inner.Options;

        public IEnumerable<StoredDocument> ReadStored(CancellationToken cancellationToken = default)
        {
            Reads++;
            return reread(inner.ReadStored(cancellationToken).ToList());
        }

        public ValueTask<RecoveryReport> LoadAsync(Action<StoredDocument> visit, IProgress<StoreLoadProgress>? progress = null, CancellationToken cancellationToken = default) =>
            inner.LoadAsync(visit, progress, cancellationToken);

        public ValueTask CommitAsync(IReadOnlyList<StoreOperation> batch, CancellationToken cancellationToken = default) => inner.CommitAsync(batch, cancellationToken);

        public ValueTask CompactAsync(IEnumerable<StoredDocument> live, ReadOnlyMemory<byte> options, CancellationToken cancellationToken = default) => inner.CompactAsync(live, options, cancellationToken);

        public ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default) => inner.VerifyAsync(cancellationToken);

        public StoreStatistics Statistics() => inner.Statistics();

        public void Dispose() => inner.Dispose();
    }
}
