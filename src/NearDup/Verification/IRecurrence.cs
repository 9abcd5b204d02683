using System;

namespace NearDup.Verification;

/// <summary>How much of each word sequence of a pair recurs elsewhere in the collection the pair comes from: what lets
/// the verifier tell text two documents share because one copies the other from text many documents share (a list
/// footer, a signature, a licence, a template's frame).</summary>
/// <remarks>Thread safety: implementations are safe for concurrent use.</remarks>
internal interface IRecurrence
{
    /// <summary>Weighs every shingle position of both documents of a pair: 1 where the text is held by no document of
    /// the collection but the pair's, and 1 / (1 + n) where n other documents hold it.</summary>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="weightsA">Receives a weight per shingle position of A.</param>
    /// <param name="weightsB">Receives a weight per shingle position of B.</param>
    void Weigh(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB);

    /// <summary>As <see cref="Weigh"/>, but each position weighs at most as the windows at most a window away whose
    /// fingerprints both documents picked: the weights of a frame broken by fills.</summary>
    /// <remarks>A window that reaches from a shared run into a fill (a page's name in its family's frame) mostly picks a
    /// fingerprint of the fill, which that page alone holds; weighed by it, the run's edges count as the page's own text
    /// though every sibling holds them. The fingerprints both picked nearby are the frame's. Asked only of pairs whose
    /// alignment replaces a name at least twice (see <c>PairVerifier.NameFills</c>) and that are contained, or an edited
    /// copy only the alignment finds: a campaign's ad in two mailings has the same edges, and readers call the ad a copy
    /// (weighed so, judged copies of the ads were lost).
    /// Without an override, the weights of <see cref="Weigh"/>.</remarks>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="weightsA">Receives a weight per shingle position of A.</param>
    /// <param name="weightsB">Receives a weight per shingle position of B.</param>
    void WeighFrame(IVerifiableDocument a, IVerifiableDocument b, Span<double> weightsA, Span<double> weightsB) => Weigh(a, b, weightsA, weightsB);

    /// <summary>The weights, 1 / (1 + n) for n other holders, of the spin-skeleton fingerprints the pair shares, as
    /// their mean and their median; both 1 when they share none. Near 1 when the skeleton (function words, names,
    /// numbers, punctuation) the pair shares is its own, as a spun copy's is; near 0 when every page of a template
    /// carries it.</summary>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="copies">How many other holders of each fingerprint are copies of the pair's own text and do not
    /// count (n is the holders beyond the pair less these, at least 0): an article that 25 outlets carry holds its
    /// skeleton with its 25 copies, which make it no template's.</param>
    /// <returns>The weights.</returns>
    SkeletonWeights SkeletonWeights(IVerifiableDocument a, IVerifiableDocument b, int copies);

    /// <summary>Whether the holders are counted in this process (a scan's tables, an index on local disk), so that
    /// asking <see cref="SkeletonWeights"/> costs less than aligning a pair; false when each count is a round trip to a
    /// server.</summary>
    bool CountsAreLocal { get; }
}
