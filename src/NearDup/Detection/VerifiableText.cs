using System;
using NearDup.Shingles;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>What the verifier reads of an indexed document, rebuilt from its text for verification: the part of an
/// <see cref="AnalyzedDocument"/> without sketches and fingerprints (those live in the candidate structures).</summary>
/// <remarks>Made by <see cref="DocumentAnalyzer.AnalyzeForVerification"/>. Thread safety: immutable.</remarks>
internal sealed class VerifiableText : IVerifiableDocument
{
    private readonly Token[] _contentTokens;
    private readonly ulong[] _shingles;

    public VerifiableText(string id, string text, Token[] contentTokens, ulong[] shingles, ShingleSet shingleSet, ulong exactHash, ulong simHash)
    {
        Id = id;
        Text = text;
        _contentTokens = contentTokens;
        _shingles = shingles;
        ShingleSet = shingleSet;
        ExactHash = exactHash;
        SimHash = simHash;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public string Text { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<Token> ContentTokens => _contentTokens;

    /// <inheritdoc/>
    public ReadOnlySpan<ulong> Shingles => _shingles;

    /// <inheritdoc/>
    public ShingleSet ShingleSet { get; }

    /// <inheritdoc/>
    public ulong ExactHash { get; }

    /// <inheritdoc/>
    public ulong SimHash { get; }
}
