namespace NearDup.Candidates;

/// <summary>What the candidate gate reads of an indexed document, by key: whether it is live, and its three
/// fingerprint counts. The embedded index reads them from its entries; a cluster backend from the headers of the
/// document records it fetched for the lookup.</summary>
/// <remarks>Implemented by structs (ref structs allowed) so that <see cref="CandidatePolicy"/>'s generic steps compile
/// to direct reads. Thread safety: that of the implementation; a lookup reads it on one thread.</remarks>
internal interface IGateCounts
{
    /// <summary>Whether the document under <paramref name="key"/> is live (held, not removed, not pending).</summary>
    /// <param name="key">A key a source proposed.</param>
    /// <returns>True when live.</returns>
    bool IsLive(int key);

    /// <summary>Its distinct word-passage fingerprints.</summary>
    /// <param name="key">A key a source proposed.</param>
    /// <returns>The count.</returns>
    int Passages(int key);

    /// <summary>Its distinct spin-skeleton fingerprints.</summary>
    /// <param name="key">A key a source proposed.</param>
    /// <returns>The count.</returns>
    int SpinPassages(int key);

    /// <summary>Its distinct kept word-pair fingerprints.</summary>
    /// <param name="key">A key a source proposed.</param>
    /// <returns>The count.</returns>
    int Pairs(int key);
}
