using System;

namespace NearDup.Detection;

/// <summary>What a candidate index gives back for one candidate: enough to verify it against a query.</summary>
/// <param name="Key">The document's key in the candidate index; stable while the document is held, never reused for
/// another document by the same index (a key the engine caches an analysis under).</param>
/// <param name="Id">The document's id.</param>
/// <param name="ExactHash">Its exact hash.</param>
/// <param name="SimHash">Its SimHash.</param>
/// <param name="CompressedText">Its UTF-8 text as the index stores it, compressed with Zstandard or (stored by older
/// builds, or by the Redis backend) Brotli (see <see cref="Storage.Codecs.TextCompression"/>).</param>
/// <param name="TextBytes">The length of the UTF-8 text.</param>
/// <remarks>The default value (null <paramref name="Id"/>) stands for a key whose document is gone. Thread safety:
/// immutable.</remarks>
internal readonly record struct CandidateDocument(long Key, string Id, ulong ExactHash, ulong SimHash, ReadOnlyMemory<byte> CompressedText, int TextBytes)
{
    /// <summary>Whether this is a document (not the default value for a key that is gone).</summary>
    public bool Exists => Id is not null;
}
