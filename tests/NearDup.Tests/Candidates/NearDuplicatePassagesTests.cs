using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Candidates;

/// <summary>The word passages and SimHash in a grouping search for near-duplicates alone
/// (<see cref="CandidateIndex.EachDocumentsLaterPairs(CopyKinds, IReadOnlyList{DocumentFingerprints}, int, System.Action{int, List{int}, int}, System.Action{int}?, bool, CancellationToken)"/>
/// with its near-duplicate passages): through the near-duplicate gate, and only when asked.</summary>
public class NearDuplicatePassagesTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    /// <summary>The pairs a search over <paramref name="documents"/> proposes, as (smaller key, larger key).</summary>
    private static List<(int, int)> Pairs(IReadOnlyList<DocumentFingerprints> documents, CopyKinds kinds, bool nearDuplicatePassages, int threads = 1)
    {
        var index = new CandidateIndex(IndexOptions.Default.CandidateSettings);
        index.AddRange(documents, bulk: false);
        var pairs = new List<(int, int)>();
        index.EachDocumentsLaterPairs(kinds, documents, threads, (a, found, _) => { lock (pairs) { pairs.AddRange(found.Select(b => (a, b))); } }, null, nearDuplicatePassages, CancellationToken.None);
        pairs.Sort();
        return pairs;
    }

    /// <summary>Two unrelated texts whose passage fingerprints are set to share one of four each (under the least count
    /// of two, over a fifth of either), with SimHashes <paramref name="simHashBits"/> bits apart.</summary>
    private static DocumentFingerprints[] SharingOneOfFour(int simHashBits)
    {
        DocumentFingerprints a = DocumentFingerprints.Of(Analyzer.Analyze("a", TestTexts.Lighthouse));
        DocumentFingerprints b = DocumentFingerprints.Of(Analyzer.Analyze("b", TestTexts.Sourdough));
        return
        [
            a with { Passages = [101, 102, 103, 104] },
            b with { Passages = [101, 202, 203, 204], SimHash = a.SimHash ^ ((1UL << simHashBits) - 1) },
        ];
    }

    [Test]
    public void A_SimHash_neighbour_sharing_a_fifth_of_its_passages_under_the_least_count_is_proposed() =>
        Assert.That(Pairs(SharingOneOfFour(simHashBits: 1), CopyKinds.NearDuplicate, nearDuplicatePassages: true), Is.EqualTo(new[] { (0, 1) }));

    [Test]
    public void The_same_pair_far_apart_by_SimHash_is_not_proposed() =>
        Assert.That(Pairs(SharingOneOfFour(simHashBits: 20), CopyKinds.NearDuplicate, nearDuplicatePassages: true), Is.Empty);

    /// <summary><see cref="SpinTexts.FloodReport"/> and the same with words split (<see cref="TestTexts.SplitEveryThirdLongWord"/>):
    /// a near-duplicate of broken word 5-grams, which the word LSH does not propose.</summary>
    private static DocumentFingerprints[] ReportAndSplitCopy() =>
    [
        DocumentFingerprints.Of(Analyzer.Analyze("report", SpinTexts.FloodReport)),
        DocumentFingerprints.Of(Analyzer.Analyze("split", TestTexts.SplitEveryThirdLongWord(SpinTexts.FloodReport))),
    ];

    [Test]
    public void A_near_duplicate_of_broken_5grams_is_proposed_only_with_the_near_duplicate_passages()
    {
        DocumentFingerprints[] documents = ReportAndSplitCopy();
        Assert.That(
            (Pairs(documents, CopyKinds.Exact | CopyKinds.NearDuplicate, nearDuplicatePassages: false), Pairs(documents, CopyKinds.Exact | CopyKinds.NearDuplicate, nearDuplicatePassages: true)),
            Is.EqualTo((new List<(int, int)>(), new List<(int, int)> { (0, 1) })));
    }

    [Test]
    public void Looking_for_contained_copies_too_the_flag_changes_nothing()
    {
        DocumentFingerprints[] documents = [.. ReportAndSplitCopy(), .. SharingOneOfFour(simHashBits: 1)];
        Assert.That(Pairs(documents, CopyKinds.NearDuplicate | CopyKinds.Contained, nearDuplicatePassages: true), Is.EqualTo(Pairs(documents, CopyKinds.NearDuplicate | CopyKinds.Contained, nearDuplicatePassages: false)));
    }

    [Test]
    public void Two_threads_propose_what_one_does()
    {
        DocumentFingerprints[] documents = [.. ReportAndSplitCopy(), .. SharingOneOfFour(simHashBits: 1), .. ReportAndSplitCopy()];
        Assert.That(Pairs(documents, CopyKinds.NearDuplicate, nearDuplicatePassages: true, threads: 2), Is.EqualTo(Pairs(documents, CopyKinds.NearDuplicate, nearDuplicatePassages: true, threads: 1)));
    }
}
