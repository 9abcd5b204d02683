using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using nietras.SeparatedValues;
using Parquet;
using Parquet.Schema;

namespace NearDup.Cli.Inputs;

/// <summary>The formats of a dataset file, told by its name.</summary>
internal enum DatasetFormat
{
    /// <summary>JSON Lines (<c>.jsonl</c>, <c>.ndjson</c>), one object a line; also gzip-compressed (<c>.gz</c>).</summary>
    JsonLines,

    /// <summary>Comma-separated values with a header (<c>.csv</c>, or <c>.csv.gz</c>).</summary>
    Csv,

    /// <summary>Tab-separated values with a header (<c>.tsv</c>, or <c>.tsv.gz</c>).</summary>
    Tsv,

    /// <summary>Apache Parquet (<c>.parquet</c>), read a row group at a time.</summary>
    Parquet,
}

/// <summary>Which fields of a record hold the id and the text: dotted paths into a JSON object (<c>meta.id</c>), column
/// names in CSV, TSV and Parquet.</summary>
/// <param name="Id">The id field, or null for the default: <c>id</c> when a record has it, else the record's row number.</param>
/// <param name="Text">The text field.</param>
internal sealed record DatasetFields(string? Id, string Text)
{
    /// <summary>The fields when none are named: <c>id</c> (or the row number) and <c>text</c>.</summary>
    public static DatasetFields Default { get; } = new(null, "text");
}

/// <summary>One record of a dataset: its id and text, or why it cannot be used.</summary>
/// <param name="Row">Its row: the line number in JSON Lines, the data row (from 1, after the header) in CSV and TSV, the
/// row (from 1) in Parquet.</param>
/// <param name="Id">The id; null on error.</param>
/// <param name="Text">The text; null on error.</param>
/// <param name="Error">Why the record was passed over, naming the file and row; null when it is sound.</param>
/// <param name="RowId">Whether <paramref name="Id"/> is the row number, the default id of a record without an id field
/// (so that <c>index add</c> and <c>index query</c>, which read several inputs into one index, can qualify it with the
/// input it came from).</param>
internal readonly record struct DatasetRecord(long Row, string? Id, string? Text, string? Error, bool RowId = false);

/// <summary>Reads the records of dataset files with the well-kept readers of each format (System.Text.Json, Sep,
/// Parquet.Net); a record that cannot be used is reported with its row, and the others are read.</summary>
internal static class Datasets
{
    /// <summary>The dataset files, as <c>--help</c> names them.</summary>
    public const string Formats = "a .jsonl/.ndjson (or .gz), .csv or .tsv (or .gz) file with a header, a .parquet file";

    /// <summary>What <c>--help</c> says a dataset is.</summary>
    public const string Described = Formats + ", or - for JSON lines on standard input";

    /// <summary>The name of standard input as an input: JSON lines read from it.</summary>
    public const string Stdin = "-";

    /// <summary>The format a file name says, or null when it names none.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format.</returns>
    public static DatasetFormat? FormatOf(string path)
    {
        if (path == Stdin)
        {
            return DatasetFormat.JsonLines;
        }

        string name = path.ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            name = name[..^3];
        }

