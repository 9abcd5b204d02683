using System;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Sketches.MinHash;
using NearDup.Sketches.SimHash;

namespace NearDup.Detection;

/// <summary>How documents are analysed: sketch parameters and passage fingerprinting.</summary>
/// <remarks>Thread safety: immutable.</remarks>
public sealed class AnalysisOptions
{
    /// <summary>The defaults: one-permutation MinHash-128 over word 5-grams, SimHash over word unigrams, winnowing window 8.</summary>
    public static AnalysisOptions Default { get; } = new();

    /// <summary>Creates analysis options.</summary>
    /// <param name="minHash">MinHash parameters (their shingle spec is the document's shingle spec); default <see cref="MinHashParameters.Default"/>.</param>
    /// <param name="simHash">SimHash parameters; default <see cref="SimHashParameters.Default"/>.</param>
    /// <param name="winnowingWindow">Winnowing window w, 1 to 256; a shared passage of w + k − 1 tokens is always seen. Default 8.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="winnowingWindow"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The MinHash shingles are not word shingles (character shingles are not supported by document analysis yet).</exception>
    public AnalysisOptions(MinHashParameters? minHash = null, SimHashParameters? simHash = null, int winnowingWindow = 8)
    {
        Guard.InRange(winnowingWindow, 1, 256);
        MinHash = minHash ?? MinHashParameters.Default;
        SimHash = simHash ?? SimHashParameters.Default;
        if (MinHash.Shingles.Unit != ShingleUnit.Word || SimHash.Features.Unit != ShingleUnit.Word)
        {
            throw new ArgumentException("document analysis shingles words; use Shingler.CharacterShingles directly for character shingles.", nameof(minHash));
        }

        WinnowingWindow = winnowingWindow;
    }

    /// <summary>MinHash parameters; <see cref="MinHashParameters.Shingles"/> is the document shingle spec.</summary>
    public MinHashParameters MinHash { get; }

    /// <summary>SimHash parameters.</summary>
    public SimHashParameters SimHash { get; }

    /// <summary>Winnowing window for passage fingerprints.</summary>
    public int WinnowingWindow { get; }

    /// <summary>Shingle size in words.</summary>
    public int ShingleSize => MinHash.Shingles.Size;
}
