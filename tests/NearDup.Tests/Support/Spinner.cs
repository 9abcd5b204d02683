using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NearDup.Text;

namespace NearDup.Tests.Support;

/// <summary>How a <see cref="Spinner"/> rewrites a text. Every random choice comes from <see cref="Seed"/>.</summary>
public sealed record SpinOptions
{
    /// <summary>Share of the text's content words to replace (capped by what the table can replace).</summary>
    public double Rate { get; init; }

    /// <summary>Seed of every random choice.</summary>
    public int Seed { get; init; }

    /// <summary>Share of the text's function words to replace from <see cref="SpinTables.Function"/>.</summary>
    public double FunctionRate { get; init; }

    /// <summary>Share of words to drop.</summary>
    public double DropRate { get; init; }

    /// <summary>Share of words after which to add a filler word.</summary>
    public double AddRate { get; init; }

    /// <summary>Shuffle the sentences of each paragraph (the order always changes when a paragraph has two or more).</summary>
    public bool ReorderSentences { get; init; }

    /// <summary>Share of the spun text's words to keep from its start (1: all).</summary>
    public double Keep { get; init; } = 1.0;

    /// <summary>Wrap the result in <see cref="Spinner.ChromeHeader"/> and <see cref="Spinner.ChromeFooter"/>.</summary>
    public bool Chrome { get; init; }

    /// <summary>The case name: rate and seed, so a failing case can be rerun.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"rate {Rate:0.00} seed {Seed}") +
        (FunctionRate > 0 ? FormattableString.Invariant($" fw {FunctionRate:0.00}") : string.Empty) +
        (ReorderSentences ? " reordered" : string.Empty) +
        (Keep < 1 ? FormattableString.Invariant($" keep {Keep:0.00}") : string.Empty) +
        (Chrome ? " chrome" : string.Empty);
}

/// <summary>One replacement a <see cref="Spinner"/> made.</summary>
/// <param name="WordIndex">Index of the replaced word among the original text's words (split on white space).</param>
/// <param name="From">The original word, lower case.</param>
/// <param name="To">The replacement, lower case.</param>
/// <param name="IsFunctionWord">Whether a function word was replaced.</param>
internal readonly record struct AppliedSubstitution(int WordIndex, string From, string To, bool IsFunctionWord);

/// <summary>A spun text and what the spinner did to it.</summary>
/// <param name="Text">The spun text.</param>
/// <param name="Applied">Every replacement, in the original's word order.</param>
/// <param name="ContentWords">How many content words the original has.</param>
/// <param name="Words">How many words (split on white space) the original has.</param>
internal sealed record SpinResult(string Text, IReadOnlyList<AppliedSubstitution> Applied, int ContentWords, int Words)
{
    /// <summary>Share of the original's content words that were replaced.</summary>
    public double ContentRate => ContentWords == 0 ? 0 : (double)Applied.Count(a => !a.IsFunctionWord) / ContentWords;

    /// <summary>
    /// Replacements with no other replacement, and neither end of the text, within <paramref name="radius"/> words: the
    /// aligner must report these as they are, where adjacent replacements may merge into one phrase and a replacement
    /// at the very start or end has no kept word on one side to anchor it.
    /// </summary>
    public IEnumerable<AppliedSubstitution> Isolated(int radius = 2)
    {
        var at = Applied.Select(a => a.WordIndex).ToHashSet();
        return Applied.Where(a =>
            a.WordIndex >= radius && a.WordIndex < Words - radius &&
            Enumerable.Range(a.WordIndex - radius, 2 * radius + 1).Count(at.Contains) == 1);
    }
}

/// <summary>
/// A small seeded article spinner for tests: replaces words from a hand-written table (<see cref="SpinTables"/>), and
/// optionally swaps function words, drops or adds words, reorders sentences, truncates, or wraps the text in site chrome.
/// </summary>
/// <remarks>
/// Names (capitalised words not starting a sentence) and numbers are never replaced; a replaced sentence-initial word
/// keeps its capital. Line breaks, paragraph breaks and punctuation attached to words are kept.
/// </remarks>
internal sealed partial class Spinner(IReadOnlyDictionary<string, string> table, IReadOnlyDictionary<string, string>? functionTable = null)
{
    /// <summary>Site chrome written for these tests, put before a wrapped copy.</summary>
    public const string ChromeHeader =
        "Valley Courier | Home | Local News | Sport | Weather | Contact us\n" +
        "Sign up to our free newsletter and never miss a story from around the county.\n\n";

    /// <summary>Site chrome written for these tests, put after a wrapped copy.</summary>
    public const string ChromeFooter =
        "\n\nShare this article: Email | Print\n" +
        "Copyright 2025 Valley Courier Media Ltd. All rights reserved. Registered office: 14 Mill Road, Castleford.\n" +
        "Read more: Council approves new cycle lanes | Weekend weather outlook | Letters to the editor";

    private static readonly string[] Fillers = ["really", "truly", "indeed", "certainly", "basically"];

    /// <summary>A spinner over <see cref="SpinTables.Content"/> and <see cref="SpinTables.Function"/>.</summary>
    public static Spinner Default { get; } = new(SpinTables.Content, SpinTables.Function);

