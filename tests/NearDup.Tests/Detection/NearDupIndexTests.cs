using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Storage.Codecs;
using NearDup.Storage;
using NearDup.Tests.Storage;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// The persistent index over a real directory (fresh per test, from <see cref="StoreTestBase"/>): what it answers must
/// not change when it is closed, reopened, compacted or moved to another store, and damage must surface as
/// <see cref="NearDupFormatException"/> naming the file.
/// </summary>
public partial class NearDupIndexTests : StoreTestBase
{
    /// <summary>The originals added as one batch; <see cref="Single"/> is added on its own after them.</summary>
    private static readonly (string Id, string Text)[] Originals =
    [
        ("lighthouse", TestTexts.Lighthouse),
        ("sourdough", TestTexts.Sourdough),
        ("bees-one", TestTexts.BeesOne),
        ("harbour", SpinTexts.Harbour),
        ("orchard", SpinTexts.Orchard),
        ("flood", SpinTexts.FloodReport),
    ];

    private static readonly (string Id, string Text) Single = ("bees-two", TestTexts.BeesTwo);

    /// <summary>One query per kind of copy, each with the original it copies and the verdict expected.</summary>
    private static readonly (string Name, string Text, string Original, MatchKind Kind)[] Queries =
    [
        ("verbatim", TestTexts.Lighthouse, "lighthouse", MatchKind.Exact),
        ("near", TestTexts.ReplaceWords(TestTexts.Sourdough, 20, 60, 150, 220), "sourdough", MatchKind.NearDuplicate),
        ("excerpt", TestTexts.Excerpt(TestTexts.BeesOne, 0.3, 0.4), "bees-one", MatchKind.Contained),
        ("spun", Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = 0.3, Seed = 2 }).Text, "orchard", MatchKind.Spun),
        ("single", TestTexts.BeesTwo, "bees-two", MatchKind.Exact),
    ];

    private static NearDupIndex Filled(NearDupIndex index)
    {
        Assert.That(index.AddBatch(Originals), Is.EqualTo(Originals.Length));
        index.Add(Single.Id, Single.Text);
        return index;
    }

    /// <summary>Every verdict of every query as (query, A, kind, score): what a reopened index must reproduce exactly.</summary>
    private static List<(string Query, string A, MatchKind Kind, double Score)> Answers(NearDupIndex index) =>
        Queries.SelectMany(q => index.Query(q.Text, q.Name).Select(v => (q.Name, v.A, v.Kind, v.Score))).ToList();

    private static List<string> AllIds => Originals.Select(o => o.Id).Append(Single.Id).ToList();

    // ---- Round trip -------------------------------------------------------------------------------------------------

    [Test]
    public void Query_EachKindOfCopy_FindsItsOriginalFirstWithTheExpectedKind()
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        var found = Queries.Select(q => index.Query(q.Text, q.Name).FirstOrDefault()).Select(v => (v?.A, v?.B, v?.Kind)).ToList();
        Assert.That(found, Is.EqualTo(Queries.Select(q => ((string?)q.Original, (string?)q.Name, (MatchKind?)q.Kind)).ToList()));
    }

    [Test]
    public void Query_EachKindOfCopyLookedForAlone_FindsItsOriginalWithTheExpectedKind()
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        var found = Queries.Select(q => index.Query(q.Text, q.Name, q.Kind.ToCopyKinds()).FirstOrDefault(v => v.A == q.Original)).Select(v => (v?.A, v?.B, v?.Kind)).ToList();
        Assert.That(found, Is.EqualTo(Queries.Select(q => ((string?)q.Original, (string?)q.Name, (MatchKind?)q.Kind)).ToList()));
    }

    [TestCase(CopyKinds.None)]
    [TestCase((CopyKinds)32)]
    public void Query_NoKindOrAnUnknownKind_IsRejectedNamingTheParameter(CopyKinds kinds)
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        Assert.That(() => index.Query(Queries[0].Text, "q", kinds), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("kinds"));
    }

    [Test]
    public void Reopen_AfterAddBatchAndAdd_KeepsCountContainsAndEveryVerdict()
    {
        List<(string, string, MatchKind, double)> before;
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            before = Answers(index);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Count, Is.EqualTo(AllIds.Count));
        Assert.That(AllIds.Where(id => !reopened.Contains(id)), Is.Empty);
        Assert.That(reopened.Contains("missing"), Is.False);
        Assert.That(Answers(reopened), Is.EqualTo(before));
        Assert.That(reopened.Recovery.ReplayedBatches, Is.EqualTo(2), "one batch for AddBatch, one for Add");
    }

    [Test]
    public void Reopen_AfterCompact_KeepsCountContainsAndEveryVerdict()
    {
        List<(string, string, MatchKind, double)> before;
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            before = Answers(index);
            index.Compact();
            Assert.That(Answers(index), Is.EqualTo(before), "compaction rebuilds the in-memory index");
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Recovery.SnapshotDocuments, reopened.Recovery.ReplayedBatches), Is.EqualTo((AllIds.Count, AllIds.Count, 0)));
        Assert.That(AllIds.Where(id => !reopened.Contains(id)), Is.Empty);
        Assert.That(Answers(reopened), Is.EqualTo(before));
    }

    [Test]
    public void InMemoryStore_GivesTheSameVerdictsAsADirectory_AlsoAfterCompact()
    {
        List<(string, string, MatchKind, double)> onDisk;
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            onDisk = Answers(index);
        }

        var store = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        using NearDupIndex inMemory = Filled(NearDupIndex.Open(store));
        Assert.That((inMemory.Count, Answers(inMemory)), Is.EqualTo((AllIds.Count, onDisk)));
        inMemory.Compact();
        Assert.That((inMemory.Count, Answers(inMemory)), Is.EqualTo((AllIds.Count, onDisk)));
    }

    [Test]
    public void InMemoryStore_ReopenedFromItsCommittedBatches_GivesTheSameVerdicts()
    {
        // The index disposes the store it owns, so a "reopen" replays the same batches into a second store.
        var committed = new RecordingStore(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)));
        List<(string, string, MatchKind, double)> before;
        using (NearDupIndex index = Filled(NearDupIndex.Open(committed)))
        {
            before = Answers(index);
        }

        using NearDupIndex reopened = NearDupIndex.Open(committed.Replay());
        Assert.That((reopened.Count, Answers(reopened)), Is.EqualTo((AllIds.Count, before)));
    }

    // ---- Remove -----------------------------------------------------------------------------------------------------

    [Test]
    public void Remove_ThenQuery_NoLongerFindsTheDocument()
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        Assert.That(index.Remove(["lighthouse"]), Is.EqualTo(1));
        Assert.That((index.Contains("lighthouse"), index.Count), Is.EqualTo((false, AllIds.Count - 1)));
        Assert.That(index.Query(TestTexts.Lighthouse).Select(v => v.A), Is.Empty);
    }

    [Test]
    public void Remove_SurvivesReopen()
    {
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            index.Remove(["lighthouse", "orchard"]);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Contains("lighthouse"), reopened.Contains("orchard"), reopened.Count), Is.EqualTo((false, false, AllIds.Count - 2)));
        Assert.That(reopened.Query(TestTexts.Lighthouse).Concat(reopened.Query(SpinTexts.Orchard)).Select(v => v.A), Is.Empty);
        Assert.That(reopened.Query(TestTexts.Sourdough).Select(v => v.A), Is.EqualTo(new[] { "sourdough" }));
    }

    [Test]
    public void Remove_SurvivesCompactAndReopen()
    {
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            index.Remove(["lighthouse"]);
            index.Compact();
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Contains("lighthouse"), reopened.Count), Is.EqualTo((false, AllIds.Count - 1)));
        Assert.That(reopened.Query(TestTexts.Lighthouse), Is.Empty);
    }

    [Test]
    public void Remove_UnknownIds_ReturnsZeroAndWritesNothing()
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        long logBytes = index.Statistics().LogBytes;
        Assert.That(index.Remove(["nobody", "nothing"]), Is.EqualTo(0));
        Assert.That((index.Count, index.Statistics().LogBytes), Is.EqualTo((AllIds.Count, logBytes)));
    }

    [Test]
    public void Remove_KnownAndUnknownAndRepeatedIds_CountsEachKnownIdOnce()
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        Assert.That(index.Remove(["nobody", "flood", "flood"]), Is.EqualTo(1));
    }

    // ---- Rejected adds ----------------------------------------------------------------------------------------------

    [Test]
    public void Add_ExistingId_ThrowsArgumentExceptionNamingTheId()
    {
        using NearDupIndex index = Filled(NearDupIndex.Create(Directory));
        Assert.That(() => index.Add("orchard", SpinTexts.FloodOpinion), Throws.ArgumentException.With.Message.Contains("'orchard'"));
    }

    [Test]
    public void AddBatch_OneExistingIdAmongNewOnes_AddsNoneOfThem_AlsoAfterReopen()
    {
        (string, string)[] batch = [("new-1", SpinTexts.FloodOpinion), ("harbour", TestTexts.Sourdough), ("new-2", TestTexts.Lighthouse)];
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            long logBytes = index.Statistics().LogBytes;
            Assert.That(() => index.AddBatch(batch), Throws.ArgumentException.With.Message.Contains("'harbour'"));
            Assert.That((index.Count, index.Contains("new-1"), index.Contains("new-2")), Is.EqualTo((AllIds.Count, false, false)));
            Assert.That(index.Query(SpinTexts.FloodOpinion), Is.Empty, "the rejected text must not be queryable");
            Assert.That(index.Statistics().LogBytes, Is.EqualTo(logBytes), "nothing of the batch is written");
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Count, reopened.Contains("new-1"), reopened.Contains("new-2")), Is.EqualTo((AllIds.Count, false, false)));
        Assert.That(reopened.Query(SpinTexts.FloodOpinion), Is.Empty);
    }

    [Test]
    public void AddBatch_RepeatingAnIdWithinTheBatch_IsRejectedAndAddsNothing()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        (string, string)[] batch = [("twice", TestTexts.Lighthouse), ("other", TestTexts.Sourdough), ("twice", TestTexts.BeesOne)];
        Assert.That(() => index.AddBatch(batch), Throws.ArgumentException.With.Message.Contains("'twice'"));
        Assert.That(index.Count, Is.Zero);
    }

    [TestCase("")]
    [TestCase(null)]
    public void AddBatch_EmptyId_IsRejectedAndAddsNothing(string? id)
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        (string, string)[] batch = [("fine", TestTexts.Lighthouse), (id!, TestTexts.Sourdough)];
        Assert.That(() => index.AddBatch(batch), Throws.ArgumentException);
        Assert.That(index.Count, Is.Zero);
    }

    [Test]
    public void Add_EmptyId_ThrowsArgumentException()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        Assert.That(() => index.Add("", TestTexts.Lighthouse), Throws.ArgumentException.With.Message.Contains("empty"));
    }

    [Test]
    public void Add_AfterRemove_AcceptsTheSameIdAgain_AlsoAfterReopen()
    {
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            index.Remove(["lighthouse"]);
            index.Add("lighthouse", SpinTexts.FloodOpinion);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Query(SpinTexts.FloodOpinion).Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("lighthouse", MatchKind.Exact) }));
        Assert.That(reopened.Query(TestTexts.Lighthouse), Is.Empty);
    }

    // ---- Options ----------------------------------------------------------------------------------------------------

    private static IndexOptions WithMinHash(int hashCount, ulong seed = MinHashParameters.DefaultSeed) =>
        new(new AnalysisOptions(new MinHashParameters(MinHashFamily.OnePermutation, hashCount, seed, ShingleSpec.Default)));

    [Test]
    public void Open_RequestedHashCountDiffers_ThrowsNamingBothValues()
    {
        NearDupIndex.Create(Directory, WithMinHash(64)).Dispose();
        Assert.That(
            () => NearDupIndex.Open(Directory, WithMinHash(128)),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("k=64").And.Message.Contains("k=128"));
    }

    [Test]
    public void Open_RequestedSeedDiffers_ThrowsNamingBothValues()
    {
        NearDupIndex.Create(Directory, WithMinHash(128, seed: 42)).Dispose();
        Assert.That(
            () => NearDupIndex.Open(Directory, WithMinHash(128, seed: 43)),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("seed=42").And.Message.Contains("seed=43"));
    }

    [Test]
    public void Open_RequestedOptionsMismatch_ReleasesTheLock()
    {
        NearDupIndex.Create(Directory, WithMinHash(64)).Dispose();
        Assert.Throws<NearDupFormatException>(() => NearDupIndex.Open(Directory, WithMinHash(128)));
        Assert.That(() => NearDupIndex.Open(Directory).Dispose(), Throws.Nothing);
    }

    [Test]
    public void Open_EqualOptions_OpensAndTakesTheRequestedThresholds()
    {
        using (NearDupIndex index = NearDupIndex.Create(Directory, WithMinHash(64, seed: 42)))
        {
            index.Add("lighthouse", TestTexts.Lighthouse);
        }

        var requested = new IndexOptions(WithMinHash(64, seed: 42).Analysis, lshThreshold: 0.6);
        using NearDupIndex reopened = NearDupIndex.Open(Directory, requested);
        Assert.That((reopened.Options.Analysis.MinHash.HashCount, reopened.Options.LshThreshold, reopened.Count), Is.EqualTo((64, 0.6, 1)));
        Assert.That(reopened.Query(TestTexts.Lighthouse).Select(v => v.Kind), Is.EqualTo(new[] { MatchKind.Exact }));
    }

    [Test]
    public void Open_WithoutRequestedOptions_TakesTheStoredOnes()
    {
        NearDupIndex.Create(Directory, WithMinHash(64, seed: 42)).Dispose();
        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Options.Analysis.MinHash, Is.EqualTo(WithMinHash(64, seed: 42).Analysis.MinHash));
    }

    private static byte[] BlobOfVersion(ushort version)
    {
        byte[] blob = NearDupIndex.OptionsBlob(IndexOptions.Default);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(blob, version);
        return blob;
    }

    [Test]
    public void Open_InMemoryStoreWithNewerOptionsVersion_ThrowsNewerThanThisBuild() =>
        Assert.That(
            () => NearDupIndex.Open(new InMemoryIndexStore(BlobOfVersion(7))),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("options format 7 is newer than this build (reads ≤ 6)"));

    [Test]
    public void Open_DirectoryWithNewerOptionsVersion_ThrowsNewerThanThisBuild()
    {
        DirectoryIndexStore.Create(Directory, BlobOfVersion(7)).Dispose();
        Assert.That(() => NearDupIndex.Open(Directory), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("newer than this build"));
    }

    [Test]
    public void Open_OptionsBlobWithTrailingBytes_ThrowsNearDupFormatException()
    {
        byte[] blob = [.. NearDupIndex.OptionsBlob(IndexOptions.Default), 0];
        Assert.That(() => NearDupIndex.Open(new InMemoryIndexStore(blob)), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("unexpected bytes"));
    }

    [Test]
    public void OptionsBlob_ReadBack_GivesEqualOptions()
    {
        IndexOptions options = WithMinHash(96, seed: 7);
        using NearDupIndex index = NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(options)));
        Assert.That(index.Options.Analysis.Difference(options.Analysis, "requested"), Is.Null);
        Assert.That(NearDupIndex.OptionsBlob(index.Options), Is.EqualTo(NearDupIndex.OptionsBlob(options)));
    }

    // ---- Lock -------------------------------------------------------------------------------------------------------

    [Test]
    public void Open_WhileAnotherIndexHoldsTheDirectory_ThrowsIndexLocked()
    {
        using NearDupIndex first = NearDupIndex.Create(Directory);
        Assert.That(() => NearDupIndex.Open(Directory), Throws.TypeOf<IndexLockedException>().With.Message.Contains("index.lock"));
    }

    [Test]
    public void Open_AfterTheFirstIndexIsDisposed_Succeeds()
    {
        NearDupIndex first = Filled(NearDupIndex.Create(Directory));
        Assert.Throws<IndexLockedException>(() => NearDupIndex.Open(Directory).Dispose());
        first.Dispose();
        using NearDupIndex second = NearDupIndex.Open(Directory);
        Assert.That(second.Count, Is.EqualTo(AllIds.Count));
    }

    [Test]
    public void Methods_AfterDispose_ThrowObjectDisposed()
    {
        NearDupIndex index = NearDupIndex.Create(Directory);
        index.Dispose();
        Assert.That(() => index.Add("x", "some text"), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => index.Query("some text"), Throws.TypeOf<ObjectDisposedException>());
    }

    // ---- Corruption -------------------------------------------------------------------------------------------------

    [Test]
    public void VerifyFiles_PayloadWhoseTextIsNotInTheCodecItsVersionNames_IsReportedNamingTheDocument()
    {
        // Checksums match (the store checksums what it was given), so only reading the text finds it.
        var analyzer = new DocumentAnalyzer();
        byte[] mislabelled = DocumentPayload.EncodeVersion3(StoredForm.From(analyzer.Analyze("mislabelled", TestTexts.Lighthouse)));
        mislabelled[0] = DocumentPayload.Version4;
        using (var store = DirectoryIndexStore.Create(Directory, NearDupIndex.OptionsBlob(IndexOptions.Default)))
        {
            store.Commit([
                StoreOperation.Add("sound", DocumentPayload.Encode(StoredForm.From(analyzer.Analyze("sound", TestTexts.Sourdough)))),
                StoreOperation.Add("mislabelled", mislabelled),
            ]);
        }

        Assert.That(
            NearDupIndex.VerifyFiles(Directory),
            Is.EqualTo(new[] { $"{Directory}: document 'mislabelled' payload version 4 holds a compressed text that is not a Zstandard frame (version 4 texts are)" }));
    }

    [Test]
    public void VerifyFiles_IndexOfEveryPayloadVersionsCodec_ReportsNothing()
    {
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            index.Remove([Single.Id]);
        }

        using (var store = DirectoryIndexStore.Open(Directory))
        {
            store.Commit([StoreOperation.Add(Single.Id, DocumentPayload.EncodeVersion3(StoredForm.From(new DocumentAnalyzer().Analyze(Single.Id, Single.Text))))]);
        }

        Assert.That(StoredVersions(), Is.EqualTo(Enumerable.Repeat((byte)4, Originals.Length).Append((byte)3)));
        Assert.That(NearDupIndex.VerifyFiles(Directory), Is.Empty);
    }

    [Test]
    public void Open_SnapshotWithAFlippedByteInItsDocuments_OpensFromTheImage_AndVerifyNamesTheSnapshot()
    {
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            index.Compact();
        }

        // The middle of the documents: an open reads the structure image and the log, not the documents (a text is
        // checked when it is fetched: see the image tests), and verify reads them all.
        SectionSpan image = SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None).Image!.Value;
        DamagedFiles.FlipByte(SnapshotPath, image.Offset / 2);
        Assert.That(() => NearDupIndex.Open(Directory).Dispose(), Throws.Nothing);
        Assert.That(NearDupIndex.VerifyFiles(Directory), Has.One.Contains("snapshot.ndup").And.Contains("section DOCS checksum mismatch"));
    }

    [Test]
    public void Open_LogWithAFlippedByteInTheFirstOfTwoRecords_ThrowsNamingTheLog()
    {
        long firstRecordEnd;
        using (NearDupIndex index = NearDupIndex.Create(Directory))
        {
            index.Add("lighthouse", TestTexts.Lighthouse);
            firstRecordEnd = index.Statistics().LogBytes;
            index.Add("sourdough", TestTexts.Sourdough);
        }

        DamagedFiles.FlipByte(LogPath, (StoreFormat.LogHeaderSize + firstRecordEnd) / 2);
        Assert.That(() => NearDupIndex.Open(Directory), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("wal.ndlog"));
    }

    [Test]
    public void Open_LogWithATruncatedLastRecord_DropsItAndKeepsEarlierAdds()
    {
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            index.Add("late", SpinTexts.FloodOpinion);
        }

        using (FileStream log = new(LogPath, FileMode.Open, FileAccess.Write))
        {
            log.SetLength(log.Length - 10);
        }

        UnacknowledgeLastBatch(); // the cut batch is one whose write a crash interrupted

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Recovery.DroppedBytes, Is.GreaterThan(0));
        Assert.That((reopened.Count, reopened.Contains("late")), Is.EqualTo((AllIds.Count, false)));
        Assert.That(AllIds.Where(id => !reopened.Contains(id)), Is.Empty);
        Assert.That(reopened.Query(TestTexts.Lighthouse).Select(v => v.A), Is.EqualTo(new[] { "lighthouse" }));
    }

    [Test]
    public void Open_AfterDroppingATruncatedRecord_AcceptsNewAddsThatSurviveReopen()
    {
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            index.Add("late", SpinTexts.FloodOpinion);
        }

        using (FileStream log = new(LogPath, FileMode.Open, FileAccess.Write))
        {
            log.SetLength(log.Length - 10);
        }

        UnacknowledgeLastBatch(); // the cut batch is one whose write a crash interrupted

        using (NearDupIndex recovered = NearDupIndex.Open(Directory))
        {
            recovered.Add("late", SpinTexts.FloodOpinion);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That((reopened.Recovery.DroppedBytes, reopened.Count, reopened.Contains("late")), Is.EqualTo((0L, AllIds.Count + 1, true)));
    }

    /// <summary>A payload that passes every store checksum but that this build cannot decode (as a newer build might write).</summary>
    private static byte[] PayloadOfVersion(byte version)
    {
        byte[] payload = DocumentPayload.Encode("a document a newer build wrote");
        payload[0] = version;
        return payload;
    }

    [Test]
    public void Open_InMemoryStoreWithAPayloadOfANewerVersion_ThrowsNearDupFormatExceptionNamingTheDocument()
    {
        var store = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        store.Commit([StoreOperation.Add("fine", DocumentPayload.Encode(TestTexts.Lighthouse)), StoreOperation.Add("future", PayloadOfVersion(2))]);
        Assert.That(
            () => NearDupIndex.Open(store, source: "memory"),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("'future'").And.Message.Contains("payload version 2"));
    }

    [Test]
    public void Open_DirectoryWithAPayloadOfANewerVersion_ThrowsNearDupFormatExceptionAndReleasesTheLock()
    {
        using (var store = DirectoryIndexStore.Create(Directory, NearDupIndex.OptionsBlob(IndexOptions.Default)))
        {
            store.Commit([StoreOperation.Add("future", PayloadOfVersion(9))]);
        }

        Assert.That(() => NearDupIndex.Open(Directory), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("'future'"));
        Assert.That(() => DirectoryIndexStore.Open(Directory).Dispose(), Throws.Nothing);
    }

    [Test]
    public void OptionsBlob_EveryFieldNonDefault_ReadsBackToTheSameBlob()
    {
        var options = new IndexOptions(
            new AnalysisOptions(
                new MinHashParameters(MinHashFamily.KPermutation, 96, 7, new ShingleSpec(ShingleUnit.Word, 4)),
                new NearDup.Sketches.SimHash.SimHashParameters(11, new ShingleSpec(ShingleUnit.Word, 2)),
                winnowingWindow: 9,
                spinSketch: new MinHashParameters(MinHashFamily.OnePermutation, 80, 13, new ShingleSpec(ShingleUnit.Skeleton, 6)),
                spinWinnowingWindow: 5),
            new VerificationOptions(0.81, 0.82, 0.16, 11, 3, 0.04, 4, 0.26, 41, 0.46, 0.17),
            lshThreshold: 0.55,
            minSharedFingerprints: 3,
            maxPostings: 65,
            spinLshThreshold: 0.35,
            minSharedSpinFingerprints: 6);
        using NearDupIndex index = NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(options)));
        Assert.That(NearDupIndex.OptionsBlob(index.Options), Is.EqualTo(NearDupIndex.OptionsBlob(options)));
        Assert.That(
            (index.Options.Verification.MinSpunContentMatchRate, index.Options.MaxPostings, index.Options.SpinLshThreshold, index.Options.Analysis.SpinSketch.HashCount),
            Is.EqualTo((0.17, 65, 0.35, 80)));
    }

    // ---- Payload ----------------------------------------------------------------------------------------------------

    /// <summary>Accents, CJK, an emoji sequence with joiners and a variation selector, CRLF and a lone CR, tabs.</summary>
    private static readonly string Unicode =
        "Café crème, naïve façade, Ångström and Ærøskøbing: the résumé travelled from Zürich to Łódź.\r\n" +
        "東京の灯台守は毎晩ランプの芯を切り、真鍮のレンズを磨いた。嵐の夜には霧笛を鳴らし続けた。\r\n\r\n" +
        "Emoji too: 👩‍👩‍👧‍👦 🏳️‍🌈 ❤️ 🎉, and a tab\tbetween words, a lone carriage return\rand the end.\r\n" +
        TestTexts.Lighthouse.Replace("\n", "\r\n");

    [Test]
    public void Payload_UnicodeAndCrlfText_QueriesAsExactWithScoreOneAfterReopen()
    {
        using (NearDupIndex index = NearDupIndex.Create(Directory))
        {
            index.Add("unicode", Unicode);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Query(Unicode).Select(v => (v.A, v.Kind, v.Score)), Is.EqualTo(new[] { ("unicode", MatchKind.Exact, 1.0) }));
    }

    [Test]
    public void Payload_UnicodeAndCrlfText_IsStoredByteForByte_AlsoAfterCompact()
    {
        using (NearDupIndex index = NearDupIndex.Create(Directory))
        {
            index.Add("unicode", Unicode);
        }

        Assert.That(StoredTexts(), Is.EqualTo(new[] { ("unicode", Unicode) }));
        using (NearDupIndex index = NearDupIndex.Open(Directory))
        {
            index.Compact(); // re-encodes the text the index holds in memory
        }

        Assert.That(StoredTexts(), Is.EqualTo(new[] { ("unicode", Unicode) }));
    }

    private List<(string, string)> StoredTexts()
    {
        using var store = DirectoryIndexStore.Open(Directory);
        var texts = new List<(string, string)>();
        store.Load(d => texts.Add((d.Id, DocumentPayload.Decode(d.Payload.Span, d.Id, "test"))));
        return texts;
    }

    // ---- Concurrency ------------------------------------------------------------------------------------------------

    [Test]
    public void Query_WhileAnotherThreadAddsBatches_NeverThrowsAndOnlyNamesAddedIds()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        index.AddBatch(Originals.Take(3));
        var attempted = new ConcurrentDictionary<string, bool>(Originals.Take(3).ToDictionary(o => o.Id, _ => true));
        var errors = new ConcurrentQueue<Exception>();
        var seen = new ConcurrentQueue<(string A, string B, string QueryId)>();
        int queries = 0;
        using var done = new CancellationTokenSource();

        // The writer adds near-duplicates of the lighthouse text, so the readers' answers grow while they run.
        Task writer = Task.Run(() =>
        {
            try
            {
                for (int batch = 0; batch < 6; batch++)
                {
                    var items = Enumerable.Range(0, 3)
                        .Select(i => ($"w{batch}-{i}", TestTexts.ReplaceWords(TestTexts.Lighthouse, 10 + batch * 20 + i)))
                        .ToList();
                    foreach (var (id, _) in items)
                    {
                        attempted[id] = true;
                    }

                    index.AddBatch(items);
                }

                index.Remove(["w0-0"]);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
            finally
            {
                done.Cancel();
            }
        });

        Task[] readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            try
            {
                int n = 0;
                while (!done.IsCancellationRequested || n < 2)
                {
                    string id = $"r{r}-{n++}";
                    string text = (n % 3) switch { 0 => TestTexts.Lighthouse, 1 => TestTexts.ReplaceWords(TestTexts.Lighthouse, 5), _ => TestTexts.Sourdough };
                    foreach (PairVerdict v in index.Query(text, id))
                    {
                        seen.Enqueue((v.A, v.B, id));
                    }

                    Interlocked.Increment(ref queries);
                    _ = index.Count;
                    _ = index.Contains("w1-1");
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToArray();

        Assert.That(Task.WaitAll([writer, .. readers], TimeSpan.FromSeconds(60)), Is.True, "threads finished");
        Assert.That(errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(seen.Where(s => !attempted.ContainsKey(s.A) || s.B != s.QueryId).Select(s => $"{s.A} for {s.QueryId} (B {s.B})"), Is.Empty);
        Assert.That(seen.Select(s => s.A), Does.Contain("lighthouse").And.Some.StartsWith("w"), "queries saw documents from before and during the adds");
        Assert.That(queries, Is.GreaterThanOrEqualTo(6));
        Assert.That(index.Count, Is.EqualTo(3 + 18 - 1));
    }

    // ---- Payload version 2: candidate data stored, analysed documents rebuilt on demand ------------------------------

    /// <summary>Every verdict of every query with all its evidence (figures, passages, alignment).</summary>
    private static List<string> Evidence(NearDupIndex index) =>
        Queries.SelectMany(q => index.Query(q.Text, q.Name).Select(InMemoryIndexTests.Evidence)).ToList();

    private List<byte> StoredVersions()
    {
        using var store = DirectoryIndexStore.Open(Directory);
        var versions = new List<byte>();
        store.Load(d => versions.Add(d.Payload.Span[0]));
        return versions;
    }

    /// <summary>Writes the originals as version 1 payloads (text only), as builds before payload version 2 did.</summary>
    private void WriteVersion1Store()
    {
        using var store = DirectoryIndexStore.Create(Directory, NearDupIndex.OptionsBlob(IndexOptions.Default));
        store.Commit(Originals.Select(o => StoreOperation.Add(o.Id, DocumentPayload.Encode(o.Text))).ToList());
        store.Commit([StoreOperation.Add(Single.Id, DocumentPayload.Encode(Single.Text))]);
    }

    [Test]
    public void AddBatch_WritesVersion4Payloads()
    {
        using (Filled(NearDupIndex.Create(Directory)))
        {
        }

        Assert.That(StoredVersions(), Is.EqualTo(Enumerable.Repeat((byte)4, AllIds.Count)));
    }

    [Test]
    public void Open_StoreOfVersion2Payloads_AnswersAsAFreshlyBuiltIndexAndCompactsToVersion3()
    {
        List<string> fresh;
        using (NearDupIndex index = Filled(NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)))))
        {
            fresh = Evidence(index);
        }

        var analyzer = new DocumentAnalyzer();
        using (var store = DirectoryIndexStore.Create(Directory, NearDupIndex.OptionsBlob(IndexOptions.Default)))
        {
            store.Commit(Originals.Select(o => StoreOperation.Add(o.Id, DocumentPayload.EncodeVersion2(StoredForm.From(analyzer.Analyze(o.Id, o.Text))))).ToList());
            store.Commit([StoreOperation.Add(Single.Id, DocumentPayload.EncodeVersion2(StoredForm.From(analyzer.Analyze(Single.Id, Single.Text))))]);
        }

        Assert.That(StoredVersions(), Is.EqualTo(Enumerable.Repeat((byte)2, AllIds.Count)));
        using (NearDupIndex opened = NearDupIndex.Open(Directory))
        {
            Assert.That((opened.Count, Evidence(opened)), Is.EqualTo((AllIds.Count, fresh)));
            opened.Compact();
        }

        Assert.That(StoredVersions(), Is.EqualTo(Enumerable.Repeat((byte)3, AllIds.Count)));
    }

    [Test]
    public void Reopen_FromVersion4Payloads_GivesEveryVerdictWithIdenticalEvidence()
    {
        List<string> fresh;
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            fresh = Evidence(index);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(Evidence(reopened), Is.EqualTo(fresh));
        Assert.That(fresh, Has.Count.GreaterThanOrEqualTo(Queries.Length));
    }

    [Test]
    public void Open_StoreOfVersion1Payloads_AnswersAsAFreshlyBuiltIndex()
    {
        List<string> fresh;
        using (NearDupIndex index = Filled(NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)))))
        {
            fresh = Evidence(index);
        }

        WriteVersion1Store();
        Assert.That(StoredVersions(), Is.EqualTo(Enumerable.Repeat((byte)1, AllIds.Count)));
        using NearDupIndex opened = NearDupIndex.Open(Directory);
        Assert.That((opened.Count, Evidence(opened)), Is.EqualTo((AllIds.Count, fresh)));
    }

    [Test]
    public void Compact_Version1Payloads_RewritesThemAsVersion3WithTheSameAnswers()
    {
        WriteVersion1Store();
        List<string> before;
        using (NearDupIndex index = NearDupIndex.Open(Directory))
        {
            before = Evidence(index);
            index.Compact();
            Assert.That(Evidence(index), Is.EqualTo(before));
        }

        Assert.That(StoredVersions(), Is.EqualTo(Enumerable.Repeat((byte)3, AllIds.Count)));
        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(Evidence(reopened), Is.EqualTo(before));
    }

    [Test]
    public void Open_MixOfVersion1AndVersion4Payloads_AnswersAsAFreshlyBuiltIndex()
    {
        List<string> fresh;
        using (NearDupIndex index = Filled(NearDupIndex.Create(Directory)))
        {
            fresh = Evidence(index);
            index.Remove([Single.Id]);
        }

        using (var store = DirectoryIndexStore.Open(Directory))
        {
            store.Commit([StoreOperation.Add(Single.Id, DocumentPayload.Encode(Single.Text))]);
        }

        Assert.That(StoredVersions(), Is.EqualTo(Enumerable.Repeat((byte)4, Originals.Length).Append((byte)1)));
        using NearDupIndex opened = NearDupIndex.Open(Directory);
        Assert.That(Evidence(opened), Is.EqualTo(fresh));
    }

    [Test]
    public void Open_TruncatedVersion4Payload_ThrowsNearDupFormatExceptionNamingTheDocument()
    {
        byte[] payload = DocumentPayload.Encode(StoredForm.From(new DocumentAnalyzer().Analyze("cut", TestTexts.Lighthouse)));
        var store = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        store.Commit([StoreOperation.Add("fine", DocumentPayload.Encode(TestTexts.Sourdough)), StoreOperation.Add("cut", payload[..^3])]);
        Assert.That(
            () => NearDupIndex.Open(store, source: "memory"),
            Throws.TypeOf<NearDupFormatException>().With.Message.StartsWith("memory: document 'cut' payload version 4"));
    }

    [Test]
    public void Open_Version4PayloadWrittenWithAnotherSketchSize_ThrowsNamingTheDocumentAndBothSizes()
    {
        var other = new IndexOptions(new AnalysisOptions(new MinHashParameters(MinHashFamily.OnePermutation, 64, MinHashParameters.DefaultSeed, new ShingleSpec(ShingleUnit.Word, 5))));
        byte[] payload = DocumentPayload.Encode(StoredForm.From(new DocumentAnalyzer(other.Analysis).Analyze("small", TestTexts.Lighthouse)));
        var store = new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default));
        store.Commit([StoreOperation.Add("small", payload)]);
        Assert.That(
            () => NearDupIndex.Open(store, source: "memory"),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("'small'").And.Message.Contains("has 64 values, the index expects 128"));
    }

    [Test]
    public void Open_NegativeCacheCapacity_ThrowsAndLeavesTheDirectoryUnlocked()
    {
        using (Filled(NearDupIndex.Create(Directory)))
        {
        }

        Assert.That(() => NearDupIndex.Open(Directory, cacheCapacity: -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => NearDupIndex.Open(Directory).Dispose(), Throws.Nothing);
    }

    [Test]
    public void Query_ConcurrentlyAfterReopenWithACacheOfOne_GivesEveryThreadTheSingleThreadedAnswers()
    {
        using (Filled(NearDupIndex.Create(Directory)))
        {
        }

        using NearDupIndex index = NearDupIndex.Open(Directory, cacheCapacity: 1);
        var expected = Queries.Select(q => index.Query(q.Text, q.Name).Select(InMemoryIndexTests.Evidence).ToList()).ToList();
        var errors = new ConcurrentQueue<string>();
        Parallel.For(0, 6 * Queries.Length, new ParallelOptions { MaxDegreeOfParallelism = 6 }, n =>
        {
            int i = n % Queries.Length;
            if (!index.Query(Queries[i].Text, Queries[i].Name).Select(InMemoryIndexTests.Evidence).SequenceEqual(expected[i]))
            {
                errors.Enqueue(Queries[i].Name);
            }
        });
        Assert.That(errors, Is.Empty);
    }
}
