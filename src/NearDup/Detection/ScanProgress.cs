namespace NearDup.Detection;

/// <summary>Where a scan is: its stage and how far through it.</summary>
/// <param name="Stage">The stage: <c>analysing</c>, <c>indexing</c>, <c>candidates</c> or <c>verifying</c>.</param>
/// <param name="Done">Items done in this stage.</param>
/// <param name="Total">Items in this stage.</param>
public readonly record struct ScanProgress(string Stage, int Done, int Total);
