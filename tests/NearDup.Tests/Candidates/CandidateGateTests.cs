using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Candidates;

public class CandidateGateTests
{
    // Defaults: contained needs a passage of 15% of a document, spun 25% coverage; the gate asks for half of each,
    // 7.5% of the smaller fingerprint list for word passages and 12.5% for spin fingerprints.
    private static readonly CandidateGate Gate = IndexOptions.Default.CandidateSettings.Gate;

    [Test]
    public void PassesPassages_TwoStockPhrasesInLongDocuments_IsRejected() =>
        Assert.That(Gate.PassesPassages(2, 110, 120), Is.False);

    [Test]
    public void PassesPassages_HalfTheContainedShare_IsAccepted() =>
        Assert.That(Gate.PassesPassages(8, 100, 100), Is.True);

    [Test]
    public void PassesPassages_JustBelowHalfTheContainedShare_IsRejected() =>
        Assert.That(Gate.PassesPassages(7, 100, 100), Is.False);

    [Test]
    public void PassesPassages_ShareIsOfTheSmallerDocument() =>
        Assert.That(Gate.PassesPassages(4, 50, 5_000), Is.True);

    [Test]
    public void PassesPassages_FewerThanTheLeastCount_IsRejectedEvenWhenAllAreShared() =>
        Assert.That(Gate.PassesPassages(1, 1, 1), Is.False);

    [Test]
    public void PassesNearDuplicate_AFifthOfTheLargerDocument_IsAccepted() =>
        Assert.That(Gate.PassesNearDuplicate(20, 100, 60), Is.True);

    [Test]
    public void PassesNearDuplicate_JustUnderAFifthOfTheLargerDocument_IsRejected() =>
        Assert.That(Gate.PassesNearDuplicate(19, 60, 100), Is.False);

    [Test]
    public void PassesNearDuplicate_AHalfOfTheSmallerButATenthOfTheLargerDocument_IsRejected() =>
        Assert.That(Gate.PassesNearDuplicate(10, 20, 100), Is.False);

    [Test]
    public void PassesNearDuplicate_UnderTheLeastCountFoundBySimHash_IsAccepted() =>
        Assert.That((Gate.PassesNearDuplicate(1, 4, 5), Gate.PassesNearDuplicate(1, 4, 5, foundBySimHash: true)), Is.EqualTo((false, true)));

    [Test]
    public void PassesSpin_UnderTheLeastCountWithoutLsh_IsRejected() =>
        Assert.That(Gate.PassesSpin(4, 20, 20, foundByLsh: false), Is.False);

    [Test]
    public void PassesSpin_UnderTheLeastCountFoundByLsh_IsAccepted() =>
        Assert.That(Gate.PassesSpin(4, 20, 20, foundByLsh: true), Is.True);

    [Test]
    public void PassesSpin_FoundByLshButSharingTooLittle_IsRejected() =>
        Assert.That(Gate.PassesSpin(5, 160, 170, foundByLsh: true), Is.False);

    [Test]
    public void PassesSpin_HalfTheSpunCoverage_IsAccepted() =>
        Assert.That(Gate.PassesSpin(20, 160, 170, foundByLsh: false), Is.True);

    [Test]
    public void PassesPairs_FifteenPercentOfTheSmallerDocument_IsAccepted() =>
        Assert.That(CandidateGate.PassesPairs(15, 100, 4_000), Is.True);

    [Test]
    public void PassesPairs_JustUnderFifteenPercent_IsRejected() =>
        Assert.That(CandidateGate.PassesPairs(14, 100, 100), Is.False);

    [Test]
    public void PassesPairs_FewerThanSixShared_IsRejectedEvenWhenAllAreShared() =>
        Assert.That(CandidateGate.PassesPairs(5, 5, 5), Is.False);

    [Test]
    public void Shares_FollowTheVerificationThresholds()
    {
        var strict = new CandidateGate(new VerificationOptions(minPassageShare: 0.5, minSpunCoverage: 0.6), minSharedFingerprints: 2, minSharedSpinFingerprints: 5);
        Assert.Multiple(() =>
        {
            Assert.That(strict.PassesPassages(24, 100, 100), Is.False);
            Assert.That(strict.PassesPassages(25, 100, 100), Is.True);
            Assert.That(strict.PassesSpin(29, 100, 100, foundByLsh: false), Is.False);
            Assert.That(strict.PassesSpin(30, 100, 100, foundByLsh: false), Is.True);
        });
    }

    [TestCase(1, false, false)]
    [TestCase(1, true, true)]
    [TestCase(2, false, true)]
    public void MayPassPassages_IsTheLeastCountUnlessFoundBySimHash(int shared, bool bySimHash, bool expected) =>
        Assert.That(Gate.MayPassPassages(shared, bySimHash), Is.EqualTo(expected));

    [Test]
    public void MayPass_HoldsForEveryPairThatPasses()
    {
        // The index tests MayPass before it reads a document's own count, so it must never reject a pair that passes.
        CandidateGate gate = Gate;
        Assert.Multiple(() =>
        {
            for (int shared = 0; shared <= 12; shared++)
            {
                foreach (int countB in (int[])[1, 2, 3, 5, 8, 20, 200])
                {
                    foreach (bool found in (bool[])[false, true])
                    {
                        if (gate.PassesPassages(shared, 40, countB, found))
                        {
                            Assert.That(gate.MayPassPassages(shared, found), $"passages {shared}/{countB}/{found}");
                        }

                        if (gate.PassesNearDuplicate(shared, 40, countB, found))
                        {
                            Assert.That(gate.MayPassPassages(shared, found), $"near-duplicate {shared}/{countB}/{found}");
                        }

                        if (gate.PassesSpin(shared, 40, countB, found))
                        {
                            Assert.That(gate.MayPassSpin(shared, found), $"spin {shared}/{countB}/{found}");
                        }
                    }
                }
            }
        });
    }
}
