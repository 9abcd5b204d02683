namespace NearDup.Verification;

/// <summary>How much of the spin skeleton a pair shares is its own: the weights 1 / (1 + n), for n other holders, of the
/// skeleton fingerprints the pair shares, summed up two ways (see <see cref="IRecurrence.SkeletonWeights"/>).</summary>
/// <param name="Mean">The mean weight: lifted by any fingerprint the pair alone holds, so a pair that shares a family's
/// standard section and a little text of its own keeps the section as an excerpt.</param>
/// <param name="Median">The median weight: low when most of the shared skeleton is the collection's, however many
/// fingerprints the pair alone holds (the fill of a template's slots).</param>
internal readonly record struct SkeletonWeights(double Mean, double Median)
{
    /// <summary>The weights of a pair that shares no skeleton, or of a pair judged without a collection: its own.</summary>
    public static SkeletonWeights Own => new(1, 1);
}
