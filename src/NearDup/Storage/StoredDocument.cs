using System;

namespace NearDup.Storage;

/// <summary>A live document as a store returns it when an index opens: its id and payload.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Payload">The payload the index stored.</param>
internal readonly record struct StoredDocument(string Id, ReadOnlyMemory<byte> Payload);
