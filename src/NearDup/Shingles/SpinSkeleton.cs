using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using NearDup.Internal;
using NearDup.Text;

namespace NearDup.Shingles;

/// <summary>
/// The spin skeleton of a text: what an article spinner leaves in place. Function words, numbers, names and sentence
/// punctuation stay as they are; every run of other words becomes one wildcard.
/// </summary>
/// <remarks>
/// <para>
/// A spinner swaps open-class words and short phrases ("people dead" → "population lifeless", "attack" → "assault").
/// Such a swap changes the words of a 5-gram but not the skeleton: "the _ on Moscow's Crocus _ in March 2024 , which
/// left 140 _ , has _ a _ on" survives it, because a run of replaced words is still one wildcard however many words the
/// replacement has. What the skeleton does not survive is the rarer swap of a function word ("under" → "below") or a
/// name, and each such swap costs only the skeleton n-grams that overlap it. The skeleton's n-grams are therefore the
/// spin-robust counterpart of word shingles: about half of them survive a spin that changes 40% of the words, where
/// under 10% of word 5-grams do.
/// </para>
/// <para>
/// Names are capitalised words that do not start a sentence. Grams with fewer than <see cref="MinInformative"/>
/// function words, numbers or names are dropped: a run of wildcards and commas says nothing about the text. Scripts
/// without spaces keep every character, which keeps their skeletons specific but does not survive a spin; their spun
/// copies are proposed by the word passages instead (a token is a character there, and a spin that replaces 40% of the
/// words keeps many character 5-grams), and the aligner judges them (9 of 10 hand-spun Chinese passages found).
/// </para>
/// <para>Thread safety: stateless, safe for concurrent use.</para>
/// </remarks>
public static class SpinSkeleton
{
    /// <summary>The seed of skeleton n-gram hashes.</summary>
    public const long SkeletonHashSeed = 0x4E44_5550_534B_4C31; // "NDUPSKL1"

    /// <summary>The element that stands for a run of open-class words.</summary>
    public const ulong Wildcard = 0x5F5F_5F5F_5F5F_5F5FUL;

    /// <summary>Least number of informative elements (function words, numbers, names) a skeleton n-gram needs.</summary>
    public const int MinInformative = 3;

    private static readonly ulong Period = Tokenizer.HashNormalized(".");
    private static readonly ulong Comma = Tokenizer.HashNormalized(",");
    private static readonly ulong Question = Tokenizer.HashNormalized("?");
    private static readonly ulong Exclamation = Tokenizer.HashNormalized("!");
    private static readonly ulong Semicolon = Tokenizer.HashNormalized(";");
    private static readonly ulong Colon = Tokenizer.HashNormalized(":");

    /// <summary>Writes the skeleton elements of <paramref name="tokens"/>.</summary>
    /// <param name="tokens">All tokens of a text, punctuation included, from <see cref="Tokenizer"/>.</param>
    /// <param name="functionWords">The function words of the text's language.</param>
    /// <param name="destination">Receives the elements; must hold <c>tokens.Length</c>.</param>
    /// <param name="informative">Receives, per element, whether it is a function word, number or name.</param>
    /// <returns>The number of elements written.</returns>
    /// <exception cref="ArgumentException">A destination is shorter than <paramref name="tokens"/>.</exception>
    public static int Elements(ReadOnlySpan<Token> tokens, FunctionWords functionWords, Span<ulong> destination, Span<bool> informative)
    {
        ArgumentNullException.ThrowIfNull(functionWords);
        if (destination.Length < tokens.Length || informative.Length < tokens.Length)
        {
            throw new ArgumentException($"destinations must hold {tokens.Length} elements.", nameof(destination));
        }

        bool[] marks = RentedArrays.Rent<bool>(Math.Max(1, tokens.Length));
        try
        {
            functionWords.Mark(tokens, marks);
            return ElementsMarked(tokens, marks, destination, informative);
        }
        finally
        {
            RentedArrays.Give(marks);
        }
    }

