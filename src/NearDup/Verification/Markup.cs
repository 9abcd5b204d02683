using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using NearDup.Text;

namespace NearDup.Verification;

/// <summary>
/// Finds the tokens of a text that are markup rather than prose: inside an HTML or XML tag (<c>&lt;font
/// face="Verdana"&gt;</c>), a comment, a <c>style</c> or <c>script</c> element, or a CSS rule
/// (<c>.footer{color:#000;font-size:small}</c>).
/// </summary>
/// <remarks>
/// Markup is the frame of a page: two issues of one HTML newsletter, or two mails sent from one mailer, share long
/// runs of it and nothing they wrote. What a document copied is its prose, so markup weighs nothing in the share of a
/// document another holds (<see cref="TokenWeights"/>); the words between the tags weigh as they would in plain text.
/// Near-duplicates and exact copies are still judged on all their words: two pages with the same markup and the same
/// prose are the same page. The scan is one pass over the text for <c>&lt;</c> and <c>{</c>; a text with neither is
/// answered at once.
/// </remarks>
internal static class Markup
{
    /// <summary>Longest tag looked for: a <c>&lt;</c> with no <c>&gt;</c> this far on is a less-than sign.</summary>
    internal const int MaxTagLength = 2_000;

    /// <summary>Longest comment, style or script element, or CSS rule looked for.</summary>
    internal const int MaxBlockLength = 20_000;

    /// <summary>Which of a text's tokens are markup.</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokens">Its tokens, in text order, with offsets into it.</param>
    /// <returns>One flag per token, or <see langword="null"/> when no token is markup.</returns>
    public static bool[]? Mask(string text, ReadOnlySpan<Token> tokens)
    {
        if (tokens.IsEmpty || text.AsSpan().IndexOfAny('<', '{') < 0)
        {
            return null;
        }

        List<(int Start, int End)> spans = Spans(text);
        if (spans.Count == 0)
        {
            return null;
        }

        bool[]? mask = null;
        int s = 0;
        for (int t = 0; t < tokens.Length; t++)
        {
            int start = tokens[t].Start;
            while (s < spans.Count && spans[s].End <= start)
            {
                s++;
            }

            if (s == spans.Count)
            {
                break;
            }

            if (spans[s].Start <= start)
            {
                mask ??= new bool[tokens.Length];
                mask[t] = true;
            }
        }

        return mask;
    }

    /// <summary>The markup spans of a text, in order, not overlapping: [start, end) in UTF-16 code units.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The spans.</returns>
    public static List<(int Start, int End)> Spans(ReadOnlySpan<char> text)
    {
        var spans = new List<(int Start, int End)>();
        var closers = new Closers();
        int i = 0;
        while (i < text.Length)
        {
            int k = text[i..].IndexOfAny('<', '{');
            if (k < 0)
            {
                break;
            }

            int p = i + k;
            int end = text[p] == '<' ? TagEnd(text, p, ref closers) : RuleEnd(text, p);
            if (end < 0)
            {
                i = p + 1;
                continue;
            }

            int start = text[p] == '<' ? p : RuleStart(text, p, spans.Count == 0 ? 0 : spans[^1].End);
            spans.Add((start, end));
            i = end;
        }

        return spans;
    }

    /// <summary>Where the next end of a comment and the next closing <c>style</c> and <c>script</c> tags lie, found
    /// once and kept while they lie ahead, so that a text of many unclosed comments or elements is still read once (each
    /// search starts where the last ended, never again from each opening).</summary>
    private struct Closers()
    {
        private int _comment = -2, _style = -2, _script = -2;

        /// <summary>The first occurrence of <paramref name="closer"/> at or after <paramref name="from"/> (-1: none), the
        /// kept one while it still lies ahead.</summary>
        public int Next(ReadOnlySpan<char> text, int from, string closer)
        {
            ref int kept = ref closer == "-->" ? ref _comment : ref closer == "</style" ? ref _style : ref _script;
            if (kept == -1 || kept >= from)
            {
                return kept;
            }

            int found = text[from..].IndexOf(closer, StringComparison.OrdinalIgnoreCase);
            kept = found < 0 ? -1 : from + found;
            return kept;
        }
    }

