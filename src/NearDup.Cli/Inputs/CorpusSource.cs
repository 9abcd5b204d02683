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
/// <param name="Options">The options to judge the documents under: those given, with the function words learned when
/// <see cref="Learning"/> learned some (the documents in another language were analysed with them; the others, whose
/// analysis they do not change, under the options given).</param>
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

    /// <summary>Reads and analyses a folder's files or a dataset's records; with <paramref name="learn"/>, also learns the
    /// function words of documents in another language than the options' from all of them as they are analysed, then
    /// analyses those documents again with them (<see cref="AnalysisOptions.WithLearnedFunctionWords"/>; a document in the
    /// options' language is analysed alike with or without them, so it is analysed once).</summary>
    /// <param name="input">A folder or a dataset file (checked by <see cref="Problem"/>).</param>
    /// <param name="selection">Which files of a folder, which fields of a dataset, the fewest words and the largest file.</param>
    /// <param name="options">The options to analyse with.</param>
    /// <param name="learn">Whether to learn function words from the input (<see cref="FunctionWordLearner"/>, the
    /// options' own as the known ones).</param>
    /// <param name="progress">Told the stage (<c>analysing</c>, then <c>learning</c> for the documents analysed again),
    /// the count done and the count to do every 256 documents and at the end, or null.</param>
    /// <returns>The documents and what was passed over.</returns>
    /// <exception cref="ArgumentException">A glob pattern is refused.</exception>
    /// <exception cref="IOException">The dataset cannot be read or lacks a named column.</exception>
    public static CorpusSource Load(string input, InputSelection selection, IndexOptions options, bool learn, Action<string, int, int>? progress)
    {
        int threads = options.Threads;
        var analyzer = new DocumentAnalyzer(options.Analysis);
        FunctionWordLearner? learner = learn ? new FunctionWordLearner(options.Analysis) : null;
        Action<AnalyzedDocument>? observe = learner is null ? null : d => learner.Observe(d.Text, d.ContentTokens);
        if (Directory.Exists(input))
        {
            InputListing listing = TextInputs.List(Path.GetFullPath(input), selection.Patterns, selection.Excludes);
            var (documents, unread) = CorpusReader.Analyze(listing.Files, analyzer, threads, progress is null ? null : n => progress("analysing", n, listing.Files.Count), default, selection.MaxBytes, observe);
            progress?.Invoke("analysing", listing.Files.Count, listing.Files.Count);
            var (learnedOptions, learning) = Relearn(documents, options, learner, threads, progress);
            List<string> skipped = [.. listing.Skipped.Concat(unread).Select(s => $"{VerdictWriter.Printable(s.Path)}: {s.Reason}")];
            skipped.AddRange(documents.Where(d => selection.Shortfall(d) is not null).Select(d => $"{VerdictWriter.Printable(d.Id)}: {selection.Shortfall(d)}"));
            return new CorpusSource([.. documents.Where(d => selection.Shortfall(d) is null)], skipped, listing.Files, null, null, learnedOptions, learning);
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

        var analysed = new AnalyzedDocument[records.Count];
        int done = 0;
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            analysed[i] = analyzer.Analyze(records[i].Id!, records[i].Text!);
            observe?.Invoke(analysed[i]);
            if ((Interlocked.Increment(ref done) & 255) == 0)
            {
                progress?.Invoke("analysing", done, records.Count);
            }
        });

        progress?.Invoke("analysing", records.Count, records.Count);
        var all = new List<AnalyzedDocument>(analysed);
        var (datasetOptions, learned) = Relearn(all, options, learner, threads, progress);
        var kept = new List<AnalyzedDocument>(records.Count);
        var rows = new List<long>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            if (selection.Shortfall(all[i]) is { } shortfall)
            {
                errors.Add($"{VerdictWriter.Printable(input)} row {records[i].Row}: {shortfall}");
            }
            else
            {
                kept.Add(all[i]);
                rows.Add(records[i].Row);
            }
        }

        return new CorpusSource(kept, errors, null, input, rows, datasetOptions, learned);
    }

    /// <summary>With a learner that observed every document, learns, and analyses again, in place, each document in
    /// another language than the options' (<see cref="FunctionWordLearner.IsUncovered"/>) under the learned words.</summary>
    /// <returns>The options the documents now stand analysed under, and what was learned (null without a learner).</returns>
    private static (IndexOptions Options, FunctionWordLearning? Learning) Relearn(List<AnalyzedDocument> documents, IndexOptions options, FunctionWordLearner? learner, int threads, Action<string, int, int>? progress)
    {
        if (learner is null)
        {
            return (options, null);
        }

        FunctionWordLearning learning = learner.Learn();
        if (learning.Words.Count == 0)
        {
            return (options, learning);
        }

        IndexOptions learned = options.WithLearnedFunctionWords(learning.Learned);
        int[] again = [.. Enumerable.Range(0, documents.Count).Where(i => FunctionWordLearner.IsUncovered(documents[i].Text, documents[i].ContentTokens, options.Analysis.FunctionWords))];
        if (again.Length == 0)
        {
            return (learned, learning);
        }

        progress?.Invoke("learning", 0, again.Length);
        var analyzer = new DocumentAnalyzer(learned.Analysis);
        var redone = new AnalyzedDocument[again.Length];
        int done = 0;
        Parallel.For(0, again.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            AnalyzedDocument d = documents[again[k]];
            redone[k] = analyzer.Analyze(d.Id, d.Text);
            if ((Interlocked.Increment(ref done) & 255) == 0)
            {
                progress?.Invoke("learning", done, again.Length);
            }
        });

        for (int k = 0; k < again.Length; k++)
        {
            documents[again[k]] = redone[k];
        }

        progress?.Invoke("learning", again.Length, again.Length);
        return (learned, learning);
    }
}
