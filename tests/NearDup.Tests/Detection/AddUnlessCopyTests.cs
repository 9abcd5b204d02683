using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NearDup.Analysis;
using NearDup.Candidates;
using NearDup.Detection;
using NearDup.Tests.Support;
using NearDup.Verification;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary><see cref="NearDupIndex.AddUnlessCopy(string, string, CopyKinds)"/> on an index of one process: a copy is
/// turned away with its verdicts and nothing written, anything else kept; threads adding copies of each other at once
/// keep exactly one.</summary>
[TestFixture]
public class AddUnlessCopyTests
{
    private static readonly string Near = TestTexts.ReplaceWords(TestTexts.Sourdough, 20, 60, 150, 220);

    [Test]
    public void A_new_text_is_kept_and_indexed()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("lighthouse", TestTexts.Lighthouse);
        AddUnlessCopyResult result = index.AddUnlessCopy("sourdough", TestTexts.Sourdough);
        Assert.Multiple(() =>
        {
            Assert.That(result.Kept, Is.True);
            Assert.That(result.Copies, Is.Empty);
            Assert.That(index.Contains("sourdough"), Is.True);
            Assert.That(index.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_near_duplicate_is_turned_away_with_the_verdict_a_query_gives_and_nothing_written()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("sourdough", TestTexts.Sourdough);
        PairVerdict queried = index.Query(Near, "near").Single();
        AddUnlessCopyResult result = index.AddUnlessCopy("near", Near);
        Assert.Multiple(() =>
        {
            Assert.That(result.Kept, Is.False);
            Assert.That(result.Copies.Select(v => (v.A, v.B, v.Kind, v.Score)), Is.EqualTo(new[] { (queried.A, queried.B, queried.Kind, queried.Score) }));
            Assert.That(queried.Kind, Is.EqualTo(MatchKind.NearDuplicate));
            Assert.That(index.Contains("near"), Is.False);
            Assert.That(index.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_near_duplicate_the_word_LSH_misses_is_turned_away_as_a_grouping_links_it()
    {
        string split = TestTexts.SplitEveryThirdLongWord(TestTexts.BeesOne);
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("bees", TestTexts.BeesOne);
        IReadOnlyList<PairVerdict> queried = index.Query(split, "q", CopyKinds.Exact | CopyKinds.NearDuplicate);
        AddUnlessCopyResult result = index.AddUnlessCopy("split", split);
        Assert.Multiple(() =>
        {
            Assert.That(queried, Is.Empty, "a query for near-duplicates asks the word LSH alone");
            Assert.That(result.Copies.Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("bees", "split", MatchKind.NearDuplicate) }));
            Assert.That(index.Contains("split"), Is.False);
        });
    }

    [Test]
    public void An_excerpt_is_kept_by_default_and_turned_away_when_contained_copies_count()
    {
        string excerpt = TestTexts.Excerpt(TestTexts.BeesOne, 0.3, 0.4);
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("bees", TestTexts.BeesOne);
        AddUnlessCopyResult contained = index.AddUnlessCopy("excerpt-1", excerpt, CopyKinds.Contained);
        AddUnlessCopyResult byDefault = index.AddUnlessCopy("excerpt-2", excerpt);
        Assert.Multiple(() =>
        {
            Assert.That(contained.Kept, Is.False);
            Assert.That(contained.Copies.Select(v => (v.A, v.Kind)), Is.EqualTo(new[] { ("bees", MatchKind.Contained) }));
            Assert.That(byDefault.Kept, Is.True, "exact and near-duplicate copies only, unless told otherwise");
        });
    }

    [Test]
    public void An_analysed_document_is_turned_away_as_its_text_is()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("sourdough", TestTexts.Sourdough);
        AddUnlessCopyResult copy = index.AddUnlessCopy(index.Analyzer.Analyze("copy", TestTexts.Sourdough));
        AddUnlessCopyResult other = index.AddUnlessCopy(index.Analyzer.Analyze("lighthouse", TestTexts.Lighthouse));
        Assert.Multiple(() =>
        {
            Assert.That(copy.Copies.Select(v => (v.A, v.B, v.Kind)), Is.EqualTo(new[] { ("sourdough", "copy", MatchKind.Exact) }));
            Assert.That(other.Kept, Is.True);
            Assert.That(index.Contains("lighthouse"), Is.True);
        });
    }

    [Test]
    public void A_copy_turned_away_by_an_index_on_disk_is_not_there_after_reopening()
    {
        string directory = Path.Combine(Path.GetTempPath(), "neardup-unless-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (NearDupIndex index = NearDupIndex.Create(directory))
            {
                index.Add("sourdough", TestTexts.Sourdough);
                Assert.That(index.AddUnlessCopy("near", Near).Kept, Is.False);
                Assert.That(index.AddUnlessCopy("lighthouse", TestTexts.Lighthouse).Kept, Is.True);
            }

            using NearDupIndex reopened = NearDupIndex.Open(directory);
            Assert.Multiple(() =>
            {
                Assert.That(reopened.Contains("near"), Is.False);
                Assert.That(reopened.Contains("lighthouse"), Is.True);
                Assert.That(reopened.Count, Is.EqualTo(2));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Threads_adding_copies_of_each_other_at_once_keep_exactly_one_each_round([Values(3)] int seed)
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        var random = new Random(seed);
        const int Workers = 3;
        for (int round = 0; round < 30; round++)
        {
            // Each worker's text is the round's with one word replaced (worker 0's as it is): near-duplicates or exact
            // copies of each other, and of no other round's.
            string original = RandomText.Of(random);
            using var barrier = new Barrier(Workers);
            AddUnlessCopyResult[] results = Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() =>
            {
                string text = w == 0 ? original : TestTexts.ReplaceWords(original, 3 + w);
                barrier.SignalAndWait();
                return index.AddUnlessCopy($"r{round}-w{w}", text);
            }))).GetAwaiter().GetResult();
            AddUnlessCopyResult[] kept = results.Where(r => r.Kept).ToArray();
            Assert.That(kept, Has.Length.EqualTo(1), $"round {round}");
            string keeper = $"r{round}-w{Array.IndexOf(results, kept[0])}";
            Assert.That(results.Where(r => !r.Kept).Select(r => r.Copies.Select(v => v.A)), Has.All.Contains(keeper), $"round {round}");
        }

        Assert.That(index.Count, Is.EqualTo(30));
    }

    [Test]
    public void Threads_adding_unrelated_texts_at_once_keep_them_all()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        string[] texts = [TestTexts.Lighthouse, TestTexts.Sourdough, TestTexts.BeesOne];
        using var barrier = new Barrier(texts.Length);
        AddUnlessCopyResult[] results = Task.WhenAll(texts.Select((t, i) => Task.Run(() =>
        {
            barrier.SignalAndWait();
            return index.AddUnlessCopy($"d{i}", t);
        }))).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Kept), Is.All.True);
            Assert.That(index.Count, Is.EqualTo(texts.Length));
        });
    }

    [Test]
    public void An_id_already_indexed_is_rejected_even_for_a_copy()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Add("sourdough", TestTexts.Sourdough);
        ArgumentException? e = Assert.Throws<ArgumentException>(() => index.AddUnlessCopy("sourdough", Near));
        Assert.That(e!.Message, Does.Contain("'sourdough' is already indexed"));
    }

    [Test]
    public void Arguments_are_checked_before_anything_is_read_or_written()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        Assert.Multiple(() =>
        {
            Assert.That(() => index.AddUnlessCopy(null!, "text"), Throws.ArgumentNullException);
            Assert.That(() => index.AddUnlessCopy("a", null!), Throws.ArgumentNullException);
            Assert.That(() => index.AddUnlessCopy((AnalyzedDocument)null!), Throws.ArgumentNullException);
            Assert.That(() => index.AddUnlessCopy("", "text"), Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(() => index.AddUnlessCopy("a", "... !!! ---"), Throws.ArgumentException.With.Message.Contains("no words"));
            Assert.That(() => index.AddUnlessCopy("a", "text", CopyKinds.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => index.AddUnlessCopy("a", "text", (CopyKinds)64), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(index.Count, Is.Zero);
        });
    }

    [Test]
    public void A_document_analysed_under_other_options_is_rejected_naming_the_difference()
    {
        using NearDupIndex index = NearDupIndex.CreateInMemory();
        var other = new DocumentAnalyzer(new AnalysisOptions(winnowingWindow: 5));
        ArgumentException? e = Assert.Throws<ArgumentException>(() => index.AddUnlessCopy(other.Analyze("a", TestTexts.Lighthouse)));
        Assert.That(e!.Message, Does.Contain("other parameters than the index"));
    }

    [Test]
    public void A_disposed_index_refuses()
    {
        NearDupIndex index = NearDupIndex.CreateInMemory();
        index.Dispose();
        Assert.That(() => index.AddUnlessCopy("a", TestTexts.Lighthouse), Throws.InstanceOf<ObjectDisposedException>());
    }
}
