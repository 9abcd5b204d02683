using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NearDup.Analysis;
using NearDup.Benchmarks.Corpus;
using NearDup.Candidates;
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
/// ../shared is present, on the team's dev corpus and the real mail collection.
/// </summary>
[TestFixture]
public class ParityTests
{
    private GarnetNodes _nodes = null!;

    [OneTimeSetUp]
    public void StartServer() => _nodes = GarnetNodes.Single(memory: "2g"); // the real mail collection does not fit in 64 MB

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

    [Test]
    public void Real_mail_collection_gives_the_embedded_indexs_verdicts()
    {
        // The 6,020 messages of ../shared/corpus/real/mail.tar.xz, unpacked by tar (xz is not in the base library).
        string archive = SharedData.RequirePath("corpus/real/mail.tar.xz");
        string folder = Path.Combine(Path.GetTempPath(), "neardup-parity-mail-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var (exit, _, error) = ChildProcess.Run("tar", ["-xJf", archive, "-C", folder], null, TimeSpan.FromMinutes(2));
            if (exit != 0)
            {
                Assert.Ignore($"tar could not unpack {archive}: {error.Trim()}");
            }

            var analyzer = new DocumentAnalyzer();
            List<AnalyzedDocument> documents = Directory.GetFiles(folder, "*.txt", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => analyzer.Analyze(Path.GetFileName(f), File.ReadAllText(f)))
                .Where(NearDupIndex.HasWords)
                .ToList();
            // Two of the 6,020 queries see one candidate more in the embedded index than in Redis (no verdict changes):
            // the embedded index folds band hashes to 32 bits, Redis keeps 56 or more, so the embedded index meets the
            // odd stranger by chance. The cause is not established beyond that; more differences fail the test.
            Assert.That((documents.Count > 6_000, AssertSameVerdicts(documents, "mail", candidateDifferences: 2).Count > 10_000), Is.EqualTo((true, true)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The kinds an add-unless-copy looks for by default.</summary>
    private const CopyKinds Dedup = CopyKinds.Exact | CopyKinds.NearDuplicate;

    /// <summary>Adds the documents to both indexes in batches of 100, removes every 50th from both, queries every
    /// document against both and asserts the verdicts are equal, and the number of candidates per query but for at most
    /// <paramref name="candidateDifferences"/> queries; returns the
    /// verdicts, one line each.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="name">The namespace suffix and the name in the output.</param>
    /// <param name="candidateDifferences">How many queries may see other candidate counts (their verdicts must still be
    /// equal).</param>
    private List<string> AssertSameVerdicts(List<AnalyzedDocument> documents, string name, int candidateDifferences = 0)
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
        for (int i = 0; i < documents.Count; i++)
        {
            AnalyzedDocument document = documents[i];
            fromEmbedded.AddRange(Lines(embedded.Query(document)));
            fromRedis.AddRange(Lines(redis.Query(document)));
            candidatesEmbedded.Add(embedded.CandidateCount(document));
            candidatesRedis.Add(redis.CandidateCount(document));

            // And what an add-unless-copy asks of every fifth: near-duplicates through the word passages as well.
            if (i % 5 == 0)
            {
                fromEmbedded.AddRange(Lines(embedded.FindCopies(document, Dedup).Select(v => v.Verdict)).Select(l => l + " (add-unless-copy)"));
                fromRedis.AddRange(Lines(redis.FindCopies(document, Dedup).Select(v => v.Verdict)).Select(l => l + " (add-unless-copy)"));
            }
        }

        TestContext.Out.WriteLine($"{name}: {documents.Count} documents added to both in {added.TotalSeconds:0.0} s, queried in {(timer.Elapsed - added).TotalSeconds:0.0} s; {fromRedis.Count} verdicts");
        List<int> differ = [.. Enumerable.Range(0, documents.Count).Where(i => candidatesRedis[i] != candidatesEmbedded[i])];
        TestContext.Out.WriteLine($"{name}: candidates per query differ for {differ.Count}: " + string.Join(", ", differ.Take(10).Select(i => $"{documents[i].Id} embedded {candidatesEmbedded[i]}, Redis {candidatesRedis[i]}")));
        Assert.Multiple(() =>
        {
            Assert.That(redis.Count, Is.EqualTo(embedded.Count));
            Assert.That(fromRedis, Is.EqualTo(fromEmbedded));
            Assert.That(differ.Count, Is.AtMost(candidateDifferences), "queries whose candidate counts differ");
        });
        return fromRedis;

        static IEnumerable<string> Lines(IEnumerable<PairVerdict> verdicts) =>
            verdicts.Select(v => $"{v.A}~{v.B} {v.Kind} {v.Score:R}").Order(StringComparer.Ordinal);
    }
}