    /// <summary>Spins <paramref name="text"/>.</summary>
    public SpinResult Spin(string text, SpinOptions options)
    {
        var random = new Random(options.Seed);
        List<Word> words = Split(text);
        var content = new List<int>();
        var function = new List<int>();
        for (int i = 0; i < words.Count; i++)
        {
            Word w = words[i];
            if (w.Core.Length == 0 || w.Core.Any(char.IsDigit) || (char.IsUpper(w.Core[0]) && !w.SentenceStart))
            {
                continue;
            }

            (IsFunctionWord(w.Lower) ? function : content).Add(i);
        }

        var applied = new List<AppliedSubstitution>();
        Replace(words, content, table, options.Rate, random, isFunction: false, applied);
        if (functionTable is not null && options.FunctionRate > 0)
        {
            Replace(words, function, functionTable, options.FunctionRate, random, isFunction: true, applied);
        }

        applied.Sort((x, y) => x.WordIndex.CompareTo(y.WordIndex));
        for (int i = 0; i < words.Count; i++)
        {
            bool bare = words[i].Core.Length > 0 && words[i].Prefix.Length == 0 && words[i].Suffix.Length == 0;
            if (options.DropRate > 0 && random.NextDouble() < options.DropRate && bare)
            {
                words[i] = words[i] with { Dropped = true };
            }
            else if (options.AddRate > 0 && random.NextDouble() < options.AddRate && bare)
            {
                words[i] = words[i] with { Suffix = words[i].Suffix + " " + Fillers[random.Next(Fillers.Length)] };
            }
        }

        string spun = Join(words);
        if (options.ReorderSentences)
        {
            spun = Reorder(spun, random);
        }

        if (options.Keep < 1)
        {
            spun = Truncate(spun, options.Keep);
        }

        if (options.Chrome)
        {
            spun = ChromeHeader + spun + ChromeFooter;
        }

        return new SpinResult(spun, applied, content.Count, words.Count);
    }

    /// <summary>The first <paramref name="share"/> of the words of <paramref name="text"/>, line breaks kept.</summary>
    public static string Truncate(string text, double share)
    {
        MatchCollection words = WordPattern().Matches(text);
        int keep = Math.Max(1, (int)(words.Count * share));
        return text[..(words[keep - 1].Index + words[keep - 1].Length)];
    }

    /// <summary>The sentences of each paragraph (paragraphs split on blank lines), in text order.</summary>
    public static List<List<string>> Sentences(string text) =>
        text.Split("\n\n").Select(p => SentenceBreak().Split(p.Trim()).Where(s => s.Length > 0).ToList()).ToList();

    private static bool IsFunctionWord(string lower) => FunctionWords.English.Contains(Tokenizer.HashNormalized(lower));

    private static void Replace(
        List<Word> words, List<int> candidates, IReadOnlyDictionary<string, string> replacements, double rate, Random random, bool isFunction, List<AppliedSubstitution> applied)
    {
        int target = (int)Math.Round(rate * candidates.Count);
        int[] replaceable = candidates.Where(i => replacements.ContainsKey(words[i].Lower)).ToArray();
        random.Shuffle(replaceable);
        foreach (int i in replaceable.Take(target))
        {
            Word w = words[i];
            string to = replacements[w.Lower];
            words[i] = w with { Core = char.IsUpper(w.Core[0]) ? char.ToUpperInvariant(to[0]) + to[1..] : to };
            applied.Add(new AppliedSubstitution(i, w.Lower, to, isFunction));
        }
    }

    private static string Reorder(string text, Random random)
    {
        var paragraphs = new List<string>();
        foreach (List<string> sentences in Sentences(text))
        {
            string[] order = [.. sentences];
            if (order.Length > 1)
            {
                do
                {
                    random.Shuffle(order);
                }
                while (order.SequenceEqual(sentences));
            }

            paragraphs.Add(string.Join(' ', order));
        }

        return string.Join("\n\n", paragraphs);
    }

    /// <summary>A word with the white space before it and the punctuation around it.</summary>
    private sealed record Word(string Space, string Prefix, string Core, string Suffix, bool SentenceStart, bool Dropped = false)
    {
        public string Lower => Core.ToLowerInvariant();
    }

    private static List<Word> Split(string text)
    {
        var words = new List<Word>();
        bool sentenceStart = true;
        foreach (Match m in Chunk().Matches(text))
        {
            string raw = m.Groups["word"].Value;
            Match parts = WordParts().Match(raw);
            string prefix = parts.Success ? parts.Groups["pre"].Value : string.Empty;
            string core = parts.Success ? parts.Groups["core"].Value : string.Empty;
            string suffix = parts.Success ? parts.Groups["post"].Value : raw;
            words.Add(new Word(m.Groups["space"].Value, prefix, core, suffix, sentenceStart));
            sentenceStart = suffix.IndexOfAny(['.', '!', '?']) >= 0;
        }

        return words;
    }

    private static string Join(List<Word> words)
    {
        var sb = new StringBuilder();
        foreach (Word w in words)
        {
            if (w.Dropped)
            {
                sb.Append(w.Space.Contains('\n') ? w.Space : string.Empty); // keep paragraph breaks
                continue;
            }

            sb.Append(sb.Length == 0 ? string.Empty : w.Space).Append(w.Prefix).Append(w.Core).Append(w.Suffix);
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"(?<space>\s*)(?<word>\S+)")]
    private static partial Regex Chunk();

    [GeneratedRegex(@"^(?<pre>[^\p{L}\p{N}]*)(?<core>[\p{L}\p{N}][\p{L}\p{N}'’]*)(?<post>.*)$")]
    private static partial Regex WordParts();

    [GeneratedRegex(@"\S+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceBreak();
}
