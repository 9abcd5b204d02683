using System;

namespace NearDup.Storage;

/// <summary>What a <see cref="StoreOperation"/> does.</summary>
internal enum StoreOperationKind : byte
{
    /// <summary>Stores a document's payload under its id (replacing nothing: the index rejects a duplicate id first).</summary>
    Add = 1,

    /// <summary>Removes the document with this id.</summary>
    Remove = 2,
}

/// <summary>One change to an <see cref="IIndexStore"/>: add a document payload, or remove a document.</summary>
/// <remarks>
/// The payload is opaque to the store: the index serialises what it needs (sketches, fingerprints, token hashes) and the
/// store only keeps the bytes safe. Thread safety: immutable (the payload array must not be changed after creation).
/// </remarks>
internal sealed class StoreOperation
{
    private StoreOperation(StoreOperationKind kind, string id, ReadOnlyMemory<byte> payload)
    {
        Kind = kind;
        Id = id;
        Payload = payload;
    }

    /// <summary>What the operation does.</summary>
    public StoreOperationKind Kind { get; }

    /// <summary>The document id (not empty).</summary>
    public string Id { get; }

    /// <summary>The document payload (empty for <see cref="StoreOperationKind.Remove"/>).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>An add operation.</summary>
    /// <param name="id">Document id, not empty.</param>
    /// <param name="payload">The document payload.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    public static StoreOperation Add(string id, ReadOnlyMemory<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new StoreOperation(StoreOperationKind.Add, id, payload);
    }

    /// <summary>A remove operation.</summary>
    /// <param name="id">Document id, not empty.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    public static StoreOperation Remove(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new StoreOperation(StoreOperationKind.Remove, id, ReadOnlyMemory<byte>.Empty);
    }
}
