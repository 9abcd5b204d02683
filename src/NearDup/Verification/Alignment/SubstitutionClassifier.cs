using System;
using System.Globalization;
using NearDup.Text;

namespace NearDup.Verification.Alignment;

/// <summary>Tells a rewording from the fill of a template field (see <see cref="SubstitutionClass"/>), from the tokens of
/// the two sides and the original texts around them.</summary>
/// <remarks>Thread safety: stateless.</remarks>
internal static class SubstitutionClassifier
{
    /// <summary>Capitals mark names in a text when at most this share of its words that do not start a sentence are
    /// capitalised: English prose capitalises a few percent of them, German every noun (about a quarter or more), and a
    /// text in capitals all of them.</summary>
    public const double MaxNameCapitalShare = 0.2;

    /// <summary>How many more words one side of a rewording may have than the other: a word said as a phrase
    /// ("centuries" → "hundreds of years") grows by two; a side longer still is other text in the same place.</summary>
    public const int MaxPhraseGrowth = 2;

    /// <summary>Classifies one substitution.</summary>
    /// <param name="textA">A's original text.</param>
    /// <param name="fromA">A's tokens of the substitution (content tokens, one or more).</param>
    /// <param name="textB">B's original text.</param>
    /// <param name="toB">B's tokens of the substitution.</param>
    /// <param name="fromNormalised">A's side, normalised and space-separated.</param>
    /// <param name="toNormalised">B's side, normalised and space-separated.</param>
    /// <param name="capitalsMarkNames">Whether capitals mark names in A and in B (see <see cref="CapitalsMarkNames"/>).</param>
    /// <param name="functionWords">The function words, which make a substitution of theirs alone
    /// <see cref="SubstitutionClass.Grammar"/>; null when none are known.</param>
    /// <returns>The class.</returns>
    public static SubstitutionClass Classify(
        string textA,
        ReadOnlySpan<Token> fromA,
        string textB,
        ReadOnlySpan<Token> toB,
        string fromNormalised,
        string toNormalised,
        bool capitalsMarkNames,
        FunctionWords? functionWords = null)
    {
        if (IsHyphenation(fromNormalised, toNormalised))
        {
            return SubstitutionClass.Hyphenation;
        }

        if (Math.Abs(fromA.Length - toB.Length) > MaxPhraseGrowth)
        {
            return SubstitutionClass.OtherText;
        }

        if (HasNumber(fromA) || HasNumber(toB))
        {
            return SubstitutionClass.Number;
        }

        if (IsIdentifier(textA, fromA) || IsIdentifier(textB, toB) || (AllCodes(textA, fromA) && AllCodes(textB, toB)))
        {
            return SubstitutionClass.Identifier;
        }

        if (capitalsMarkNames && IsCapitalisedName(textA, fromA) && IsCapitalisedName(textB, toB))
        {
            return SubstitutionClass.Name;
        }

        if (functionWords is not null && AllFunctionWords(fromA, functionWords) && AllFunctionWords(toB, functionWords))
        {
            return SubstitutionClass.Grammar;
        }

        return SubstitutionClass.Rewording;
    }

