using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NearDup.Cli;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>Scans of the team's labelled corpora in ../shared; ignored when that folder is absent.</summary>
public class SharedCorpusTests
{
    private static IReadOnlyList<PairVerdict> ScanFolder(string folder, Func<string, bool>? include = null)
    {
        var scanner = new DuplicateScanner();
        List<(string Id, string Path)> files = CorpusReader.List(folder, ["*.txt"]);
        files = files.Where(f => include is null || include(f.Id)).ToList();
        var (documents, skipped) = CorpusReader.Analyze(files, scanner.Analyzer, Environment.ProcessorCount, null, CancellationToken.None);
        Assert.That(skipped, Is.Empty, "no corpus file should be skipped");
        return scanner.Scan(documents);
    }

    private static (string, string) Unordered(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    private static Dictionary<(string, string), string> ReadLabels(string path)
    {
        var labels = new Dictionary<(string, string), string>();
        foreach (string line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            string[] f = line.Split('\t');
            labels[Unordered(f[0], f[1])] = f[2];
        }

        return labels;
    }

    private static IReadOnlyList<PairVerdict> CrocusVerdicts()
    {
        string folder = SharedData.RequirePath("corpus/crocus");
        return ScanFolder(folder, id => id is "000.txt" or "001.txt" or "002.txt" or "003.txt" or "004.txt");
    }

    [Test]
    public void Crocus_NoPairIsExactOrNearDuplicate() =>
        Assert.That(
            CrocusVerdicts().Where(v => v.Kind is MatchKind.Exact or MatchKind.NearDuplicate).Select(v => $"{v.A}~{v.B} {v.Kind}"),
            Is.Empty);

    [Test]
    public void Crocus_SelfRepeatingDocumentNeverPairsWithItself() =>
        Assert.That(CrocusVerdicts().Where(v => v.A == v.B).Select(v => v.A), Is.Empty);

    [Test]
    public void Crocus_SelfRepeatingDocumentIsNotACopyOfTheOthers() =>
        Assert.That(CrocusVerdicts().Where(v => v.A == "003.txt" || v.B == "003.txt").Select(v => $"{v.A}~{v.B} {v.Kind}"), Is.Empty);

    private static readonly Lazy<(IReadOnlyList<PairVerdict> Verdicts, Dictionary<(string, string), string> Labels, HashSet<(string, string)> Optional)> Dev = new(() =>
    {
        string corpus = SharedData.RequirePath("corpus/dev");
        var labels = ReadLabels(Path.Combine(corpus, "labels.tsv"));
        string optionalPath = Path.Combine(corpus, "optional.tsv");
        var optional = File.Exists(optionalPath) ? ReadLabels(optionalPath).Keys.ToHashSet() : [];
        return (ScanFolder(Path.Combine(corpus, "docs")), labels, optional);
    });

    private static (IReadOnlyList<PairVerdict> Verdicts, Dictionary<(string, string), string> Labels, HashSet<(string, string)> Optional) DevScan()
    {
        SharedData.RequirePath("corpus/dev/docs"); // Ignore (not throw inside Lazy) when absent.
        return Dev.Value;
    }

    [TestCase("exact")]
    [TestCase("near-duplicate")]
    [TestCase("contained")]
    public void DevCorpus_RecallPerKind_AtLeast95Percent(string kind)
    {
        var (verdicts, labels, _) = DevScan();
        HashSet<(string, string)> predicted = verdicts.Select(v => Unordered(v.A, v.B)).ToHashSet();
        var truth = labels.Where(l => l.Value == kind).Select(l => l.Key).ToList();
        var missed = truth.Where(p => !predicted.Contains(p)).ToList();
        double recall = 1.0 - (double)missed.Count / truth.Count;
        Assert.That(recall, Is.GreaterThanOrEqualTo(0.95), $"missed {missed.Count} of {truth.Count}: {string.Join(", ", missed)}");
    }

    [Test]
    public void DevCorpus_NoFalsePositives()
    {
        var (verdicts, labels, optional) = DevScan();
        var falsePositives = verdicts
            .Where(v => !labels.ContainsKey(Unordered(v.A, v.B)) && !optional.Contains(Unordered(v.A, v.B)))
            .Select(v => $"{v.A}~{v.B} {v.Kind.ToName()} {v.Score:0.00}")
            .ToList();
        Assert.That(falsePositives, Is.Empty);
    }
}
