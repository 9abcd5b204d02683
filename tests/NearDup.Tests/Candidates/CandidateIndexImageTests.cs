using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Candidates;

/// <summary>The candidate index's binary image (<see cref="CandidateIndex.WriteImage"/>,
/// <see cref="CandidateIndex.ReadImage"/>): a loaded index is the one written, byte for byte and answer for answer,
/// and stays so through further changes; an image of other settings is refused with null, a damaged one with a
/// <see cref="NearDupFormatException"/>.</summary>
public class CandidateIndexImageTests
{
    private const string Source = "test.image";

    private static readonly CopyKinds[] Kinds = [CopyKinds.Exact, CopyKinds.NearDuplicate, CopyKinds.Contained, CopyKinds.Spun, CopyKinds.All];

    private static CandidateSettings Settings => IndexOptions.Default.CandidateSettings;

    /// <summary>The project's generated corpus (seed 11, one copy of each kind in five documents), then 70 exact copies
    /// of its first document: more than a band table keeps in one run (32) and than a passage fingerprint keeps
    /// postings for (64), so the heavy lists and the boilerplate slots are in the image too.</summary>
    private static readonly Lazy<DocumentFingerprints[]> Corpus = new(() =>
    {
        var analyzer = new DocumentAnalyzer();
        List<string> texts = new CorpusGenerator(new CorpusOptions(700, seed: 11, exactRate: 0.05, nearDuplicateRate: 0.05, containedRate: 0.05, spunRate: 0.05))
            .Generate()
            .Select(d => Encoding.UTF8.GetString(d.Utf8))
            .ToList();
        texts.AddRange(Enumerable.Repeat(texts[0], 70));
        return texts.Select((t, i) => DocumentFingerprints.Of(analyzer.Analyze($"d{i}", t))).ToArray();
    });

    /// <summary>Unrelated originals of another seed: queries that miss.</summary>
    private static readonly Lazy<DocumentFingerprints[]> Misses = new(() =>
    {
        var analyzer = new DocumentAnalyzer();
        return new CorpusGenerator(new CorpusOptions(40, seed: 4242, exactRate: 0, nearDuplicateRate: 0, containedRate: 0, spunRate: 0))
            .Generate()
            .Select(d => DocumentFingerprints.Of(analyzer.Analyze(d.Id, Encoding.UTF8.GetString(d.Utf8))))
            .ToArray();
    });

    /// <summary>An index of the first <paramref name="count"/> documents: most in bulk, the rest one by one (so the
    /// passage indexes hold both packed and appended postings).</summary>
    private static CandidateIndex Build(int count)
    {
        var index = new CandidateIndex(Settings);
        DocumentFingerprints[] documents = Corpus.Value;
        int bulk = count * 3 / 4;
        index.AddRange(documents[..bulk], bulk: true);
        index.PackPassages();
        for (int i = bulk; i < count; i++)
        {
            index.Add(documents[i]);
        }

        return index;
    }

    private static byte[] Image(CandidateIndex index)
    {
        using var stream = new MemoryStream();
        index.WriteImage(stream);
        return stream.ToArray();
    }

    private static CandidateIndex? Load(byte[] image, CandidateSettings? settings = null)
    {
        using var stream = new MemoryStream(image);
        return CandidateIndex.ReadImage(settings ?? Settings, stream, image.Length, Source);
    }

    private static CandidateIndex RoundTrip(CandidateIndex index) => Load(Image(index)) ?? throw new AssertionException("the image was refused");

    /// <summary>Every lookup's keys, in order, and its count of keys for any verdict: every indexed document and some
    /// documents not indexed (hits), unrelated documents (misses), under each kind of copy alone and all together.</summary>
    private static List<string> Answers(CandidateIndex index)
    {
        var answers = new List<string>();
        var keys = new List<int>();
        foreach (DocumentFingerprints query in Corpus.Value.Concat(Misses.Value))
        {
            foreach (CopyKinds kinds in Kinds)
            {
                keys.Clear();
                int any = index.Lookup(query, kinds, keys);
                answers.Add($"{kinds}: {any} of [{string.Join(",", keys)}]");
            }
        }

        return answers;
    }

    private static void Remove(CandidateIndex index, params int[] keys)
    {
        foreach (int key in keys)
        {
            index.Remove(key);
        }
    }

    [Test]
    public void RoundTrip_ImageOfTheLoadedIndex_IsByteIdentical()
    {
        byte[] image = Image(Build(600));
        Assert.That(Image(Load(image)!), Is.EqualTo(image));
    }

