using System;
using System.Collections.Generic;
using NearDup.Text;

namespace NearDup.Verification;

/// <summary>Whether two texts are written in different languages, told by their function words: a translation is not a
/// spin.</summary>
/// <remarks>
/// <para>
/// A spinner or a rewriter keeps the language. It replaces content words and restructures sentences, but the articles,
/// prepositions and conjunctions it writes are the same language's: the function words one text uses most, the other
/// uses too, more or less often, whenever it is long enough to be expected to. A translation into a related language
/// aligns word for word as a spin does (the same options, paths and names, cognates in the same order), but its function
/// words are the other language's (Spanish <c>la</c>, <c>el</c>, <c>y</c>, <c>en</c> for Portuguese <c>a</c>, <c>o</c>,
/// <c>e</c>, <c>em</c>): several of the words one text uses most never appear in the other at all.
/// </para>
/// <para>
/// So two texts are taken to be in different languages when at least <see cref="MinForeignWords"/> of one text's
/// <see cref="TopWords"/> most used function words, each used at least <see cref="MinUses"/> times there, are words the
/// other text would be expected to use at least <see cref="MinExpectedUses"/> times (the first count scaled by the ratio
/// of the two texts' counts of function words) and uses not once, and at least <see cref="MinForeignWordsOtherWay"/> of
/// the other text's are, the same way, words the first never uses. A text too short to use its words that often is
/// never told apart: the test says "different" only on evidence. Only a text's most used words are asked about: a list of
/// identifiers or a template's entries use other function words than a text about something else in the same language,
/// but not instead of their commonest ones.
/// </para>
/// <para>
/// Both languages' function words must be in the list the texts are judged by: the English ones are built in, and a scan
/// learns the others from the collection (<see cref="FunctionWordLearner"/>). Two texts in languages the list does not
/// hold have no function words to compare, and are never told apart.
/// </para>
/// </remarks>
internal static class Languages
{
    /// <summary>How many of a text's most used function words are asked about.</summary>
    internal const int TopWords = 6;

    /// <summary>How many times a text must use a word itself for its absence from the other to count: a word used once or
    /// twice says little about how often its text uses it.</summary>
    internal const int MinUses = 3;

    /// <summary>How many times the other text, at its length, must be expected to use a word for its absence to count.</summary>
    internal const int MinExpectedUses = 4;

    /// <summary>How many of one text's most used function words, each expected in the other text and absent from it, tell
    /// the languages apart, when the other text has at least <see cref="MinForeignWordsOtherWay"/> such words of its own.</summary>
    internal const int MinForeignWords = 3;

    /// <summary>How many such words the other text must have: each language has words of its own (Spanish <c>la</c>,
    /// <c>el</c>, <c>en</c>; Portuguese <c>do</c>, <c>uma</c>). A text that only stopped using some of its commonest words,
    /// for words the first also uses (a letter rewritten from the first person into the third, "I", "my", "me" become
    /// "she", "her", which the letter used too), is not another language.</summary>
    internal const int MinForeignWordsOtherWay = 1;

    /// <summary>Whether two texts are in different languages (see <see cref="Languages"/>).</summary>
    /// <param name="a">One text's tokens.</param>
    /// <param name="b">The other text's tokens.</param>
    /// <param name="functionWords">The function words the texts are judged by (a verifier's, with any learned ones).</param>
    /// <returns>True when several of one text's most used function words are never used by the other, and one or more of
    /// the other's never by the first.</returns>
    public static bool Differ(ReadOnlySpan<Token> a, ReadOnlySpan<Token> b, FunctionWords functionWords)
    {
        (List<ulong> ofA, List<ulong> ofB) = ForeignWords(a, b, functionWords);
        return Tell(ofA.Count, ofB.Count);
    }

    /// <summary>Whether so many words of each text's own tell the two languages apart.</summary>
    private static bool Tell(int ofA, int ofB) =>
        (ofA >= MinForeignWords && ofB >= MinForeignWordsOtherWay) || (ofB >= MinForeignWords && ofA >= MinForeignWordsOtherWay);

