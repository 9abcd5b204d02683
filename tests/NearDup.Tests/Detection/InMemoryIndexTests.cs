using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Storage.Codecs;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary>The front door in memory (<see cref="NearDupIndex.CreateInMemory"/>): queries, kinds, the cache of
/// analysed originals, removal and compaction.</summary>
public class InMemoryIndexTests
{
    private static NearDupIndex Index(int cacheCapacity = NearDupIndex.DefaultCacheCapacity)
    {
        var index = NearDupIndex.CreateInMemory(cacheCapacity: cacheCapacity);
        index.Add("harbour", SpinTexts.Harbour);
        index.Add("orchard", SpinTexts.Orchard);
        index.Add("flood", SpinTexts.FloodReport);
        index.Add("lighthouse", TestTexts.Lighthouse);
        return index;
    }

    // Queries do not change the index (and are safe concurrently), so they share one: building an index costs ~0.3 s.
    private static readonly System.Lazy<NearDupIndex> Shared = new(() => Index());

    [TestCase(0.15, 1)]
    [TestCase(0.30, 2)]
    [TestCase(0.45, 3)]
    public void Query_SpunCopy_ReturnsItsOriginalAsSpun(double rate, int seed)
    {
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = rate, Seed = seed }).Text;
        Assert.That(Shared.Value.Query(spun).Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("harbour", "query", MatchKind.Spun) }));
    }

    [TestCase(0.15, 1)]
    [TestCase(0.30, 2)]
    [TestCase(0.45, 3)]
    public void Query_SpunCopy_VerdictListsTheAppliedSubstitutions(double rate, int seed)
    {
        SpinResult spun = Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = rate, Seed = seed });
        PairVerdict verdict = Shared.Value.Query(spun.Text, "copy").Single();
        Assert.That(
            verdict.Alignment!.Substitutions.Select(s => (s.From, s.To)),
            Is.SupersetOf(spun.Isolated().Select(a => (a.From, a.To)).Distinct()));
    }

    [Test]
    public void Query_UnrelatedText_ReturnsNothing() =>
        Assert.That(Shared.Value.Query(TestTexts.Sourdough), Is.Empty);

    [Test]
    public void Query_TextOnTheSameTopicAsAnIndexedOne_ReturnsNothing() =>
        Assert.That(Shared.Value.Query(SpinTexts.FloodOpinion), Is.Empty);

    // ---- Kinds of copy a query looks for ------------------------------------------------------------------------------

    private static readonly string Excerpt = TestTexts.Excerpt(SpinTexts.FloodReport, 0.2, 0.5);

    private static readonly string SpunHarbour = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 2 }).Text;

    [Test]
    public void Query_Excerpt_IsFoundAsContainedByThePassagesButNotByTheLsh()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Shared.Value.Query(Excerpt, "q", CopyKinds.Contained).Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("flood", MatchKind.Contained) }));
            Assert.That(Shared.Value.Query(Excerpt, "q", CopyKinds.Exact | CopyKinds.NearDuplicate), Is.Empty);
        });
    }

    [Test]
    public void Query_SpunCopy_IsFoundAsSpunOnlyWhenSpunCopiesAreLookedFor()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Shared.Value.Query(SpunHarbour, "q", CopyKinds.Spun).Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("harbour", MatchKind.Spun) }));
            Assert.That(Shared.Value.Query(SpunHarbour, "q", CopyKinds.Exact | CopyKinds.NearDuplicate), Is.Empty);
        });
    }

    [Test]
    public void Query_ExactCopyLookedForAsNearDuplicate_IsFoundAndReportedAsExact() =>
        Assert.That(Shared.Value.Query(TestTexts.Lighthouse, "q", CopyKinds.NearDuplicate).Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("lighthouse", MatchKind.Exact) }));

    [Test]
    public void Query_ForAllKinds_AnswersAsTheDefaultQuery() =>
        Assert.That(
            Probes.SelectMany((text, i) => Shared.Value.Query(text, $"probe{i}", CopyKinds.All).Select(Evidence)),
            Is.EqualTo(Answers(Shared.Value)));

    [TestCase(CopyKinds.None)]
    [TestCase((CopyKinds)16)]
    [TestCase(CopyKinds.Spun | (CopyKinds)64)]
    public void Query_NoKindOrAnUnknownKind_IsRejected(CopyKinds kinds) =>
        Assert.That(() => Shared.Value.Query(TestTexts.Lighthouse, "q", kinds), Throws.InstanceOf<System.ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("kinds"));

    [Test]
    public void Add_DuplicateId_ThrowsArgumentExceptionNamingTheId()
    {
        using NearDupIndex index = Index();
        Assert.That(() => index.Add("orchard", SpinTexts.FloodOpinion), Throws.ArgumentException.With.Message.Contains("'orchard'"));
    }

    [Test]
    public void Add_DuplicateId_LeavesTheIndexUnchanged()
    {
        using NearDupIndex index = Index();
        Assert.Throws<System.ArgumentException>(() => index.Add("orchard", SpinTexts.FloodOpinion));
        Assert.That((index.Count, index.Query(SpinTexts.FloodOpinion).Count), Is.EqualTo((4L, 0)));
    }

    [Test]
    public void Compare_SpunCopy_ExplainsAsSpun()
    {
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 11 }).Text;
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        PairExplanation x = index.Compare(SpinTexts.Harbour, spun);
        Assert.That((x.Verdict?.Kind, x.Proposed), Is.EqualTo((MatchKind.Spun, true)));
    }

    /// <summary>The report with the words of every sentence in reverse order: only the word pairs propose it (see
    /// WordPairCandidateTests).</summary>
    private static readonly string ReportBackwards = string.Join(
        " ",
        SpinTexts.FloodReport.Split(". ").Select(sentence => string.Join(" ", sentence.Split(' ').Reverse()) + "."));

    [Test]
    public void Compare_ARewriteOnlyTheWordPairsPropose_IsProposedAsSpunAndSaysByWhat()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        PairExplanation x = index.Compare(SpinTexts.FloodReport, ReportBackwards);
        Assert.That((x.ProposedByWordPairsOnly, x.Verdict?.Kind, x.Proposed), Is.EqualTo((true, (MatchKind?)MatchKind.Spun, true)));
    }

    [Test]
    public void Compare_APairAnyOtherSourceProposes_IsNotMarkedAsProposedByTheWordPairsOnly()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        PairExplanation x = index.Compare(TestTexts.Lighthouse, TestTexts.ReplaceWords(TestTexts.Lighthouse, 10, 40, 90));
        Assert.That((x.ProposedByWordPairsOnly, x.Proposed), Is.EqualTo((false, true)));
    }

    [Test]
    public void Compare_TextsSharingOnlyAPassageBelowTheGate_AreNotProposedThoughTheVerifierSeesThePassage()
    {
        // Two unrelated long texts that share one sentence: the verifier finds the passage, but the pair shares too few
        // passage fingerprints for the candidate gate, so neither a scan nor a query would compare them.
        string sentence = " The committee adjourned the meeting until the following Thursday afternoon at the town hall.";
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        PairExplanation x = index.Compare(TestTexts.Lighthouse + sentence, TestTexts.Sourdough + sentence);
        Assert.That(x.Proposed, Is.False);
        Assert.That(NearDupIndex.FindAllPairs([index.Analyzer.Analyze("a", TestTexts.Lighthouse + sentence), index.Analyzer.Analyze("b", TestTexts.Sourdough + sentence)]), Is.Empty);
    }

    /// <summary>Six texts of their own words, each with the same passage in their middle (at the end of both it would be
    /// a trailer, see PairVerifierTrailerTests).</summary>
    private static string[] SixSharingAPassage()
    {
        var random = new System.Random(36);
        string passage = RandomText.Of(random, 70);
        return [.. Enumerable.Range(0, 6).Select(_ => RandomText.Of(random, 100) + " " + passage + " " + RandomText.Of(random, 100))];
    }

    /// <summary>An index with a boilerplate cap of four documents, holding <paramref name="texts"/>.</summary>
    private static NearDupIndex CappedAtFour(IReadOnlyList<string> texts)
    {
        var index = NearDupIndex.CreateInMemory(new IndexOptions(maxPostings: 4));
        index.AddBatch(texts.Select((t, i) => ($"doc{i}", t)).ToList());
        return index;
    }

    [Test]
    public void Compare_TwoTextsAloneSharingAPassage_AreProposed()
    {
        // Precondition for the test below: alone (an empty index, no collection), the shared passage (a quarter of each
        // text) makes the pair a copy, and the candidate search proposes it.
        string[] texts = SixSharingAPassage();
        using NearDupIndex empty = CappedAtFour([]);
        PairExplanation x = empty.Compare(texts[0], texts[1]);
        Assert.That((x.Verdict?.Kind, x.Proposed), Is.EqualTo((MatchKind.Contained, true)));
    }

    [Test]
    public void Compare_TwoIndexedDocumentsSharingAPassageMoreThanTheCapHold_AreNotProposedAsAScanWouldNotPairThem()
    {
        // Six documents hold the passage, more than the cap of four: it is boilerplate to the candidate search, and a scan
        // of the six pairs none of them. Explained as two of the index's documents, the pair says so.
        string[] texts = SixSharingAPassage();
        using NearDupIndex index = CappedAtFour(texts);
        Assert.That(NearDupIndex.FindAllPairs([.. texts.Select((t, i) => index.Analyzer.Analyze($"doc{i}", t))], index.Options), Is.Empty);
        Assert.That(index.Compare(texts[0], texts[1], "doc0", "doc1").Proposed, Is.False);
    }

    [Test]
    public void Compare_TwoIndexedDocumentsAScanPairs_AreProposed()
    {
        using NearDupIndex index = Index();
        string edited = TestTexts.ReplaceWords(TestTexts.Lighthouse, 10, 40, 90);
        index.Add("edited", edited);
        PairExplanation x = index.Compare(TestTexts.Lighthouse, edited, "lighthouse", "edited");
        Assert.That((x.Verdict?.Kind, x.Proposed), Is.EqualTo((MatchKind.NearDuplicate, true)));
    }

    // ---- Analysed documents rebuilt on demand, cached ---------------------------------------------------------------

    /// <summary>One query per kind of copy against <see cref="Index"/>'s documents, and one unrelated text.</summary>
    private static readonly string[] Probes =
    [
        TestTexts.Lighthouse,
        TestTexts.ReplaceWords(TestTexts.Lighthouse, 10, 40, 90),
        TestTexts.Excerpt(SpinTexts.FloodReport, 0.2, 0.5),
        Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 2 }).Text,
        Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = 0.15, Seed = 1 }).Text,
        TestTexts.Sourdough,
    ];

    /// <summary>Everything a verdict says, evidence included, as one string to compare.</summary>
    internal static string Evidence(PairVerdict v) =>
        $"{v.A}|{v.B}|{v.Kind}|{v.Score:R}|{v.Figures}|{string.Join(";", v.Passages)}|" +
        (v.Alignment is { } a
            ? $"{a.CoverageA:R} {a.CoverageB:R} {a.MatchedTokens} {string.Join(";", a.Passages)} {string.Join(";", a.Substitutions)} {string.Join(";", a.Edits)}"
            : "no alignment");

    private static List<string> Answers(NearDupIndex index) =>
        Probes.SelectMany((text, i) => index.Query(text, $"probe{i}").Select(Evidence)).ToList();

    private static NearDupIndex IndexWithCache(int capacity) => Index(capacity);

    [Test]
    public void Query_WithACacheSmallerThanTheCandidates_HoldsAtMostItsCapacityAndAnswersAsAnUncappedCache()
    {
        using NearDupIndex small = IndexWithCache(1);
        Assert.That(Answers(small), Is.EqualTo(Answers(IndexWithCache(NearDupIndex.DefaultCacheCapacity))));
        Assert.That((small.CacheCapacity, small.Cache.Count), Is.EqualTo((1, 1)));
        Assert.That(small.Cache.Misses, Is.GreaterThan(1), "evicted documents were analysed again");
    }

    [Test]
    public void Query_OfTextsAnalysedIntoPooledArrays_AnswersAsQueriesOfKeptDocuments()
    {
        // Query(text) analyses into pooled arrays and gives them back, as it does candidates it does not cache: three
        // rounds reuse the same arrays, and every answer must match the one for a document analysed the ordinary way.
        using NearDupIndex pooled = IndexWithCache(0);
        using NearDupIndex kept = IndexWithCache(0);
        List<string> expected = Probes.SelectMany((text, i) => kept.Query(kept.Analyzer.Analyze($"probe{i}", text)).Select(Evidence)).ToList();
        Assert.That(Enumerable.Range(0, 3).Select(_ => Answers(pooled)), Is.All.EqualTo(expected));
    }

    [Test]
    public void Query_WithNoCache_KeepsNothingAndAnswersTheSame()
    {
        using NearDupIndex none = IndexWithCache(0);
        Assert.That(Answers(none), Is.EqualTo(Answers(Shared.Value)));
        Assert.That(none.Cache.Count, Is.Zero);
    }

    [Test]
    public void Query_RepeatedWithTheDefaultCache_CachesEachCandidateOnItsSecondMissThenRebuildsNoMore()
    {
        using NearDupIndex index = IndexWithCache(NearDupIndex.DefaultCacheCapacity);
        List<string> first = Answers(index);
        long once = index.Cache.Misses;
        Assert.That(Answers(index), Is.EqualTo(first));
        long twice = index.Cache.Misses;
        int candidates = first.Select(a => a.Split('|')[0]).Distinct().Count();
        Assert.That((Answers(index), index.Cache.Misses, index.Cache.Count, twice > once), Is.EqualTo((first, twice, candidates, true)));
    }

    [Test]
    public void Query_ConcurrentlyWithATinyCache_GivesEveryThreadTheSingleThreadedAnswers()
    {
        using NearDupIndex index = IndexWithCache(2);
        var expected = Probes.Select((text, i) => index.Query(text, $"probe{i}").Select(Evidence).ToList()).ToList();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        System.Threading.Tasks.Parallel.For(0, 8 * Probes.Length, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            int i = n % Probes.Length;
            List<string> got = index.Query(Probes[i], $"probe{i}").Select(Evidence).ToList();
            if (!got.SequenceEqual(expected[i]))
            {
                errors.Enqueue($"probe{i}: {string.Join(", ", got)}");
            }
        });
        Assert.That(errors, Is.Empty);
        Assert.That(index.Cache.Count, Is.LessThanOrEqualTo(2));
    }

    [Test]
    public void Remove_TheOnlyOriginalOfAQuery_LeavesTheQueryWithoutVerdicts()
    {
        using NearDupIndex index = IndexWithCache(NearDupIndex.DefaultCacheCapacity);
        index.Query(TestTexts.Lighthouse);
        index.Query(TestTexts.Lighthouse); // cached on the second miss
        Assert.That(index.Remove(["lighthouse"]), Is.EqualTo(1));
        Assert.That((index.Count, index.Query(TestTexts.Lighthouse).Count), Is.EqualTo((3L, 0)));
    }

    [Test]
    public void Compact_AfterAQuarterIsRemoved_RebuildsWithoutTombstonesAndAnswersAsBefore()
    {
        using NearDupIndex index = IndexWithCache(NearDupIndex.DefaultCacheCapacity);
        index.Remove(["orchard"]);
        List<string> before = Answers(index);
        var backend = (EmbeddedIndex)index.Backend;
        Assume.That(backend.Tombstones, Is.EqualTo(1));
        index.Compact();
        Assert.That((index.Count, backend.Tombstones, Answers(index)), Is.EqualTo((3L, 0, before)));
    }

    [Test]
    public void Add_TextWithALoneSurrogate_IsRejectedAndNothingIsStored()
    {
        // Strict UTF-8 cannot hold a lone surrogate, so such a text cannot be stored, in memory as on disk.
        string broken = TestTexts.Sourdough + " \uD800";
        using NearDupIndex index = NearDupIndex.CreateInMemory(cacheCapacity: 0);
        Assert.That(() => index.Add("broken", broken), Throws.InstanceOf<System.ArgumentException>());
        Assert.That((index.Count, index.Contains("broken")), Is.EqualTo((0L, false)));
    }

    [Test]
    public void AddBatch_TextWithALoneSurrogate_IsRefusedNamingTheDocumentAndWhere()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory(cacheCapacity: 0);
        Assert.That(
            () => index.AddBatch([("fine", TestTexts.Lighthouse), ("broken", "hello \uD800 world, and more words")]),
            Throws.ArgumentException.With.Message.EqualTo("document 'broken' has a text that is not valid Unicode (a lone surrogate at character 6); it cannot be stored. (Parameter 'documents')"));
        Assert.That(index.Count, Is.Zero);
    }

    [Test]
    public void AddBatch_AnalysedTextWithALowSurrogateAlone_IsRefusedNamingTheDocument()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory(cacheCapacity: 0);
        AnalyzedDocument broken = index.Analyzer.Analyze("broken", "a pair \uD83D\uDE00 is fine, a low half \uDC00 alone is not");
        Assert.That(() => index.AddBatch([broken]), Throws.ArgumentException.With.Message.Contains("'broken' has a text that is not valid Unicode (a lone surrogate at character 30)"));
    }

    [Test]
    public void AddRange_IdRepeatedOrAlreadyHeld_AddsNothing()
    {
        var analyzer = new DocumentAnalyzer();
        var table = new ResidentTable(IndexOptions.Default, "test");
        StoredForm Form(string text) => StoredForm.From(analyzer.Analyze("x", text));
        table.AddRange([("orchard", Form(SpinTexts.Orchard))], bulk: false);
        Assert.That(() => table.AddRange([("new", Form(TestTexts.Sourdough)), ("new", Form(TestTexts.BeesOne))], bulk: false), Throws.ArgumentException.With.Message.Contains("'new'"));
        Assert.That(() => table.AddRange([("other", Form(TestTexts.Sourdough)), ("orchard", Form(TestTexts.BeesOne))], bulk: false), Throws.ArgumentException.With.Message.Contains("'orchard'"));
        Assert.That((table.Count, table.Slots, table.Contains("new"), table.Contains("other"), table.Candidates.Slots), Is.EqualTo((1, 1, false, false, 1)));
    }

    [Test]
    public void AddRange_LooksUpAsAddingOneByOne()
    {
        var analyzer = new DocumentAnalyzer();
        var one = new ResidentTable(IndexOptions.Default, "one");
        var range = new ResidentTable(IndexOptions.Default, "range");
        var forms = new List<(string, StoredForm)>();
        foreach (var (id, text) in new[] { ("harbour", SpinTexts.Harbour), ("orchard", SpinTexts.Orchard), ("flood", SpinTexts.FloodReport), ("lighthouse", TestTexts.Lighthouse) })
        {
            StoredForm form = StoredForm.From(analyzer.Analyze(id, text));
            one.Add(id, form);
            forms.Add((id, form));
        }

        range.AddRange(forms, bulk: false);
        List<int> Lookup(ResidentTable t, string text)
        {
            var keys = new List<int>();
            t.Candidates.Lookup(DocumentFingerprints.Of(analyzer.Analyze("q", text)), CopyKinds.All, keys);
            keys.Sort();
            return keys;
        }

        Assert.That(Probes.Select(p => Lookup(range, p)), Is.EqualTo(Probes.Select(p => Lookup(one, p))));
    }

    [Test]
    public void Recover_finds_nothing_to_replay_in_an_index_of_one_process_and_changes_nothing()
    {
        using NearDupIndex index = Index();
        long count = index.Count;
        RecoveryReport report = index.Recover();
        Assert.Multiple(() =>
        {
            Assert.That((report.ReplayedBatches, report.DroppedBytes, report.Messages.Count), Is.EqualTo((0, 0L, 0)));
            Assert.That(index.Count, Is.EqualTo(count));
        });
    }
}
