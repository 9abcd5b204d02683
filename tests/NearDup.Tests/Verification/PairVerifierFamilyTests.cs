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
        Assert.That(PairVerifier.OwnShared([10, 20, 30], [1.0 / 3, 1.0, 1.0 / 11], other, 1.0 / 3), Is.EqualTo(1));
    }
}
