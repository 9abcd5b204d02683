using System.Collections.Generic;

namespace NearDup.Storage;

/// <summary>What opening a store found: how much was replayed and what, if anything, was dropped.</summary>
/// <param name="SnapshotDocuments">Documents read from the snapshot.</param>
/// <param name="ReplayedBatches">Write-ahead-log batches replayed after the snapshot.</param>
/// <param name="DroppedBytes">Bytes at the end of the log that held an interrupted write (an incomplete batch, or one left
/// partly zeros; never acknowledged) and were cut off.</param>
/// <param name="Messages">Human-readable notes, for example "wal.ndlog: dropped an incomplete batch of 812 bytes at offset 4096".</param>
public sealed record RecoveryReport(int SnapshotDocuments, int ReplayedBatches, long DroppedBytes, IReadOnlyList<string> Messages);
