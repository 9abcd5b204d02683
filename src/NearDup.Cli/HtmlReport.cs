using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;
using NearDup.Verification;

namespace NearDup.Cli;

/// <summary>Writes an explanation as one self-contained HTML page (inline CSS, no scripts, no external files).</summary>
internal static class HtmlReport
{
    public static string Render(string nameA, string textA, string nameB, string textB, PairExplanation x)
    {
        var html = new StringBuilder();
        string verdict = x.Verdict is null ? "not a copy" : $"{x.Verdict.Kind.ToName()} (score {F(x.Verdict.Score)})";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>neardup explain: ")
            .Append(E(nameA)).Append(" vs ").Append(E(nameB)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:80em;color:#222}")
            .Append("table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.5em;vertical-align:top;text-align:left}")
            .Append("td.text{width:50%;white-space:pre-wrap;line-height:1.5}")
            .Append(".rep-a{background:#fdd;text-decoration:line-through}.rep-b{background:#dfd}.spell{background:#ffd}.add{background:#ddf}")
            .Append(".figures td{width:auto}h2{margin-top:1.5em}")
            .Append("</style></head><body>\n");
        html.Append("<h1>").Append(E(verdict)).Append("</h1>\n<p>A: <code>").Append(E(nameA)).Append("</code><br>B: <code>")
            .Append(E(nameB)).Append("</code></p>\n");

        SpinAlignment al = x.Alignment;
        PairFigures f = x.Figures;
        html.Append("<table class=\"figures\"><tr><th>figure</th><th>value</th></tr>");
        Row(html, "word 5-gram Jaccard", F(f.Jaccard));
        Row(html, "shingle coverage of A / B", $"{F(f.CoverageA)} / {F(f.CoverageB)}");
        Row(html, "aligned share of A / B", $"{F(al.CoverageA)} / {F(al.CoverageB)}");
        Row(html, "words kept in aligned passages", F(al.MatchRate));
        Row(html, "words replaced by other words", F(al.SubstitutionRate));
        Row(html, "spelling edits, insertions, deletions", $"{al.EditedTokensA}, {al.InsertedTokens}, {al.DeletedTokens}");
        Row(html, "SimHash distance", f.SimHashDistance.ToString(CultureInfo.InvariantCulture));
        html.Append("</table>\n");

        if (al.Substitutions.Count > 0)
        {
            html.Append("<h2>Substitutions, most frequent first</h2>\n<table><tr><th>A</th><th>B</th><th>count</th></tr>");
            foreach (Substitution s in al.Substitutions)
            {
                html.Append("<tr><td><span class=\"").Append(s.IsEditLike ? "spell" : "rep-a").Append("\">").Append(E(s.From))
                    .Append("</span></td><td><span class=\"").Append(s.IsEditLike ? "spell" : "rep-b").Append("\">").Append(E(s.To))
                    .Append("</span></td><td>").Append(s.Count).Append("</td></tr>");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>Aligned passages</h2>\n<p><span class=\"rep-a\">replaced in A</span> <span class=\"rep-b\">replacement in B</span> ")
            .Append("<span class=\"spell\">spelling edit</span> <span class=\"add\">added or dropped</span></p>\n");
        if (al.Passages.Count == 0)
        {
            html.Append("<p>No passage of the two texts aligns.</p>\n");
        }
        else
        {
            html.Append("<table><tr><th>A</th><th>B</th></tr>\n");
            foreach (AlignedPassage p in al.Passages)
            {
                html.Append("<tr><td class=\"text\">");
                Segments(html, PassageMarkup.Side(textA, p.AStart, p.AEnd, al.Edits, sideA: true), sideA: true);
                html.Append("</td><td class=\"text\">");
                Segments(html, PassageMarkup.Side(textB, p.BStart, p.BEnd, al.Edits, sideA: false), sideA: false);
                html.Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Segments(StringBuilder html, List<Segment> segments, bool sideA)
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
                html.Append("<span class=\"").Append(cls).Append("\">").Append(E(s.Text)).Append("</span>");
            }
        }
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(value)).Append("</td></tr>");

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}
