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
        command.SetAction(parse => IndexCommand.Guarded(stderr, "query", () =>
        {
            if (IndexCommand.CacheCapacity(parse, cache, stderr, "query") is not { } capacity)
            {
                return Program.UsageError;
            }

            if (read.Read(parse, "index query", stderr) is not { } selection)
            {
                return Program.UsageError;
            }

            CopyKinds wanted = KindsOption.Parse(parse.GetValue(kinds)!);
            ProgressMode mode = StageProgress.Resolve(parse.GetValue(progressOption)!, quiet: false, stderr);
            List<PairVerdict> all = IndexCommand.WithProgress(mode, "query", stderr, (messages, progress) =>
            {
                // Read-only: a query changes no file and runs beside a writer, other queries and on a read-only mount.
                using NearDupIndex idx = IndexCommand.Open(parse.GetValue(path)!.FullName, "query", messages, capacity, readOnly: true, progress: progress);
                return Query(idx, parse.GetValue(inputs)!, selection, wanted, messages, progress);
            });

            if (parse.GetValue(format) == "jsonl")
            {
                VerdictWriter.WriteJsonLines(all, stdout, aIsOriginal: true); // a is the indexed document: the original
            }
            else
            {
                VerdictWriter.WriteText(all, stdout, "ORIGINAL (A)", "QUERY (B)");
            }

            return all.Count > 0 && parse.GetValue(failOnCopy) ? Program.CopiesFound : Program.Success;
        }));
        return command;
    }

    /// <summary>Queries every document of the inputs, telling <paramref name="progress"/> the count done (against the
    /// count of files when no dataset or standard input is among the inputs).</summary>
    private static List<PairVerdict> Query(NearDupIndex idx, string[] inputs, InputSelection selection, CopyKinds wanted, TextWriter stderr, IProgress<ScanProgress>? progress)
    {
        int total = progress is null ? 0 : InputDocuments.Count(inputs, selection), done = 0;
        progress?.Report(new ScanProgress(Querying, 0, total));
        var all = new List<PairVerdict>();
        var queried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, text, error) in InputDocuments.Read(inputs, selection, Console.In))
        {
            progress?.Report(new ScanProgress(Querying, done++, total));
            if (error is not null)
            {
                stderr.WriteLine($"neardup index query: skipped {VerdictWriter.Printable(error)}");
                continue;
            }

            AnalyzedDocument query = idx.Analyzer.Analyze(id!, text!);
            if (selection.Shortfall(query) is { } shortfall)
            {
                stderr.WriteLine($"neardup index query: skipped {VerdictWriter.Printable(id!)}: {shortfall}");
                continue;
            }

            if (!queried.Add(id!))
            {
                stderr.WriteLine($"neardup index query: two inputs have the id {VerdictWriter.Printable(id!)} (files of two folders with the same relative path): their verdicts share it");
            }

            foreach (PairVerdict v in idx.Query(query, wanted))
            {
                // Only the very document queried by its indexed id is left out, not a copy that has its name.
                if (v.A != v.B || v.Kind != MatchKind.Exact)
                {
                    all.Add(v);
                }
            }
        }

        progress?.Report(new ScanProgress(Querying, done, Math.Max(total, done)));
        return all;
    }

    /// <summary>The stage of the queries, after those of opening the index.</summary>
    private const string Querying = "querying";
}