    /// <summary>One past the end of the tag, comment or element that opens at <paramref name="p"/> (a <c>&lt;</c>),
    /// or -1 when none does.</summary>
    private static int TagEnd(ReadOnlySpan<char> text, int p, ref Closers closers)
    {
        ReadOnlySpan<char> rest = text[p..];
        if (rest.StartsWith("<!--", StringComparison.Ordinal))
        {
            int close = closers.Next(text, p + 4, "-->");
            return close < 0 || close - p > MaxBlockLength ? -1 : close + 3;
        }

        if (rest.Length < 3 || !(rest[1] is '!' or '?' || IsElementTag(text, p)))
        {
            return -1;
        }

        ReadOnlySpan<char> window = Within(rest, MaxTagLength);
        int stop = window[1..].IndexOfAny('<', '>');
        if (stop < 0 || window[1 + stop] != '>')
        {
            return -1;
        }

        int tagEnd = p + 1 + stop + 1;
        foreach (string element in (ReadOnlySpan<string>)["style", "script"])
        {
            if (rest.Length > element.Length + 1 && rest[1..].StartsWith(element, StringComparison.OrdinalIgnoreCase)
                && !char.IsAsciiLetterOrDigit(rest[1 + element.Length]))
            {
                // The element's content is markup too, up to its closing tag.
                int close = closers.Next(text, tagEnd, "</" + element);
                if (close < 0 || close - tagEnd > MaxBlockLength)
                {
                    return tagEnd;
                }

                int gt = Within(text[close..], MaxTagLength).IndexOf('>');
                return gt < 0 ? tagEnd : close + gt + 1;
            }
        }

        return tagEnd;
    }

    /// <summary>Whether the <c>&lt;</c> at <paramref name="p"/> opens or closes an HTML element (a name of HTML's, or an
    /// XML name with a namespace prefix such as <c>o:p</c>, then white space, <c>&gt;</c> or <c>/&gt;</c>): not an
    /// address or a link in angle brackets (<c>&lt;ann@example.org&gt;</c>), a placeholder (<c>&lt;remote&gt;</c>,
    /// <c>&lt;LANG&gt;</c>), or a POD formatting code (<c>C&lt;sv_setiv&gt;</c>), whose words are the text's own.</summary>
    private static bool IsElementTag(ReadOnlySpan<char> text, int p)
    {
        if (p > 0 && char.IsAsciiLetterUpper(text[p - 1]) && (p == 1 || !char.IsAsciiLetter(text[p - 2])))
        {
            return false; // C<...>, B<...>, L<...>: POD
        }

        int start = p + 1 < text.Length && text[p + 1] == '/' ? p + 2 : p + 1, end = start;
        while (end < text.Length && end - start < 16 && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is ':' or '-'))
        {
            end++;
        }

        if (end == start || end >= text.Length || !char.IsAsciiLetter(text[start]))
        {
            return false;
        }

        char next = text[end];
        if (!(char.IsWhiteSpace(next) || next == '>' || (next == '/' && end + 1 < text.Length && text[end + 1] == '>')))
        {
            return false;
        }

