using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Storage.Codecs;
using NearDup.Storage;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Storage;

/// <summary>
/// The files in <c>Golden/</c> (see its README.md): what this build reads from every one of them, and that this
/// build's writers still produce the ones of the formats it writes, byte for byte. A golden index is always opened
/// from a copy in the test's own directory, never in place.
/// </summary>
public class GoldenFileTests : StoreTestBase
{
    // Cases are passed by name: the case types are internal, and the name is what a failing test should show.
    private static IEnumerable<string> AllIndexes => GoldenFiles.Indexes.Select(i => i.Name);

    private static IEnumerable<string> WrittenIndexes => GoldenFiles.Indexes.Where(i => i.Write is not null).Select(i => i.Name);

    private static IEnumerable<string> WrittenBlobs => GoldenFiles.Blobs.Where(b => b.Write is not null).Select(b => b.Name);

    private static GoldenIndex Index(string name) => GoldenFiles.Indexes.Single(i => i.Name == name);

    private static GoldenBlob Blob(string name) => GoldenFiles.Blobs.Single(b => b.Name == name);

    private static byte[] ReadBlob(string name) => File.ReadAllBytes(Path.Combine(GoldenFiles.OutputDirectory, name));

    private NearDupIndex OpenCopy(GoldenIndex golden)
    {
        GoldenFiles.CopyIndex(golden, Directory);
        return NearDupIndex.Open(Directory);
    }

    // ---- Reading: what every golden file holds ----------------------------------------------------------------------

    [TestCase("options-v1.bin")]
    [TestCase("options-v2.bin")]
    [TestCase("options-v3.bin")]
    public void Options_read_as_the_documented_parameters(string name)
    {
        IndexOptions o = IndexOptionsCodec.Read(ReadBlob(name), name);
        Assert.That(
            (o.Analysis.MinHash.Family, o.Analysis.MinHash.HashCount, o.Analysis.MinHash.Seed, o.Analysis.MinHash.Shingles),
            Is.EqualTo((MinHashFamily.OnePermutation, 128, 0x5EED_0F_4E_44_55_50UL, new ShingleSpec(ShingleUnit.Word, 5))));
        Assert.That(
            (o.Analysis.SpinSketch.HashCount, o.Analysis.SpinSketch.Shingles, o.Analysis.WinnowingWindow, o.Analysis.SpinWinnowingWindow),
            Is.EqualTo((128, new ShingleSpec(ShingleUnit.Skeleton, 7), 8, 4)));
        Assert.That(
            (o.LshThreshold, o.SpinLshThreshold, o.MinSharedFingerprints, o.MinSharedSpinFingerprints, o.MaxPostings),
            Is.EqualTo((0.5, 0.5, 2, 5, 64)));
        Assert.That(
            (o.Verification.NearDuplicateCoverage, o.Verification.MinPassageShingles, o.Verification.MinSpunDensity),
            Is.EqualTo((0.8, 10, 0.35)));
        Assert.That(o.Analysis.Difference(GoldenFiles.OptionsOf(name).Analysis, "golden"), Is.Null, "sketch parameters match the golden options");
    }

    [TestCase("options-v1.bin", false)]
    [TestCase("options-v2.bin", false)]
    [TestCase("options-v3.bin", true)]
    [TestCase("options-v4.bin", true)]
    [TestCase("options-v5.bin", true)]
    public void Options_read_whether_look_alike_letters_fold(string name, bool folds) =>
        Assert.That(IndexOptionsCodec.Read(ReadBlob(name), name).Analysis.FoldConfusables, Is.EqualTo(folds));

    [TestCase("options-v1.bin", false)]
    [TestCase("options-v3.bin", false)]
    [TestCase("options-v3-list.bin", false)]
    [TestCase("options-v4.bin", true)]
    [TestCase("options-v4-list.bin", true)]
    [TestCase("options-v5.bin", true)]
    [TestCase("options-v5-list.bin", true)]
    public void Options_read_whether_long_words_hash_whole(string name, bool whole) =>
        Assert.That(IndexOptionsCodec.Read(ReadBlob(name), name).Analysis.HashWholeTokens, Is.EqualTo(whole));

