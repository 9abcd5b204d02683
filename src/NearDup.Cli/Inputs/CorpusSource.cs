using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;

namespace NearDup.Cli.Inputs;

/// <summary>What <c>scan</c> and <c>dedup</c> read: the files of a folder, or the records of a dataset file.</summary>
/// <param name="Documents">The documents analysed, in input order (folder: ids in ordinal order; dataset: file order).</param>
/// <param name="Skipped">One line per file or record passed over, saying which and why.</param>
/// <param name="Files">For a folder, each document's (id, path); null for a dataset.</param>
/// <param name="Dataset">For a dataset, its path; null for a folder.</param>
/// <param name="Rows">For a dataset, the row of each document (<see cref="DatasetRecord.Row"/>), in the order of
/// <paramref name="Documents"/>: what <c>dedup --output</c> writes by; null for a folder.</param>
internal sealed record CorpusSource(List<AnalyzedDocument> Documents, List<string> Skipped, List<(string Id, string Path)>? Files, string? Dataset, List<long>? Rows)
{
    /// <summary>Why <paramref name="input"/> can be read neither as a folder nor as a dataset, or null.</summary>
    /// <param name="input">The path given.</param>
    /// <returns>The problem, for a one-line usage error.</returns>
    public static string? Problem(string input) =>
        Directory.Exists(input) || input == Datasets.Stdin ? null
        : !File.Exists(input) ? $"'{Path.GetFullPath(input)}' does not exist."
        : Datasets.FormatOf(input) is null ? $"'{Path.GetFullPath(input)}' is a file but not a dataset: give a folder, or {Datasets.Described}."
        : null;

    /// <summary>Reads and analyses a folder's files or a dataset's records.</summary>
    /// <param name="input">A folder or a dataset file (checked by <see cref="Problem"/>).</param>
    /// <param name="selection">Which files of a folder, which fields of a dataset, the fewest words and the largest file.</param>
    /// <param name="analyzer">The analyzer.</param>
    /// <param name="threads">Most documents analysed at once.</param>
    /// <param name="progress">Told the count analysed and the count to analyse every 256 documents and at the end, or null.</param>
    /// <returns>The documents and what was passed over.</returns>
    /// <exception cref="ArgumentException">A glob pattern is refused.</exception>
    /// <exception cref="IOException">The dataset cannot be read or lacks a named column.</exception>
    public static CorpusSource Load(string input, InputSelection selection, DocumentAnalyzer analyzer, int threads, Action<int, int>? progress)
    {
        if (Directory.Exists(input))
        {
            InputListing listing = TextInputs.List(Path.GetFullPath(input), selection.Patterns, selection.Excludes);
            var (documents, unread) = CorpusReader.Analyze(listing.Files, analyzer, threads, progress is null ? null : n => progress(n, listing.Files.Count), default, selection.MaxBytes);
            progress?.Invoke(listing.Files.Count, listing.Files.Count);
            List<string> skipped = [.. listing.Skipped.Concat(unread).Select(s => $"{VerdictWriter.Printable(s.Path)}: {s.Reason}")];
            skipped.AddRange(documents.Where(d => selection.Shortfall(d) is not null).Select(d => $"{VerdictWriter.Printable(d.Id)}: {selection.Shortfall(d)}"));
            return new CorpusSource([.. documents.Where(d => selection.Shortfall(d) is null)], skipped, listing.Files, null, null);
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

        var analysed = new AnalyzedDocument?[records.Count];
        int done = 0;
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            analysed[i] = analyzer.Analyze(records[i].Id!, records[i].Text!);
            if ((Interlocked.Increment(ref done) & 255) == 0)
            {
                progress?.Invoke(done, records.Count);
            }
        });

        progress?.Invoke(records.Count, records.Count);
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

        return new CorpusSource(kept, errors, null, input, rows);
    }
}
