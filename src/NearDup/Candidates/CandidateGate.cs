using System;
using NearDup.Verification;

namespace NearDup.Candidates;

/// <summary>
/// Decides which candidate pairs found only through shared passage fingerprints are worth verifying: those sharing at
/// least half of the fingerprints the weakest verdict they could earn would need.
/// </summary>
/// <remarks>
/// <para>
/// Winnowing selects about the same share of every passage's shingles (2/(w+1) on average), so the share of a
/// document's fingerprints that another document also holds estimates the share of its text the two have in common.
/// The weakest verdict a pair found through word passages can earn is a contained excerpt, which needs one passage of
/// at least <see cref="Verification.VerificationOptions.MinPassageShare"/> of a document; the weakest a pair found
/// through spin-skeleton fingerprints can earn is spun, which needs aligned passages over at least
/// <see cref="Verification.VerificationOptions.MinSpunCoverage"/> of a document. A pair is verified when its shared
/// fingerprints reach <see cref="Margin"/> (one half) of that share of the smaller fingerprint list, a margin for
/// winnowing's variance and for edits inside the passages. Without the gate, chance pairs sharing two or three stock
/// phrases grow linearly with the index and dominate the cost of a query (measured: 95% of the pairs the passage
/// sources proposed on a generated 20,000-document corpus, none of them a copy).
/// </para>
/// <para>
/// Exact-hash and word-LSH candidates are always verified: they are rare by construction. SimHash and spin-LSH
/// candidates are not (documents written in one register from the same stock phrases fall within a few bits of each
/// other, or share skeleton bands, by the hundred in a large index), so they must reach the word-passage share or the
/// spin-fingerprint share respectively, but not the least count, so that short documents, whose few fingerprints
/// cannot reach the count, are still verified when those sources find them.
/// </para>
/// <para>
/// A de-duplication (a grouping, an add-unless-copy) that looks for near-duplicates but not contained copies asks the
/// word passages and SimHash too, through a
/// gate of its own (<see cref="PassesNearDuplicate"/>): a fixed share, <see cref="NearDuplicateShare"/>, of the larger
/// document's fingerprints, since a near-duplicate covers nearly all of both texts; the contained gate's share of the
/// smaller one would verify every excerpt as well.
/// </para>
/// <para>
/// Word pairs (<see cref="Shingles.WordPairs"/>) are a source of their own, for rewrites that keep neither word
/// passages nor the skeleton; a pair found through them alone is verified when it shares at least
/// <see cref="MinSharedPairs"/> kept pairs and <see cref="PairShare"/> of the smaller document's. Measured among 19,310
/// real documents (mail, documentation, prose) with 30 fluent rewrites of 30 articles hidden in them: 27 of the 30
/// pass, none of 30 texts on the same topics that are not copies, and a document of the collection proposes two others
/// a lookup on average, most of them copies the other sources find too.
/// </para>
/// </remarks>
internal readonly struct CandidateGate
{
    /// <summary>The share of the weakest verdict's requirement a candidate must reach.</summary>
    public const double Margin = 0.5;

    private readonly double _passageShare;
    private readonly double _spinShare;
    private readonly int _minPassages;
    private readonly int _minSpin;

    /// <summary>The least count of shared word pairs for a pair found through them.</summary>
    public const int MinSharedPairs = 6;

    /// <summary>The share of the smaller document's word pairs a pair found through them must share.</summary>
    public const double PairShare = 0.15;

    /// <summary>The share of the larger document's word-passage fingerprints a pair must share to be verified in a
    /// search for near-duplicates alone (<see cref="PassesNearDuplicate"/>). The word LSH, tuned for a 5-gram Jaccard of
    /// 0.5, misses near-duplicates whose words are nearly all equal but whose 5-grams are broken every few words (a
    /// mail's words split at its soft line breaks, a spam mailed again with other links and tracking codes); the
    /// verifier, aligning their words, calls them near-duplicates. Measured on the real mail collection: the 40
    /// near-duplicates a scan reports that a grouping by the word LSH alone did not link share 0.26–0.73 of the larger
    /// document's passage fingerprints. At 0.2, <c>neardup dedup</c> of the real mail, mixed, man-page and package-doc
    /// collections drops 907, 2,335, 1,131 and 685 documents, where the components of the scan's exact and
    /// near-duplicate pairs hold 905, 2,336, 1,148 and 686 redundant ones and the word LSH alone found 887, 2,302,
    /// 1,043 and 591; the contained gate's far looser share found 907, 2,336, 1,149 and 685 in 1.3–3 times the time
    /// (benchmarks/README.md).</summary>
    public const double NearDuplicateShare = 0.2;

    /// <summary>Creates the gate for a set of verification thresholds and least counts.</summary>
    /// <param name="verification">The verification thresholds; they set the shares.</param>
    /// <param name="minSharedFingerprints">Word-passage fingerprints a pair must share unless SimHash proposed it.</param>
    /// <param name="minSharedSpinFingerprints">Spin fingerprints a pair must share unless the spin LSH proposed it.</param>
    public CandidateGate(VerificationOptions verification, int minSharedFingerprints, int minSharedSpinFingerprints)
    {
        _passageShare = Margin * verification.MinPassageShare;
        _spinShare = Margin * verification.MinSpunCoverage;
        _minPassages = minSharedFingerprints;
        _minSpin = minSharedSpinFingerprints;
    }

    /// <summary>The gate's four thresholds, which the settings fingerprint of a candidate image covers
    /// (see <see cref="CandidateSettings.ImageFingerprint"/>); the gate keeps no other state.</summary>
    internal (double PassageShare, double SpinShare, int MinPassages, int MinSpin) Thresholds => (_passageShare, _spinShare, _minPassages, _minSpin);

    /// <summary>Whether a pair sharing <paramref name="shared"/> word-passage fingerprints is verified.</summary>
    /// <param name="shared">Fingerprints the two documents share.</param>
    /// <param name="countA">Distinct fingerprints of one document.</param>
    /// <param name="countB">Distinct fingerprints of the other.</param>
    /// <param name="foundBySimHash">Whether the SimHash index also proposed the pair (then the least count does not apply).</param>
    /// <returns>True to verify.</returns>
    public bool PassesPassages(int shared, int countA, int countB, bool foundBySimHash = false) =>
        MayPassPassages(shared, foundBySimHash) && shared >= _passageShare * Math.Min(countA, countB);

    /// <summary>Whether a pair sharing <paramref name="shared"/> word-passage fingerprints can pass
    /// <see cref="PassesPassages"/> at all, whatever the two documents' counts: the least count. A query tests it before
    /// it reads the indexed document's count, which at a million documents is a cache miss per document.</summary>
    /// <param name="shared">Fingerprints the two documents share.</param>
    /// <param name="foundBySimHash">Whether the SimHash index also proposed the pair.</param>
    /// <returns>False when the pair is certainly not verified.</returns>
    public bool MayPassPassages(int shared, bool foundBySimHash) => foundBySimHash || shared >= _minPassages;

    /// <summary>Whether a pair sharing <paramref name="shared"/> word-passage fingerprints is verified in a search for
    /// near-duplicates alone (a de-duplication: <c>dedup</c>, <c>scan --groups</c>, <c>AddUnlessCopy</c>): the least count (unless SimHash proposed it)
    /// and <see cref="NearDuplicateShare"/> of the larger document's fingerprints, since a near-duplicate covers nearly
    /// all of both.</summary>
    /// <param name="shared">Fingerprints the two documents share.</param>
    /// <param name="countA">Distinct fingerprints of one document.</param>
    /// <param name="countB">Distinct fingerprints of the other.</param>
    /// <param name="foundBySimHash">Whether the SimHash index also proposed the pair (then the least count does not apply).</param>
    /// <returns>True to verify.</returns>
    public bool PassesNearDuplicate(int shared, int countA, int countB, bool foundBySimHash = false) =>
        MayPassPassages(shared, foundBySimHash) && shared >= NearDuplicateShare * Math.Max(countA, countB);

    /// <summary>Whether a pair sharing <paramref name="shared"/> spin-skeleton fingerprints is verified.</summary>
    /// <param name="shared">Spin fingerprints the two documents share.</param>
    /// <param name="countA">Distinct spin fingerprints of one document.</param>
    /// <param name="countB">Distinct spin fingerprints of the other.</param>
    /// <param name="foundByLsh">Whether the spin LSH also proposed the pair (then the least count does not apply).</param>
    /// <returns>True to verify.</returns>
    public bool PassesSpin(int shared, int countA, int countB, bool foundByLsh) =>
        MayPassSpin(shared, foundByLsh) && shared >= _spinShare * Math.Min(countA, countB);

    /// <summary>As <see cref="MayPassPassages"/>, for <see cref="PassesSpin"/>.</summary>
    /// <param name="shared">Spin fingerprints the two documents share.</param>
    /// <param name="foundByLsh">Whether the spin LSH also proposed the pair.</param>
    /// <returns>False when the pair is certainly not verified.</returns>
    public bool MayPassSpin(int shared, bool foundByLsh) => foundByLsh || shared >= _minSpin;

    /// <summary>Whether a pair sharing <paramref name="shared"/> kept word pairs is verified.</summary>
    /// <param name="shared">Word-pair fingerprints the two documents share.</param>
    /// <param name="countA">Distinct word-pair fingerprints of one document.</param>
    /// <param name="countB">Distinct word-pair fingerprints of the other.</param>
    /// <returns>True to verify.</returns>
    public static bool PassesPairs(int shared, int countA, int countB) =>
        MayPassPairs(shared) && shared >= PairShare * Math.Min(countA, countB);

    /// <summary>As <see cref="MayPassPassages"/>, for <see cref="PassesPairs"/>.</summary>
    /// <param name="shared">Word-pair fingerprints the two documents share.</param>
    /// <returns>False when the pair is certainly not verified.</returns>
    public static bool MayPassPairs(int shared) => shared >= MinSharedPairs;
}
