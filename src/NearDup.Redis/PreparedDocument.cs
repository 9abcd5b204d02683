using NearDup.Analysis;

namespace NearDup.Redis;

/// <summary>A document of a batch ready to be written: its key, its analysis (for the postings) and its record.</summary>
/// <param name="Key">The document key allocated to it.</param>
/// <param name="Document">The analysed document.</param>
/// <param name="Record">Its record, pending.</param>
/// <remarks>Thread safety: immutable.</remarks>
internal readonly record struct PreparedDocument(long Key, AnalyzedDocument Document, DocumentRecord Record);