    [TestCase("options-v1.bin")]
    [TestCase("options-v2.bin")]
    [TestCase("options-v3.bin")]
    [TestCase("options-v4.bin")]
    [TestCase("options-v5.bin")]
    public void Options_read_function_words_as_the_built_in_English_list(string name)
    {
        IndexOptions o = IndexOptionsCodec.Read(ReadBlob(name), name);
        Assert.That(o.Analysis.FunctionWords.SetEquals(FunctionWords.English), Is.True);
    }

    [TestCase("options-v2-list.bin")]
    [TestCase("options-v3-list.bin")]
    [TestCase("options-v4-list.bin")]
    [TestCase("options-v5-list.bin")]
    public void Options_with_a_list_read_back_exactly_the_listed_function_words(string name)
    {
        IndexOptions o = IndexOptionsCodec.Read(ReadBlob(name), name);
        Assert.That(
            (o.Analysis.FunctionWords.Count, o.Analysis.FunctionWords.SetEquals(GoldenFiles.ListedFunctionWords)),
            Is.EqualTo((5, true)));
        IndexOptions expected = GoldenFiles.OptionsVersion(name) switch
        {
            >= 4 => GoldenFiles.OptionsWithListedFunctionWords,
            3 => GoldenFiles.OptionsWithListedFunctionWordsVersion3,
            _ => GoldenFiles.OptionsWithListedFunctionWordsBeforeVersion3,
        };
        Assert.That(o.Analysis.Difference(expected.Analysis, "golden"), Is.Null);
    }

    [Test]
    public void Options_v6_read_back_their_learned_function_words_and_the_rest_of_the_golden_options()
    {
        IndexOptions o = IndexOptionsCodec.Read(ReadBlob("options-v6-learned.bin"), "options-v6-learned.bin", out int analysisVersion);
        Assert.That(
            (o.Analysis.LearnedFunctionWords?.SetEquals(GoldenFiles.LearnedFunctionWords), o.Analysis.Difference(GoldenFiles.OptionsWithLearnedFunctionWords.Analysis, "golden"), analysisVersion),
            Is.EqualTo(((bool?)true, (string?)null, 1)));
    }

    [TestCase("options-v1.bin", 0)]
    [TestCase("options-v2-list.bin", 0)]
    [TestCase("options-v3.bin", 0)]
    [TestCase("options-v4.bin", 0)]
    [TestCase("options-v4-list.bin", 0)]
    [TestCase("options-v5.bin", 1)]
    [TestCase("options-v5-list.bin", 1)]
    public void Options_read_the_analysis_version_they_record(string name, int version)
    {
        _ = IndexOptionsCodec.Read(ReadBlob(name), name, out int read);
        Assert.That(read, Is.EqualTo(version));
    }

    [Test]
    public void Payload_v1_decodes_to_its_text()
    {
        byte[] payload = ReadBlob("payload-v1.bin");
        Assert.That(
            (DocumentPayload.ReadVersion(payload, "canal-lock", "golden"), DocumentPayload.Decode(payload, "canal-lock", "golden")),
            Is.EqualTo((DocumentPayload.Version1, Support.GoldenTexts.CanalLock)));
    }

    [Test]
    public void Payload_v2_decodes_to_its_text_and_sketches_of_the_golden_sizes()
    {
        byte[] payload = ReadBlob("payload-v2.bin");
        StoredForm form = DocumentPayload.DecodeForm(payload, "canal-lock", "golden", GoldenFiles.Options.Analysis);
        Assert.That(DocumentPayload.Decode(payload, "canal-lock", "golden"), Is.EqualTo(Support.GoldenTexts.CanalLock));
        Assert.That((form.MinHash.Values.Length, form.SpinSketch.Values.Length), Is.EqualTo((128, 128)));
        Assert.That(new[] { form.PassageFingerprints.Length, form.SpinFingerprints.Length }, Has.All.Positive);
    }

    [Test]
    public void Payload_v3_decodes_to_the_word_pairs_that_v2_derives_from_its_text()
    {
        StoredForm v3 = DocumentPayload.DecodeForm(ReadBlob("payload-v3.bin"), "canal-lock", "golden", GoldenFiles.Options.Analysis);
        StoredForm v2 = DocumentPayload.DecodeForm(ReadBlob("payload-v2.bin"), "canal-lock", "golden", GoldenFiles.Options.Analysis);
        Assert.That(DocumentPayload.Decode(ReadBlob("payload-v3.bin"), "canal-lock", "golden"), Is.EqualTo(Support.GoldenTexts.CanalLock));
        Assert.That(v3.PairFingerprints, Is.EqualTo(v2.PairFingerprints).And.Not.Empty);
        Assert.That((v3.PassageFingerprints, v3.SpinFingerprints), Is.EqualTo((v2.PassageFingerprints, v2.SpinFingerprints)));
    }

