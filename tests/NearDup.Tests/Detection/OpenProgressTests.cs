using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Detection;
using NearDup.Tests.Storage;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// <see cref="NearDupIndex.Open(string, IndexOptions?, int, IProgress{ScanProgress}?)"/> and its read-only twin report
/// the stages of opening (reading the log, loading the documents, packing the passages), each from its start to its
/// end, and only those that have work.
/// </summary>
public class OpenProgressTests : StoreTestBase
{
    /// <summary>Documents added in batches of 500, so that the log holds three batches and loading passes 512 and 1,024.</summary>
    private const int Documents = 1_200;

    /// <summary>Keeps every report, in order: it runs on the opening thread, as the library promises.</summary>
    private sealed class Recorder : IProgress<ScanProgress>
    {
        public List<ScanProgress> Reports { get; } = [];

        public void Report(ScanProgress value) => Reports.Add(value);

        /// <summary>Each stage in the order first reported, with its first and last report.</summary>
        public (string Stage, string First, string Last)[] Stages() =>
            [.. Reports.GroupBy(r => r.Stage).Select(g => (g.Key, $"{g.First().Done}/{g.First().Total}", $"{g.Last().Done}/{g.Last().Total}"))];
    }

    private static string Text(int i) => $"record {i} of the harbour log, kept by keeper {i % 17} of the lighthouse on the rock, with {i * 7} lamps";

    private void Fill(Action<NearDupIndex>? then = null)
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        for (int start = 0; start < Documents; start += 500)
        {
            index.AddBatch(Enumerable.Range(start, Math.Min(500, Documents - start)).Select(i => ($"d{i}", Text(i))));
        }

        then?.Invoke(index);
    }

    private Recorder Open()
    {
        var recorder = new Recorder();
        using NearDupIndex index = NearDupIndex.Open(Directory, null, NearDupIndex.DefaultCacheCapacity, recorder);
        return recorder;
    }

    [Test]
    public void Open_IndexFilledThroughItsLog_ReportsEachStageFromItsStartToItsEnd()
    {
        Fill();
        long mebibytes = (new System.IO.FileInfo(LogPath).Length + (1 << 20) - 1) >> 20; // rounded up
        Assert.That(Open().Stages(), Is.EqualTo(new[]
        {
            (ScanProgress.ReadingLog, $"0/{mebibytes}", $"{mebibytes}/{mebibytes}"),
            (ScanProgress.LoadingDocuments, $"0/{Documents}", $"{Documents}/{Documents}"),
            (ScanProgress.PackingPassages, "0/1", "1/1"),
        }));
    }

    [Test]
    public void Open_LoadingDocuments_IsReportedEvery512AsItGoes()
    {
        Fill();
        Assert.That(
            Open().Reports.Where(r => r.Stage == ScanProgress.LoadingDocuments).Select(r => r.Done),
            Is.EqualTo(new[] { 0, 512, 1024, Documents }));
    }

    [Test]
    public void Open_CompactedIndex_HasNoLogToReport_AndNoDocumentToLoad()
    {
        // The structure image holds the documents' records: an open reads none of the snapshot's documents.
        Fill(index => index.Compact());
        Assert.That(Open().Stages().Select(s => s.Stage), Is.EqualTo(new[] { ScanProgress.PackingPassages }));
    }

    [Test]
    public void Open_LogThatRemovesDocuments_EndsLoadingAtTheDocumentsLoaded()
    {
        // The log is read before the snapshot, so the total counts every live id the log leaves until loading ends.
        Fill(index =>
        {
            index.Compact();
            index.Remove(["d1", "d2", "d3"]);
            index.Add("extra", Text(-1));
        });
        Assert.That(
            Open().Stages().Single(s => s.Stage == ScanProgress.LoadingDocuments),
            Is.EqualTo((ScanProgress.LoadingDocuments, $"0/{Documents + 1}", $"{Documents - 2}/{Documents - 2}")));
    }

    [Test]
    public void Open_EmptyIndex_ReportsNothing()
    {
        using (NearDupIndex.Create(Directory))
        {
        }

        Assert.That(Open().Reports, Is.Empty);
    }

    [Test]
    public void OpenReadOnly_ReportsTheStagesOpenReports()
    {
        Fill();
        var recorder = new Recorder();
        using (NearDupIndex.OpenReadOnly(Directory, NearDupIndex.DefaultCacheCapacity, recorder))
        {
        }

        Assert.That(recorder.Stages(), Is.EqualTo(Open().Stages()));
    }

    [Test]
    public void Open_WithProgress_OpensTheSameIndexAsWithout()
    {
        Fill();
        using NearDupIndex plain = NearDupIndex.Open(Directory);
        int[] expected = [.. Enumerable.Range(0, 40).Select(i => plain.Query(Text(i * 29), "q").Count)];
        plain.Dispose();
        using NearDupIndex reported = NearDupIndex.Open(Directory, null, NearDupIndex.DefaultCacheCapacity, new Recorder());
        Assert.That(Enumerable.Range(0, 40).Select(i => reported.Query(Text(i * 29), "q").Count), Is.EqualTo(expected));
    }

    [Test]
    public void Open_WithProgressAndANegativeCache_ThrowsNamingTheParameter() =>
        Assert.That(
            () => NearDupIndex.Open(Directory, null, -1, new Recorder()),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("cacheCapacity"));
}
