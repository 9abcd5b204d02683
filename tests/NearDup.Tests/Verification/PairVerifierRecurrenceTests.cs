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
    /// shared skeleton at <c>skeleton</c> (its mean and median both, unless <c>median</c> is given);
    /// <c>local</c> says whether its counts are local; <see cref="SkeletonAsks"/> counts the questions about the skeleton.</summary>
    private sealed class TailWeights(int fromA, int fromB, double weight, double skeleton = 1, double? median = null, bool local = true) : IRecurrence
    {
        public bool CountsAreLocal => local;

        public int SkeletonAsks { get; private set; }

        public SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b, int copies)
        {
            SkeletonAsks++;
            return new(Discount(skeleton, copies), Discount(median ?? skeleton, copies));
        }

        /// <summary>A weight 1 / (1 + n) with <c>copies</c> of the n holders not counted.</summary>
        private static double Discount(double weight, int copies) => 1 / (1 + Math.Max(0, Math.Round((1 / weight) - 1) - copies));

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

    /// <summary>Weighs every position at <c>weight</c>, and at <c>frame</c> when the text is weighed as a frame; the shared
    /// skeleton is the pair's own.</summary>
    private sealed class FrameWeights(double weight, double frame) : IRecurrence
    {
        public bool CountsAreLocal => true;

        public SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b, int copies) => new(1, 1);

        public void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB)
        {
            weightsA.Fill(weight);
            weightsB.Fill(weight);
        }

        public void WeighFrame(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB)
        {
            weightsA.Fill(frame);
            weightsB.Fill(frame);
        }
    }

    /// <summary>A setting's page of a made-up tool's manual.</summary>
    private const string CheckerPage =
        "<KIND>_STYLE_CHECKER\n--------------------\n\n.. versionadded:: 2.6\n\n"
        + "This setting is honoured only when ``<KIND>`` is ``alpha``, ``beta``, ``gamma`` or ``delta``.\n\n"
        + "Specify a :ref:`comma-separated list <Tool Lists>` holding a command line for the style checking program. The "
        + ":ref:`Batch Runners` and the :runner:`Queue` runner will start this tool along with the job and report a warning if "
        + "the job source breaks one of its rules. Some example tools are quickfix, tidyup and lintel.\n\n"
        + "This setting is initialized by the value of the :variable:`TOOL_<KIND>_STYLE_CHECKER` variable if it is set when a "
        + "job is created. A checker that fails stops the queue at once, and the runner prints what the checker wrote.\n";

    /// <summary>Its sibling for another setting, adapted from it: the name put in, other items in a list, a few words
    /// changed, and a paragraph of its own.</summary>
    private const string WrapperPage =
        "<KIND>_RUN_WRAPPER\n------------------\n\n.. versionadded:: 2.4\n\n"
        + "This setting is honoured only when ``<KIND>`` is ``alpha``, ``beta``, ``epsilon``, ``zeta``, ``gamma``, ``delta`` or ``eta``.\n\n"
        + "Specify a :ref:`comma-separated list <Tool Lists>` holding a command line for a run wrapping tool. The "
        + ":ref:`Batch Runners` and the :runner:`Queue` runner will start this tool and pass the job and its arguments to the "
        + "tool. Some example tools are quickfix and tidyup.\n\n"
        + "This setting is initialized by the value of the :variable:`TOOL_<KIND>_RUN_WRAPPER` variable if it is set when a "
        + "job is created. A wrapper that fails halts the queue at once.\n\nWrappers see the environment of the runner, so a "
        + "wrapper written for one machine may need its own settings file before it runs on another. Keep such files beside the "
        + "project, name them after the machine they serve, and let the wrapper choose one by reading the host name when it "
        + "starts; a missing file then means the defaults, which suit a laptop better than a build farm with many cores.\n";

    [Test]
    public void Explain_SiblingPageAdaptedWithItsNameFilledIn_IsATemplatesFillWhenItsTextIsTheCollectionsFrame()
    {
        // The alignment reads it as an excerpt lightly edited (a few words changed, not a spin); but it puts another name
        // in, and weighed as a frame what the pages share is too little for an excerpt: two pages of one family.
        AnalyzedDocument a = Analyzer.Analyze("a", CheckerPage), b = Analyzer.Analyze("b", WrapperPage);
        PairExplanation x = Verifier.Explain(a, b, new FrameWeights(weight: 0.5, frame: 0.1));
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.TemplateSlotFill)));
    }

    [Test]
    public void Explain_SiblingPageAdaptedWithItsNameFilledIn_StaysContainedWhenItsTextIsThePairsOwn()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", CheckerPage), b = Analyzer.Analyze("b", WrapperPage);
        PairExplanation x = Verifier.Explain(a, b, new FrameWeights(weight: 1, frame: 1));
        Assert.That(x.Verdict?.Kind, Is.EqualTo(MatchKind.Contained));
    }

    private static readonly string Notice = SpinTexts.Orchard;

    private static readonly string RewordedNotice = Spinner.Default.Spin(SpinTexts.Orchard, new SpinOptions { Rate = 0.3, Seed = 4 }).Text;

    private static int ContentTokens(string text) => Tokenizer.Tokenize(text).Count(t => t.IsContent);

    [Test]
    public void Explain_ANoticeTwentyTwoOtherDocumentsHold_GivesTwentyTwoHoldersForItsPassage()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", Notice + "\n\n" + TestTexts.Lighthouse[..300]);
        PairExplanation x = Verifier.Explain(a, b, new TailWeights(0, 0, weight: 1.0 / 23));
        Assert.That((x.Alignment.Passages.Count, x.PassageHolders), Is.EqualTo((1, new[] { 22 })));
    }

    [Test]
    public void Verify_UnrelatedPairWithLocalCounts_AsksTheSkeletonBeforeAligningAndFindsNoCopy()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", TestTexts.Lighthouse), b = Analyzer.Analyze("b", Notice);
        var recurrence = new TailWeights(0, 0, weight: 1, skeleton: 0.01);
        Assert.That((Verifier.Verify(a, b, recurrence), recurrence.SkeletonAsks), Is.EqualTo(((PairVerdict?)null, 1)));
    }

    [Test]
    public void Verify_UnrelatedPairWithRemoteCounts_AlignsFirstAndNeverAsksTheSkeleton()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", TestTexts.Lighthouse), b = Analyzer.Analyze("b", Notice);
        var recurrence = new TailWeights(0, 0, weight: 1, skeleton: 0.01, local: false);
        Assert.That((Verifier.Verify(a, b, recurrence), recurrence.SkeletonAsks), Is.EqualTo(((PairVerdict?)null, 0)));
    }

    [Test]
    public void Verify_SpunCopyWithAnOwnSkeleton_IsSpunWhetherCountsAreLocalOrNot()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", RewordedNotice);
        MatchKind? local = Verifier.Verify(a, b, new TailWeights(0, 0, weight: 1))?.Kind;
        MatchKind? remote = Verifier.Verify(a, b, new TailWeights(0, 0, weight: 1, local: false))?.Kind;
        Assert.That((local, remote), Is.EqualTo(((MatchKind?)MatchKind.Spun, (MatchKind?)MatchKind.Spun)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Explain_ExcerptWhoseSkeletonTheCollectionHolds_IsSetAsideAsASectionWhetherCountsAreLocalOrNot(bool local)
    {
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", TestTexts.Lighthouse + "\n\n" + Notice);
        Assume.That(Verifier.Verify(a, b, new TailWeights(0, 0, weight: 1, local: local))?.Kind, Is.EqualTo(MatchKind.Contained));
        PairExplanation x = Verifier.Explain(a, b, new TailWeights(0, 0, weight: 1, skeleton: 0.01, local: local));
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.CollectionSection)));
    }

    [Test]
    public void Explain_WithoutACollection_GivesNoHolderCounts()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", Notice);
        Assert.That(Verifier.Explain(a, b).PassageHolders, Is.Null);
    }

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

    /// <summary>A generated command page: one frame, one slot (the command's identifier) filled all through it.</summary>
    private static string CommandPage(string command) =>
        $"""
        Name: {command} - run the {command} step of a release rollout. Synopsis: tool {command} ROLLOUT [--region=REGION].
        Description: the {command} command takes the name of a rollout and runs its {command} step on the service, then
        prints the rollout as it stands. A rollout that is not waiting for {command} is left as it is, and the command
        says so. Positional arguments: ROLLOUT, the rollout that {command} acts on; it must exist in the region given.
        Flags: --region, the region of the rollout; when it is not given, the region set by default for {command} is used.
        Examples: to run {command} on the rollout named first in the default region, run tool {command} first.
        """;

    [Test]
    public void Verify_TwoGeneratedPagesWhoseSharedSkeletonIsMostlyTheCollections_AreNotACopy()
    {
        // The slot is an identifier, not a rewording; a few fingerprints the fill makes the pair's own lift the mean of
        // the skeleton's weights past the limit, but most of it, the median says, forty other pages hold.
        AnalyzedDocument a = Analyzer.Analyze("a", CommandPage("rollouts_approve")), b = Analyzer.Analyze("b", CommandPage("rollouts_reject"));
        var generatorFrame = new TailWeights(int.MaxValue, int.MaxValue, weight: 1, skeleton: 0.12, median: 1.0 / 41);
        Assert.That(Verifier.Verify(a, b, generatorFrame), Is.Null);
    }

    [Test]
    public void Verify_TwoGeneratedPagesWhoseSharedSkeletonIsMostlyTheirOwn_AreNearDuplicates()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", CommandPage("rollouts_approve")), b = Analyzer.Analyze("b", CommandPage("rollouts_reject"));
        var fewHoldIt = new TailWeights(int.MaxValue, int.MaxValue, weight: 1, skeleton: 0.12, median: 0.12);
        Assert.That(Verifier.Verify(a, b, fewHoldIt)?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    [Test]
    public void Verify_OneDocumentForTwoReleasesWhoseSkeletonIsTheCollections_StaysACopy()
    {
        // Release notes for two versions: the numbers fill no name slot, so the frame many release notes carry does not
        // set the copy aside.
        AnalyzedDocument a = Analyzer.Analyze("a", CommandPage("5.22.3")), b = Analyzer.Analyze("b", CommandPage("5.24.1"));
        var frameIsCommon = new TailWeights(int.MaxValue, int.MaxValue, weight: 1, skeleton: 1.0 / 41);
        Assert.That(Verifier.Verify(a, b, frameIsCommon), Is.Not.Null);
    }

    [Test]
    public void CopiesOfOwnText_EveryPositionTwentyFiveOthersHold_IsTwentyFive()
    {
        double[] weights = Enumerable.Repeat(1.0 / 26, 300).ToArray();
        Assert.That(PairVerifier.CopiesOfOwnText(weights), Is.EqualTo(25));
    }

    [Test]
    public void CopiesOfOwnText_AFrameNinetyNineHoldAroundAFillTwoCopiesHold_IsTwo()
    {
        // A template's page: four fifths frame, one fifth its own fill, which its two copies (release tracks) hold too.
        double[] weights = [.. Enumerable.Repeat(1.0 / 100, 240), .. Enumerable.Repeat(1.0 / 3, 60)];
        Assert.That(PairVerifier.CopiesOfOwnText(weights), Is.EqualTo(2));
    }

    [Test]
    public void CopiesOfOwnText_TextOfItsOwnOrNoWeights_IsZero()
    {
        double[] own = [.. Enumerable.Repeat(1.0 / 100, 250), .. Enumerable.Repeat(1.0, 50)];
        Assert.That((PairVerifier.CopiesOfOwnText(own), PairVerifier.CopiesOfOwnText([])), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Verify_ASpunCopyWhoseSkeletonFortyOthersHoldAllCopiesOfItsOriginal_IsSpun()
    {
        // The original's every word is held by forty other documents too (forty outlets carry it): its copies, which
        // hold its skeleton without making it a template's.
        AnalyzedDocument a = Analyzer.Analyze("a", Notice), b = Analyzer.Analyze("b", RewordedNotice);
        var syndicated = new CopiedOriginal(copies: 40);
        Assert.That(Verifier.Verify(a, b, syndicated)?.Kind, Is.EqualTo(MatchKind.Spun));
    }

    /// <summary>A's every shingle held by <c>copies</c> other documents, B's by none; the shared skeleton by the same
    /// copies.</summary>
    [Test]
    public void Verify_AnExcerptWithAFooterTheCollectionHolds_IsInsideTheOtherByTheWeighedShares()
    {
        // A is a passage and a long footer many documents carry; B is the passage and text of its own. Every word counted
        // alike, B is the more covered side; weighed, the footer counts for little and A is the excerpt, as the verdict's
        // score (A's weighed share) says.
        var random = new Random(52);
        string passage = RandomText.Of(random, 100);
        AnalyzedDocument a = Analyzer.Analyze("a", passage + " " + RandomText.Of(random, 90)), b = Analyzer.Analyze("b", passage + " " + RandomText.Of(random, 50));
        PairVerdict verdict = Verifier.Verify(a, b, new TailWeights(fromA: 98, fromB: int.MaxValue, weight: 0.01))!;
        Assert.That(
            (verdict.Kind, verdict.Figures.CoverageA < verdict.Figures.CoverageB, verdict.AInsideB),
            Is.EqualTo((MatchKind.Contained, true, true)));
    }

    private sealed class CopiedOriginal(int copies) : IRecurrence
    {
        public bool CountsAreLocal => true;

        public SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b, int ignored)
        {
            double weight = 1.0 / (1 + System.Math.Max(0, copies - ignored));
            return new(weight, weight);
        }

        public void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB)
        {
            weightsA.Fill(1.0 / (1 + copies));
            weightsB.Fill(1);
        }
    }
}
