using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace NearDup.Benchmarks.Corpus;

/// <summary>The kind of a piece of a sentence.</summary>
internal enum PieceKind : byte
{
    /// <summary>White space and punctuation, copied as is.</summary>
    Other,

    /// <summary>Letters with inner apostrophes or hyphens.</summary>
    Word,

    /// <summary>Digits with inner ',' or '.'.</summary>
    Number,
}

/// <summary>A run of a sentence's text.</summary>
internal readonly record struct Piece(string Text, PieceKind Kind);

/// <summary>The seed articles, cut into sentence templates, and the content vocabulary mutation draws from.</summary>
/// <remarks>Loaded once from embedded resources; immutable afterwards, safe for concurrent reads.</remarks>
internal sealed class SeedText
{
    private static readonly Lazy<SeedText> Instance = new(Load);

    private SeedText(List<Piece[]> sentences, Dictionary<int, string[]> buckets)
    {
        Sentences = sentences;
        Buckets = buckets;
    }

    public static SeedText Shared => Instance.Value;

    /// <summary>Every sentence of every seed, in seed order, as pieces.</summary>
    public IReadOnlyList<Piece[]> Sentences { get; }

    /// <summary>Content words by shape (see <see cref="Shape"/>), sorted so the draw order is fixed.</summary>
    public IReadOnlyDictionary<int, string[]> Buckets { get; }

    /// <summary>Cuts text into words, numbers and everything else.</summary>
    public static List<Piece> Split(string text)
    {
        var pieces = new List<Piece>();
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            char c = text[i];
            if (char.IsAsciiLetter(c))
            {
                while (i < text.Length && (char.IsAsciiLetter(text[i])
                    || ((text[i] == '\'' || text[i] == '-') && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]) && i > start)))
                {
                    i++;
                }

                pieces.Add(new Piece(text[start..i], PieceKind.Word));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i])
                    || ((text[i] == ',' || text[i] == '.') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
                {
                    i++;
                }

                pieces.Add(new Piece(text[start..i], PieceKind.Number));
            }
            else
            {
                while (i < text.Length && !char.IsAsciiLetterOrDigit(text[i]))
                {
                    i++;
                }

                pieces.Add(new Piece(text[start..i], PieceKind.Other));
            }
        }

        return pieces;
    }

    /// <summary>A word's shape class, so a replacement reads like the word it replaces: possessive, -ing, -ed, -ly, plural, other.</summary>
    public static int Shape(string lower) =>
        lower.EndsWith("'s", StringComparison.Ordinal) ? 0
        : lower.EndsWith("ing", StringComparison.Ordinal) ? 1
        : lower.EndsWith("ed", StringComparison.Ordinal) ? 2
        : lower.EndsWith("ly", StringComparison.Ordinal) ? 3
        : lower.EndsWith('s') ? 4
        : 5;

    /// <summary>Whether a lower-case word is one mutation and spinning may change.</summary>
    public static bool IsContentWord(string lower) => lower.Length > 1 && !Lexicon.Stopwords.Contains(lower);

    /// <summary>Splits a paragraph into sentences: after '.', '?' or '!' (and a closing quote) followed by a space and a capital or quote.</summary>
    public static List<string> SplitSentences(string paragraph)
    {
        var result = new List<string>();
        int start = 0;
        for (int i = 0; i < paragraph.Length; i++)
        {
            char c = paragraph[i];
            if (c is not ('.' or '?' or '!'))
            {
                continue;
            }

            int end = i + 1;
            if (end < paragraph.Length && paragraph[end] == '"')
            {
                end++;
            }

            if (end + 1 < paragraph.Length && paragraph[end] == ' ' && (char.IsAsciiLetterUpper(paragraph[end + 1]) || paragraph[end + 1] == '"'))
            {
                result.Add(paragraph[start..end]);
                start = end + 1;
                i = end;
            }
        }

        if (start < paragraph.Length)
        {
            result.Add(paragraph[start..].Trim());
        }

        return result;
    }

    private static SeedText Load()
    {
        Assembly assembly = typeof(SeedText).Assembly;
        string[] names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Seeds/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (names.Length == 0)
        {
            throw new InvalidOperationException("no seed articles are embedded in the benchmark assembly.");
        }

        var sentences = new List<Piece[]>();
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (string paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                foreach (string sentence in SplitSentences(paragraph.Replace('\n', ' ')))
                {
                    List<Piece> pieces = Split(sentence);
                    sentences.Add([.. pieces]);
                    foreach (Piece p in pieces)
                    {
                        if (p.Kind == PieceKind.Word && char.IsAsciiLetterLower(p.Text[0]) && IsContentWord(p.Text))
                        {
                            words.Add(p.Text);
                        }
                    }
                }
            }
        }

        foreach (string w in Lexicon.SpinWords)
        {
            if (!w.Contains(' ', StringComparison.Ordinal))
            {
                words.Add(w);
            }
        }

        var buckets = words.GroupBy(Shape).ToDictionary(g => g.Key, g => g.ToArray());
        return new SeedText(sentences, buckets);
    }
}
