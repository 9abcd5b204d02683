using System;
using System.Buffers.Binary;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Storage;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// The options blob's function words (version 2: a tag, then for an explicit list its count and ascending token
/// hashes; version 1: a language byte that only ever meant English). The other fields are covered by the option tests
/// of <see cref="NearDupIndexTests"/> and the golden files.
/// </summary>
public class IndexOptionsCodecTests
{
    /// <summary>Three words, so the list is 1 + 4 + 3 × 8 = 29 bytes at the end of the blob.</summary>
    private static readonly FunctionWords Listed = new(["der", "die", "das"]);

    private const int ListedBytes = 1 + 4 + (3 * 8);

    private static IndexOptions With(FunctionWords words) => new(new AnalysisOptions(functionWords: words));

    private static byte[] ListedBlob() => IndexOptionsCodec.Write(With(Listed));

    /// <summary>An older version of a blob this build writes: version 5 without its last three bytes (the analysis
    /// version and the normalisation flags) is version 2, and an English version 2 blob numbered 1 is version 1.</summary>
    private static byte[] AsVersion(byte[] blob, ushort version) => Older(blob[..^3], version);

    /// <summary>The blob of version 3 or 4 this build's version 5 blob was: without its last two bytes (the analysis
    /// version), numbered <paramref name="version"/>.</summary>
    private static byte[] AsFlagsVersion(byte[] blob, ushort version) => Older(blob[..^2], version);

