using NearDup.Analysis;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>What two documents share only at their ends, after text of their own in both, is a trailer they both carry
/// (a signature, a disclaimer), not a copy; the same block elsewhere, or a whole message quoted, still is.</summary>
public class PairVerifierTrailerTests
{
    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = new(Analyzer.Options.ShingleSize);

    /// <summary>A signature with a disclaimer, written for these tests.</summary>
    private const string Signature =
        "Marta Ellory, harbour records office, Quay Street 14, Wexham. Office hours Tuesday to Friday, nine until four. " +
        "This message and anything attached to it are meant only for the person it is addressed to; if it reached you " +
        "by mistake, please tell the sender and delete it, and do not copy it or pass it on to anyone else.";

    private static PairVerdict? Verify(string a, string b) => Verifier.Verify(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    /// <summary>The kind of two texts ending in the signature, then a line of each one's own: <paramref name="head"/>
    /// before each, <paramref name="between"/> between the signature and the line, <paramref name="tail"/> after it.</summary>
    private static MatchKind? KindOfSignatureThenOwnWords(string head = "", string between = "\n\n", string tail = "") =>
        Verify(
            head + TestTexts.Lighthouse + "\n\n" + Signature + between + "See you at the quay on Friday, and bring the old ledgers." + tail,
            head + TestTexts.Sourdough + "\n\n" + Signature + between + "Kind regards to everyone at the bakery on Mill Lane." + tail)?.Kind;

    [Test]
    public void Verify_TwoMessagesEndingInTheSameSignature_AreNotCopies() =>
        Assert.That(Verify(TestTexts.Lighthouse + "\n\n" + Signature, TestTexts.Sourdough + "\n\n" + Signature), Is.Null);

    [Test]
    public void Verify_TheSameBlockFollowedByWordsOfTheirOwn_IsContained() =>
        Assert.That(KindOfSignatureThenOwnWords(), Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_AReplyQuotingTheWholeMessageAtItsEnd_IsContained() =>
        Assert.That(
            Verify(TestTexts.BeesOne + "\n\n> " + TestTexts.Lighthouse, TestTexts.Lighthouse)?.Kind,
            Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_ABlockThatEndsOneTextAndBeginsTheOther_IsContained() =>
        Assert.That(
            Verify(TestTexts.Lighthouse + "\n\n" + Signature, Signature + "\n\n" + TestTexts.Sourdough)?.Kind,
            Is.EqualTo(MatchKind.Contained));

    /// <summary>The head of an HTML mailing (markup only), as bulk mailers write it, written for these tests.</summary>
    private const string HtmlHead =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>" +
        "<body bgcolor=\"#ffffff\"><font face=\"Arial, Helvetica\" size=\"2\" color=\"#000000\">\n";

    private static PairExplanation Explain(string a, string b) => Verifier.Explain(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));

    [Test]
    public void Explain_TwoHtmlMailingsOpeningWithOneHeadAndEndingInTheSameSignature_SaysTheTrailerSetTheVerdictAside() =>
        Assert.That(
            Explain(HtmlHead + TestTexts.Lighthouse + "\n\n" + Signature, HtmlHead + TestTexts.Sourdough + "\n\n" + Signature) is { Verdict: null, Overruled: Overruling.Trailer },
            Is.True);

    [Test]
    public void Explain_TheSameSignatureFollowedByClosingTagsOfTheirOwn_SaysTheTrailerSetTheVerdictAside() =>
        Assert.That(
            Explain(
                TestTexts.Lighthouse + "\n\n" + Signature + "\n</font></td></tr></table></body></html>",
                TestTexts.Sourdough + "\n\n" + Signature + "\n</div></center></html>") is { Verdict: null, Overruled: Overruling.Trailer },
            Is.True);

    [Test]
    public void Explain_TheSameSignatureWithAMailersAddressLineAfterItInOne_SaysTheTrailerSetTheVerdictAside() =>
        Assert.That(
            Explain(
                TestTexts.Lighthouse + "\n\n" + Signature + "\nmailto:remove-7731@bulk-sender.example.com",
                TestTexts.Sourdough + "\n\n" + Signature) is { Verdict: null, Overruled: Overruling.Trailer },
            Is.True);

    [TestCase("http://bulk-sender.example.com/remove?id=7731", TestName = "Explain_TheSameSignatureWithALinkLineAfterItInOne_SaysTheTrailerSetTheVerdictAside")]
    [TestCase("<a href=\"x\">mailto:</a>", TestName = "Explain_TheSameSignatureWithAMailtoLinkTextAfterItInOne_SaysTheTrailerSetTheVerdictAside")]
    public void Explain_TheSameSignatureWithAnAddressAfterItInOne_SaysTheTrailerSetTheVerdictAside(string tail) =>
        Assert.That(
            Explain(TestTexts.Lighthouse + "\n\n" + Signature + "\n" + tail, TestTexts.Sourdough + "\n\n" + Signature) is { Verdict: null, Overruled: Overruling.Trailer },
            Is.True);

    [TestCase("see:http://harbour-records.example.org/ledgers,thanks", TestName = "Verify_TheSameSignatureWithAWordGluedToALinkByACommaAfterItInOne_IsContained")]
    [TestCase("详情请看http://harbour-records.example.org谢谢", TestName = "Verify_TheSameSignatureWithChineseWordsGluedToALinkAfterItInOne_IsContained")]
    public void Verify_TheSameSignatureWithWordsGluedToAnAddressAfterItInOne_IsContained(string tail) =>
        Assert.That(Verify(TestTexts.Lighthouse + "\n\n" + Signature + "\n" + tail, TestTexts.Sourdough + "\n\n" + Signature)?.Kind, Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_TheSameSignatureWithALinkAndAWordOfItsOwnAfterItInOne_IsContained() =>
        Assert.That(
            Verify(
                TestTexts.Lighthouse + "\n\n" + Signature + "\nhttp://harbour-records.example.org/ledgers thanks",
                TestTexts.Sourdough + "\n\n" + Signature)?.Kind,
            Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_AnHtmlReplyQuotingTheWholeMessageAtItsEnd_IsContained() =>
        Assert.That(
            Verify(HtmlHead + TestTexts.BeesOne + "\n\n> " + TestTexts.Lighthouse, HtmlHead + TestTexts.Lighthouse)?.Kind,
            Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_WordsOfTheirOwnAfterTheSharedBlockBeforeTheSameClosingTags_AreContained() =>
        Assert.That(KindOfSignatureThenOwnWords(between: "\n", tail: "</font></td></tr></table></body></html>"), Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Verify_TwoHtmlMailingsWhoseSharedBlockIsFollowedByWordsOfTheirOwn_AreContained() =>
        Assert.That(KindOfSignatureThenOwnWords(head: HtmlHead), Is.EqualTo(MatchKind.Contained));

    [Test]
    public void Explain_TwoMessagesEndingInTheSameSignature_SaysTheTrailerSetTheVerdictAside() =>
        Assert.That(
            Verifier.Explain(Analyzer.Analyze("a", TestTexts.Lighthouse + "\n\n" + Signature), Analyzer.Analyze("b", TestTexts.Sourdough + "\n\n" + Signature)).Overruled,
            Is.EqualTo(Overruling.Trailer));

    [Test]
    public void Explain_AReplyQuotingTheWholeMessage_IsOverruledByNoRule() =>
        Assert.That(
            Verifier.Explain(Analyzer.Analyze("a", TestTexts.BeesOne + "\n\n> " + TestTexts.Lighthouse), Analyzer.Analyze("b", TestTexts.Lighthouse)) is { Verdict: not null, Overruled: Overruling.None },
            Is.True);

    [Test]
    public void Explain_TwoUnrelatedTexts_AreOverruledByNoRule() =>
        Assert.That(
            Verifier.Explain(Analyzer.Analyze("a", TestTexts.Lighthouse), Analyzer.Analyze("b", TestTexts.Sourdough)) is { Verdict: null, Overruled: Overruling.None },
            Is.True);
    [TestCase(0.4, 0.04, true, TestName = "IsWidelyHeldAdded_ATenthOfTheSharedWeight_IsWidelyHeld")]
    [TestCase(0.4, 0.05, false, TestName = "IsWidelyHeldAdded_MoreThanATenth_IsNot")]
    [TestCase(0.0, 0.0, false, TestName = "IsWidelyHeldAdded_SharedTextThatWeighsNothing_HasNoWidelyHeldAddition")]
    public void IsWidelyHeldAdded_ComparesTheMeanWeights(double shared, double added, bool expected) =>
        Assert.That(PairVerifier.IsWidelyHeldAdded(shared, added), Is.EqualTo(expected));
}
