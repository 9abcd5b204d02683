using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Win32.SafeHandles;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// The table image of version 4 (<see cref="ResidentTable.WriteImage"/>, <see cref="ResidentTable.ReadImage"/>): the
/// records and ids it holds give back every document as the table held it, its texts read from the file where the
/// snapshot put them; its parts, read side by side from the file, are checked by their own checksums, the passage
/// tables read in place block by block when first read; a cut image and a changed byte are a
/// <see cref="NearDupFormatException"/> (at open, or when the damaged block is read), a record pointing past the file is
/// refused, and an image of a newer version is passed over.
/// </summary>
public class ResidentTableImageTests
{
    private const string Source = "table.image";

    private static readonly (string Id, string Text)[] Documents =
    [
        ("harbour", SpinTexts.Harbour), ("orchard", SpinTexts.Orchard), ("flood", SpinTexts.FloodReport),
        ("lighthouse", TestTexts.Lighthouse), ("sourdough", TestTexts.Sourdough), ("bees", TestTexts.BeesOne),
        ("é-ñ-ü", TestTexts.Lighthouse + " and one more sentence about the harbour lights"),
    ];

    private string _directory = "";
    private string _file = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "neardup-table-image-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _file = Path.Combine(_directory, "texts.bin");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    /// <summary>A table of <see cref="Documents"/> with "flood" removed, its image, and a file holding every live
    /// document's compressed text where the image says (as a snapshot's payloads would).</summary>
    private (ResidentTable Table, byte[] Image, long[] PayloadOffsets) Written()
    {
        var analyzer = new DocumentAnalyzer();
        var table = new ResidentTable(IndexOptions.Default, Source);
        table.AddRange(Documents.Select(d => (d.Id, StoredForm.From(analyzer.Analyze(d.Id, d.Text)))).ToList(), bulk: false);
        table.Remove("flood");

        // The texts one after another, after 64 bytes of anything: a payload's text starts TextOffset bytes in.
        var offsets = new List<long>();
        using (var file = new FileStream(_file, FileMode.Create))
        {
            file.Write(new byte[64]);
            for (int slot = 0; slot < table.Slots; slot++)
            {
                if (table.Fetch(slot) is { } d)
                {
                    offsets.Add(file.Position - DocumentPayload.TextOffset);
                    file.Write(d.CompressedText);
                }
            }
        }

        using var stream = new MemoryStream();
        table.WriteImage(stream, offsets.ToArray());
        return (table, stream.ToArray(), offsets.ToArray());
    }

    private static string Describe(Resident? d) =>
        d is null ? "removed" : $"{d.Id} {d.ExactHash:X16} {d.SimHash:X16} {d.TextBytes} {Convert.ToHexString(d.CompressedText)}";

    /// <summary>Reads the first <paramref name="length"/> bytes of an image (all by default), put in a file after
    /// <see cref="Lead"/> bytes of something else, as a snapshot holds it after its documents.</summary>
    private ResidentTable? Read(byte[] image, SnapshotTexts texts, int length = -1) => Read(image, texts, out _, length);