    private static byte[] Older(byte[] blob, ushort version)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(blob, version);
        return blob;
    }

    private static IndexOptions Read(byte[] blob) => IndexOptionsCodec.Read(blob, "test");

    /// <summary>
    /// Every stored field away from its default, and no two fields of one type equal, so a field read into another's
    /// place (two thresholds swapped, say) changes the options read back.
    /// </summary>
    private static readonly IndexOptions NothingDefault = new(
        new AnalysisOptions(
            minHash: new MinHashParameters(MinHashFamily.KPermutation, 96, 11, new ShingleSpec(ShingleUnit.Word, 4)),
            simHash: new SimHashParameters(13, new ShingleSpec(ShingleUnit.Word, 3)),
            winnowingWindow: 9,
            spinSketch: new MinHashParameters(MinHashFamily.KPermutation, 80, 12, new ShingleSpec(ShingleUnit.Skeleton, 6)),
            spinWinnowingWindow: 5,
            functionWords: Listed),
        new VerificationOptions(
            nearDuplicateCoverage: 0.71,
            containedCoverage: 0.72,
            minPassageShare: 0.13,
            minPassageShingles: 11,
            passageGap: 2,
            minSpinRate: 0.04,
            minSpinSubstitutions: 4,
            minSpunCoverage: 0.26,
            minSpunAlignedTokens: 41,
            minSpunMatchRate: 0.46,
            minSpunContentMatchRate: 0.16,
            minSpunDensity: 0.36),
        lshThreshold: 0.55,
        minSharedFingerprints: 3,
        maxPostings: 65,
        spinLshThreshold: 0.6,
        minSharedSpinFingerprints: 6);

    /// <summary>Every field the blob stores, in its order (the degree of parallelism is not stored); function words as their hashes.</summary>
    private static object[] StoredFields(IndexOptions o)
    {
        AnalysisOptions a = o.Analysis;
        VerificationOptions v = o.Verification;
        return
        [
            a.MinHash, a.SpinSketch, a.SimHash, a.WinnowingWindow, a.SpinWinnowingWindow,
            o.LshThreshold, o.SpinLshThreshold, o.MinSharedFingerprints, o.MinSharedSpinFingerprints, o.MaxPostings,
            v.NearDuplicateCoverage, v.ContainedCoverage, v.MinPassageShare, v.MinPassageShingles, v.PassageGap, v.MinSpinRate,
            v.MinSpinSubstitutions, v.MinSpunCoverage, v.MinSpunAlignedTokens, v.MinSpunMatchRate, v.MinSpunContentMatchRate,
            v.MinSpunDensity, string.Join(',', a.FunctionWords.SortedHashes.ToArray()),
        ];
    }

    // ---- Round trip -------------------------------------------------------------------------------------------------

    [Test]
    public void RoundTrip_OptionsWithNoFieldAtItsDefault_ReadsBackEveryField()
    {
        object[] defaults = StoredFields(IndexOptions.Default);
        object[] expected = StoredFields(NothingDefault);
        Assert.That(
            Enumerable.Range(0, expected.Length).Where(i => Equals(expected[i], defaults[i])),
            Is.Empty,
            "the fixture leaves no field at its default");
        Assert.That(StoredFields(Read(IndexOptionsCodec.Write(NothingDefault))), Is.EqualTo(expected));
    }

    // ---- Writing ----------------------------------------------------------------------------------------------------

    [Test]
    public void Write_EnglishFunctionWords_EndsWithTheEnglishTagAlone()
    {
        byte[] english = IndexOptionsCodec.Write(IndexOptions.Default);
        Assert.That((english[^4], english.Length), Is.EqualTo(((byte)0, ListedBlob().Length - ListedBytes + 1)));
    }

    [Test]
    public void Write_AListEqualToEnglishMadeSeparately_IsWrittenAsTheEnglishTag()
    {
        // Compared as sets: a caller's own copy of the English list is the English list, not a custom one.
        FunctionWords copy = FunctionWords.FromSortedHashes(FunctionWords.English.SortedHashes);
        Assert.That(IndexOptionsCodec.Write(With(copy)), Is.EqualTo(IndexOptionsCodec.Write(IndexOptions.Default)));
    }

    [Test]
    public void Write_AList_EndsWithTagOneTheCountAndTheHashesAscending()
    {
        byte[] blob = ListedBlob();
        byte[] list = blob[^(ListedBytes + 3)..^3];
        ulong[] hashes = Enumerable.Range(0, 3).Select(i => BinaryPrimitives.ReadUInt64LittleEndian(list.AsSpan(5 + (8 * i), 8))).ToArray();
        Assert.That(
            (list[0], BinaryPrimitives.ReadUInt32LittleEndian(list.AsSpan(1, 4)), hashes),
            Is.EqualTo(((byte)1, 3u, new[] { "der", "die", "das" }.Select(w => Tokenizer.HashNormalized(w)).Order().ToArray())));
    }

    [Test]
    public void Write_Version_IsFive() =>
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(ListedBlob()), Is.EqualTo(5));

    [Test]
    public void Write_DefaultOptions_HaveTheFoldAndWholeTokenFlagsBeforeTheAnalysisVersion() =>
        Assert.That(IndexOptionsCodec.Write(IndexOptions.Default)[^3], Is.EqualTo(3));

    [Test]
    public void Write_OptionsThatNeitherFoldNorHashWholeTokens_HaveNoFlag() =>
        Assert.That(IndexOptionsCodec.Write(new IndexOptions(new AnalysisOptions(foldConfusables: false, hashWholeTokens: false)))[^3], Is.Zero);

    [Test]
    public void Write_EndsWithThisBuildsAnalysisVersion() =>
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(IndexOptionsCodec.Write(IndexOptions.Default).AsSpan()[^2..]), Is.EqualTo(DocumentAnalyzer.AnalysisVersion));

    [Test]
    public void Read_Version5_GivesTheAnalysisVersionItRecords()
    {
        byte[] blob = IndexOptionsCodec.Write(IndexOptions.Default);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan()[^2..], 7);
        _ = IndexOptionsCodec.Read(blob, "test", out int version);
        Assert.That(version, Is.EqualTo(7));
    }

    [Test]
    public void Read_Version4Blob_RecordsNoAnalysisVersion()
    {
        IndexOptions read = IndexOptionsCodec.Read(AsFlagsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 4), "test", out int version);
        Assert.That((version, read.Analysis.HashWholeTokens, read.Analysis.FoldConfusables), Is.EqualTo((IndexOptionsCodec.UnrecordedAnalysisVersion, true, true)));
    }

    [Test]
    public void Read_Version5WithoutItsAnalysisVersion_ThrowsNamingIt()
    {
        byte[] blob = IndexOptionsCodec.Write(IndexOptions.Default)[..^1];
        Assert.That(() => Read(blob), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("analysis version"));
    }

    [Test]
    public void Read_Version5WithAnUnknownNormalisationFlag_ThrowsNamingIt()
    {
        byte[] blob = IndexOptionsCodec.Write(IndexOptions.Default);
        blob[^3] = 7;
        Assert.That(() => Read(blob), Throws.TypeOf<NearDupFormatException>().With.Message.Contains($"normalisation flags 7 at offset {blob.Length - 3}"));
    }

    [Test]
    public void Read_Version4WithAnUnknownNormalisationFlag_ThrowsNamingIt()
    {
        byte[] blob = AsFlagsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 4);
        blob[^1] = 7;
        Assert.That(() => Read(blob), Throws.TypeOf<NearDupFormatException>().With.Message.Contains($"normalisation flags 7 at offset {blob.Length - 1}"));
    }

    [Test]
    public void Read_Version3WithTheWholeTokenFlag_ThrowsAsVersion3DoesNotDefineIt()
    {
        byte[] blob = AsFlagsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 3); // flags 3: fold, and whole tokens
        Assert.That(() => Read(blob), Throws.TypeOf<NearDupFormatException>().With.Message.Contains($"normalisation flags 3 at offset {blob.Length - 1}"));
    }

    [Test]
    public void Read_Version3Blob_DoesNotHashLongWordsWhole()
    {
        byte[] blob = AsFlagsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 3);
        blob[^1] = 1;
        Assert.That(Read(blob).Analysis.HashWholeTokens, Is.False);
    }

    [Test]
    public void Read_Version2Blob_DoesNotFoldLookAlikeLetters() =>
        Assert.That(Read(AsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 2)).Analysis.FoldConfusables, Is.False);

    // ---- Reading ----------------------------------------------------------------------------------------------------

    [Test]
    public void Read_Version2List_RebuildsTheSameFunctionWords()
    {
        FunctionWords read = Read(ListedBlob()).Analysis.FunctionWords;
        Assert.That((read.SetEquals(Listed), read.Count, read.Contains(Tokenizer.HashNormalized("die"))), Is.EqualTo((true, 3, true)));
    }

    [Test]
    public void Read_Version2List_WritesBackToTheSameBlob() =>
        Assert.That(IndexOptionsCodec.Write(Read(ListedBlob())), Is.EqualTo(ListedBlob()));

    [Test]
    public void Read_Version2EmptyList_GivesNoFunctionWords() =>
        Assert.That(Read(IndexOptionsCodec.Write(With(new FunctionWords([])))).Analysis.FunctionWords.Count, Is.Zero);

    [Test]
    public void Read_Version2EnglishTag_GivesTheBuiltInEnglishList() =>
        Assert.That(Read(IndexOptionsCodec.Write(IndexOptions.Default)).Analysis.FunctionWords, Is.SameAs(FunctionWords.English));

    [Test]
    public void Read_Version1Blob_ReadsFunctionWordsAsEnglish()
    {
        // Version 1 has the same layout up to its last byte, the language, always 0: an English version 2 blob with
        // the version number set back to 1 is a version 1 blob (golden file options-v1.bin is one, byte for byte).
        byte[] blob = AsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 1);
        Assert.That(Read(blob).Analysis.FunctionWords.SetEquals(FunctionWords.English), Is.True);
    }

    [Test]
    public void Read_Version1WithAnotherLanguage_ThrowsNamingTheLanguage()
    {
        byte[] blob = AsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 1);
        blob[^1] = 1;
        Assert.That(() => Read(blob), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("function-word language 1"));
    }

    [TestCase((byte)2)]
    [TestCase((byte)255)]
    public void Read_Version2WithAnUnknownTag_ThrowsNamingTheTagAndItsOffset(byte tag)
    {
        byte[] blob = AsVersion(IndexOptionsCodec.Write(IndexOptions.Default), 2);
        blob[^1] = tag;
        Assert.That(
            () => Read(blob),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains($"function-word tag {tag} at offset {blob.Length - 1}"));
    }

    [Test]
    public void Read_Version2ListMissingItsLastByte_ThrowsNamingTheFunctionWordHashes()
    {
        byte[] blob = AsVersion(ListedBlob(), 2)[..^1];
        Assert.That(
            () => Read(blob),
            Throws.TypeOf<NearDupFormatException>()
                .With.Message.Contains("options format 2 claims 3 function-word hashes (24 bytes)").And.Message.Contains("only 23 bytes follow"));
    }

    [Test]
    public void Read_Version2ListTruncatedAtEveryLength_ThrowsNearDupFormatException()
    {
        byte[] blob = ListedBlob();
        Assert.Multiple(() =>
        {
            for (int length = blob.Length - ListedBytes; length < blob.Length; length++)
            {
                byte[] cut = blob[..length];
                Assert.That(() => Read(cut), Throws.TypeOf<NearDupFormatException>(), $"cut to {length} of {blob.Length} bytes");
            }
        });
    }

    [Test]
    public void Read_Version2ListWithAHugeCount_ThrowsBeforeAllocating()
    {
        byte[] blob = AsVersion(ListedBlob(), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(blob.Length - ListedBytes + 1), uint.MaxValue);
        Assert.That(
            () => Read(blob),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("4294967295 function-word hashes").And.Message.Contains("only 24 bytes follow"));
    }

    [Test]
    public void Read_Version2ListWithHashesOutOfOrder_ThrowsSayingTheyMustAscend()
    {
        byte[] blob = AsVersion(ListedBlob(), 2);
        Span<byte> hashes = blob.AsSpan(blob.Length - 24);
        ulong first = BinaryPrimitives.ReadUInt64LittleEndian(hashes);
        BinaryPrimitives.WriteUInt64LittleEndian(hashes, BinaryPrimitives.ReadUInt64LittleEndian(hashes[8..]));
        BinaryPrimitives.WriteUInt64LittleEndian(hashes[8..], first);
        Assert.That(
            () => Read(blob),
            Throws.TypeOf<NearDupFormatException>().With.Message.Contains("invalid value").And.Message.Contains("strictly ascending"));
    }
    [Test]
    public void Write_WithoutLearnedWords_IsVersion5() =>
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(IndexOptionsCodec.Write(IndexOptions.Default)), Is.EqualTo(5));

    [Test]
    public void Write_WithLearnedWords_IsVersion6AndReadsThemBack()
    {
        IndexOptions learned = IndexOptions.Default.WithLearnedFunctionWords(Listed);
        byte[] blob = IndexOptionsCodec.Write(learned);
        IndexOptions read = IndexOptionsCodec.Read(blob, "test");
        Assert.That(
            (BinaryPrimitives.ReadUInt16LittleEndian(blob), read.Analysis.LearnedFunctionWords!.SetEquals(Listed), read.Analysis.FunctionWords.SetEquals(FunctionWords.English), blob.Length),
            Is.EqualTo(((ushort)6, true, true, IndexOptionsCodec.Write(IndexOptions.Default).Length + 4 + (3 * 8))));
    }

    [Test]
    public void Read_Version6WithAnEmptyLearnedList_ThrowsNamingIt()
    {
        // The version-5 blob with a count of 0 appended, numbered 6: version 6 is written only with learned words.
        byte[] blob = [.. IndexOptionsCodec.Write(IndexOptions.Default), 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(blob, 6);
        Assert.That(() => IndexOptionsCodec.Read(blob, "idx"), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("empty list of learned function words"));
    }

    [Test]
    public void Read_Version6WithLearnedWordsOutOfOrder_Throws()
    {
        byte[] blob = IndexOptionsCodec.Write(IndexOptions.Default.WithLearnedFunctionWords(Listed));
        // Swap the first two learned hashes (the last 24 bytes are the three of them).
        byte[] first = blob[^24..^16];
        blob[^16..^8].CopyTo(blob, blob.Length - 24);
        first.CopyTo(blob, blob.Length - 16);
        Assert.That(() => IndexOptionsCodec.Read(blob, "idx"), Throws.TypeOf<NearDupFormatException>().With.Message.Contains("not strictly ascending"));
    }
}
