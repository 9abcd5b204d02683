using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Cli.Inputs;
using NearDup.Cli.Index;
using NearDup.Detection;
using NearDup.Text;
using NearDup.Verification;
using Spectre.Console;

namespace NearDup.Cli;

/// <summary><c>neardup explain A B</c>: the verdict for two files with the aligned passages side by side.</summary>
internal static class ExplainCommand
{
    /// <summary>About how many characters of A's passages the text output shows without <c>--full</c>: a screenful or
    /// two. Two copies of a book aligned whole were the whole book twice in a table, which took longer to lay out than to
    /// compare (46 s against 3 s for two 2.4 MB texts).</summary>
    internal const int ShownCharacters = 6_000;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var fileA = new Argument<FileInfo>("A") { Description = "First file (UTF-8 text)." };
        var fileB = new Argument<FileInfo>("B") { Description = "Second file (UTF-8 text)." };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the explanation as a self-contained HTML page to this file." };
        var color = new Option<string>("--color") { Description = "Colour in the terminal: auto, always or never.", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var functionWords = FunctionWordsFile.Option();
        var width = new Option<int>("--width") { Description = "Terminal width to lay out for (0: detect).", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--format", "-f") { Description = "Output: text (the explanation, laid out for a terminal) or json (one object: the verdict record or null, the figures and the alignment; schema/neardup-explain.v1.schema.json).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var full = new Option<bool>("--full") { Description = $"Show every aligned passage whole. By default the text output shows about {ShownCharacters:N0} characters of A's passages and says what it leaves out (two long texts would fill the terminal with both of them); --format json and --html always give everything." };
        var context = new Option<string?>("--context")
        {
            HelpName = "DIR|INDEX",
            Description = "The collection A and B come from: a folder (every *.txt below it) or an index directory. Text many of its documents share (footers, signatures, a template's frame) then counts less, as in a scan of it; without it, explain cannot tell such text from copied text.",
        };
        var noLearning = FunctionWordsFile.NoLearningOption();
        var command = new Command("explain", "Say whether B is a copy of A (exact, near-duplicate, contained or spun) and show why.")
        {
            fileA, fileB, html, color, width, format, functionWords, noLearning, context, full,
        };
        command.SetAction(parse =>
        {
            FileInfo a = parse.GetValue(fileA)!, b = parse.GetValue(fileB)!;
            if (parse.GetValue(width) < 0)
            {
                stderr.WriteLine($"neardup explain: --width must be 0 (detect) or more; got {parse.GetValue(width)}.");
                return Program.UsageError;
            }

            if (!FunctionWordsFile.TryRead(parse.GetValue(functionWords), "explain", stderr, out FunctionWords? words))
            {
                return Program.UsageError;
            }

            var texts = new List<(string Name, string Text)>();
            foreach (FileInfo f in new[] { a, b })
            {
                if (!TextInputs.TryReadText(f.FullName, out string? text, out string? reason))
                {
                    // A path that names no file (nothing there, a folder) is the command line's mistake; a file that cannot
                    // be used (unreadable, empty, not UTF-8) is an input's failure, as in every command.
                    stderr.WriteLine($"neardup explain: {f.FullName}: {reason}");
                    return f.Exists ? Program.Failure : Program.UsageError;
                }

                texts.Add((f.Name, text));
            }

            // The engine scan and index use: the same analysis, candidate policy and verifier, and, given a collection,
            // the same weighing of the text its documents share.
            var options = new IndexOptions(new AnalysisOptions(functionWords: words));
            var analyzer = new DocumentAnalyzer(options.Analysis);
            FileInfo[] files = [a, b];
            for (int i = 0; i < texts.Count; i++)
            {
                if (!NearDupIndex.HasWords(analyzer.Analyze(texts[i].Name, texts[i].Text)))
                {
                    stderr.WriteLine($"neardup explain: {files[i].FullName}: no words (only white space, punctuation or symbols)");
                    return Program.Failure;
                }
            }

            if (parse.GetValue(html) is { } report && OutputFile.Problem(report.FullName, [a.FullName, b.FullName], null) is { } reportProblem)
            {
                stderr.WriteLine($"neardup explain: --html {reportProblem}");
                return Program.UsageError;
            }

            string? contextPath = parse.GetValue(context);
            bool learn = words is null && !parse.GetValue(noLearning);
            if (!TryOpenContext(contextPath, options, learn, a, b, stderr, out NearDupIndex? engine, out string? idA, out string? idB, out string? described, out int failed))
            {
                return failed;
            }

            if (contextPath is null && learn && texts.Any(t => FunctionWordLearner.IsUncovered(t.Text, Tokenizer.Tokenize(t.Text), options.Analysis.FunctionWords)))
            {
                // Its language's function words are learned from a collection: two texts are too few.
                stderr.WriteLine("neardup explain: a text is in another language than the built-in English function words; give --context DIR (its function words are then learned from the collection, as scan learns them) or --function-words FILE.");
            }

            using (engine)
            {
                string textA = texts[0].Text, textB = texts[1].Text;
                PairExplanation x = engine.Compare(textA, textB, idA, idB);

                // The words as the engine analysed them for Compare, made once when asked: to cut a long passage where its
                // two sides meet, and for the report to keep its rows level.
                var shown = new Shown(textA, textB, () => (engine.Analyzer.Analyze("A", textA).ContentTokens.ToArray(), engine.Analyzer.Analyze("B", textB).ContentTokens.ToArray()));
                if (parse.GetValue(format) == "json")
                {
                    VerdictWriter.WriteExplanation(idA ?? texts[0].Name, idB ?? texts[1].Name, x, stdout);
                }
                else
                {
                    Render(stdout, texts[0].Name, texts[1].Name, shown, x, parse.GetValue(color)!, parse.GetValue(width), described, parse.GetValue(full) ? int.MaxValue : ShownCharacters);
                }
                if (parse.GetValue(html) is { } target)
                {
                    var reportA = new ReportDocument(a.FullName, textA, shown.Tokens.A);
                    var reportB = new ReportDocument(b.FullName, textB, shown.Tokens.B);
                    try
                    {
                        string page = HtmlReport.Render(reportA, reportB, x, described);
                        OutputFile.Write(target.FullName, temp => File.WriteAllText(temp, page, new UTF8Encoding(false)));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        stderr.WriteLine($"neardup explain: --html {target.FullName}: {e.Message}");
                        return Program.Failure;
                    }

                    stderr.WriteLine($"neardup explain: wrote {target.FullName}");
                }
            }

            return Program.Success;
        });
        return command;
    }

    /// <summary>The engine to compare with: an index over the collection <paramref name="path"/> names (a folder, read
    /// whole; or an index directory, opened), or an empty one without it. A and B are among the collection's documents
    /// when they are files of the folder (their ids are then their paths inside it).</summary>
    private static bool TryOpenContext(
        string? path, IndexOptions options, bool learn, FileInfo a, FileInfo b, TextWriter stderr,
        [NotNullWhen(true)] out NearDupIndex? engine, out string? idA, out string? idB, out string? described, out int failed)
    {
        failed = Program.UsageError; // a path that is no folder or index; one that cannot be read is a failure (below)
        idA = idB = described = null;
        engine = null;
        if (path is null)
        {
            engine = NearDupIndex.CreateInMemory(options, cacheCapacity: 0);
            return true;
        }

        string full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(Path.Combine(full, "snapshot.ndup")))
            {
                engine = NearDupIndex.OpenReadOnly(full, cacheCapacity: 0); // read only: no lock, beside a writer and other readers
                idA = IndexCommand.IndexedId(engine, a.FullName);
                idB = IndexCommand.IndexedId(engine, b.FullName);
                string among = (idA, idB) switch
                {
                    (not null, not null) => $", A as {idA} and B as {idB} among them",
                    (not null, null) => $", A as {idA} among them",
                    (null, not null) => $", B as {idB} among them",
                    _ => "",
                };
                described = $"the index at {full} ({engine.Count:N0} documents{among})";
                if (IndexCommand.AnalysisNote(engine, path, onServer: false) is { } note)
                {
                    // Its candidate search is the older build's: "not proposed" may be that build's answer, not a scan's.
                    stderr.WriteLine($"neardup explain: --context {note}");
                }

                return true;
            }

            if (!Directory.Exists(full))
            {
                stderr.WriteLine(File.Exists(full)
                    ? $"neardup explain: --context {path} is a file; give the folder or the index directory A and B come from."
                    : $"neardup explain: --context {path}: no such folder or index.");
                return false;
            }

            var documents = new List<(string Id, string Text)>();
            foreach (var (id, file) in TextInputs.List(full, ["*.txt"]).Files)
            {
                if (TextInputs.TryReadText(file, out string? text, out _) && NearDupIndex.IsValidId(id, out _))
                {
                    documents.Add((id, text));
                }
            }

            if (learn)
            {
                // The function words of the folder's other language, as a scan of it learns them.
                options = options.WithLearnedFunctionWords(FunctionWordLearner.Learn(documents.Select(d => d.Text), options.Analysis).Learned);
            }

            engine = NearDupIndex.CreateInMemory(options, cacheCapacity: 0);
            // A file without words is passed over, as a scan of the folder passes it over.
            var passedOver = new List<(string Id, int Words)>();
            int added = engine.AddBatch(documents, minWords: 1, passedOver);
            idA = Inside(full, a.FullName);
            idB = Inside(full, b.FullName);
            described = $"the {added:N0} documents under {full}";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            engine?.Dispose();
            engine = null;
            stderr.WriteLine($"neardup explain: --context {path}: {e.Message}");
            failed = e is ArgumentException ? Program.UsageError : Program.Failure;
            return false;
        }
    }

    /// <summary>A file's id in a folder (its path inside it, '/'-separated), or null when it is not inside.</summary>
    private static string? Inside(string folder, string file)
    {
        string relative = Path.GetRelativePath(folder, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static void Render(TextWriter stdout, string nameA, string nameB, Shown texts, PairExplanation x, string color, int width, string? context, int budget)
    {
        string textA = texts.TextA, textB = texts.TextB;
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
            // Piped (to less, to a file): the terminal's width when the shell says it, else 120.
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns >= 40 ? columns : 120;
        }

        // Without colours (piped, or --color never) the replaced words are marked in the text itself, as wdiff does.
        bool plain = !console.Profile.Capabilities.Ansi;

        SpinAlignment al = x.Alignment;
        console.MarkupLine($"A: {Markup.Escape(VerdictWriter.Printable(nameA))}");
        console.MarkupLine($"B: {Markup.Escape(VerdictWriter.Printable(nameB))}");
        console.MarkupLine($"Verdict: [bold]{Markup.Escape(ExplainFacts.Verdict(x))}[/]");
        console.MarkupLine(Markup.Escape(ExplainFacts.Collection(context)));
        if (ExplainFacts.NotProposed(x) is { } notProposed)
        {
            console.MarkupLine(Markup.Escape(notProposed));
        }

        if (ExplainFacts.Overruled(x) is { } overruled)
        {
            console.MarkupLine(Markup.Escape(overruled));
        }
        if (x.Verdict is not null)
        {
            console.MarkupLine(Markup.Escape(VerdictWriter.Details(x.Verdict)));
        }

        var figures = new Table().AddColumn("figure").AddColumn("value");
        foreach (var (figure, value) in ExplainFacts.Figures(x, withContext: context is not null))
        {
            figures.AddRow(figure, value);
        }

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

                bool field = ExplainFacts.IsField(s);
                subs.AddRow(
                    $"[{(field ? "yellow" : "red")}]{Markup.Escape(s.From)}[/]",
                    $"[{(field ? "yellow" : "green")}]{Markup.Escape(s.To)}[/]",
                    s.Count.ToString(CultureInfo.InvariantCulture),
                    ExplainFacts.KindOf(s));
            }

            console.Write(subs);
        }

        if (al.Passages.Count == 0)
        {
            console.MarkupLine("No passage of the two texts aligns.");
            return;
        }

        // With a collection, how many of its other documents hold each passage: what tells a footer or a template's frame
        // from a passage copied between the two.
        var passages = new Table().AddColumn("A").AddColumn("B");
        if (x.PassageHolders is not null)
        {
            passages.AddColumn(new TableColumn("held by").RightAligned());
        }

        // A budget of A's characters: the passages are shown in order until it is spent, the one that spends it cut where
        // its two sides meet (PassageRows), and the rest counted.
        int left = budget, hiddenPassages = 0, hiddenTokens = 0;
        EditRanges editsA = EditRanges.Of(al.Edits, sideA: true), editsB = EditRanges.Of(al.Edits, sideA: false);
        for (int k = 0; k < al.Passages.Count; k++)
        {
            AlignedPassage p = al.Passages[k];
            if (left <= 0)
            {
                hiddenPassages++;
                hiddenTokens += p.ATokens;
                continue;
            }

            var (a0, a1) = PassageMarkup.Shown(textA, p.AStart, p.AEnd);
            var (b0, b1) = PassageMarkup.Shown(textB, p.BStart, p.BEnd);

            // The passage's own edits are those inside it on the other side too, however its cells are cut below.
            (int, int) wholeA = (a0, a1), wholeB = (b0, b1);
            string? cutNote = null;
            if (a1 - a0 > left && texts.Head(p, editsA, editsB, (a0, a1), (b0, b1), left) is { } head)
            {
                cutNote = head.TokensLeft == 1 ? "… and 1 more word of A in this passage" : $"… and {head.TokensLeft:N0} more words of A in this passage";
                (a1, b1) = (head.AEnd, head.BEnd);
            }

            // A cut passage spends the budget: the passages after it are counted, not cut in turn.
            // A word longer than the whole budget (an unwrapped blob) is cut inside itself, on both sides.
            if (budget != int.MaxValue && (a1 - a0 > 2 * budget || b1 - b0 > 2 * budget))
            {
                (a1, b1) = (Math.Min(a1, a0 + budget), Math.Min(b1, b0 + budget));
                cutNote = cutNote is null ? "… cut inside a word longer than the output shows" : cutNote + " (cut inside a word longer than the output shows)";
            }

            left = cutNote is null ? left - (a1 - a0) : 0;
            var row = new List<Spectre.Console.Rendering.IRenderable>
            {
                Cell(PassageMarkup.Side(textA, a0, a1, editsA, wholeB), sideA: true, plain, cutNote),
                Cell(PassageMarkup.Side(textB, b0, b1, editsB, wholeA), sideA: false, plain, cutNote),
            };
            if (x.PassageHolders is { } holders)
            {
                row.Add(new Spectre.Console.Text(ExplainFacts.HeldBy(holders[k])));
            }

            passages.AddRow(row);
        }

        console.Write(passages);
        if (hiddenPassages > 0)
        {
            string passagesLeft = hiddenPassages == 1 ? "1 more passage" : $"{hiddenPassages:N0} more passages";
            string wordsLeft = hiddenTokens == 1 ? "1 word" : $"{hiddenTokens:N0} words";
            console.MarkupLine(Markup.Escape($"… and {passagesLeft} ({wordsLeft} of A) not shown: --full shows them, --html FILE lays them out, --format json lists them."));
        }
        if (plain)
        {
            console.WriteLine("Marks: [-A's word-] replaced by {+B's word+}; ~spelling edit~; {+added+}.");
        }
    }

    private static Markup Cell(List<Segment> segments, bool sideA, bool plain, string? cutNote) =>
        new(Styled(segments, sideA, plain) + (cutNote is null ? string.Empty : $"\n[dim]{Markup.Escape(cutNote)}[/]"));

    private static string Styled(List<Segment> segments, bool sideA, bool plain)
    {
        var sb = new StringBuilder();
        foreach (Segment s in segments)
        {
            string text = Markup.Escape(s.Text);
            sb.Append((s.Style, plain) switch
            {
                (SegmentStyle.Replaced, false) => sideA ? $"[red strikethrough]{text}[/]" : $"[green bold]{text}[/]",
                (SegmentStyle.Spelling, false) => $"[yellow]{text}[/]",
                (SegmentStyle.Added, false) => $"[blue]{text}[/]",
                (SegmentStyle.Replaced, true) => sideA ? $"[[-{text}-]]" : $"{{+{text}+}}",
                (SegmentStyle.Spelling, true) => $"~{text}~",
                (SegmentStyle.Added, true) => $"{{+{text}+}}",
                _ => text,
            });
        }

        return sb.ToString();
    }

    /// <summary>The two texts the passages are shown from, and their words as the engine analysed them, made when a
    /// long passage must be cut (once).</summary>
    private sealed class Shown(string textA, string textB, Func<(Token[] A, Token[] B)> analyse)
    {
        private (Token[] A, Token[] B)? _tokens;

        public string TextA => textA;

        public string TextB => textB;

        /// <summary>The two texts' content tokens, made at the first ask.</summary>
        public (Token[] A, Token[] B) Tokens => _tokens ??= analyse();

        /// <summary>The head of a passage longer than <paramref name="budget"/> characters of A: its rows (cut where the
        /// two sides meet, <see cref="PassageRows"/>) while they fit, at least one. A passage whose words do not pair one to
        /// one (a run of sentences matched by their content words, which has no word alignment) is one row: it is cut
        /// after the budget's last word in A and at the same share of B; null when that leaves nothing out.</summary>
        public (int AEnd, int BEnd, int TokensLeft)? Head(AlignedPassage p, EditRanges editsA, EditRanges editsB, (int Start, int End) shownA, (int Start, int End) shownB, int budget)
        {
            var (tokensA, tokensB) = Tokens;
            List<PassageRow> rows = PassageRows.Split(textA, tokensA, textB, tokensB, p, editsA, editsB, shownA, shownB);
            int endA, endB;
            if (rows.Count >= 2)
            {
                int last = 0;
                while (last + 1 < rows.Count - 1 && rows[last + 1].AEnd - shownA.Start <= budget)
                {
                    last++;
                }

                (endA, endB) = (rows[last].AEnd, rows[last].BEnd);
            }
            else
            {
                endA = WordEndAtOrAfter(tokensA, shownA.Start + budget, shownA.End);
                double share = (double)(endA - shownA.Start) / Math.Max(1, shownA.End - shownA.Start);
                endB = WordEndAtOrAfter(tokensB, shownB.Start + (int)(share * (shownB.End - shownB.Start)), shownB.End);
            }

            // The words of A the passage holds after the cut: its tokens are A's, in text order.
            int from = Tokenizer.FirstTokenAtOrAfter(tokensA, endA), to = Tokenizer.FirstTokenAtOrAfter(tokensA, shownA.End);
            return to > from ? (endA, endB, to - from) : null;
        }

        /// <summary>The end of the first token ending at or after <paramref name="at"/>, at most <paramref name="limit"/>.</summary>
        private static int WordEndAtOrAfter(Token[] tokens, int at, int limit)
        {
            int k = Tokenizer.FirstTokenAtOrAfter(tokens, at);
            return k > 0 && tokens[k - 1].End > at ? Math.Min(limit, tokens[k - 1].End) : k < tokens.Length ? Math.Min(limit, tokens[k].End) : limit;
        }
    }
}
