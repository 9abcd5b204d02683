using System;
using NearDup.Internal;
using NearDup.Shingles;
using NearDup.Text;

namespace NearDup.Analysis;

/// <summary>What verification reads of a document: its content tokens, its word shingles and their set, as the first
/// counts of their arrays. The arrays are exactly sized, or, for a document that lives for one query only (the analysed
/// query, a candidate rebuilt and not cached), rented from the shared pools and given back by <see cref="Release"/>.</summary>
/// <remarks>Thread safety: immutable until <see cref="Release"/>, which its one owner calls when nothing reads it any more.</remarks>
internal sealed class ContentArrays
{
    private Token[] _tokens;
    private ulong[] _shingles;
    private int _tokenCount;
    private int _shingleCount;
    private readonly bool _rented;

    /// <summary>Holds the arrays.</summary>
    /// <param name="tokens">Content tokens, the first <paramref name="tokenCount"/> in use.</param>
    /// <param name="tokenCount">Tokens in use.</param>
    /// <param name="shingles">Word shingles, the first <paramref name="shingleCount"/> in use.</param>
    /// <param name="shingleCount">Shingles in use.</param>
    /// <param name="rented">Whether the arrays (and the set made here) come from the shared pools.</param>
    public ContentArrays(Token[] tokens, int tokenCount, ulong[] shingles, int shingleCount, bool rented)
    {
        _tokens = tokens;
        _tokenCount = tokenCount;
        _shingles = shingles;
        _shingleCount = shingleCount;
        _rented = rented;
        Set = rented ? ShingleSet.RentFrom(Shingles) : ShingleSet.From(Shingles);
    }

    /// <summary>No tokens, shingles or set: what a document analysed only to be indexed keeps.</summary>
    public static ContentArrays None { get; } = new([], 0, [], 0, rented: false);

    /// <summary>The content tokens.</summary>
    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, _tokenCount);

    /// <summary>The word shingles, in text order.</summary>
    public ReadOnlySpan<ulong> Shingles => _shingles.AsSpan(0, _shingleCount);

    /// <summary>The distinct shingles.</summary>
    public ShingleSet Set { get; }

    /// <summary>Gives rented arrays back to the pools and leaves everything empty; does nothing to exactly sized ones.</summary>
    public void Release()
    {
        if (!_rented)
        {
            return;
        }

        RentedArrays.Return(ref _tokens, ref _tokenCount);
        RentedArrays.Return(ref _shingles, ref _shingleCount);
        Set.Release();
    }
}
