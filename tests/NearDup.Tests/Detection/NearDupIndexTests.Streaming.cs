using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>Opening from a store that streams: more documents than one decoding chunk (4,096), and damage found late.</summary>
public partial class NearDupIndexTests
{
    /// <summary>4,500 short texts of seeded random words, so a reopen decodes one full chunk while the store is still reading.</summary>
    private static readonly Lazy<(string Id, string Text)[]> ManyDocuments = new(() =>
    {
        var random = new Random(4500);
        return Enumerable.Range(0, 4_500)
            .Select(i => ($"doc-{i:D4}", string.Join(' ', Enumerable.Range(0, 40).Select(_ => "w" + random.Next(3_000)))))
            .ToArray();
    });

    [Test]
    public void Open_MoreDocumentsThanOneDecodingChunk_KeepsEveryDocumentAndFindsTheLast()
    {
        (string Id, string Text)[] documents = ManyDocuments.Value;
        using (NearDupIndex index = NearDupIndex.Create(Directory))
        {
            index.AddBatch(documents);
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(reopened.Count, Is.EqualTo(documents.Length));
        Assert.That(documents.Where(d => !reopened.Contains(d.Id)), Is.Empty);
        Assert.That(
            reopened.Query(documents[^1].Text).Select(v => (v.A, v.Kind)).First(),
            Is.EqualTo((documents[^1].Id, MatchKind.Exact)));
    }

    /// <summary>
    /// The first snapshot payload's version byte is changed, so it fails to decode while the store is still streaming
    /// (it is in the first full chunk); the store's checksum, found at the end of the section, is the real cause and
    /// must be what the caller sees.
    /// </summary>
    [Test]
    public void Open_SnapshotPayloadDamagedInTheFirstChunk_ReportsTheSnapshotChecksumRatherThanThePayload()
    {
        (string Id, string Text)[] documents = ManyDocuments.Value;
        using (NearDupIndex index = NearDupIndex.Create(Directory))
        {
            index.AddBatch(documents);
            index.Compact();
        }

        // Header 44; IDNT: tag 4, length 8, identity 16, checksum 8; OPTS: tag 4, length 8, options, checksum 8; DOCS:
        // tag 4, length 8, count 4; then u16 id length, the id, u32 payload length and the payload, whose first byte is
        // its version.
        byte[] snapshot = File.ReadAllBytes(SnapshotPath);
        const int OptionsAt = 44 + 12 + 16 + 8;
        int options = (int)BinaryPrimitives.ReadUInt64LittleEndian(snapshot.AsSpan(OptionsAt + 4));
        int firstDocument = OptionsAt + 12 + options + 8 + 12 + 4;
        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(snapshot.AsSpan(firstDocument));
        Assert.That(Encoding.UTF8.GetString(snapshot, firstDocument + 2, idLength), Is.EqualTo(documents[0].Id));
        snapshot[firstDocument + 2 + idLength + 4] = 0x7F;
        File.WriteAllBytes(SnapshotPath, snapshot);

        // Through a store that keeps no image, so that the open reads every payload (an open from the image reads none).
        Assert.That(
            () => OpenWithoutImage(),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("snapshot.ndup").And.Message.Contains("section DOCS checksum mismatch"));
        Assert.That(() => OpenWithoutImage().Dispose(), Throws.TypeOf<NearDupFormatException>(), "the lock was released");
    }
}
