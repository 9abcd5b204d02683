namespace NearDup.Detection;

/// <summary>Where a long operation is: its stage and how far through it.</summary>
/// <param name="Stage">The stage. A scan (<see cref="NearDupIndex.FindAllPairs"/>) reports <c>indexing</c>,
/// <c>candidates</c> and <c>verifying</c>; a grouping (<see cref="NearDupIndex.FindGroups"/>) <c>indexing</c> and
/// <c>linking</c> (documents looked up, each one's candidates verified unless linked already); opening an index on disk reports
/// <see cref="ReadingLog"/>, <see cref="LoadingDocuments"/> and <see cref="PackingPassages"/>.</param>
/// <param name="Done">Items done in this stage.</param>
/// <param name="Total">Items in this stage; 0 when it is not known.</param>
/// <remarks>Each stage is reported at its start (<paramref name="Done"/> 0) and its end (<paramref name="Done"/> equal
/// to <paramref name="Total"/>), and as it goes.</remarks>
public readonly record struct ScanProgress(string Stage, int Done, int Total)
{
    /// <summary>Opening an index: reading its write-ahead log, which holds every batch added since the last compaction
    /// (counted in MiB of the log; a log that holds no batch is not reported).</summary>
    public const string ReadingLog = "reading log, MiB";

    /// <summary>Opening an index: decoding the stored documents and adding them to the candidate structures (counted in
    /// documents; until the end the total may count documents the log replaces or removes).</summary>
    public const string LoadingDocuments = "loading documents";

    /// <summary>Opening an index: laying out the passage postings of the candidate structures for lookups (one step,
    /// 0 of 1 then 1 of 1; about a sixth of the time of opening 1,000,000 documents).</summary>
    public const string PackingPassages = "packing passages";
}
