using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Cli;

/// <summary>
/// Every JSON record the CLI writes validates against its schema in <c>schema/</c> (pairs from <c>scan</c> and
/// <c>index query</c>, groups from <c>dedup</c>, recurring passages from <c>boilerplate</c>), over a folder that holds
/// every kind of copy; and the schemas reject records that drifted from them, so the validation is not vacuous.
/// </summary>
public class SchemaTests
{
    private string _root = string.Empty;

    private string Folder => Path.Combine(_root, "docs");

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "neardup-schema-" + Guid.NewGuid().ToString("N"));
        Write("original.txt", TestTexts.Lighthouse);
        Write("copy.txt", TestTexts.Lighthouse.ToUpperInvariant());
        Write("near.txt", TestTexts.ReplaceWords(TestTexts.Lighthouse, 20, 50, 200, 240, 260));
        Write("excerpt.txt", TestTexts.Excerpt(TestTexts.Lighthouse, 0.35, 0.3));
        Write("harbour.txt", SpinTexts.Harbour);
        Write("spun.txt", Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.3, Seed = 2 }).Text);
        const string Footer = "You are receiving this note because you are on the harbour rowing list. To leave it, reply with the word leave, or change your settings on the list's page.";
        string[] sentences = SpinTexts.Orchard.Split(". ");
        for (int i = 0; i < 4; i++)
        {
            Write($"note{i}.txt", string.Join(". ", sentences.Skip(2 * i).Take(2)) + ".\n\n" + Footer);
        }
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private void Write(string name, string text)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, name), text, new UTF8Encoding(false));
    }

    /// <summary>Each schema, loaded once: the library registers a schema's $id globally and refuses a second load.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Loaded = new(StringComparer.Ordinal);

    private static JsonSchema Schema(string name) =>
        Loaded.GetOrAdd(name, n => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "schema", n))))).Value;

    /// <summary>The problems of each of <paramref name="lines"/> against <paramref name="schema"/>; empty when all validate.</summary>
    private static List<string> Problems(JsonSchema schema, IEnumerable<string> lines)
    {
        var problems = new List<string>();
        foreach (string line in lines)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            EvaluationResults results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!results.IsValid)
            {
                problems.Add(line[..Math.Min(line.Length, 80)] + " — " + string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
            }
        }

        return problems;
    }

    [Test]
    public void Scan_PairRecordsOfEveryKind_ValidateAgainstThePairSchema()
    {
        string[] lines = CliRun.Lines(CliRun.Run("scan", Folder, "--format", "jsonl", "-q").Out);
        string[] kinds = [.. lines.Select(l => JsonNode.Parse(l)!["kind"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal)];
        Assert.That((kinds, Problems(Schema("neardup-pair.v1.schema.json"), lines)), Is.EqualTo((new[] { "contained", "exact", "near-duplicate", "spun" }, new List<string>())));
    }

    [Test]
    public void Scan_ARewriteFoundByItsSentences_ValidatesAgainstThePairSchema()
    {
        Write("flood.txt", SpinTexts.FloodReport);
        Write("flood-rewritten.txt", SpinTexts.FloodReportRestructured);
        string[] lines = [.. CliRun.Lines(CliRun.Run("scan", Folder, "--format", "jsonl", "-q").Out).Where(l => JsonNode.Parse(l)!["evidence"]!["basis"] is not null)];
        Assert.That((lines.Length, Problems(Schema("neardup-pair.v1.schema.json"), lines)), Is.EqualTo((1, new List<string>())));
    }

    [Test]
    public void Scan_ARewriteFoundByItsSentencesInsideALongerText_SaysWhichSideIsInsideAndValidates()
    {
        Write("flood.txt", SpinTexts.FloodReport);
        Write("blog.txt", SpinTexts.Harbour + "\n\n" + SpinTexts.FloodReportRestructured + "\n\n" + SpinTexts.Orchard);
        string[] lines = [.. CliRun.Lines(CliRun.Run("scan", Folder, "--format", "jsonl", "-q").Out).Where(l => JsonNode.Parse(l)!["evidence"]!["basis"] is not null)];
        string?[] within = [.. lines.Select(l => (string?)JsonNode.Parse(l)!["evidence"]!["within"])];
        Assert.That((within, Problems(Schema("neardup-pair.v1.schema.json"), lines)), Is.EqualTo((new[] { "b_in_a" }, new List<string>())));
    }

    [Test]
    public void Scan_ARewordedExcerpt_SaysSoAndValidatesAgainstThePairSchema()
    {
        // Two texts alone, each a third the same passage, lightly reworded in one.
        string folder = Path.Combine(_root, "reworded");
        Directory.CreateDirectory(folder);
        string spun = Spinner.Default.Spin(SpinTexts.Harbour, new SpinOptions { Rate = 0.10, Seed = 1 }).Text;
        File.WriteAllText(Path.Combine(folder, "report.txt"), SpinTexts.FloodReport + "\n\n" + SpinTexts.Harbour + "\n\n" + TestTexts.Lighthouse);
        File.WriteAllText(Path.Combine(folder, "bakery.txt"), TestTexts.Sourdough + "\n\n" + spun + "\n\n" + SpinTexts.Orchard);
        string[] lines = CliRun.Lines(CliRun.Run("scan", folder, "--format", "jsonl", "-q").Out);
        string?[] records = [.. lines.Select(l => JsonNode.Parse(l)!).Select(n => $"{n["kind"]} {n["evidence"]!["basis"]}")];
        Assert.That((records, Problems(Schema("neardup-pair.v1.schema.json"), lines)), Is.EqualTo((new[] { "contained reworded" }, new List<string>())));
    }

    [Test]
    public void Scan_ACampaignAdAMailingIsNearlyAllOf_SaysItIsWidelyHeldAndValidatesAgainstThePairSchema()
    {
        // Twelve mailings hold one ad: six are the ad and an opt-out code, six add a paragraph of their own after it. The
        // ad weighs a twelfth of its words, too few for an excerpt, but it is nearly all of a short mailing's own text.
        string folder = Path.Combine(_root, "campaign");
        Directory.CreateDirectory(folder);
        List<string> mailings = MailTexts.CampaignMailings();
        for (int i = 0; i < mailings.Count; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"mail{i:00}.txt"), mailings[i], new UTF8Encoding(false));
        }

        // Every short mailing is inside every long one; where the ad's edges, picked by windows that reach into the
        // mailing's own line, weigh enough by themselves, the pair is an excerpt without the ad's share, so not every
        // record says why; those that do are these pairs.
        string[] lines = CliRun.Lines(CliRun.Run("scan", folder, "--format", "jsonl", "-q").Out);
        JsonNode[] shortInLong = [.. lines.Select(l => JsonNode.Parse(l)!).Where(n => string.CompareOrdinal((string?)n["a"], "mail06.txt") < 0 && string.CompareOrdinal((string?)n["b"], "mail06.txt") >= 0)];
        string[] basisGiven = [.. lines.Where(l => JsonNode.Parse(l)!["evidence"]!["basis"] is not null)];
        Assert.That(
            (shortInLong.Length, shortInLong.All(n => (string?)n["kind"] == "contained"), basisGiven.Length > 0,
                basisGiven.All(l => shortInLong.Any(n => n.ToJsonString() == JsonNode.Parse(l)!.ToJsonString()) && (string?)JsonNode.Parse(l)!["evidence"]!["basis"] == "widely-held"),
                Problems(Schema("neardup-pair.v1.schema.json"), lines)),
            Is.EqualTo((36, true, true, true, new List<string>())));
    }

    /// <summary>The list footer on nineteen notes of two sentences each and on the copy of a text (300 words) that also
    /// stands alone: the copy's plain coverage is under 0.8, its distinctive text whole.</summary>
    private string WriteTextAndItsCopyWithAFooter()
    {
        string folder = Path.Combine(_root, "footer");
        Directory.CreateDirectory(folder);
        string[] sentences = [.. SpinTexts.Orchard.Split(". ").Concat(SpinTexts.FloodReport.Split(". ")).Concat(TestTexts.Sourdough.Split(". ")).Concat(SpinTexts.Harbour.Split(". ")).Concat(SpinTexts.FloodOpinion.Split(". "))];
        for (int i = 0; i < 19; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"note{i:00}.txt"), string.Join(". ", sentences.Skip(2 * i).Take(2)) + ".\n\n" + MailTexts.ListFooter, new UTF8Encoding(false));
        }

        File.WriteAllText(Path.Combine(folder, "article.txt"), TestTexts.Lighthouse, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "article-on-the-list.txt"), TestTexts.Lighthouse + "\n\n" + MailTexts.ListFooter, new UTF8Encoding(false));
        return folder;
    }

    [Test]
    public void Scan_ATextAndItsCopyWithAFooterTwentyNotesCarry_IsANearDuplicateByDistinctiveTextAndValidates()
    {
        string[] lines = CliRun.Lines(CliRun.Run("scan", WriteTextAndItsCopyWithAFooter(), "--format", "jsonl", "-q").Out);
        string[] records = [.. lines.Select(l => JsonNode.Parse(l)!).Select(n => $"{n["a"]} {n["b"]} {n["kind"]} {n["evidence"]!["basis"]}")];
        Assert.That(
            (records, Problems(Schema("neardup-pair.v1.schema.json"), lines)),
            Is.EqualTo((new[] { "article-on-the-list.txt article.txt near-duplicate distinctive" }, new List<string>())));
    }

    [Test]
    public void Scan_ATextAndItsCopyWithAFooterTwentyNotesCarry_SaysInTextThatTheRestIsWidelyHeld() =>
        Assert.That(
            CliRun.Run("scan", WriteTextAndItsCopyWithAFooter(), "-q").Out,
            Does.Contain("the same distinctive text, the rest text many documents hold"));

    [Test]
    public void IndexQuery_PairRecords_ValidateAgainstThePairSchema()
    {
        string index = Path.Combine(_root, "index");
        CliRun.Run("index", "create", index);
        CliRun.Run("index", "add", index, Path.Combine(Folder, "original.txt"), Path.Combine(Folder, "harbour.txt"));
        string[] lines = CliRun.Lines(CliRun.Run("index", "query", index, Folder, "--format", "jsonl").Out);
        Assert.That((lines.Length > 3, Problems(Schema("neardup-pair.v1.schema.json"), lines)), Is.EqualTo((true, new List<string>())));
    }

    [Test]
    public void IndexQuery_SaysTheIndexedDocumentIsTheOriginalAndScanSaysNothing()
    {
        string index = Path.Combine(_root, "index");
        CliRun.Run("index", "create", index);
        CliRun.Run("index", "add", index, Path.Combine(Folder, "original.txt"));
        string[] query = CliRun.Lines(CliRun.Run("index", "query", index, Folder, "--format", "jsonl").Out);
        string[] scan = CliRun.Lines(CliRun.Run("scan", Folder, "--format", "jsonl", "-q").Out);
        Assert.That(
            (query.Length > 0, query.All(l => JsonNode.Parse(l)!["original"]?.GetValue<string>() == "a"), scan.Any(l => JsonNode.Parse(l)!["original"] is not null)),
            Is.EqualTo((true, true, false)));
    }

    [Test]
    public void Dedup_GroupRecords_ValidateAgainstTheGroupSchema()
    {
        string[] lines = CliRun.Lines(CliRun.Run("dedup", Folder, "--kinds", "all", "--format", "jsonl", "-q").Out);
        Assert.That((lines.Length, Problems(Schema("neardup-group.v1.schema.json"), lines)), Is.EqualTo((2, new List<string>())));
    }

    [Test]
    public void ScanGroups_GroupRecords_ValidateAgainstTheGroupSchema()
    {
        string[] lines = CliRun.Lines(CliRun.Run("scan", Folder, "--groups", "--group-kinds", "all", "--format", "jsonl", "-q").Out);
        Assert.That((lines.Length, Problems(Schema("neardup-group.v1.schema.json"), lines)), Is.EqualTo((2, new List<string>())));
    }

    [Test]
    public void Boilerplate_PassageRecords_ValidateAgainstTheBoilerplateSchema()
    {
        string[] lines = CliRun.Lines(CliRun.Run("boilerplate", Folder, "--format", "jsonl").Out);
        Assert.That((lines.Length > 0, Problems(Schema("neardup-boilerplate.v1.schema.json"), lines)), Is.EqualTo((true, new List<string>())));
    }

    [TestCase("copy.txt", "exact")]
    [TestCase("spun.txt", "spun")]
    [TestCase("excerpt.txt", "contained")]
    public void Explain_Json_ValidatesAgainstTheExplainSchema(string other, string kind)
    {
        string first = other == "spun.txt" ? "harbour.txt" : "original.txt";
        var (exit, output, _) = CliRun.Run("explain", Path.Combine(Folder, first), Path.Combine(Folder, other), "--format", "json");
        JsonNode record = JsonNode.Parse(output)!;
        _ = Schema("neardup-pair.v1.schema.json"); // the explain schema refers to it
        Assert.That(
            (exit, record["a"]!.GetValue<string>(), record["kind"]!.GetValue<string>(), record["verdict"]!["b"]!.GetValue<string>(), Problems(Schema("neardup-explain.v1.schema.json"), [output.Trim()])),
            Is.EqualTo((0, first, kind, other, new List<string>())));
    }

    [Test]
    public void Explain_Json_OfTextsThatAreNotCopies_HasANullVerdictAndValidates()
    {
        var (_, output, _) = CliRun.Run("explain", Path.Combine(Folder, "original.txt"), Path.Combine(Folder, "harbour.txt"), "--format", "json");
        _ = Schema("neardup-pair.v1.schema.json");
        JsonNode record = JsonNode.Parse(output)!;
        Assert.That(
            (record["kind"]!.GetValue<string>(), record["verdict"] is null, Problems(Schema("neardup-explain.v1.schema.json"), [output.Trim()])),
            Is.EqualTo(("none", true, new List<string>())));
    }

    [Test]
    public void Explain_Json_OfTwoNotesSharingOnlyTheListFooter_NamesTheTrailerRuleAndValidates()
    {
        var (_, output, _) = CliRun.Run("explain", Path.Combine(Folder, "note0.txt"), Path.Combine(Folder, "note1.txt"), "--format", "json");
        _ = Schema("neardup-pair.v1.schema.json");
        JsonNode record = JsonNode.Parse(output)!;
        Assert.That(
            (record["kind"]!.GetValue<string>(), record["overruled"]?.GetValue<string>(), Problems(Schema("neardup-explain.v1.schema.json"), [output.Trim()])),
            Is.EqualTo(("none", "trailer", new List<string>())));
    }

    [Test]
    public void Explain_Json_OfATextAndItsTranslationIntoARelatedLanguage_NamesTheLanguageRuleAndValidates()
    {
        string folder = Path.Combine(_root, "languages");
        Directory.CreateDirectory(folder);
        string original = InventedLanguage.Document(new Random(5), words: 400);
        File.WriteAllText(Path.Combine(folder, "original.txt"), original);
        File.WriteAllText(Path.Combine(folder, "translated.txt"), InventedLanguage.Reworded(original, seed: 6, translated: true));
        File.WriteAllText(Path.Combine(folder, "words.txt"), string.Join(' ', InventedLanguage.FunctionWordSpellings.Concat(InventedLanguage.SisterSpellings.Values)));
        var (_, output, _) = CliRun.Run("explain", Path.Combine(folder, "original.txt"), Path.Combine(folder, "translated.txt"), "--format", "json", "--function-words", Path.Combine(folder, "words.txt"));
        _ = Schema("neardup-pair.v1.schema.json");
        JsonNode record = JsonNode.Parse(output)!;
        Assert.That(
            (record["kind"]!.GetValue<string>(), record["overruled"]?.GetValue<string>(), Problems(Schema("neardup-explain.v1.schema.json"), [output.Trim()])),
            Is.EqualTo(("none", "other-language", new List<string>())));
    }

    [Test]
    public void Explain_Json_InTheContextOfTheFolder_GivesAHolderCountPerPassageAndValidates()
    {
        var (_, output, _) = CliRun.Run("explain", Path.Combine(Folder, "note0.txt"), Path.Combine(Folder, "note1.txt"), "--format", "json", "--context", Folder);
        _ = Schema("neardup-pair.v1.schema.json");
        JsonNode record = JsonNode.Parse(output)!;
        JsonArray passages = record["passages"]!.AsArray();
        Assert.That(
            (passages.Count > 0, passages.All(p => p!["held_by_others"] is not null), Problems(Schema("neardup-explain.v1.schema.json"), [output.Trim()])),
            Is.EqualTo((true, true, new List<string>())));
    }

    [Test]
    public void Scan_PassageRangesInCodePointsAndUtf8_SliceTheSameTextAsTheUtf16Ranges()
    {
        // Emoji, CJK and combining marks before and inside the copied text.
        string host = "Réunion 😀 東京 notes: e\u0301lan 🇫🇷 " + TestTexts.Sourdough;
        Write("emoji-a.txt", "前書き 😀😀 " + TestTexts.BeesOne);
        Write("emoji-b.txt", host + " 𠀋 " + TestTexts.BeesOne);
        string a = File.ReadAllText(Path.Combine(Folder, "emoji-a.txt")), b = File.ReadAllText(Path.Combine(Folder, "emoji-b.txt"));
        JsonNode pair = CliRun.Lines(CliRun.Run("scan", Folder, "--format", "jsonl", "-q").Out).Select(l => JsonNode.Parse(l)!)
            .Single(p => p["a"]!.GetValue<string>() == "emoji-a.txt" && p["b"]!.GetValue<string>() == "emoji-b.txt");
        var slices = new List<(string, string, string)>();
        foreach (JsonNode? passage in pair["evidence"]!["passages"]!.AsArray())
        {
            foreach (var (side, text) in new[] { ("a", a), ("b", b) })
            {
                int[] utf16 = [.. passage![side]!.AsArray().Select(n => n!.GetValue<int>())];
                int[] points = [.. passage[side + "_code_points"]!.AsArray().Select(n => n!.GetValue<int>())];
                int[] bytes = [.. passage[side + "_utf8"]!.AsArray().Select(n => n!.GetValue<int>())];
                string byUtf16 = text[utf16[0]..utf16[1]];
                string byPoints = string.Concat(text.EnumerateRunes().Skip(points[0]).Take(points[1] - points[0]).Select(r => r.ToString()));
                string byBytes = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)[bytes[0]..bytes[1]]);
                slices.Add((byUtf16, byPoints, byBytes));
            }
        }

        Assert.That(slices, Is.Not.Empty.And.All.Matches<(string U, string P, string B)>(s => s.U == s.P && s.U == s.B));
    }

    [TestCase("kind", null, TestName = "PairSchema_RejectsARecordWithoutItsKind")]
    [TestCase("kind", "\"similar\"", TestName = "PairSchema_RejectsAnUnknownKind")]
    [TestCase("confidence", "0.5", TestName = "PairSchema_RejectsAFieldItDoesNotDefine")]
    [TestCase("score", "1.5", TestName = "PairSchema_RejectsAScoreAboveOne")]
    public void PairSchema_RejectsRecordsThatDrifted(string field, string? value)
    {
        string line = CliRun.Lines(CliRun.Run("scan", Folder, "--format", "jsonl", "-q").Out)[0];
        JsonObject record = JsonNode.Parse(line)!.AsObject();
        record.Remove(field);
        if (value is not null)
        {
            record[field] = JsonNode.Parse(value);
        }

        Assert.That(Problems(Schema("neardup-pair.v1.schema.json"), [record.ToJsonString()]), Has.Count.EqualTo(1));
    }
}
