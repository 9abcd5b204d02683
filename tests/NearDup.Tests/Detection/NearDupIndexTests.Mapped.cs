using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Internal;
using NearDup.Storage;
using NearDup.Tests.Storage;
using NearDup.Verification;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// An index opened from a version 3 or 4 image reads its passage tables in place from a map of the snapshot, keeps what
/// is added afterwards in an overlay, and folds the overlay into the new image when it compacts: every answer must be
/// the one the index held in arrays gives, and damage to the mapped bytes must be caught before they are used (version
/// 4: block by block when first read; version 3: every byte at open).
/// </summary>
public partial class NearDupIndexTests
{
    private static (bool Mapped, int Changes) PassageImage(NearDupIndex index) => ((EmbeddedIndex)index.Backend).PassageImage;

    private static (string Id, string Text)[] MappedFirst => ManyDocuments.Value[..1_200];

    private static (string Id, string Text)[] MappedLater => ManyDocuments.Value[1_200..1_500];

    private static string[] MappedRemoved => [.. ManyDocuments.Value[..1_500].Where((_, i) => i % 9 == 4).Select(d => d.Id)];

    private static List<(string Query, string A, MatchKind Kind, double Score)> VerdictsOf(NearDupIndex index, IEnumerable<(string Id, string Text)> queries) =>
        queries.SelectMany(d => index.Query(d.Text, "q-" + d.Id).Select(v => ("q-" + d.Id, v.A, v.Kind, v.Score))).ToList();

