using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Cli.Inputs;

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
    /// <param name="observe">Shown each document analysed that has words (one without is skipped), from the analysing
    /// threads (a <see cref="NearDup.Text.FunctionWordLearner"/>), or null.</param>
    public static (List<AnalyzedDocument> Documents, List<SkippedFile> Skipped) Analyze(
        IReadOnlyList<(string Id, string Path)> files, DocumentAnalyzer analyzer, int threads, Action<int>? progress, CancellationToken cancellationToken, long maxBytes = TextInputs.DefaultMaxFileBytes, Action<AnalyzedDocument>? observe = null)
    {
        var results = new AnalyzedDocument?[files.Count];
        var skipped = new ConcurrentBag<(int, SkippedFile)>();
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
        {
            var (id, path) = files[i];
            if (!TextInputs.TryReadText(path, out string? text, out string? reason, maxBytes))
            {
                skipped.Add((i, new SkippedFile(path, reason)));
            }
            else
            {
                AnalyzedDocument doc = analyzer.Analyze(id, text);
                if (doc.ContentTokens.Length == 0)
                {
                    skipped.Add((i, new SkippedFile(path, NoWords)));
                }
                else
                {
                    observe?.Invoke(doc);
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
