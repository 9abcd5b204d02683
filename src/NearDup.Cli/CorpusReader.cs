using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Detection;

namespace NearDup.Cli;

/// <summary>A file that could not be scanned, and why.</summary>
/// <param name="Path">The file's path as given to the user.</param>
/// <param name="Reason">Why it was skipped.</param>
internal readonly record struct SkippedFile(string Path, string Reason);

/// <summary>Reads and analyses every matching file under a folder.</summary>
internal static class CorpusReader
{
    /// <summary>Lists files under <paramref name="root"/> matching any pattern, sorted by id (path relative to root, '/' separators).</summary>
    public static List<(string Id, string Path)> List(string root, IReadOnlyList<string> patterns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<(string, string)>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseSensitive, AttributesToSkip = 0 };
        foreach (string pattern in patterns)
        {
            foreach (string path in Directory.EnumerateFiles(root, pattern, options))
            {
                string id = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                if (seen.Add(id))
                {
                    files.Add((id, path));
                }
            }
        }

        files.Sort((x, y) => string.CompareOrdinal(x.Item1, y.Item1));
        return files;
    }

    /// <summary>Reads and analyses files in parallel; unreadable, empty or non-UTF-8 files are skipped with a reason.</summary>
    public static (List<AnalyzedDocument> Documents, List<SkippedFile> Skipped) Analyze(
        IReadOnlyList<(string Id, string Path)> files, DocumentAnalyzer analyzer, int threads, Action<int>? progress, CancellationToken cancellationToken)
    {
        var results = new AnalyzedDocument?[files.Count];
        var skipped = new ConcurrentBag<(int, SkippedFile)>();
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
        {
            var (id, path) = files[i];
            try
            {
                byte[] bytes = File.ReadAllBytes(path);
                if (bytes.Length == 0)
                {
                    skipped.Add((i, new SkippedFile(path, "empty file")));
                }
                else
                {
                    AnalyzedDocument doc = analyzer.Analyze(id, bytes);
                    if (doc.ContentTokens.Length == 0)
                    {
                        skipped.Add((i, new SkippedFile(path, "no words (only white space, punctuation or symbols)")));
                    }
                    else
                    {
                        results[i] = doc;
                    }
                }
            }
            catch (DecoderFallbackException e)
            {
                skipped.Add((i, new SkippedFile(path, $"not valid UTF-8 (invalid byte at offset {e.Index})")));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add((i, new SkippedFile(path, $"unreadable: {e.Message}")));
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
