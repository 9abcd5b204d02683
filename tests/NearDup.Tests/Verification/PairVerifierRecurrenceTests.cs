using System;
using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Text;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>How the verifier uses a collection's weights: the reworded text of a spun verdict must be distinctive.</summary>
public class PairVerifierRecurrenceTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    /// <summary>Weighs every shingle position from <c>from</c> on (in each document) at <c>weight</c>, the rest at 1; the
    /// shared skeleton at <c>skeleton</c> (its mean and median both, unless <c>median</c> is given).</summary>
    private sealed class TailWeights(int fromA, int fromB, double weight, double skeleton = 1, double? median = null) : IRecurrence
    {
        public SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b) => new(skeleton, median ?? skeleton);

        public void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB)
        {
            for (int p = 0; p < weightsA.Length; p++)
            {
                weightsA[p] = p >= fromA ? weight : 1;
            }

            for (int p = 0; p < weightsB.Length; p++)
            {
                weightsB[p] = p >= fromB ? weight : 1;
            }
        }
    }

    private static readonly string Notice = SpinTexts.Orchard;

    private static readonly string RewordedNotice = Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = 0.3, Seed = 4 }).Text;

    private static int ContentTokens(string text) => Tokenizer.Tokenize(text).Count(t => t.IsContent);

    [Test]
    public void Verify_MessagesEndingInRewordingsOfANotice_AreSpunWithoutACollection()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", TestTexts.Lighthouse[..300] + "\n\n" + Notice);
        AnalyzedDocument b = Analyzer.Analyze("b", TestTexts.Sourdough[..300] + "\n\n" + RewordedNotice);
        Assert.That(Verifier.Verify(a, b)?.Kind, Is.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Verify_MessagesEndingInRewordingsOfANoticeManyDocumentsCarry_AreNotSpun()
    {
        string textA = TestTexts.Lighthouse[..300] + "\n\n", textB = TestTexts.Sourdough[..300] + "\n\n";
        AnalyzedDocument a = Analyzer.Analyze("a", textA + Notice), b = Analyzer.Analyze("b", textB + RewordedNotice);
        var noticeIsCommon = new TailWeights(ContentTokens(textA), ContentTokens(textB), weight: 0.02);
        Assert.That(Verifier.Verify(a, b, noticeIsCommon)?.Kind, Is.Not.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Verify_ASpunCopyWhoseSkeletonFortyOtherDocumentsHold_IsNotSpun()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", RewordedNotice);
        var frameIsCommon = new TailWeights(int.MaxValue, int.MaxValue, weight: 1, skeleton: 1.0 / 41);
        Assert.That(Verifier.Verify(a, b, frameIsCommon)?.Kind, Is.Not.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Verify_ASpunCopyWhoseSkeletonTenOtherDocumentsHold_IsSpun()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", RewordedNotice);
        var fewHoldIt = new TailWeights(int.MaxValue, int.MaxValue, weight: 1, skeleton: 1.0 / 11);
        Assert.That(Verifier.Verify(a, b, fewHoldIt)?.Kind, Is.EqualTo(MatchKind.Spun));
    }

    [Test]
    public void Verify_ASpunCopyWhoseSkeletonIsMostlyTheCollectionsWithAFewFingerprintsOfItsOwn_IsNotSpun()
    {
        // Two generated pages of one family: the fill of their slots makes a few fingerprints the pair's alone, which lift
        // the mean past the limit; most of what it shares, the median says, forty other pages of the generator hold.
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", RewordedNotice);
        var familyFrame = new TailWeights(int.MaxValue, int.MaxValue, weight: 1, skeleton: 0.12, median: 1.0 / 41);
        Assert.That(Verifier.Verify(a, b, familyFrame)?.Kind, Is.Not.EqualTo(MatchKind.Spun));
    }
}
