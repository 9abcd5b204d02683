using System;
using System.Collections.Generic;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Detection;

/// <summary>Everything NearDup derives from one document: tokens, shingles, sketches and fingerprints.</summary>
/// <remarks>Made by <see cref="DocumentAnalyzer"/>. Thread safety: immutable.</remarks>
public sealed class AnalyzedDocument : IVerifiableDocument
{
    private readonly ulong[] _shingles;
    private readonly Token[] _contentTokens;

    internal AnalyzedDocument(
        AnalysisOptions analysis,
        string id,
        string text,
        Token[] contentTokens,
        ulong[] shingles,
        ShingleSet shingleSet,
        MinHashSketch minHash,
        ulong simHash,
        ulong exactHash,
        ulong[] passageFingerprints,
        MinHashSketch spinSketch,
        ulong[] spinFingerprints)
    {
        Analysis = analysis;
        SpinSketch = spinSketch;
        SpinFingerprints = spinFingerprints;
        Id = id;
        Text = text;
        _contentTokens = contentTokens;
        _shingles = shingles;
        ShingleSet = shingleSet;
        MinHash = minHash;
        SimHash = simHash;
        ExactHash = exactHash;
        PassageFingerprints = passageFingerprints;
    }

    /// <summary>The options the document was analysed under (an index refuses documents analysed under others).</summary>
    internal AnalysisOptions Analysis { get; }

    /// <summary>The document's id.</summary>
    public string Id { get; }

    /// <summary>The original text.</summary>
    public string Text { get; }

    /// <summary>The content tokens (punctuation removed), with offsets into <see cref="Text"/>.</summary>
    public ReadOnlySpan<Token> ContentTokens => _contentTokens;

    /// <summary>The word shingle hashes in text order, repeats included; shingle i starts at content token i.</summary>
    public ReadOnlySpan<ulong> Shingles => _shingles;

    /// <summary>The distinct shingles.</summary>
    public ShingleSet ShingleSet { get; }

    /// <summary>The MinHash sketch of <see cref="ShingleSet"/>.</summary>
    public MinHashSketch MinHash { get; }

    /// <summary>The 64-bit SimHash fingerprint.</summary>
    public ulong SimHash { get; }

    /// <summary>Hash of the normalised text (all tokens, punctuation included); equal for exact duplicates.</summary>
    public ulong ExactHash { get; }

    /// <summary>The spin fingerprint: MinHash of the skeleton n-grams (<see cref="Shingles.SpinSkeleton"/>).</summary>
    public MinHashSketch SpinSketch { get; }

    /// <summary>Winnowed skeleton n-grams, distinct: spin-robust passage fingerprints.</summary>
    public IReadOnlyList<ulong> SpinFingerprints { get; }

    /// <summary>Winnowed passage fingerprints, distinct.</summary>
    public IReadOnlyList<ulong> PassageFingerprints { get; }
}