    /// <summary>The words that tell two texts' languages apart, as each text writes them (lower case, its first use),
    /// when <see cref="Differ"/> says they differ: what <c>neardup explain</c> shows.</summary>
    /// <param name="a">One text.</param>
    /// <param name="b">The other.</param>
    /// <param name="functionWords">The function words the texts are judged by.</param>
    /// <returns>Those of A's most used function words that B never uses, and those of B's that A never uses; both empty
    /// when the texts are not told apart.</returns>
    public static (IReadOnlyList<string> OfA, IReadOnlyList<string> OfB) Telling(IVerifiableDocument a, IVerifiableDocument b, FunctionWords functionWords)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        (List<ulong> ofA, List<ulong> ofB) = ForeignWords(a.ContentTokens, b.ContentTokens, functionWords);
        return Tell(ofA.Count, ofB.Count)
            ? (Spelled(a, ofA), Spelled(b, ofB))
            : ([], []);
    }

    /// <summary>For each text, those of its <see cref="TopWords"/> most used function words, each used
    /// <see cref="MinUses"/> times or more, that the other text, at its length, would be expected to use
    /// <see cref="MinExpectedUses"/> times and never does.</summary>
    private static (List<ulong> OfA, List<ulong> OfB) ForeignWords(ReadOnlySpan<Token> a, ReadOnlySpan<Token> b, FunctionWords functionWords)
    {
        ArgumentNullException.ThrowIfNull(functionWords);
        Dictionary<ulong, int> usesA = Count(a, functionWords, out int countA);
        Dictionary<ulong, int> usesB = Count(b, functionWords, out int countB);
        return countA > 0 && countB > 0 ? (Foreign(usesA, countA, usesB, countB), Foreign(usesB, countB, usesA, countA)) : ([], []);
    }

    /// <summary>Those of the first text's <see cref="TopWords"/> most used function words, each used
    /// <see cref="MinUses"/> times or more, that the second text, at its length, would be expected to use
    /// <see cref="MinExpectedUses"/> times and never does, most used first.</summary>
    private static List<ulong> Foreign(Dictionary<ulong, int> first, int firstCount, Dictionary<ulong, int> second, int secondCount)
    {
        var top = new List<(int Uses, ulong Word)>(first.Count);
        foreach ((ulong word, int uses) in first)
        {
            top.Add((uses, word));
        }

        // Most used first; ties by hash, so that the answer does not depend on the dictionary's order.
        top.Sort((x, y) => x.Uses != y.Uses ? y.Uses.CompareTo(x.Uses) : x.Word.CompareTo(y.Word));
        var foreign = new List<ulong>();
        for (int i = 0; i < Math.Min(TopWords, top.Count); i++)
        {
            (int uses, ulong word) = top[i];

            // Expected in the second text: uses * secondCount / firstCount >= MinExpectedUses, in integers.
            if (uses >= MinUses && (long)uses * secondCount >= (long)MinExpectedUses * firstCount && !second.ContainsKey(word))
            {
                foreign.Add(word);
            }
        }

        return foreign;
    }

    /// <summary>Each word as the text writes it at its first use, in lower case.</summary>
    private static List<string> Spelled(IVerifiableDocument document, List<ulong> words)
    {
        var spelled = new List<string>(words.Count);
        foreach (ulong word in words)
        {
            foreach (Token token in document.ContentTokens)
            {
                if (token.Hash == word)
                {
                    spelled.Add(document.Text.Substring(token.Start, token.Length).ToLowerInvariant());
                    break;
                }
            }
        }

        return spelled;
    }

    /// <summary>How often a text uses each function word, and how many function words it has in all.</summary>
    private static Dictionary<ulong, int> Count(ReadOnlySpan<Token> tokens, FunctionWords functionWords, out int total)
    {
        var uses = new Dictionary<ulong, int>();
        total = 0;
        foreach (Token token in tokens)
        {
            if (functionWords.Contains(token.Hash))
            {
                total++;
                uses[token.Hash] = uses.GetValueOrDefault(token.Hash) + 1;
            }
        }

        return uses;
    }
}
