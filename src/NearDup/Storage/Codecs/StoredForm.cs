using System.Collections.Generic;
using NearDup.Analysis;
using NearDup.Sketches.MinHash;

namespace NearDup.Storage.Codecs;

/// <summary>
/// What an index stores about one document: its text, compressed, and the data candidate generation needs
/// (exact hash, SimHash, both MinHash sketches, both sets of winnowed fingerprints, the word-pair fingerprints). The body of a version 3
/// <see cref="DocumentPayload"/>.
/// </summary>
/// <remarks>
/// Everything else the verifier needs (tokens, shingles, the shingle set) is rebuilt from the text by
/// <see cref="DocumentAnalyzer"/> when a candidate has to be verified. The index keeps only the compressed text and
/// the two hashes once the candidate structures are filled; the rest of a form is garbage as soon as it is added.
/// Thread safety: immutable (the arrays are not copied, and nobody writes them).
/// </remarks>
internal sealed class StoredForm
{
    public StoredForm(
        byte[] compressedText,
        int textBytes,
        ulong exactHash,
        ulong simHash,
        MinHashSketch minHash,
        MinHashSketch spinSketch,
        ulong[] passageFingerprints,
        ulong[] spinFingerprints,
        ulong[] pairFingerprints)
    {
        PairFingerprints = pairFingerprints;
        CompressedText = compressedText;
        TextBytes = textBytes;
        ExactHash = exactHash;
        SimHash = simHash;
        MinHash = minHash;
        SpinSketch = spinSketch;
        PassageFingerprints = passageFingerprints;
        SpinFingerprints = spinFingerprints;
    }

    /// <summary>The UTF-8 text as one Zstandard frame, or Brotli when it was kept from a payload an older build stored
    /// (<see cref="TextCompression"/> tells which).</summary>
    public byte[] CompressedText { get; }

    /// <summary>Length of the UTF-8 text before compression.</summary>
    public int TextBytes { get; }

    /// <summary>See <see cref="AnalyzedDocument.ExactHash"/>.</summary>
    public ulong ExactHash { get; }

    /// <summary>See <see cref="AnalyzedDocument.SimHash"/>.</summary>
    public ulong SimHash { get; }

    /// <summary>See <see cref="AnalyzedDocument.MinHash"/>.</summary>
    public MinHashSketch MinHash { get; }

    /// <summary>See <see cref="AnalyzedDocument.SpinSketch"/>.</summary>
    public MinHashSketch SpinSketch { get; }

    /// <summary>See <see cref="AnalyzedDocument.PassageFingerprints"/>.</summary>
    public ulong[] PassageFingerprints { get; }

    /// <summary>See <see cref="AnalyzedDocument.SpinFingerprints"/>.</summary>
    public ulong[] SpinFingerprints { get; }

    /// <summary>See <see cref="AnalyzedDocument.PairFingerprints"/>.</summary>
    public ulong[] PairFingerprints { get; }

    /// <summary>The stored form of an analysed document whose text is already compressed.</summary>
    /// <param name="document">The analysed document.</param>
    /// <param name="compressedText">Its text as <see cref="TextCompression.Compress(string, out int)"/> returns it.</param>
    /// <param name="textBytes">Length of the UTF-8 text.</param>
    /// <returns>The form; its arrays are the document's when they can be (no copy).</returns>
    public static StoredForm From(AnalyzedDocument document, byte[] compressedText, int textBytes) =>
        new(
            compressedText,
            textBytes,
            document.ExactHash,
            document.SimHash,
            document.MinHash,
            document.SpinSketch,
            AsArray(document.PassageFingerprints),
            AsArray(document.SpinFingerprints),
            AsArray(document.PairFingerprints));

    /// <summary>The stored form of an analysed document, compressing its text.</summary>
    /// <param name="document">The analysed document.</param>
    /// <returns>The form.</returns>
    /// <exception cref="System.Text.EncoderFallbackException">The text is not valid UTF-16 (a lone surrogate) and cannot be stored.</exception>
    public static StoredForm From(AnalyzedDocument document)
    {
        byte[] compressed = TextCompression.Compress(document.Text, out int textBytes);
        return From(document, compressed, textBytes);
    }

    private static ulong[] AsArray(IReadOnlyList<ulong> values) => values as ulong[] ?? [.. values];
}
