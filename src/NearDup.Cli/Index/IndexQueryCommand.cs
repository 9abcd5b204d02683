using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Cli.Inputs;
using NearDup.Cli.Progress;
using NearDup.Detection;
using NearDup.Verification;

namespace NearDup.Cli.Index;

/// <summary><c>neardup index query PATH INPUT…</c>: the indexed originals each input copies, as text or JSON lines.</summary>
internal static class IndexQueryCommand
{
    /// <summary>Builds the verb.</summary>
    /// <param name="stdout">Receives the verdicts.</param>
    /// <param name="stderr">Receives skipped inputs and errors.</param>
    /// <returns>The command.</returns>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var path = IndexCommand.PathArgument();
        var redis = new RedisFlags();
        var inputs = IndexCommand.InputsArgument(IndexCommand.InputsDescribed);
        var read = new InputOptionSet();
        var format = new Option<string>("--format", "-f") { Description = "Output format: text or jsonl (as scan).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "jsonl");
        var cache = IndexCommand.CacheOption();
        var kinds = KindsOption.Create(
            "Kinds of copy to look for (repeatable, or several after one flag): exact, near-duplicate, contained, spun, all. Fewer kinds skip the other kinds' candidate sources: faster lookups, and copies only those sources find are missed.",
            "all");
        var failOnCopy = Program.FailOnCopyOption();
        var progressOption = StageProgress.Option();
        var command = new Command("query", "Find the indexed originals each input (a file, a folder's files, a dataset's records) copies.")
        {
            path, inputs, read.Glob, read.Exclude, read.MinWords, read.IdField, read.TextField, format, cache, kinds, read.MaxFileSize, failOnCopy, progressOption,
        };
        redis.AddTo(command);
        command.SetAction(parse => IndexCommand.Guarded(stderr, "query", () =>
        {
            if (IndexCommand.CacheCapacity(parse, cache, stderr, "query") is not { } capacity)
            {
                return Program.UsageError;
            }

            if (InputDocuments.Missing(parse.GetValue(inputs)!) is { } missing)
            {
                stderr.WriteLine($"neardup index query: '{missing}' does not exist; nothing was queried.");
                return Program.UsageError;
            }

            if (read.Read(parse, "index query", stderr, parse.GetValue(inputs)!) is not { } selection)
            {
                return Program.UsageError;
            }

            CopyKinds wanted = KindsOption.Parse(parse.GetValue(kinds)!);
            ProgressMode mode = StageProgress.Resolve(parse.GetValue(progressOption)!, quiet: false, stderr);
            bool jsonl = parse.GetValue(format) == "jsonl";

            // JSON lines go out a document at a time as they are found: a long query shows its results as it goes and
            // holds none of them, and what was found is out before a later input fails. The text table is aligned over
            // all its rows, so it waits for the end; so do JSON lines under live bars, which would be drawn through them.
            bool streamed = jsonl && mode != ProgressMode.Bar;
            var held = new List<PairVerdict>();
            int found = 0;
            string? failure = IndexCommand.WithProgress(mode, "query", stderr, (messages, progress) =>
            {
                // Read-only: a query changes no file and runs beside a writer, other queries and on a read-only mount.
                using NearDupIndex idx = IndexCommand.Open(parse, path, redis, "query", messages, capacity, readOnly: true, progress: progress);
                return Query(idx, parse.GetValue(inputs)!, selection, wanted, messages, progress, verdicts =>
                {
                    found += verdicts.Count;
                    if (streamed)
                    {
                        VerdictWriter.WriteJsonLines(verdicts, stdout, aIsOriginal: true); // a is the indexed document: the original
                    }
                    else
                    {
                        held.AddRange(verdicts);
                    }
                });
            });

            if (!streamed && jsonl)
            {
                VerdictWriter.WriteJsonLines(held, stdout, aIsOriginal: true);
            }
            else if (!streamed)
            {
                VerdictWriter.WriteText(held, stdout, "ORIGINAL (A)", "QUERY (B)");
            }

            if (failure is not null)
            {
                stderr.WriteLine($"neardup index query: {failure}");
                return IndexCommand.Failure;
            }

            return found > 0 && parse.GetValue(failOnCopy) ? Program.CopiesFound : Program.Success;
        }));
        return command;
    }

