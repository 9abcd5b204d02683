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
}
