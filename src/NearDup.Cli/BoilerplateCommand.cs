using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.IO;
using NearDup.Analysis;
using NearDup.Cli.Inputs;
using NearDup.Detection;

namespace NearDup.Cli;

/// <summary><c>neardup boilerplate DIR|INDEX</c>: the passages that recur across a collection, with how many documents
/// hold each, so that a user can see (and strip) the text the verdicts weigh down.</summary>
internal static class BoilerplateCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("DIR|INDEX") { Description = "A folder (every file matching --glob below it) or an index directory." };
        var glob = new Option<string[]>("--glob", "-g") { Description = "File name pattern inside a folder (repeatable).", DefaultValueFactory = _ => ["*.txt"], AllowMultipleArgumentsPerToken = true };
        var minDocuments = new Option<int>("--min-documents") { Description = "Least number of documents that hold a passage (2 or more).", DefaultValueFactory = _ => 3 };
        var minWords = new Option<int>("--min-words") { Description = "Least length of a passage in words.", DefaultValueFactory = _ => 12 };
        var top = new Option<int>("--top") { Description = "Passages to print, most widely held first (0: all).", DefaultValueFactory = _ => 20 };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text (a readable table) or jsonl (one JSON object per passage).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "jsonl");
        var command = new Command("boilerplate", "List the passages that recur across a folder or an index (footers, signatures, licences, template frames), with how many documents hold each.")
        {
            path, glob, minDocuments, minWords, top, format,
        };
        command.SetAction(parse =>
        {
            int least = parse.GetValue(minDocuments), words = parse.GetValue(minWords), shown = parse.GetValue(top);
            if (least < 2 || words < 1 || shown < 0)
            {
                stderr.WriteLine("neardup boilerplate: --min-documents must be 2 or more, --min-words 1 or more, and --top 0 or more.");
                return Program.UsageError;
            }

            string full = Path.GetFullPath(parse.GetValue(path)!);
            if (!TryRead(full, parse.GetValue(glob)!, stderr, out List<AnalyzedDocument> documents, out IndexOptions options, out NearDupIndex? index, out int failed))
            {
                return failed;
            }

            using NearDupIndex? opened = index;
            IReadOnlyList<RecurringPassage> passages;
            try
            {
                passages = index is not null
                    ? index.FindRecurringPassages(least, Math.Max(words, options.Analysis.ShingleSize))
                    : NearDupIndex.FindRecurringPassages(documents, options, least, Math.Max(words, options.Analysis.ShingleSize));
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"neardup boilerplate: {e.Message}");
                return Program.UsageError;
            }

            Write(passages, shown == 0 ? passages.Count : Math.Min(shown, passages.Count), parse.GetValue(format) == "jsonl", stdout);
            stderr.WriteLine($"neardup boilerplate: {passages.Count} passages held by {least} or more of {index?.Count ?? documents.Count} documents.");
            return Program.Success;
        });
        return command;
    }

    /// <summary>The documents of a folder (analysed under the default options), or the index opened; when neither can be
    /// had, the exit code: a usage error for a path that is no folder, a failure for one that cannot be read (a damaged
    /// index, a folder refused).</summary>
    private static bool TryRead(string full, string[] patterns, TextWriter stderr, out List<AnalyzedDocument> documents, out IndexOptions options, out NearDupIndex? index, out int failed)
    {
        failed = Program.UsageError;
        documents = [];
        options = IndexOptions.Default;
        index = null;
        try
        {
            if (File.Exists(Path.Combine(full, "snapshot.ndup")))
            {
                index = NearDupIndex.OpenReadOnly(full, cacheCapacity: 0); // read only: no lock, beside a writer and other readers
                options = index.Options;
                if (Index.IndexCommand.AnalysisNote(index, full, onServer: false) is { } note)
                {
                    stderr.WriteLine($"neardup boilerplate: {note}");
                }

                return true;
            }

            if (!Directory.Exists(full))
            {
                stderr.WriteLine(File.Exists(full)
                    ? $"neardup boilerplate: {full} is a file; give a folder or an index directory."
                    : $"neardup boilerplate: {full}: no such folder or index.");
                return false;
            }

            var analyzer = new DocumentAnalyzer(options.Analysis);
            InputListing listing = TextInputs.List(full, patterns);
            var (read, skipped) = CorpusReader.Analyze(listing.Files, analyzer, options.Threads, null, default);
            foreach (SkippedFile s in listing.Skipped.Concat(skipped))
            {
                stderr.WriteLine($"neardup boilerplate: skipped {VerdictWriter.Printable(s.Path)}: {s.Reason}");
            }

            documents = read;
            return true;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"neardup boilerplate: {e.Message}");
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"neardup boilerplate: {full}: {e.Message}");
            failed = Program.Failure;
            return false;
        }
    }

    private static void Write(IReadOnlyList<RecurringPassage> passages, int count, bool jsonl, TextWriter stdout)
    {
        if (jsonl)
        {
            JsonLine.WriteAll(passages.Take(count), stdout, (p, json) =>
            {
                json.WriteStartObject();
                json.WriteNumber("documents", p.Documents);
                json.WriteNumber("words", p.Tokens);
                json.WriteStartArray("examples");
                foreach (string id in p.ExampleIds)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
                json.WriteString("text", p.Text);
                json.WriteEndObject();
            });
            return;
        }

        if (count == 0)
        {
            stdout.WriteLine("No recurring passage found.");
            return;
        }

        stdout.WriteLine($"{"DOCS",6}  {"WORDS",5}  {"EXAMPLES",-40}  TEXT");
        for (int i = 0; i < count; i++)
        {
            RecurringPassage p = passages[i];
            // Ids and text as the other commands print them: a control character in either (a newline in a file name,
            // an escape sequence in a text) reaches the terminal escaped, never as a line break or a command.
            string examples = string.Join(", ", p.ExampleIds.Select(VerdictWriter.Printable));
            string text = VerdictWriter.Printable(string.Join(' ', p.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
            stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{p.Documents,6}  {p.Tokens,5}  {(examples.Length > 40 ? examples[..39] + "…" : examples),-40}  {(text.Length > 100 ? text[..99] + "…" : text)}"));
        }
    }
}
