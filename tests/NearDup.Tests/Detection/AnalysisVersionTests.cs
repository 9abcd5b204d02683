using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// An index records the analysis its documents were analysed with (<see cref="DocumentAnalyzer.AnalysisVersion"/>): one
/// an older build wrote opens and answers but says it is not current, and a compaction, which analyses every document
/// again, makes it current and writes what an index of this build would.
/// </summary>
public class AnalysisVersionTests : StoreTestBase
{
    /// <summary>The golden index written before analysis versions were recorded, with the fingerprints of today's
    /// analysis (the same documents as the one this build writes).</summary>
    private const string Unrecorded = "index-options4-snapshot2-wal2-payload4-image4";

    /// <summary>The golden index whose word-pair fingerprints lack a document's names and numbers: an older analysis.</summary>
    private const string OlderAnalysis = "index-options4-snapshot2-wal2-payload4-image4-wordpairs-only";

    /// <summary>The golden index this build writes.</summary>
    private const string Current = "index-options5-snapshot2-wal2-payload4-image4";

    private static GoldenIndex Golden(string name) => GoldenFiles.Indexes.Single(i => i.Name == name);

    private string CopyOf(string name, string folder)
    {
        string path = Path.Combine(Directory, folder);
        GoldenFiles.CopyIndex(Golden(name), path);
        return path;
    }

    [Test]
    public void A_new_index_records_this_builds_analysis()
    {
        using NearDupIndex index = NearDupIndex.Create(Path.Combine(Directory, "new"));
        Assert.That((index.AnalysisVersion, index.IsAnalysisCurrent), Is.EqualTo((DocumentAnalyzer.AnalysisVersion, true)));
    }

