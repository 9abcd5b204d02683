using System;

namespace NearDup.Candidates;

/// <summary>
/// The kinds of copy an index query looks for. Each kind brings the candidate sources aimed at it; a query for fewer
/// kinds skips the other sources' lookups, and misses the copies that only those sources would have proposed.
/// </summary>
/// <remarks>
/// <para>Kinds choose where candidates come from, not which verdicts are kept: every candidate found is verified and
/// its verdict returned whatever its kind (a near-duplicate query finds an exact copy through the word LSH, and says
/// it is exact).</para>
/// <para>What each kind costs: exact and near-duplicate copies are two hash-table reads per band (the MinHash LSH
/// lookup datasketch's index does); spun and contained copies read winnowed fingerprint postings, a few hundred random
/// memory reads per query in a large index, so asking only for the kinds a pipeline needs makes its lookup several
/// times cheaper (benchmarks/README.md has the measured figures).</para>
/// </remarks>
[Flags]
public enum CopyKinds
{
    /// <summary>No kind; not a valid query.</summary>
    None = 0,

    /// <summary>Exact copies: the exact hash of the normalised text.</summary>
    Exact = 1,

    /// <summary>Near-duplicates: the word MinHash LSH. A de-duplication (<c>NearDupIndex.FindGroups</c>,
    /// <c>NearDupIndex.AddUnlessCopy</c>) that looks for near-duplicates but not contained copies also asks the word
    /// passages and SimHash, through a gate of its own: a fifth of the larger document's passage fingerprints shared
    /// (<c>CandidateGate.NearDuplicateShare</c>); its lookup then costs what a contained lookup costs.</summary>
    NearDuplicate = 2,

    /// <summary>Contained excerpts and embedded copies: the winnowed word-passage fingerprints, and the SimHash Hamming
    /// index's neighbours, which pass only through the passage gate. Near-duplicates too heavily edited for the LSH are
    /// found here as well.</summary>
    Contained = 4,

    /// <summary>Spun copies: the spin-skeleton MinHash LSH and the winnowed spin-skeleton fingerprints. A verbatim
    /// excerpt keeps its skeleton, so these find many excerpts too.</summary>
    Spun = 8,

    /// <summary>Every kind: what <c>Query</c> looks for unless told otherwise.</summary>
    All = Exact | NearDuplicate | Contained | Spun,
}
