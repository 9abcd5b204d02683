using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>Writes verdicts as JSON lines or as a readable table.</summary>
internal static class VerdictWriter
{
    /// <summary>One JSON object per line: a, b, kind, score, figures and passages.</summary>
    /// <param name="verdicts">The verdicts.</param>
    /// <param name="output">Where the lines go.</param>
    /// <param name="aIsOriginal">Whether A is known to be the original (index query: the indexed document); each record
    /// then says so with <c>"original":"a"</c>.</param>
    public static void WriteJsonLines(IEnumerable<PairVerdict> verdicts, TextWriter output, bool aIsOriginal = false) =>
        JsonLine.WriteAll(verdicts, output, (v, json) => WriteJson(v, json, aIsOriginal: aIsOriginal));

    /// <summary>Writes one verdict as a JSON object.</summary>
    /// <param name="v">The verdict.</param>
    /// <param name="json">The writer.</param>
    /// <param name="a">The name to give document A instead of its id (explain names files, not ids), or null.</param>
    /// <param name="b">The same for B.</param>
    /// <param name="aIsOriginal">Whether to say that A is the original.</param>
    public static void WriteJson(PairVerdict v, Utf8JsonWriter json, string? a = null, string? b = null, bool aIsOriginal = false)
    {
        PairFigures f = v.Figures;
        json.WriteStartObject();
        json.WriteString("a", a ?? v.A);
        json.WriteString("b", b ?? v.B);
        json.WriteString("kind", v.Kind.ToName());
        if (aIsOriginal)
        {
            json.WriteString("original", "a");
        }

        json.WriteNumber("score", Round(v.Score));
        json.WriteNumber("jaccard", Round(f.Jaccard));
        json.WriteStartObject("containment");
        json.WriteNumber("a_in_b", Round(f.ContainmentAInB));
        json.WriteNumber("b_in_a", Round(f.ContainmentBInA));
        json.WriteEndObject();
        json.WriteStartObject("coverage");
        json.WriteNumber("a", Round(f.CoverageA));
        json.WriteNumber("b", Round(f.CoverageB));
        json.WriteEndObject();
        if (v.Kind == MatchKind.Contained)
        {
            json.WriteString("inside", v.AInsideB ? "a_in_b" : "b_in_a");
        }

        json.WriteNumber("simhash_distance", f.SimHashDistance);
        WriteEvidence(v, json);
        json.WriteEndObject();
    }

