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
}