    private ResidentTable? Read(byte[] image, SnapshotTexts texts, out bool checkedItself, int length = -1, IndexOptions? options = null)
    {
        int n = length < 0 ? image.Length : length;
        string path = Path.Combine(_directory, "image.bin");
        File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)0xA5, Lead), .. image.AsSpan(0, n)]);
        using SafeFileHandle handle = File.OpenHandle(path);
        return ResidentTable.ReadImage(options ?? IndexOptions.Default, Source, new MemoryStream(image, 0, n), new ImageFile(handle, Lead, n, path), texts, out _, out checkedItself);
    }

    private const int Lead = 40;

    [Test]
    public void RoundTrip_GivesBackEveryRecordAndTextAndTheIds()
    {
        (ResidentTable table, byte[] image, _) = Written();
        using SnapshotTexts texts = SnapshotTexts.Open(_file);

        ResidentTable read = Read(image, texts)!;

        Assert.That((read.HoldsSnapshotRecords, read.Count, read.Slots, read.Tombstones), Is.EqualTo((true, table.Count, table.Slots, 1)));
        for (int slot = 0; slot < table.Slots; slot++)
        {
            Assert.That(Describe(read.Fetch(slot)), Is.EqualTo(Describe(table.Fetch(slot))), $"slot {slot}");
        }

        Assert.That(Documents.Select(d => read.Contains(d.Id)), Is.EqualTo(Documents.Select(d => d.Id != "flood")));
        Assert.That((read.Contains("harbou"), read.Contains("harbour "), read.Contains("\uD800")), Is.EqualTo((false, false, false)));
    }

    [Test]
    public void RoundTrip_TheReadTableWritesTheSameImage()
    {
        (_, byte[] image, long[] offsets) = Written();
        using SnapshotTexts texts = SnapshotTexts.Open(_file);
        ResidentTable read = Read(image, texts)!;

        using var again = new MemoryStream();
        read.WriteImage(again, offsets);

        Assert.That(again.ToArray(), Is.EqualTo(image));
    }

    [Test]
    public void Damage_TruncatedImage_ThrowsNearDupFormatExceptionAtEveryCut()
    {
        (_, byte[] image, _) = Written();
        using SnapshotTexts texts = SnapshotTexts.Open(_file);
        var cuts = new List<int>();
        for (int cut = 0; cut < image.Length; cut += cut < 2_048 ? 1 : 97)
        {
            cuts.Add(cut);
        }

        Assert.That(Unrejected(cuts, cut => Read(image, texts, cut), _ => true), Is.Empty);
    }

    /// <summary>The places at which a read of a damaged image did not throw a <see cref="NearDupFormatException"/> whose
    /// message <paramref name="named"/> accepts, each with what happened instead.</summary>
    private static List<string> Unrejected(IEnumerable<int> places, Action<int> read, Func<string, bool> named)
    {
        var wrong = new List<string>();
        foreach (int at in places)
        {
            try
            {
                read(at);
                wrong.Add($"{at}: no exception");
            }
            catch (NearDupFormatException e) when (named(e.Message))
            {
            }
            catch (Exception e)
            {
                wrong.Add($"{at}: {e.GetType().Name}: {e.Message}");
            }
        }

        return wrong;
    }

    [Test]
    public void Damage_TextsPastTheEndOfTheFile_AreRefusedNamingTheRecord()
    {
        (_, byte[] image, _) = Written();
        File.WriteAllBytes(_file, new byte[100]);
        using SnapshotTexts texts = SnapshotTexts.Open(_file);

        Assert.That(() => Read(image, texts), Throws.TypeOf<NearDupFormatException>().With.Message.Contains(Source).And.Message.Contains("text records[0]").And.Message.Contains("of a file of 100 bytes"));
    }

    [Test]
    public void RoundTrip_ChecksTheImageByItsOwnChecksums()
    {
        (_, byte[] image, _) = Written();
        using SnapshotTexts texts = SnapshotTexts.Open(_file);

        Assert.That(Read(image, texts, out bool checkedItself), Is.Not.Null);
        Assert.That(checkedItself, Is.True, "the store need not hash the section again");
    }

    [Test]
    public void Damage_AChangedByte_ThrowsNearDupFormatExceptionNamingTheSection()
    {
        (_, byte[] image, long[] offsets) = Written();
        using SnapshotTexts texts = SnapshotTexts.Open(_file);

        // Every byte of the header, the first records and the directory at the end, and every 61st byte between.
        var places = new List<int>();
        for (int at = 4; at < image.Length; at += at < 2_048 || at >= image.Length - 512 ? 1 : 61)
        {
            places.Add(at);
        }

        void ReadChanged(int at)
        {
            byte[] damaged = (byte[])image.Clone();
            damaged[at] ^= 0x10;
            ReadWhole(damaged, texts, offsets);
        }

        Assert.That(Unrejected(places, ReadChanged, message => message.Contains(Source) || message.Contains("section CIMG")), Is.Empty);
    }

    /// <summary>Reads an image, then every byte of it that an open leaves to be checked when read (the passage tables
    /// read in place, checked block by block): writing the table again reads them all, as a compaction does.</summary>
    private void ReadWhole(byte[] image, SnapshotTexts texts, long[] offsets)
    {
        ResidentTable? table = Read(image, texts);
        try
        {
            table?.WriteImage(Stream.Null, offsets);
        }
        finally
        {
            table?.Dispose();
        }
    }

    [Test]
    public void Damage_AChangedStructureByte_IsNamedByItsPartAndFileOffset()
    {
        (_, byte[] image, _) = Written();
        using SnapshotTexts texts = SnapshotTexts.Open(_file);
        int partsAt = (int)BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(image.Length - ImagePartWriter.TrailerSize));
        long passagesAt = BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(partsAt + (16 * 3)));

        // The word passages' slot count in use: changed, it no longer agrees with the table, or the checksum finds it.
        image[passagesAt] ^= 0x01;

        Assert.That(() => Read(image, texts), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("word passages"));
    }

    [Test]
    public void OtherCandidateSettings_ArePassedOverBeforeAnyPartIsRead()
    {
        (_, byte[] image, _) = Written();
        using SnapshotTexts texts = SnapshotTexts.Open(_file);

        // The band count differs under another threshold: a part read first would be refused as damaged, not passed over.
        Assert.That(Read(image, texts, out _, options: new IndexOptions(lshThreshold: 0.7)), Is.Null);
    }

    [Test]
    public void ANewerVersion_IsPassedOver()
    {
        (_, byte[] image, _) = Written();
        BinaryPrimitives.WriteUInt32LittleEndian(image, 5);
        using SnapshotTexts texts = SnapshotTexts.Open(_file);

        Assert.That(Read(image, texts), Is.Null);
    }
}
