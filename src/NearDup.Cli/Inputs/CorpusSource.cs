using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Detection;
using NearDup.Text;

namespace NearDup.Cli.Inputs;

/// <summary>What <c>scan</c> and <c>dedup</c> read: the files of a folder, or the records of a dataset file.</summary>
/// <param name="Documents">The documents analysed, in input order (folder: ids in ordinal order; dataset: file order).</param>
/// <param name="Skipped">One line per file or record passed over, saying which and why.</param>
/// <param name="Files">For a folder, each document's (id, path); null for a dataset.</param>
/// <param name="Dataset">For a dataset, its path; null for a folder.</param>
/// <param name="Rows">For a dataset, the row of each document (<see cref="DatasetRecord.Row"/>), in the order of
/// <paramref name="Documents"/>: what <c>dedup --output</c> writes by; null for a folder.</param>
/// <param name="Options">The options the documents were analysed with: those given, with the learned function words
/// when <see cref="Learning"/> is not null.</param>
/// <param name="Learning">The function words learned from the input (<see cref="FunctionWordLearner"/>), or null when
/// none were to be learned.</param>
internal sealed record CorpusSource(List<AnalyzedDocument> Documents, List<string> Skipped, List<(string Id, string Path)>? Files, string? Dataset, List<long>? Rows, IndexOptions Options, FunctionWordLearning? Learning)
{
    /// <summary>Why <paramref name="input"/> can be read neither as a folder nor as a dataset, or null.</summary>
    /// <param name="input">The path given.</param>
    /// <returns>The problem, for a one-line usage error.</returns>
    public static string? Problem(string input) =>
        Directory.Exists(input) || input == Datasets.Stdin ? null
        : !File.Exists(input) ? $"'{Path.GetFullPath(input)}' does not exist."
        : Datasets.FormatOf(input) is null ? $"'{Path.GetFullPath(input)}' is a file but not a dataset: give a folder, or {Datasets.Described}."
        : null;

    /// <summary>Reads and analyses a folder's files or a dataset's records; first learns the function words the
    /// English list does not cover from all of them when <paramref name="learn"/> is true.</summary>
    /// <param name="input">A folder or a dataset file (checked by <see cref="Problem"/>).</param>
    /// <param name="selection">Which files of a folder, which fields of a dataset, the fewest words and the largest file.</param>
    /// <param name="options">The options to analyse with.</param>
    /// <param name="learn">Whether to learn function words from the input (<see cref="FunctionWordLearner"/>, the
    /// options' own as the known ones) and analyse with them (<see cref="AnalysisOptions.WithLearnedFunctionWords"/>).</param>
    /// <param name="progress">Told the stage (<c>reading</c> while learning, then <c>analysing</c>), the count done
    /// and the count to do every 256 documents and at the end, or null.</param>
    /// <returns>The documents and what was passed over.</returns>
    /// <exception cref="ArgumentException">A glob pattern is refused.</exception>
    /// <exception cref="IOException">The dataset cannot be read or lacks a named column.</exception>
    public static CorpusSource Load(string input, InputSelection selection, IndexOptions options, bool learn, Action<string, int, int>? progress)
    {
        int threads = options.Threads;
        FunctionWordLearner? learner = learn ? new FunctionWordLearner(options.Analysis) : null;
        if (Directory.Exists(input))
        {
            InputListing listing = TextInputs.List(Path.GetFullPath(input), selection.Patterns, selection.Excludes);
            int total = listing.Files.Count;
            List<AnalyzedDocument> documents;
            List<SkippedFile> unread;
            FunctionWordLearning? learning = null;
            if (learner is null)
            {
                (documents, unread) = CorpusReader.Analyze(listing.Files, new DocumentAnalyzer(options.Analysis), threads, progress is null ? null : n => progress("analysing", n, total), default, selection.MaxBytes);
            }
            else
            {
                var texts = CorpusReader.Read(listing.Files, learner, threads, progress is null ? null : n => progress("reading", n, total), default, selection.MaxBytes);
                learning = learner.Learn();
                options = options.WithLearnedFunctionWords(learning.Learned);
                (documents, unread) = CorpusReader.Analyze(listing.Files, texts, new DocumentAnalyzer(options.Analysis), threads, progress is null ? null : n => progress("analysing", n, total), default);
            }

            progress?.Invoke("analysing", total, total);
            List<string> skipped = [.. listing.Skipped.Concat(unread).Select(s => $"{VerdictWriter.Printable(s.Path)}: {s.Reason}")];
            skipped.AddRange(documents.Where(d => selection.Shortfall(d) is not null).Select(d => $"{VerdictWriter.Printable(d.Id)}: {selection.Shortfall(d)}"));
            return new CorpusSource([.. documents.Where(d => selection.Shortfall(d) is null)], skipped, listing.Files, null, null, options, learning);
        }

        var records = new List<DatasetRecord>();
        var errors = new List<string>();
        foreach (DatasetRecord record in Datasets.Read(input, selection.Fields))
        {
            if (record.Error is { } error)
            {
                errors.Add(VerdictWriter.Printable(error));
            }
            else
            {
                records.Add(record);
            }
        }

        FunctionWordLearning? learned = null;
        if (learner is not null)
        {
            Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => learner.Observe(records[i].Text!));
            learned = learner.Learn();
            options = options.WithLearnedFunctionWords(learned.Learned);
        }

        var analyzer = new DocumentAnalyzer(options.Analysis);
        var analysed = new AnalyzedDocument?[records.Count];
        int done = 0;
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            analysed[i] = analyzer.Analyze(records[i].Id!, records[i].Text!);
            if ((Interlocked.Increment(ref done) & 255) == 0)
            {
                progress?.Invoke("analysing", done, records.Count);
            }
        });

        progress?.Invoke("analysing", records.Count, records.Count);
        var kept = new List<AnalyzedDocument>(records.Count);
        var rows = new List<long>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            if (selection.Shortfall(analysed[i]!) is { } shortfall)
            {
                errors.Add($"{VerdictWriter.Printable(input)} row {records[i].Row}: {shortfall}");
            }
            else
            {
                kept.Add(analysed[i]!);
                rows.Add(records[i].Row);
            }
        }

        return new CorpusSource(kept, errors, null, input, rows, options, learned);
    }
}
