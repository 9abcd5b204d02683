using System.Collections.Generic;
using System.IO;

namespace NearDup.Cli.Inputs;

/// <summary>One document an input gave, or why one could not be used.</summary>
/// <param name="Id">Its id; null on error.</param>
/// <param name="Text">Its text; null on error.</param>
/// <param name="Error">What was passed over and why, starting with the path, or the dataset and row, it is about; null
/// when the document is sound.</param>
internal readonly record struct InputDocument(string? Id, string? Text, string? Error);

/// <summary>
/// The documents of several inputs, one at a time, as <c>index add</c> and <c>index query</c> take them: the files of a
/// folder, the records of a dataset file (JSON Lines, CSV, TSV, Parquet) or of JSON lines on standard input, and any
/// other file as one text.
/// </summary>
/// <remarks>
/// The same readers as <c>scan</c> and <c>dedup</c> (<see cref="TextInputs"/> for files, <see cref="Datasets"/> for
/// records), streamed, so that an input of any size is never held whole. Thread safety: stateless.
/// </remarks>
internal static class InputDocuments
{
    /// <summary>Yields the documents of <paramref name="inputs"/>, in the order given.</summary>
    /// <param name="inputs">Folders, files, or <see cref="Datasets.Stdin"/>.</param>
    /// <param name="selection">Which files of a folder, which fields of a dataset, the largest file.</param>
    /// <param name="stdin">What <see cref="Datasets.Stdin"/> reads.</param>
    /// <returns>For each document its id and text (a folder's files take ids relative to it, any other file its path as
    /// given with '/' separators, a record its id field or row), or an error naming what it is about.</returns>
    /// <exception cref="System.ArgumentException">A pattern is empty, absolute or climbs out of a folder.</exception>
    /// <exception cref="IOException">A dataset cannot be read, or lacks a named column.</exception>
    public static IEnumerable<InputDocument> Read(IReadOnlyList<string> inputs, InputSelection selection, TextReader stdin)
    {
        foreach (string input in inputs)
        {
            if (Directory.Exists(input))
            {
                InputListing listing = TextInputs.List(input, selection.Patterns, selection.Excludes);
                foreach (SkippedFile skip in listing.Skipped)
                {
                    yield return new InputDocument(null, null, $"{skip.Path}: {skip.Reason}");
                }

                foreach (var (id, file) in listing.Files)
                {
                    yield return ReadFile(id, file, selection.MaxBytes);
                }
            }
            else if (IsDataset(input))
            {
                foreach (DatasetRecord record in Datasets.Read(input, selection.Fields, stdin))
                {
                    yield return new InputDocument(record.Id, record.Text, record.Error);
                }
            }
            else if (File.Exists(input))
            {
                yield return ReadFile(input.Replace(Path.DirectorySeparatorChar, '/'), input, selection.MaxBytes);
            }
            else
            {
                yield return new InputDocument(null, null, $"{input}: no such file or folder");
            }
        }
    }

    /// <summary>How many documents the inputs hold when that is known without reading them (a folder's files, one a
    /// file); 0 when it is not, because a dataset or standard input is among them.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="selection">Which files of a folder are read.</param>
    /// <returns>The count, or 0.</returns>
    public static int Count(IReadOnlyList<string> inputs, InputSelection selection)
    {
        int count = 0;
        foreach (string input in inputs)
        {
            if (!Directory.Exists(input) && IsDataset(input))
            {
                return 0;
            }

            count += Directory.Exists(input) ? TextInputs.List(input, selection.Patterns, selection.Excludes).Files.Count : 1;
        }

        return count;
    }

    /// <summary>Whether an input that is not a folder is read as records: standard input, or a file named as a dataset.</summary>
    private static bool IsDataset(string input) => input == Datasets.Stdin || (File.Exists(input) && Datasets.FormatOf(input) is not null);

    private static InputDocument ReadFile(string id, string path, long maxBytes) =>
        TextInputs.TryReadText(path, out string? text, out string? reason, maxBytes) ? new InputDocument(id, text, null) : new InputDocument(null, null, $"{path}: {reason}");
}
