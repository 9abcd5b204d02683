using System;
using System.Collections.Generic;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Analysis;

/// <summary>Everything NearDup derives from one document: tokens, shingles, sketches and fingerprints.</summary>
/// <remarks>Made by <see cref="DocumentAnalyzer"/>. Thread safety: immutable (a document analysed internally for one query is emptied when the query is answered).</remarks>
public sealed class AnalyzedDocument : IVerifiableDocument
{
    private readonly ContentArrays _content;

    internal AnalyzedDocument(
        AnalysisOptions analysis,
        string id,
        string text,
        ContentArrays content,
        MinHashSketch minHash,
        ulong simHash,
        ulong exactHash,
        ulong[] passageFingerprints,
        MinHashSketch spinSketch,
        ulong[] spinFingerprints,
        ulong[] pairFingerprints)
    {
        PairFingerprints = pairFingerprints;
        _content = content;
        Analysis = analysis;
        SpinSketch = spinSketch;
        SpinFingerprints = spinFingerprints;
        Id = id;
        Text = text;
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
    public ReadOnlySpan<Token> ContentTokens => _content.Tokens;

    /// <summary>The word shingle hashes in text order, repeats included; shingle i starts at content token i.</summary>
    public ReadOnlySpan<ulong> Shingles => _content.Shingles;

    /// <summary>The distinct shingles.</summary>
    public ShingleSet ShingleSet => _content.Set;

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

    /// <summary>Kept pairs of nearby content words (<see cref="WordPairs"/>), with the text's names and numbers and each
    /// two of them in a row (see <see cref="Verification.Alignment.FactStems"/>), distinct and ascending: rewrite-robust
    /// fingerprints, which survive a rewrite that restructures every sentence.</summary>
    public IReadOnlyList<ulong> PairFingerprints { get; }

    /// <summary>Winnowed passage fingerprints, distinct.</summary>
    public IReadOnlyList<ulong> PassageFingerprints { get; }

    /// <summary>Gives the arrays of a document analysed for one query back to the pools and leaves its tokens, shingles and
    /// shingle set empty; does nothing to other documents. The owner calls it once, when the query is answered.</summary>
    internal void Release() => _content.Release();
}
