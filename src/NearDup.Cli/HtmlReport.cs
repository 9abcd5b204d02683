using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using NearDup.Text;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>One document of an explained pair as the HTML report needs it.</summary>
/// <param name="Name">What to call it (its path).</param>
/// <param name="Text">Its text, which the explanation's offsets point into.</param>
/// <param name="Tokens">Its content tokens, analysed as the explanation's verifier analysed it.</param>
internal sealed record ReportDocument(string Name, string Text, Token[] Tokens);

/// <summary>Writes an explanation as one self-contained HTML page (inline CSS, no scripts, no external files).</summary>
/// <remarks>What a reader looks for comes first: the verdict and the terminal's one-line summary (which side is inside
/// which, how much is shared), then the aligned passages side by side with their offsets, then the figures, and the
/// substitutions last (a spun page has dozens). A Content-Security-Policy forbids everything but the inline style, so
/// nothing in a document's text could load or run anything even if escaping failed.</remarks>
internal static class HtmlReport
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:1.5em 2em;max-width:110em;color:#222;background:#fff}" +
        "h1{margin:0 0 .3em}h2{margin:1.5em 0 .5em}p{margin:.3em 0}.summary{font-size:1.15em}.docs,.context,.note{color:#444}" +
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em .6em;vertical-align:top;text-align:left}" +
        "table.passages{table-layout:fixed}table.passages thead th{width:50%}" +
        "td.text{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.5;background:#fffdf4}" +
        "tr.where th{background:#e4ecf5;font-weight:normal;font-size:.9em;border-top:2px solid #8aa}" +
        "tr.more td{border-top:1px dotted #ccc}" +
        ".rep-a{background:#fdd;text-decoration:line-through}.rep-b{background:#dfd}.spell{background:#ffd}.add{background:#ddf}" +
        ".legend span{margin-right:1em;padding:0 .2em}.figures td:first-child{width:22em}";

    /// <summary>The whole page.</summary>
    /// <param name="a">Document A.</param>
    /// <param name="b">Document B.</param>
    /// <param name="x">The explanation of the pair.</param>
    /// <param name="context">The collection given with <c>--context</c>, described, or null.</param>
    /// <returns>The HTML text.</returns>
    public static string Render(ReportDocument a, ReportDocument b, PairExplanation x, string? context)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<title>neardup explain: ").Append(E(a.Name)).Append(" vs ").Append(E(b.Name)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style></head><body>\n");

        html.Append("<h1>").Append(E(ExplainFacts.Verdict(x))).Append("</h1>\n<p class=\"summary\">");
        if (ExplainFacts.Inside(x) is { } inside)
        {
            html.Append("<strong>").Append(E(inside)).Append(".</strong> ");
        }

        html.Append(E(ExplainFacts.Summary(x))).Append("</p>\n")
            .Append("<p class=\"docs\">A: <code>").Append(E(a.Name)).Append("</code><br>B: <code>").Append(E(b.Name)).Append("</code></p>\n")
            .Append("<p class=\"context\">").Append(E(ExplainFacts.Collection(context))).Append("</p>\n");
        if (ExplainFacts.NotProposed(x) is { } notProposed)
        {
            html.Append("<p class=\"note\">").Append(E(notProposed)).Append("</p>\n");
        }

        if (ExplainFacts.Overruled(x) is { } overruled)
        {
            html.Append("<p class=\"note\">").Append(E(overruled)).Append("</p>\n");
        }

        Passages(html, a, b, x);

        html.Append("<h2>Figures</h2>\n<table class=\"figures\">");
        foreach (var (figure, value) in ExplainFacts.Figures(x, withContext: context is not null))
        {
            html.Append("<tr><td>").Append(E(figure)).Append("</td><td>").Append(E(value)).Append("</td></tr>");
        }

        html.Append("</table>\n");
        Substitutions(html, x.Alignment.Substitutions);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>The aligned passages in the order of A, one table body each: a heading row with the passage's offsets
    /// in both documents, then rows that start level in A and B (<see cref="PassageRows"/>).</summary>
    private static void Passages(StringBuilder html, ReportDocument a, ReportDocument b, PairExplanation x)
    {
        SpinAlignment al = x.Alignment;
        html.Append("<h2>Aligned passages</h2>\n");
        if (al.Passages.Count == 0)
        {
            html.Append("<p>No passage of the two texts aligns.</p>\n");
            return;
        }

        // The rows first: the legend names only the marks they use, and none when nothing is marked.
        var table = new StringBuilder();
        var used = new HashSet<SegmentStyle>();
        table.Append("<table class=\"passages\"><thead><tr><th>A: ").Append(E(Path.GetFileName(a.Name)))
            .Append("</th><th>B: ").Append(E(Path.GetFileName(b.Name))).Append("</th></tr></thead>\n");

        // In the order they come in A, which a reader goes through (the alignment lists the longest first).
        var passages = new List<AlignedPassage>(al.Passages);
        Dictionary<AlignedPassage, int>? held = null;
        if (x.PassageHolders is { } holders)
        {
            held = [];
            for (int k = 0; k < passages.Count; k++)
            {
                held.TryAdd(passages[k], holders[k]);
            }
        }

        passages.Sort(ByPlace);
        EditRanges editsA = EditRanges.Of(al.Edits, sideA: true), editsB = EditRanges.Of(al.Edits, sideA: false);
        for (int n = 0; n < passages.Count; n++)
        {
            AlignedPassage p = passages[n];
            table.Append("<tbody id=\"passage-").Append(n + 1).Append("\"><tr class=\"where\"><th>");
            if (passages.Count > 1)
            {
                table.Append("Passage ").Append(n + 1).Append(" of ").Append(passages.Count).Append(" · ");
            }

            Where(table, "A", a.Text, p.AStart, p.AEnd, p.ATokens);
            table.Append("</th><th>");
            Where(table, "B", b.Text, p.BStart, p.BEnd, p.BTokens);
            if (held is not null && held.TryGetValue(p, out int others))
            {
                table.Append(" · held by ").Append(E(ExplainFacts.HeldBy(others)));
            }

            table.Append("</th></tr>\n");
            List<PassageRow> rows = PassageRows.Split(
                a.Text, a.Tokens, b.Text, b.Tokens, p, editsA, editsB,
                PassageMarkup.Shown(a.Text, p.AStart, p.AEnd), PassageMarkup.Shown(b.Text, p.BStart, p.BEnd));
            for (int r = 0; r < rows.Count; r++)
            {
                table.Append(r == 0 ? "<tr>" : "<tr class=\"more\">").Append("<td class=\"text\">");
                Segments(table, PassageMarkup.Side(a.Text, rows[r].AStart, rows[r].AEnd, editsA, (rows[r].BStart, rows[r].BEnd)), sideA: true, used);
                table.Append("</td><td class=\"text\">");
                Segments(table, PassageMarkup.Side(b.Text, rows[r].BStart, rows[r].BEnd, editsB, (rows[r].AStart, rows[r].AEnd)), sideA: false, used);
                table.Append("</td></tr>\n");
            }

            table.Append("</tbody>\n");
        }

        table.Append("</table>\n");
        html.Append("<p class=\"offsets\">Offsets are [start, end) in Unicode code points of each file, counted as <code>explain --format json</code> counts its <code>a_code_points</code> and <code>b_code_points</code>.");
        if (x.Verdict is { } v && !v.Passages.Order(Comparer<AlignedPassage>.Create(ByPlace)).SequenceEqual(passages))
        {
            // Spun verdicts and reworded excerpts are made on the alignment's passages; the others on the stretches of shared word 5-grams,
            // which the JSON gives and which can join two aligned passages across a changed word or run past them.
            html.Append(" These are the passages of the word alignment; the JSON output's are the stretches of shared word 5-grams the verdict was made on, which can join or outrun them.");
        }

        html.Append("</p>\n");
        if (used.Count > 0)
        {
            html.Append("<p class=\"legend\">");
            foreach (var (style, cls, label) in Legend)
            {
                if (used.Contains(style))
                {
                    html.Append("<span class=\"").Append(cls).Append("\">").Append(label).Append("</span>");
                }
            }

            html.Append("</p>\n");
        }

        html.Append(table);
    }

    /// <summary>Passages in the order of their starts in A, then in B.</summary>
    private static int ByPlace(AlignedPassage p, AlignedPassage q) =>
        p.AStart != q.AStart ? p.AStart.CompareTo(q.AStart) : p.BStart.CompareTo(q.BStart);

    /// <summary>The marks the passages can carry, in the order the legend lists them.</summary>
    private static readonly (SegmentStyle Style, string Class, string Label)[] Legend =
    [
        (SegmentStyle.Replaced, "rep-a", "replaced in A"),
        (SegmentStyle.Replaced, "rep-b", "replacement in B"),
        (SegmentStyle.Spelling, "spell", "spelling edit"),
        (SegmentStyle.Added, "add", "added or dropped"),
    ];

    /// <summary>Where one side of a passage lies: its range in code points (what the JSON output calls
    /// <c>a_code_points</c>) and how many tokens (words, numbers, CJK characters: <c>a_tokens</c>) it holds.</summary>
    private static void Where(StringBuilder html, string side, string text, int start, int end, int tokens)
    {
        var (from, to) = VerdictWriter.CodePointRange(text, start, end);
        html.Append(side).Append(" [").Append(from.ToString(CultureInfo.InvariantCulture)).Append(", ")
            .Append(to.ToString(CultureInfo.InvariantCulture)).Append(") · ")
            .Append(tokens.ToString(CultureInfo.InvariantCulture)).Append(tokens == 1 ? " token" : " tokens");
    }

    private static void Segments(StringBuilder html, List<Segment> segments, bool sideA, HashSet<SegmentStyle> used)
    {
        foreach (Segment s in segments)
        {
            string? cls = s.Style switch
            {
                SegmentStyle.Replaced => sideA ? "rep-a" : "rep-b",
                SegmentStyle.Spelling => "spell",
                SegmentStyle.Added => "add",
                _ => null,
            };
            if (cls is null)
            {
                html.Append(E(s.Text));
            }
            else
            {
                used.Add(s.Style);
                html.Append("<span class=\"").Append(cls).Append("\">").Append(E(s.Text)).Append("</span>");
            }
        }
    }

    /// <summary>Every substitution, most frequent first, with its kind.</summary>
    private static void Substitutions(StringBuilder html, IReadOnlyList<Substitution> substitutions)
    {
        if (substitutions.Count == 0)
        {
            return;
        }

        html.Append("<h2>Substitutions, most frequent first</h2>\n<table class=\"substitutions\"><tr><th>in A</th><th>in B</th><th>count</th><th>kind</th></tr>");
        foreach (Substitution s in substitutions)
        {
            bool field = ExplainFacts.IsField(s);
            html.Append("<tr><td><span class=\"").Append(field ? "spell" : "rep-a").Append("\">").Append(E(s.From))
                .Append("</span></td><td><span class=\"").Append(field ? "spell" : "rep-b").Append("\">").Append(E(s.To))
                .Append("</span></td><td>").Append(s.Count.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(ExplainFacts.KindOf(s))).Append("</td></tr>");
        }

        html.Append("</table>\n");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
