namespace NearDup.Storage;

/// <summary>Sizes of a store.</summary>
/// <param name="Documents">Live documents.</param>
/// <param name="SnapshotBytes">Size of the snapshot file(s) on disk.</param>
/// <param name="LogBytes">Size of the write-ahead log on disk.</param>
/// <param name="LogBatches">Batches in the log since the last snapshot.</param>
public readonly record struct StoreStatistics(long Documents, long SnapshotBytes, long LogBytes, long LogBatches)
{
    /// <summary>The index identity of a store on disk, which ties its files together (see <c>index info</c>);
    /// <see cref="System.Guid.Empty"/> in memory, and for an index made before identities until its next compaction.</summary>
    public System.Guid Identity { get; init; }

    /// <summary>Bytes of the structure image the snapshot holds (see <c>index info</c>), which opening reads instead of
    /// building the candidate structures; 0 when it holds none (in memory, never compacted, or compacted by a build
    /// before images).</summary>
    public long ImageBytes { get; init; }
}
