using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NearDup.Tests.Storage;
using NearDup.Verification;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// A compaction writes the candidate structures' image after the documents, and opening reads it instead of building
/// the structures document by document: the index must answer exactly as one built from the documents, with the log's
/// later batches on top, and a damaged image must cost only the time of building without it.
/// </summary>
public partial class NearDupIndexTests
{
    private static bool FromImage(NearDupIndex index) => ((EmbeddedIndex)index.Backend).OpenedFromImage;

    /// <summary>Opens the directory through a store that keeps no image, so the structures are built from the documents.</summary>
    private NearDupIndex OpenWithoutImage() => NearDupIndex.Open(new RecordingStore(DirectoryIndexStore.Open(Directory)), source: "compaction test");

    private List<(string, string, MatchKind, double)> VerdictsWithoutImage()
    {
        using NearDupIndex rebuilt = OpenWithoutImage();
        Assert.That(FromImage(rebuilt), Is.False);
        return EveryDocumentsVerdicts(rebuilt);
    }

    [TestCase(7)]
    [TestCase(3)]
    public void Reopen_AfterCompaction_ReadsTheImageAndAnswersAsAnIndexBuiltFromTheDocuments(int every)
    {
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every))
        {
            index.Compact();
        }

        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();
        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(FromImage(reopened), Is.True);
        Assert.That(reopened.Count, Is.EqualTo(LiveAfterRemoving(every)));
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(rebuilt));
    }

    [Test]
    public void Reopen_WithDocumentsAddedAfterTheImage_AddsThemOnTopOfIt()
    {
        (string Id, string Text)[] later = ManyDocuments.Value[3_200..3_300];
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 7))
        {
            index.Compact();
            index.AddBatch(later[..60]);
            index.AddBatch(later[60..]);
        }

        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();
        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That((FromImage(reopened), reopened.Recovery.ReplayedBatches), Is.EqualTo((true, 2)));
        Assert.That(reopened.Count, Is.EqualTo(LiveAfterRemoving(7) + later.Length));
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(rebuilt));
        Assert.That(later.SelectMany(d => reopened.Query(d.Text, "q-" + d.Id)).Select(v => v.A).Distinct(), Is.EquivalentTo(later.Select(d => d.Id)), "each later document finds itself");
    }

    /// <summary>A passage four of forty documents share, so that how many documents hold it (removed ones included,
    /// until the structures are built again) weighs the verdicts.</summary>
    private const string SharedPassage = "the quick harbour pilot guided every vessel through the narrow channel before the storm reached the eastern breakwater and the lights along the quay went out one after another while the crews waited";

    private static (string Id, string Text)[] RecurringDocuments() =>
        ManyDocuments.Value[..40].Select((d, i) => i < 4 ? (d.Id, d.Text + " " + SharedPassage + " " + d.Text) : d).ToArray();

    private static List<string> RecurringVerdicts(NearDupIndex index) =>
        RecurringDocuments().SelectMany(d => index.Query(d.Text, "q-" + d.Id).Select(v => $"q-{d.Id} {v.A} {v.Kind} {v.Score:R}")).ToList();

    /// <summary>Indexes <see cref="RecurringDocuments"/> on disk and compacts, removing the first document before or
    /// after the compaction when asked; returns the index's analyzer.</summary>
    private DocumentAnalyzer CompactRecurring(bool removeBefore = false, bool removeAfter = false)
    {
        using NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test");
        index.AddBatch(RecurringDocuments());
        if (removeBefore)
        {
            index.Remove([RecurringDocuments()[0].Id]);
        }

        index.Compact();
        if (removeAfter)
        {
            index.Remove([RecurringDocuments()[0].Id]);
        }

        return index.Analyzer;
    }

    /// <summary>Reopens with the image and checks whether it was read and that it answers as a build from the documents.</summary>
    private void AssertReopenAnswersAsBuilt(bool fromImage)
    {
        List<string> rebuilt = RecurringVerdictsWithoutImage();
        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(FromImage(reopened), Is.EqualTo(fromImage));
        Assert.That(RecurringVerdicts(reopened), Is.EqualTo(rebuilt));
    }

    private List<string> RecurringVerdictsWithoutImage()
    {
        using NearDupIndex rebuilt = OpenWithoutImage();
        return RecurringVerdicts(rebuilt);
    }

    [Test]
    public void Reopen_WhenTheLogRemovedASnapshotDocument_BuildsFromTheDocuments()
    {
        CompactRecurring(removeAfter: true);

        AssertReopenAnswersAsBuilt(fromImage: false); // the image would hold the removed document as a holder of the shared passage
    }

    [Test]
    public void Reopen_AfterCompactingWithARemovedDocument_AnswersAsBuiltFromTheDocuments()
    {
        CompactRecurring(removeBefore: true);

        AssertReopenAnswersAsBuilt(fromImage: true);
    }

    [Test]
    public void Reopen_WhenTheStoreReplacedASnapshotDocumentInPlace_AnswersAsBuiltFromTheDocuments()
    {
        DocumentAnalyzer analyzer = CompactRecurring();

        // NearDupIndex never adds an id it holds; a store written by other means can replace a document in place.
        (string id, string text) = RecurringDocuments()[1];
        using (DirectoryIndexStore store = DirectoryIndexStore.Open(Directory))
        {
            store.Load(_ => { });
            byte[] compressed = TextCompression.Compress(text + " and a sentence more", out int bytes);
            store.Commit([StoreOperation.Add(id, DocumentPayload.Encode(StoredForm.From(analyzer.Analyze(id, text + " and a sentence more"), compressed, bytes)))]);
        }

        AssertReopenAnswersAsBuilt(fromImage: false);
    }

    [Test]
    public void Reopen_WithNoRemovals_AnswersRecurringTextAsBuiltFromTheDocuments()
    {
        CompactRecurring();

        AssertReopenAnswersAsBuilt(fromImage: true);
    }

    [Test]
    public void Reopen_WithADamagedImage_BuildsFromTheDocumentsAndSaysSo()
    {
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 3))
        {
            index.Compact();
        }

        SectionSpan image = SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None).Image!.Value;
        byte[] bytes = File.ReadAllBytes(SnapshotPath);
        bytes[image.Offset + 64] ^= 0x01; // among the records: a part every open reads whole (the passage tables' blocks are checked when read)
        File.WriteAllBytes(SnapshotPath, bytes);
        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(FromImage(reopened), Is.False);
        Assert.That(reopened.Recovery.Messages, Has.One.Contains("section CIMG").And.Contains("built the index's structures from the documents"));
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(rebuilt));
    }

    [Test]
    public void TheGoldenIndexWithAnImage_ReadsAndIsPassedOverOnceItsLogRemovesADocument()
    {
        string golden = Path.Combine(GoldenFiles.OutputDirectory, "index-options4-snapshot2-wal2-payload3-image1");
        foreach (string name in GoldenFiles.IndexFileNames)
        {
            File.Copy(Path.Combine(golden, name), Path.Combine(Directory, name));
        }

        SectionSpan image = SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None).Image!.Value;
        var loader = new IndexLoader(new ResidentTable(GoldenFiles.Options, "golden"), new DocumentAnalyzer(GoldenFiles.Options.Analysis));

        using (SnapshotTexts texts = SnapshotTexts.Open(SnapshotPath))
        {
            Assert.That(SnapshotFile.ReadImage(texts, image, loader), Is.EqualTo(StructureImageUse.NeedsRecords), "a version 1 image: the records come with the documents");
        }

        Assert.That(loader.Table.Count, Is.Zero, "records come with the documents");
        Assert.That(loader.Table.Candidates.Live, Is.EqualTo(GoldenFiles.LiveDocuments.Length), "the snapshot's four documents");

        // The golden history's last batch removes a snapshot document, so an open builds from the documents.
        using NearDupIndex index = NearDupIndex.Open(Directory);
        Assert.That((FromImage(index), index.Count, index.Recovery.Messages.Count), Is.EqualTo((false, GoldenFiles.LiveDocuments.Length, 0)));
    }

    [Test]
    public void Compact_IntoAStoreThatKeepsAnImage_DropsEvenAFewTombstones()
    {
        using NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 7);

        index.Compact();

        Assert.That(Tombstones(index), Is.Zero);
    }

    private void DamageImage()
    {
        SectionSpan image = SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None).Image!.Value;
        byte[] bytes = File.ReadAllBytes(SnapshotPath);
        bytes[image.Offset + 64] ^= 0x01; // among the records: a part every open reads whole (the passage tables' blocks are checked when read)
        File.WriteAllBytes(SnapshotPath, bytes);
    }

    [Test]
    public void Repair_OfAnIndexWhoseOnlyDamageIsTheImage_DoesNotRefuse()
    {
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test"))
        {
            index.AddBatch(ManyDocuments.Value[..50]);
            index.Compact();
            index.AddBatch(ManyDocuments.Value[50..60]);
        }

        DamageImage();

        Assert.That(() => NearDupIndex.Repair(Directory), Throws.Nothing);
        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Count, Is.EqualTo(60));
    }

    [Test]
    public void VerifyFiles_WithADamagedImageAndLogBatches_NamesOnlyTheImageAndWhatRewritesIt()
    {
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test"))
        {
            index.AddBatch(ManyDocuments.Value[..50]);
            index.Compact();
            index.AddBatch(ManyDocuments.Value[50..60]);
            index.AddBatch(ManyDocuments.Value[60..70]);
        }

        DamageImage();

        IReadOnlyList<string> problems = NearDupIndex.VerifyFiles(Directory);
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("section CIMG").And.Contains("index compact"));
    }

    private static bool RecordsInFile(NearDupIndex index) => ((EmbeddedIndex)index.Backend).RecordsInFile;

    /// <summary>The first document of the snapshot and where its compressed text starts in the file: header 44; IDNT
    /// 12 + 16 + 8; OPTS 12 + options + 8; DOCS 12, count 4; then u16 id length, the id, u32 payload length, and the
    /// payload, whose text starts <see cref="DocumentPayload.TextOffset"/> bytes in.</summary>
    private (string Id, long TextAt, int TextLength) FirstDocumentText() => SnapshotBytes.FirstDocumentText(SnapshotPath);

    [Test]
    public void Reopen_FromAnImageWithRecords_ReadsNoDocumentAndKeepsTheTextsInTheFile()
    {
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 5))
        {
            index.Compact();
            Assert.That(RecordsInFile(index), Is.True, "the compaction hands the texts over to the snapshot it wrote");
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That((FromImage(reopened), RecordsInFile(reopened)), Is.EqualTo((true, true)));
        Assert.That(reopened.Recovery.SnapshotDocuments, Is.EqualTo(LiveAfterRemoving(5)));
    }

    [Test]
    public void Reopen_ReadOnly_FromTheImage_AnswersAsAnIndexBuiltFromTheDocuments()
    {
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 7))
        {
            index.Compact();
            index.AddBatch(ManyDocuments.Value[3_200..3_240]);
        }

        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();
        using NearDupIndex reader = NearDupIndex.OpenReadOnly(Directory);

        Assert.That((FromImage(reader), RecordsInFile(reader)), Is.EqualTo((true, true)));
        Assert.That(reader.Count, Is.EqualTo(LiveAfterRemoving(7) + 40));
        Assert.That(EveryDocumentsVerdicts(reader), Is.EqualTo(rebuilt));
    }

    [Test]
    public void IdLookups_OverTheImagesIdMap_FindRemoveAndAddAgain()
    {
        (string Id, string Text)[] documents = ManyDocuments.Value[..300];
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test"))
        {
            index.AddBatch(documents);
            index.Compact();
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assume.That(RecordsInFile(reopened), Is.True);
        (string removed, string text) = documents[17];

        Assert.That(documents.All(d => reopened.Contains(d.Id)), Is.True, "every snapshot id is found");
        Assert.That((reopened.Contains("no-such-id"), reopened.Contains(removed + " "), reopened.Contains("\uD800")), Is.EqualTo((false, false, false)));
        Assert.That(reopened.Remove([removed, "no-such-id"]), Is.EqualTo(1));
        Assert.That((reopened.Contains(removed), reopened.Count), Is.EqualTo((false, 299)));
        Assert.That(reopened.Query(text, "q").Select(v => v.A), Has.None.EqualTo(removed));
        Assert.That(reopened.Remove([removed]), Is.Zero, "a removed id is removed once");

        reopened.Add(removed, ManyDocuments.Value[400].Text);
        Assert.That((reopened.Contains(removed), reopened.Count), Is.EqualTo((true, 300)));
        Assert.That(reopened.Query(ManyDocuments.Value[400].Text, "q").Select(v => (v.A, v.Kind)), Has.Member((removed, MatchKind.Exact)));
        Assert.That(() => reopened.Add(documents[18].Id, "another text for an id the image holds"), Throws.ArgumentException);
        Assert.That(reopened.Remove([removed]), Is.EqualTo(1), "the id added again is removed from the documents added since the image");
        Assert.That(reopened.Contains(removed), Is.False);
    }

    [Test]
    public void Compact_OfAnIndexOpenedFromTheImage_ReadsTheTextsFromTheOldSnapshotAndAnswersAsBuilt()
    {
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 7))
        {
            index.Compact();
        }

        (string Id, string Text)[] later = ManyDocuments.Value[3_200..3_260];
        using (NearDupIndex reopened = NearDupIndex.Open(Directory))
        {
            reopened.AddBatch(later);
            Assert.That(reopened.Remove([later[3].Id, ChunkedDocuments[2].Id]), Is.EqualTo(2), "one added since the image, one of the image's");
            reopened.Compact();
            reopened.Compact(); // the second reads the texts from the snapshot the first wrote and handed over
            Assert.That(reopened.Query(later[5].Text, "q").Select(v => (v.A, v.Kind)), Has.Member((later[5].Id, MatchKind.Exact)));
        }

        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();
        using NearDupIndex again = NearDupIndex.Open(Directory);

        Assert.That((FromImage(again), RecordsInFile(again)), Is.EqualTo((true, true)));
        Assert.That(again.Count, Is.EqualTo(LiveAfterRemoving(7) + later.Length - 2));
        Assert.That(EveryDocumentsVerdicts(again), Is.EqualTo(rebuilt));
        Assert.That(later.Where((_, i) => i != 3).All(d => again.Query(d.Text, "q").Any(v => v.A == d.Id)), Is.True, "each later document finds itself");
    }

    [Test]
    public void Fetch_OfASnapshotDocumentWhoseTextWasDamaged_ThrowsNamingFileAndOffset_AndVerifyFindsIt()
    {
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test"))
        {
            index.AddBatch(ManyDocuments.Value[..50]);
            index.Compact();
        }

        (string id, long textAt, int length) = FirstDocumentText();
        string text = ManyDocuments.Value.Single(d => d.Id == id).Text;
        DamagedFiles.FlipByte(SnapshotPath, textAt + length / 2);

        using (NearDupIndex reopened = NearDupIndex.Open(Directory))
        {
            Assert.That(RecordsInFile(reopened), Is.True, "the open reads no document, so it does not see the damage");
            Assert.That(reopened.Query(ManyDocuments.Value[1].Text, "q").Select(v => v.A), Has.Member(ManyDocuments.Value[1].Id), "the other documents answer");
            Assert.That(
                () => reopened.Query(text, "q"),
                Throws.TypeOf<NearDupFormatException>().With.Message.Contains(SnapshotPath).And.Message.Contains($"document '{id}' text").And.Message.Contains($"at offset {textAt}"));
        }

        Assert.That(NearDupIndex.VerifyFiles(Directory), Has.One.Contains("snapshot.ndup").And.Contains("section DOCS checksum mismatch"));
    }

    /// <summary>Copies a golden index whose log is cut after batch 2 (before the batch that removes a snapshot
    /// document), so that an open may use its image.</summary>
    private void CopyGoldenUpToBatch2(string name)
    {
        string golden = Path.Combine(GoldenFiles.OutputDirectory, name);
        foreach (string fileName in GoldenFiles.IndexFileNames)
        {
            File.Copy(Path.Combine(golden, fileName), Path.Combine(Directory, fileName));
        }

        string log = Path.Combine(Directory, StoreFormat.LogFileName);
        long end = 0;
        WriteAheadLog.Read(log, headerOnly: false, (sequence, _, batchEnd) => end = sequence == 2 ? batchEnd : end, CancellationToken.None);
        Assume.That(end, Is.Positive);
        using var file = new FileStream(log, FileMode.Open, FileAccess.Write);
        file.SetLength(end);
    }

    private List<(string, string, MatchKind, double)> GoldenVerdicts(NearDupIndex index) =>
        GoldenFiles.Queries.SelectMany(q => index.Query(q.Text, q.Id).Select(v => (q.Id, v.A, v.Kind, v.Score))).ToList();

    [TestCase("index-options4-snapshot2-wal2-payload3-image1", false)]
    [TestCase("index-options4-snapshot2-wal2-payload3-image2", true)]
    [TestCase("index-options4-snapshot2-wal2-payload3-image4", true)]
    [TestCase("index-options4-snapshot2-wal2-payload3-image3", true)]
    public void GoldenIndexWithAnImage_OpensFromItAndAnswersAsBuiltFromTheDocuments(string name, bool recordsInFile)
    {
        CopyGoldenUpToBatch2(name);
        List<(string, string, MatchKind, double)> rebuilt;
        using (NearDupIndex built = OpenWithoutImage())
        {
            rebuilt = GoldenVerdicts(built);
        }

        using NearDupIndex index = NearDupIndex.Open(Directory);

        Assert.That((FromImage(index), RecordsInFile(index)), Is.EqualTo((true, recordsInFile)), "version 1 holds no records: they are decoded from the documents");
        Assert.That(index.Count, Is.EqualTo(GoldenFiles.LiveDocuments.Length + 1));
        Assert.That(GoldenVerdicts(index), Is.EqualTo(rebuilt));
        Assert.That(rebuilt.Select(v => v.Item2), Does.Contain(GoldenFiles.Queries[0].Verdicts[0].A));
    }

    /// <summary>The targets of this process's open file descriptors that name the snapshot (Linux: /proc/self/fd; a
    /// file moved over or deleted while open ends in " (deleted)").</summary>
    private List<string> OpenSnapshotHandles() =>
        System.IO.Directory.GetFiles("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith(SnapshotPath, StringComparison.Ordinal))
            .Select(target => target!)
            .ToList();

    [Test]
    public void TheSnapshotsHandle_ClosesWithTheIndex_AndACompactionLetsTheReplacedFileGo()
    {
        Assume.That(OperatingSystem.IsLinux(), "reads /proc/self/fd");
        using (NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "compaction test"))
        {
            index.AddBatch(ManyDocuments.Value[..50]);
            index.Compact();
        }

        Assert.That(OpenSnapshotHandles(), Is.Empty, "closed with the index that compacted");
        using (NearDupIndex reopened = NearDupIndex.Open(Directory))
        {
            Assert.That(OpenSnapshotHandles(), Is.EqualTo(new[] { SnapshotPath }), "kept open to read texts from");
            reopened.Add("one-more", ManyDocuments.Value[60].Text);
            reopened.Compact();
            Assert.That(OpenSnapshotHandles(), Is.EqualTo(new[] { SnapshotPath }), "the new snapshot only: the replaced one is closed");
            Assert.That(reopened.Query(ManyDocuments.Value[3].Text, "q").Select(v => v.A), Has.Member(ManyDocuments.Value[3].Id), "its texts are read from the new one");
        }

        Assert.That(OpenSnapshotHandles(), Is.Empty);
    }
}
