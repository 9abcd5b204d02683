using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using NearDup.Cli;
using NearDup.Cli.Index;
using NearDup.Detection;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>
/// <c>index add</c> and <c>index query</c> read what <c>scan</c> and <c>dedup</c> read: dataset files (JSON Lines plain
/// and gzip, CSV, TSV, Parquet) with named fields, JSON lines on standard input, folders with <c>--exclude</c>, and
/// <c>--min-words</c>; a malformed record is named with its row and the others are read.
/// </summary>
public class IndexDatasetTests
{
    /// <summary>The originals, as records.</summary>
    private static readonly (string Id, string Text)[] Originals =
    [
        ("lighthouse", TestTexts.Lighthouse),
        ("sourdough", TestTexts.Sourdough),
        ("harbour", SpinTexts.Harbour),
    ];

    /// <summary>The copies to query, as records, and what each copies.</summary>
    private static readonly (string Id, string Text)[] Copies =
    [
        ("copy", TestTexts.Lighthouse.ToUpperInvariant()),
        ("near", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260)),
        ("excerpt", TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3)),
        ("spun", Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 2 }).Text),
        ("unrelated", TestTexts.BeesTwo),
    ];

    /// <summary>What querying <see cref="Copies"/> against <see cref="Originals"/> finds: (a, b, kind), by b.</summary>
    private static readonly (string, string, string)[] Expected =
    [
        ("lighthouse", "copy", "exact"),
        ("lighthouse", "excerpt", "contained"),
        ("lighthouse", "near", "near-duplicate"),
        ("harbour", "spun", "spun"),
    ];

    private string _root = string.Empty;

    private string IndexDir => Path.Combine(_root, "index");

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-index-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        Assert.That(CliRun.Run("index", "create", IndexDir).Exit, Is.EqualTo(Program.Success));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private string WriteFile(string name, string content)
    {
        string path = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static string Json(string id, string text) => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = id, ["text"] = text });

    private string JsonLines(string name, IEnumerable<(string Id, string Text)> records) =>
        WriteFile(name, string.Join('\n', records.Select(r => Json(r.Id, r.Text))) + "\n");

    private static string CsvField(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    private static string[] IndexedIds(string index)
    {
        using NearDupIndex opened = NearDupIndex.OpenReadOnly(index);
        return [.. Originals.Concat(Copies).Select(r => r.Id).Where(opened.Contains).Order(StringComparer.Ordinal)];
    }

    private static (string, string, string)[] Verdicts(string jsonl) =>
        [.. CliRun.Lines(jsonl).Select(line =>
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            return (root.GetProperty("a").GetString()!, root.GetProperty("b").GetString()!, root.GetProperty("kind").GetString()!);
        }).OrderBy(v => v.Item2, StringComparer.Ordinal)];

    private void AddOriginals() =>
        Assert.That(CliRun.Run("index", "add", IndexDir, JsonLines("originals.jsonl", Originals)).Exit, Is.EqualTo(Program.Success));

    // ---- add --------------------------------------------------------------------------------------------------------

    [Test]
    public void Add_JsonLinesWithDottedFields_IndexesEachRecordUnderItsId()
    {
        string path = WriteFile("nested.jsonl", string.Concat(Originals.Select(o =>
            JsonSerializer.Serialize(new { meta = new { key = o.Id }, body = new { text = o.Text } }) + "\n")));
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, path, "--id-field", "meta.key", "--text-field", "body.text");
        Assert.That((exit, IndexedIds(IndexDir)), Is.EqualTo((Program.Success, new[] { "harbour", "lighthouse", "sourdough" })), err);
    }

    [Test]
    public void Add_GzippedJsonLines_IndexesItsRecords()
    {
        string gz = Path.Combine(_root, "originals.jsonl.gz");
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            output.Write(File.ReadAllBytes(JsonLines("plain.jsonl", Originals)));
        }

        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, gz);
        Assert.That((exit, IndexedIds(IndexDir)), Is.EqualTo((Program.Success, new[] { "harbour", "lighthouse", "sourdough" })), err);
    }

    [Test]
    public void Add_CsvWithIdAndTextColumns_IndexesEachRow()
    {
        string path = WriteFile("originals.csv", "body,key\n" + string.Concat(Originals.Select(o => $"{CsvField(o.Text)},{o.Id}\n")));
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, path, "--id-column", "key", "--text-column", "body");
        Assert.That((exit, IndexedIds(IndexDir)), Is.EqualTo((Program.Success, new[] { "harbour", "lighthouse", "sourdough" })), err);
    }

    [Test]
    public void Add_Tsv_IndexesEachRow()
    {
        string path = WriteFile("originals.tsv", "id\ttext\n" + string.Concat(Originals.Select(o => $"{o.Id}\t{CsvField(o.Text)}\n")));
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, path);
        Assert.That((exit, IndexedIds(IndexDir)), Is.EqualTo((Program.Success, new[] { "harbour", "lighthouse", "sourdough" })), err);
    }

    [Test]
    public void Add_ParquetOfSeveralRowGroups_IndexesEveryRow()
    {
        string path = ParquetFiles.WriteIdText(Path.Combine(_root, "originals.parquet"), [.. Originals.Select(o => ((string?)o.Id, (string?)o.Text))], rowsPerGroup: 2);
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, path);
        Assert.That((exit, IndexedIds(IndexDir)), Is.EqualTo((Program.Success, new[] { "harbour", "lighthouse", "sourdough" })), err);
    }

    [Test]
    public void Add_DatasetWithMalformedRows_NamesEachWithItsRowAndAddsTheRest()
    {
        string path = WriteFile("mixed.jsonl", Json("lighthouse", TestTexts.Lighthouse) + "\n{\"id\":\"broken\",\n{\"id\":\"notext\"}\n" + Json("sourdough", TestTexts.Sourdough) + "\n");
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, path);
        Assert.That(
            (exit, CliRun.Lines(err).Select(l => l.Replace(path, "F")).Select(l => l.Contains(" is not JSON (", StringComparison.Ordinal) ? l[..l.IndexOf(" (", StringComparison.Ordinal)] : l)),
            Is.EqualTo((Program.Success, new[]
            {
                "neardup index add: skipped F line 2 is not JSON",
                "neardup index add: skipped F line 3 has no string field \"text\"",
                "neardup index add: 2 added, 2 skipped; 2 documents in the index.",
            })));
    }

    [Test]
    public void Add_DatasetWithoutTheTextColumn_ExitsOneNamingItAndWhatIsCommitted()
    {
        string folder = Path.Combine(_root, "folder");
        WriteFile("folder/a.txt", TestTexts.Lighthouse);
        string csv = WriteFile("nobody.csv", "id,body\nx,some words\n");
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, folder, csv);
        Assert.That(
            (exit, CliRun.Lines(err)),
            Is.EqualTo((IndexCommand.Failure, new[] { $"neardup index add: {csv}: no column \"text\" in the header (id, body). Nothing after it was read; what was read before it is committed and durable: 1 documents in 1 batches." })));
    }

    [Test]
    public void Add_MinWords_PassesOverShorterDocumentsNamingThem()
    {
        string path = JsonLines("short.jsonl", [("long", TestTexts.Lighthouse), ("short", "only three words")]);
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, path, "--min-words", "10");
        Assert.That(
            (exit, CliRun.Lines(err)),
            Is.EqualTo((Program.Success, new[] { "neardup index add: skipped short: 3 words, fewer than --min-words 10", "neardup index add: 1 added, 1 skipped; 1 documents in the index." })));
    }

    [TestCase("0")]
    [TestCase("-2")]
    public void Add_MinWordsBelowOne_ExitsTwoNamingTheOption(string value)
    {
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, _root, "--min-words", value);
        Assert.That((exit, CliRun.Lines(err)), Is.EqualTo((Program.UsageError, new[] { $"neardup index add: --min-words must be at least 1; got {value}." })));
    }

    [Test]
    public void Add_Exclude_LeavesTheMatchingFilesOut()
    {
        string folder = Path.Combine(_root, "folder");
        WriteFile("folder/lighthouse.txt", TestTexts.Lighthouse);
        WriteFile("folder/drafts/sourdough.txt", TestTexts.Sourdough);
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, folder, "--exclude", "drafts/**");
        using NearDupIndex index = NearDupIndex.OpenReadOnly(IndexDir);
        Assert.That((exit, index.Count, index.Contains("lighthouse.txt")), Is.EqualTo((Program.Success, 1L, true)), err);
    }

    [Test]
    [NonParallelizable] // replaces Console.In
    public void Add_StdinWithNamedFields_IndexesUnderTheNamedId()
    {
        string stdin = string.Concat(Originals.Select(o => JsonSerializer.Serialize(new { doc = new { name = o.Id }, content = o.Text }) + "\n"));
        var (exit, _, err) = CliRun.RunWithStdin(stdin, "index", "add", IndexDir, "-", "--id-field", "doc.name", "--text-field", "content");
        Assert.That((exit, IndexedIds(IndexDir)), Is.EqualTo((Program.Success, new[] { "harbour", "lighthouse", "sourdough" })), err);
    }

    [Test]
    public void Add_TheSameDatasetTwice_SkipsTheIndexedIds()
    {
        AddOriginals();
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, JsonLines("again.jsonl", Originals));
        Assert.That((exit, CliRun.Lines(err)[^1]), Is.EqualTo((Program.Success, "neardup index add: 0 added, 3 skipped; 3 documents in the index.")));
    }

    // ---- records without an id are named by their input's path and row ---------------------------------------------

    /// <summary>A CSV dataset of <paramref name="texts"/> with a text column and no id column.</summary>
    private string CsvWithoutIds(string name, params string[] texts) =>
        WriteFile(name, "text\n" + string.Concat(texts.Select(t => CsvField(t) + "\n")));

    [Test]
    public void Add_TwoDatasetsWithoutIds_IndexesEveryRowUnderItsInputsPathAndRow()
    {
        string a = CsvWithoutIds("a.csv", TestTexts.Lighthouse, TestTexts.Sourdough), b = CsvWithoutIds("b.csv", SpinTexts.Harbour, TestTexts.BeesTwo);
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, a, b);
        using NearDupIndex index = NearDupIndex.OpenReadOnly(IndexDir);
        Assert.That(
            (exit, index.Count, new[] { $"{a}#1", $"{a}#2", $"{b}#1", $"{b}#2" }.All(index.Contains)),
            Is.EqualTo((Program.Success, 4L, true)),
            err);
    }

    [Test]
    public void Add_ADatasetWithoutIdsAgain_SaysItsIdsAreItsPathAndRowsAddedBefore()
    {
        string a = CsvWithoutIds("a.csv", TestTexts.Lighthouse);
        CliRun.Run("index", "add", IndexDir, a);
        var (_, _, err) = CliRun.Run("index", "add", IndexDir, a);
        Assert.That(
            CliRun.Lines(err)[0],
            Is.EqualTo($"neardup index add: skipped {a}#1: id is already indexed (the record has no id field, so its id is its input's path and row, and an input named {a} was added before; give --id-field to use ids of your own, or remove it first to replace it)"));
    }

    [Test]
    public void Add_TwoDatasetsWithTheSameIds_NamesBothInputsAsTheCause()
    {
        string a = JsonLines("a.jsonl", [Originals[0]]), b = JsonLines("b.jsonl", [(Originals[0].Id, TestTexts.BeesTwo)]);
        var (_, _, err) = CliRun.Run("index", "add", IndexDir, a, b);
        Assert.That(
            CliRun.Lines(err)[0],
            Is.EqualTo($"neardup index add: skipped lighthouse: an earlier input of this run has the same id ({a} and {b} both give it)"));
    }

    [Test]
    public void Add_Help_SaysHowRecordsWithoutIdsAreNamed() =>
        Assert.That(CliRun.Run("index", "add", "--help").Out.ReplaceLineEndings(" "), Does.Match(@"qualify +the +row +number +with +the +input's +path +\(data\.csv#2\)"));

    [Test]
    public void Query_DatasetWithoutIds_NamesEachQueryByItsPathAndRow()
    {
        AddOriginals();
        string copies = CsvWithoutIds("copies.csv", TestTexts.BeesTwo, Copies[0].Text);
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, copies, "--format", "jsonl");
        Assert.That((exit, Verdicts(output)), Is.EqualTo((Program.Success, new[] { ("lighthouse", $"{copies}#2", "exact") })), err);
    }

    [Test]
    public void Query_TwoDatasetsWithTheSameIds_NamesBothInputsAsTheCause()
    {
        AddOriginals();
        string a = JsonLines("a.jsonl", [Copies[0]]), b = JsonLines("b.jsonl", [(Copies[0].Id, TestTexts.BeesTwo)]);
        var (_, _, err) = CliRun.Run("index", "query", IndexDir, a, b);
        Assert.That(CliRun.Lines(err), Is.EqualTo(new[] { $"neardup index query: two inputs have the id copy ({a} and {b} both give it): their verdicts share it" }));
    }

    // ---- patterns are checked with the other options, before anything is read ---------------------------------------

    [Test]
    public void Add_GlobClimbingOutOfTheFolder_IsAUsageErrorBeforeAnythingIsAdded()
    {
        string folder = Path.Combine(_root, "folder");
        WriteFile("folder/a.txt", TestTexts.Sourdough);
        var (exit, _, err) = CliRun.Run("index", "add", IndexDir, JsonLines("originals.jsonl", Originals), folder, "--glob", "../*.txt", "--batch", "1");
        using NearDupIndex index = NearDupIndex.OpenReadOnly(IndexDir);
        Assert.That((exit, index.Count), Is.EqualTo((Program.UsageError, 0L)), err);
    }

    [Test]
    public void Query_AbsoluteExclude_IsAUsageErrorNamingThePattern()
    {
        AddOriginals();
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, JsonLines("copies.jsonl", Copies), "--exclude", "/tmp/*.txt");
        Assert.That(
            (exit, output, CliRun.Lines(err)),
            Is.EqualTo((Program.UsageError, string.Empty, new[] { "neardup index query: --exclude /tmp/*.txt: patterns are matched under the folder, so they cannot be absolute or contain '..'." })));
    }

    // ---- an input that cannot be read keeps what the inputs before it found ---------------------------------------

    [Test]
    public void Query_JsonlWithAnUnreadableLaterInput_WritesTheEarlierVerdictsAndExitsOneNamingIt()
    {
        AddOriginals();
        string copies = JsonLines("copies.jsonl", Copies), nobody = WriteFile("nobody.csv", "id,body\nx,some words\n");
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, copies, nobody, "--format", "jsonl");
        Assert.That(
            (exit, Verdicts(output), CliRun.Lines(err)),
            Is.EqualTo((IndexCommand.Failure, Expected, new[] { $"neardup index query: {nobody}: no column \"text\" in the header (id, body). Nothing after it was read; the copies found before it are written." })));
    }

    [Test]
    public void Query_TextWithAnUnreadableLaterInput_WritesTheEarlierVerdictsAsTheTable()
    {
        AddOriginals();
        string copies = JsonLines("copies.jsonl", Copies), nobody = WriteFile("nobody.csv", "id,body\nx,some words\n");
        var (exit, output, _) = CliRun.Run("index", "query", IndexDir, copies, nobody);
        Assert.That((exit, output), Is.EqualTo((IndexCommand.Failure, CliRun.Run("index", "query", IndexDir, copies).Out)));
    }

    // ---- query ------------------------------------------------------------------------------------------------------

    [Test]
    public void Query_JsonLines_FindsTheCopiesUnderTheRecordIds()
    {
        AddOriginals();
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, JsonLines("copies.jsonl", Copies), "--format", "jsonl");
        Assert.That((exit, Verdicts(output)), Is.EqualTo((Program.Success, Expected)), err);
    }

    [Test]
    public void Query_Csv_FindsWhatTheJsonLinesFind()
    {
        AddOriginals();
        string csv = WriteFile("copies.csv", "id,text\n" + string.Concat(Copies.Select(c => $"{c.Id},{CsvField(c.Text)}\n")));
        Assert.That(Verdicts(CliRun.Run("index", "query", IndexDir, csv, "--format", "jsonl").Out), Is.EqualTo(Expected));
    }

    [Test]
    public void Query_Parquet_FindsWhatTheJsonLinesFind()
    {
        AddOriginals();
        string parquet = ParquetFiles.WriteIdText(Path.Combine(_root, "copies.parquet"), [.. Copies.Select(c => ((string?)c.Id, (string?)c.Text))], rowsPerGroup: 2);
        Assert.That(Verdicts(CliRun.Run("index", "query", IndexDir, parquet, "--format", "jsonl").Out), Is.EqualTo(Expected));
    }

    [Test]
    [NonParallelizable] // replaces Console.In
    public void Query_StdinWithNamedFields_UsesTheNamedIdsAsB()
    {
        AddOriginals();
        string stdin = JsonSerializer.Serialize(new { doc = new { name = "from-stdin" }, content = TestTexts.Lighthouse }) + "\n";
        var (exit, output, err) = CliRun.RunWithStdin(stdin, "index", "query", IndexDir, "-", "--id-field", "doc.name", "--text-field", "content", "--format", "jsonl");
        Assert.That((exit, Verdicts(output)), Is.EqualTo((Program.Success, new[] { ("lighthouse", "from-stdin", "exact") })), err);
    }

    [Test]
    public void Query_DatasetWithAMalformedRow_NamesItWithItsRowAndQueriesTheRest()
    {
        AddOriginals();
        string path = WriteFile("copies.csv", "id,text\nshort,row,extra\ncopy," + CsvField(Copies[0].Text) + "\n");
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, path, "--format", "jsonl");
        Assert.That(
            (exit, Verdicts(output), CliRun.Lines(err)),
            Is.EqualTo((Program.Success, new[] { ("lighthouse", "copy", "exact") }, new[] { $"neardup index query: skipped {path} row 1 (line 2) has 3 columns, the header 2" })));
    }

    [Test]
    public void Query_MinWords_PassesOverShorterQueriesNamingThem()
    {
        AddOriginals();
        string path = JsonLines("copies.jsonl", [Copies[0], ("short", "only three words")]);
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, path, "--min-words", "10", "--format", "jsonl");
        Assert.That(
            (exit, Verdicts(output), CliRun.Lines(err)),
            Is.EqualTo((Program.Success, new[] { ("lighthouse", "copy", "exact") }, new[] { "neardup index query: skipped short: 3 words, fewer than --min-words 10" })));
    }

    [Test]
    public void Query_ADocumentWithoutWords_IsPassedOverByName()
    {
        AddOriginals();
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, JsonLines("dots.jsonl", [("dots", "... --- !!!")]));
        Assert.That(
            (exit, output.Trim(), CliRun.Lines(err)),
            Is.EqualTo((Program.Success, "No copies found.", new[] { "neardup index query: skipped dots: no words (only white space, punctuation or symbols)" })));
    }

    [Test]
    public void Query_Exclude_LeavesTheMatchingFilesOut()
    {
        AddOriginals();
        string folder = Path.Combine(_root, "copies");
        WriteFile("copies/copy.txt", Copies[0].Text);
        WriteFile("copies/old/near.txt", Copies[1].Text);
        var (exit, output, err) = CliRun.Run("index", "query", IndexDir, folder, "--exclude", "old/*", "--format", "jsonl");
        Assert.That((exit, Verdicts(output)), Is.EqualTo((Program.Success, new[] { ("lighthouse", "copy.txt", "exact") })), err);
    }
}
