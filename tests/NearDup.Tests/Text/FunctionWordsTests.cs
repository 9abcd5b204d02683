using System;
using System.Collections.Generic;
using System.Linq;
using NearDup.Text;
using NUnit.Framework;

namespace NearDup.Tests.Text;

public class FunctionWordsTests
{
    private static bool EnglishContains(string word) => FunctionWords.English.Contains(Tokenizer.HashNormalized(word));

    [TestCase("the")]
    [TestCase("of")]
    [TestCase("which")]
    public void English_ContainsClosedClassWord(string word) => Assert.That(EnglishContains(word), Is.True);

    [TestCase("attack")]
    [TestCase("harbour")]
    public void English_DoesNotContainContentWord(string word) => Assert.That(EnglishContains(word), Is.False);

    [Test]
    public void English_MatchesTheHashOfATokenizedWord() =>
        // The set is keyed by token hash, so a capitalised word in running text must hit it too.
        Assert.That(FunctionWords.English.Contains(Tokenizer.Tokenize("Which")[0].Hash), Is.True);

    [Test]
    public void Constructor_EmptyWord_ThrowsArgumentExceptionNamingWords() =>
        Assert.That(() => new FunctionWords(["the", string.Empty]), Throws.ArgumentException.With.Property("ParamName").EqualTo("words"));

    [Test]
    public void Constructor_DuplicateWords_CountedOnce() =>
        Assert.That(new FunctionWords(["of", "the", "of"]).Count, Is.EqualTo(2));

    [Test]
    public void Union_OverlappingSets_HoldsEachWordOnce()
    {
        FunctionWords union = new FunctionWords(["of", "the", "zu"]).Union(new FunctionWords(["zu", "und", "the"]));
        ulong[] expected = new[] { "of", "the", "zu", "und" }.Select(w => Tokenizer.HashNormalized(w)).Order().ToArray();
        Assert.That(union.SortedHashes.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Union_WithAnEmptySet_EqualsTheSet() =>
        Assert.That(FunctionWords.English.Union(FunctionWords.FromText(string.Empty)).SetEquals(FunctionWords.English), Is.True);

    [Test]
    public void SortedHashes_AreTheWordsHashesAscending()
    {
        var words = new FunctionWords(["zu", "of", "the", "of"]);
        ulong[] expected = new[] { "zu", "of", "the" }.Select(w => Tokenizer.HashNormalized(w)).Order().ToArray();
        Assert.That(words.SortedHashes.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void FromSortedHashes_OfEnglish_HoldsTheSameWordsAsEnglish()
    {
        FunctionWords rebuilt = FunctionWords.FromSortedHashes(FunctionWords.English.SortedHashes);
        Assert.That((rebuilt.SetEquals(FunctionWords.English), rebuilt.Count, rebuilt.Contains(Tokenizer.HashNormalized("which"))), Is.EqualTo((true, FunctionWords.English.Count, true)));
    }

    [Test]
    public void FromSortedHashes_Empty_IsAnEmptySet() =>
        Assert.That(FunctionWords.FromSortedHashes([]).Count, Is.Zero);

    [TestCase(new ulong[] { 5, 3 }, TestName = "FromSortedHashes_Descending_ThrowsArgumentException")]
    [TestCase(new ulong[] { 3, 5, 5 }, TestName = "FromSortedHashes_Repeated_ThrowsArgumentException")]
    public void FromSortedHashes_NotStrictlyAscending_ThrowsArgumentException(ulong[] hashes) =>
        Assert.That(() => FunctionWords.FromSortedHashes(hashes), Throws.ArgumentException.With.Message.Contains("strictly ascending"));

    [Test]
    public void FromText_CapitalisedWordsOnLines_MatchLowerCaseTokens()
    {
        FunctionWords words = FunctionWords.FromText("Der\nDIE\r\ndas und\n");
        Assert.That((words.Count, words.Contains(Tokenizer.Tokenize("der")[0].Hash), words.Contains(Tokenizer.Tokenize("Und")[0].Hash)), Is.EqualTo((4, true, true)));
    }

    [Test]
    public void FromText_SameWordsAsTheConstructor_SetEquals() =>
        Assert.That(FunctionWords.FromText("of, the; of").SetEquals(new FunctionWords(["the", "of"])), Is.True);

    [Test]
    public void FromText_PunctuationOnly_IsAnEmptySet() =>
        Assert.That(FunctionWords.FromText(" ,;\n-- ").Count, Is.Zero);

    [Test]
    public void SetEquals_SameWordsInAnotherOrderAndRepeated_IsTrue() =>
        Assert.That(new FunctionWords(["of", "the"]).SetEquals(new FunctionWords(["the", "of", "the"])), Is.True);

    [Test]
    public void SetEquals_OneWordDiffers_IsFalse() =>
        Assert.That(new FunctionWords(["of", "the"]).SetEquals(new FunctionWords(["of", "a"])), Is.False);

    [Test]
    public void SetEquals_SubsetOfTheOther_IsFalse() =>
        Assert.That(new FunctionWords(["of"]).SetEquals(new FunctionWords(["of", "the"])), Is.False);

    public static IEnumerable<TestCaseData> RandomSetCases()
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            foreach (int size in new[] { 0, 1, 7, 40, 250, 3000 })
            {
                yield return new TestCaseData(size, seed).SetName($"Contains_RandomSetOf{size}_seed{seed}_AnswersAsContainsScalar");
            }
        }
    }

    // The buckets against a binary search of the sorted hashes, for members, non-members and non-members that share a
    // member's bucket (its low bits).
    [TestCaseSource(nameof(RandomSetCases))]
    public void Contains_RandomSet_AnswersAsContainsScalar(int size, int seed)
    {
        var random = new Random(seed);
        FunctionWords words = new(Enumerable.Range(0, size).Select(_ => RandomWord(random)));
        ulong[] members = words.SortedHashes.ToArray();
        IEnumerable<ulong> probes = members
            .Concat(Enumerable.Range(0, 2000).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)))
            .Concat(members.Select(h => h ^ (1UL << random.Next(12, 64))))
            .Append(0UL)
            .Append(ulong.MaxValue);
        Assert.That(probes.Where(h => words.Contains(h) != words.ContainsScalar(h)), Is.Empty);
    }

