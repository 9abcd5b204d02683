using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Cli.Inputs;
using NearDup.Text;

namespace NearDup.Cli;

/// <summary>A file that could not be scanned, and why.</summary>
/// <param name="Path">The file's path as given to the user.</param>
/// <param name="Reason">Why it was skipped.</param>
internal readonly record struct SkippedFile(string Path, string Reason);

/// <summary>Reads (through <see cref="TextInputs"/>) and analyses the files <c>scan</c> lists.</summary>
internal static class CorpusReader
{
    /// <summary>Why a document without a word is passed over.</summary>
    public const string NoWords = "no words (only white space, punctuation or symbols)";

    /// <summary>The files <see cref="TextInputs.List"/> lists (which <c>scan</c> calls), without what it passed over; kept
    /// because the shared-corpus tests under tests/NearDup.Tests/Detection call it by this name.</summary>
    /// <param name="root">The folder, searched recursively.</param>
    /// <param name="patterns">File name patterns.</param>
    /// <returns>(id, path) pairs sorted by id.</returns>
    public static List<(string Id, string Path)> List(string root, IReadOnlyList<string> patterns) => TextInputs.List(root, patterns).Files;

    /// <summary>Reads and analyses files in parallel; unreadable, empty or non-UTF-8 files, and files without a word, are skipped with a reason.</summary>
    /// <param name="files">(id, path) pairs, as <see cref="TextInputs.List"/> gives them.</param>
    /// <param name="analyzer">The scanner's analyzer.</param>
    /// <param name="threads">Most files read at once.</param>
    /// <param name="progress">Told the count done every 256 files.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The documents and the skipped files, each in the order of <paramref name="files"/>.</returns>
    /// <param name="maxBytes">The largest file read (<see cref="TextInputs.TryReadText"/>).</param>
    public static (List<AnalyzedDocument> Documents, List<SkippedFile> Skipped) Analyze(
        IReadOnlyList<(string Id, string Path)> files, DocumentAnalyzer analyzer, int threads, Action<int>? progress, CancellationToken cancellationToken, long maxBytes = TextInputs.DefaultMaxFileBytes) =>
        Analyze(files, i => TextInputs.TryReadText(files[i].Path, out string? text, out string? reason, maxBytes) ? (text, null) : (null, reason), analyzer, threads, progress, cancellationToken);

    /// <summary>Reads files in parallel, each text shown to <paramref name="learner"/> as it is read: the first pass of a
    /// scan that learns its function words before it analyses (the <c>Analyze</c> that takes its texts).</summary>
    /// <param name="files">(id, path) pairs, as <see cref="TextInputs.List"/> gives them.</param>
    /// <param name="learner">Observes every text read.</param>
    /// <param name="threads">Most files read at once.</param>
    /// <param name="progress">Told the count done every 256 files.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <param name="maxBytes">The largest file read (<see cref="TextInputs.TryReadText"/>).</param>
    /// <returns>Per file, its text, or why it cannot be read.</returns>
    public static (string? Text, string? Reason)[] Read(
        IReadOnlyList<(string Id, string Path)> files, FunctionWordLearner learner, int threads, Action<int>? progress, CancellationToken cancellationToken, long maxBytes = TextInputs.DefaultMaxFileBytes)
    {
        var read = new (string? Text, string? Reason)[files.Count];
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
        {
            if (TextInputs.TryReadText(files[i].Path, out string? text, out string? reason, maxBytes))
            {
                learner.Observe(text);
                read[i] = (text, null);
            }
            else
            {
                read[i] = (null, reason);
            }

            int n = Interlocked.Increment(ref done);
            if ((n & 255) == 0)
            {
                progress?.Invoke(n);
            }
        });

        return read;
    }

    /// <summary>As <see cref="Analyze(IReadOnlyList{ValueTuple{string, string}}, DocumentAnalyzer, int, Action{int}, CancellationToken, long)"/>,
    /// for texts <see cref="Read"/> read already.</summary>
    /// <param name="files">(id, path) pairs, as <see cref="TextInputs.List"/> gives them.</param>
    /// <param name="read">Per file, its text or why it cannot be read, as <see cref="Read"/> gives them.</param>
    /// <param name="analyzer">The scanner's analyzer.</param>
    /// <param name="threads">Most files analysed at once.</param>
    /// <param name="progress">Told the count done every 256 files.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The documents and the skipped files, each in the order of <paramref name="files"/>.</returns>
    public static (List<AnalyzedDocument> Documents, List<SkippedFile> Skipped) Analyze(
        IReadOnlyList<(string Id, string Path)> files, (string? Text, string? Reason)[] read, DocumentAnalyzer analyzer, int threads, Action<int>? progress, CancellationToken cancellationToken) =>
        Analyze(files, i => read[i], analyzer, threads, progress, cancellationToken);

    private static (List<AnalyzedDocument> Documents, List<SkippedFile> Skipped) Analyze(
        IReadOnlyList<(string Id, string Path)> files, Func<int, (string? Text, string? Reason)> text, DocumentAnalyzer analyzer, int threads, Action<int>? progress, CancellationToken cancellationToken)
    {
        var results = new AnalyzedDocument?[files.Count];
        var skipped = new ConcurrentBag<(int, SkippedFile)>();
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
        {
            var (id, path) = files[i];
            var (body, reason) = text(i);
            if (body is null)
            {
                skipped.Add((i, new SkippedFile(path, reason!)));
            }
            else
            {
                AnalyzedDocument doc = analyzer.Analyze(id, body);
                if (doc.ContentTokens.Length == 0)
                {
                    skipped.Add((i, new SkippedFile(path, NoWords)));
                }
                else
                {
                    results[i] = doc;
                }
            }

            int n = Interlocked.Increment(ref done);
            if ((n & 255) == 0)
            {
                progress?.Invoke(n);
            }
        });

        var documents = results.Where(d => d is not null).Select(d => d!).ToList();
        var skippedList = skipped.OrderBy(s => s.Item1).Select(s => s.Item2).ToList();
        return (documents, skippedList);
    }
}