    [Test]
    public void Payload_v3_of_text_compressed_at_quality_5_decodes_to_this_builds_form()
    {
        // Builds before issue 18 compressed texts at Brotli quality 5; later ones quality 3. Same layout, other bytes.
        byte[] old = ReadBlob("payload-v3-quality5.bin"), current = ReadBlob("payload-v3.bin");
        StoredForm oldForm = DocumentPayload.DecodeForm(old, "canal-lock", "golden", GoldenFiles.Options.Analysis);
        StoredForm form = DocumentPayload.DecodeForm(current, "canal-lock", "golden", GoldenFiles.Options.Analysis);
        Assert.That(oldForm.CompressedText, Is.Not.EqualTo(form.CompressedText), "the two files hold differently compressed texts");
        Assert.That(DocumentPayload.Decode(old, "canal-lock", "golden"), Is.EqualTo(Support.GoldenTexts.CanalLock));
        Assert.That(
            (oldForm.TextBytes, oldForm.ExactHash, oldForm.SimHash, oldForm.MinHash.Values.ToArray(), oldForm.SpinSketch.Values.ToArray(), oldForm.PassageFingerprints, oldForm.SpinFingerprints, oldForm.PairFingerprints),
            Is.EqualTo((form.TextBytes, form.ExactHash, form.SimHash, form.MinHash.Values.ToArray(), form.SpinSketch.Values.ToArray(), form.PassageFingerprints, form.SpinFingerprints, form.PairFingerprints)));
    }

    [Test]
    public void Payload_v4_holds_a_Zstandard_text_and_the_same_derived_data_as_v3()
    {
        // Version 4 changed only the codec of the text: everything derived from it is the same as version 3's.
        byte[] v4 = ReadBlob("payload-v4.bin"), v3 = ReadBlob("payload-v3.bin");
        StoredForm form = DocumentPayload.DecodeForm(v4, "canal-lock", "golden", GoldenFiles.Options.Analysis);
        StoredForm old = DocumentPayload.DecodeForm(v3, "canal-lock", "golden", GoldenFiles.Options.Analysis);
        Assert.That(
            (v4[0], TextCompression.CodecOf(form.CompressedText), v3[0], TextCompression.CodecOf(old.CompressedText)),
            Is.EqualTo((DocumentPayload.Version4, TextCodec.Zstandard, DocumentPayload.Version3, TextCodec.Brotli)));
        Assert.That(DocumentPayload.Decode(v4, "canal-lock", "golden"), Is.EqualTo(Support.GoldenTexts.CanalLock));
        Assert.That(
            (old.TextBytes, old.ExactHash, old.SimHash, old.MinHash.Values.ToArray(), old.SpinSketch.Values.ToArray(), old.PassageFingerprints, old.SpinFingerprints, old.PairFingerprints),
            Is.EqualTo((form.TextBytes, form.ExactHash, form.SimHash, form.MinHash.Values.ToArray(), form.SpinSketch.Values.ToArray(), form.PassageFingerprints, form.SpinFingerprints, form.PairFingerprints)));
    }

    [TestCaseSource(nameof(AllIndexes))]
    public void Golden_index_store_loads_the_documented_documents_in_order(string name)
    {
        GoldenIndex golden = Index(name);
        GoldenFiles.CopyIndex(golden, Directory);
        using var store = DirectoryIndexStore.Open(Directory);
        var documents = new List<StoredDocument>();
        RecoveryReport report = store.Load(documents.Add);
        Assert.That(
            documents.Select(d => (d.Id, DocumentPayload.Decode(d.Payload.Span, d.Id, golden.Name), d.Payload.Span[0])),
            Is.EqualTo(GoldenFiles.LiveDocuments.Select(d => (d.Id, d.Text, golden.PayloadVersion))));
        Assert.That(
            (report.SnapshotDocuments, report.ReplayedBatches, report.DroppedBytes, report.Messages.Count, store.LastSequence),
            Is.EqualTo((4, 2, 0L, 0, 3L)),
            "snapshot of four documents, then two batches in the log: add one, remove one");
    }