    /// <summary>Whether two normalised, space-separated sides are the same letters split differently (a word broken at a
    /// line end, a compound written apart).</summary>
    /// <param name="from">A's side.</param>
    /// <param name="to">B's side.</param>
    /// <returns>True when they are.</returns>
    public static bool IsHyphenation(string from, string to) =>
        string.Equals(from.Replace(" ", string.Empty, StringComparison.Ordinal), to.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

    private static bool AllFunctionWords(ReadOnlySpan<Token> tokens, FunctionWords functionWords)
    {
        foreach (Token t in tokens)
        {
            if (!functionWords.Contains(t.Hash))
            {
                return false;
            }
        }

        return tokens.Length > 0;
    }

    /// <summary>Whether capitals mark names in a text: few of its words that do not start a sentence are capitalised.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="tokens">Its content tokens.</param>
    /// <returns>True when at most <see cref="MaxNameCapitalShare"/> of them are.</returns>
    public static bool CapitalsMarkNames(string text, ReadOnlySpan<Token> tokens)
    {
        int words = 0, capitalised = 0;
        foreach (Token t in tokens)
        {
            if (t.Kind != TokenKind.Word || StartsSentence(text, t.Start))
            {
                continue;
            }

            words++;
            capitalised += t.IsCapitalized ? 1 : 0;
        }

        return words > 0 && capitalised <= MaxNameCapitalShare * words;
    }

    private static bool HasNumber(ReadOnlySpan<Token> tokens)
    {
        foreach (Token t in tokens)
        {
            if (t.Kind == TokenKind.Number)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any token stands in a run of non-space characters that marks an address, a path, code or markup.</summary>
    private static bool IsIdentifier(string text, ReadOnlySpan<Token> tokens)
    {
        foreach (Token t in tokens)
        {
            if (IsIdentifier(text, t))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a token stands in a run of non-space characters that marks an address, a path, code or markup
    /// (<c>@ / \ _ = &lt; &gt; #</c>, a dot or a colon between letters), or changes from lower to upper case inside
    /// itself (camelCase, a handle, a product code).</summary>
    /// <param name="text">The original text.</param>
    /// <param name="t">The token.</param>
    /// <returns>True for a part of an identifier.</returns>
    internal static bool IsIdentifier(string text, in Token t) => MarksIdentifier(RunAround(text, t.Start, t.End)) || ChangesCase(text, t);

    /// <summary>The run of non-space characters that holds the characters [<paramref name="start"/>,
    /// <paramref name="end"/>) of a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">The first character.</param>
    /// <param name="end">One past the last.</param>
    /// <returns>The run.</returns>
    internal static ReadOnlySpan<char> RunAround(string text, int start, int end)
    {
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return text.AsSpan(start, end - start);
    }

    /// <summary>Whether a token changes from lower to upper case inside itself: camelCase, a handle, a product code.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="t">The token.</param>
    /// <returns>True when it does.</returns>
    internal static bool ChangesCase(string text, in Token t)
    {
        for (int k = t.Start + 1; k < t.End; k++)
        {
            if (char.IsUpper(text[k]) && char.IsLower(text[k - 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every token of a side is a code (see <see cref="IsCode"/>) or a number, and one at least a code:
    /// a request id, an instance id or a hash cut at its hyphens (<c>5091cb52 547a 47ce</c>). One id for another, both
    /// sides codes, is the fill of a field, which no rewriter makes; a side with a word besides its codes
    /// (<c>create x509</c>), or a word for a code, stays what its words make it, so that the slot rules still see a
    /// command's name filled again and again.</summary>
    private static bool AllCodes(string text, ReadOnlySpan<Token> tokens)
    {
        bool code = false;
        foreach (Token t in tokens)
        {
            if (IsCode(text.AsSpan(t.Start, t.End - t.Start)))
            {
                code = true;
            }
            else if (t.Kind != TokenKind.Number)
            {
                return false;
            }
        }

        return code;
    }

    /// <summary>Whether a token mixes letters and digits as codes do (<c>a236</c>, <c>47ce</c>, <c>0a823edbdeexample</c>,
    /// <c>mp3</c>), not as an English ordinal or a decade (<c>1st</c>, <c>22nd</c>, <c>80s</c>).</summary>
    internal static bool IsCode(ReadOnlySpan<char> token)
    {
        int digits = 0, letters = 0, firstLetter = -1, lastDigit = -1;
        for (int k = 0; k < token.Length; k++)
        {
            if (char.IsDigit(token[k]))
            {
                digits++;
                lastDigit = k;
            }
            else if (char.IsLetter(token[k]))
            {
                letters++;
                firstLetter = firstLetter < 0 ? k : firstLetter;
            }
        }

        if (digits == 0 || letters == 0)
        {
            return false;
        }

        ReadOnlySpan<char> suffix = token[(lastDigit + 1)..];
        bool ordinal = firstLetter > lastDigit
            && (suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("s", StringComparison.OrdinalIgnoreCase));
        return !ordinal;
    }

    /// <summary>Whether a run of non-space characters marks an address, a path, code or markup: one of
    /// <c>@ / \ _ = &lt; &gt; # { } [ ] | ~ ^ $ %</c>, or a dot or a colon between two letters or digits.</summary>
    /// <param name="run">The run.</param>
    /// <returns>True when it does.</returns>
    internal static bool MarksIdentifier(ReadOnlySpan<char> run)
    {
        for (int k = 0; k < run.Length; k++)
        {
            char c = run[k];
            if (c is '@' or '/' or '\\' or '_' or '=' or '<' or '>' or '#' or '{' or '}' or '[' or ']' or '|' or '~' or '^' or '$' or '%')
            {
                return true;
            }

            // A dot or colon between two letters or digits: a host name, a file name, a scheme, a qualified name.
            if ((c is '.' or ':') && k > 0 && k + 1 < run.Length && char.IsLetterOrDigit(run[k - 1]) && char.IsLetterOrDigit(run[k + 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every word of a side is capitalised and at least one of them does not start a sentence (a lone
    /// capitalised first word says nothing).</summary>
    private static bool IsCapitalisedName(string text, ReadOnlySpan<Token> tokens)
    {
        bool inside = false;
        foreach (Token t in tokens)
        {
            if (t.Kind != TokenKind.Word)
            {
                continue;
            }

            if (!t.IsCapitalized)
            {
                return false;
            }

            inside |= !StartsSentence(text, t.Start);
        }

        return inside;
    }

    /// <summary>Least number of list items on each side of the items a substitution touches for
    /// <see cref="InAlphabeticalList"/>.</summary>
    internal const int ListNeighbours = 2;

    /// <summary>Longest list item, in characters, <see cref="InAlphabeticalList"/> reads (a name of a few words).</summary>
    internal const int MaxListItemChars = 60;

    /// <summary>Most list items a substitution's side may touch for <see cref="InAlphabeticalList"/>.</summary>
    internal const int MaxTouchedItems = 4;

    /// <summary>Whether a substitution changes who is in an alphabetical list (two releases' contributors, a register's
    /// members) rather than rewording it: both sides stand in such a list (see <see cref="InAlphabeticalList"/>), neither
    /// holds a number, and the items the two sides touch differ in number or in a first word. A spinner keeps no list in
    /// alphabetical order, and one that rewords the items of a sorted list but keeps their first words (Garden Fork →
    /// Garden Pitchfork) keeps the order and the count: that stays a rewording.</summary>
    /// <param name="textA">A's original text.</param>
    /// <param name="fromA">A's tokens of the substitution.</param>
    /// <param name="textB">B's original text.</param>
    /// <param name="toB">B's tokens of the substitution.</param>
    /// <returns>True for a change of the list's members.</returns>
    public static bool IsListMembership(string textA, ReadOnlySpan<Token> fromA, string textB, ReadOnlySpan<Token> toB)
    {
        Span<(int Start, int End)> itemsA = stackalloc (int, int)[MaxTouchedItems];
        Span<(int Start, int End)> itemsB = stackalloc (int, int)[MaxTouchedItems];
        if (HasNumber(fromA) || HasNumber(toB)
            || InAlphabeticalList(textA, fromA, itemsA) is not (> 0 and var countA)
            || InAlphabeticalList(textB, toB, itemsB) is not (> 0 and var countB))
        {
            return false;
        }

        if (countA != countB)
        {
            return true;
        }

        for (int k = 0; k < countA; k++)
        {
            if (!FirstWord(textA, itemsA[k]).Equals(FirstWord(textB, itemsB[k]), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;

        static ReadOnlySpan<char> FirstWord(string text, (int Start, int End) item)
        {
            ReadOnlySpan<char> trimmed = text.AsSpan(item.Start, item.End - item.Start).Trim();
            int space = 0;
            while (space < trimmed.Length && !char.IsWhiteSpace(trimmed[space]))
            {
                space++;
            }

            return trimmed[..space];
        }
    }

    /// <summary>Whether a substitution's side stands in an alphabetical list of names: the comma-separated items it
    /// touches (at most <see cref="MaxTouchedItems"/>) and <see cref="ListNeighbours"/> items before and after them,
    /// each between two commas, are each at most <see cref="MaxListItemChars"/> characters on one line or wrapped over
    /// two, begin with a capital letter, and stand in alphabetical order. So a list's first and last
    /// <see cref="ListNeighbours"/> + 1 items (the first has no comma before it, the last a full stop or "and" after it)
    /// are never read as its members here.</summary>
    /// <remarks>Reads at most a few hundred characters around the side, without recursion.</remarks>
    /// <param name="text">The original text.</param>
    /// <param name="side">The side's content tokens (at least one).</param>
    /// <param name="touched">Receives the touched items' spans; at least <see cref="MaxTouchedItems"/> long.</param>
    /// <returns>How many items the side touches, or 0 when it stands in no such list.</returns>
    internal static int InAlphabeticalList(string text, ReadOnlySpan<Token> side, Span<(int Start, int End)> touched)
    {
        if (side.IsEmpty)
        {
            return 0;
        }

        // The touched items run from the comma before the side's first token to the comma after its last.
        int from = CommaBefore(text, side[0].Start);
        int to = CommaAfter(text, side[^1].End);
        if (from < 0 || to < 0 || to - from > MaxTouchedItems * (MaxListItemChars + 2))
        {
            return 0;
        }

        Span<(int Start, int End)> items = stackalloc (int, int)[MaxTouchedItems + (2 * ListNeighbours)];
        int count = 0;

        // The neighbours before, nearest last, then the touched items, then the neighbours after.
        Span<(int Start, int End)> before = stackalloc (int, int)[ListNeighbours];
        int comma = from;
        for (int k = 0; k < ListNeighbours; k++)
        {
            int previous = CommaBefore(text, comma);
            if (previous < 0)
            {
                return 0;
            }

            before[ListNeighbours - 1 - k] = (previous + 1, comma);
            comma = previous;
        }

        foreach ((int Start, int End) item in before)
        {
            items[count++] = item;
        }

        for (int start = from + 1; start < to;)
        {
            int next = text.IndexOf(',', start, to - start);
            int end = next < 0 ? to : next;
            if (count == items.Length - ListNeighbours)
            {
                return 0; // more items touched than read
            }

            touched[count - ListNeighbours] = (start, end);
            items[count++] = (start, end);
            start = end + 1;
        }

        comma = to;
        for (int k = 0; k < ListNeighbours; k++)
        {
            int next = CommaAfter(text, comma + 1);
            if (next < 0)
            {
                return 0;
            }

            items[count++] = (comma + 1, next);
            comma = next;
        }

        ReadOnlySpan<char> last = default;
        foreach ((int start, int end) in items[..count])
        {
            ReadOnlySpan<char> item = text.AsSpan(start, end - start).Trim();
            if (item.IsEmpty || item.Length > MaxListItemChars || !char.IsUpper(item[0]) || item.Count('\n') > 1
                || (!last.IsEmpty && CultureInfo.InvariantCulture.CompareInfo.Compare(last, item, CompareOptions.IgnoreCase) > 0))
            {
                return 0;
            }

            last = item;
        }

        return count - (2 * ListNeighbours);

        // The comma before position (exclusive) within an item's length, or -1.
        static int CommaBefore(string text, int position)
        {
            int stop = Math.Max(0, position - MaxListItemChars - 2);
            for (int k = position - 1; k >= stop; k--)
            {
                if (text[k] == ',')
                {
                    return k;
                }
            }

            return -1;
        }

        // The comma at or after position within an item's length, or -1.
        static int CommaAfter(string text, int position)
        {
            int stop = Math.Min(text.Length, position + MaxListItemChars + 2);
            for (int k = position; k < stop; k++)
            {
                if (text[k] == ',')
                {
                    return k;
                }
            }

            return -1;
        }
    }

    /// <summary>Whether the character before <paramref name="start"/>, past white space, ends a sentence or a line (or
    /// there is none).</summary>
    /// <param name="text">The original text.</param>
    /// <param name="start">Where a token starts in it.</param>
    /// <returns>True when the token starts a sentence or a line.</returns>
    internal static bool StartsSentence(string text, int start)
    {
        // As StartsSentenceScalar, an ASCII character classified by one table read: asked for every word of every
        // analysed text (whether capitals mark names, and which capitalised words are leads), where the compares of the
        // scalar code were a twentieth of an analysis.
        byte[] classes = AsciiSentenceClasses;
        for (int k = start - 1; k >= 0; k--)
        {
            char c = text[k];
            if (c >= 128)
            {
                return StartsSentenceScalar(text, k + 1);
            }

            byte cls = classes[c];
            if (cls != SkipsBack)
            {
                return cls == EndsSentence;
            }
        }

        return true;
    }

    /// <summary>As <see cref="StartsSentence"/>, one character compared at a time: the oracle the tests check it against,
    /// and the path from the first character past ASCII.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="start">Where a token starts in it.</param>
    /// <returns>True when the token starts a sentence or a line.</returns>
    internal static bool StartsSentenceScalar(string text, int start)
    {
        for (int k = start - 1; k >= 0; k--)
        {
            char c = text[k];
            if (c is '\n' or '\r')
            {
                return true;
            }

            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '(' or '«' or '“' or '‘' or '¿' or '¡')
            {
                continue;
            }

            return c is '.' or '!' or '?' or ':' or '…' or '。' or '！' or '？';
        }

        return true;
    }

    // What StartsSentence makes of an ASCII character before a token: 0 another character (no sentence start), or:
    private const byte SkipsBack = 1; // looked past (white space, a quote, an opening bracket)
    private const byte EndsSentence = 2; // the end of a sentence or a line (yes)

    private static readonly byte[] AsciiSentenceClasses = BuildAsciiSentenceClasses();

    /// <summary>The ASCII table of <see cref="StartsSentence"/>, from the scalar code's own answers.</summary>
    private static byte[] BuildAsciiSentenceClasses()
    {
        var table = new byte[128];
        for (int c = 0; c < 128; c++)
        {
            // A character that ends a sentence does so after any text; one looked past lets the '.' before it decide.
            bool ends = StartsSentenceScalar("x" + (char)c, 2);
            bool skipped = !ends && StartsSentenceScalar("." + (char)c, 2);
            table[c] = ends ? EndsSentence : skipped ? SkipsBack : (byte)0;
        }

        return table;
    }
}
