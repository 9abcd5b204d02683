using System;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;
using NearDup.Text;

namespace NearDup.Analysis;

/// <summary>How documents are analysed: sketch parameters and passage fingerprinting.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class AnalysisOptions
{
    /// <summary>The default spin fingerprint: one-permutation MinHash-128 over skeleton 7-grams, with its own seed.</summary>
    /// <remarks>Seven elements: a skeleton 6-gram is shared by chance between unrelated English texts about three times
    /// as often (measured on our development texts), an 8-gram survives spinning less often.</remarks>
    public static MinHashParameters DefaultSpinSketch { get; } =
        new(MinHashFamily.OnePermutation, 128, MinHashParameters.DefaultSeed ^ 0x5350_494E, new ShingleSpec(ShingleUnit.Skeleton, 7));

    /// <summary>The defaults: one-permutation MinHash-128 over word 5-grams, SimHash over word bigrams, winnowing window 8.</summary>
    public static AnalysisOptions Default { get; } = new();

    /// <summary>Creates analysis options.</summary>
    /// <param name="minHash">MinHash parameters (their shingle spec is the document's shingle spec); default <see cref="MinHashParameters.Default"/>.</param>
    /// <param name="simHash">SimHash parameters; default <see cref="SimHashParameters.Default"/>.</param>
    /// <param name="winnowingWindow">Winnowing window w, 1 to 256; a shared passage of w + k − 1 tokens is always seen. Default 8.</param>
    /// <param name="spinSketch">MinHash parameters of the spin fingerprint (skeleton n-grams); default one-permutation, 128 hashes, skeleton 7-grams.</param>
    /// <param name="spinWinnowingWindow">Winnowing window over skeleton n-grams. Default 4.</param>
    /// <param name="functionWords">Function words that make the spin skeleton; default English.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="winnowingWindow"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The MinHash shingles are not word shingles (character shingles are not supported by document analysis yet), or the spin sketch's are not skeleton shingles.</exception>
    public AnalysisOptions(
        MinHashParameters? minHash = null,
        SimHashParameters? simHash = null,
        int winnowingWindow = 8,
        MinHashParameters? spinSketch = null,
        int spinWinnowingWindow = 4,
        FunctionWords? functionWords = null)
    {
        Guard.InRange(winnowingWindow, 1, 256);
        Guard.InRange(spinWinnowingWindow, 1, 256);
        SpinSketch = spinSketch ?? DefaultSpinSketch;
        if (SpinSketch.Shingles.Unit != ShingleUnit.Skeleton)
        {
            throw new ArgumentException($"the spin sketch must use skeleton shingles; got {SpinSketch.Shingles}.", nameof(spinSketch));
        }

        SpinWinnowingWindow = spinWinnowingWindow;
        FunctionWords = functionWords ?? FunctionWords.English;
        MinHash = minHash ?? MinHashParameters.Default;
        SimHash = simHash ?? SimHashParameters.Default;
        if (MinHash.Shingles.Unit != ShingleUnit.Word || SimHash.Features.Unit != ShingleUnit.Word)
        {
            throw new ArgumentException("document analysis shingles words; use Shingler.CharacterShingles directly for character shingles.", nameof(minHash));
        }

        WinnowingWindow = winnowingWindow;
    }

    /// <summary>MinHash parameters of the spin fingerprint.</summary>
    public MinHashParameters SpinSketch { get; }

    /// <summary>Winnowing window over skeleton n-grams.</summary>
    public int SpinWinnowingWindow { get; }

    /// <summary>Function words that make the spin skeleton.</summary>
    public FunctionWords FunctionWords { get; }

    /// <summary>MinHash parameters; <see cref="MinHashParameters.Shingles"/> is the document shingle spec.</summary>
    public MinHashParameters MinHash { get; }

    /// <summary>SimHash parameters.</summary>
    public SimHashParameters SimHash { get; }

    /// <summary>Winnowing window for passage fingerprints.</summary>
    public int WinnowingWindow { get; }

    /// <summary>Shingle size in words.</summary>
    public int ShingleSize => MinHash.Shingles.Size;
}
