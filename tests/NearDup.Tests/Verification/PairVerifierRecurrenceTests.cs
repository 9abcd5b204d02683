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

    /// <summary>An option's page of a made-up garden watering controller's manual, written for these tests.</summary>
    private const string ValvePage =
        "VALVE_TIMER\n===========\n\nAdded in release 4.2.\n\n"
        + "The controller reads ``VALVE_TIMER`` only for zones of type ``drip``, ``spray``, ``mist`` or ``soak``.\n\n"
        + "Give a semicolon-separated list naming the program that opens each valve on its schedule. The scheduler and "
        + "the hand panel will call this program along with the zone number and log a notice when the watering ran "
        + "longer than planned. Typical programs are sprinkle, dewdrop and puddle.\n\n"
        + "When the option is empty at start-up, the controller takes the value of the ``GARDEN_VALVE_TIMER`` setting "
        + "if one exists. A program that fails shuts the valve at once, and the panel shows what the program "
        + "printed.\n";

    /// <summary>Its sibling for another option, adapted from it: the name put in, other items in the list, a few
    /// words changed, and a paragraph of its own.</summary>
    private const string PumpPage =
        "PUMP_GUARD\n==========\n\nAdded in release 4.0.\n\n"
        + "The controller reads ``PUMP_GUARD`` only for zones of type ``drip``, ``spray``, ``flood``, "
        + "``trickle``, ``mist``, ``soak`` or ``fog``.\n\n"
        + "Give a comma-separated list naming the program that opens each valve on its schedule. The scheduler and "
        + "the hand panel will call this program and hand it the zone number and the pump pressure. Typical programs "
        + "are sprinkle and dewdrop.\n\n"
        + "When the option is empty at start-up, the controller takes the value of the ``GARDEN_PUMP_GUARD`` setting "
        + "if one exists. A program that fails stops the pump at once.\n\n"
        + "Pumps on a shared well draw from the same pipe, so a guard written for one garden may need a pressure table "
        + "of its own before it runs in another. Keep such tables next to the schedule, name each after the well it "
        + "serves, and let the guard pick one by the well's number when it starts; with no table it falls back to the "
        + "factory curve, which suits a small pond better than a deep borehole.\n";

    /// <summary>A shorter option page of the same manual, written for these tests.</summary>
    private const string ValveNote =
        "VALVE_TIMER\n"
        + "===========\n"
        + "\n"
        + "Added in release 4.2.\n"
        + "\n"
        + "The controller reads ``VALVE_TIMER`` only for zones of type ``drip``, ``spray``, ``mist`` or ``soak``.\n"
        + "\n"
        + "Give a semicolon-separated list naming the program that opens each valve on its schedule. The "
        + "scheduler and the hand panel will call this program along with the zone number. Typical programs are "
        + "sprinkle, dewdrop and puddle.\n"
        + "\n"
        + "When the option is empty at start-up, the controller takes the value of the ``GARDEN_VALVE_TIMER`` "
        + "setting if one exists. A program that fails shuts the valve at once, and the panel shows what the "
        + "program printed.\n";

    /// <summary>Its sibling, adapted from it with a word put in every few words besides the name, a few words changed
    /// and list items added: no five words in a row are the same, so only the word alignment finds what they share.</summary>
    private const string PumpNote =
        "PUMP_GUARD\n"
        + "==========\n"
        + "\n"
        + "Added in release 4.0.\n"
        + "\n"
        + "The controller reads ``PUMP_GUARD`` only for garden zones of type ``drip``, ``flood``, ``spray``, "
        + "``fog``, ``mist`` or ``soak``.\n"
        + "\n"
        + "Give a comma-separated list naming the one program that opens each pump valve on its own schedule. "
        + "The night scheduler and the hand panel will then call this program and hand it the zone number. "
        + "Typical programs are sprinkle and dewdrop.\n"
        + "\n"
        + "When the option is left empty at start-up, the controller then takes the current value of the "
        + "``GARDEN_PUMP_GUARD`` setting if one exists. A program that fails stops the pump at once.\n";

    [Test]
    public void Explain_SiblingPageAdaptedWithItsNameFilledIn_IsATemplatesFillWhenItsTextIsTheCollectionsFrame()
    {
        // The shingles make it contained, the name-filled frame rule sets that aside (weighed as a frame, what the pages
        // share is too little for an excerpt), and the alignment, which reads it as an excerpt lightly edited, does not
        // undo that.
        AnalyzedDocument a = Analyzer.Analyze("a", ValvePage), b = Analyzer.Analyze("b", PumpPage);
        PairExplanation x = Verifier.Explain(a, b, new FrameWeights(weight: 0.5, frame: 0.1));
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.TemplateSlotFill)));
    }

    [Test]
    public void Explain_SiblingPageAdaptedWithItsNameFilledIn_StaysContainedWhenItsTextIsThePairsOwn()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", ValvePage), b = Analyzer.Analyze("b", PumpPage);
        PairExplanation x = Verifier.Explain(a, b, new FrameWeights(weight: 1, frame: 1));
        Assert.That((x.Verdict?.Kind, x.Overruled), Is.EqualTo(((MatchKind?)MatchKind.Contained, Overruling.None)));
    }

    [Test]
    public void Explain_SiblingPageOnlyTheAlignmentFindsWithItsNameFilledIn_IsATemplatesFillWhenItsTextIsTheCollectionsFrame()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", ValveNote), b = Analyzer.Analyze("b", PumpNote);
        PairExplanation x = Verifier.Explain(a, b, new FrameWeights(weight: 0.5, frame: 0.1));
        Assert.That((x.Figures.CoverageA, x.Figures.CoverageB, x.Verdict, x.Overruled), Is.EqualTo((0.0, 0.0, (PairVerdict?)null, Overruling.TemplateSlotFill)));
    }

    [Test]
    public void Explain_SiblingPageOnlyTheAlignmentFindsWithItsNameFilledIn_StaysANearDuplicateWhenItsTextIsThePairsOwn()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", ValveNote), b = Analyzer.Analyze("b", PumpNote);
        PairExplanation x = Verifier.Explain(a, b, new FrameWeights(weight: 1, frame: 1));
        Assert.That(x.Verdict?.Kind, Is.EqualTo(MatchKind.NearDuplicate));
    }

    /// <summary>A closing block two made-up club newsletters carry at their end, in one wording.</summary>
    private const string ClubFooter =
        "About the club: the Riverside Walking Club meets on the first Sunday of each month by the old mill bridge, "
        + "whatever the weather, and every walk ends at a tea room chosen by the member who led it. New walkers are "
        + "welcome without notice; bring boots, a map of the valley and something warm, because the hill paths stay "
        + "cold until late spring. The club keeps no membership list and asks no fee, and the walks are planned by "
        + "whoever turns up to the autumn meeting at the library.";

    /// <summary>The same block in another newsletter, four words changed.</summary>
    private const string ClubFooterEdited =
        "About the club: the Riverside Walking Club gathers on the first Sunday of each month by the old mill bridge, "
        + "whatever the forecast, and every walk ends at a tea room picked by the member who led it. New walkers are "
        + "welcome without notice; bring boots, a map of the valley and something warm, because the moor paths stay "
        + "cold until late spring. The club keeps no membership list and asks no fee, and the walks are planned by "
        + "whoever turns up to the autumn meeting at the library.";

    [Test]
    public void Explain_NewslettersSharingOnlyTheirClosingBlockLightlyEdited_StayATrailerNotAnEditedCopy()
    {
        // All they share lies at the end of both, after text of their own: a trailer, whatever the alignment reads it as
        // (an edited copy: four words changed, too few different ones for a spin).
        string first = "The spring walk went up the east ridge this year. Twelve of us climbed past the quarry, counted "
            + "three buzzards over the larch wood and reached the cairn by noon, where the wind dropped long enough "
            + "for lunch on the rocks before the slow way down through the beech woods to the ford.\n\n" + ClubFooter;
        string second = "The summer walk followed the canal towpath west to the locks. We watched a narrowboat climb all "
            + "seven of them, ate by the lock keeper's garden and came back along the old railway line, which the "
            + "council has turned into a cycle path lined with young cherry trees.\n\n" + ClubFooterEdited;
        AnalyzedDocument a = Analyzer.Analyze("a", first), b = Analyzer.Analyze("b", second);
        PairExplanation x = Verifier.Explain(a, b, new FrameWeights(weight: 1, frame: 1));
        Assert.That((x.Verdict, x.Overruled), Is.EqualTo(((PairVerdict?)null, Overruling.Trailer)));
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

    /// <summary>The lighthouse text with the footer put after it (a), and the text alone (b), the footer's positions in
    /// a weighing <paramref name="footerWeight"/> and every other position 1.</summary>
    private static PairVerdict? VerifyWithFooter(double footerWeight, bool footerOnB = false)
    {
        AnalyzedDocument withFooter = Analyzer.Analyze(footerOnB ? "b" : "a", TestTexts.Lighthouse + "\n\n" + MailTexts.ListFooter);
        AnalyzedDocument alone = Analyzer.Analyze(footerOnB ? "a" : "b", TestTexts.Lighthouse);
        int tail = ContentTokens(TestTexts.Lighthouse);
        return footerOnB
            ? Verifier.Verify(alone, withFooter, new TailWeights(int.MaxValue, tail, footerWeight))
            : Verifier.Verify(withFooter, alone, new TailWeights(tail, int.MaxValue, footerWeight));
    }

    [Test]
    public void Verify_ACopyWithAFooterOnEitherSide_IsANearDuplicateByDistinctiveTextBothWays() =>
        Assert.That(
            (VerifyWithFooter(0.05)?.ByDistinctiveText, VerifyWithFooter(0.05, footerOnB: true)?.ByDistinctiveText),
            Is.EqualTo(((bool?)true, (bool?)true)));

    [Test]
    public void Verify_ATextAndTheSameTextInMarkupWithoutACollection_IsNoNearDuplicateByDistinctiveText()
    {
        // Markup weighs nothing even without a collection; it is no text other documents hold.
        string html = "<html><head><style>p.note { font-family: Verdana, sans-serif; color: #333333; margin: 4px 0 8px 0 } " +
            "td.side { width: 120px; background: #eeeeee }</style></head><body><table><tr><td class=\"side\">&nbsp;</td><td>" +
            string.Concat(TestTexts.Lighthouse.Split(". ").Select(s => $"<p class=\"note\"><font face=\"Verdana\" size=\"2\" color=\"#333333\">{s}.</font></p>\n")) +
            "</td></tr></table></body></html>";
        PairVerdict? verdict = Verifier.Verify(Analyzer.Analyze("a", TestTexts.Lighthouse), Analyzer.Analyze("b", html));
        Assert.That((verdict?.Kind, verdict?.ByDistinctiveText), Is.EqualTo(((MatchKind?)MatchKind.Contained, (bool?)false)));
    }

    [Test]
    public void Verify_ACopyWithAFooterMoreThanTenTimesAsManyDocumentsHold_IsANearDuplicate()
    {
        PairVerdict? verdict = VerifyWithFooter(footerWeight: 0.05);
        Assert.That(
            (verdict?.Kind, verdict?.ByDistinctiveText, verdict?.Figures.CoverageA < Verifier.Options.NearDuplicateCoverage),
            Is.EqualTo(((MatchKind?)MatchKind.NearDuplicate, (bool?)true, (bool?)true)));
    }

    [Test]
    public void Verify_ACopyWithAddedTextFewerDocumentsHold_IsContained() =>
        Assert.That(VerifyWithFooter(footerWeight: 0.2)?.Kind, Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_ACopyWithAFooterWithoutACollection_IsContained()
    {
        AnalyzedDocument a = Analyzer.Analyze("a", TestTexts.Lighthouse + "\n\n" + MailTexts.ListFooter), b = Analyzer.Analyze("b", TestTexts.Lighthouse);
        Assert.That(Verifier.Verify(a, b)?.Kind, Is.EqualTo(MatchKind.Contained));
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
