using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Analysis;
using NearDup.Shingles;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.VectorCheck;
using NUnit.Framework;

namespace NearDup.Tests.Shingles;

public class WordPairsTests
{
    private static ulong[] Stems(string text, bool fold = true)
    {
        Token[] tokens = Tokenizer.Tokenize(text);
        var stems = new ulong[tokens.Length];
        int n = WordPairs.Stems(text, tokens, FunctionWords.English, fold, stems);
        return stems[..n];
    }

    private static ulong Stem(string word) => Stems(word).Single();

    /// <summary>The kept pair hashes of a stem sequence, the obvious way: every pair of positions fewer than
    /// <see cref="WordPairs.Window"/> apart, in text order.</summary>
    private static List<ulong> OraclePairs(ulong[] stems) => OraclePairs(stems, stems.Length);

    /// <summary>As <see cref="OraclePairs(ulong[])"/>, the pairs whose first stem is one of the first
    /// <paramref name="firsts"/>.</summary>
    private static List<ulong> OraclePairs(ulong[] stems, int firsts)
    {
        var kept = new List<ulong>();
        for (int i = 0; i < firsts; i++)
        {
            for (int j = i + 1; j < stems.Length && j - i < WordPairs.Window; j++)
            {
                ulong h = WordPairs.PairHash(stems[i], stems[j]);
                if (stems[i] != stems[j] && h <= ulong.MaxValue / WordPairs.Sampling)
                {
                    kept.Add(h);
                }
            }
        }

        return kept;
    }

    [Test]
    public void Stems_KeepContentWordsAndNumbers_DropFunctionWordsShortWordsAndPunctuation() =>
        Assert.That(
            Stems("The keeper of an old lamp lit it at 9, as we do.").Length,
            Is.EqualTo(5), "keeper, old, lamp, lit, 9");

    [Test]
    public void Stems_WordsSharingTheirFirstFiveLetters_AreOneStem() =>
        Assert.That(Stem("restructured"), Is.EqualTo(Stem("restructuring")).And.EqualTo(Stem("Restr")));

    [Test]
    public void Stems_WordsDifferingInTheirFirstFiveLetters_AreTwoStems() =>
        Assert.That(Stem("bridge"), Is.Not.EqualTo(Stem("bridle")));

    [Test]
    public void Stems_CaseAndComposition_DoNotMatter() =>
        Assert.That(new[] { Stem("Mannsåker"), Stem("MANNSÅKER"), Stem("Manns\u0061\u030Aker") }.Distinct().Count(), Is.EqualTo(1));

    [Test]
    public void Stems_LookAlikeLetterInsideTheStem_FoldsWhenAsked() =>
        Assert.That(
            (Stems("h\u0430rbour", fold: true)[0] == Stem("harbour"), Stems("h\u0430rbour", fold: false)[0] == Stem("harbour")),
            Is.EqualTo((true, false)));

    [Test]
    public void Stems_NumbersAreWholeTokens() =>
        Assert.That(Stem("1953"), Is.Not.EqualTo(Stem("1954")));

    [Test]
    public void PairHash_IsTheSameEitherWayRound() =>
        Assert.That(WordPairs.PairHash(Stem("flood"), Stem("bridge")), Is.EqualTo(WordPairs.PairHash(Stem("bridge"), Stem("flood"))));

    [Test]
    public void PairHash_OfAnotherPair_Differs() =>
        Assert.That(WordPairs.PairHash(Stem("flood"), Stem("bridge")), Is.Not.EqualTo(WordPairs.PairHash(Stem("flood"), Stem("river"))));

    public static IEnumerable<TestCaseData> ParityCases()
    {
        foreach ((int n, int seed) in VectorOracle.WordPairCases())
        {
            yield return new TestCaseData(n, seed).SetName($"{{m}}_n{n}_seed{seed}");
        }
    }

    // The widest vector path this machine accelerates; VectorFallbackTests runs the same comparisons with it switched off.
    [TestCaseSource(nameof(ParityCases))]
    public void Pairs_RandomStems_EqualPairsScalarInTheSameOrder(int n, int seed)
    {
        (List<ulong> vector, List<ulong> scalar) = VectorOracle.WordPairsOf(n, seed);
        Assert.That(vector, Is.EqualTo(scalar));
    }

    [TestCaseSource(typeof(VectorOracle), nameof(VectorOracle.WordPairMaskCases))]
    public void Pairs_EveryPatternOfKeptPartners_EqualPairsScalarInTheSameOrder(int mask)
    {
        (List<ulong> vector, List<ulong> scalar) = VectorOracle.WordPairsForMask(mask);
        Assert.That(vector, Is.EqualTo(scalar));
    }

