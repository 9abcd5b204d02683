using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using NearDup.Cli;
using NearDup.Cli.Inputs;
using NearDup.Tests.Support;
using NUnit.Framework;
using Parquet;
using Parquet.Data;
using Parquet.Schema;
using Parquet.Serialization;

namespace NearDup.Tests.Cli;

/// <summary>Datasets as input: JSON Lines (plain and gzip), CSV, TSV and Parquet records, malformed records reported
/// with their row, and <c>dedup</c> and <c>scan</c> on them.</summary>
public class DatasetTests
{
    private string _root = string.Empty;

    /// <summary>The planted documents of the CLI tests: exact and near copies of one text, an excerpt, another text;
    /// in the ordinal order of their ids, the order a folder of them is read in, so that "first" is the same in every
    /// format.</summary>
    private static readonly (string Id, string Text)[] Planted =
    [
        ("copy", TestTexts.Lighthouse.ToUpperInvariant()),
        ("excerpt", TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3)),
        ("near", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260)),
        ("original", TestTexts.Lighthouse),
        ("other", TestTexts.Sourdough),
    ];

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private string WriteFile(string name, string content)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static string Json(string id, string text) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = id, ["text"] = text });

    private string PlantedJsonLines(string name = "planted.jsonl") =>
        WriteFile(name, string.Join('\n', Planted.Select(p => Json(p.Id, p.Text))) + "\n");

    private static string CsvField(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    private string PlantedCsv() =>
        WriteFile("planted.csv", "id,text\n" + string.Concat(Planted.Select(p => $"{p.Id},{CsvField(p.Text)}\n")));

    private string PlantedParquet(int rowsPerGroup = 2) => WriteParquet("planted.parquet", Planted.Select(p => ((string?)p.Id, (string?)p.Text)).ToArray(), rowsPerGroup);

    private string WriteParquet(string name, (string? Id, string? Text)[] rows, int rowsPerGroup) => ParquetFiles.WriteIdText(Path.Combine(_root, name), rows, rowsPerGroup);

    private static List<(long, string?, string?, string?)> Read(string path, DatasetFields? fields = null) =>
        Datasets.Read(path, fields ?? DatasetFields.Default).Select(r => (r.Row, r.Id, r.Text, r.Error)).ToList();

    [Test]
    public void JsonLines_DottedFieldsAndNumberIds_AreRead()
    {
        string path = WriteFile("nested.jsonl", "{\"meta\":{\"key\":17},\"body\":{\"text\":\"first text\"}}\n\n{\"meta\":{\"key\":\"b\"},\"body\":{\"text\":\"second\"}}\n");
        Assert.That(
            Read(path, new DatasetFields("meta.key", "body.text")),
            Is.EqualTo(new List<(long, string?, string?, string?)> { (1, "17", "first text", null), (3, "b", "second", null) }));
    }

    [Test]
    public void JsonLines_MalformedLines_AreReportedWithTheirLineAndTheOthersRead()
    {
        string path = WriteFile("bad.jsonl", "{\"id\":\"a\",\"text\":\"fine\"}\nnot json\n{\"id\":\"b\"}\n{\"id\":\"a\",\"text\":\"again\"}\n[1]\n");
        string[] expected =
        [
            "ok a",
            "F line 2 is not JSON (",
            "F line 3 has no string field \"text\"",
            "F row 4: id \"a\" repeats row 1's",
            "F line 5 is not a JSON object",
        ];
        string[] actual = [.. Read(path).Select(r => r.Item4 is null ? $"ok {r.Item2}" : r.Item4.Replace(path, "F"))];
        Assert.That(actual.Select((a, i) => i < expected.Length ? a[..Math.Min(a.Length, expected[i].Length)] : a), Is.EqualTo(expected));
    }

    [Test]
    public void JsonLines_WithoutIds_TakeTheirLineNumbers()
    {
        string path = WriteFile("plain.jsonl", "{\"text\":\"one\"}\n{\"text\":\"two\"}\n");
        Assert.That(Read(path).Select(r => r.Item2), Is.EqualTo(new[] { "1", "2" }));
    }

    [Test]
    public void JsonLines_Gzipped_ReadAsPlain()
    {
        string plain = PlantedJsonLines();
        string gz = Path.Combine(_root, "planted.jsonl.gz");
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            output.Write(File.ReadAllBytes(plain));
        }

        Assert.That(Read(gz), Is.EqualTo(Read(plain)));
    }

    [Test]
    public void Csv_QuotedFieldsWithCommasQuotesAndNewlines_AreRead()
    {
        string path = WriteFile("q.csv", "id,text,extra\nx,\"one, two \"\"three\"\"\nfour\",e\n");
        Assert.That(Read(path), Is.EqualTo(new List<(long, string?, string?, string?)> { (1, "x", "one, two \"three\"\nfour", null) }));
    }

    [Test]
    public void Csv_RowWithAnotherNumberOfColumns_IsReportedWithItsRowAndLine()
    {
        string path = WriteFile("w.csv", "id,text\na,fine\nb,too,many\nc,ok\n");
        Assert.That(
            Read(path).Select(r => r.Item4?.Replace(path, "F") ?? $"ok {r.Item2}"),
            Is.EqualTo(new[] { "ok a", "F row 2 (line 3) has 3 columns, the header 2", "ok c" }));
    }

    [Test]
    public void Csv_WithoutTheTextColumn_IsAnErrorNamingTheColumns()
    {
        string path = WriteFile("n.csv", "id,body\na,b\n");
        Assert.That(() => Read(path), Throws.InstanceOf<IOException>().With.Message.Contains("no column \"text\" in the header (id, body)"));
    }

    [Test]
    public void Tsv_IsReadWithTabs()
    {
        string path = WriteFile("t.tsv", "text\tid\none, with comma\tk1\n");
        Assert.That(Read(path), Is.EqualTo(new List<(long, string?, string?, string?)> { (1, "k1", "one, with comma", null) }));
    }

    [Test]
    public void Parquet_RowGroupsAreReadInOrderAndANullTextIsReportedWithItsRow()
    {
        string path = WriteParquet("n.parquet", [("a", "first"), ("b", null), ("c", "third")], rowsPerGroup: 2);
        Assert.That(
            Read(path).Select(r => r.Item4?.Replace(path, "F") ?? $"{r.Item1} {r.Item2} {r.Item3}"),
            Is.EqualTo(new[] { "1 a first", "F row 2 has no text (null)", "3 c third" }));
    }

    [Test]
    public void Dedup_GivesTheSameGroupsFromAFolderJsonLinesCsvAndParquet()
    {
        string folder = Path.Combine(_root, "folder");
        Directory.CreateDirectory(folder);
        foreach (var (id, text) in Planted)
        {
            File.WriteAllText(Path.Combine(folder, id), text);
        }

        string[] outputs = [.. new[] { folder, PlantedJsonLines(), PlantedCsv(), PlantedParquet() }.Select(input => CliRun.Run([.. new[] { "dedup", input, "--format", "jsonl" }, .. input == folder ? new[] { "--glob", "*" } : []]).Out)];
        Assert.That(
            (outputs.Distinct().Count(), CliRun.Lines(outputs[0])),
            Is.EqualTo((1, new[] { "{\"group\":1,\"keep\":\"copy\",\"size\":3,\"members\":[\"copy\",\"near\",\"original\"]}" })),
            string.Join("\n", outputs));
    }

    [Test]
    public void Dedup_JsonLinesOutput_CopiesTheKeptLinesByteForByte()
    {
        string input = PlantedJsonLines();
        string output = Path.Combine(_root, "kept.jsonl");
        var (exit, _, err) = CliRun.Run("dedup", input, "--output", output, "-q");
        string[] lines = File.ReadAllLines(input);
        Assert.That((exit, File.ReadAllLines(output)), Is.EqualTo((Program.Success, new[] { lines[0], lines[1], lines[4] })), err);
    }

    [Test]
    public void Scan_ParquetWhoseTextColumnHoldsIntegers_IsRefusedNamingTheColumn()
    {
        // Integers are ids, never texts: "1" and "2" are not documents.
        string input = ParquetFiles.WriteIntegers(Path.Combine(_root, "ints.parquet"), [(1, 1), (2, 2)]);
        var (exit, _, err) = CliRun.Run("scan", input, "-q");
        Assert.That(
            (exit, err.Trim()),
            Is.EqualTo((Program.Failure, $"neardup scan: {input}: column \"text\" holds values of type Int32; a text column must hold strings.")));
    }

    [Test]
    public void Dedup_OutputInAFolderThatDoesNotExist_IsAUsageErrorBeforeAnyWork()
    {
        string output = Path.Combine(_root, "no-such-folder", "kept.jsonl");
        var (exit, stdout, err) = CliRun.Run("dedup", PlantedJsonLines(), "--output", output);
        Assert.That(
            (exit, stdout, err.Trim()),
            Is.EqualTo((Program.UsageError, string.Empty, $"neardup dedup: --output '{output}': its folder '{Path.GetDirectoryName(output)}' does not exist.")));
    }

    [Test]
    public void Dedup_CsvOutput_HoldsTheHeaderAndTheKeptRows()
    {
        string output = Path.Combine(_root, "kept.csv");
        var (exit, _, err) = CliRun.Run("dedup", PlantedCsv(), "--output", output, "--keep", "longest", "-q");
        Assert.That(
            (exit, Read(output).Select(r => (r.Item2, r.Item3)).ToArray()),
            Is.EqualTo((Program.Success, new[] { Planted[1], Planted[2], Planted[4] }.Select(p => ((string?)p.Id, (string?)p.Text)).ToArray())),
            err);
    }

    /// <summary>A row of a Parquet dataset with columns of many kinds besides the id and text dedup reads: a nullable
    /// number, a required one, a list with nulls in it (and a null list, and an empty one), a struct (and a null one), a
    /// date, bytes.</summary>
    public sealed class WideRow
    {
        /// <summary>The id.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public string? Id { get; set; }

        /// <summary>The text.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("text")]
        public string? Text { get; set; }

        /// <summary>A nullable number.</summary>
        public int? Number { get; set; }

        /// <summary>A required number.</summary>
        public double Score { get; set; }

        /// <summary>A list of strings, some null.</summary>
        public List<string?>? Tags { get; set; }

        /// <summary>A struct.</summary>
        public WideMeta? Meta { get; set; }

        /// <summary>A date.</summary>
        public DateTime When { get; set; }

        /// <summary>Bytes.</summary>
        public byte[]? Blob { get; set; }
    }

    /// <summary>The struct column of <see cref="WideRow"/>.</summary>
    public sealed class WideMeta
    {
        /// <summary>A number.</summary>
        public int Rank { get; set; }

        /// <summary>A string.</summary>
        public string? Source { get; set; }
    }

    /// <summary>The planted documents and two more exact copies as <see cref="WideRow"/>s.</summary>
    private static List<WideRow> WideRows()
    {
        string[] order = ["copy", "near", "original", "copy 2", "copy 3", "excerpt", "other"];
        (string Id, string Text)[] planted = [.. order.Select(id => id.StartsWith("copy ", StringComparison.Ordinal) ? (id, Planted[0].Text) : Planted.Single(p => p.Id == id))];
        return [.. planted.Select((p, i) => new WideRow
        {
            Id = p.Id,
            Text = p.Text,
            Number = i % 2 == 0 ? i * 7 : null,
            Score = i * 1.25,
            Tags = i switch { 4 => null, 6 => [], _ => [.. Enumerable.Range(0, i + 1).Select(k => k == 1 ? null : $"tag{i}.{k}")] },
            Meta = i is 1 or 2 ? null : new WideMeta { Rank = 10 - i, Source = i == 4 ? null : $"source {i}" },
            When = new DateTime(2024, 3, 22, 20, 0, 0, DateTimeKind.Utc).AddDays(i),
            Blob = [(byte)i, 0, 255],
        })];
    }

    /// <summary>Writes rows two to a row group; <see cref="WideRows"/> so written make dedup (which keeps the first of
    /// each group of copies in file order) drop the last row of the first group, every row of the second and the first
    /// of the third, and keep the fourth group's one row.</summary>
    private string WriteWide(string name, IEnumerable<WideRow> rows, IReadOnlyDictionary<string, string>? metadata = null)
    {
        string path = Path.Combine(_root, name);
        using FileStream stream = File.Create(path);
        ParquetSerializer.SerializeAsync(rows, stream, new ParquetOptions { RowGroupSize = 2 }, metadata).GetAwaiter().GetResult();
        return path;
    }

    private string WideParquet(string name, IReadOnlyDictionary<string, string>? metadata = null) => WriteWide(name, WideRows(), metadata);

    /// <summary>Each column of a file as Parquet stores it, its row groups one after the other: every entry's definition
    /// and repetition level and value. Read raw because Parquet.Net's deserialiser drops the nulls inside a list.</summary>
    private static string[] StoredColumns(string path) => System.Threading.Tasks.Task.Run(async () =>
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        var columns = new List<string>();
        foreach (DataField field in reader.Schema.GetDataFields())
        {
            var entries = new List<string>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
                using RawColumnData raw = await group.ReadRawColumnDataBaseAsync(field);
                entries.AddRange(StoredEntries(field, raw));
            }

            columns.Add($"{field.Path}: {string.Join(", ", entries)}");
        }

        return columns.ToArray();
    }).GetAwaiter().GetResult();

    private static List<string> StoredEntries(DataField field, RawColumnData raw)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        int[] definitions = field.MaxDefinitionLevel > 0 ? raw.DefinitionLevels.ToArray() : [];
        int[] repetitions = field.MaxRepetitionLevel > 0 ? raw.RepetitionLevels.ToArray() : [];
        string[] values = raw switch
        {
            RawColumnData<ReadOnlyMemory<char>> text => [.. text.Values.ToArray().Select(v => v.ToString())],
            RawColumnData<ReadOnlyMemory<byte>> bytes => [.. bytes.Values.ToArray().Select(v => Convert.ToHexString(v.Span))],
            RawColumnData<int> numbers => [.. numbers.Values.ToArray().Select(v => v.ToString(invariant))],
            RawColumnData<double> reals => [.. reals.Values.ToArray().Select(v => v.ToString("R", invariant))],
            RawColumnData<DateTime> times => [.. times.Values.ToArray().Select(v => v.ToString("O", invariant))],
            _ => throw new AssertionException($"column {field.Path} has a type this test does not read: {raw.GetType()}"),
        };
        var entries = new List<string>();
        int count = field.MaxDefinitionLevel > 0 ? definitions.Length : values.Length, value = 0;
        for (int e = 0; e < count; e++)
        {
            bool has = field.MaxDefinitionLevel == 0 || definitions[e] == field.MaxDefinitionLevel;
            string definition = definitions.Length > 0 ? definitions[e].ToString(invariant) : "-";
            string repetition = repetitions.Length > 0 ? repetitions[e].ToString(invariant) : "-";
            entries.Add($"{definition}/{repetition}:{(has ? values[value++] : "null")}");
        }

        return entries;
    }

    private static (ParquetSchema Schema, IReadOnlyDictionary<string, string> Metadata) SchemaAndMetadata(string path) => System.Threading.Tasks.Task.Run(async () =>
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        return (reader.Schema, reader.CustomMetadata);
    }).GetAwaiter().GetResult();

    private static int RowGroups(string path) => System.Threading.Tasks.Task.Run(async () =>
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        return reader.RowGroupCount;
    }).GetAwaiter().GetResult();

    [Test]
    public void Dedup_ParquetOutput_HoldsExactlyTheKeptRowsWithEveryColumnUnchanged()
    {
        // The oracle: the kept rows written by Parquet.Net itself, compared entry by entry as stored.
        string input = WideParquet("wide.parquet"), output = Path.Combine(_root, "kept.parquet"), keepList = Path.Combine(_root, "kept.txt");
        var (exit, _, err) = CliRun.Run("dedup", input, "--output", output, "--keep-list", keepList, "-q");
        string[] keptIds = File.ReadAllLines(keepList);
        string expected = WriteWide("expected.parquet", WideRows().Where(r => keptIds.Contains(r.Id)));
        Assert.That(
            (exit, keptIds, SchemaAndMetadata(output).Schema.Equals(SchemaAndMetadata(input).Schema), StoredColumns(output)),
            Is.EqualTo((Program.Success, new[] { "copy", "excerpt", "other" }, true, StoredColumns(expected))),
            err);
    }

    [Test]
    public void Dedup_ParquetOutput_WritesOneRowGroupForEachInputGroupThatKeepsARow() =>
        Assert.That(
            (CliRun.Run("dedup", WideParquet("wide.parquet"), "--output", Path.Combine(_root, "kept.parquet"), "-q").Exit, RowGroups(Path.Combine(_root, "kept.parquet"))),
            Is.EqualTo((Program.Success, 3)));

    [Test]
    public void Dedup_ParquetOutput_KeepsTheFilesKeyValueMetadata()
    {
        string input = WideParquet("wide.parquet", new Dictionary<string, string> { ["made.by"] = "a NearDup test" });
        CliRun.Run("dedup", input, "--output", Path.Combine(_root, "kept.parquet"), "-q");
        Assert.That(SchemaAndMetadata(Path.Combine(_root, "kept.parquet")).Metadata, Does.ContainKey("made.by").WithValue("a NearDup test"));
    }

    [Test]
    public void Dedup_ParquetOutputToAnotherFormat_IsAUsageErrorNamingTheFormat()
    {
        var (exit, _, err) = CliRun.Run("dedup", PlantedParquet(), "--output", Path.Combine(_root, "kept.jsonl"));
        Assert.That((exit, err.Contains("must name a file of the input's format (Parquet)", StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, true)), err);
    }

    [Test]
    public void Dedup_OutputThatFailsToWrite_LeavesNoFile()
    {
        // As when the dataset changes between the dedup's read and its write: a row the first read dropped is gone, so
        // the copy fails after the output was written; no partial file may stay behind under the output's name.
        string input = PlantedCsv(), output = Path.Combine(_root, "kept.csv");
        bool threw = false;
        try
        {
            DatasetWriter.WriteWithout(input, output, new HashSet<long> { 2, 9 });
        }
        catch (IOException e) when (e.Message.Contains("1 of the 2 rows dropped are no longer in it", StringComparison.Ordinal))
        {
            threw = true;
        }

        Assert.That((threw, File.Exists(output)), Is.EqualTo((true, false)));
    }

    // ---- --output writes the input less the rows dropped: the rows passed over are written through ------------------

    /// <summary>JSON lines dedup passes over, one of each reason, after the planted lines.</summary>
    private static readonly string[] PassedOverLines =
    [
        "not json",
        "{\"id\":\"notext\"}",
        Json("dots", "... --- !!!"),
        Json("short", "only three words"),
        Json("copy", "an id given before: this row is refused, not judged a copy of anything"),
    ];

    [Test]
    public void Dedup_JsonLinesOutput_WritesTheLinesPassedOverThrough()
    {
        string input = WriteFile("mixed.jsonl", string.Concat(Planted.Select(p => Json(p.Id, p.Text) + "\n").Concat(PassedOverLines.Select(l => l + "\n"))));
        string output = Path.Combine(_root, "out.jsonl");
        var (exit, _, err) = CliRun.Run("dedup", input, "--output", output, "--min-words", "5", "-q");

        // Planted rows 3 (near) and 4 (original) are copies of row 1 (copy); every other line stays.
        string[] lines = File.ReadAllLines(input);
        Assert.That((exit, File.ReadAllLines(output)), Is.EqualTo((Program.Success, lines.Where((_, i) => i is not (2 or 3)).ToArray())), err);
    }

    [Test]
    public void Dedup_JsonLinesOutput_LeavesOutTheDroppedRowButNotALaterRowThatRepeatsItsId()
    {
        // Row 2 is dropped as a copy of row 1; row 3 repeats row 2's id, so it was refused, never judged: the writer must
        // tell the two rows apart by their numbers, as the reader numbered them, not by the id they share.
        string[] lines = [Json("x", TestTexts.Lighthouse), Json("y", TestTexts.Lighthouse.ToUpperInvariant()), Json("y", TestTexts.Sourdough)];
        string input = WriteFile("repeat.jsonl", string.Join('\n', lines) + "\n"), output = Path.Combine(_root, "out.jsonl");
        var (exit, _, err) = CliRun.Run("dedup", input, "--output", output, "-q");
        Assert.That((exit, File.ReadAllLines(output)), Is.EqualTo((Program.Success, new[] { lines[0], lines[2] })), err);
    }

    [Test]
    public void Dedup_CsvOutput_WritesRowsOfAnotherWidthAndWithoutAnIdThroughAsTheyWere()
    {
        string[] rows =
        [
            "id,text",
            .. Planted.Select(p => $"{p.Id},{CsvField(p.Text)}"),
            "wide,\"a row\",\"with a column too many\"",
            ",\"a row without its id, \"\"quoted\"\"\"",
        ];
        string input = WriteFile("mixed.csv", string.Join('\n', rows) + "\n"), output = Path.Combine(_root, "out.csv");
        var (exit, _, err) = CliRun.Run("dedup", input, "--output", output, "-q");
        Assert.That(
            (exit, File.ReadAllText(output)),
            Is.EqualTo((Program.Success, string.Concat(rows.Where((_, i) => i is not (3 or 4)).Select(r => r + Environment.NewLine)))),
            err);
    }

    [Test]
    public void Dedup_ParquetOutput_WritesRowsWithANullTextThrough()
    {
        (string? Id, string? Text)[] rows = [.. Planted.Select(p => ((string?)p.Id, (string?)p.Text)), ("no text", null), (null, "no id")];
        string input = WriteParquet("nulls.parquet", rows, rowsPerGroup: 3), output = Path.Combine(_root, "out.parquet");
        var (exit, _, err) = CliRun.Run("dedup", input, "--output", output, "-q");
        string expected = WriteParquet("expected.parquet", [.. rows.Where((_, i) => i is not (2 or 3))], rowsPerGroup: 100);
        Assert.That((exit, StoredColumns(output)), Is.EqualTo((Program.Success, StoredColumns(expected))), err);
    }

    [Test]
    public void Dedup_DatasetOutput_SaysEachRecordPassedOverIsWrittenThrough()
    {
        string input = WriteFile("bad.jsonl", Json("a", TestTexts.Lighthouse) + "\nnot json\n");
        var (_, _, err) = CliRun.Run("dedup", input, "--output", Path.Combine(_root, "out.jsonl"), "-q");
        string line = CliRun.Lines(err).Single(l => l.Contains(" is not JSON", StringComparison.Ordinal)).Replace(input, "F");
        Assert.That(
            (line.StartsWith("neardup dedup: skipped F line 2 is not JSON", StringComparison.Ordinal), line.EndsWith("(neither kept nor dropped; written to --output as it was, since only copies are left out)", StringComparison.Ordinal)),
            Is.EqualTo((true, true)),
            line);
    }

    [Test]
    public void Dedup_DatasetOutput_SummaryNamesTheOutputAsTheInputLessTheDroppedRecords()
    {
        string input = PlantedJsonLines(), output = Path.Combine(_root, "out.jsonl");
        var (_, _, err) = CliRun.Run("dedup", input, "--output", output);
        Assert.That(err, Does.Contain($"({output} holds the input without the dropped records)"));
    }

    // ---- a damaged Parquet file gives a message naming it, not an internal error ------------------------------------

    /// <summary>The planted rows in one row group whose footer says it holds one row fewer.</summary>
    private string UndercountedParquet()
    {
        string path = PlantedParquet(rowsPerGroup: 100);
        ParquetFiles.UnderstateRowCount(path);
        return path;
    }

    [Test]
    public void DatasetWriter_ParquetWhoseRowGroupHoldsMoreRowsThanItSays_ThrowsAnIOExceptionNamingTheFile()
    {
        string input = UndercountedParquet();
        Assert.That(
            () => DatasetWriter.WriteWithout(input, Path.Combine(_root, "out.parquet"), new HashSet<long> { 1 }),
            Throws.TypeOf<IOException>().With.Message.StartsWith($"{input}: column \"id\" of row group 1 holds more rows than the row group (4)"));
    }

    [Test]
    public void Dedup_ParquetWhoseRowGroupHoldsMoreRowsThanItSays_ExitsOneNamingTheFileAndColumn()
    {
        string input = UndercountedParquet();
        var (exit, _, err) = CliRun.Run("dedup", input, "-q");
        Assert.That(
            (exit, err.StartsWith($"neardup dedup: {input}: column \"text\" of row group 1 cannot be read (", StringComparison.Ordinal)),
            Is.EqualTo((Program.Failure, true)),
            err);
    }

    [Test]
    public void Scan_JsonLines_FindsThePairsAFolderOfTheSameTextsGives()
    {
        string folder = Path.Combine(_root, "folder");
        Directory.CreateDirectory(folder);
        foreach (var (id, text) in Planted)
        {
            File.WriteAllText(Path.Combine(folder, id), text);
        }

        Assert.That(CliRun.Run("scan", PlantedJsonLines(), "--format", "jsonl", "-q").Out, Is.EqualTo(CliRun.Run("scan", folder, "--glob", "*", "--format", "jsonl", "-q").Out).And.Not.Empty);
    }

    [Test]
    [NonParallelizable]
    public void Dedup_OfJsonLinesOnStandardInput_GivesTheGroupsOfTheFileAndNamesABadLine()
    {
        string lines = File.ReadAllText(PlantedJsonLines());
        var (exit, output, err) = CliRun.RunWithStdin(lines + "{\"id\":\"broken\"\n", "dedup", "-", "--format", "jsonl");
        Assert.That(
            (exit, output, err.Contains("skipped stdin line 6 is not JSON", StringComparison.Ordinal)),
            Is.EqualTo((Program.Success, CliRun.Run("dedup", PlantedJsonLines("again.jsonl"), "--format", "jsonl").Out, true)),
            err);
    }

    [Test]
    [NonParallelizable]
    public void Dedup_OutputOfStandardInput_IsAUsageErrorPointingToTheKeepList()
    {
        var (exit, _, err) = CliRun.RunWithStdin(File.ReadAllText(PlantedJsonLines()), "dedup", "-", "--output", Path.Combine(_root, "kept.jsonl"));
        Assert.That((exit, err.Contains("cannot write the kept records of standard input", StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, true)), err);
    }

    [Test]
    public void Scan_AFileThatIsNotADataset_IsAUsageErrorSayingWhatItTakes()
    {
        var (exit, _, err) = CliRun.Run("scan", WriteFile("notes.txt", "some words here"));
        Assert.That((exit, err.Contains("is a file but not a dataset: give a folder, or a .jsonl", StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, true)), err);
    }

    /// <summary>A gzip file of the planted JSON lines written as one member, with its last member's bytes cut to
    /// <paramref name="keep"/> of them (all when null).</summary>
    private string GzippedPlanted(string name, int? keep = null)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(PlantedJsonLines()));
        }

        byte[] bytes = buffer.ToArray();
        string path = Path.Combine(_root, name);
        File.WriteAllBytes(path, bytes.AsSpan(0, keep ?? bytes.Length).ToArray());
        return path;
    }

    [Test]
    public void JsonLines_GzipCutShort_IsRefusedNamingTheFile()
    {
        string whole = GzippedPlanted("whole.jsonl.gz");
        string cut = GzippedPlanted("cut.jsonl.gz", (int)new FileInfo(whole).Length - 12);
        var (exit, _, err) = CliRun.Run("scan", cut);
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.Failure, $"neardup scan: {cut}: the gzip data is truncated or damaged (its end does not match the CRC and length it records); the file cannot be read whole.")));
    }

    [Test]
    public void JsonLines_GzipOfTwoMembers_IsReadWhole()
    {
        string path = Path.Combine(_root, "two.jsonl.gz");
        byte[] lines = File.ReadAllBytes(PlantedJsonLines());
        int half = Array.IndexOf(lines, (byte)'\n') + 1;
        using (FileStream file = File.Create(path))
        {
            foreach (byte[] part in new[] { lines[..half], lines[half..] })
            {
                using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                gzip.Write(part);
            }
        }

        Assert.That(Read(path), Is.EqualTo(Read(PlantedJsonLines("plain.jsonl"))));
    }

    [Test]
    public void JsonLines_GzNameOverOtherBytes_IsRefusedNamingTheFile()
    {
        string path = WriteFile("fake.jsonl.gz", "these bytes are not gzip at all\n");
        var (exit, _, err) = CliRun.Run("scan", path);
        Assert.That((exit, err.StartsWith($"neardup scan: {path}: not gzip data, or damaged", StringComparison.Ordinal)), Is.EqualTo((Program.Failure, true)), err);
    }

    [Test]
    public void JsonLines_LineThatIsNotUtf8_IsPassedOverWithItsLineAndTheRestRead()
    {
        string path = Path.Combine(_root, "mixed.jsonl");
        File.WriteAllBytes(path, [.. "{\"id\":\"a\",\"text\":\"one two\"}\n{\"id\":\"b\",\"text\":\"caf"u8, 0xE9, .. "\"}\n{\"id\":\"c\",\"text\":\"three\"}\n"u8]);
        Assert.That(
            Read(path).Select(r => r.Item4?.Replace(path, "F") ?? $"ok {r.Item2}"),
            Is.EqualTo(new[] { "ok a", "F line 2 is not valid UTF-8 (invalid byte at offset 21 of the line)", "ok c" }));
    }

    [Test]
    public void Dedup_OutputOfJsonLinesWithALineThatIsNotUtf8_KeepsThatLineByteForByte()
    {
        string path = Path.Combine(_root, "mixed.jsonl");
        byte[] broken = [.. "{\"id\":\"x\",\"text\":\"caf"u8, 0xE9, .. "\"}"u8];
        string planted = File.ReadAllText(PlantedJsonLines());
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(planted), .. broken, (byte)'\n']);
        string output = Path.Combine(_root, "out.jsonl");
        var (exit, _, _) = CliRun.Run("dedup", path, "--output", output, "-q");
        byte[][] lines = [.. SplitLines(File.ReadAllBytes(output))];
        Assert.That((exit, lines.Any(l => l.AsSpan().SequenceEqual(broken))), Is.EqualTo((Program.Success, true)));
    }

    private static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                yield return bytes[start..i];
                start = i + 1;
            }
        }
    }

    [Test]
    public void Csv_QuoteThatIsNeverClosed_IsRefusedNamingItsRow()
    {
        string path = WriteFile("open.csv", "id,text\nr0,\"this field opens a quote\nr1,the same words\nr2,the same words\n");
        var (exit, _, err) = CliRun.Run("scan", path);
        Assert.That((exit, err.StartsWith($"neardup scan: {path} row 1 (line 2) opens a quoted field that is never closed", StringComparison.Ordinal)), Is.EqualTo((Program.Failure, true)), err);
    }

    [Test]
    public void Csv_NotUtf8_IsRefusedNamingTheLine()
    {
        string path = Path.Combine(_root, "latin1.csv");
        File.WriteAllBytes(path, [.. "id,text\na,one two\nb,caf"u8, 0xE9, .. "\n"u8]);
        var (exit, _, err) = CliRun.Run("scan", path);
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.Failure, $"neardup scan: {path} line 3 is not valid UTF-8 (invalid byte at offset 5 of the line); the file is read as UTF-8 only.")));
    }

    [Test]
    public void Csv_HeaderNamingAColumnTwice_IsRefusedNamingTheFile()
    {
        string path = WriteFile("twice.csv", "text,text\nhello world,bye world\n");
        var (exit, _, err) = CliRun.Run("scan", path);
        Assert.That((exit, err.StartsWith($"neardup scan: {path}: its header cannot be read: ", StringComparison.Ordinal)), Is.EqualTo((Program.Failure, true)), err);
    }

    [Test]
    public void Scan_GlobOnADataset_IsRefusedAsUnused()
    {
        var (exit, _, err) = CliRun.Run("scan", PlantedJsonLines(), "--exclude", "*");
        Assert.That((exit, err.Trim()), Is.EqualTo((Program.UsageError, "neardup scan: --exclude chooses files of a folder, and no input is a folder; leave it out.")));
    }

    [Test]
    public void Parquet_FileThatIsNotParquet_IsRefusedNamingTheFile()
    {
        string path = WriteFile("fake.parquet", "these bytes are not parquet\n");
        var (exit, _, err) = CliRun.Run("scan", path);
        Assert.That((exit, err.StartsWith($"neardup scan: {path}: not a Parquet file, or its footer is damaged (", StringComparison.Ordinal)), Is.EqualTo((Program.Failure, true)), err);
    }
}