    private void CompactedWith(IEnumerable<(string Id, string Text)> documents)
    {
        using NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "mapped test");
        index.AddBatch(documents.ToArray());
        index.Compact();
    }

    /// <summary>The same adds and removes in an index that keeps everything in memory: the oracle.</summary>
    private static NearDupIndex InMemory(bool withLater, bool withRemovals)
    {
        NearDupIndex index = NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)));
        index.AddBatch(MappedFirst);
        if (withLater)
        {
            index.AddBatch(MappedLater);
        }

        if (withRemovals)
        {
            index.Remove(MappedRemoved);
        }

        return index;
    }

    [Test]
    public void Reopen_AfterCompaction_ReadsThePassageTablesInPlaceFromTheMappedImage()
    {
        CompactedWith(MappedFirst);

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(PassageImage(reopened), Is.EqualTo((true, 0)));
    }

    [Test]
    public void Reopen_Mapped_AnswersEveryQueryAsTheIndexInMemory()
    {
        CompactedWith(MappedFirst);
        using NearDupIndex memory = InMemory(withLater: false, withRemovals: false);

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(VerdictsOf(reopened, ManyDocuments.Value[..1_500]), Is.EqualTo(VerdictsOf(memory, ManyDocuments.Value[..1_500])));
    }

    [Test]
    public void AddAndRemove_AfterAMappedReopen_AnswerAsTheIndexInMemoryThatDidTheSame()
    {
        CompactedWith(MappedFirst);
        using NearDupIndex memory = InMemory(withLater: true, withRemovals: true);
        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        reopened.AddBatch(MappedLater);
        reopened.Remove(MappedRemoved);

        Assert.That(PassageImage(reopened).Changes, Is.GreaterThan(0), "the later documents are in the overlay");
        Assert.That(VerdictsOf(reopened, ManyDocuments.Value[..1_500]), Is.EqualTo(VerdictsOf(memory, ManyDocuments.Value[..1_500])));
    }

    [Test]
    public void Compact_AfterAddsToAMappedIndex_FoldsTheOverlayIntoTheNewImageAndAnswersAsBefore()
    {
        CompactedWith(MappedFirst);
        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        reopened.AddBatch(MappedLater);
        List<(string, string, MatchKind, double)> before = VerdictsOf(reopened, ManyDocuments.Value[..1_500]);

        reopened.Compact();

        Assert.That(PassageImage(reopened), Is.EqualTo((true, 0)), "mapped from the new snapshot, nothing left to replay");
        Assert.That(VerdictsOf(reopened, ManyDocuments.Value[..1_500]), Is.EqualTo(before));
    }

    [Test]
    public void Compact_OfAnIndexBuiltInMemory_ReadsThePassageTablesFromTheImageItWrote()
    {
        using NearDupIndex index = NearDupIndex.Open(CreateStore(Directory), source: "mapped test");
        index.AddBatch(MappedFirst);
        List<(string, string, MatchKind, double)> before = VerdictsOf(index, ManyDocuments.Value[..1_500]);

        index.Compact();

        Assert.That(PassageImage(index), Is.EqualTo((true, 0)));
        Assert.That(VerdictsOf(index, ManyDocuments.Value[..1_500]), Is.EqualTo(before));
    }

    /// <summary>The word passages' part of the compacted snapshot's image, and where the image starts in the file.</summary>
    private (ImagePart Part, long ImageAt) WordPassagesPart()
    {
        SectionSpan image = SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None).Image!.Value;
        using SafeFileHandle handle = File.OpenHandle(SnapshotPath);
        return (ImageDirectory.Read(new ImageFile(handle, image.Offset, image.Length, SnapshotPath), CandidateIndex.ImageParts.Length + 1, blocks: true).Parts[3], image.Offset);
    }

    /// <summary>An offset of the image in the middle of the word passages' table (four i32 fields and the table's u64
    /// count come first): a block no field an open reads lies in, once the table spans a few blocks.</summary>
    private long MiddleOfTheWordPassagesTable(ImagePart part, long imageAt)
    {
        byte[] count = new byte[8];
        using (FileStream file = File.OpenRead(SnapshotPath))
        {
            file.Position = imageAt + part.Start + 16;
            file.ReadExactly(count);
        }

        long slots = BitConverter.ToInt64(count);
        Assert.That(slots * 12, Is.GreaterThan(2 * ImageBlocks.Size), "the middle lies a block away from both ends");
        return part.Start + 24 + (slots * 12 / 2);
    }

    [Test]
    public void Reopen_WithADamagedWordPassagesHeader_IsCaughtAtOpenNamingTheFileAndPart_AndBuildsFromTheDocuments()
    {
        CompactedWith(MappedFirst);
        List<(string, string, MatchKind, double)> rebuilt = VerdictsWithoutImage();
        (ImagePart part, long imageAt) = WordPassagesPart();

        DamagedFiles.FlipByte(SnapshotPath, imageAt + part.Start); // the slot count in use: a field the open reads

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        long block = (part.Start >> ImageBlocks.Shift) << ImageBlocks.Shift;
        Assert.That(reopened.Recovery.Messages, Has.One.Contains(SnapshotPath).And.Contains("word passages").And.Contains($"block at offset {imageAt + block}"));
        Assert.That(PassageImage(reopened).Mapped, Is.False);
        Assert.That(VerdictsOf(reopened, ChunkedDocuments), Is.EqualTo(rebuilt));
    }

    [Test]
    public void Reopen_WithADamagedPostingsBlock_OpensFromTheImage_AndNoQueryAnswersWrong_OnFourThreads()
    {
        CompactedWith(MappedFirst);
        using NearDupIndex memory = InMemory(withLater: false, withRemovals: false);
        (ImagePart part, long imageAt) = WordPassagesPart();
        long damagedAt = MiddleOfTheWordPassagesTable(part, imageAt);
        DamagedFiles.FlipByte(SnapshotPath, imageAt + damagedAt);
        (string Id, string Text)[] queries = ManyDocuments.Value[..1_500];
        var expected = queries.Select(q => VerdictsOf(memory, [q])).ToArray();

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        var outcomes = new string?[queries.Length]; // null: answered as the index in memory
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            try
            {
                List<(string, string, MatchKind, double)> got = VerdictsOf(reopened, [queries[i]]);
                outcomes[i] = got.SequenceEqual(expected[i]) ? null : $"{queries[i].Id}: a wrong answer";
            }
            catch (NearDupFormatException e)
            {
                outcomes[i] = e.Message;
            }
            catch (Exception e)
            {
                outcomes[i] = $"{queries[i].Id}: {e.GetType().Name}: {e.Message}";
            }
        });

        long block = (damagedAt >> ImageBlocks.Shift) << ImageBlocks.Shift;
        string named = $"{SnapshotPath}: section CIMG image part 3 (word passages) checksum mismatch in the";
        Assert.That(PassageImage(reopened).Mapped, Is.True, "the damage is not read at open");
        Assert.That(outcomes.Where(o => o is not null && !(o.StartsWith(named, StringComparison.Ordinal) && o.Contains($"block at offset {imageAt + block}"))), Is.Empty);
        Assert.That(outcomes.Count(o => o is null), Is.GreaterThan(0), "queries that do not read the block still answer");
    }

    [Test]
    public void Compact_OfAMappedIndexWithADamagedBlock_BuildsTheStructuresFromTheDocuments_AndTheNewImageAnswersAsBefore()
    {
        CompactedWith(MappedFirst);
        using NearDupIndex memory = InMemory(withLater: false, withRemovals: false);
        (ImagePart part, long imageAt) = WordPassagesPart();
        DamagedFiles.FlipByte(SnapshotPath, imageAt + MiddleOfTheWordPassagesTable(part, imageAt));
        using (NearDupIndex damaged = NearDupIndex.Open(Directory))
        {
            damaged.Compact(); // the damaged table is not copied into the new image
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);

        Assert.That(NearDupIndex.VerifyFiles(Directory), Is.Empty);
        Assert.That(PassageImage(reopened), Is.EqualTo((true, 0)));
        Assert.That(VerdictsOf(reopened, ManyDocuments.Value[..1_500]), Is.EqualTo(VerdictsOf(memory, ManyDocuments.Value[..1_500])));
    }

    [TestCase("index-options4-snapshot2-wal2-payload3-image4", true)]
    [TestCase("index-options4-snapshot2-wal2-payload3-image3", false)]
    public void TheGoldenIndexWithAPartedImage_ReadsItsPassageTablesInPlace(string name, bool checkedWhenRead)
    {
        string golden = Path.Combine(GoldenFiles.OutputDirectory, name);
        var loader = new IndexLoader(new ResidentTable(GoldenFiles.Options, "golden"), new DocumentAnalyzer(GoldenFiles.Options.Analysis));
        string snapshot = Path.Combine(golden, "snapshot.ndup");
        SectionSpan image = SnapshotFile.Read(snapshot, readDocuments: false, null, CancellationToken.None).Image!.Value;

        using (SnapshotTexts texts = SnapshotTexts.Open(snapshot))
        {
            Assert.That(SnapshotFile.ReadImage(texts, image, loader), Is.EqualTo(StructureImageUse.Complete));
        }

        Assert.That(loader.Table.MapsImage && loader.Table.Candidates.PassagesMapped, Is.True);
        Assert.That(loader.Table.ChecksBlocksWhenRead, Is.EqualTo(checkedWhenRead), "version 4 leaves the passage tables' blocks to be checked when read; version 3 hashed them at open");
        loader.Table.Dispose();
    }

    [Test]
    public void Compact_OfAMappedIndex_UnmapsTheReplacedSnapshot_AndDisposeUnmapsTheNewOne()
    {
        Assume.That(OperatingSystem.IsLinux(), "reads /proc/self/maps");
        CompactedWith(MappedFirst);
        using (NearDupIndex reopened = NearDupIndex.Open(Directory))
        {
            Assert.That(MappedSnapshots(), Is.EqualTo(new[] { SnapshotPath }), "the open snapshot's image");
            reopened.AddBatch(MappedLater);
            reopened.Compact();
            Assert.That(MappedSnapshots(), Is.EqualTo(new[] { SnapshotPath }), "the new snapshot only: the replaced one is unmapped");
        }

        Assert.That(MappedSnapshots(), Is.Empty);
    }

    /// <summary>The files of this test's directory the process maps ("(deleted)" for a replaced one), each once.</summary>
    private List<string> MappedSnapshots() =>
        File.ReadAllLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is int at and >= 0 ? line[at..] : "")
            .Where(path => path.StartsWith(Directory, StringComparison.Ordinal))
            .Distinct()
            .ToList();
}