    [Test]
    public void Contains_ZeroHashInTheSet_IsFound() =>
        Assert.That(FunctionWords.FromSortedHashes([0, 5, 9]).Contains(0), Is.True);

    [Test]
    public void Contains_ZeroHashNotInTheSet_IsNotFound() =>
        // A bucket's free slots hold 0; a lookup of 0 must not take them for a word.
        Assert.That(FunctionWords.FromSortedHashes([5, 9]).Contains(0), Is.False);

    [Test]
    public void Contains_NineHashesWithTheSameLowBits_AllFoundAndTheirNeighboursNot()
    {
        // More than a bucket holds share their lowest bits: the table grows until bit 8 parts them.
        ulong[] hashes = Enumerable.Range(1, 9).Select(i => ((ulong)i << 8) | 1).ToArray();
        FunctionWords words = FunctionWords.FromSortedHashes(hashes);
        Assert.That((hashes.All(words.Contains), hashes.Any(h => words.Contains(h + 2))), Is.EqualTo((true, false)));
    }

    [Test]
    public void Contains_HashesThatNoTablePartsInTime_AllFoundAndTheirNeighboursNot()
    {
        // Twenty hashes equal in their low 40 bits (not token hashes: a damaged or crafted index): past 64 buckets a hash,
        // the set answers by binary search instead.
        ulong[] hashes = Enumerable.Range(1, 20).Select(i => ((ulong)i << 40) | 0x1234).ToArray();
        FunctionWords words = FunctionWords.FromSortedHashes(hashes);
        Assert.That((hashes.All(words.Contains), hashes.Any(h => words.Contains(h + 1)), words.Contains(0x1234)), Is.EqualTo((true, false, false)));
    }

    private static string RandomWord(Random random) =>
        new(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('a' + random.Next(26))).ToArray());

    [Test]
    public void Mark_MarksTheWordsTheSetHoldsAndNothingElse()
    {
        // "one" is held as a word; "1" is a number and "," punctuation, never marked.
        var words = new FunctionWords(["the", "of", "one", "1", ","]);
        const string Text = "The end of 1 day, one way";
        Token[] tokens = Tokenizer.Tokenize(Text);
        var marks = new bool[tokens.Length + 3];
        Array.Fill(marks, true);
        words.Mark(tokens, marks);
        string[] marked = tokens.Where((_, i) => marks[i]).Select(t => Text.Substring(t.Start, t.Length)).ToArray();
        Assert.That(marked, Is.EqualTo(new[] { "The", "of", "one" }));
        Assert.That(marks.Skip(tokens.Length), Is.All.True, "nothing past the tokens is written");
    }
}
