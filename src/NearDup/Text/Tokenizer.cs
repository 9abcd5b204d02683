using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using NearDup.Internal;

namespace NearDup.Text;

/// <summary>
/// Splits text into normalised, hashed tokens for every script, keeping each token's place in the original text.
/// </summary>
/// <remarks>
/// <para>
/// Normalisation happens token by token as the text is read, so no normalised copy of the text is made and every
/// token's offsets point into the caller's original text (the verifier quotes from it). A token's normalised form is:
/// Unicode NFKC, lower case (invariant culture, final sigma folded to sigma), with zero-width characters, soft hyphens,
/// BOMs and variation selectors removed and typographic apostrophes, quotes and dashes unified with their ASCII forms.
/// White space of every kind (including no-break and ideographic spaces) separates tokens and is otherwise dropped.
/// </para>
/// <para>
/// Words are runs of letters, digits and combining marks; an apostrophe between letters stays inside the word
/// (<c>don't</c>), and <c>.</c> or <c>,</c> between digits stays inside a number (<c>1,000</c>, <c>3.5</c>). Scripts
/// written without spaces (Han, Kana, Hangul, Thai, Lao, Khmer, Myanmar) give one token per character, in the manner of
/// Lucene's CJK analysis; character k-gram shingles over them then act as the usual CJK n-grams. Each punctuation
/// character is a token of kind <see cref="TokenKind.Punctuation"/>; symbols are dropped.
/// </para>
/// <para>Cost: one pass over the text, no allocation per token for ASCII text; a token with non-ASCII characters costs
/// one span NFKC call. Thread safety: stateless, safe for concurrent use.</para>
/// </remarks>
public static class Tokenizer
{
    /// <summary>The fixed seed of token hashes. Fixed so that token hashes stored by one build match every other.</summary>
    public const long TokenHashSeed = 0x4E44_5550_544F_4B31; // "NDUPTOK1"

    /// <summary>Longest normalised token normalised in a buffer on the stack. Longer ones (a URL, a base64 blob) take a
    /// slower path that hashes every character (before options version 4: only their first part and their length).</summary>
    internal const int MaxTokenChars = 128;

    /// <summary>The index of the first of <paramref name="tokens"/> that starts at or after <paramref name="offset"/>, by
    /// binary search (the tokens in text order, as tokenising gives them); their count when none does.</summary>
    /// <param name="tokens">Tokens of one text, in text order.</param>
    /// <param name="offset">A UTF-16 offset in that text.</param>
    /// <returns>The index, 0 to <c>tokens.Length</c>.</returns>
    public static int FirstTokenAtOrAfter(ReadOnlySpan<Token> tokens, int offset)
    {
        int lo = 0, hi = tokens.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            (lo, hi) = tokens[mid].Start < offset ? (mid + 1, hi) : (lo, mid);
        }

