namespace NearDup.Storage;

/// <summary>Sizes of a store.</summary>
/// <param name="Documents">Live documents.</param>
/// <param name="SnapshotBytes">Size of the snapshot file(s) on disk.</param>
/// <param name="LogBytes">Size of the write-ahead log on disk.</param>
/// <param name="LogBatches">Batches in the log since the last snapshot.</param>
public readonly record struct StoreStatistics(long Documents, long SnapshotBytes, long LogBytes, long LogBatches);
