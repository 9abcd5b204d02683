using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// The table image of version 2 (<see cref="ResidentTable.WriteImage"/>, <see cref="ResidentTable.ReadImage"/>): the
/// records and ids it holds give back every document as the table held it, its texts read from the file where the
/// snapshot put them; a cut image is a <see cref="NearDupFormatException"/> at every length, a record pointing past the
/// file is refused, and an image of a newer version is passed over.
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

    private static ResidentTable? Read(byte[] image, SnapshotTexts texts, int length = -1) =>
        ResidentTable.ReadImage(IndexOptions.Default, Source, new MemoryStream(image, 0, length < 0 ? image.Length : length), length < 0 ? image.Length : length, texts, out _);

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
        var wrong = new List<string>();
        for (int cut = 0; cut < image.Length; cut += cut < 2_048 ? 1 : 97)
        {
            try
            {
                Read(image, texts, cut);
                wrong.Add($"cut at {cut}: no exception");
            }
            catch (NearDupFormatException)
            {
            }
            catch (Exception e)
            {
                wrong.Add($"cut at {cut}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.That(wrong, Is.Empty);
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
    public void ANewerVersion_IsPassedOver()
    {
        (_, byte[] image, _) = Written();
        BinaryPrimitives.WriteUInt32LittleEndian(image, 3);
        using SnapshotTexts texts = SnapshotTexts.Open(_file);

        Assert.That(Read(image, texts), Is.Null);
    }
}
