using System;
using NearDup.Shingles;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Analysis;

/// <summary>What the verifier reads of an indexed document, rebuilt from its text for verification: the part of an
/// <see cref="AnalyzedDocument"/> without sketches and fingerprints (those live in the candidate structures).</summary>
/// <remarks>Made by <see cref="DocumentAnalyzer.AnalyzeForVerification"/>. Thread safety: immutable until <see cref="Release"/>.</remarks>
internal sealed class VerifiableText : IVerifiableDocument
{
    private readonly ContentArrays _content;

    public VerifiableText(string id, string text, ContentArrays content, ulong exactHash, ulong simHash)
    {
        Id = id;
        Text = text;
        _content = content;
        ExactHash = exactHash;
        SimHash = simHash;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public string Text { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<Token> ContentTokens => _content.Tokens;

    /// <inheritdoc/>
    public ReadOnlySpan<ulong> Shingles => _content.Shingles;

    /// <inheritdoc/>
    public ShingleSet ShingleSet => _content.Set;

    /// <inheritdoc/>
    public ulong ExactHash { get; }

    /// <inheritdoc/>
    public ulong SimHash { get; }

    /// <summary>Gives the arrays of a document rebuilt for one query back to the pools and leaves it empty; does nothing
    /// to other documents. The owner calls it once, when the query's verification is done.</summary>
    internal void Release() => _content.Release();
}
