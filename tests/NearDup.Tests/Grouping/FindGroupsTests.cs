using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Grouping;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Grouping;

/// <summary><see cref="NearDupIndex.FindGroups"/>: connected components over the kinds asked for, one kept per group.</summary>
public class FindGroupsTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    /// <summary>Planted copies: an exact and a near copy of the lighthouse text, a near copy of the sourdough text, an
    /// excerpt of the bees text, an embedded lighthouse passage, and a text copied by nothing.</summary>
    private static List<AnalyzedDocument> Corpus() =>
    [
        Analyzer.Analyze("lighthouse", TestTexts.Lighthouse),
        Analyzer.Analyze("sourdough", TestTexts.Sourdough),
        Analyzer.Analyze("bees-1", TestTexts.BeesOne),
        Analyzer.Analyze("bees-2", TestTexts.BeesTwo),
        Analyzer.Analyze("lighthouse-upper", TestTexts.Lighthouse.ToUpperInvariant()),
        Analyzer.Analyze("lighthouse-edited", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260) + " And one more closing line for length."),
        Analyzer.Analyze("sourdough-edited", TestTexts.ReplaceWords(TestTexts.Sourdough, 20, 90, 160, 240)),
        Analyzer.Analyze("bees-excerpt", TestTexts.Excerpt(TestTexts.BeesOne, 0.5, 0.35)),
    ];

    private static List<(string Keep, string[] Members)> Groups(IReadOnlyList<CopyGroup> groups) =>
        groups.Select(g => (g.Keep, g.Members.ToArray())).ToList();

    [Test]
    public void Exact_and_near_duplicate_copies_form_one_group_each_kept_by_their_first_member()
    {
        Assert.That(
            Groups(NearDupIndex.FindGroups(Corpus())),
            Is.EqualTo(new List<(string, string[])>
            {
                ("lighthouse", ["lighthouse", "lighthouse-upper", "lighthouse-edited"]),
                ("sourdough", ["sourdough", "sourdough-edited"]),
            }));
    }

    [Test]
    public void A_near_duplicate_whose_word_5grams_are_broken_is_grouped_as_a_scan_reports_it()
    {
        List<AnalyzedDocument> documents = [Analyzer.Analyze("report", SpinTexts.FloodReport), Analyzer.Analyze("split", TestTexts.SplitEveryThirdLongWord(SpinTexts.FloodReport))];
        Assert.That(NearDupIndex.FindAllPairs(documents).Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("report", "split", NearDup.Verification.MatchKind.NearDuplicate) }), "the scan's verdict");
        Assert.That(Groups(NearDupIndex.FindGroups(documents)), Is.EqualTo(new List<(string, string[])> { ("report", ["report", "split"]) }));
    }

    [Test]
    public void Keep_longest_keeps_the_longest_member()
    {
        Assert.That(
            NearDupIndex.FindGroups(Corpus(), keep: KeepRule.Longest).Select(g => g.Keep),
            Is.EqualTo(new[] { "lighthouse-edited", TestTexts.Sourdough.Length >= TestTexts.ReplaceWords(TestTexts.Sourdough, 20, 90, 160, 240).Length ? "sourdough" : "sourdough-edited" }));
    }

    [Test]
    public void Exact_copies_alone_link_only_exact_copies()
    {
        Assert.That(
            Groups(NearDupIndex.FindGroups(Corpus(), CopyKinds.Exact)),
            Is.EqualTo(new List<(string, string[])> { ("lighthouse", ["lighthouse", "lighthouse-upper"]) }));
    }

    [Test]
    public void Contained_copies_link_an_excerpt_to_its_source_only_when_asked_for()
    {
        List<(string, string[])> groups = Groups(NearDupIndex.FindGroups(Corpus(), CopyKinds.All));
        Assert.That(groups, Does.Contain(("bees-1", new[] { "bees-1", "bees-excerpt" })));
        Assert.That(Groups(NearDupIndex.FindGroups(Corpus())).SelectMany(g => g.Item2), Does.Not.Contain("bees-excerpt"));
    }

    [Test]
    public void Near_duplicates_without_exact_leave_exact_copies_apart()
    {
        // Two exact copies are an exact verdict, which this grouping does not take; each still meets its near copy.
        List<(string, string[])> groups = Groups(NearDupIndex.FindGroups(Corpus(), CopyKinds.NearDuplicate));
        Assert.That(groups, Does.Contain(("sourdough", new[] { "sourdough", "sourdough-edited" })));
        Assert.That(groups.Any(g => g.Item2.Contains("lighthouse") && g.Item2.Contains("lighthouse-upper") && g.Item2.Length == 2), Is.False);
    }

    [Test]
    public void Many_identical_copies_are_one_group()
    {
        var documents = Enumerable.Range(0, 500).Select(i => Analyzer.Analyze($"copy-{i:D3}", TestTexts.BeesTwo)).ToList();
        documents.Add(Analyzer.Analyze("other", TestTexts.Sourdough));
        IReadOnlyList<CopyGroup> groups = NearDupIndex.FindGroups(documents);
        Assert.That((groups.Count, groups[0].Keep, groups[0].Members.Count, groups[0].Members.Contains("other")), Is.EqualTo((1, "copy-000", 500, false)));
    }

    /// <summary><paramref name="count"/> near copies of one text, each with other words replaced (3 of about 300), then
    /// a text copied by nothing.</summary>
    private static List<AnalyzedDocument> Flood(int count)
    {
        var random = new Random(17);
        int words = TestTexts.Words(TestTexts.BeesTwo).Length;
        var documents = Enumerable.Range(0, count)
            .Select(i => Analyzer.Analyze($"near-{i:D3}", TestTexts.ReplaceWords(TestTexts.BeesTwo, random.Next(words), random.Next(words), random.Next(words))))
            .ToList();
        documents.Add(Analyzer.Analyze("other", TestTexts.Sourdough));
        return documents;
    }

    /// <summary>The groups of every verified pair whose kind links (the oracle: each pair verified, then joined).</summary>
    private static List<(string, string[])> GroupsOfEveryPair(List<AnalyzedDocument> documents, CopyKinds kinds)
    {
        var sets = new DisjointSets(documents.Count);
        var position = documents.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i);
        foreach (var v in NearDupIndex.FindAllPairs(documents))
        {
            if ((v.Kind.ToCopyKinds() & kinds) != 0)
            {
                sets.Union(position[v.A], position[v.B]);
            }
        }

        return Enumerable.Range(0, documents.Count)
            .GroupBy(sets.Find)
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Min())
            .Select(g => (documents[g.Min()].Id, g.Order().Select(i => documents[i].Id).ToArray()))
            .ToList();
    }

    [Test]
    public void A_flood_of_near_copies_is_one_group()
    {
        IReadOnlyList<CopyGroup> groups = NearDupIndex.FindGroups(Flood(200));
        Assert.That((groups.Count, groups[0].Keep, groups[0].Members.Count, groups[0].Members.Contains("other")), Is.EqualTo((1, "near-000", 200, false)));
    }

    [Test]
    public void A_flood_of_near_copies_is_verified_about_once_a_copy_not_once_a_pair()
    {
        // One thread, so the count is the same every run: a copy's candidates are verified and joined, and most later
        // pairs are inside the group by then. Every pair verified would be up to 19,900.
        List<AnalyzedDocument> documents = Flood(200);
        var options = new NearDup.Detection.IndexOptions(maxDegreeOfParallelism: 1);
        DisjointSets sets = NearDupIndex.LinkedSets(documents, options, CopyKinds.NearDuplicate, CopyKinds.NearDuplicate, null, default, out long verified);
        Assert.That((verified, sets.Find(199) == sets.Find(0), sets.Find(200) == sets.Find(0)), Is.EqualTo((698L, true, false)));
    }

    [TestCase(CopyKinds.All)]
    [TestCase(CopyKinds.Exact | CopyKinds.NearDuplicate)]
    [TestCase(CopyKinds.NearDuplicate)]
    [TestCase(CopyKinds.NearDuplicate | CopyKinds.Contained)]
    public void Groups_are_those_of_every_pair_verified(CopyKinds kinds)
    {
        // The planted corpus twice over under other ids, plus near copies: pairs inside groups are skipped, and the
        // groups must not change for it.
        List<AnalyzedDocument> documents = Corpus();
        documents.AddRange(Corpus().Select(d => Analyzer.Analyze(d.Id + "-again", d.Text + " Filed again.")));
        documents.AddRange(Flood(30));
        Assert.That(Groups(NearDupIndex.FindGroups(documents, kinds)), Is.EqualTo(GroupsOfEveryPair(documents, kinds)));
    }

    [Test]
    public void No_kind_is_rejected() =>
        Assert.That(() => NearDupIndex.FindGroups(Corpus(), CopyKinds.None), Throws.ArgumentException.With.Message.Contains("at least one kind"));

    [Test]
    public void A_repeated_id_is_rejected()
    {
        List<AnalyzedDocument> documents = Corpus();
        documents.Add(Analyzer.Analyze("sourdough", TestTexts.BeesTwo));
        Assert.That(() => NearDupIndex.FindGroups(documents), Throws.ArgumentException.With.Message.Contains("'sourdough' occurs twice"));
    }

    [Test]
    public void Disjoint_sets_join_transitively_and_report_whether_a_union_joined_anything()
    {
        var sets = new DisjointSets(6);
        bool[] joined = [sets.Union(0, 1), sets.Union(2, 3), sets.Union(1, 3), sets.Union(0, 2)];
        Assert.That(
            (joined, sets.Find(0) == sets.Find(3), sets.Find(4) == sets.Find(0), sets.Find(5)),
            Is.EqualTo((new[] { true, true, true, false }, true, false, 5)));
    }
}
