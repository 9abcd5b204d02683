using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Detection;
using NearDup.Storage;
using NearDup.Tests.Support;
using NUnit.Framework;

namespace NearDup.Tests.Detection;

/// <summary><see cref="NearDupIndex.AddBatch(IEnumerable{ValueTuple{string, string}}, int, ICollection{ValueTuple{string, int}})"/>:
/// texts with words enough are added, the others passed over with their number of words.</summary>
public partial class NearDupIndexTests
{
    private static readonly (string Id, string Text)[] ShortAndEmpty =
    [
        ("two-words", "Hello there."),
        ("no-words", "... --- !!! ?"),
    ];

    [Test]
    public void AddBatch_WithMinWords_PassesOverShortAndWordlessTextsWithTheirWordCounts()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        var passedOver = new List<(string, int)>();
        int added = index.AddBatch([ShortAndEmpty[0], ("lighthouse", TestTexts.Lighthouse), ShortAndEmpty[1]], minWords: 3, passedOver);
        Assert.That(
            (added, passedOver, index.Count, index.Contains("lighthouse"), index.Contains("two-words")),
            Is.EqualTo((1, new List<(string, int)> { ("two-words", 2), ("no-words", 0) }, 1L, true, false)));
    }

    [Test]
    public void AddBatch_WithMinWords_CountsWordsAsTheWholeAnalysisDoes()
    {
        using NearDupIndex index = NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)));
        var passedOver = new List<(string, int)>();
        (string Id, string Text)[] texts = [.. Originals, .. ShortAndEmpty];
        index.AddBatch(texts, minWords: int.MaxValue, passedOver);
        Assert.That(passedOver, Is.EqualTo(texts.Select(t => (t.Id, IndexAnalyzer.Analyze(t.Id, t.Text).ContentTokens.Length)).ToList()));
    }

    [Test]
    public void AddBatch_WithMinWords_AnswersAsAddingTheTexts()
    {
        using NearDupIndex fromTexts = Filled(NearDupIndex.Create(Directory));
        using NearDupIndex skipping = NearDupIndex.Open(new InMemoryIndexStore(NearDupIndex.OptionsBlob(IndexOptions.Default)));
        var passedOver = new List<(string, int)>();
        Assert.That(skipping.AddBatch([.. Originals, .. ShortAndEmpty], minWords: 3, passedOver), Is.EqualTo(Originals.Length));
        skipping.Add(Single.Id, Single.Text);
        Assert.That(Answers(skipping), Is.EqualTo(Answers(fromTexts)).And.Not.Empty);
    }

    [Test]
    public void AddBatch_WithMinWordsBelowOne_IsRejected()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        Assert.That(() => index.AddBatch(Originals, minWords: 0, new List<(string, int)>()), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AddBatch_WithMinWords_RepeatedIdIsRejectedBeforeAnythingIsPassedOverOrWritten()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        var passedOver = new List<(string, int)>();
        Assert.That(
            () => index.AddBatch([ShortAndEmpty[0], ("lighthouse", TestTexts.Lighthouse), ("lighthouse", TestTexts.Sourdough)], minWords: 3, passedOver),
            Throws.ArgumentException.With.Message.Contains("lighthouse"));
        Assert.That((passedOver.Count, index.Count, index.Statistics().LogBatches), Is.EqualTo((0, 0L, 0L)));
    }

    [Test]
    public void AddBatch_WithMinWords_AllPassedOverWritesNoBatch()
    {
        using NearDupIndex index = NearDupIndex.Create(Directory);
        var passedOver = new List<(string, int)>();
        Assert.That(
            (index.AddBatch(ShortAndEmpty, minWords: 3, passedOver), passedOver.Count, index.Statistics().LogBatches),
            Is.EqualTo((0, 2, 0L)));
    }
}
