using System;

namespace NearDup.Storage;

/// <summary>A live document as a store returns it when an index opens: its id and payload.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Payload">The payload the index stored.</param>
internal readonly record struct StoredDocument(string Id, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Where the document stands in the snapshot's documents (0, 1, …) when a load that took the snapshot's
    /// structure image hands it over (see <see cref="IStructureImageStore"/>); -1 for a document the log appended, and
    /// in every other load.</summary>
    public int SnapshotOrdinal { get; init; } = -1;

    /// <summary>Whether the log replaced this snapshot document's payload where it stands (set only with
    /// <see cref="SnapshotOrdinal"/>): the image describes the snapshot's payload, not this one.</summary>
    public bool Replaced { get; init; }
}