    [Test]
    public void Pairs_RandomStemSequences_MatchTheOracle()
    {
        var random = new Random(15);
        for (int round = 0; round < 50; round++)
        {
            // Few distinct stems, so that repeats (which form no pair) occur.
            ulong[] stems = Enumerable.Range(0, random.Next(0, 120)).Select(_ => (ulong)random.Next(1, 40) * 0x9E37_79B9_7F4A_7C15UL).ToArray();
            var pairs = new List<ulong>();
            WordPairs.Pairs(stems, pairs);
            Assert.That(pairs, Is.EqualTo(OraclePairs(stems)), $"round {round}");
        }
    }

    // A long text's pairs are made a block of stems at a time, each block with the Window - 1 stems after it.
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(9)]
    [TestCase(100)]
    [TestCase(999)]
    [TestCase(1000)]
    public void Pairs_InBlocksWithTheWindowAfterEach_EqualThePairsOfTheWhole(int block)
    {
        var random = new Random(block);
        ulong[] stems = Enumerable.Range(0, 1000).Select(_ => (ulong)random.Next(1, 300) * 0x9E37_79B9_7F4A_7C15UL).ToArray();
        var blocks = new List<ulong>();
        var scratch = new ulong[WordPairs.MaxPairs(block)];
        for (int start = 0; start < stems.Length; start += block)
        {
            int firsts = Math.Min(block, stems.Length - start);
            int end = Math.Min(stems.Length, start + firsts + WordPairs.Window - 1);
            blocks.AddRange(scratch.AsSpan(0, WordPairs.Pairs(stems.AsSpan(start, end - start), firsts, scratch)).ToArray());
        }

        Assert.That(blocks, Is.EqualTo(OraclePairs(stems)));
    }

    // Stems running well past the firsts: only the firsts' pairs are written, and nothing past MaxPairs(firsts).
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(50)]
    [TestCase(191)]
    public void Pairs_StemsPastTheFirsts_WritesTheFirstsPairsOnlyAndNothingPastTheirBound(int firsts)
    {
        var random = new Random(firsts + 7);
        ulong[] stems = Enumerable.Range(0, 200).Select(_ => (ulong)random.Next(1, 300) * 0x9E37_79B9_7F4A_7C15UL).ToArray();
        const ulong Guard = 0xDEAD_BEEF_DEAD_BEEFUL;
        ulong[] destination = Enumerable.Repeat(Guard, WordPairs.MaxPairs(200)).ToArray();
        int written = WordPairs.Pairs(stems, firsts, destination);
        List<ulong> expected = OraclePairs(stems, firsts);
        Assert.That(
            (destination.Take(written).ToList(), destination.Skip(WordPairs.MaxPairs(firsts)).All(d => d == Guard)),
            Is.EqualTo((expected, true)));
    }

    [Test]
    public void Pairs_ALongStemSequenceIntoAList_EqualsTheOracle()
    {
        var random = new Random(3);
        ulong[] stems = Enumerable.Range(0, (2 * WordPairs.Block) + 5).Select(_ => (ulong)random.NextInt64(1, long.MaxValue)).ToArray();
        var pairs = new List<ulong>();
        WordPairs.Pairs(stems, pairs);
        Assert.That(pairs, Is.EqualTo(OraclePairs(stems)));
    }

    [Test]
    public void MaxPairs_MoreStemsThanAnIntCounts_Throws() =>
        Assert.That(() => WordPairs.MaxPairs((int.MaxValue / (WordPairs.Window - 1)) + 1), Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase(-1)]
    [TestCase(11)]
    public void Pairs_FirstsOutsideTheStems_Throws(int firsts) =>
        Assert.That(() => WordPairs.Pairs(new ulong[10], firsts, new ulong[200]), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Pairs_DestinationShorterThanTheFirstsNeed_Throws() =>
        Assert.That(() => WordPairs.Pairs(new ulong[20], 10, new ulong[WordPairs.MaxPairs(10) - 1]), Throws.ArgumentException);

    [Test]
    public void Pairs_TwoStemsAWindowApart_FormNoPairButOneCloser_Does()
    {
        // Two stems whose pair is kept, separated by repeats of a filler whose pairs with them are not kept (and a stem
        // repeated forms no pair with itself).
        ulong a = 1, b = Enumerable.Range(2, 100_000).Select(x => (ulong)x).First(x => WordPairs.IsKept(WordPairs.PairHash(a, x)));
        ulong filler = Enumerable.Range(2, 100_000).Select(x => (ulong)x).First(x => x != b && !WordPairs.IsKept(WordPairs.PairHash(a, x)) && !WordPairs.IsKept(WordPairs.PairHash(b, x)));
        ulong[] Sequence(int gap) => [a, .. Enumerable.Repeat(filler, gap - 1), b];
        var near = new List<ulong>();
        var far = new List<ulong>();
        WordPairs.Pairs(Sequence(WordPairs.Window - 1), near);
        WordPairs.Pairs(Sequence(WordPairs.Window), far);
        Assert.That((near.Distinct().ToArray(), far.Count), Is.EqualTo((new[] { WordPairs.PairHash(a, b) }, 0)));
    }

    [Test]
    public void IsKept_KeepsOnePairInTwelve()
    {
        var random = new Random(7);
        int kept = Enumerable.Range(0, 120_000).Count(_ => WordPairs.IsKept(WordPairs.PairHash((ulong)random.NextInt64(), (ulong)random.NextInt64())));
        // 10,000 expected; the binomial standard deviation is about 96.
        Assert.That(kept, Is.InRange(9_500, 10_500));
    }

    [Test]
    public void Analysis_PairFingerprints_AreDistinctAscendingAndTheSameAsDerivedFromTheText()
    {
        AnalyzedDocument d = new DocumentAnalyzer().Analyze("report", SpinTexts.FloodReport);
        Assert.That(d.PairFingerprints, Is.Ordered.And.Unique.And.Count.GreaterThan(20));
        Assert.That(DocumentAnalyzer.PairFingerprints(SpinTexts.FloodReport, AnalysisOptions.Default), Is.EqualTo(d.PairFingerprints));
    }

    // Made-up words of random letters (so that nearly every pair of stems occurs once), names and numbers, a long text
    // whose stems run to several of the analysis's blocks of pairs: its pair fingerprints are those of all its stems
    // paired in one piece, with its leads and each two leads in a row.
    [Test]
    public void Analysis_PairFingerprintsOfALongText_EqualThoseOfAllItsStemsInOnePiece()
    {
        var random = new Random(2026);
        string[] function = ["the", "of", "and", "in", "to", "with"];
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 60_000; i++)
        {
            int roll = random.Next(20);
            string word = roll < 6 ? function[random.Next(function.Length)]
                : roll == 6 ? random.Next(1, 5_000).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : string.Concat(Enumerable.Range(0, random.Next(5, 9)).Select(_ => (char)('a' + random.Next(26))));
            text.Append(roll == 7 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(random.Next(12) == 0 ? ". " : " ");
        }

        string s = text.ToString();
        Token[] tokens = Tokenizer.Tokenize(s);
        var stems = new ulong[tokens.Length];
        int n = WordPairs.Stems(s, tokens, FunctionWords.English, true, stems);
        var expected = new List<ulong>();
        WordPairs.PairsScalar(stems.AsSpan(0, n), expected);
        var leads = new ulong[tokens.Length];
        int l = NearDup.Verification.Alignment.FactStems.Leads(s, tokens, FunctionWords.English, true, leads);
        expected.AddRange(leads.Take(l).Select(NearDup.Verification.Alignment.FactStems.LeadFingerprint));
        expected.AddRange(Enumerable.Range(1, Math.Max(0, l - 1)).Where(i => leads[i] != leads[i - 1])
            .Select(i => NearDup.Verification.Alignment.FactStems.LeadPairFingerprint(leads[i - 1], leads[i])));

        AnalyzedDocument d = new DocumentAnalyzer().Analyze("long", s);
        Assert.That((n > 40_000, l > 1_000, d.PairFingerprints), Is.EqualTo((true, true, expected.Distinct().Order().ToList())));
    }

    [Test]
    public void Analysis_AFluentRewrite_SharesEnoughPairsToPassTheGate_AnotherTextDoesNot()
    {
        var analyzer = new DocumentAnalyzer();
        IReadOnlyList<ulong> report = analyzer.Analyze("report", SpinTexts.FloodReport).PairFingerprints;
        IReadOnlyList<ulong> rewrite = analyzer.Analyze("rewrite", SpinTexts.FloodReportFluent).PairFingerprints;
        IReadOnlyList<ulong> harbour = analyzer.Analyze("harbour", SpinTexts.Harbour).PairFingerprints;
        bool Passes(IReadOnlyList<ulong> x, IReadOnlyList<ulong> y) => NearDup.Candidates.CandidateGate.PassesPairs(x.Intersect(y).Count(), x.Count, y.Count);
        Assert.That((Passes(report, rewrite), Passes(report, harbour), Passes(rewrite, harbour)), Is.EqualTo((true, false, false)));
    }
}
