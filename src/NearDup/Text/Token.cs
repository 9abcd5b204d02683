using System;
using System.Runtime.CompilerServices;

namespace NearDup.Text;

/// <summary>
/// One token of a text: where it stands in the original text, the 64-bit hash of its normalised form, and its kind.
/// </summary>
/// <remarks>
/// <para>
/// Sixteen bytes: a text's tokens are the largest arrays its analysis makes (about one token in six characters of
/// space-separated text, one per ideograph), so the kind and the capital share the two offsets' top bits. A .NET
/// string holds fewer than 2^30 characters, so <see cref="Start"/> and <see cref="Length"/> each fit in 30 bits.
/// </para>
/// <para>Thread safety: immutable.</para>
/// </remarks>
public readonly record struct Token
{
    /// <summary>The largest <see cref="Start"/> or <see cref="Length"/> a token can hold: 2^30 − 1, more than any .NET
    /// string's length.</summary>
    public const int MaxOffset = (1 << 30) - 1;

    // Start in the low 30 bits, the kind in the top two.
    private readonly uint _startAndKind;

    // Length in the low 30 bits, whether capitalised in the top one.
    private readonly uint _lengthAndCapital;

    /// <summary>Creates a token.</summary>
    /// <param name="Start">Offset of the token's first UTF-16 code unit in the original (not normalised) text.</param>
    /// <param name="Length">Number of UTF-16 code units the token spans in the original text (ignorable characters inside it included).</param>
    /// <param name="Hash">XxHash3 of the token's normalised form (NFKC, lower case) with <see cref="Tokenizer.TokenHashSeed"/>; equal forms give equal hashes on every machine.</param>
    /// <param name="Kind">What the token stands for.</param>
    /// <param name="IsCapitalized">Whether the token's first character is upper case in the original text (a hint for proper names).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="Start"/> or <paramref name="Length"/> is negative or
    /// above <see cref="MaxOffset"/>, or <paramref name="Kind"/> is not a <see cref="TokenKind"/>.</exception>
    public Token(int Start, int Length, ulong Hash, TokenKind Kind, bool IsCapitalized)
    {
        // One test for the three (the tokenizer makes its tokens unchecked: OfString).
        if (((uint)Start | (uint)Length) > MaxOffset || (uint)Kind > (uint)TokenKind.Punctuation)
        {
            Throw(Start, Length, Kind);
        }

        _startAndKind = (uint)Start | ((uint)Kind << 30);
        _lengthAndCapital = (uint)Length | (IsCapitalized ? 1u << 31 : 0);
        this.Hash = Hash;
    }

    // The tokenizer's constructor: its offsets lie inside a string and its kinds are known, so nothing is checked (the
    // public constructor's checks took a tenth of tokenising).
    private Token(uint startAndKind, uint lengthAndCapital, ulong hash)
    {
        _startAndKind = startAndKind;
        _lengthAndCapital = lengthAndCapital;
        Hash = hash;
    }

    /// <summary>Offset of the token's first UTF-16 code unit in the original (not normalised) text.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set (<c>with</c>) to a negative value or one above <see cref="MaxOffset"/>.</exception>
    public int Start
    {
        get => (int)(_startAndKind & MaxOffset);
        init => _startAndKind = (_startAndKind & ~(uint)MaxOffset) | Offset(value, nameof(Start));
    }

    /// <summary>Number of UTF-16 code units the token spans in the original text (ignorable characters inside it included).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set (<c>with</c>) to a negative value or one above <see cref="MaxOffset"/>.</exception>
    public int Length
    {
        get => (int)(_lengthAndCapital & MaxOffset);
        init => _lengthAndCapital = (_lengthAndCapital & ~(uint)MaxOffset) | Offset(value, nameof(Length));
    }

    /// <summary>XxHash3 of the token's normalised form (NFKC, lower case) with <see cref="Tokenizer.TokenHashSeed"/>;
    /// equal forms give equal hashes on every machine.</summary>
    public ulong Hash { get; init; }

    /// <summary>What the token stands for.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set (<c>with</c>) to a value that is not a <see cref="TokenKind"/>.</exception>
    public TokenKind Kind
    {
        get => (TokenKind)(_startAndKind >> 30);
        init => _startAndKind = (_startAndKind & MaxOffset) | ((uint)KnownKind(value) << 30);
    }

    /// <summary>Whether the token's first character is upper case in the original text (a hint for proper names).</summary>
    public bool IsCapitalized
    {
        get => (int)_lengthAndCapital < 0;
        init => _lengthAndCapital = (_lengthAndCapital & MaxOffset) | (value ? 1u << 31 : 0);
    }

    /// <summary>Offset one past the token's last UTF-16 code unit in the original text.</summary>
    public int End => Start + Length;

    /// <summary>Whether word shingles use this token (everything but punctuation).</summary>
    public bool IsContent => _startAndKind < (uint)TokenKind.Punctuation << 30;

    /// <summary>Gives the token's five parts, in the constructor's order.</summary>
    /// <param name="Start">Receives <see cref="Start"/>.</param>
    /// <param name="Length">Receives <see cref="Length"/>.</param>
    /// <param name="Hash">Receives <see cref="Hash"/>.</param>
    /// <param name="Kind">Receives <see cref="Kind"/>.</param>
    /// <param name="IsCapitalized">Receives <see cref="IsCapitalized"/>.</param>
    public void Deconstruct(out int Start, out int Length, out ulong Hash, out TokenKind Kind, out bool IsCapitalized)
    {
        Start = this.Start;
        Length = this.Length;
        Hash = this.Hash;
        Kind = this.Kind;
        IsCapitalized = this.IsCapitalized;
    }

    /// <summary>A token of a string, unchecked: as the constructor for a <paramref name="start"/> and
    /// <paramref name="length"/> inside a string and a <paramref name="kind"/> of <see cref="TokenKind"/>.</summary>
    /// <param name="start">Offset of the token's first UTF-16 code unit, at most <see cref="MaxOffset"/>.</param>
    /// <param name="length">Its length in UTF-16 code units, at most <see cref="MaxOffset"/>.</param>
    /// <param name="hash">The hash of its normalised form.</param>
    /// <param name="kind">What it stands for.</param>
    /// <param name="capitalized">Whether its first character is upper case.</param>
    /// <returns>The token.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Token OfString(int start, int length, ulong hash, TokenKind kind, bool capitalized)
    {
        System.Diagnostics.Debug.Assert(((uint)start | (uint)length) <= MaxOffset && kind <= TokenKind.Punctuation, "offsets inside a string, a known kind");
        return new((uint)start | ((uint)kind << 30), (uint)length | ((uint)Unsafe.BitCast<bool, byte>(capitalized) << 31), hash);
    }

    private static uint Offset(int value, string name) =>
        (uint)value <= MaxOffset ? (uint)value : throw new ArgumentOutOfRangeException(name, value, $"A token's {name.ToLowerInvariant()} lies between 0 and {MaxOffset}.");

    private static TokenKind KnownKind(TokenKind kind) =>
        (uint)kind <= (uint)TokenKind.Punctuation ? kind : throw new ArgumentOutOfRangeException(nameof(Kind), kind, "Not a token kind.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(int start, int length, TokenKind kind)
    {
        // Each check throws for its own part, in the constructor's order.
        _ = Offset(start, nameof(Start));
        _ = Offset(length, nameof(Length));
        _ = KnownKind(kind);
        throw new System.Diagnostics.UnreachableException("A token's parts were out of range, yet every check passed.");
    }
}
