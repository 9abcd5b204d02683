using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A passage is text the two documents share in one order (<see cref="PairVerifier.MinOrderedShare"/>): shingles
/// the other document holds only scattered about make none.</summary>
public class PairVerifierSharedOrderTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = new(Analyzer.Options.ShingleSize);

    /// <summary>Space-separated random digits: ten words, so each text of this length holds nearly every 5-gram of them.</summary>
    private static string Digits(int seed, int count)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Verify_TwoIndependentStreamsOfDigits_IsNotACopy() =>
        Assert.That(Verifier.Verify(Analyzer.Analyze("a", Digits(1, 200_000)), Analyzer.Analyze("b", Digits(2, 200_000))), Is.Null);

    [Test]
    public void Measure_TwoIndependentStreamsOfDigits_ShareMostShinglesButCoverNothing()
    {
        PairFigures figures = Verifier.Measure(Analyzer.Analyze("a", Digits(1, 200_000)), Analyzer.Analyze("b", Digits(2, 200_000)), out var passages);
        Assert.That((figures.Jaccard > 0.7, figures.CoverageA, figures.CoverageB, passages.Count), Is.EqualTo((true, 0.0, 0.0, 0)));
    }

    [Test]
    public void Verify_StreamOfDigitsAndACopyOfItsFirstHalf_IsContained()
    {
        string digits = Digits(3, 20_000);
        string half = string.Join(' ', TestTexts.Words(digits).Take(10_000));
        PairVerdict? verdict = Verifier.Verify(Analyzer.Analyze("a", half), Analyzer.Analyze("b", digits));
        Assert.That((verdict?.Kind, verdict?.AInsideB), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true)));
    }

    [Test]
    public void Verify_StreamOfDigitsAndACopyOfItsLastHalf_IsContainedWithTheHalfInside()
    {
        // The half's 5-grams mostly occur first in the stream's other half: the run is followed through their later
        // occurrences, where it lies.
        string digits = Digits(4, 100_000);
        string half = string.Join(' ', TestTexts.Words(digits).Skip(50_000));
        PairVerdict? verdict = Verifier.Verify(Analyzer.Analyze("a", half), Analyzer.Analyze("b", digits));
        Assert.That((verdict?.Kind, verdict?.AInsideB, verdict?.Score > 0.95), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true, (bool?)true)));
    }

    [Test]
    public void Verify_TwoChunksOfOneStreamOfDigitsOverlappingByHalf_AreContained()
    {
        // Of one length, but the second starts where the first is half through: nothing in them occurs once, so nothing
        // says where their diagonal runs, and no band of frequent keys may guess it.
        string[] digits = TestTexts.Words(Digits(5, 150_000)).ToArray();
        string first = string.Join(' ', digits.Take(100_000)), second = string.Join(' ', digits.Skip(50_000));
        PairVerdict? verdict = Verifier.Verify(Analyzer.Analyze("a", first), Analyzer.Analyze("b", second));
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.Contained));
    }

    [Test]
    public void Verify_ExcerptWhosePhrasesTheHostAlsoUsesEarlier_IsContained()
    {
        // The host quotes the excerpt's opening words, and later three of its phrases, before it holds the excerpt: the
        // first occurrences of those shingles lie before the excerpt, so those steps do not run on in order; the rest do.
        string excerpt = TestTexts.Excerpt(TestTexts.Lighthouse, 0.3, 0.4);
        string[] words = TestTexts.Words(excerpt);
        string early = string.Join(' ', words.Take(8)) + " " + string.Join(' ', words.Skip(20).Take(6)) + " "
            + string.Join(' ', words.Skip(40).Take(6)) + " " + string.Join(' ', words.Skip(60).Take(6));
        string host = early + " " + TestTexts.Embed(TestTexts.Sourdough, excerpt);
        PairVerdict? verdict = Verifier.Verify(Analyzer.Analyze("a", excerpt), Analyzer.Analyze("b", host));
        Assert.That((verdict?.Kind, verdict?.AInsideB), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true)));
    }

    [Test]
    public void NextIn_GivesEachFollowingPositionOfTheSameHashThenMinusOne()
    {
        var table = new ShingleTable([5, 6, 5, 7, 5], [7, 5, 8, 5]);
        try
        {
            Assert.That(
                (table.NextIn(0, ShingleTable.InA), table.NextIn(2, ShingleTable.InA), table.NextIn(4, ShingleTable.InA),
                 table.NextIn(1, ShingleTable.InB), table.NextIn(3, ShingleTable.InB), table.NextIn(0, ShingleTable.InB)),
                Is.EqualTo((2, 4, -1, 3, -1, -1)));
        }
        finally
        {
            table.Release();
        }
    }

    [Test]
    public void FirstIn_GivesTheFirstPositionInEachSequenceOrMinusOne()
    {
        var table = new ShingleTable([5, 6, 5, 7], [7, 5, 8, 5]);
        try
        {
            Assert.That(
                (table.FirstIn(5, ShingleTable.InB), table.FirstIn(5, ShingleTable.InA), table.FirstIn(7, ShingleTable.InA),
                 table.FirstIn(6, ShingleTable.InB), table.FirstIn(8, ShingleTable.InA), table.FirstIn(9, ShingleTable.InB)),
                Is.EqualTo((1, 0, 3, -1, -1, -1)));
        }
        finally
        {
            table.Release();
        }
    }
}
