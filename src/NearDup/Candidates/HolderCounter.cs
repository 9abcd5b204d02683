using System;

namespace NearDup.Candidates;

/// <summary>Counts, for each of a batch of passage fingerprints, how many documents of a collection hold it.</summary>
/// <param name="fingerprints">The fingerprints.</param>
/// <param name="counts">Receives one count per fingerprint, in order.</param>
/// <param name="skeleton">Whether the fingerprints are of spin skeletons rather than of words.</param>
internal delegate void HolderCounter(ReadOnlySpan<ulong> fingerprints, Span<int> counts, bool skeleton);
