using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>A verdict of a query with the candidate index's key of its indexed document (the verdict's A): what a
/// backend needs to tell one indexed document from another when it decides an add-unless-copy.</summary>
/// <param name="Verdict">The verdict, the indexed document as A.</param>
/// <param name="Key">The indexed document's key (see <see cref="CandidateDocument.Key"/>).</param>
/// <remarks>Thread safety: immutable.</remarks>
internal readonly record struct KeyedVerdict(PairVerdict Verdict, long Key);