    /// <summary>Queries every document of the inputs, giving <paramref name="found"/> the verdicts of each document that
    /// has any, in input order, and telling <paramref name="progress"/> the count done after each (against the count
    /// <see cref="InputDocuments.Count"/> gives, when no dataset or standard input is among the inputs).</summary>
    /// <returns>Null when every input was read; else why one could not be (a dataset without a named column, a file
    /// that is not what its name says), after the documents before it were queried and given to <paramref name="found"/>.</returns>
    private static string? Query(NearDupIndex idx, string[] inputs, InputSelection selection, CopyKinds wanted, TextWriter stderr, IProgress<ScanProgress>? progress, Action<List<PairVerdict>> found)
    {
        int total = progress is null ? 0 : InputDocuments.Count(inputs, selection), done = 0;
        progress?.Report(new ScanProgress(Querying, 0, total));
        var queried = new Dictionary<string, string>(StringComparer.Ordinal); // id → the input that gave it
        var verdicts = new List<PairVerdict>();
        using IEnumerator<InputDocument> documents = InputDocuments.Read(inputs, selection, Console.In).GetEnumerator();
        Exception? unreadable;
        while (InputDocuments.Next(documents, out unreadable))
        {
            verdicts.Clear();
            QueryOne(idx, documents.Current, selection, wanted, queried, verdicts, stderr);
            if (verdicts.Count > 0)
            {
                found(verdicts);
            }

            progress?.Report(new ScanProgress(Querying, ++done, total));
        }

        if (unreadable is not null)
        {
            return $"{unreadable.Message} Nothing after it was read; the copies found before it are written.";
        }

        // The end, with the count when it was not known (standard input, datasets) or the inputs changed since counted.
        progress?.Report(new ScanProgress(Querying, done, done));
        return null;
    }

    /// <summary>Queries one document, adding its verdicts to <paramref name="verdicts"/>, or says on stderr why it is passed over.</summary>
    private static void QueryOne(NearDupIndex idx, InputDocument document, InputSelection selection, CopyKinds wanted, Dictionary<string, string> queried, List<PairVerdict> verdicts, TextWriter stderr)
    {
        var (id, text, error, input, _) = document;
        if (error is not null)
        {
            stderr.WriteLine($"neardup index query: skipped {VerdictWriter.Printable(error)}");
            return;
        }

        // A file given alone is named by its path as given. When the index holds it under another id (its path inside
        // the folder it was added from), it is that document, as in a query of the folder: not another holder of its own
        // text, and not a copy of itself.
        if (InputDocuments.IsLoneFile(input) && !idx.Contains(id!) && IndexCommand.IndexedId(idx, input) is { } indexed)
        {
            id = indexed;
        }

        AnalyzedDocument query = idx.Analyzer.Analyze(id!, text!);
        if (selection.Shortfall(query) is { } shortfall)
        {
            stderr.WriteLine($"neardup index query: skipped {VerdictWriter.Printable(id!)}: {shortfall}");
            return;
        }

        if (!queried.TryAdd(id!, input))
        {
            stderr.WriteLine($"neardup index query: two inputs have the id {VerdictWriter.Printable(id!)} ({VerdictWriter.Printable(InputDocuments.RepeatCause(queried[id!], input))}): their verdicts share it");
        }

        foreach (PairVerdict v in idx.Query(query, wanted))
        {
            // Only the very document queried by its indexed id is left out, not a copy that has its name.
            if (v.A != v.B || v.Kind != MatchKind.Exact)
            {
                verdicts.Add(v);
            }
        }
    }

    /// <summary>The stage of the queries, after those of opening the index.</summary>
    private const string Querying = "querying";
}
