using System;
using System.Buffers;

namespace NearDup.Verification;

/// <summary>The weight of each token of a document for the coverages: 1 each when there is no collection to weigh by
/// and no markup (the default value, which holds no arrays), else the weight of the shingle that starts at the token
/// (the last shingle's for the tokens after it; 1 without a collection), or 0 for a token of markup (see
/// <see cref="Markup"/>), summed from the front so that any run's weight is one subtraction.</summary>
/// <remarks>Rented arrays, given back by <see cref="Release"/>. Thread safety: one owner.</remarks>
internal struct TokenWeights
{
    private double[]? _shingles;
    private double[]? _prefix;
    private int _shingleCount;
    private int _tokenCount;

    /// <summary>The shingle weights to fill (empty for the default value).</summary>
    public readonly Span<double> Shingles => _shingles is null ? Span<double>.Empty : _shingles.AsSpan(0, _shingleCount);

    /// <summary>Rents the arrays for a document.</summary>
    /// <param name="shingles">Its shingle count.</param>
    /// <param name="tokens">Its content token count.</param>
    /// <returns>The weights, to be filled through <see cref="Shingles"/> and then summed.</returns>
    public static TokenWeights Rent(int shingles, int tokens) => new()
    {
        _shingles = ArrayPool<double>.Shared.Rent(Math.Max(1, shingles)),
        _prefix = ArrayPool<double>.Shared.Rent(tokens + 1),
        _shingleCount = shingles,
        _tokenCount = tokens,
    };

    /// <summary>Sums the token weights from the front, once the shingle weights are filled.</summary>
    /// <param name="markup">Which tokens are markup (they weigh nothing), or <see langword="null"/> for none.</param>
    public readonly void Sum(bool[]? markup = null)
    {
        double[] prefix = _prefix!;
        prefix[0] = 0;
        for (int t = 0; t < _tokenCount; t++)
        {
            double w = markup is not null && markup[t] ? 0 : _shingleCount == 0 ? 1 : _shingles![Math.Min(t, _shingleCount - 1)];
            prefix[t + 1] = prefix[t] + w;
        }
    }

    /// <summary>The weight of the tokens from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    /// <param name="from">The first token.</param>
    /// <param name="to">One past the last token.</param>
    /// <returns>The weight.</returns>
    public readonly double Between(int from, int to) => _prefix is null ? to - from : _prefix[Math.Min(to, _tokenCount)] - _prefix[Math.Min(from, _tokenCount)];

    /// <summary>The weight of all tokens.</summary>
    /// <param name="tokens">The token count (used when there are no weights).</param>
    /// <returns>The weight.</returns>
    public readonly double Total(int tokens) => _prefix is null ? tokens : _prefix[_tokenCount];

    /// <summary>Gives the arrays back.</summary>
    public void Release()
    {
        if (_shingles is not null)
        {
            ArrayPool<double>.Shared.Return(_shingles);
            ArrayPool<double>.Shared.Return(_prefix!);
            _shingles = _prefix = null;
        }
    }
}