    [Test]
    public void RoundTrip_LookupsOfEveryKind_AnswerAsTheOriginal()
    {
        CandidateIndex original = Build(600);
        CandidateIndex loaded = RoundTrip(original);
        Assert.That((loaded.Slots, loaded.Live), Is.EqualTo((original.Slots, original.Live)));
        Assert.That(Answers(loaded), Is.EqualTo(Answers(original)));
    }

    [Test]
    public void RoundTrip_TheCopiesOfOneDocument_AreFoundInTheLoadedIndex()
    {
        // The 70 exact copies at the end make heavy band lists and boilerplate passages: the loaded index must still
        // find every copy through the exact hash and the word LSH.
        CandidateIndex loaded = RoundTrip(Build(Corpus.Value.Length));
        var keys = new List<int>();
        loaded.Lookup(Corpus.Value[0], CopyKinds.NearDuplicate, keys);
        Assert.That(keys, Is.SupersetOf(Enumerable.Range(Corpus.Value.Length - 70, 70)));
    }

    [Test]
    public void AfterLoading_TheSameAddsRemovesAndPacking_GiveIdenticalImagesAndAnswers()
    {
        CandidateIndex original = Build(500);
        CandidateIndex loaded = RoundTrip(original);
        foreach (CandidateIndex index in new[] { original, loaded })
        {
            DocumentFingerprints[] documents = Corpus.Value;
            index.AddRange(documents[500..600], bulk: false);
            Remove(index, 3, 77, 501, 599);
            index.AddRange(documents[600..], bulk: true);
            index.PackPassages();
            index.Add(documents[1]);
            Remove(index, 0, 600);
        }

        Assert.That(Image(loaded), Is.EqualTo(Image(original)));
        Assert.That(Answers(loaded), Is.EqualTo(Answers(original)));
    }

    [Test]
    public void IndexWithRemovedDocuments_RoundTripsByteForByte()
    {
        CandidateIndex original = Build(600);
        Remove(original, 0, 1, 2, 10, 100, 250, 599);
        byte[] image = Image(original);
        CandidateIndex loaded = Load(image)!;
        Assert.That(Image(loaded), Is.EqualTo(image));
    }

    [Test]
    public void IndexWithRemovedDocuments_LoadedIndexSkipsThemAsTheOriginalDoes()
    {
        CandidateIndex original = Build(600);
        Remove(original, 0, 1, 2, 10, 100, 250, 599);
        CandidateIndex loaded = RoundTrip(original);
        Assert.That((loaded.Live, loaded.IsLive(10), loaded.IsLive(11)), Is.EqualTo((original.Live, false, true)));
        Assert.That(Answers(loaded), Is.EqualTo(Answers(original)));
    }

