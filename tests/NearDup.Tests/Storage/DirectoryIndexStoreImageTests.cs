using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// The structure image a compaction may write after the snapshot's documents (<see cref="IStructureImageStore"/>): where
/// it goes, that readers that do not ask for it see the snapshot as before, that a load offers it before the documents
/// and then numbers them, and that a damaged image costs nothing but itself.
/// </summary>
public class DirectoryIndexStoreImageTests : StoreTestBase
{
    private static readonly byte[] Image = Enumerable.Range(0, 5_000).Select(i => (byte)(i * 31 + 7)).ToArray();

    /// <summary>Records what a load offers it; takes the image unless told not to.</summary>
    private sealed class Reader(bool take = true) : IStructureImageReader
    {
        public byte[]? Read { get; private set; }

        public bool Discarded { get; private set; }

        StructureImageUse IStructureImageReader.Read(Stream input, ImageFile file, SnapshotTexts snapshot, out bool checkedItself)
        {
            checkedItself = false;
            var bytes = new byte[file.Length];
            input.ReadExactly(bytes);
            Read = bytes;
            return take ? StructureImageUse.NeedsRecords : StructureImageUse.Declined;
        }

        public bool Holds(string id) => false;

        public int PayloadHead => 1;

        /// <summary>Two bytes of every snapshot payload.</summary>
        public int PayloadPrefix(ReadOnlySpan<byte> head) => 2;

        public void Discard() => Discarded = true;
    }

    private static void WriteImage(Stream output, ReadOnlySpan<long> payloadOffsets) => output.Write(Image);

    private DirectoryIndexStore CompactedWithImage(params StoreOperation[] after)
    {
        var store = DirectoryIndexStore.Create(Directory, OptionsBlob);
        store.Commit(new[] { Add("alpha", "one"), Add("beta", "two"), Add("gamma", "three") });
        ((IStructureImageStore)store).CompactAsync(Load(store), WriteImage, ReadOnlyMemory<byte>.Empty).AsTask().GetAwaiter().GetResult();
        if (after.Length > 0)
        {
            store.Commit(after);
        }

        return store;
    }

    private static List<StoredDocument> LoadWith(DirectoryIndexStore store, IStructureImageReader reader, out RecoveryReport report)
    {
        var documents = new List<StoredDocument>();
        report = ((IStructureImageStore)store).LoadAsync(documents.Add, reader).AsTask().GetAwaiter().GetResult();
        return documents;
    }

    [Test]
    public void The_image_payload_starts_aligned_and_holds_the_bytes_written()
    {
        using DirectoryIndexStore store = CompactedWithImage();
        SnapshotContents contents = SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None);

        Assert.That(contents.Image, Is.Not.Null);
        Assert.That(contents.Image!.Value.Offset % StoreFormat.ImageAlignment, Is.Zero);
        Assert.That(contents.Image.Value.Length, Is.EqualTo(Image.Length));
        Assert.That(File.ReadAllBytes(SnapshotPath).AsSpan((int)contents.Image.Value.Offset, Image.Length).ToArray(), Is.EqualTo(Image));
    }

    [Test]
    public void A_load_without_a_reader_sees_the_documents_as_before_and_unnumbered()
    {
        using DirectoryIndexStore store = CompactedWithImage();

        List<StoredDocument> documents = Load(store);

        Assert.That(Describe(documents), Is.EqualTo(new[] { "alpha=one", "beta=two", "gamma=three" }));
        Assert.That(documents.Select(d => d.SnapshotOrdinal), Is.All.EqualTo(-1));
        Assert.That(store.Verify(), Is.Empty);
    }

    [Test]
    public void A_reader_gets_the_image_and_then_the_documents_numbered_by_their_place_in_the_snapshot()
    {
        using DirectoryIndexStore store = CompactedWithImage(Add("delta", "four"), Add("epsilon", "five"), Remove("epsilon"));
        var reader = new Reader();

        List<StoredDocument> documents = LoadWith(store, reader, out RecoveryReport report);

        Assert.That(reader.Read, Is.EqualTo(Image));
        Assert.That(documents.Select(d => (d.Id, d.SnapshotOrdinal)), Is.EqualTo(new[] { ("alpha", 0), ("beta", 1), ("gamma", 2), ("delta", -1) }));
        Assert.That(Describe(documents), Is.EqualTo(new[] { "alpha=on", "beta=tw", "gamma=th", "delta=four" }), "snapshot payloads cut to the prefix asked for");
        Assert.That(report.Messages, Is.Empty);
    }

    [Test]
    public void A_log_that_removes_a_snapshot_document_keeps_the_image_from_the_reader()
    {
        using DirectoryIndexStore store = CompactedWithImage(Remove("beta"), Add("delta", "four"));
        var reader = new Reader();

        List<StoredDocument> documents = LoadWith(store, reader, out RecoveryReport report);

        Assert.That(reader.Read, Is.Null);
        Assert.That(Describe(documents), Is.EqualTo(new[] { "alpha=one", "gamma=three", "delta=four" }));
        Assert.That(documents.Select(d => d.SnapshotOrdinal), Is.All.EqualTo(-1));
        Assert.That(report.Messages, Is.Empty);
    }

    [Test]
    public void A_document_the_log_replaced_in_place_comes_marked_replaced()
    {
        using DirectoryIndexStore store = CompactedWithImage(Add("beta", "two again"));

        List<StoredDocument> documents = LoadWith(store, new Reader(), out _);

        Assert.That(documents.Select(d => (d.Id, d.SnapshotOrdinal, d.Replaced)), Is.EqualTo(new[] { ("alpha", 0, false), ("beta", 1, true), ("gamma", 2, false) }));
        Assert.That(Describe(documents)[1], Is.EqualTo("beta=two again"));
    }

    [Test]
    public void A_reader_that_declines_the_image_gets_the_documents_unnumbered()
    {
        using DirectoryIndexStore store = CompactedWithImage();

        List<StoredDocument> documents = LoadWith(store, new Reader(take: false), out _);

        Assert.That(documents.Select(d => d.SnapshotOrdinal), Is.All.EqualTo(-1));
    }

    [Test]
    public void A_damaged_image_is_discarded_and_reported_and_the_documents_still_load()
    {
        long offset;
        using (DirectoryIndexStore store = CompactedWithImage())
        {
            offset = SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None).Image!.Value.Offset;
        }

        byte[] bytes = File.ReadAllBytes(SnapshotPath);
        bytes[offset + 1234] ^= 0x10;
        File.WriteAllBytes(SnapshotPath, bytes);
        using DirectoryIndexStore reopened = DirectoryIndexStore.Open(Directory);
        var reader = new Reader();

        List<StoredDocument> documents = LoadWith(reopened, reader, out RecoveryReport report);

        Assert.That(reader.Discarded, Is.True);
        Assert.That(Describe(documents), Is.EqualTo(new[] { "alpha=one", "beta=two", "gamma=three" }));
        Assert.That(documents.Select(d => d.SnapshotOrdinal), Is.All.EqualTo(-1));
        Assert.That(report.Messages, Has.One.Contains("section CIMG").And.Contains("checksum mismatch"));
        Assert.That(reopened.Verify(), Has.Some.Contains("CIMG"), "index verify names the damaged section");
    }

    [Test]
    public void A_compaction_without_an_image_drops_the_old_one()
    {
        using DirectoryIndexStore store = CompactedWithImage();

        store.Compact(Load(store));

        Assert.That(SnapshotFile.Read(SnapshotPath, readDocuments: false, null, CancellationToken.None).Image, Is.Null);
    }
}