        return Path.GetExtension(name) switch
        {
            ".jsonl" or ".ndjson" => DatasetFormat.JsonLines,
            ".csv" => DatasetFormat.Csv,
            ".tsv" => DatasetFormat.Tsv,
            ".parquet" when !path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) => DatasetFormat.Parquet,
            _ => null,
        };
    }

    /// <summary>Reads every record of a dataset file, in file order.</summary>
    /// <param name="path">The file, or <see cref="Stdin"/>.</param>
    /// <param name="fields">The id and text fields.</param>
    /// <param name="stdin">What <see cref="Stdin"/> reads; null for <see cref="Console.In"/>.</param>
    /// <returns>The records; a record whose id repeats an earlier one's is an error.</returns>
    /// <exception cref="IOException">The file cannot be read, or (CSV, TSV, Parquet) lacks a named column.</exception>
    public static IEnumerable<DatasetRecord> Read(string path, DatasetFields fields, TextReader? stdin = null)
    {
        DatasetFormat format = FormatOf(path) ?? throw new IOException($"{path}: not {Described}.");
        IEnumerable<DatasetRecord> records = format switch
        {
            DatasetFormat.JsonLines when path == Stdin => ReadJsonLines(stdin ?? Console.In, "stdin", fields, ownsReader: false),
            DatasetFormat.JsonLines => ReadJsonLines(new StrictLineReader(OpenBytes(path)), path, fields, ownsReader: true),
            DatasetFormat.Csv => ReadSeparated(path, ',', fields),
            DatasetFormat.Tsv => ReadSeparated(path, '\t', fields),
            _ => ReadParquet(path, fields),
        };
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (DatasetRecord record in records)
        {
            if (record.Id is { } id && !seen.TryAdd(id, record.Row))
            {
                yield return record with { Id = null, Text = null, Error = $"{path} row {record.Row}: id \"{id}\" repeats row {seen[id]}'s" };
                continue;
            }

            yield return record;
        }
    }

    /// <summary>Opens a file for reading text, through gzip when its name ends in <c>.gz</c> (checked whole at its end,
    /// <see cref="CheckedGZipStream"/>); invalid UTF-8 throws.</summary>
    public static TextReader OpenText(string path) => new Utf8TextReader(path);

    /// <summary>Opens a file for reading its bytes, through gzip when its name ends in <c>.gz</c> (checked whole at its
    /// end, <see cref="CheckedGZipStream"/>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The stream, owned by the caller.</returns>
    public static Stream OpenBytes(string path) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGZipStream(path) : File.OpenRead(path);

    /// <summary>Records of JSON lines that may lack the text field before the first one that has it: past them the file
    /// is refused, naming the field (a mistyped <c>--text-field</c> would otherwise print a line per record).</summary>
    internal const int MaxLeadingRecordsWithoutText = 100;

    /// <summary>The records of JSON lines, read a line at a time (<see cref="StrictLineReader"/>, files and standard input
    /// alike), so that a line that is not UTF-8 is reported with its number and the next one read.</summary>
    private static IEnumerable<DatasetRecord> ReadJsonLines(TextReader reader, string path, DatasetFields fields, bool ownsReader)
    {
        try
        {
            long line = 0;
            int leadingWithoutText = 0; // objects without the text field before the first record read; -1 once one is

            while (true)
            {
                string? raw;
                int? broken = null;
                try
                {
                    raw = reader.ReadLine();
                }
                catch (DecoderFallbackException e)
                {
                    raw = string.Empty;
                    broken = e.Index;
                }

                if (raw is null)
                {
                    yield break;
                }

                line++;
                if (broken is { } offset)
                {
                    yield return new DatasetRecord(line, null, null, $"{path} line {line} is not valid UTF-8 (invalid byte at offset {offset} of the line)");
                }
                else if (!string.IsNullOrWhiteSpace(raw))
                {
                    DatasetRecord record = ParseJson(path, raw, line, fields, out string? keysWithoutText);
                    if (leadingWithoutText >= 0)
                    {
                        // A mistyped --text-field fails every line: say so once, not once per line of a large file.
                        leadingWithoutText = record.Error is null ? -1 : keysWithoutText is null ? leadingWithoutText : leadingWithoutText + 1;
                        if (leadingWithoutText == MaxLeadingRecordsWithoutText)
                        {
                            throw new IOException($"{path}: none of its first {MaxLeadingRecordsWithoutText} records has a string field \"{fields.Text}\" (line {line} has {keysWithoutText}); --text-field names the field that holds the text.");
                        }
                    }

                    yield return record;
                }
            }
        }
        finally
        {
            if (ownsReader)
            {
                reader.Dispose();
            }
        }
    }

    private static DatasetRecord ParseJson(string path, string raw, long line, DatasetFields fields, out string? keysWithoutText)
    {
        keysWithoutText = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(raw);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Error("is not a JSON object");
            }

            if ((Twice(root, fields.Text) ?? Twice(root, fields.Id ?? "id")) is { } repeated)
            {
                // Readers disagree on which of two equal keys wins, so neither is taken.
                return Error($"has the key \"{repeated}\" twice");
            }

            JsonElement? textField = Find(root, fields.Text);
            if (textField is not { ValueKind: JsonValueKind.String } text)
            {
                if (textField is not null)
                {
                    return Error($"has no string field \"{fields.Text}\""); // there, but null or not a string: this record's
                }

                List<string> keys = [.. root.EnumerateObject().Select(p => p.Name).Take(9)];
                keysWithoutText = keys.Count == 0 ? "no keys"
                    : "the keys " + string.Join(", ", keys.Take(8).Select(k => $"\"{k}\"")) + (keys.Count > 8 ? ", …" : "");
                return Error($"has no string field \"{fields.Text}\"");
            }

            JsonElement? found = Find(root, fields.Id ?? "id");
            string? id = found switch
            {
                { ValueKind: JsonValueKind.String } s => s.GetString(),
                { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
                null when fields.Id is null => line.ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            return id is null ? Error($"has no string or number field \"{fields.Id ?? "id"}\"")
                : id.Length == 0 ? Error("has an empty id")
                : new DatasetRecord(line, id, text.GetString(), null, RowId: found is null);
        }
        catch (JsonException e)
        {
            return Error($"is not JSON ({JsonProblem(e)})");
        }
        catch (InvalidOperationException)
        {
            return Error("holds a string that is not valid Unicode (a lone surrogate escape)");
        }

        DatasetRecord Error(string problem) => new(line, null, null, $"{path} line {line} {problem}");
    }

    /// <summary>Longest reason <see cref="JsonProblem"/> gives: the parser quotes the token it stopped at, which in a line
    /// of text left unquoted is the whole line.</summary>
    internal const int MaxJsonReasonChars = 120;

    /// <summary>Why a line is not JSON, in one short clause: where (the byte of the line, from 1) and the parser's reason
    /// without its position suffix, cut to <see cref="MaxJsonReasonChars"/> characters.</summary>
    /// <param name="e">The parser's exception.</param>
    /// <returns>The clause.</returns>
    internal static string JsonProblem(JsonException e)
    {
        string reason = e.Message;
        int position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        reason = (position >= 0 ? reason[..position] : reason).Trim().TrimEnd('.');

        // A long token the parser quotes first ("'…' is an invalid JSON literal") is cut to its start, so that the reason
        // after it is still said; the rest of the message is left as it is.
        reason = System.Text.RegularExpressions.Regex.Replace(reason, "^'([^']{24})[^']{8,}'(?= is )", "'$1…'");
        if (reason.Length > MaxJsonReasonChars)
        {
            reason = reason[..(MaxJsonReasonChars - 1)] + "…";
        }

        return e.BytePositionInLine is long b ? $"at byte {b + 1}: {reason}" : reason;
    }

    /// <summary>The first key on a dotted path (<c>meta.id</c>) that its object holds twice, or null.</summary>
    private static string? Twice(JsonElement root, string dotted)
    {
        JsonElement current = root;
        foreach (string part in dotted.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            int count = 0;
            foreach (JsonProperty property in current.EnumerateObject())
            {
                if (property.NameEquals(part) && ++count == 1)
                {
                    current = property.Value;
                }
            }

            if (count > 1)
            {
                return part;
            }

            if (count == 0)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The element at a dotted path (<c>meta.id</c>), or null.</summary>
    private static JsonElement? Find(JsonElement root, string dotted)
    {
        JsonElement current = root;
        foreach (string part in dotted.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out JsonElement next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Sep options for reading a dataset: the given separator, quotes removed, rows of any width checked by us.</summary>
    public static SepReaderOptions SeparatedOptions(char separator) =>
        Sep.New(separator).Reader(o => o with { Unescape = true, DisableColCountCheck = true });

    private static IEnumerable<DatasetRecord> ReadSeparated(string path, char separator, DatasetFields fields)
    {
        using TextReader text = OpenText(path);
        using SepReader reader = Open(path, text, SeparatedOptions(separator));
        int textColumn = Column(reader, path, fields.Text);
        int idColumn = fields.Id is null ? (reader.Header.TryIndexOf("id", out int i) ? i : -1) : Column(reader, path, fields.Id);
        int width = reader.Header.ColNames.Count;
        foreach (SepReader.Row row in reader)
        {
            long number = row.RowIndex; // the header is row 0
            if (row.Span.Count('"') % 2 != 0)
            {
                // A quoted field closed nowhere runs to the end of the file: every row after it would be read as its text.
                throw new IOException($"{path} row {number} (line {row.LineNumberFrom}) opens a quoted field that is never closed, so the rest of the file would be read into it: close the quote (\"\" stands for a quote inside a quoted field), or leave quotes out of fields that do not begin and end with one.");
            }

            if (row.ColCount != width)
            {
                yield return new DatasetRecord(number, null, null, $"{path} row {number} (line {row.LineNumberFrom}) has {row.ColCount} columns, the header {width}");
                continue;
            }

            string id = idColumn < 0 ? number.ToString(CultureInfo.InvariantCulture) : row[idColumn].ToString();
            yield return id.Length == 0
                ? new DatasetRecord(number, null, null, $"{path} row {number} (line {row.LineNumberFrom}) has an empty id")
                : new DatasetRecord(number, id, row[textColumn].ToString(), null, RowId: idColumn < 0);
        }
    }

    /// <summary>Opens the rows of a CSV or TSV file, its header read; a header Sep refuses (a column named twice) is an
    /// <see cref="IOException"/> naming the file.</summary>
    internal static SepReader Open(string path, TextReader text, SepReaderOptions options)
    {
        try
        {
            return options.From(text);
        }
        catch (ArgumentException e)
        {
            throw new IOException($"{path}: its header cannot be read: {e.Message}", e);
        }
    }

    private static int Column(SepReader reader, string path, string name) =>
        reader.Header.TryIndexOf(name, out int index)
            ? index
            : throw new IOException($"{path}: no column \"{name}\" in the header ({string.Join(", ", reader.Header.ColNames)}).");

    private static IEnumerable<DatasetRecord> ReadParquet(string path, DatasetFields fields)
    {
        ParquetReader reader;
        try
        {
            reader = Wait(ParquetReader.CreateAsync(path));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new IOException($"{path}: not a Parquet file, or its footer is damaged ({e.Message.TrimEnd('.')}).", e);
        }

        try
        {
            DataField text = ParquetField(reader, path, fields.Text);
            DataField? id = fields.Id is null ? Array.Find(reader.Schema.GetDataFields(), f => f.Name == "id") : ParquetField(reader, path, fields.Id);
            long row = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                string?[] texts, ids;
                using (ParquetRowGroupReader group = reader.OpenRowGroupReader(g))
                {
                    texts = Column(group, text, path, g, integers: false);
                    ids = id is null ? [] : Column(group, id, path, g, integers: true);
                }

                for (int r = 0; r < texts.Length; r++)
                {
                    row++;
                    string? identity = id is null ? row.ToString(CultureInfo.InvariantCulture) : ids[r];
                    yield return texts[r] is null || string.IsNullOrEmpty(identity)
                        ? new DatasetRecord(row, null, null, $"{path} row {row} has no {(texts[r] is null ? "text" : "id")} (null)")
                        : new DatasetRecord(row, identity, texts[r], null, RowId: id is null);
                }
            }
        }
        finally
        {
            Wait(reader.DisposeAsync());
        }
    }

    private static DataField ParquetField(ParquetReader reader, string path, string name) =>
        Array.Find(reader.Schema.GetDataFields(), f => f.Path.ToString() == name || f.Name == name)
        ?? throw new IOException($"{path}: no column \"{name}\" in the schema ({string.Join(", ", Array.ConvertAll(reader.Schema.GetDataFields(), f => f.Name))}).");

    /// <summary>A column of one row group as strings: string columns as they are, and, with <paramref name="integers"/>
    /// (an id column), integers written out.</summary>
    /// <exception cref="IOException">The column holds another type (integers, for a text column), or its values do not
    /// fit the row group (a file whose row group counts fewer rows than its columns hold, which Parquet.Net reports as an
    /// argument error).</exception>
    private static string?[] Column(ParquetRowGroupReader group, DataField field, string path, int g, bool integers)
    {
        int count = checked((int)group.RowCount);
        try
        {
            if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
            {
                var values = new string?[count];
                Wait(group.ReadAsync(field, values.AsMemory()!, null, default));
                return values;
            }

            if (integers && field.ClrType == typeof(long))
            {
                var values = new long?[count];
                Wait(group.ReadAsync(field, values.AsMemory(), null, default));
                return Array.ConvertAll(values, v => v?.ToString(CultureInfo.InvariantCulture));
            }

            if (integers && field.ClrType == typeof(int))
            {
                var values = new int?[count];
                Wait(group.ReadAsync(field, values.AsMemory(), null, default));
                return Array.ConvertAll(values, v => v?.ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new IOException($"{path}: column \"{field.Name}\" of row group {g + 1} cannot be read ({e.Message}); the file is damaged or not written as Parquet says.", e);
        }

        throw new IOException(integers
            ? $"{path}: column \"{field.Name}\" holds values of type {field.ClrType.Name}; an id column must hold strings or integers."
            : $"{path}: column \"{field.Name}\" holds values of type {field.ClrType.Name}; a text column must hold strings.");
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}
