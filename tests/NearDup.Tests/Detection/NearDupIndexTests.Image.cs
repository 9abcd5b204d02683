using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Storage;
using NearDup.Verification;
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
    public void Reopen_WithBatchesAfterTheImage_AppliesThemOnTopOfIt()
    {
        (string Id, string Text)[] later = ManyDocuments.Value[3_200..3_300];
        string[] removedLater = ChunkedDocuments.Where((_, i) => i % 11 == 4).Select(d => d.Id).ToArray();
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 7))
        {
            index.Compact();
            index.AddBatch(later);
            index.Remove(removedLater);
            index.Add(removedLater[0], ChunkedDocuments.First(d => d.Id == removedLater[0]).Text); // removed, then added again at the end
        }

        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();
        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(FromImage(reopened), Is.True);
        Assert.That(reopened.Recovery.ReplayedBatches, Is.EqualTo(3));
        Assert.That(reopened.Count, Is.EqualTo(LiveAfterRemoving(7) + later.Length - removedLater.Except(RemovedIds(7)).Count() + 1));
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(rebuilt));
        Assert.That(later.SelectMany(d => reopened.Query(d.Text, "q-" + d.Id)).Select(v => v.A).Distinct(), Is.EquivalentTo(later.Select(d => d.Id)), "each later document finds itself");
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
        bytes[image.Offset + image.Length / 2] ^= 0x01;
        File.WriteAllBytes(SnapshotPath, bytes);
        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(FromImage(reopened), Is.False);
        Assert.That(reopened.Recovery.Messages, Has.One.Contains("section CIMG").And.Contains("built the index's structures from the documents"));
        Assert.That(EveryDocumentsVerdicts(reopened), Is.EqualTo(rebuilt));
    }

    [Test]
    public void Open_TheGoldenIndexWithAnImage_ReadsTheImage()
    {
        string golden = Path.Combine(GoldenFiles.OutputDirectory, "index-options4-snapshot2-wal2-payload3-image1");
        foreach (string name in GoldenFiles.IndexFileNames)
        {
            File.Copy(Path.Combine(golden, name), Path.Combine(Directory, name));
        }

        using NearDupIndex index = NearDupIndex.Open(Directory);

        Assert.That((FromImage(index), index.Count), Is.EqualTo((true, GoldenFiles.LiveDocuments.Length)));
    }

    [Test]
    public void Reopen_AfterCompactingWithFewRemovals_KeepsTheirTombstonesFromTheImage()
    {
        using (NearDupIndex index = FilledWithRemovals(CreateStore(Directory), every: 7))
        {
            index.Compact();
        }

        int rebuiltTombstones;
        using (NearDupIndex rebuilt = OpenWithoutImage())
        {
            rebuiltTombstones = Tombstones(rebuilt);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That((Tombstones(reopened), rebuiltTombstones), Is.EqualTo((RemovedIds(7).Length, 0)));
    }
}
