using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

public class FindAllPairsTests
{
    private static readonly DocumentAnalyzer Analyzer = new();

    private static List<AnalyzedDocument> Corpus() =>
    [
        Analyzer.Analyze("lighthouse", TestTexts.Lighthouse),
        Analyzer.Analyze("sourdough", TestTexts.Sourdough),
        Analyzer.Analyze("bees-1", TestTexts.BeesOne),
        Analyzer.Analyze("bees-2", TestTexts.BeesTwo),
        Analyzer.Analyze("lighthouse-upper", TestTexts.Lighthouse.ToUpperInvariant()),
        Analyzer.Analyze("sourdough-edited", TestTexts.ReplaceWords(TestTexts.Sourdough, 20, 90, 160, 240)),
        Analyzer.Analyze("bees-excerpt", TestTexts.Excerpt(TestTexts.BeesOne, 0.5, 0.35)),
        Analyzer.Analyze("embedded", TestTexts.Embed(TestTexts.BeesTwo, TestTexts.Excerpt(TestTexts.Lighthouse, 0.1, 0.3))),
    ];

    private static IEnumerable<(string, string, MatchKind)> Found(IReadOnlyList<PairVerdict> verdicts) =>
        verdicts.Select(v => (v.A, v.B, v.Kind));

    [Test]
    public void FindAllPairs_SmallCorpus_FindsExactlyTheCopies()
    {
        IReadOnlyList<PairVerdict> verdicts = NearDupIndex.FindAllPairs(Corpus());
        Assert.That(Found(verdicts), Is.EquivalentTo(new[]
        {
            ("lighthouse", "lighthouse-upper", MatchKind.Exact),
            ("sourdough", "sourdough-edited", MatchKind.NearDuplicate),
            ("bees-1", "bees-excerpt", MatchKind.Contained),
            ("lighthouse", "embedded", MatchKind.Contained),
            ("lighthouse-upper", "embedded", MatchKind.Contained),
            ("bees-2", "embedded", MatchKind.Contained), // the host text is most of "embedded"
        }));
    }

    [Test]
    public void FindAllPairs_Results_SortedByKindThenScoreDescending()
    {
        IReadOnlyList<PairVerdict> verdicts = NearDupIndex.FindAllPairs(Corpus());
        Assert.That(verdicts.Select(v => ((int)v.Kind, -v.Score)), Is.Ordered);
    }

    [Test]
    public void FindAllPairs_PairsNameAInDocumentOrderBeforeB()
    {
        List<AnalyzedDocument> corpus = Corpus();
        var order = corpus.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        Assert.That(NearDupIndex.FindAllPairs(corpus).Select(v => order[v.A] < order[v.B]), Is.All.True);
    }

    [Test]
    public void FindAllPairs_DuplicateIds_ThrowsArgumentException()
    {
        var docs = new[] { Analyzer.Analyze("same", "one text"), Analyzer.Analyze("same", "another text") };
        Assert.That(() => NearDupIndex.FindAllPairs(docs), Throws.ArgumentException.With.Message.Contains("same"));
    }

    [Test]
    public void FindAllPairs_DocumentAnalysedWithOtherSketchParameters_ThrowsArgumentException()
    {
        var other = new DocumentAnalyzer(new AnalysisOptions(new NearDup.Sketches.MinHash.MinHashParameters(
            NearDup.Sketches.MinHash.MinHashFamily.OnePermutation, 64, NearDup.Sketches.MinHash.MinHashParameters.DefaultSeed, NearDup.Shingles.ShingleSpec.Default)));
        var docs = new[] { Analyzer.Analyze("a", TestTexts.Lighthouse), other.Analyze("b", TestTexts.Sourdough) };
        Assert.That(() => NearDupIndex.FindAllPairs(docs), Throws.ArgumentException.With.Message.Contains("64").And.Message.Contains("128"));
    }

    [Test]
    public void FindAllPairs_EmbeddedExcerpt_FoundThroughPassagesThoughWholeDocumentsDiffer()
    {
        // J of the whole documents is far below the LSH threshold, so only winnowed passages can propose this pair.
        AnalyzedDocument original = Analyzer.Analyze("original", TestTexts.Lighthouse);
        AnalyzedDocument host = Analyzer.Analyze("host", TestTexts.Embed(TestTexts.Sourdough, TestTexts.Excerpt(TestTexts.Lighthouse, 0.5, 0.2)));
        Assume.That(original.ShingleSet.Jaccard(host.ShingleSet), Is.LessThan(0.2));
        Assert.That(NearDupIndex.FindAllPairs([original, host]).Select(v => v.Kind), Is.EqualTo(new[] { MatchKind.Contained }));
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    public void IndexOptions_LshThresholdOutOfRange_Throws(double threshold) =>
        Assert.That(() => new IndexOptions(lshThreshold: threshold), Throws.TypeOf<System.ArgumentOutOfRangeException>());

    [Test]
    public void IndexOptions_MaxPostingsBelowTwo_Throws() =>
        Assert.That(() => new IndexOptions(maxPostings: 1), Throws.TypeOf<System.ArgumentOutOfRangeException>());

    [Test]
    public void FindAllPairs_Empty_ReturnsNoPairs() =>
        Assert.That(NearDupIndex.FindAllPairs([]), Is.Empty);

    [Test]
    public void FindAllPairs_SingleThreaded_SameAsParallel()
    {
        IReadOnlyList<PairVerdict> single = NearDupIndex.FindAllPairs(Corpus(), new IndexOptions(maxDegreeOfParallelism: 1));
        Assert.That(Found(single), Is.EqualTo(Found(NearDupIndex.FindAllPairs(Corpus()))));
    }

    [Test]
    public void Banding_IsOptimizedForTheThreshold() =>
        Assert.That(IndexOptions.Default.Banding, Is.EqualTo(NearDup.Indexing.Lsh.LshParameters.Optimize(0.5, 128)));

    [Test]
    public void FindAllPairs_CustomFunctionWords_VerifiesWithTheSameList()
    {
        // The aligner tells content words from function words; it must use the list the skeleton was made with.
        var options = new IndexOptions(new AnalysisOptions(functionWords: GermanTexts.FunctionWordList));
        var analyzer = new DocumentAnalyzer(options.Analysis);
        AnalyzedDocument mill = analyzer.Analyze("mill", GermanTexts.Mill), spun = analyzer.Analyze("spun", GermanTexts.MillSpun);
        double german = new PairVerifier(options.Analysis.ShingleSize, options.Verification, new SpinAligner(GermanTexts.FunctionWordList)).Verify(mill, spun)!.Score;
        double english = new PairVerifier(options.Analysis.ShingleSize, options.Verification).Verify(mill, spun)!.Score;
        Assert.That(german, Is.Not.EqualTo(english), "precondition: the two lists score this pair differently");

        PairVerdict verdict = NearDupIndex.FindAllPairs([mill, spun], options).Single();
        Assert.That((verdict.Kind, verdict.Score), Is.EqualTo((MatchKind.Spun, german)));
    }
}