        ReadOnlySpan<char> name = text[start..end];
        return name.Contains(':') || ElementNames.Contains(name);
    }

    /// <summary>The names of HTML's elements, current and obsolete (<c>font</c>, <c>center</c>, <c>marquee</c>), as
    /// mailers and old pages still write them.</summary>
    private static readonly FrozenSet<string> Elements = new[]
    {
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "base", "basefont", "bdi", "bdo",
        "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
        "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed",
        "fieldset", "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5",
        "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend",
        "li", "link", "main", "map", "mark", "marquee", "menu", "meta", "meter", "nav", "nobr", "noframes", "noscript",
        "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q", "rp", "rt",
        "ruby", "s", "samp", "script", "section", "select", "small", "source", "span", "strike", "strong", "style",
        "sub", "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
        "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary><see cref="Elements"/> looked up by a span of the text, without a string.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ElementNames = Elements.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One past the <c>}</c> of a CSS rule whose block opens at <paramref name="p"/>, or -1 when the block is not
    /// a list of declarations (<c>name: value;</c>).</summary>
    private static int RuleEnd(ReadOnlySpan<char> text, int p)
    {
        ReadOnlySpan<char> window = Within(text[(p + 1)..], MaxBlockLength);
        int close = window.IndexOfAny('{', '}');
        if (close < 0 || window[close] != '}' || (p > 0 && text[p - 1] == '{') || !IsDeclarations(window[..close]))
        {
            return -1; // no rule: a brace block of prose, or a template's placeholder ({{name:format}})
        }

        return p + 1 + close + 1;
    }

    /// <summary>Where the selector of a CSS rule whose block opens at <paramref name="p"/> starts: the run of
    /// non-space characters before the brace (and the space between), and before it the runs of a selector list, each
    /// joined to the next by a comma (<c>.a:hover, .b:hover, .c{…}</c>, <c>h1 ,h2{…}</c>) and each a selector (see
    /// <see cref="IsSelector"/>), not before <paramref name="floor"/>. Prose ending in a comma before a rule
    /// (<c>Best regards, .x{…}</c>) stays prose.</summary>
    private static int RuleStart(ReadOnlySpan<char> text, int p, int floor)
    {
        int start = RunStart(text, SpaceStart(text, p, floor), floor);
        while (true)
        {
            // The comma before the selector: the first character of its run (".a ,.b{"), or the last before the space
            // before it (".a, .b{").
            int comma = start < p && text[start] == ',' ? start : SpaceStart(text, start, floor) - 1;
            if (comma < floor || text[comma] != ',')
            {
                return start;
            }

            int end = SpaceStart(text, comma, floor);
            int runStart = RunStart(text, end, floor);
            if (runStart == end || !IsSelector(text[runStart..end]))
            {
                return start;
            }

            start = runStart;
        }

        static int SpaceStart(ReadOnlySpan<char> text, int at, int floor)
        {
            while (at > floor && char.IsWhiteSpace(text[at - 1]))
            {
                at--;
            }

            return at;
        }

        static int RunStart(ReadOnlySpan<char> text, int end, int floor)
        {
            int start = end;
            while (start > floor && !char.IsWhiteSpace(text[start - 1]) && text[start - 1] is not ('}' or '>'))
            {
                start--;
            }

            return start;
        }
    }

    /// <summary>Whether a run of non-space characters (one or more selectors joined by commas) reads as CSS selectors:
    /// each holds a class, id, pseudo-class, attribute or universal mark (<c>. # : [ *</c>) or is the name of an HTML
    /// element (<c>td</c>, <c>h1</c>).</summary>
    private static bool IsSelector(ReadOnlySpan<char> run)
    {
        bool any = false;
        foreach (Range r in run.Split(','))
        {
            ReadOnlySpan<char> piece = run[r];
            if (piece.IsEmpty)
            {
                continue;
            }

            if (piece.IndexOfAny(".#:[*") < 0 && !ElementNames.Contains(piece))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>Whether a block holds CSS declarations only: <c>name: value</c> pieces separated by semicolons, each
    /// name a CSS property name (letters and hyphens), two or more of them or one ended by its semicolon (a lone
    /// <c>key:value</c> is as likely a placeholder or a JSON member).</summary>
    private static bool IsDeclarations(ReadOnlySpan<char> block)
    {
        int declarations = 0;
        foreach (Range r in block.Split(';'))
        {
            ReadOnlySpan<char> piece = block[r].Trim();
            if (piece.IsEmpty)
            {
                continue;
            }

            int colon = piece.IndexOf(':');
            if (colon <= 0 || !IsPropertyName(piece[..colon].TrimEnd()))
            {
                return false;
            }

            declarations++;
        }

        return declarations > 1 || (declarations == 1 && block.Contains(';'));
    }

    private static bool IsPropertyName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetter(name[0]) || name[0] == '-'))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetter(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> Within(ReadOnlySpan<char> text, int length) => text[..Math.Min(text.Length, length)];
}
