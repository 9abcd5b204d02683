using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace NearDup.Benchmarks.Corpus;

/// <summary>
/// Generates a labelled corpus of synthetic English news-style documents (about 3 KB each) with planted copies:
/// exact, near-duplicate, contained and spun.
/// </summary>
/// <remarks>
/// <para>
/// Originals recombine sentence templates from the project's own seed articles (<c>Corpus/Seeds</c>), then mutate them:
/// about 60% of content words become another seed word of the same shape, every name becomes an invented one (kept
/// consistent within the document), every number a fresh one. Stopwords stay, so the text still reads as English, but
/// almost every word 5-gram contains a drawn word, which makes originals mutually dissimilar (5-gram Jaccard ≈ 0).
/// </para>
/// <para>
/// Copies are made from one of the last <see cref="RecentOriginals"/> originals, so the generator holds only those in
/// memory and streams everything else: a million documents need a few megabytes. File names come from a seeded
/// permutation so copies do not sit next to their originals. The same options give byte-identical output.
/// </para>
/// <para>Thread safety: not thread-safe; create one per run.</para>
/// </remarks>
internal sealed class CorpusGenerator
{
    /// <summary>How many recent originals copies are drawn from.</summary>
    public const int RecentOriginals = 512;

    private const double MutationRate = 0.6;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly CorpusOptions _options;
    private readonly SeedText _seeds = SeedText.Shared;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">What to generate.</param>
    public CorpusGenerator(CorpusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Width of the zero-padded numbers in file names.</summary>
    public int IdWidth => Math.Max(6, (_options.Count - 1).ToString(CultureInfo.InvariantCulture).Length);

    /// <summary>Generates the documents in generation order (not file-name order), lazily.</summary>
    /// <returns>Each document with the labels it introduces.</returns>
    public IEnumerable<GeneratedDocument> Generate()
    {
        var rng = new CorpusRandom(_options.Seed);
        int[] names = Permutation(_options.Count, new CorpusRandom(_options.Seed ^ 0x5045_524D_5554_4531UL));
        var recent = new Original?[RecentOriginals];
        int originals = 0;
        double exact = _options.ExactRate, near = exact + _options.NearDuplicateRate, contained = near + _options.ContainedRate, spun = contained + _options.SpunRate;
        for (int g = 0; g < _options.Count; g++)
        {
            string id = Id(names[g]);
            double roll = rng.NextDouble();
            if (roll >= spun || originals == 0)
            {
                Article article = NewArticle(rng, rng.Next(2600, 3400));
                recent[originals++ % RecentOriginals] = new Original(id, article);
                yield return new GeneratedDocument(id, Encode(article.Render()), []);
                continue;
            }

            Original source = recent[rng.Next(Math.Min(originals, RecentOriginals))]!;
            (string text, string kind, string note) =
                roll < exact ? ExactCopy(source.Article, rng)
                : roll < near ? NearDuplicate(source.Article, rng)
                : roll < contained ? Contained(source.Article, rng)
                : Spun(source.Article, rng);

            var labels = new List<CorpusLabel>(1 + source.Copies.Count) { new(source.Id, id, kind, note, Optional: false) };
            foreach ((string sibling, string siblingKind) in source.Copies)
            {
                // Two copies of one original resemble each other only through it; which kind they "are" is ill-defined.
                string k = siblingKind == "contained" || kind == "contained" ? "contained" : siblingKind == "spun" || kind == "spun" ? "spun" : "near-duplicate";
                labels.Add(new CorpusLabel(sibling, id, k, $"siblings of {source.Id}", Optional: true));
            }

            source.Copies.Add((id, kind));
            yield return new GeneratedDocument(id, Encode(text), labels);
        }
    }

    /// <summary>Writes <c>docs/NNNNNN.txt</c>, <c>labels.tsv</c> and <c>optional.tsv</c> under <paramref name="directory"/>.</summary>
    /// <param name="directory">Output folder; created if needed.</param>
    /// <param name="progress">Receives the number of documents written every 10,000, or null.</param>
    public void WriteTo(string directory, Action<int>? progress = null)
    {
        string docs = Path.Combine(directory, "docs");
        Directory.CreateDirectory(docs);
        using var labels = new StreamWriter(Path.Combine(directory, "labels.tsv"), append: false, Utf8) { NewLine = "\n" };
        using var optional = new StreamWriter(Path.Combine(directory, "optional.tsv"), append: false, Utf8) { NewLine = "\n" };
        labels.WriteLine("a\tb\tkind\tnote");
        optional.WriteLine("a\tb\tkind\tnote");
        int n = 0;
        foreach (GeneratedDocument doc in Generate())
        {
            File.WriteAllBytes(Path.Combine(docs, doc.Id), doc.Utf8);
            foreach (CorpusLabel label in doc.Labels)
            {
                (label.Optional ? optional : labels).WriteLine($"{label.A}\t{label.B}\t{label.Kind}\t{label.Note}");
            }

            if (++n % 10_000 == 0)
            {
                progress?.Invoke(n);
            }
        }
    }

    private string Id(int number) => number.ToString("D" + IdWidth.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + ".txt";

    private static byte[] Encode(string text) => Utf8.GetBytes(text);

    private static int[] Permutation(int n, CorpusRandom rng)
    {
        int[] p = new int[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    // ---- originals ----------------------------------------------------------------------------------------------

    private Article NewArticle(CorpusRandom rng, int targetChars)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string headline = Headline(rng, names);
        var paragraphs = new List<List<string>>();
        int chars = headline.Length;
        while (chars < targetChars)
        {
            var paragraph = new List<string>();
            int sentences = rng.Next(2, 5);
            for (int s = 0; s < sentences && chars < targetChars; s++)
            {
                string sentence = NewSentence(rng, names);
                paragraph.Add(sentence);
                chars += sentence.Length + 1;
            }

            paragraphs.Add(paragraph);
        }

        return new Article(headline, paragraphs);
    }

    private string Headline(CorpusRandom rng, Dictionary<string, string> names)
    {
        List<Piece> pieces = SeedText.Split(NewSentence(rng, names));
        var words = pieces.Where(p => p.Kind != PieceKind.Other).Select(p => p.Text).Take(rng.Next(6, 11)).ToList();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    private string NewSentence(CorpusRandom rng, Dictionary<string, string> names)
    {
        Piece[] template = _seeds.Sentences[rng.Next(_seeds.Sentences.Count)];
        var sb = new StringBuilder(160);
        bool first = true;
        foreach (Piece p in template)
        {
            switch (p.Kind)
            {
                case PieceKind.Other:
                    sb.Append(p.Text);
                    break;
                case PieceKind.Number:
                    sb.Append(NumberLike(p.Text, rng));
                    first = false;
                    break;
                default:
                    sb.Append(MutateWord(p.Text, first, rng, names));
                    first = false;
                    break;
            }
        }

        return sb.ToString();
    }

    private string MutateWord(string word, bool sentenceStart, CorpusRandom rng, Dictionary<string, string> names)
    {
        string lower = word.ToLowerInvariant();
        if (!SeedText.IsContentWord(lower))
        {
            return word;
        }

        if (char.IsAsciiLetterUpper(word[0]) && !sentenceStart)
        {
            if (!names.TryGetValue(word, out string? name))
            {
                names[word] = name = NewName(rng);
            }

            return name;
        }

        if (!rng.Chance(MutationRate))
        {
            return word;
        }

        string[] bucket = _seeds.Buckets[SeedText.Shape(lower)];
        string replacement = bucket[rng.Next(bucket.Length)];
        return char.IsAsciiLetterUpper(word[0]) ? char.ToUpperInvariant(replacement[0]) + replacement[1..] : replacement;
    }

    private static string NewName(CorpusRandom rng)
    {
        var sb = new StringBuilder(12);
        int syllables = rng.Next(2, 4);
        for (int s = 0; s < syllables; s++)
        {
            sb.Append(rng.Pick(Lexicon.Onsets)).Append(rng.Pick(Lexicon.Nuclei));
            if (s == syllables - 1 || rng.Chance(0.3))
            {
                sb.Append(rng.Pick(Lexicon.Codas));
            }
        }

        sb[0] = char.ToUpperInvariant(sb[0]);
        return sb.ToString();
    }

    private static string NumberLike(string number, CorpusRandom rng)
    {
        string digitsOnly = number.Replace(",", string.Empty, StringComparison.Ordinal);
        int dot = digitsOnly.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            return rng.Next(1, 100).ToString(CultureInfo.InvariantCulture) + "." + rng.Next(0, 10).ToString(CultureInfo.InvariantCulture);
        }

        int digits = digitsOnly.Length;
        if (digits == 4 && (digitsOnly.StartsWith("19", StringComparison.Ordinal) || digitsOnly.StartsWith("20", StringComparison.Ordinal)))
        {
            return rng.Next(1900, 2026).ToString(CultureInfo.InvariantCulture);
        }

        long low = digits <= 1 ? 1 : (long)Math.Pow(10, digits - 1);
        long value = low + (long)(rng.NextDouble() * (low * 9));
        return number.Contains(',', StringComparison.Ordinal)
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture);
    }

    // ---- copies -------------------------------------------------------------------------------------------------

    private static (string, string, string) ExactCopy(Article a, CorpusRandom rng)
    {
        string text = a.Render();
        switch (rng.Next(3))
        {
            case 0:
                return (text, "exact", "variant=verbatim");
            case 1:
                return (text.Replace("\n", "\r\n", StringComparison.Ordinal), "exact", "variant=crlf");
            default:
                return (a.RenderWrapped(rng.Next(60, 81)), "exact", "variant=rewrapped");
        }
    }

    private (string, string, string) NearDuplicate(Article a, CorpusRandom rng)
    {
        switch (rng.Next(4))
        {
            case 0:
            {
                double rate = 0.01 + rng.NextDouble() * 0.02;
                return (Typos(a.Render(), rate, rng), "near-duplicate", $"variant=typos rate={rate:0.000}");
            }

            case 1:
            {
                Article b = a.Clone();
                int remove = rng.Next(1, 3);
                for (int r = 0; r < remove; r++)
                {
                    // Any sentence, so the copy always differs; a paragraph left empty goes too.
                    int total = b.Paragraphs.Sum(p => p.Count);
                    int pick = rng.Next(total);
                    int pi = 0;
                    while (pick >= b.Paragraphs[pi].Count)
                    {
                        pick -= b.Paragraphs[pi++].Count;
                    }

                    b.Paragraphs[pi].RemoveAt(pick);
                    if (b.Paragraphs[pi].Count == 0)
                    {
                        b.Paragraphs.RemoveAt(pi);
                    }
                }

                return (b.Render(), "near-duplicate", $"variant=sentence-removed n={remove}");
            }

            case 2:
            {
                Article b = a.Clone();
                var names = new Dictionary<string, string>(StringComparer.Ordinal);
                int add = rng.Next(1, 3);
                for (int r = 0; r < add; r++)
                {
                    List<string> paragraph = b.Paragraphs[rng.Next(b.Paragraphs.Count)];
                    paragraph.Insert(rng.Next(paragraph.Count + 1), NewSentence(rng, names));
                }

                return (b.Render(), "near-duplicate", $"variant=sentence-added n={add}");
            }

            default:
            {
                string site = NewName(rng) + " " + rng.Pick(["Courier", "Gazette", "Herald", "Post", "Chronicle", "Times"]);
                string date = $"{rng.Next(1, 29)} {rng.Pick(Lexicon.Months)} {rng.Next(2015, 2026)}";
                string header = string.Format(CultureInfo.InvariantCulture, rng.Pick(Lexicon.Headers), site, date);
                string footer = string.Format(CultureInfo.InvariantCulture, rng.Pick(Lexicon.Footers), site, rng.Next(2015, 2026));
                return (header + "\n\n" + a.Render() + "\n" + footer + "\n", "near-duplicate", "variant=boilerplate");
            }
        }
    }

    private (string, string, string) Contained(Article a, CorpusRandom rng)
    {
        List<string> sentences = a.Paragraphs.SelectMany(p => p).ToList();
        double frac = 0.2 + rng.NextDouble() * 0.4;
        int take = Math.Clamp((int)Math.Round(frac * sentences.Count), 1, sentences.Count);
        int start = rng.Next(sentences.Count - take + 1);
        List<string> excerpt = sentences.GetRange(start, take);
        double actual = (double)excerpt.Sum(s => s.Length + 1) / sentences.Sum(s => s.Length + 1);
        string fracNote = actual.ToString("0.00", CultureInfo.InvariantCulture);
        if (rng.Next(2) == 0)
        {
            return (new Article(a.Headline, Regroup(excerpt, rng)).Render(), "contained", $"variant=excerpt frac={fracNote}");
        }

        // Embedded: the excerpt sits inside a fresh article of its own, written only for this copy.
        int hostChars = Math.Max(600, 3000 - excerpt.Sum(s => s.Length + 1));
        Article host = NewArticle(rng, hostChars);
        List<string> hostSentences = host.Paragraphs.SelectMany(p => p).ToList();
        int at = rng.Next(hostSentences.Count + 1);
        var merged = new List<List<string>>();
        merged.AddRange(Regroup(hostSentences.GetRange(0, at), rng));
        merged.AddRange(Regroup(excerpt, rng));
        merged.AddRange(Regroup(hostSentences.GetRange(at, hostSentences.Count - at), rng));
        return (new Article(host.Headline, merged).Render(), "contained", $"variant=embedded frac={fracNote}");
    }

    private static (string, string, string) Spun(Article a, CorpusRandom rng)
    {
        double target = 0.10 + rng.NextDouble() * 0.30;
        string text = a.Render();
        List<Piece> pieces = SeedText.Split(text);
        int content = 0, eligible = 0;
        foreach (Piece p in pieces)
        {
            if (p.Kind == PieceKind.Word && IsSpinnable(p.Text, out bool inTable))
            {
                content++;
                eligible += inTable ? 1 : 0;
            }
        }

        double p0 = eligible == 0 ? 0 : Math.Min(1.0, target * content / eligible);
        var sb = new StringBuilder(text.Length + 256);
        int replaced = 0;
        foreach (Piece p in pieces)
        {
            if (p.Kind == PieceKind.Word && IsSpinnable(p.Text, out bool inTable) && inTable && rng.Chance(p0))
            {
                sb.Append(Lexicon.Spin[p.Text]);
                replaced++;
            }
            else
            {
                sb.Append(p.Text);
            }
        }

        double rate = content == 0 ? 0 : (double)replaced / content;
        return (sb.ToString(), "spun", $"variant=spun rate={rate.ToString("0.00", CultureInfo.InvariantCulture)} target={target.ToString("0.00", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Content words that spinning may touch: lower case (names and sentence starts stay), not stopwords.</summary>
    private static bool IsSpinnable(string word, out bool inTable)
    {
        inTable = false;
        if (!char.IsAsciiLetterLower(word[0]) || !SeedText.IsContentWord(word))
        {
            return false;
        }

        inTable = Lexicon.Spin.ContainsKey(word);
        return true;
    }

    private static string Typos(string text, double rate, CorpusRandom rng)
    {
        List<Piece> pieces = SeedText.Split(text);
        var words = new string[pieces.Count];
        int changed = 0;
        for (int k = 0; k < pieces.Count; k++)
        {
            string w = pieces[k].Text;
            words[k] = w;
            if (pieces[k].Kind == PieceKind.Word && w.Length >= 4 && rng.Chance(rate))
            {
                words[k] = Typo(w, rng);
                changed += words[k] == w ? 0 : 1;
            }
        }

        // A near-duplicate must differ: with no effective typo (a swap of equal letters), drop a letter somewhere.
        if (changed == 0)
        {
            int[] eligible = Enumerable.Range(0, pieces.Count).Where(k => pieces[k].Kind == PieceKind.Word && words[k].Length >= 4).ToArray();
            if (eligible.Length > 0)
            {
                int k = eligible[rng.Next(eligible.Length)];
                int i = rng.Next(1, words[k].Length - 1);
                words[k] = string.Concat(words[k].AsSpan(0, i), words[k].AsSpan(i + 1));
            }
        }

        return string.Concat(words);
    }

    private static string Typo(string w, CorpusRandom rng)
    {
        int i = rng.Next(1, w.Length - 1);
        return rng.Next(4) switch
        {
            0 => string.Concat(w.AsSpan(0, i), w.AsSpan(i + 1, 1), w.AsSpan(i, 1), w.AsSpan(i + 2)), // swap
            1 => string.Concat(w.AsSpan(0, i), w.AsSpan(i + 1)), // drop
            2 => string.Concat(w.AsSpan(0, i + 1), w.AsSpan(i)), // double
            _ => string.Concat(w.AsSpan(0, i), ((char)('a' + (((w[i] | 0x20) - 'a' + 1 + rng.Next(25)) % 26 + 26) % 26)).ToString(), w.AsSpan(i + 1)), // another letter
        };
    }

    private static List<List<string>> Regroup(List<string> sentences, CorpusRandom rng)
    {
        var result = new List<List<string>>();
        int i = 0;
        while (i < sentences.Count)
        {
            int n = Math.Min(rng.Next(2, 5), sentences.Count - i);
            result.Add(sentences.GetRange(i, n));
            i += n;
        }

        return result;
    }

    private sealed record Original(string Id, Article Article)
    {
        public List<(string Id, string Kind)> Copies { get; } = [];
    }

    private sealed class Article(string headline, List<List<string>> paragraphs)
    {
        public string Headline { get; } = headline;

        public List<List<string>> Paragraphs { get; } = paragraphs;

        public Article Clone() => new(Headline, Paragraphs.Select(p => new List<string>(p)).ToList());

        public string Render()
        {
            var sb = new StringBuilder(3400);
            sb.Append(Headline).Append("\n\n");
            for (int i = 0; i < Paragraphs.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append("\n\n");
                }

                sb.AppendJoin(' ', Paragraphs[i]);
            }

            return sb.Append('\n').ToString();
        }

        /// <summary>The same words with paragraphs hard-wrapped at <paramref name="width"/> columns (an exact duplicate once white space is normalised).</summary>
        public string RenderWrapped(int width)
        {
            var sb = new StringBuilder(3500);
            sb.Append(Headline).Append("\n\n");
            for (int i = 0; i < Paragraphs.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append("\n\n");
                }

                int column = 0;
                foreach (string word in string.Join(' ', Paragraphs[i]).Split(' '))
                {
                    if (column > 0 && column + 1 + word.Length > width)
                    {
                        sb.Append('\n');
                        column = 0;
                    }
                    else if (column > 0)
                    {
                        sb.Append(' ');
                        column++;
                    }

                    sb.Append(word);
                    column += word.Length;
                }
            }

            return sb.Append('\n').ToString();
        }
    }
}
