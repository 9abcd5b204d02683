using System;
using NearDup.Shingles;
using NearDup.Text;

namespace NearDup.Verification;

/// <summary>What the verifier needs of a document: its text, tokens and shingles.</summary>
public interface IVerifiableDocument
{
    /// <summary>The document's id.</summary>
    string Id { get; }

    /// <summary>The original text (evidence quotes from it).</summary>
    string Text { get; }

    /// <summary>Content tokens (no punctuation) with offsets into <see cref="Text"/>.</summary>
    ReadOnlySpan<Token> ContentTokens { get; }

    /// <summary>Word shingle hashes in text order; shingle i starts at content token i.</summary>
    ReadOnlySpan<ulong> Shingles { get; }

    /// <summary>The distinct shingles.</summary>
    ShingleSet ShingleSet { get; }

    /// <summary>Hash of the normalised text.</summary>
    ulong ExactHash { get; }

    /// <summary>SimHash fingerprint.</summary>
    ulong SimHash { get; }
}
