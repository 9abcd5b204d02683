using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>
/// A scan of a collection and the queries of an index holding the same collection give the same pairs: the two run one
/// candidate policy and one verifier. Checked on the project's own generated corpus (planted exact, near-duplicate,
/// contained and spun copies among unrelated articles), so it runs in a plain clone.
/// </summary>
public class ScanQueryAgreementTests
{
    private static readonly Lazy<(List<AnalyzedDocument> Documents, IReadOnlyList<PairVerdict> Scan)> Corpus = new(() =>
    {
        var analyzer = new DocumentAnalyzer();
        List<AnalyzedDocument> documents = new CorpusGenerator(new CorpusOptions(1_500, seed: 7))
            .Generate()
            .Select(d => analyzer.Analyze(d.Id, Encoding.UTF8.GetString(d.Utf8)))
            .ToList();
        return (documents, NearDupIndex.FindAllPairs(documents));
    });

    private static (string, string) Unordered(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    [Test]
    public void GeneratedCorpus_ScanFindsEveryKindOfCopy() =>
        Assert.That(
            Corpus.Value.Scan.Select(v => v.Kind).Distinct().Order(),
            Is.EqualTo(new[] { MatchKind.Exact, MatchKind.NearDuplicate, MatchKind.Contained, MatchKind.Spun }));

    [Test]
    public void GeneratedCorpus_QueryOfEveryDocumentAgainstAnIndexOfAll_FindsTheScansPairsAndKinds()
    {
        var (documents, scan) = Corpus.Value;
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.AddBatch(documents);

        // A query of a document finds each of its copies once; the pair comes back from both of its documents' queries.
        var queried = new HashSet<(string, string, MatchKind)>();
        foreach (AnalyzedDocument document in documents)
        {
            foreach (PairVerdict v in index.Query(document))
            {
                if (v.A != document.Id)
                {
                    var (a, b) = Unordered(v.A, v.B);
                    queried.Add((a, b, v.Kind));
                }
            }
        }

        var scanned = scan.Select(v => { var (a, b) = Unordered(v.A, v.B); return (a, b, v.Kind); }).ToHashSet();
        Assert.That(queried, Is.EquivalentTo(scanned));
    }
}
