using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Detection;
using NearDup.Redis.Tests.Support;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Redis.Tests;

/// <summary>
/// The same documents added to the embedded in-memory index and to a Garnet-backed index give the same verdicts, with
/// the same scores, for a query of every document: the two backends run one candidate policy, one holder count and one
/// verifier. On the project's generated corpus (planted exact, near-duplicate, contained and spun copies) and, when
/// ../shared is present, on the team's dev corpus.
/// </summary>
[TestFixture]
public class ParityTests
{
    private GarnetNodes _nodes = null!;

    [OneTimeSetUp]
    public void StartServer() => _nodes = GarnetNodes.Single();

    [OneTimeTearDown]
    public void StopServer() => _nodes.Dispose();

    [Test]
    public void Generated_corpus_gives_the_embedded_indexs_verdicts()
    {
        var analyzer = new DocumentAnalyzer();
        List<AnalyzedDocument> documents = new CorpusGenerator(new CorpusOptions(600, seed: 7))
            .Generate()
            .Select(d => analyzer.Analyze(d.Id, Encoding.UTF8.GetString(d.Utf8)))
            .ToList();
        List<string> verdicts = AssertSameVerdicts(documents, "generated");
        Assert.That(verdicts.Select(v => v.Split(' ')[1]).Distinct().Order(), Is.EqualTo(new[] { "Contained", "Exact", "NearDuplicate", "Spun" }), "the corpus exercises every source");
    }

    [Test]
    public void Dev_corpus_gives_the_embedded_indexs_verdicts()
    {
        string folder = Path.Combine(SharedData.RequirePath("corpus/dev"), "docs");
        var analyzer = new DocumentAnalyzer();
        List<AnalyzedDocument> documents = Directory.GetFiles(folder, "*.txt")
            .Order(StringComparer.Ordinal)
            .Select(f => analyzer.Analyze(Path.GetFileName(f), File.ReadAllText(f)))
            .Where(NearDupIndex.HasWords)
            .ToList();
        Assert.That(AssertSameVerdicts(documents, "dev"), Is.Not.Empty);
    }

    /// <summary>Adds the documents to both indexes in batches of 100, removes every 50th from both, queries every
    /// document against both and asserts the verdicts and the number of candidates per query are equal; returns the
    /// verdicts, one line each.</summary>
    private List<string> AssertSameVerdicts(List<AnalyzedDocument> documents, string name)
    {
        var timer = Stopwatch.StartNew();
        using NearDupIndex embedded = NearDupIndex.CreateInMemory();
        using NearDupIndex redis = RedisNearDupIndex.Create(new RedisLocation(_nodes.Endpoints, "parity-" + name), plannedDocuments: documents.Count);
        foreach (AnalyzedDocument[] chunk in documents.Chunk(100))
        {
            embedded.AddBatch(chunk);
            redis.AddBatch(chunk);
        }

        // Removed documents still count as holders of their passages in both until a compaction: the parity covers it.
        string[] removed = documents.Where((_, i) => i % 50 == 0).Select(d => d.Id).ToArray();
        Assert.That(redis.Remove(removed), Is.EqualTo(embedded.Remove(removed)));
        TimeSpan added = timer.Elapsed;

        // Candidates as well as verdicts: a fetch skips records that are not live, so verdicts alone would not see a
        // lookup that let removed documents through the gate.
        var fromEmbedded = new List<string>();
        var fromRedis = new List<string>();
        var candidatesEmbedded = new List<int>();
        var candidatesRedis = new List<int>();
        foreach (AnalyzedDocument document in documents)
        {
            fromEmbedded.AddRange(Lines(embedded.Query(document)));
            fromRedis.AddRange(Lines(redis.Query(document)));
            candidatesEmbedded.Add(embedded.CandidateCount(document));
            candidatesRedis.Add(redis.CandidateCount(document));
        }

        TestContext.Out.WriteLine($"{name}: {documents.Count} documents added to both in {added.TotalSeconds:0.0} s, queried in {(timer.Elapsed - added).TotalSeconds:0.0} s; {fromRedis.Count} verdicts");
        Assert.Multiple(() =>
        {
            Assert.That(redis.Count, Is.EqualTo(embedded.Count));
            Assert.That(fromRedis, Is.EqualTo(fromEmbedded));
            Assert.That(candidatesRedis, Is.EqualTo(candidatesEmbedded), "candidates per query");
        });
        return fromRedis;

        static IEnumerable<string> Lines(IReadOnlyList<PairVerdict> verdicts) =>
            verdicts.Select(v => $"{v.A}~{v.B} {v.Kind} {v.Score:R}").Order(StringComparer.Ordinal);
    }
}