    /// <summary>As <see cref="Elements(ReadOnlySpan{Token}, FunctionWords, Span{ulong}, Span{bool})"/>, the function words
    /// marked already (<see cref="FunctionWords.Mark"/>), so that analysis looks each word up once for the skeleton and
    /// the stems.</summary>
    /// <param name="tokens">All tokens of a text, punctuation included.</param>
    /// <param name="functionWord">Per token, whether it is a function word.</param>
    /// <param name="destination">Receives the elements; must hold <c>tokens.Length</c>.</param>
    /// <param name="informative">Receives, per element, whether it is a function word, number or name.</param>
    /// <returns>The number of elements written.</returns>
    internal static int ElementsMarked(ReadOnlySpan<Token> tokens, ReadOnlySpan<bool> functionWord, Span<ulong> destination, Span<bool> informative)
    {
        functionWord = functionWord[..tokens.Length];
        destination = destination[..tokens.Length];
        informative = informative[..tokens.Length];
        int n = 0;
        bool sentenceStart = true;
        bool lastIsWildcard = false;
        for (int i = 0; i < tokens.Length; i++)
        {
            ref readonly Token t = ref tokens[i];
            ulong element;
            bool info;
            if (t.Kind == TokenKind.Punctuation)
            {
                if (!KeepsPunctuation(t.Hash, out bool terminal))
                {
                    continue;
                }

                sentenceStart |= terminal;
                element = t.Hash;
                info = false;
            }
            else
            {
                // As ElementsScalar, without a branch on what a word is: whether the next word is a function word, a name
                // or neither, and so whether it joins a run of wildcards, is a coin toss a branch predictor loses.
                info = (t.Kind != TokenKind.Word) | functionWord[i] | (t.IsCapitalized & !sentenceStart);
                element = Wildcard ^ ((t.Hash ^ Wildcard) & (0UL - (info ? 1UL : 0UL)));
                sentenceStart = false;
            }

            // A wildcard after a wildcard is written over by the next element (the destination holds one per token); either
            // way the last element kept is a wildcard exactly when this one is.
            bool isWildcard = element == Wildcard;
            destination[n] = element;
            informative[n] = info;
            n += isWildcard & lastIsWildcard ? 0 : 1;
            lastIsWildcard = isWildcard;
        }

        return n;
    }

    /// <summary>As <see cref="Elements"/>, one branch per decision: the oracle the tests check it against.</summary>
    /// <param name="tokens">All tokens of a text.</param>
    /// <param name="functionWords">The function words of the text's language.</param>
    /// <param name="destination">Receives the elements; must hold <c>tokens.Length</c>.</param>
    /// <param name="informative">Receives, per element, whether it is a function word, number or name.</param>
    /// <returns>The number of elements written.</returns>
    internal static int ElementsScalar(ReadOnlySpan<Token> tokens, FunctionWords functionWords, Span<ulong> destination, Span<bool> informative)
    {
        ArgumentNullException.ThrowIfNull(functionWords);
        if (destination.Length < tokens.Length || informative.Length < tokens.Length)
        {
            throw new ArgumentException($"destinations must hold {tokens.Length} elements.", nameof(destination));
        }

        int n = 0;
        bool sentenceStart = true;
        foreach (ref readonly Token t in tokens)
        {
            ulong element;
            bool info;
            switch (t.Kind)
            {
                case TokenKind.Punctuation:
                    if (!KeepsPunctuation(t.Hash, out bool terminal))
                    {
                        continue;
                    }

                    sentenceStart |= terminal;
                    element = t.Hash;
                    info = false;
                    break;
                case TokenKind.Number:
                case TokenKind.Ideograph:
                    element = t.Hash;
                    info = true;
                    sentenceStart = false;
                    break;
                default:
                    if (functionWords.Contains(t.Hash) || (t.IsCapitalized && !sentenceStart))
                    {
                        element = t.Hash;
                        info = true;
                    }
                    else
                    {
                        element = Wildcard;
                        info = false;
                    }

                    sentenceStart = false;
                    break;
            }

            if (element == Wildcard && n > 0 && destination[n - 1] == Wildcard)
            {
                continue;
            }

            destination[n] = element;
            informative[n] = info;
            n++;
        }

        return n;
    }

    /// <summary>Whether a punctuation token stays in the skeleton: sentence ends, commas, semicolons and colons do;
    /// quotes, brackets and dashes, which sites and spinners alike restyle, do not.</summary>
    /// <param name="hash">The token's hash.</param>
    /// <param name="terminal">Whether it ends a sentence.</param>
    /// <returns>True when it stays.</returns>
    private static bool KeepsPunctuation(ulong hash, out bool terminal)
    {
        terminal = hash == Period || hash == Question || hash == Exclamation;
        return terminal || hash == Comma || hash == Semicolon || hash == Colon;
    }

    /// <summary>The skeleton n-grams of a text's tokens: <see cref="Elements"/> then <see cref="Grams(ReadOnlySpan{ulong},
    /// ReadOnlySpan{bool}, int, Span{ulong})"/>, their scratch pooled.</summary>
    /// <param name="tokens">The tokens, punctuation included.</param>
    /// <param name="functionWords">The function words.</param>
    /// <param name="size">Elements per n-gram.</param>
    /// <param name="destination">Receives the gram hashes in text order; must hold <c>tokens.Length</c>.</param>
    /// <returns>The number of grams written.</returns>
    internal static int Grams(ReadOnlySpan<Token> tokens, FunctionWords functionWords, int size, Span<ulong> destination)
    {
        ArgumentNullException.ThrowIfNull(functionWords);
        bool[] marks = RentedArrays.Rent<bool>(Math.Max(1, tokens.Length));
        try
        {
            functionWords.Mark(tokens, marks);
            return GramsMarked(tokens, marks, size, destination);
        }
        finally
        {
            RentedArrays.Give(marks);
        }
    }

