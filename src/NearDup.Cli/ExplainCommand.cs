using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using NearDup.Analysis;
using NearDup.Cli.Inputs;
using NearDup.Detection;
using NearDup.Text;
using NearDup.Verification;
using Spectre.Console;

namespace NearDup.Cli;

/// <summary><c>neardup explain A B</c>: the verdict for two files with the aligned passages side by side.</summary>
internal static class ExplainCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var fileA = new Argument<FileInfo>("A") { Description = "First file (UTF-8 text)." };
        var fileB = new Argument<FileInfo>("B") { Description = "Second file (UTF-8 text)." };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the explanation as a self-contained HTML page to this file." };
        var color = new Option<string>("--color") { Description = "Colour in the terminal: auto, always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var functionWords = FunctionWordsFile.Option();
        var width = new Option<int>("--width") { Description = "Terminal width to lay out for (0: detect).", DefaultValueFactory = _ => 0 };
        var command = new Command("explain", "Say whether B is a copy of A (exact, near-duplicate, contained or spun) and show why.")
        {
            fileA, fileB, html, color, width, functionWords,
        };
        command.SetAction(parse =>
        {
            FileInfo a = parse.GetValue(fileA)!, b = parse.GetValue(fileB)!;
            if (!FunctionWordsFile.TryRead(parse.GetValue(functionWords), "explain", stderr, out FunctionWords? words))
            {
                return Program.UsageError;
            }

            var texts = new List<(string Name, string Text)>();
            foreach (FileInfo f in new[] { a, b })
            {
                if (!TextInputs.TryReadText(f.FullName, out string? text, out string? reason))
                {
                    stderr.WriteLine($"neardup explain: {f.FullName}: {reason}");
                    return Program.UsageError;
                }

                texts.Add((f.Name, text));
            }

            // The engine scan and index use: the same analysis, candidate policy and verifier.
            using NearDupIndex engine = NearDupIndex.CreateInMemory(new IndexOptions(new AnalysisOptions(functionWords: words)), cacheCapacity: 0);
            string textA = texts[0].Text, textB = texts[1].Text;
            PairExplanation x = engine.Compare(textA, textB);
            Render(stdout, texts[0].Name, textA, texts[1].Name, textB, x, parse.GetValue(color)!, parse.GetValue(width));
            if (parse.GetValue(html) is { } target)
            {
                File.WriteAllText(target.FullName, HtmlReport.Render(a.FullName, textA, b.FullName, textB, x), new UTF8Encoding(false));
                stderr.WriteLine($"neardup explain: wrote {target.FullName}");
            }

            return Program.Success;
        });
        return command;
    }

    private static void Render(TextWriter stdout, string nameA, string textA, string nameB, string textB, PairExplanation x, string color, int width)
    {
        var settings = new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = color switch { "always" => AnsiSupport.Yes, "never" => AnsiSupport.No, _ => AnsiSupport.Detect },
            ColorSystem = color == "never" ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        };
        IAnsiConsole console = AnsiConsole.Create(settings);
        if (width > 0)
        {
            console.Profile.Width = width;
        }
        else if (Console.IsOutputRedirected || stdout != Console.Out)
        {
            console.Profile.Width = 120;
        }

        SpinAlignment al = x.Alignment;
        string verdict = x.Verdict is null
            ? "[bold]not a copy[/]"
            : $"[bold]{x.Verdict.Kind.ToName()}[/] (score {F(x.Verdict.Score)})";
        console.MarkupLine($"A: {Markup.Escape(nameA)}");
        console.MarkupLine($"B: {Markup.Escape(nameB)}");
        console.MarkupLine($"Verdict: {verdict}");
        if (!x.Proposed)
        {
            console.MarkupLine(x.Verdict is null
                ? "No candidate source proposes this pair: a scan or an index query would not compare the two."
                : "[bold]Not flagged[/]: no candidate source proposes this pair, so a scan or an index query would not compare the two; the verdict above is the verifier's alone.");
        }
        if (x.Verdict is not null)
        {
            console.MarkupLine(Markup.Escape(VerdictWriter.Details(x.Verdict)));
        }

        var figures = new Table().AddColumn("figure").AddColumn("value");
        figures.AddRow("word 5-gram Jaccard", F(x.Figures.Jaccard));
        figures.AddRow("shingle coverage of A / B", $"{F(x.Figures.CoverageA)} / {F(x.Figures.CoverageB)}");
        figures.AddRow("aligned share of A / B", $"{F(al.CoverageA)} / {F(al.CoverageB)}");
        figures.AddRow("words kept / replaced in passages", $"{F(al.MatchRate)} / {F(al.SubstitutionRate)}");
        figures.AddRow("words reworded / spread of rewordings", $"{F(al.RewordingRate)} / {F(al.RewordingSpread)}");
        figures.AddRow("spelling edits, insertions, deletions", $"{al.EditedTokensA}, {al.InsertedTokens}, {al.DeletedTokens}");
        console.Write(figures);

        if (al.Substitutions.Count > 0)
        {
            var subs = new Table().AddColumn("in A").AddColumn("in B").AddColumn(new TableColumn("count").RightAligned()).AddColumn("kind");
            int shown = 0;
            foreach (Substitution s in al.Substitutions)
            {
                if (shown++ == 20)
                {
                    subs.AddRow("…", $"{al.Substitutions.Count - 20} more", string.Empty, string.Empty);
                    break;
                }

                bool field = s.IsEditLike || s.Class != SubstitutionClass.Rewording;
                string style = field ? "yellow" : "red";
                subs.AddRow(
                    $"[{style}]{Markup.Escape(s.From)}[/]",
                    $"[{(field ? "yellow" : "green")}]{Markup.Escape(s.To)}[/]",
                    s.Count.ToString(CultureInfo.InvariantCulture),
                    s.IsEditLike ? "spelling" : VerdictWriter.ClassName(s.Class));
            }

            console.Write(subs);
        }

        if (al.Passages.Count == 0)
        {
            console.MarkupLine("No passage of the two texts aligns.");
            return;
        }

        var passages = new Table().AddColumn("A").AddColumn("B");
        foreach (AlignedPassage p in al.Passages)
        {
            passages.AddRow(
                new Markup(Styled(PassageMarkup.Side(textA, p.AStart, p.AEnd, al.Edits, sideA: true), sideA: true)),
                new Markup(Styled(PassageMarkup.Side(textB, p.BStart, p.BEnd, al.Edits, sideA: false), sideA: false)));
        }

        console.Write(passages);
    }

    private static string Styled(List<Segment> segments, bool sideA)
    {
        var sb = new StringBuilder();
        foreach (Segment s in segments)
        {
            string text = Markup.Escape(s.Text);
            sb.Append(s.Style switch
            {
                SegmentStyle.Replaced => sideA ? $"[red strikethrough]{text}[/]" : $"[green bold]{text}[/]",
                SegmentStyle.Spelling => $"[yellow]{text}[/]",
                SegmentStyle.Added => $"[blue]{text}[/]",
                _ => text,
            });
        }

        return sb.ToString();
    }

    private static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}
