using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using NearDup.Candidates;
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
        List<(string Id, string Path)> files = CorpusReader.List(folder, ["*.txt"]);
        files = files.Where(f => include is null || include(f.Id)).ToList();
        var (documents, skipped) = CorpusReader.Analyze(files, new NearDup.Analysis.DocumentAnalyzer(), Environment.ProcessorCount, null, CancellationToken.None);
        Assert.That(skipped, Is.Empty, "no corpus file should be skipped");
        return NearDupIndex.FindAllPairs(documents);
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
    public void Crocus_SpunCopy_IsFoundByTheSpinSourcesAndByNoOther()
    {
        // The Crocus copy shares 3% of its word 5-grams with its original: only the spin fingerprints see it.
        string folder = SharedData.RequirePath("corpus/crocus");
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("000.txt", File.ReadAllText(Path.Combine(folder, "000.txt")));
        string copy = File.ReadAllText(Path.Combine(folder, "001.txt"));
        Assert.Multiple(() =>
        {
            Assert.That(index.Query(copy, "001.txt", CopyKinds.Spun).Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("000.txt", MatchKind.Spun) }));
            Assert.That(index.Query(copy, "001.txt", CopyKinds.Exact | CopyKinds.NearDuplicate | CopyKinds.Contained), Is.Empty);
        });
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
    [TestCase("spun")]
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

    [Test]
    public void DevCorpus_KindAccuracyAmongFoundLabelledPairs_AtLeast95Percent()
    {
        // Exact and near-duplicate agree with each other: the labels' exact rule and the tool's differ at the edges.
        static string Family(string kind) => kind is "exact" or "near-duplicate" ? "copy" : kind;
        var (verdicts, labels, _) = DevScan();
        var found = verdicts.Where(v => labels.ContainsKey(Unordered(v.A, v.B))).ToList();
        var wrong = found.Where(v => Family(v.Kind.ToName()) != Family(labels[Unordered(v.A, v.B)]))
            .Select(v => $"{v.A}~{v.B} {v.Kind.ToName()} (labelled {labels[Unordered(v.A, v.B)]})")
            .ToList();
        Assert.That(found, Is.Not.Empty);
        Assert.That(1.0 - (double)wrong.Count / found.Count, Is.GreaterThanOrEqualTo(0.95), string.Join(", ", wrong));
    }

    [Test]
    public void DevCorpus_SpunPairsFound_KindSpunAtLeast95Percent()
    {
        var (verdicts, labels, _) = DevScan();
        var spun = verdicts.Where(v => labels.TryGetValue(Unordered(v.A, v.B), out string? k) && k == "spun").ToList();
        Assume.That(spun, Is.Not.Empty);
        Assert.That((double)spun.Count(v => v.Kind == MatchKind.Spun) / spun.Count, Is.GreaterThanOrEqualTo(0.95));
    }

    private static JsonElement[] CrocusScanLines()
    {
        string folder = SharedData.RequirePath("corpus/crocus");
        var output = new StringWriter();
        int exit = Program.Run(["scan", folder, "--format", "jsonl", "--quiet"], output, new StringWriter());
        Assert.That(exit, Is.EqualTo(Program.Success));
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToArray();
    }

    [Test]
    public void CrocusCli_FlagsExactlyTheSpunPair()
    {
        JsonElement[] lines = CrocusScanLines();
        Assert.That(
            lines.Select(l => (l.GetProperty("a").GetString(), l.GetProperty("b").GetString(), l.GetProperty("kind").GetString())),
            Is.EqualTo(new[] { ("000.txt", "001.txt", "spun") }));
    }

    [Test]
    public void CrocusCli_SpunPairEvidenceHasAttackToAssault()
    {
        JsonElement line = CrocusScanLines().Single();
        var subs = line.GetProperty("evidence").GetProperty("substitutions").EnumerateArray()
            .Select(s => (s.GetProperty("from").GetString(), s.GetProperty("to").GetString()));
        Assert.That(subs, Does.Contain(("attack", "assault")));
    }
}
