using System;
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
}