    [TestCaseSource(nameof(AllIndexes))]
    public void Golden_index_verifies_without_problems(string name)
    {
        GoldenIndex golden = Index(name);
        using NearDupIndex index = OpenCopy(golden);
        Assert.That(index.Verify(), Is.Empty);
    }

    [TestCaseSource(nameof(AllIndexes))]
    public void Golden_index_opens_holding_exactly_the_live_documents(string name)
    {
        GoldenIndex golden = Index(name);
        using NearDupIndex index = OpenCopy(golden);
        Assert.That(index.Count, Is.EqualTo(GoldenFiles.LiveDocuments.Length));
        Assert.That(GoldenFiles.LiveDocuments.Where(d => !index.Contains(d.Id)).Select(d => d.Id), Is.Empty);
        Assert.That(index.Contains(GoldenFiles.Removed.Id), Is.False, "removed in the log after the snapshot");
        Assert.That(index.Options.Analysis.Difference(GoldenFiles.OptionsOf(name).Analysis, "golden"), Is.Null);
    }

    [TestCaseSource(nameof(AllIndexes))]
    public void Golden_index_answers_each_query_with_the_documented_verdicts(string name)
    {
        GoldenIndex golden = Index(name);
        using NearDupIndex index = OpenCopy(golden);
        var answers = GoldenFiles.Queries
            .Select(q => (q.Id, index.Query(q.Text, q.Id).Select(v => (v.A, v.B, v.Kind)).ToList()))
            .ToList();
        var expected = GoldenFiles.Queries
            .Select(q => (q.Id, q.Verdicts.Select(v => (v.A, q.Id, v.Kind)).ToList()))
            .ToList();
        Assert.That(answers, Is.EqualTo(expected));
    }

    [Test]
    public void Adding_to_a_version3_golden_index_and_compacting_keeps_its_Brotli_texts_and_writes_new_ones_as_version4()
    {
        GoldenIndex v3 = Index("index-options4-snapshot2-wal2-payload3-image3");
        using (NearDupIndex index = OpenCopy(v3))
        {
            index.Add(GoldenFiles.Removed.Id, GoldenFiles.Removed.Text);
            index.Compact();
        }

        using (var store = DirectoryIndexStore.Open(Directory))
        {
            var versions = new List<(string, byte)>();
            store.Load(d => versions.Add((d.Id, d.Payload.Span[0])));
            Assert.That(
                versions,
                Is.EqualTo(GoldenFiles.LiveDocuments.Select(d => (d.Id, DocumentPayload.Version3)).Append((GoldenFiles.Removed.Id, DocumentPayload.Version4))));
        }

        using NearDupIndex reopened = NearDupIndex.Open(Directory);
        Assert.That(
            reopened.Query(GoldenFiles.Removed.Text, "again").Select(v => (v.A, v.Kind)),
            Is.EqualTo(new[] { (GoldenFiles.Removed.Id, MatchKind.Exact) }));
        Assert.That(
            reopened.Query(Support.GoldenTexts.NearQuery, "near-copy").Select(v => (v.A, v.Kind)),
            Is.EqualTo(new[] { ("night-train", MatchKind.NearDuplicate) }));
    }