    /// <summary>The evidence object: aligned passages, substitutions most frequent first, and alignment figures.</summary>
    private static void WriteEvidence(PairVerdict v, Utf8JsonWriter json)
    {
        json.WriteStartObject("evidence");
        // One basis at most: the verdicts that carry each are made apart.
        if (v.Reworded)
        {
            json.WriteString("basis", "reworded"); // an excerpt reworded: the passages are its word alignment's
        }
        else if (v.WidelyHeld)
        {
            json.WriteString("basis", "widely-held"); // text many documents hold, most of the contained one's own text
        }
        else if (v.ByDistinctiveText)
        {
            json.WriteString("basis", "distinctive"); // a near-duplicate by distinctive text: the rest is text the collection holds widely
        }
        else if (v.BySentences)
        {
            json.WriteString("basis", "sentences"); // the passages are runs of sentences matched by their content words
            if (v.RewriteAInsideB is { } aInsideB)
            {
                json.WriteString("within", aInsideB ? "a_in_b" : "b_in_a"); // the shorter text rewritten inside a passage of the longer
            }
        }

        json.WriteStartArray("passages");
        foreach (AlignedPassage p in v.Passages)
        {
            json.WriteStartObject();
            WriteRange(json, "a", p.AStart, p.AEnd);
            WriteRange(json, "b", p.BStart, p.BEnd);
            json.WriteNumber("a_tokens", p.ATokens);
            json.WriteNumber("b_tokens", p.BTokens);
            WriteUnits(json, "a", v.TextA, p.AStart, p.AEnd);
            WriteUnits(json, "b", v.TextB, p.BStart, p.BEnd);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        SpinAlignment? al = v.Alignment;
        if (al is not null && v.Kind != MatchKind.Exact)
        {
            json.WriteStartArray("substitutions");
            foreach (Substitution sub in al.Substitutions)
            {
                json.WriteStartObject();
                json.WriteString("from", sub.From);
                json.WriteString("to", sub.To);
                json.WriteNumber("count", sub.Count);
                if (sub.IsEditLike)
                {
                    json.WriteBoolean("spelling_edit", true);
                }

                if (sub.Class != SubstitutionClass.Rewording)
                {
                    json.WriteString("class", ClassName(sub.Class));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteAlignment(al, json);
        }

        json.WriteEndObject();
    }

    /// <summary>A passage side's range again in code points (<c>a_code_points</c>) and UTF-8 bytes (<c>a_utf8</c>), when
    /// the verdict carries its text.</summary>
    private static void WriteUnits(Utf8JsonWriter json, string side, string? text, int start, int end)
    {
        if (text is null)
        {
            return;
        }

        var (from, to) = CodePointRange(text, start, end);
        json.WriteStartArray(side + "_code_points");
        json.WriteNumberValue(from);
        json.WriteNumberValue(to);
        json.WriteEndArray();
        json.WriteStartArray(side + "_utf8");
        json.WriteNumberValue(TextOffsets.Utf8Bytes(text, start));
        json.WriteNumberValue(TextOffsets.Utf8Bytes(text, end));
        json.WriteEndArray();
    }

    /// <summary>A passage side's UTF-16 range [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="text"/> in code points: the <c>a_code_points</c> and <c>b_code_points</c> of the JSON output, and
    /// the offsets the HTML report shows.</summary>
    public static (int Start, int End) CodePointRange(string text, int start, int end) =>
        (TextOffsets.CodePoints(text, start), TextOffsets.CodePoints(text, end));

    /// <summary>The alignment figures of a pair, as the <c>alignment</c> object.</summary>
    public static void WriteAlignment(SpinAlignment al, Utf8JsonWriter json)
    {
        json.WriteStartObject("alignment");
        json.WriteNumber("coverage_a", Round(al.CoverageA));
        json.WriteNumber("coverage_b", Round(al.CoverageB));
        json.WriteNumber("match_rate", Round(al.MatchRate));
        json.WriteNumber("substitution_rate", Round(al.SubstitutionRate));
        json.WriteNumber("rewording_rate", Round(al.RewordingRate));
        json.WriteNumber("rewording_spread", Round(al.RewordingSpread));
        json.WriteNumber("aligned_tokens_a", al.AlignedTokensA);
        json.WriteNumber("matched_tokens", al.MatchedTokens);
        json.WriteNumber("substituted_tokens_a", al.SubstitutedTokensA);
        json.WriteNumber("spelling_edits", al.EditedTokensA);
        json.WriteNumber("inserted_tokens", al.InsertedTokens);
        json.WriteNumber("deleted_tokens", al.DeletedTokens);
        json.WriteEndObject();
    }

    /// <summary>
    /// <c>explain --format json</c>: the two documents, the verdict (a pair record, or null when the pair is not a
    /// copy), whether the candidate search proposes the pair, and the figures and alignment either way.
    /// </summary>
    public static void WriteExplanation(string a, string b, PairExplanation x, TextWriter output) =>
        JsonLine.WriteAll([x], output, (x, json) =>
        {
            json.WriteStartObject();
            json.WriteString("a", a);
            json.WriteString("b", b);
            json.WriteString("kind", x.Verdict?.Kind.ToName() ?? "none");
            json.WriteBoolean("proposed", x.Proposed);
            if (x.ProposedByWordPairsOnly)
            {
                json.WriteBoolean("word_pairs_only", true);
            }
            if (ExplainFacts.OverruledName(x) is { } overruled)
            {
                json.WriteString("overruled", overruled);
            }

            json.WritePropertyName("verdict");
            if (x.Verdict is { } v)
            {
                WriteJson(v, json, a, b);
            }
            else
            {
                json.WriteNullValue();
            }

            PairFigures f = x.Figures;
            json.WriteStartObject("figures");
            json.WriteNumber("jaccard", Round(f.Jaccard));
            json.WriteNumber("containment_a_in_b", Round(f.ContainmentAInB));
            json.WriteNumber("containment_b_in_a", Round(f.ContainmentBInA));
            json.WriteNumber("coverage_a", Round(f.CoverageA));
            json.WriteNumber("coverage_b", Round(f.CoverageB));
            json.WriteNumber("simhash_distance", f.SimHashDistance);
            json.WriteEndObject();
            WriteAlignment(x.Alignment, json);
            // The alignment's passages (character ranges, UTF-16, as in a pair record's evidence), each with how many
            // other documents of the collection hold it when one was given.
            json.WriteStartArray("passages");
            for (int k = 0; k < x.Alignment.Passages.Count; k++)
            {
                AlignedPassage p = x.Alignment.Passages[k];
                json.WriteStartObject();
                WriteRange(json, "a", p.AStart, p.AEnd);
                WriteRange(json, "b", p.BStart, p.BEnd);
                if (x.PassageHolders is { } holders)
                {
                    json.WriteNumber("held_by_others", holders[k]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteEndObject();
        });

    /// <summary>A character range as a two-number array, [start, end).</summary>
    private static void WriteRange(Utf8JsonWriter json, string name, int start, int end)
    {
        json.WriteStartArray(name);
        json.WriteNumberValue(start);
        json.WriteNumberValue(end);
        json.WriteEndArray();
    }

    /// <summary>A readable table: one line per pair.</summary>
    public static void WriteText(IReadOnlyList<PairVerdict> verdicts, TextWriter output) => WriteText(verdicts, output, "A", "B");

    /// <summary>As <see cref="WriteText(IReadOnlyList{PairVerdict}, TextWriter)"/>, with other headings for the two
    /// columns of ids (<c>index query</c> names its indexed original and its query).</summary>
    /// <param name="verdicts">The verdicts.</param>
    /// <param name="output">Receives the table.</param>
    /// <param name="headingA">The heading of A's column.</param>
    /// <param name="headingB">The heading of B's column.</param>
    public static void WriteText(IReadOnlyList<PairVerdict> verdicts, TextWriter output, string headingA, string headingB)
    {
        if (verdicts.Count == 0)
        {
            output.WriteLine("No copies found.");
            return;
        }

        int wa = headingA.Length, wb = headingB.Length;
        foreach (PairVerdict v in verdicts)
        {
            wa = Math.Max(wa, Printable(v.A).Length);
            wb = Math.Max(wb, Printable(v.B).Length);
        }

        output.WriteLine($"{"KIND",-15} {"SCORE",5}  {headingA.PadRight(wa)}  {headingB.PadRight(wb)}  DETAILS");
        foreach (PairVerdict v in verdicts)
        {
            output.WriteLine($"{v.Kind.ToName(),-15} {v.Score.ToString("0.00", CultureInfo.InvariantCulture),5}  {Printable(v.A).PadRight(wa)}  {Printable(v.B).PadRight(wb)}  {Details(v)}");
        }
    }

    /// <summary>An id or a path as the text output prints it: control characters (an escape sequence, a newline, a line
    /// or paragraph separator, DEL) written as <c>\u001B</c>, <c>\n</c> and so on, so that nothing in an id reaches
    /// the terminal as a command or breaks a row. JSON output escapes them by itself.</summary>
    /// <param name="text">The id or path.</param>
    /// <returns>The text to print.</returns>
    public static string Printable(string text)
    {
        int i = 0;
        while (i < text.Length && !NeedsEscape(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var escaped = new System.Text.StringBuilder(text.Length + 8);
        escaped.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();

        static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
    }

    /// <summary>A one-line summary of why the pair was flagged.</summary>
    public static string Details(PairVerdict v)
    {
        string common = Common(v.Figures);
        switch (v.Kind)
        {
            case MatchKind.Contained when v is { Reworded: true, Alignment: { } reworded }:
                return (v.AInsideB ? "a inside b, reworded: " : "b inside a, reworded: ") + string.Create(CultureInfo.InvariantCulture,
                    $"{reworded.RewordingRate:0%} of aligned words reworded, aligned a {reworded.CoverageA:0.00} b {reworded.CoverageB:0.00}; ") + common;
            case MatchKind.Contained when v.WidelyHeld:
                return (v.AInsideB ? "a inside b" : "b inside a") + ", text many documents hold but most of " + (v.AInsideB ? "a" : "b") + "'s own; " + common;
            case MatchKind.Contained:
                return (v.AInsideB ? "a inside b; " : "b inside a; ") + common;
            case MatchKind.NearDuplicate when v.ByDistinctiveText:
                return "the same distinctive text, the rest text many documents hold (a footer, a site's chrome); " + common;
            case MatchKind.Spun when v is { BySentences: true, RewriteAInsideB: { } aInsideB }:
                return string.Create(CultureInfo.InvariantCulture,
                    $"rewritten sentence by sentence inside a passage of {(aInsideB ? "b" : "a")}: {v.Score:0.00} of {(aInsideB ? "a" : "b")}'s content words and of that passage's in sentences matched in order, {v.Passages.Count} runs; ") + common;
            case MatchKind.Spun when v.BySentences:
                return string.Create(CultureInfo.InvariantCulture,
                    $"rewritten sentence by sentence: {v.Score:0.00} of each text's content words in sentences matched in order, {v.Passages.Count} runs; ") + common;
            case MatchKind.Spun when v.Alignment is { } al:
                var top = new List<string>();
                foreach (Substitution s in al.Substitutions)
                {
                    if (!s.IsEditLike && s.Class == SubstitutionClass.Rewording && top.Count < 4)
                    {
                        top.Add(s.Count > 1 ? $"{s} (x{s.Count})" : s.ToString());
                    }
                }

                return string.Create(CultureInfo.InvariantCulture,
                    $"{al.RewordingRate:0%} of aligned words reworded, aligned a {al.CoverageA:0.00} b {al.CoverageB:0.00}; ") + string.Join(", ", top);
            default:
                return common;
        }
    }

    /// <summary>The figures every kind of pair is summed up by: word 5-gram Jaccard and how much of each side shared
    /// passages cover.</summary>
    public static string Common(PairFigures f) =>
        string.Create(CultureInfo.InvariantCulture, $"jaccard {f.Jaccard:0.00}, coverage a {f.CoverageA:0.00} b {f.CoverageB:0.00}");

    /// <summary>The lower-case name of a substitution class, as the output writes it.</summary>
    public static string ClassName(SubstitutionClass kind) => kind switch
    {
        SubstitutionClass.Rewording => "rewording",
        SubstitutionClass.Number => "number",
        SubstitutionClass.Identifier => "identifier",
        SubstitutionClass.Name => "name",
        SubstitutionClass.Hyphenation => "hyphenation",
        SubstitutionClass.OtherText => "other-text",
        SubstitutionClass.Grammar => "grammar",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static double Round(double x) => Math.Round(x, 4);
}