    [Test]
    public void EmptyIndex_RoundTripsByteForByteAndFindsNothing()
    {
        var empty = new CandidateIndex(Settings);
        byte[] image = Image(empty);
        CandidateIndex loaded = Load(image)!;
        Assert.That(Image(loaded), Is.EqualTo(image));
        Assert.That(Answers(loaded).All(a => a.EndsWith(": 0 of []", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void EmptyIndex_LoadedIndexTakesDocumentsAsAFreshOneDoes()
    {
        CandidateIndex fresh = new(Settings), loaded = RoundTrip(new CandidateIndex(Settings));
        foreach (CandidateIndex index in new[] { fresh, loaded })
        {
            index.AddRange(Corpus.Value[..100], bulk: false);
        }

        Assert.That(Image(loaded), Is.EqualTo(Image(fresh)));
    }

    [TestCase(0.6, 2, 64, TestName = "OtherSettings_AnotherLshThreshold_ReturnNull")]
    [TestCase(0.5, 3, 64, TestName = "OtherSettings_AnotherGateCount_ReturnNull")]
    [TestCase(0.5, 2, 32, TestName = "OtherSettings_AnotherBoilerplateCap_ReturnNull")]
    public void OtherSettings_ReturnNull(double lshThreshold, int minShared, int maxPostings)
    {
        var other = new IndexOptions(lshThreshold: lshThreshold, minSharedFingerprints: minShared, maxPostings: maxPostings).CandidateSettings;
        Assert.That(Load(Image(Build(50)), other), Is.Null);
    }

    [Test]
    public void Damage_TruncatedImage_ThrowsNearDupFormatExceptionAtEveryCut()
    {
        byte[] image = Image(Build(20));
        var wrong = new List<string>();
        for (int cut = 0; cut < image.Length; cut += cut < 64 ? 1 : 61)
        {
            string? problem = Fails(image.AsSpan(0, cut).ToArray());
            if (problem is not null)
            {
                wrong.Add($"cut at {cut}: {problem}");
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void Damage_StreamShorterThanTheLengthGiven_ThrowsNearDupFormatException()
    {
        byte[] image = Image(Build(20));
        using var stream = new MemoryStream(image, 0, image.Length / 2);
        var e = Assert.Throws<NearDupFormatException>(() => CandidateIndex.ReadImage(Settings, stream, image.Length, Source));
        Assert.That(e!.Message, Does.StartWith(Source + ": candidate image stream ended"));
    }

    [Test]
    public void Damage_EntryCountSetHuge_ThrowsBeforeAllocating()
    {
        byte[] image = Image(Build(20));
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(24), ulong.MaxValue / 3); // the entries' count follows the 24-byte header
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<NearDupFormatException>(() => Load(image));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
        Assert.That(e!.Message, Does.Contain("entries").And.Contain("at offset 32"));
    }

    [Test]
    public void Damage_EveryLengthFieldSetHuge_ThrowsNearDupFormatExceptionWithoutALargeAllocation()
    {
        // Every aligned u64 that holds a small count is a candidate length field (array counts are such words); set each
        // in turn to a huge value.
        byte[] image = Image(Build(20));
        var wrong = new List<string>();
        for (int at = 24; at + 8 <= image.Length; at += 8)
        {
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(at));
            if (value == 0 || value > 1 << 20)
            {
                continue;
            }

            byte[] damaged = (byte[])image.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(damaged.AsSpan(at), 0x7FFF_FFFF);
            long before = GC.GetAllocatedBytesForCurrentThread();
            string? problem = Fails(damaged, mayLoad: true);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (problem is not null || allocated > 4L * image.Length + (1 << 20))
            {
                wrong.Add($"offset {at}: {problem ?? $"allocated {allocated} bytes"}");
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void Damage_FlippedMagic_ThrowsNearDupFormatException()
    {
        byte[] image = Image(Build(20));
        image[3] ^= 0x20;
        var e = Assert.Throws<NearDupFormatException>(() => Load(image));
        Assert.That(e!.Message, Does.StartWith(Source + ": candidate image field magic at offset 0"));
    }

    [Test]
    public void Damage_NewerVersion_ThrowsNearDupFormatExceptionSayingSo()
    {
        byte[] image = Image(Build(20));
        image[8] = 2;
        var e = Assert.Throws<NearDupFormatException>(() => Load(image));
        Assert.That(e!.Message, Does.Contain("newer than this build"));
    }

    [Test]
    public void Damage_EveryByteFlipped_IsANearDupFormatExceptionOrALoadNeverAnotherException()
    {
        // Without its checksum an image cannot tell every flip (a flipped fingerprint is still a fingerprint), but no flip
        // may end in another exception: an index out of range, an overflow, a huge allocation.
        byte[] image = Image(Build(3));
        var wrong = new List<string>();
        for (int at = 0; at < image.Length; at++)
        {
            foreach (byte bit in (ReadOnlySpan<byte>)[0x01, 0x80])
            {
                byte[] damaged = (byte[])image.Clone();
                damaged[at] ^= bit;
                string? problem = Fails(damaged, mayLoad: true);
                if (problem is not null)
                {
                    wrong.Add($"byte {at} ^ {bit:x2}: {problem}");
                }
            }
        }

        Assert.That(wrong.Take(10), Is.Empty);
    }

    [Test]
    public void Damage_BytesAfterTheImage_ThrowNearDupFormatException()
    {
        byte[] image = [.. Image(Build(20)), 0];
        var e = Assert.Throws<NearDupFormatException>(() => Load(image));
        Assert.That(e!.Message, Does.Contain("1 unexpected bytes"));
    }

    /// <summary>What is wrong with reading <paramref name="image"/>: null when it throws a
    /// <see cref="NearDupFormatException"/> naming the source (or, with <paramref name="mayLoad"/>, loads or is refused).</summary>
    private static string? Fails(byte[] image, bool mayLoad = false)
    {
        try
        {
            Load(image);
            return mayLoad ? null : "no exception";
        }
        catch (NearDupFormatException e)
        {
            return e.Message.StartsWith(Source + ": candidate image ", StringComparison.Ordinal) ? null : $"message {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
