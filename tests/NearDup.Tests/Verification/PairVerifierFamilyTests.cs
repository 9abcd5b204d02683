using System.Linq;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Shingles;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Verification;

/// <summary>The parts of the rule that tells two pages of one family from a copy (see
/// <c>CollectionFrameTests</c> for the rule at work in a collection): where a name stands, who holds a document's fill,
/// and how much shared text is the pair's own.</summary>
public class PairVerifierFamilyTests
{
    [Test]
    public void IsInAddress_AWordOfAUrl_IsInAnAddress() =>
        Assert.That(PairVerifier.IsInAddress("Order now at http://www.kappashop.com/offer before Friday.", "kappashop"), Is.True);

    [Test]
    public void IsInAddress_AWordOfAnEmailAddress_IsInAnAddress() =>
        Assert.That(PairVerifier.IsInAddress("Write to Kappa.Sales@example.org for a quote.", "kappa sales"), Is.True);

    [Test]
    public void IsInAddress_AWordOfAnIdentifierAndOfProse_IsNotInAnAddress() =>
        Assert.That(PairVerifier.IsInAddress("CFG_KAPPA_MODE\n\nThe kappa setting, see CFG_KAPPA_MODE.", "kappa"), Is.False);

    [Test]
    public void IsInAddress_AWordTheTextDoesNotHold_IsNotInAnAddress() =>
        Assert.That(PairVerifier.IsInAddress("Order now at http://www.kappashop.com/offer.", "lambda"), Is.False);

    [Test]
    public void IsInAddress_OnlyThere_AWordOfAUrlAndOfProse_IsNotOnlyInAnAddress() =>
        Assert.That(
            PairVerifier.IsInAddress("KAPPAFMT(1)\n\nkappafmt formats a file. Full documentation <https://www.example.org/tools/kappafmt>", "kappafmt", onlyThere: true),
            Is.False);

    [Test]
    public void IsInAddress_OnlyThere_AWordOfUrlsAlone_IsOnlyInAnAddress() =>
        Assert.That(PairVerifier.IsInAddress("Order now at http://www.kappashop.com/offer or http://kappashop.com/more.", "kappashop", onlyThere: true), Is.True);

    [Test]
    public void IsInAddress_OnlyThere_AWordTheTextDoesNotHold_IsNotInAnAddress() =>
        Assert.That(PairVerifier.IsInAddress("Order now at http://www.kappashop.com/offer.", "lambda", onlyThere: true), Is.False);

    [Test]
    public void FillHolders_PositionsTheOtherLacks_GiveTheFewestHoldersAmongThem()
    {
        // Positions 1 and 3 (hashes 20 and 40) are the fill: held by 3 and 10 others. The shared positions, held by none,
        // do not count.
        ShingleSet other = ShingleSet.From([10, 30]);
        Assert.That(PairVerifier.FillHolders([10, 20, 30, 40], [1.0, 1.0 / 4, 1.0, 1.0 / 11], other), Is.EqualTo(3));
    }

    [Test]
    public void FillHolders_NoPositionTheOtherLacks_IsZero() =>
        Assert.That(PairVerifier.FillHolders([10, 20], [1.0 / 11, 1.0 / 11], ShingleSet.From([10, 20])), Is.Zero);

    [Test]
    public void OwnShared_CountsSharedPositionsWeighingAtLeastTheLeast()
    {
        // Shared: 10 (weight 1/3, counts), 30 (1/11, too light); 20 weighs 1 but the other lacks it.
        ShingleSet other = ShingleSet.From([10, 30]);
        Assert.That(PairVerifier.OwnShared([10, 20, 30], [1.0 / 3, 1.0, 1.0 / 11], other, 1.0 / 3, window: 1), Is.EqualTo(1));
    }

    [Test]
    public void OwnShared_LeavesOutSharedPositionsWhoseWindowPicksAFingerprintTheOtherLacks()
    {
        // Windows of 2 over 50 10 5 30 pick 10, 5, 5 (position 3 weighs as the last window). 50, 10 and 30 are shared,
        // but only position 0's window picks a shared fingerprint (10); 5, the pick of the others, is this page's own
        // (a shingle over its fill), so its weight says nothing of how widely the shared text is held.
        ShingleSet other = ShingleSet.From([10, 30, 50]);
        Assert.That(PairVerifier.OwnShared([50, 10, 5, 30], [1.0, 1.0, 1.0, 1.0], other, 1.0 / 3, window: 2), Is.EqualTo(1));
    }

    private static readonly DocumentAnalyzer Analyzer = new();
    private static readonly PairVerifier Verifier = IndexOptions.Default.CreateVerifier();

    /// <summary>A one-sentence settings page of a made-up tool: its setting's name, and the option the setting feeds,
    /// whose name is the setting's with the tool's prefix unless it has the prefix already.</summary>
    private static string SettingPage(string name) =>
        $"Among the workspace settings read at start-up, the {name} setting gives the starting value of the {(name.StartsWith("TOOL_", System.StringComparison.Ordinal) ? name : "TOOL_" + name)} option whenever no other value has been chosen for the workspace being set up for the first time, and a value given later replaces it.";

    [Test]
    public void NameFills_ANameReplacedInTwoForms_CountsAsAFillMadeTwice()
    {
        // The setting's name is replaced whole (QUARK_ROOT / TOOL_FLAVOR); in the option's name the alignment keeps the
        // prefix both have (TOOL_QUARK_ROOT / TOOL_FLAVOR): one name, two substitutions of one occurrence each.
        string a = SettingPage("QUARK_ROOT"), b = SettingPage("TOOL_FLAVOR");
        SpinAlignment alignment = Verifier.Aligner.Align(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));
        Assert.That(
            (alignment.Substitutions.Count(s => s.From == "quark root"), alignment.Substitutions.Max(s => s.Count), PairVerifier.NameFills(alignment, a, b)),
            Is.EqualTo((2, 1, (2, 0))));
    }

    /// <summary>A tool's short manual page that names the tool in its title, its name line and its text, and once in the
    /// link to its full documentation.</summary>
    private static string LinkedPage(string name) =>
        $"{name.ToUpperInvariant()}(1)\n\nNAME\n    {name} - print the tides\n\nDESCRIPTION\n    The {name} command reads the " +
        $"harbour log and prints the tides it records for the day asked. Full documentation: <https://harbour.example.org/tools/{name}>";

    [Test]
    public void NameFills_ANameAlsoInALink_CountsOnlyWhenNamesInAddressesCount()
    {
        // The name is replaced twice outside the link (the alignment puts the title's and the link's apart).
        string a = LinkedPage("tide_wait"), b = LinkedPage("moor_line");
        SpinAlignment alignment = Verifier.Aligner.Align(Analyzer.Analyze("a", a), Analyzer.Analyze("b", b));
        Assert.That(
            (PairVerifier.NameFills(alignment, a, b).Names, PairVerifier.NameFills(alignment, a, b, namesInAddresses: true).Names),
            Is.EqualTo((0, 2)));
    }
}
