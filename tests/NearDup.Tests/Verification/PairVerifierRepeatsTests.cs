using System;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A text one document repeats is shared only as often as the other holds it: a licence one file carries four
/// times (each time for other holders) and another once covers a quarter of the first.</summary>
public class PairVerifierRepeatsTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    /// <summary>A notice for one holder: its own line, then the shared text.</summary>
    private static string Notice(string holder) => $"Copyright the {holder} project and its contributors.\n\n{TestTexts.Lighthouse}\n";

    private static readonly string Once = Notice("harbour");

    private static readonly string FourTimes = string.Join("\n", Notice("orchard"), Notice("meadow"), Notice("quarry"), Notice("lantern"));

    [Test]
    public void Verify_ATextOnceAgainstAFileHoldingItFourTimes_IsContainedNotANearDuplicate()
    {
        PairVerdict? verdict = Verifier.Verify(Analyzer.Analyze("once", Once), Analyzer.Analyze("four", FourTimes));
        Assert.That((verdict?.Kind, verdict?.Figures.CoverageB < 0.3), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)true)));
    }

    [Test]
    public void Verify_TwoFilesHoldingTheTextFourTimesEach_AreNearDuplicates()
    {
        string other = string.Join("\n", Notice("orchard"), Notice("meadow"), Notice("quarry"), Notice("beacon"));
        PairVerdict? verdict = Verifier.Verify(Analyzer.Analyze("a", FourTimes), Analyzer.Analyze("b", other));
        Assert.That(verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void MultisetShares_FourOccurrencesAgainstOne_IsAQuarterAndOneAgainstFourIsWhole()
    {
        ulong[] a = [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 9];
        ulong[] b = [1, 2, 3, 7];
        var table = new ShingleTable(a, b);
        try
        {
            Assert.That(table.MultisetShares(), Is.EqualTo((3.0 / 12, 1.0)));
        }
        finally
        {
            table.Release();
        }
    }

    [Test]
    public void MultisetShares_NothingShared_AreOne()
    {
        var table = new ShingleTable([1, 2], [3, 4]);
        try
        {
            Assert.That(table.MultisetShares(), Is.EqualTo((1.0, 1.0)));
        }
        finally
        {
            table.Release();
        }
    }

    /// <summary>Sequence lengths around the table's smallest capacity (16) and across a few doublings; seeds fixed.</summary>
    private static readonly (int LengthA, int LengthB, int Alphabet, int Seed)[] Sequences =
    [
        (0, 0, 4, 1), (0, 5, 4, 2), (5, 0, 4, 3), (1, 1, 1, 4), (3, 7, 2, 5), (7, 3, 2, 6), (8, 8, 5, 7), (9, 40, 6, 8),
        (40, 9, 6, 9), (100, 100, 30, 10), (257, 31, 64, 11), (500, 700, 900, 12), (1000, 1000, 50, 13),
    ];

    [TestCaseSource(nameof(Sequences))]
    public void MultisetShares_kept_while_building_equal_the_pass_over_the_table((int LengthA, int LengthB, int Alphabet, int Seed) c)
    {
        // Small alphabets repeat hashes on both sides (B outnumbering A and the reverse); a large one shares few.
        var random = new Random(c.Seed);
        ulong[] a = new ulong[c.LengthA], b = new ulong[c.LengthB];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (ulong)random.Next(c.Alphabet) * 0x9E3779B97F4A7C15UL;
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = (ulong)random.Next(c.Alphabet) * 0x9E3779B97F4A7C15UL;
        }

        var table = new ShingleTable(a, b);
        try
        {
            Assert.That(table.MultisetShares(), Is.EqualTo(table.MultisetSharesScalar()));
        }
        finally
        {
            table.Release();
        }
    }
}
