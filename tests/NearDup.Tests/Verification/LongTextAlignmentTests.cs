using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A long text repeats most of its words hundreds of times; its spun copy is still aligned word by word.</summary>
public class LongTextAlignmentTests
{
    /// <summary>Twelve thousand words drawn (seeded) from two hundred made-up ones: each about sixty times, more than
    /// <see cref="SpinAligner.MaxOccurrences"/>, as in a text of a few hundred kilobytes.</summary>
    private static string[] LongText()
    {
        string[] vocabulary = TestTexts.MadeUpWords();
        var random = new Random(11);
        return Enumerable.Range(0, 12_000).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToArray();
    }

    [Test]
    public void Explain_ASpunCopyOfATextWhoseWordsAllRecurSixtyTimes_IsSpunWithNineTenthsAligned()
    {
        string[] words = LongText();
        var random = new Random(3);
        string[] spun = words.Select(w => random.NextDouble() < 0.35 ? "xy" + w : w).ToArray();
        var analyzer = new DocumentAnalyzer();
        PairExplanation e = IndexOptions.Default.CreateVerifier().Explain(analyzer.Analyze("a", string.Join(' ', words)), analyzer.Analyze("b", string.Join(' ', spun)));
        Assert.That((e.Verdict?.Kind, e.Alignment.OrderedCoverageA >= 0.9), Is.EqualTo(((MatchKind?)MatchKind.Spun, true)));
    }
    /// <summary>Three passages of 60 made-up words (seeded), repeated in turn 67 times: every word, and every run of
    /// three, occurs 67 times, more than <see cref="SpinAligner.MaxOccurrences"/>; no key occurs once.</summary>
    private static string[] RepeatingText()
    {
        string[] vocabulary = TestTexts.MadeUpWords();
        var random = new Random(5);
        string[][] passages = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 60).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToArray())];
        return [.. Enumerable.Range(0, 67).SelectMany(_ => passages.SelectMany(p => p))];
    }

    [Test]
    public void Explain_ACopyOfATextThatRepeatsItsPassages_AlignsNineTenthsOfIt()
    {
        // Every fiftieth word changed: a near-duplicate, whose alignment found nothing when no key occurring more than
        // MaxOccurrences times seeded. The two begin alike, so their diagonal starts at 0.
        string[] words = RepeatingText();
        string[] edited = [.. words.Select((w, k) => k % 50 == 25 ? "xy" + w : w)];
        var analyzer = new DocumentAnalyzer();
        PairExplanation e = IndexOptions.Default.CreateVerifier().Explain(analyzer.Analyze("a", string.Join(' ', words)), analyzer.Analyze("b", string.Join(' ', edited)));
        Assert.That((e.Verdict?.Kind, e.Alignment.OrderedCoverageA >= 0.9), Is.EqualTo(((MatchKind?)MatchKind.NearDuplicate, true)));
    }
}