    [Test]
    public void Compacting_the_version1_golden_index_stores_each_document_as_the_version3_golden_index_of_that_time_does_with_this_builds_word_pairs()
    {
        // Compaction stores each text as it was compressed (quality 5, as builds before issue 18 wrote), so the payloads
        // are those of the version 3 folder those builds wrote, but for the word-pair fingerprints: a version 1 payload
        // holds none, and compaction derives them as this build analyses (which adds a document's names and numbers).
        GoldenIndex v1 = GoldenFiles.Indexes.Single(i => i.PayloadVersion == DocumentPayload.Version1);
        GoldenIndex v3 = GoldenFiles.Indexes.Single(i => i.Name == "index-options4-snapshot2-wal2-payload3-quality5");
        using (NearDupIndex index = OpenCopy(v1))
        {
            index.Compact();
        }

        string v3Copy = Path.Combine(Directory, "v3");
        GoldenFiles.CopyIndex(v3, v3Copy);
        List<(string Id, StoredForm Form)> compacted = Forms(Directory), golden = Forms(v3Copy);
        Assert.That(compacted.Select(f => (f.Id, Fields(f.Form))), Is.EqualTo(golden.Select(f => (f.Id, Fields(f.Form)))));
        Assert.That(
            compacted.Select(f => f.Form.PairFingerprints),
            Is.EqualTo(compacted.Select(f => DocumentAnalyzer.PairFingerprints(TextOf(f.Id), GoldenFiles.Options.Analysis))));

        static List<(string, StoredForm)> Forms(string directory)
        {
            using var store = DirectoryIndexStore.Open(directory);
            var forms = new List<(string, StoredForm)>();
            store.Load(d => forms.Add((d.Id, DocumentPayload.DecodeForm(d.Payload.Span, d.Id, "golden", GoldenFiles.Options.Analysis))));
            return forms;
        }

        static object Fields(StoredForm f) =>
            (Convert.ToHexString(f.CompressedText), f.TextBytes, f.ExactHash, f.SimHash, Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.MinHash.Values)),
                Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.SpinSketch.Values)), string.Join(",", f.PassageFingerprints), string.Join(",", f.SpinFingerprints));

        static string TextOf(string id) => GoldenFiles.LiveDocuments.Append(GoldenFiles.Removed).Single(d => d.Id == id).Text;
    }

    // ---- Writing: this build reproduces the formats it writes, byte for byte -----------------------------------------

    [TestCaseSource(nameof(WrittenBlobs))]
    public void Writer_reproduces_golden_blob_byte_for_byte(string name)
    {
        GoldenBlob golden = Blob(name);
        Assert.That(golden.Write!(), Is.EqualTo(ReadBlob(golden.Name)), golden.Name);
    }

    [TestCaseSource(nameof(WrittenIndexes))]
    public void Writer_reproduces_golden_index_byte_for_byte(string name)
    {
        GoldenIndex golden = Index(name);
        golden.Write!(Directory);
        string expected = Path.Combine(GoldenFiles.OutputDirectory, golden.Name);
        Assert.That(GoldenFiles.FormatFiles(Directory), Is.EqualTo(GoldenFiles.FormatFiles(expected)));
        Assert.Multiple(() =>
        {
            foreach (string name in GoldenFiles.IndexFileNames)
            {
                // The payloads hold what the analysis derives: bytes that change with no format change mean the analysis
                // changed, and DocumentAnalyzer.AnalysisVersion must be raised with them (the old files kept, read only).
                Assert.That(File.ReadAllBytes(Path.Combine(Directory, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(expected, name))), $"{name}: if no format changed, the analysis did: raise DocumentAnalyzer.AnalysisVersion");
            }
        });
    }

    [Test]
    public void Every_golden_file_on_disk_is_listed_and_every_listed_one_exists()
    {
        // A golden file nobody tests proves nothing; a listed one that is missing would make its tests fail anyway, but
        // this says which.
        var listed = GoldenFiles.Blobs.Select(b => b.Name)
            .Concat(GoldenFiles.Indexes.SelectMany(i => GoldenFiles.IndexFileNames.Select(n => i.Name + "/" + n)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var onDisk = System.IO.Directory.GetFiles(GoldenFiles.OutputDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(GoldenFiles.OutputDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f is not ("README.md" or ".gitattributes"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(onDisk, Is.EqualTo(listed));
    }

    // ---- Regeneration: only on request -------------------------------------------------------------------------------

    [Test]
    [Explicit("Rewrites the golden files in the source tree; see Golden/README.md.")]
    public void Regenerate_golden_files()
    {
        if (Environment.GetEnvironmentVariable(GoldenFiles.RegenerateVariable) != "1")
        {
            Assert.Ignore($"Set {GoldenFiles.RegenerateVariable}=1 to rewrite the golden files of the formats this build writes.");
        }

        string root = GoldenFiles.SourceDirectory();
        foreach (GoldenBlob blob in WrittenBlobs.Select(Blob))
        {
            File.WriteAllBytes(Path.Combine(root, blob.Name), blob.Write!());
        }

        foreach (GoldenIndex index in WrittenIndexes.Select(Index))
        {
            string folder = Path.Combine(root, index.Name);
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }

            index.Write!(folder);
        }

        TestContext.Out.WriteLine($"rewrote {WrittenBlobs.Count()} blobs and {WrittenIndexes.Count()} indexes under {root}");
    }
}
