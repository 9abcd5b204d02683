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

        string[] outputs = [.. new[] { folder, PlantedJsonLines(), PlantedCsv(), PlantedParquet() }.Select(input => CliRun.Run("dedup", input, "--glob", "*", "--format", "jsonl").Out)];
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
    public void Dedup_CsvOutput_HoldsTheHeaderAndTheKeptRows()
    {
        string output = Path.Combine(_root, "kept.csv");
        var (exit, _, err) = CliRun.Run("dedup", PlantedCsv(), "--output", output, "--keep", "longest", "-q");
        Assert.That(
            (exit, Read(output).Select(r => (r.Item2, r.Item3)).ToArray()),
            Is.EqualTo((Program.Success, new[] { Planted[1], Planted[2], Planted[4] }.Select(p => ((string?)p.Id, (string?)p.Text)).ToArray())),
            err);
    }

    [Test]
    public void Dedup_ParquetOutput_IsAUsageErrorSayingWhatToUseInstead()
    {
        var (exit, _, err) = CliRun.Run("dedup", PlantedParquet(), "--output", Path.Combine(_root, "kept.parquet"));
        Assert.That((exit, err.Contains("cannot write Parquet yet; use --keep-list", StringComparison.Ordinal)), Is.EqualTo((Program.UsageError, true)), err);
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
}