    /// <summary>As <see cref="Grams(ReadOnlySpan{Token}, FunctionWords, int, Span{ulong})"/>, the function words marked
    /// already (<see cref="FunctionWords.Mark"/>).</summary>
    /// <param name="tokens">The tokens, punctuation included.</param>
    /// <param name="functionWord">Per token, whether it is a function word.</param>
    /// <param name="size">Elements per n-gram.</param>
    /// <param name="destination">Receives the gram hashes in text order; must hold <c>tokens.Length</c>.</param>
    /// <returns>The number of grams written.</returns>
    internal static int GramsMarked(ReadOnlySpan<Token> tokens, ReadOnlySpan<bool> functionWord, int size, Span<ulong> destination)
    {
        ulong[] elements = RentedArrays.Rent<ulong>(Math.Max(1, tokens.Length));
        bool[] informative = RentedArrays.Rent<bool>(Math.Max(1, tokens.Length));
        try
        {
            int n = ElementsMarked(tokens, functionWord, elements, informative);
            return Grams(elements.AsSpan(0, n), informative.AsSpan(0, n), size, destination);
        }
        finally
        {
            RentedArrays.Give(elements);
            RentedArrays.Give(informative);
        }
    }

    /// <summary>Hashes the skeleton n-grams that hold at least <see cref="MinInformative"/> informative elements.</summary>
    /// <param name="elements">Skeleton elements from <see cref="Elements"/>.</param>
    /// <param name="informative">Which elements are informative.</param>
    /// <param name="size">Elements per n-gram.</param>
    /// <param name="destination">Receives the gram hashes in text order; must hold <c>elements.Length</c>; past the grams
    /// written, scratch.</param>
    /// <returns>The number of grams written.</returns>
    public static int Grams(ReadOnlySpan<ulong> elements, ReadOnlySpan<bool> informative, int size, Span<ulong> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (size is < XxHash3Words.MinWords or > XxHash3Words.MaxWords)
        {
            return GramsScalar(elements, informative, size, destination);
        }

        if (elements.Length < size)
        {
            return 0;
        }

        // As GramsScalar, each gram hashed from the elements in place (the usual 7-grams are 56 bytes) instead of
        // copied into a byte window first: the same hashes. Every window is hashed, eight or four at a time where the
        // machine can (XxHash3Words.HashWindows), into the destination, and the kept ones are then moved to its start in order
        // (most windows are kept, and choosing which to hash one at a time cost a call and a branch per window); what
        // lies past the kept ones is scratch.
        int windows = elements.Length - size + 1;
        if (destination.Length < windows)
        {
            throw new ArgumentException($"destination must hold {windows} grams.", nameof(destination));
        }

        XxHash3Words.HashWindows(elements, size, SkeletonHashSeed, destination, windows);
        int count = 0;
        int info = 0;
        for (int i = 0; i < size - 1; i++)
        {
            info += informative[i] ? 1 : 0;
        }

        int least = Math.Min(MinInformative, size);
        for (int start = 0; start < windows; start++)
        {
            info += informative[start + size - 1] ? 1 : 0;
            destination[count] = destination[start];
            count += info >= least ? 1 : 0;
            info -= informative[start] ? 1 : 0;
        }

        return count;
    }

    /// <summary>As <see cref="Grams(ReadOnlySpan{ulong}, ReadOnlySpan{bool}, int, Span{ulong})"/>, each gram's elements written to a byte window and hashed by
    /// <see cref="XxHash3"/>: the path for grams of one element or over 16, and the oracle the tests check the other
    /// against.</summary>
    /// <param name="elements">Skeleton elements from <see cref="Elements"/>.</param>
    /// <param name="informative">Which elements are informative.</param>
    /// <param name="size">Elements per n-gram, at least 1.</param>
    /// <param name="destination">Receives the gram hashes in text order; must hold <c>elements.Length</c>.</param>
    /// <returns>The number of grams written.</returns>
    internal static int GramsScalar(ReadOnlySpan<ulong> elements, ReadOnlySpan<bool> informative, int size, Span<ulong> destination)
    {
        if (elements.Length < size)
        {
            return 0;
        }

        Span<byte> window = stackalloc byte[size * sizeof(ulong)];
        int count = 0;
        int info = 0;
        for (int i = 0; i < size - 1; i++)
        {
            info += informative[i] ? 1 : 0;
        }

        for (int start = 0; start + size <= elements.Length; start++)
        {
            info += informative[start + size - 1] ? 1 : 0;
            if (info >= Math.Min(MinInformative, size))
            {
                for (int k = 0; k < size; k++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(window[(k * sizeof(ulong))..], elements[start + k]);
                }

                destination[count++] = XxHash3.HashToUInt64(window, SkeletonHashSeed);
            }

            info -= informative[start] ? 1 : 0;
        }

        return count;
    }
}
