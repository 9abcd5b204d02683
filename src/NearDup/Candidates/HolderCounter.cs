using System;

namespace NearDup.Candidates;

/// <summary>Counts, for each of a batch of word-passage fingerprints, how many documents of a collection hold it.</summary>
/// <param name="fingerprints">The fingerprints.</param>
/// <param name="counts">Receives one count per fingerprint, in order.</param>
internal delegate void HolderCounter(ReadOnlySpan<ulong> fingerprints, Span<int> counts);
