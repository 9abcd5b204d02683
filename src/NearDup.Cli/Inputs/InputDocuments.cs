using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NearDup.Cli.Inputs;

/// <summary>One document an input gave, or why one could not be used.</summary>
/// <param name="Id">Its id; null on error.</param>
/// <param name="Text">Its text; null on error.</param>
/// <param name="Error">What was passed over and why, starting with the path, or the dataset and row, it is about; null
/// when the document is sound.</param>
/// <param name="Input">The input, as given, that the document came from.</param>
/// <param name="RowId">Whether the id is a dataset record's default one, its input's path and row (<c>data.csv#2</c>).</param>
internal readonly record struct InputDocument(string? Id, string? Text, string? Error, string Input, bool RowId);

/// <summary>
/// The documents of several inputs, one at a time, as <c>index add</c> and <c>index query</c> take them: the files of a
/// folder, the records of a dataset file (JSON Lines, CSV, TSV, Parquet) or of JSON lines on standard input, and any
/// other file as one text.
/// </summary>
/// <remarks>
/// The same readers as <c>scan</c> and <c>dedup</c> (<see cref="TextInputs"/> for files, <see cref="Datasets"/> for
/// records), streamed, so that an input of any size is never held whole; a folder's files are read a few at a time,
/// a bounded number ahead, and handed over in order (<see cref="ReadAhead"/>). Thread safety: stateless.
/// </remarks>
internal static class InputDocuments
{
    /// <summary>Yields the documents of <paramref name="inputs"/>, in the order given. Dispose the enumeration
    /// (<c>foreach</c> does): a folder's read-ahead threads stop when it is disposed.</summary>
    /// <param name="inputs">Folders, files, or <see cref="Datasets.Stdin"/>.</param>
    /// <param name="selection">Which files of a folder, which fields of a dataset, the largest file.</param>
    /// <param name="stdin">What <see cref="Datasets.Stdin"/> reads.</param>
    /// <returns>For each document its id and text (a folder's files take ids relative to it, any other file its path as
    /// given with '/' separators, a record its id field or else its input's path and row, <see cref="RowId"/>), or an
    /// error naming what it is about.</returns>
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
                    yield return new InputDocument(null, null, $"{skip.Path}: {skip.Reason}", input, false);
                }

                // Read a few at a time, ahead of the caller, in order: one at a time, each read waits for the disk. A
                // text weighs its UTF-16 bytes against the read-ahead's budget.
                foreach (InputDocument document in ReadAhead.Ordered(listing.Files, f => ReadFile(f.Id, f.Path, input, selection.MaxBytes), d => 2L * (d.Text?.Length ?? 0)))
                {
                    yield return document;
                }
            }
            else if (IsDataset(input))
            {
                foreach (DatasetRecord record in Datasets.Read(input, selection.Fields, stdin))
                {
                    string? id = record.RowId ? RowId(input, record.Row) : record.Id;
                    yield return new InputDocument(id, record.Text, record.Error, input, record.RowId);
                }
            }
            else if (IsLoneFile(input))
            {
                yield return ReadFile(input.Replace(Path.DirectorySeparatorChar, '/'), input, input, selection.MaxBytes);
            }
            else
            {
                yield return new InputDocument(null, null, $"{input}: no such file or folder", input, false);
            }
        }
    }

    /// <summary>The first input that names nothing (no file, folder or link there; standard input always
    /// exists), or null: a command refuses it before it reads or writes anything, as <c>scan</c> does, so that a
    /// mistyped path is never an empty success.</summary>
    /// <param name="inputs">The inputs given.</param>
    /// <returns>The full path of the first missing one, or null.</returns>
    public static string? Missing(IEnumerable<string> inputs)
    {
        foreach (string input in inputs)
        {
            if (input != Datasets.Stdin && !File.Exists(input) && !Directory.Exists(input))
            {
                return Path.GetFullPath(input);
            }
        }

        return null;
    }

    /// <summary>Moves <paramref name="documents"/> (of <see cref="Read"/>) to the next document, or stops at an input
    /// that cannot be read at all, for the command to say what was done before it.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="unreadable">Receives why an input cannot be read (a dataset without a named column, a file that is
    /// not what its name says, one that may not be opened); null otherwise.</param>
    /// <returns>Whether there is a document; false at the end and at an input that cannot be read.</returns>
    public static bool Next(IEnumerator<InputDocument> documents, out Exception? unreadable)
    {
        unreadable = null;
        try
        {
            return documents.MoveNext();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unreadable = e;
            return false;
        }
    }

    /// <summary>The id of a dataset record that has no id field: its input's path as given, with '/' separators (as a
    /// file read as one text is named), '#' and its row; <c>stdin#3</c> for standard input.</summary>
    /// <param name="input">The dataset, or <see cref="Datasets.Stdin"/>.</param>
    /// <param name="row">The record's row (<see cref="DatasetRecord.Row"/>).</param>
    /// <returns>The id.</returns>
    /// <remarks>A row number alone is no id in an index that several inputs fill: two datasets would both have a row 2,
    /// and the second would be skipped as a repeat. The path makes it the input's own, and adding the same input again
    /// is then seen for what it is.</remarks>
    public static string RowId(string input, long row) =>
        string.Create(CultureInfo.InvariantCulture, $"{(input == Datasets.Stdin ? "stdin" : input.Replace(Path.DirectorySeparatorChar, '/'))}#{row}");

    /// <summary>Why two documents of one run have the same id, for the messages of <c>index add</c> and
    /// <c>index query</c>.</summary>
    /// <param name="earlier">The input that gave the id first.</param>
    /// <param name="later">The input that gave it again.</param>
    /// <returns>The cause, naming the inputs.</returns>
    public static string RepeatCause(string earlier, string later) =>
        earlier == later ? $"the input {earlier} is given twice"
        : Directory.Exists(earlier) && Directory.Exists(later) ? "files of two folders with the same relative path"
        : $"{earlier} and {later} both give it";

    /// <summary>How many items <see cref="Read"/> yields for the inputs when that is known without reading them (a
    /// folder's files and what its listing passed over, one a file or a missing input); 0 when it is not, because a
    /// dataset or standard input is among them.</summary>
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

            if (Directory.Exists(input))
            {
                InputListing listing = TextInputs.List(input, selection.Patterns, selection.Excludes);
                count += listing.Files.Count + listing.Skipped.Count;
            }
            else
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether an input is a file read as one text (not a folder, not a dataset): its document's id is its path
    /// as given, with '/' separators.</summary>
    /// <param name="input">An input, as given.</param>
    /// <returns>True for such a file.</returns>
    public static bool IsLoneFile(string input) => !Directory.Exists(input) && !IsDataset(input) && File.Exists(input);

    /// <summary>Whether an input that is not a folder is read as records: standard input, or a file named as a dataset.</summary>
    private static bool IsDataset(string input) => input == Datasets.Stdin || (File.Exists(input) && Datasets.FormatOf(input) is not null);

    private static InputDocument ReadFile(string id, string path, string input, long maxBytes) =>
        TextInputs.TryReadText(path, out string? text, out string? reason, maxBytes)
            ? new InputDocument(id, text, null, input, false)
            : new InputDocument(null, null, $"{path}: {reason}", input, false);
}