        return lo;
    }

    /// <summary>Tokenises <paramref name="text"/> into a new array.</summary>
    /// <param name="text">The original text.</param>
    /// <returns>The tokens in text order.</returns>
    /// <exception cref="ArgumentException"><paramref name="text"/> is longer than <see cref="Token.MaxOffset"/>
    /// characters (no string is; a span of a longer array is).</exception>
    public static Token[] Tokenize(ReadOnlySpan<char> text)
    {
        int count = TokenizePooled(text, foldConfusables: true, hashWholeTokens: true, out Token[] rented);
        try
        {
            return rented.AsSpan(0, count).ToArray();
        }
        finally
        {
            RentedArrays.Return(ref rented, ref count);
        }
    }

    /// <summary>Tokenises <paramref name="text"/> into <paramref name="destination"/>.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="destination">Receives the tokens; must hold at least <c>text.Length</c> tokens, the most a text can have.</param>
    /// <returns>The number of tokens written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="text"/>, or
    /// <paramref name="text"/> is longer than <see cref="Token.MaxOffset"/> characters.</exception>
    public static int Tokenize(ReadOnlySpan<char> text, Span<Token> destination) => Tokenize(text, destination, foldConfusables: true, hashWholeTokens: true);

    /// <summary>As <see cref="Tokenize(ReadOnlySpan{char}, Span{Token})"/>, choosing whether look-alike letters of other
    /// scripts fold to the Latin letters they imitate (<see cref="Confusables"/>): an index created before the fold
    /// existed keeps tokenising without it.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="destination">Receives the tokens; must hold at least <c>text.Length</c> tokens.</param>
    /// <param name="foldConfusables">Whether to fold look-alike letters.</param>
    /// <param name="hashWholeTokens">Whether a token longer than <see cref="MaxTokenChars"/> hashes all of its
    /// characters; false for an index created before that, whose long tokens hash their first 128 characters and
    /// their length.</param>
    /// <returns>The number of tokens written.</returns>
    internal static int Tokenize(ReadOnlySpan<char> text, Span<Token> destination, bool foldConfusables, bool hashWholeTokens)
    {
        CheckLength(text);
        if (destination.Length < text.Length)
        {
            throw new ArgumentException(
                $"destination holds {destination.Length} tokens but a text of {text.Length} characters may have {text.Length}.",
                nameof(destination));
        }

        int position = 0;
        return TokenizeFrom(text, destination, ref position, 0, foldConfusables, hashWholeTokens);
    }

    /// <summary>
    /// Tokenises <paramref name="text"/> into a pooled array that grows as tokens come (<see cref="RentedArrays"/>), so a
    /// long text costs memory for the tokens it has, not for the most it could have (one per character, 16 bytes each:
    /// 800 MB for a text of 50 million characters, where its tokens take about 130 MB).
    /// </summary>
    /// <param name="text">The original text.</param>
    /// <param name="foldConfusables">Whether to fold look-alike letters.</param>
    /// <param name="hashWholeTokens">Whether long tokens hash all their characters.</param>
    /// <param name="tokens">Receives the array; give it back with <see cref="RentedArrays.Return{T}(ref T[], ref int)"/>.</param>
    /// <returns>The number of tokens, the first entries of <paramref name="tokens"/>.</returns>
    internal static int TokenizePooled(ReadOnlySpan<char> text, bool foldConfusables, bool hashWholeTokens, out Token[] tokens)
    {
        CheckLength(text);

        // About one token in six characters in space-separated text; a text of ideographs has one per character and
        // grows the array twice.
        tokens = RentedArrays.Rent<Token>(Math.Max(1, Math.Min(text.Length, (text.Length / 4) + 64)));
        int count = 0;
        int position = 0;
        while (true)
        {
            count = TokenizeFrom(text, tokens, ref position, count, foldConfusables, hashWholeTokens);
            if (position >= text.Length)
            {
                return count;
            }

            RentedArrays.Grow(ref tokens, count, Math.Min(text.Length, 2 * tokens.Length));
        }
    }

    /// <summary>Rejects a text longer than a token's offsets reach (<see cref="Token.MaxOffset"/>, more than any string
    /// holds): the tokens are made unchecked (<see cref="Token.OfString"/>).</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="ArgumentException">The text is too long.</exception>
    private static void CheckLength(ReadOnlySpan<char> text)
    {
        if (text.Length > Token.MaxOffset)
        {
            throw new ArgumentException($"A text to tokenise holds at most {Token.MaxOffset:N0} characters; this one holds {text.Length:N0}.", nameof(text));
        }
    }

    /// <summary>Tokenises from <paramref name="i"/> until the text or <paramref name="destination"/> is full, writing
    /// after the first <paramref name="count"/> tokens; leaves <paramref name="i"/> where it stopped, always between
    /// tokens (a token is read whole or not at all, so tokenising can go on from there).</summary>
    private static int TokenizeFrom(ReadOnlySpan<char> text, Span<Token> destination, ref int i, int count, bool foldConfusables, bool hashWholeTokens)
    {
        Span<char> buffer = stackalloc char[MaxTokenChars];
        int n = text.Length;
        ReadOnlySpan<byte> ascii = AsciiWordChars;
        ReadOnlySpan<ulong> punctuationHashes = AsciiPunctuationHashes;
        while (i < n && count < destination.Length)
        {
            // ASCII fast path: the same tokens as the general code below, without its per-character bookkeeping.
            char c = text[i];
            if (c < 128)
            {
                CharClass ac = CharClassifier.Classify(c);
                if (ac is CharClass.Letter or CharClass.Digit)
                {
                    if (TryReadAsciiWord(text, ref i, ac == CharClass.Letter, ascii, buffer, out Token word))
                    {
                        destination[count++] = word;
                        continue;
                    }
                }
                else if (ac == CharClass.Punctuation)
                {
                    destination[count++] = Token.OfString(i, 1, punctuationHashes[c], TokenKind.Punctuation, false);
                    i++;
                    continue;
                }
                else if (ac == CharClass.Separator)
                {
                    i++;
                    continue;
                }
            }

            int cp = ReadCodePoint(text, i, out int width);
            CharClass cls = CharClassifier.Classify(cp);
            switch (cls)
            {
                case CharClass.Letter:
                case CharClass.Digit:
                    destination[count++] = ReadWord(text, ref i, cls, buffer, foldConfusables, hashWholeTokens);
                    break;
                case CharClass.Segmented:
                    destination[count++] = ReadSingle(text, ref i, cp, width, TokenKind.Ideograph, buffer);
                    break;
                case CharClass.Punctuation:
                case CharClass.Apostrophe:
                    destination[count++] = ReadSingle(text, ref i, cp, width, TokenKind.Punctuation, buffer);
                    break;
                default:
                    i += width;
                    break;
            }
        }

        return count;
    }

    /// <summary>Hashes a normalised token form the way <see cref="Tokenize(ReadOnlySpan{char}, Span{Token})"/> does.</summary>
    /// <remarks>The hash is XxHash3, seeded with <see cref="TokenHashSeed"/>, of the form's UTF-16 little-endian bytes on
    /// every machine, so stored hashes do not depend on byte order.</remarks>
    /// <param name="normalizedForm">A token already in normalised form (for example <c>"crocus"</c>).</param>
    /// <returns>The token hash.</returns>
    public static ulong HashNormalized(ReadOnlySpan<char> normalizedForm) => Utf16Hash.LittleEndian(normalizedForm, TokenHashSeed);

    /// <summary>Returns the normalised form of one token, for display and evidence.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="token">A token of <paramref name="text"/>.</param>
    /// <returns>The normalised form whose hash is <see cref="Token.Hash"/>, whatever its length.</returns>
    public static string NormalizedForm(ReadOnlySpan<char> text, Token token) => NormalizedForm(text, token, wholeTokens: true);

    /// <summary>As <see cref="NormalizedForm(ReadOnlySpan{char}, Token)"/>; with <paramref name="wholeTokens"/> false, a
    /// form longer than <see cref="MaxTokenChars"/> is cut there, as indexes before options version 4 had it.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="token">A token of <paramref name="text"/>.</param>
    /// <param name="wholeTokens">Whether a long form is kept whole.</param>
    /// <returns>The normalised form.</returns>
    internal static string NormalizedForm(ReadOnlySpan<char> text, Token token, bool wholeTokens)
    {
        Span<char> buffer = stackalloc char[MaxTokenChars];
        ReadOnlySpan<char> slice = text.Slice(token.Start, token.Length);
        int i = 0;
        int cp = ReadCodePoint(slice, 0, out int width);
        CharClass cls = CharClassifier.Classify(cp);
        if (cls is not (CharClass.Letter or CharClass.Digit))
        {
            return buffer[..NormalizeSingle(slice, ref i, cp, width, buffer)].ToString();
        }

        int length = NormalizeWord(slice, ref i, cls, buffer, out _, out int fullLength);
        return wholeTokens && IsLong(length, fullLength) ? WholeForm(slice, cls, foldConfusables: false) : buffer[..length].ToString();
    }

    /// <summary>The hash of the first <paramref name="letters"/> characters of a word's normalised form (all of it when
    /// shorter): a crude stem, under which <c>restructured</c> and <c>restructuring</c> are one word.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="token">A word or number token of <paramref name="text"/>.</param>
    /// <param name="letters">Characters the stem keeps, 1 to <see cref="MaxTokenChars"/>.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold, as when the text was tokenised.</param>
    /// <param name="seed">The hash seed.</param>
    /// <returns>XxHash3 of the stem's UTF-16 little-endian bytes under <paramref name="seed"/>.</returns>
    // Not zeroed: the buffer is read only where it was written, and clearing its 256 bytes for each of a document's
    // few hundred stems was a measurable share of computing them.
    [SkipLocalsInit]
    internal static ulong PrefixHash(ReadOnlySpan<char> text, Token token, int letters, bool foldConfusables, long seed)
    {
        Span<char> buffer = stackalloc char[MaxTokenChars];
        ReadOnlySpan<char> slice = text.Slice(token.Start, token.Length);

        // ASCII letters and digits normalise to their lower case; one more character is checked, since a combining mark
        // after the prefix would compose with its last letter.
        int length = Math.Min(letters, slice.Length);
        int check = Math.Min(letters + 1, slice.Length);
        ReadOnlySpan<byte> ascii = AsciiWordChars;
        int k = 0;
        while (k < check && slice[k] < 128 && ascii[slice[k]] != 0)
        {
            if (k < length)
            {
                buffer[k] = (char)ascii[slice[k]];
            }

            k++;
        }

        if (k < check)
        {
            int i = 0;
            int cp = ReadCodePoint(slice, 0, out _);
            length = Math.Min(letters, NormalizeWord(slice, ref i, CharClassifier.Classify(cp), buffer, out _, out _, foldConfusables));
        }

        return Utf16Hash.LittleEndian(buffer[..length], seed);
    }

    /// <summary>For each ASCII character: its lower-case form when it is a letter or digit, else 0.</summary>
    private static ReadOnlySpan<byte> AsciiWordChars =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9', 0, 0, 0, 0, 0, 0,
        0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j', (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o',
        (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t', (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z', 0, 0, 0, 0, 0,
        0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j', (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o',
        (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t', (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z', 0, 0, 0, 0, 0,
    ];

    /// <summary>Hash of each ASCII character as a one-character token (what <see cref="ReadSingle"/> computes for ASCII punctuation).</summary>
    private static readonly ulong[] AsciiPunctuationHashes = BuildAsciiPunctuationHashes();

    private static ulong[] BuildAsciiPunctuationHashes()
    {
        var hashes = new ulong[128];
        for (int c = 0; c < 128; c++)
        {
            ReadOnlySpan<char> one = [(char)c];
            hashes[c] = HashForm(one, 1);
        }

        return hashes;
    }

    /// <summary>
    /// Reads a word of ASCII letters and digits ending in white space, ASCII punctuation that cannot join, or the end of
    /// the text: the common case, and exactly what <see cref="ReadWord"/> returns for it. Returns false, leaving
    /// <paramref name="i"/> alone, when anything else follows (a non-ASCII character, an apostrophe after a letter, a
    /// '.' or ',' after a number) or the word is longer than <see cref="MaxTokenChars"/>; the general path then reads it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadAsciiWord(ReadOnlySpan<char> text, ref int i, bool letterFirst, ReadOnlySpan<byte> ascii, Span<char> buffer, out Token token)
    {
        int start = i;
        int n = text.Length;
        int end = start;
        bool anyLetter = letterFirst;
        int limit = Math.Min(n, start + MaxTokenChars);

        // Eight characters at a time: lower-case them into the buffer and stop at the first that is not an ASCII letter
        // or digit. Characters stored past the word's end are scratch; the hash reads only the word.
        if (Vector128.IsHardwareAccelerated)
        {
            ref ushort src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            ref ushort dst = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(buffer));
            while (end + Vector128<ushort>.Count <= limit)
            {
                Vector128<ushort> v = Vector128.LoadUnsafe(ref src, (nuint)end);
                Vector128<ushort> upper = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'A'), Vector128.Create((ushort)('Z' - 'A')));
                Vector128<ushort> lower = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
                Vector128<ushort> digit = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));
                (v | (upper & Vector128.Create((ushort)0x20))).StoreUnsafe(ref dst, (nuint)(end - start));
                uint letters = (upper | lower).ExtractMostSignificantBits();
                uint stop = ~(upper | lower | digit).ExtractMostSignificantBits() & 0xFF;
                if (stop != 0)
                {
                    int run = BitOperations.TrailingZeroCount(stop);
                    anyLetter |= (letters & ((1u << run) - 1)) != 0;
                    end += run;
                    goto Scanned;
                }

                anyLetter |= letters != 0;
                end += Vector128<ushort>.Count;
            }
        }

        while (end < limit)
        {
            char c = text[end];
            if (c >= 128)
            {
                break;
            }

            byte lower = ascii[c];
            if (lower == 0)
            {
                break;
            }

            anyLetter |= lower > '9';
            buffer[end - start] = (char)lower;
            end++;
        }

    Scanned:

        if (end < n)
        {
            char t = text[end];
            bool mayContinue = t >= 128
                || end == limit
                || (t == '\'' && anyLetter)
                || ((t == '.' || t == ',') && !anyLetter);
            if (mayContinue)
            {
                token = default;
                return false;
            }
        }

        int length = end - start;
        ulong hash = Utf16Hash.LittleEndian(buffer[..length], TokenHashSeed);
        token = Token.OfString(start, length, hash, anyLetter ? TokenKind.Word : TokenKind.Number, (uint)(text[start] - 'A') <= 'Z' - 'A');
        i = end;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadCodePoint(ReadOnlySpan<char> text, int i, out int width)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[i + 1]);
        }

        width = 1;
        return c;
    }

    private static Token ReadWord(ReadOnlySpan<char> text, ref int i, CharClass first, Span<char> buffer, bool foldConfusables, bool hashWholeTokens)
    {
        int start = i;
        bool capitalized = char.IsUpper(text[i]);
        int length = NormalizeWord(text, ref i, first, buffer, out bool anyLetter, out int fullLength, foldConfusables);
        ulong hash = hashWholeTokens && IsLong(length, fullLength)
            ? HashNormalized(WholeForm(text[start..i], first, foldConfusables))
            : HashForm(buffer[..length], fullLength);
        return Token.OfString(start, i - start, hash, anyLetter ? TokenKind.Word : TokenKind.Number, capitalized);
    }

    /// <summary>Whether a word's normalised form may not have fitted the stack buffer: longer than it before
    /// normalising, or filling it after (NFKC can lengthen a form).</summary>
    private static bool IsLong(int length, int fullLength) => fullLength > MaxTokenChars || length >= MaxTokenChars;

    /// <summary>
    /// The whole normalised form of a long word: the same steps as NormalizeWord and
    /// <see cref="FoldNonAscii"/>, on the heap and without a length limit. The slow path of rare tokens (a URL, a
    /// base64 blob, a long key); it allocates.
    /// </summary>
    /// <param name="word">The word's characters in the original text, from its first to just past its last.</param>
    /// <param name="first">The class of its first character.</param>
    /// <param name="foldConfusables">Whether look-alike letters fold.</param>
    /// <returns>The normalised form.</returns>
    private static string WholeForm(ReadOnlySpan<char> word, CharClass first, bool foldConfusables)
    {
        var raw = new char[word.Length]; // NormalizeWord appends at most one character per character it reads
        int i = 0;
        int length = NormalizeWord(word, ref i, first, raw, out _, out _, foldConfusables, fold: false, out bool nonAscii);
        if (!nonAscii)
        {
            return new string(raw, 0, length);
        }

        char[] form = new string(raw, 0, length).Normalize(NormalizationForm.FormKC).ToLowerInvariant().ToCharArray();
        FoldLetters(form, foldConfusables);
        return new string(form);
    }

    /// <summary>Reads a word or number starting at <paramref name="i"/>, writing its normalised form to <paramref name="buffer"/>.</summary>
    private static int NormalizeWord(ReadOnlySpan<char> text, ref int i, CharClass first, Span<char> buffer, out bool anyLetter, out int fullLength, bool foldConfusables = false) =>
        NormalizeWord(text, ref i, first, buffer, out anyLetter, out fullLength, foldConfusables, fold: true, out _);

    /// <summary>As the overload above; with <paramref name="fold"/> false the characters are left as read (ASCII lower
    /// cased, joiners unified) and <paramref name="nonAscii"/> says whether NFKC and folding are still to do.</summary>
    private static int NormalizeWord(ReadOnlySpan<char> text, ref int i, CharClass first, Span<char> buffer, out bool anyLetter, out int fullLength, bool foldConfusables, bool fold, out bool nonAscii)
    {
        int n = text.Length;
        int length = 0;
        fullLength = 0;
        nonAscii = false;
        anyLetter = first == CharClass.Letter;
        int lastEnd = i;
        while (i < n)
        {
            int cp = ReadCodePoint(text, i, out int width);
            CharClass cls = CharClassifier.Classify(cp);
            if (cls is CharClass.Letter or CharClass.Digit or CharClass.Mark)
            {
                anyLetter |= cls == CharClass.Letter;
                if (cp < 128)
                {
                    Append(buffer, ref length, ref fullLength, (char)(cp | ((uint)(cp - 'A') <= 'Z' - 'A' ? 0x20 : 0)));
                }
                else
                {
                    nonAscii = true;
                    Append(buffer, ref length, ref fullLength, text[i]);
                    if (width == 2)
                    {
                        Append(buffer, ref length, ref fullLength, text[i + 1]);
                    }
                }

                i += width;
                lastEnd = i;
                continue;
            }

            if (cls == CharClass.Ignorable)
            {
                i += width;
                continue;
            }

            // An apostrophe between letters, or a '.' or ',' between digits, joins the two sides into one token.
            bool joins = false;
            if (i + width < n)
            {
                int next = ReadCodePoint(text, i + width, out _);
                CharClass nextCls = CharClassifier.Classify(next);
                joins = (cls == CharClass.Apostrophe && anyLetter && nextCls == CharClass.Letter)
                    || ((cp == '.' || cp == ',') && !anyLetter && nextCls == CharClass.Digit && length > 0);
            }

            if (!joins)
            {
                break;
            }

            Append(buffer, ref length, ref fullLength, cls == CharClass.Apostrophe ? '\'' : (char)cp);
            i += width;
            lastEnd = i;
        }

        // Trailing ignorables (a zero-width space before a space) do not belong to the token.
        i = lastEnd;
        return nonAscii && fold ? FoldNonAscii(buffer, length, foldConfusables) : length;
    }

    private static Token ReadSingle(ReadOnlySpan<char> text, ref int i, int cp, int width, TokenKind kind, Span<char> buffer)
    {
        int start = i;
        int length = NormalizeSingle(text, ref i, cp, width, buffer);
        return Token.OfString(start, i - start, HashForm(buffer[..length], length), kind, false);
    }

    private static int NormalizeSingle(ReadOnlySpan<char> text, ref int i, int cp, int width, Span<char> buffer)
    {
        i += width;
        char mapped = MapPunctuation(cp);
        if (mapped != '\0')
        {
            buffer[0] = mapped;
            return 1;
        }

        int length = 0;
        int full = 0;
        Append(buffer, ref length, ref full, text[i - width]);
        if (width == 2)
        {
            Append(buffer, ref length, ref full, text[i - 1]);
        }

        // Combining marks after a character without spaces (a Thai vowel sign, a dakuten) belong to it.
        while (i < text.Length)
        {
            int next = ReadCodePoint(text, i, out int w);
            if (CharClassifier.Classify(next) != CharClass.Mark)
            {
                break;
            }

            Append(buffer, ref length, ref full, text[i]);
            if (w == 2)
            {
                Append(buffer, ref length, ref full, text[i + 1]);
            }

            i += w;
        }

        return FoldNonAscii(buffer, length, foldConfusables: false);
    }

    /// <summary>Typographic quotes, apostrophes and dashes, unified with their ASCII forms; '\0' when not one of them.</summary>
    private static char MapPunctuation(int cp) => cp switch
    {
        < 128 => (char)cp,
        0x2018 or 0x2019 or 0x201A or 0x201B or 0x2032 or 0x02BC or 0xFF07 => '\'',
        0x201C or 0x201D or 0x201E or 0x201F or 0x00AB or 0x00BB or 0x2033 or 0xFF02 => '"',
        >= 0x2010 and <= 0x2015 or 0x2212 or 0xFE58 or 0xFE63 or 0xFF0D => '-',
        _ => '\0',
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Append(Span<char> buffer, ref int length, ref int fullLength, char c)
    {
        if (length < buffer.Length)
        {
            buffer[length++] = c;
        }

        fullLength++;
    }

    /// <summary>NFKC, then lower case, then (when asked) look-alike letters to the Latin letters they imitate, in place.
    /// Returns the new length.</summary>
    private static int FoldNonAscii(Span<char> buffer, int length, bool foldConfusables)
    {
        Span<char> scratch = stackalloc char[MaxTokenChars * 2];
        ReadOnlySpan<char> source = buffer[..length];
        scoped ReadOnlySpan<char> normalized = source;
        if (!source.IsNormalized(NormalizationForm.FormKC))
        {
            if (source.TryNormalize(scratch, out int written, NormalizationForm.FormKC))
            {
                normalized = scratch[..written];
            }
            else
            {
                normalized = source.ToString().Normalize(NormalizationForm.FormKC);
            }
        }

        int max = Math.Min(normalized.Length, buffer.Length);
        if (normalized.Length > buffer.Length)
        {
            normalized = normalized[..max];
        }

        // ToLowerInvariant may not write in place over its own source, so go through the scratch buffer when needed.
        if (normalized.Overlaps(buffer))
        {
            normalized.CopyTo(scratch);
            normalized = scratch[..max];
        }

        normalized.ToLowerInvariant(buffer);
        FoldLetters(buffer[..max], foldConfusables);
        return max;
    }

    /// <summary>After NFKC and lower case: final sigma to sigma, and, when asked, look-alike letters to the Latin ones.</summary>
    private static void FoldLetters(Span<char> form, bool foldConfusables)
    {
        for (int k = 0; k < form.Length; k++)
        {
            if (form[k] == '\u03C2')
            {
                form[k] = '\u03C3'; // final sigma folds to sigma, as in Unicode case folding
            }

            if (foldConfusables)
            {
                form[k] = Confusables.Fold(form[k]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HashForm(ReadOnlySpan<char> form, int fullLength)
    {
        ulong hash = Utf16Hash.LittleEndian(form, TokenHashSeed);
        return fullLength <= MaxTokenChars ? hash : hash ^ (ulong)fullLength * 0x9E37_79B9_7F4A_7C15UL;
    }
}
