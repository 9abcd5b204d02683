using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>A spinner or a rewriter changes words and keeps the facts; two texts whose alignment replaces at least as
/// many fields (numbers, identifiers, names) as words are two reports written to one pattern, or one text with its facts
/// changed, not a spun copy.</summary>
public class PairVerifierFactsTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    private static PairVerdict? Verify(string a, string b) => Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    /// <summary>A made-up yearly treasury report: twelve figures, and seven words that a second text may say another
    /// way.</summary>
    private static string Report(string[] n, string[] w) =>
        $"The treasury report for the year {n[0]} shows that the {w[0]} of the government from all sources amounted to " +
        $"{n[1]} million dollars, while the {w[1]} of the same year reached {n[2]} million dollars. The customs brought in " +
        $"{n[3]} million dollars and the internal revenue {n[4]} million dollars. The {w[2]} debt stood at {n[5]} million " +
        $"dollars at the {w[3]} of the year, and {n[6]} million dollars of bonds were redeemed before they fell due. The mint " +
        $"coined {n[7]} million dollars in gold and {n[8]} million dollars in silver for the {w[4]} of the eastern states. " +
        $"During the year the treasury paid {n[9]} million dollars in pensions to {n[10]} thousand pensioners, and the postal " +
        $"service carried {n[11]} billion letters and {n[12]} billion newspapers to every {w[5]} of the country. The " +
        "secretary recommends that the gold reserve be kept at 100 million dollars at all times, and he warns that the " +
        $"revenue of the coming year may fall short of the expenditures by {n[13]} million dollars unless the tariff is {w[6]}.";

    private static readonly string[] Figures1893 = ["1893", "385", "383", "203", "161", "838", "14", "43", "12", "159", "966", "4", "2", "28"];

    private static readonly string[] Figures1894 = ["1894", "372", "367", "152", "147", "899", "19", "79", "9", "141", "969", "5", "3", "36"];

    private static readonly string[] Words = ["receipts", "expenditures", "public", "close", "banks", "part", "changed"];

    private static readonly string[] OtherWords = ["income", "outlays", "national", "end", "lenders", "corner", "revised"];

    [Test]
    public void Verify_AReportWithItsFiguresChangedAndSevenWordsReworded_IsNotSpun()
    {
        // Seven different words reworded all through would make a spin of a text of this length; here twelve figures
        // change beside them: next year's report written to the same pattern.
        PairVerdict? verdict = Verify(Report(Figures1893, Words), Report(Figures1894, OtherWords));
        Assert.That(verdict?.Kind, Is.Not.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void IsSpun_AReportWithItsFiguresChangedAndSevenWordsReworded_IsFalse()
    {
        SpinAlignment alignment = Verifier.Aligner.Align(
            Analyzer.Analyze("a", Report(Figures1893, Words)), Analyzer.Analyze("b", Report(Figures1894, OtherWords)));
        Assert.That(Verifier.IsSpun(alignment), Is.False);
    }

    [Test]
    public void Verify_TheReportWithTheSameWordsRewordedAndItsFiguresKept_IsSpun() =>
        Assert.That(Verify(Report(Figures1893, Words), Report(Figures1893, OtherWords))?.Kind, Is.EqualTo(MatchKind.Spun));
}
