namespace NearDup.Detection;

/// <summary>What a compaction (<see cref="NearDupIndex.Compact"/>) did with each live document's candidate data.</summary>
/// <param name="Copied">Documents whose stored analysis was copied as it is (the index's analysis is this build's and
/// the stored document was checked to be the live one's).</param>
/// <param name="Analysed">Documents analysed again from their text.</param>
/// <param name="CopyingGivenUp">Why the compaction stopped copying and analysed every document's text again instead
/// (copying none), or null when it did not: the error reading the stored documents again (damage that
/// <c>neardup index verify</c> reports too), or a stored analysis that differs from this build's for the same text under
/// the same analysis version (the candidate structures are then built anew from the analyses too).</param>
public sealed record CompactionReport(int Copied, int Analysed, string? CopyingGivenUp);
