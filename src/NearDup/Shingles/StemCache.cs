using System;
using NearDup.Internal;
using NearDup.Text;

namespace NearDup.Shingles;

/// <summary>
/// A thread's recent stems (<see cref="WordPairs.TryStem"/>), by the token hash of the word: a direct-mapped table of
/// 4,096 entries, so that a word a text uses again, or a common word of the thread's earlier texts, is not lowered and
/// hashed again.
/// </summary>
/// <remarks>
/// <para>A word's token hash stands for its normalised form, and a stem is the hash of that form's first
/// <see cref="WordPairs.StemLetters"/> characters, so the token hash decides the stem: the table gives the stem computing
/// it would give. Only words of at most <see cref="MaxCachedLength"/> characters go in (a long token's hash may cover
/// only its first characters, and long words repeat rarely), and a table holds the stems of one look-alike setting.
/// A token's hash stands for its form only under the setting it was tokenised with, so only analysis, which tokenises
/// and stems under one setting, uses the table (<see cref="WordPairs.StemsMarked(ReadOnlySpan{char}, ReadOnlySpan{Token}, ReadOnlySpan{bool}, bool, bool, Span{ulong})"/>
/// with its cache asked for); the public <see cref="WordPairs.Stems"/>, given tokens from anywhere, computes.</para>
/// <para>Thread safety: one per thread (<see cref="ThreadScratch{T}"/>).</para>
/// </remarks>
internal sealed class StemCache
{
    /// <summary>Longest word, in characters of the text, whose stem is kept.</summary>
    public const int MaxCachedLength = 32;

    private const int Bits = 12;
    private const ulong Fibonacci = 0x9E37_79B9_7F4A_7C15;

    // Key 0 marks an empty entry: a word whose token hash is 0 is stemmed every time.
    private readonly ulong[] _keys = new ulong[1 << Bits];
    private readonly ulong[] _stems = new ulong[1 << Bits];
    private bool _foldConfusables;

    /// <summary>The stem of a word that is a content word (not a function word, at least
    /// <see cref="WordPairs.MinLetters"/> characters), from the table or computed and kept.</summary>
    /// <param name="text">The text the token is of.</param>
    /// <param name="token">A word token.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold, as when the text was tokenised.</param>
    /// <returns>The stem hash, as <see cref="Tokenizer.PrefixHash"/> computes it.</returns>
    public ulong Stem(ReadOnlySpan<char> text, in Token token, bool foldConfusables)
    {
        if (foldConfusables != _foldConfusables)
        {
            Array.Clear(_keys);
            _foldConfusables = foldConfusables;
        }

        ulong key = token.Hash;
        if (key == 0 || token.Length > MaxCachedLength)
        {
            return WordPairs.ComputeStem(text, token, foldConfusables);
        }

        int slot = (int)((key * Fibonacci) >> (64 - Bits));
        if (_keys[slot] == key)
        {
            return _stems[slot];
        }

        ulong stem = WordPairs.ComputeStem(text, token, foldConfusables);
        _keys[slot] = key;
        _stems[slot] = stem;
        return stem;
    }
}
