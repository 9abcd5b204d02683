using System;
using NearDup.Verification;

namespace NearDup.Candidates;

/// <summary>
/// The kinds of copy an index query looks for. Each kind brings the candidate sources aimed at it; a query for fewer
/// kinds skips the other sources' lookups, and misses the copies that only those sources would have proposed.
/// </summary>
/// <remarks>
/// <para>Kinds choose where candidates come from, not which verdicts are kept: every candidate found is verified and
/// its verdict returned whatever its kind (a near-duplicate query finds an exact copy through the word LSH, and says
/// it is exact).</para>
/// <para>What the lookup costs at 1,000,000 indexed documents on the 2-core test machine, median / p99 in a loop of
/// lookups (benchmarks/README.md): 2.0 / 3.4 µs for exact and near-duplicate copies (exact hash, word MinHash LSH);
/// 13.4 / 58 µs with spun copies as well (spin MinHash LSH, spin passages); 23.4 / 74 µs with contained ones instead
/// (SimHash, word passages); 38 / 100 µs for all. Between analyses and verifications, as a service runs them, caches
/// are colder: 3.0–3.4 / 19–31 µs for exact and near-duplicate, 44.5 / 110 µs for all.</para>
/// </remarks>
[Flags]
public enum CopyKinds
{
    /// <summary>No kind; not a valid query.</summary>
    None = 0,

    /// <summary>Exact copies: the exact hash of the normalised text.</summary>
    Exact = 1,

    /// <summary>Near-duplicates: the word MinHash LSH.</summary>
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

/// <summary>Conversions between <see cref="MatchKind"/> and <see cref="CopyKinds"/>.</summary>
public static class CopyKindsExtensions
{
    /// <summary>The <see cref="CopyKinds"/> flag that looks for copies of this kind.</summary>
    /// <param name="kind">A verdict kind.</param>
    /// <returns>Its flag.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined kind.</exception>
    public static CopyKinds ToCopyKinds(this MatchKind kind) =>
        Enum.IsDefined(kind) ? (CopyKinds)(1 << (int)kind) : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of copy.");
}