    [Test]
    public void An_index_in_memory_records_this_builds_analysis()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        Assert.That((index.AnalysisVersion, index.IsAnalysisCurrent), Is.EqualTo((DocumentAnalyzer.AnalysisVersion, true)));
    }

    [Test]
    public void The_index_this_build_writes_opens_as_current()
    {
        using NearDupIndex index = NearDupIndex.Open(CopyOf(Current, "current"));
        Assert.That((index.AnalysisVersion, index.IsAnalysisCurrent), Is.EqualTo((DocumentAnalyzer.AnalysisVersion, true)));
    }

    [Test]
    public void An_index_written_before_analysis_versions_were_recorded_opens_as_not_current()
    {
        using NearDupIndex index = NearDupIndex.Open(CopyOf(Unrecorded, "old"));
        Assert.That((index.AnalysisVersion, index.IsAnalysisCurrent), Is.EqualTo((0, false)));
    }

    [Test]
    public void An_index_opened_read_only_reports_its_analysis_too()
    {
        using NearDupIndex index = NearDupIndex.OpenReadOnly(CopyOf(OlderAnalysis, "old"));
        Assert.That((index.AnalysisVersion, index.IsAnalysisCurrent), Is.EqualTo((0, false)));
    }

    [Test]
    public void Opening_an_index_of_an_older_analysis_rewrites_nothing()
    {
        string path = CopyOf(OlderAnalysis, "old");
        byte[] before = File.ReadAllBytes(Path.Combine(path, StoreFormat.SnapshotFileName));
        using (NearDupIndex index = NearDupIndex.Open(path))
        {
            _ = index.Count;
        }

        Assert.That(File.ReadAllBytes(Path.Combine(path, StoreFormat.SnapshotFileName)), Is.EqualTo(before));
    }

    [Test]
    public void Adding_to_an_index_of_an_older_analysis_leaves_it_not_current()
    {
        using NearDupIndex index = NearDupIndex.Open(CopyOf(OlderAnalysis, "old"));
        index.Add("added", Support.GoldenTexts.BridgeFair);
        Assert.That(index.IsAnalysisCurrent, Is.False, "the documents it held keep the older fingerprints until a compaction");
    }

    [Test]
    public void Compacting_an_index_of_an_older_analysis_makes_it_current_in_the_process_and_when_reopened()
    {
        string path = CopyOf(OlderAnalysis, "old");
        bool compacted;
        using (NearDupIndex index = NearDupIndex.Open(path))
        {
            index.Compact();
            compacted = index.IsAnalysisCurrent;
        }

        using NearDupIndex reopened = NearDupIndex.Open(path);
        Assert.That((compacted, reopened.AnalysisVersion), Is.EqualTo((true, DocumentAnalyzer.AnalysisVersion)));
    }

    [Test]
    public void Compacting_an_index_of_an_older_analysis_writes_the_snapshot_this_builds_index_compacts_to()
    {
        // The same history and documents, the same identity: once both are compacted, the older one's documents are
        // analysed again and its structures built anew, so the two snapshots are the same bytes, image included.
        string old = CopyOf(OlderAnalysis, "old");
        string current = CopyOf(Current, "current");
        foreach (string path in new[] { old, current })
        {
            using NearDupIndex index = NearDupIndex.Open(path);
            index.Compact();
        }

        Assert.That(
            File.ReadAllBytes(Path.Combine(old, StoreFormat.SnapshotFileName)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(current, StoreFormat.SnapshotFileName))));
    }

    [Test]
    public void Compacting_an_index_written_before_analysis_versions_were_recorded_copies_no_stored_analysis()
    {
        using NearDupIndex index = NearDupIndex.Open(CopyOf(Unrecorded, "old"));

        index.Compact();

        RebuildTally tally = ((EmbeddedIndex)index.Backend).LastRebuild!;
        Assert.That((tally.Copied, tally.Analysed), Is.EqualTo((0, index.Count)));
    }

    [Test]
    public void Compacting_an_index_of_an_older_analysis_without_removals_builds_its_structures_anew()
    {
        // No removed document, so nothing else would make the compaction build fresh structures: the older analysis
        // must. Its image then equals that of the same documents stored with this build's fingerprints.
        string old = StoredWithoutRemovals(OlderAnalysis, "old", NearDupIndex.OptionsBlob(GoldenFiles.Options).AsSpan(..^2).ToArray());
        string current = StoredWithoutRemovals(Current, "current", NearDupIndex.OptionsBlob(GoldenFiles.Options));
        bool wasCurrent;
        using (NearDupIndex index = NearDupIndex.Open(old))
        {
            wasCurrent = index.IsAnalysisCurrent;
            index.Compact();
        }

        using (NearDupIndex index = NearDupIndex.Open(current))
        {
            index.Compact();
        }

        Assert.That(wasCurrent, Is.False);
        Assert.That(
            File.ReadAllBytes(Path.Combine(old, StoreFormat.SnapshotFileName)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(current, StoreFormat.SnapshotFileName))));
    }

    /// <summary>A copy of this build's golden index whose options record analysis version <paramref name="version"/>: the
    /// index a build of that version would have written (the same documents; only the recorded version differs).</summary>
    private string RecordingVersion(int version, string folder) =>
        StoredWithoutRemovals(Current, folder, WithAnalysisVersion(NearDupIndex.OptionsBlob(GoldenFiles.Options), version));

    private static byte[] WithAnalysisVersion(byte[] blob, int version)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(blob.Length - 2), (ushort)version);
        return blob;
    }

    [Test]
    public void Adding_to_an_index_that_records_a_newer_analysis_is_refused_naming_both_versions_and_that_build()
    {
        using NearDupIndex index = NearDupIndex.Open(RecordingVersion(DocumentAnalyzer.AnalysisVersion + 1, "newer"));
        long before = index.Count;
        Assert.That(
            () => index.Add("added", Support.GoldenTexts.BridgeFair),
            Throws.TypeOf<AnalysisMismatchException>().With.Message.Contains($"analysed as analysis version {DocumentAnalyzer.AnalysisVersion + 1}, and this build analyses as version {DocumentAnalyzer.AnalysisVersion}")
                .And.Message.Contains($"Add with a build of analysis version {DocumentAnalyzer.AnalysisVersion + 1}."));
        Assert.That(index.Count, Is.EqualTo(before));
    }

    [Test]
    public void Adding_analysed_documents_to_an_index_that_records_another_analysis_is_refused_too()
    {
        using NearDupIndex index = NearDupIndex.Open(RecordingVersion(DocumentAnalyzer.AnalysisVersion + 1, "newer"));
        Assert.That(
            () => index.AddBatch([index.Analyzer.Analyze("added", Support.GoldenTexts.BridgeFair)]),
            Throws.TypeOf<AnalysisMismatchException>());
    }

    [Test]
    public void Adding_unless_a_copy_to_an_index_that_records_another_analysis_is_refused_too()
    {
        using NearDupIndex index = NearDupIndex.Open(RecordingVersion(DocumentAnalyzer.AnalysisVersion + 1, "newer"));
        Assert.That(() => index.AddUnlessCopy("added", Support.GoldenTexts.BridgeFair), Throws.TypeOf<AnalysisMismatchException>());
    }

    [Test]
    public void Compacting_an_index_that_records_another_analysis_lets_it_be_added_to()
    {
        using NearDupIndex index = NearDupIndex.Open(RecordingVersion(DocumentAnalyzer.AnalysisVersion + 1, "newer"));
        index.Compact();
        index.Add("added", Support.GoldenTexts.BridgeFair);
        Assert.That((index.IsAnalysisCurrent, index.Contains("added")), Is.EqualTo((true, true)));
    }

    /// <summary>A new store holding the live documents of a golden index, payloads as they are (so with the
    /// fingerprints its build derived), in one batch, under <paramref name="options"/> (an options blob of version 4
    /// records no analysis: cut off its last two bytes and number it 4).</summary>
    private string StoredWithoutRemovals(string golden, string folder, byte[] options)
    {
        var live = new List<StoredDocument>();
        using (DirectoryIndexStore source = DirectoryIndexStore.OpenReadOnly(CopyOf(golden, folder + "-source")))
        {
            source.Load(d => live.Add(d));
        }

        if (options.Length < NearDupIndex.OptionsBlob(GoldenFiles.Options).Length)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(options, 4);
        }

        string path = Path.Combine(Directory, folder);
        using DirectoryIndexStore store = DirectoryIndexStore.Create(path, options, GoldenFiles.Identity);
        store.Commit(live.Select(d => StoreOperation.Add(d.Id, d.Payload)).ToList());
        return path;
    }
}
